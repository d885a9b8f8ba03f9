"""A build that parses in worker processes must give the index a serial
build gives, and must clean up after itself whatever happens.

The threshold, chunk size and window are lowered so a small corpus (the
seeds, copied with varied ids and words) goes through the workers in
several chunks, more than fit in the window at once.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from summit_tui.corpus import load
from summit_tui.corpus.model import ArticleMeta
from summit_tui.errors import ConfigError
from summit_tui.search import SearchIndex, build_index
from summit_tui.search import build as b
from summit_tui.search import prepare
from summit_tui.search.model import IndexReport
from tests.conftest import SEEDS

QUERIES = ("Putin", "Xi Jinping", "no limits partnership", "trade billion", "edition 3", "Beijing talks")
COPIES = 5


class Cancelled(Exception):
    """What the TUI's progress callback raises to cancel a build."""


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(b, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(b, "PARALLEL_CHUNK", 4)
    monkeypatch.setattr(b, "PARALLEL_AHEAD", 2)
    monkeypatch.delenv(b.WORKERS_ENV, raising=False)


def write_corpus(folder: Path, copies: int = COPIES) -> Path:
    """The seeds, and ``copies`` edited copies of each under other ids, and
    files that cannot be indexed: binary, empty, and a duplicate."""
    folder.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        shutil.copyfile(seed, folder / seed.name)
        for k in range(copies):
            (folder / f"{seed.stem}-ed{k}.txt").write_text(
                f"{text.rstrip()}\n\nEdition {k}: Moscow and Beijing signed {k + 2} more agreements.\n", encoding="utf-8"
            )
    (folder / "binary.txt").write_bytes(b"\x00\x01binary\xff" * 40)
    (folder / "empty.txt").write_bytes(b"")
    first = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copyfile(first, folder / "zz-duplicate.txt")
    return folder


def metadata(folder: Path) -> dict[str, ArticleMeta]:
    """Config metadata for some articles, so it crosses to the workers too."""
    ids = sorted(p.stem for p in folder.glob("*-ed*.txt"))
    return {
        article_id: ArticleMeta(source=f"outlet {n % 3}", published=date(2024, 5, 16 + n % 3),
                                title=f"Report {n}" if n % 2 else None)
        for n, article_id in enumerate(ids[::3])
    }


def snapshot(index_dir: Path, report: IndexReport) -> dict[str, Any]:
    """Everything a user could tell two builds apart by."""
    with SearchIndex.open(index_dir) as ix:
        return {
            "report": (report.indexed, report.unchanged, report.removed, report.skipped, report.notes, report.rebuilt),
            "articles": ix.articles(),
            "mentions": ix.all_mentions(),
            "search": {q: ix.search(q, limit=50) for q in QUERIES},
            "sentences": {q: ix.search_sentences(q, limit=50) for q in QUERIES},
            "entities": ix.entity_counts(),
        }


@dataclass(frozen=True)
class SerialBuild:
    corpus: Path
    meta: dict[str, ArticleMeta]
    report: IndexReport
    snapshot: dict[str, Any]


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> SerialBuild:
    """The test corpus and what a serial build of it gives (read-only)."""
    root = tmp_path_factory.mktemp("parallel")
    corpus = write_corpus(root / "corpus")
    meta = metadata(corpus)
    report = build_index(root / "serial", [corpus], metadata=meta, workers=0)
    return SerialBuild(corpus, meta, report, snapshot(root / "serial", report))


def children() -> set[int]:
    """This process's child processes, from /proc (zombies included), but
    not multiprocessing's resource tracker: one idle helper per process,
    started with the first pool, that exits with its parent."""
    me = str(os.getpid())
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == me and b"multiprocessing.resource_tracker" not in command:
                found.add(int(entry.name))
    return found


def watching_workers(seen: list[int]) -> Callable[[int, int, str], None]:
    def progress(done: int, total: int, path: str) -> None:
        seen.append(len(multiprocessing.active_children()))

    return progress


def test_parallel_build_gives_the_serial_index_and_report(tmp_path: Path, serial: SerialBuild) -> None:
    workers_seen: list[int] = []
    parallel = build_index(tmp_path / "parallel", [serial.corpus], metadata=serial.meta, workers=2,
                           progress=watching_workers(workers_seen))

    assert max(workers_seen) == 2  # it really ran in two worker processes
    assert len(parallel.indexed) == 5 * (COPIES + 1)
    assert {s.reason for s in parallel.skipped} == {
        "binary file (contains NUL bytes)", "empty file",
        f"same content as {serial.corpus / sorted(os.listdir(SEEDS))[0]}",
    }
    assert snapshot(tmp_path / "parallel", parallel) == serial.snapshot
    assert multiprocessing.active_children() == []


def test_parallel_update_of_a_changed_corpus_matches_serial(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    build_index(tmp_path / "serial", [corpus], workers=0)
    build_index(tmp_path / "parallel", [corpus], workers=0)
    for path in sorted(corpus.glob("*-ed1.txt")) + sorted(corpus.glob("*-ed2.txt")):  # edited in place
        path.write_text(path.read_text(encoding="utf-8") + "\nA late correction about gas prices.\n", encoding="utf-8")
    for path in sorted(corpus.glob(f"*-ed{COPIES - 1}.txt")):
        path.unlink()
    for seed in sorted(SEEDS.glob("*.txt")):
        (corpus / f"new-{seed.name}").write_text(seed.read_text(encoding="utf-8") + "\nNew copy.\n", encoding="utf-8")

    serial = build_index(tmp_path / "serial", [corpus], workers=0)
    workers_seen: list[int] = []
    parallel = build_index(tmp_path / "parallel", [corpus], workers=2, progress=watching_workers(workers_seen))

    assert max(workers_seen) == 2
    assert (len(parallel.indexed), len(parallel.removed)) == (15, 5)
    assert snapshot(tmp_path / "parallel", parallel) == snapshot(tmp_path / "serial", serial)


def test_progress_comes_in_file_order_once_per_file(tmp_path: Path, serial: SerialBuild) -> None:
    seen: list[tuple[int, int, str]] = []
    build_index(tmp_path / "ix", [serial.corpus], workers=2, progress=lambda *call: seen.append(call))
    files = load.scan_corpus([serial.corpus]).files
    assert seen == [(n, len(files), str(f.path)) for n, f in enumerate(files, start=1)]


def test_small_or_unchanged_corpus_starts_no_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus", copies=1)
    build_index(tmp_path / "ix", [corpus], workers=0)
    started: list[int] = []
    real_start = b._start_pool
    monkeypatch.setattr(b, "_start_pool", lambda *args: started.append(1) or real_start(*args))

    report = build_index(tmp_path / "ix", [corpus], workers=2)  # nothing changed
    assert (report.indexed, started) == ((), [])
    monkeypatch.setattr(b, "PARALLEL_THRESHOLD", 200)  # the real threshold
    report = build_index(tmp_path / "seeds-ix", [SEEDS], workers=2)
    assert (len(report.indexed), started) == (5, [])
    assert children() == set()


def test_cancelling_stops_the_workers_and_keeps_the_old_index(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", copies=1)
    build_index(tmp_path / "ix", [corpus], workers=0)
    with SearchIndex.open(tmp_path / "ix") as ix:
        before = [a.id for a in ix.articles()], ix.search("Putin", limit=50)
    for k in range(2, COPIES):  # enough new files for the workers
        for seed in sorted(SEEDS.glob("*.txt")):
            (corpus / f"{seed.stem}-more{k}.txt").write_text(
                seed.read_text(encoding="utf-8") + f"\nMore {k}.\n", encoding="utf-8"
            )
    workers_seen: list[int] = []

    def cancel(done: int, total: int, path: str) -> None:
        workers_seen.append(len(multiprocessing.active_children()))
        if done == 20:
            raise Cancelled

    with pytest.raises(Cancelled):
        build_index(tmp_path / "ix", [corpus], workers=2, progress=cancel)

    assert max(workers_seen) == 2
    assert multiprocessing.active_children() == []
    assert children() == set()
    with SearchIndex.open(tmp_path / "ix") as ix:
        assert ([a.id for a in ix.articles()], ix.search("Putin", limit=50)) == before
    report = build_index(tmp_path / "ix", [corpus], workers=2)  # and the next build goes through
    assert len(report.indexed) == 5 * (COPIES - 2)


def test_a_pool_that_cannot_start_falls_back_to_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serial: SerialBuild
) -> None:
    def no_processes(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(b, "_start_pool", no_processes)
    report = build_index(tmp_path / "fallback", [serial.corpus], metadata=serial.meta, workers=2)
    assert snapshot(tmp_path / "fallback", report) == serial.snapshot
    assert children() == set()


class FlakyPool:
    """An in-process stand-in for the pool: runs each task at once, except
    that the tasks numbered in ``broken`` come back from a dead worker and
    the one numbered ``refuse`` cannot even be sent."""

    def __init__(self, broken: set[int] = frozenset(), refuse: int = -1,
                 error: BaseException | None = None) -> None:
        self.broken, self.refuse, self.error = broken, refuse, error
        self.tasks = 0
        self.shut_down: list[bool] = []

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        self.tasks += 1
        if self.tasks == self.refuse:
            raise BrokenProcessPool("A child process terminated abruptly")
        future: Future[Any] = Future()
        if self.tasks in self.broken:
            future.set_exception(self.error or BrokenProcessPool("A child process terminated abruptly"))
        else:
            future.set_result(fn(*args))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.shut_down.append(cancel_futures)


@pytest.mark.parametrize("flaky", [{"broken": {3}}, {"refuse": 2}, {"broken": {1, 2}}],
                         ids=["a worker dies", "the pool cannot take a task", "the first tasks fail"])
def test_a_broken_pool_loses_and_repeats_no_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serial: SerialBuild, flaky: dict[str, Any]
) -> None:
    pool = FlakyPool(**flaky)
    monkeypatch.setattr(b, "_start_pool", lambda *args: pool)

    report = build_index(tmp_path / "ix", [serial.corpus], metadata=serial.meta, workers=2)
    assert pool.shut_down == [True]
    assert pool.tasks >= max(flaky.get("broken", {flaky.get("refuse", 0)}))  # the failure did happen
    assert report.indexed == serial.report.indexed  # each article once, in file order
    assert snapshot(tmp_path / "ix", report) == serial.snapshot


def test_a_gazetteer_error_in_a_worker_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus", copies=1)
    build_index(tmp_path / "ix", [corpus], workers=0)
    (corpus / "late.txt").write_text("Putin met Xi in Beijing.\n", encoding="utf-8")
    error = ConfigError("config: entities.gazetteer.people[0] has no name; write it as {name: ..., aliases: [...]}")
    pool = FlakyPool(broken={1}, error=error)
    monkeypatch.setattr(b, "_start_pool", lambda *args: pool)
    monkeypatch.setattr(b, "PARALLEL_THRESHOLD", 1)

    with pytest.raises(ConfigError, match="has no name"):
        build_index(tmp_path / "ix", [corpus], workers=2)
    assert pool.shut_down == [True]
    with SearchIndex.open(tmp_path / "ix") as ix:
        assert "late" not in {a.id for a in ix.articles()}


def test_a_file_that_breaks_the_parser_is_skipped_with_the_same_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus", copies=3)
    real_parse, real_extract = load.parse_article, prepare._worker_mentions

    def parse(found: load.FoundFile, data: bytes, meta: ArticleMeta | None = None) -> Any:
        if found.article_id.endswith("-ed1"):
            raise ValueError("odd bytes")
        return real_parse(found, data, meta)

    def extract(article: Any) -> Any:
        if article.id.endswith("-ed2"):
            raise KeyError("odd words")
        return real_extract(article)

    monkeypatch.setattr(load, "parse_article", parse)
    monkeypatch.setattr(b._Extractor, "mentions", lambda self, article: extract(article))
    monkeypatch.setattr(prepare, "_worker_mentions", extract)
    serial = build_index(tmp_path / "serial", [corpus], workers=0)
    monkeypatch.setattr(b, "_start_pool", lambda *args: FlakyPool())  # workers in this process: they see the fakes
    parallel = build_index(tmp_path / "parallel", [corpus], workers=2)

    reasons = [s.reason for s in parallel.skipped]
    assert reasons.count("cannot parse the file: ValueError: odd bytes") == 5
    assert reasons.count("cannot extract entities: KeyError: 'odd words'") == 5
    assert parallel.skipped == serial.skipped


def test_what_crosses_to_the_workers_and_back_pickles_intact() -> None:
    scan = load.scan_corpus([SEEDS])
    tasks = [(found, load.read_bytes(found), ArticleMeta(source="s", published=date(2024, 5, 16))) for found in scan.files]
    prepared = prepare.prepare_chunk(tasks)  # as a worker does (with the shipped gazetteer)
    assert all(isinstance(p, prepare.PreparedArticle) for p in prepared)
    assert pickle.loads(pickle.dumps(tasks)) == tasks
    assert pickle.loads(pickle.dumps(prepared)) == prepared
    mentions = [b._Extractor(None).mentions(p.article) for p in prepared]
    assert sum(map(len, mentions)) > 0
    assert pickle.loads(pickle.dumps(mentions)) == mentions


def test_worker_count_from_keyword_environment_or_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(b, "usable_cpus", lambda: 2)
    assert b.build_workers() == b.DEFAULT_WORKERS
    monkeypatch.setattr(b, "usable_cpus", lambda: 1)
    assert b.build_workers() == 0
    monkeypatch.setenv(b.WORKERS_ENV, "3")
    assert (b.build_workers(), b.build_workers(0), b.build_workers(1)) == (3, 0, 0)
    monkeypatch.setenv(b.WORKERS_ENV, "1")
    assert (b.build_workers(), b.build_workers(2)) == (0, 2)
    monkeypatch.setenv(b.WORKERS_ENV, "two")
    with pytest.raises(ConfigError, match=b.WORKERS_ENV):
        b.build_workers()
