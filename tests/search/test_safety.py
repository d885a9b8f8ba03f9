"""The index when something is wrong with it: busy, read-only, damaged, unsafe."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from summit_tui.errors import (
    IndexBusyError,
    IndexDamagedError,
    IndexMissingError,
    IndexReadOnlyError,
    IndexUnsafeError,
)
from summit_tui.search import SearchIndex, build_index
from summit_tui.search.store import LOCK_NAME, MANIFEST_NAME
from tests.conftest import REPO
from tests.search.conftest import METADATA, Built, write_corpus

NOBODY = 65534


def segment(index_dir: Path, name: str) -> Path:
    (path,) = index_dir.glob(f"{name}_*.seg")
    return path


# --- one writer at a time ------------------------------------------------------


@pytest.fixture
def lock_held_elsewhere(built: Built) -> Iterator[subprocess.Popen[str]]:
    """Another process holding summit's write lock on the index."""
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from summit_tui.fsutil import exclusive_lock
        with exclusive_lock(Path(sys.argv[1])):
            print("locked", flush=True)
            sys.stdin.read()
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(built.index_dir / LOCK_NAME)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    yield holder
    holder.communicate("", timeout=30)


def test_a_locked_index_is_busy_but_still_searchable(built: Built, lock_held_elsewhere) -> None:
    started = time.monotonic()
    with pytest.raises(IndexBusyError, match=r"index is busy \(another summit-tui is indexing\)"):
        built.build(lock_timeout=0.3)
    assert time.monotonic() - started < 10  # gives up after the timeout, never hangs
    with built.open() as ix:
        assert ix.search("trade").total == 3


def test_the_build_goes_ahead_once_the_lock_is_released(built: Built, lock_held_elsewhere) -> None:
    lock_held_elsewhere.communicate("", timeout=30)
    assert not built.build(lock_timeout=5).rebuilt


# --- read-only index (shared server, built by an admin) ---------------------------


def _shared_folder() -> Path:
    """A folder any user can read (pytest's tmp_path parent is 0o700)."""
    folder = Path(tempfile.mkdtemp(prefix="summit-shared-"))
    os.chmod(folder, 0o755)
    return folder


_AS_ANOTHER_USER = textwrap.dedent(
    """
    import json, os, sys, tempfile
    from pathlib import Path
    from summit_tui.errors import SummitError
    from summit_tui.search import SearchIndex, build_index

    index_dir, corpus, scratch = map(Path, sys.argv[1:4])
    # Load every module the read and write paths use while we may still read
    # them (the interpreter may live under a folder only root can enter).
    build_index(scratch / "ix", [corpus])
    with SearchIndex.open(scratch / "ix") as warm:
        warm.search("trade"); warm.search("tarde")
    if os.geteuid() == 0:
        os.setgid(65534)
        os.setuid(65534)
    out = {}
    with SearchIndex.open(index_dir) as ix:
        out["hits"] = sorted(hit.id for hit in ix.search("trade").hits)
    try:
        build_index(index_dir, [corpus])
        out["build"] = "built"
    except SummitError as exc:
        out["build"] = type(exc).__name__ + ": " + str(exc)
    print(json.dumps(out))
    """
)


def test_a_read_only_index_searches_but_refuses_to_build(tmp_path: Path) -> None:
    shared = _shared_folder()
    try:
        corpus = write_corpus(shared / "corpus")
        index_dir = shared / "index"
        build_index(index_dir, [corpus], metadata=METADATA)
        if os.geteuid() != 0:  # chmod does not stop root: run as nobody instead
            os.chmod(index_dir, 0o555)
        proc = subprocess.run(
            [sys.executable, "-c", _AS_ANOTHER_USER, str(index_dir), str(corpus), str(tmp_path)],
            capture_output=True, text=True, cwd=REPO, timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout)
        assert out["hits"] == ["alpha", "beta", "delta"]
        assert out["build"].startswith(f"IndexReadOnlyError: cannot write the index at {index_dir}: ")
        assert out["build"].endswith("; searching still works")
    finally:
        os.chmod(shared / "index", 0o755)
        shutil.rmtree(shared, ignore_errors=True)


_REBUILD_IN_PLACE = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from summit_tui.search import SearchIndex, build_index

    index_dir, corpus, scratch = map(Path, sys.argv[1:4])
    build_index(scratch / "ix", [corpus])  # load modules while we may read them
    with SearchIndex.open(scratch / "ix") as warm:
        warm.search("trade"); warm.search("tarde")
    if os.geteuid() == 0:
        for path in [index_dir, *index_dir.iterdir()]:
            os.chown(path, 65534, 65534)
        os.setgid(65534)
        os.setuid(65534)
    report = build_index(index_dir, [corpus], rebuild=True)
    with SearchIndex.open(index_dir) as ix:
        print(json.dumps({"rebuilt": report.rebuilt, "indexed": len(report.indexed),
                          "hits": ix.search("trade").total}))
    """
)


def test_rebuild_works_in_place_when_the_parent_folder_is_not_writable(tmp_path: Path) -> None:
    shared = _shared_folder()
    try:
        corpus = write_corpus(shared / "corpus")
        index_dir = shared / "index"
        build_index(index_dir, [corpus], metadata=METADATA)
        if os.geteuid() != 0:
            os.chmod(shared, 0o555)
        proc = subprocess.run(
            [sys.executable, "-c", _REBUILD_IN_PLACE, str(index_dir), str(corpus), str(tmp_path)],
            capture_output=True, text=True, cwd=REPO, timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout) == {"rebuilt": True, "indexed": 5, "hits": 3}
        assert sorted(p.name for p in shared.iterdir()) == ["corpus", "index"]
    finally:
        os.chmod(shared, 0o755)
        shutil.rmtree(shared, ignore_errors=True)


def test_no_index_yet_is_reported_as_missing(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="summit-tui index"):
        SearchIndex.open(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndexMissingError):
        SearchIndex.open(tmp_path / "empty")


# --- damaged index ---------------------------------------------------------------


def _truncate(path: Path, size: int = 10) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(size)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: _truncate(segment(d, "articles")),
        lambda d: _truncate(segment(d, "sentences"), segment(d, "sentences").stat().st_size // 2),
        lambda d: segment(d, "sentences").unlink(),
        lambda d: next(d.glob("_articles_*.toc")).unlink(),
        lambda d: _truncate(next(d.glob("_sentences_*.toc")), 20),
        lambda d: (d / MANIFEST_NAME).write_text("\x00garbage"),
    ],
    ids=["truncated-segment", "half-segment", "missing-segment", "missing-toc", "truncated-toc", "garbage-manifest"],
)
def test_a_damaged_index_asks_for_a_rebuild_which_repairs_it(built: Built, damage) -> None:
    damage(built.index_dir)
    with pytest.raises(IndexDamagedError, match=r"summit-tui index --rebuild") as caught:
        SearchIndex.open(built.index_dir)
    assert "\n" not in str(caught.value)
    report = built.build(rebuild=True)
    assert report.rebuilt and len(report.indexed) == 5
    with built.open() as ix:
        assert ix.search('"no limits"').total == 4


def test_a_plain_build_does_not_paper_over_damage(built: Built) -> None:
    _truncate(segment(built.index_dir, "articles"))
    with pytest.raises(IndexDamagedError, match=r"--rebuild"):
        built.build()  # even though no file changed


def test_damage_found_while_searching_is_reported_too(built: Built) -> None:
    with built.open() as ix:
        assert ix.search("trade").total == 3
        _truncate(segment(built.index_dir, "articles"))
        with pytest.raises(IndexDamagedError, match=r"summit-tui index --rebuild"):
            ix.search("pastries")
            ix.articles()


def test_an_index_from_another_version_asks_for_a_rebuild(built: Built) -> None:
    manifest = built.index_dir / MANIFEST_NAME
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "schema_version": 999}))
    with pytest.raises(IndexDamagedError, match="format 999.*--rebuild"):
        SearchIndex.open(built.index_dir)


# --- unsafe index -----------------------------------------------------------------


def test_a_group_writable_index_folder_is_refused(built: Built) -> None:
    os.chmod(built.index_dir, 0o775)
    with pytest.raises(IndexUnsafeError) as caught:
        SearchIndex.open(built.index_dir)
    assert f"chmod go-w {built.index_dir}" in str(caught.value)
    with pytest.raises(IndexUnsafeError):
        built.build()
    os.chmod(built.index_dir, 0o755)
    with built.open() as ix:
        assert ix.search("trade").total == 3


def test_a_world_writable_index_file_is_refused_by_name(built: Built) -> None:
    toc = next(built.index_dir.glob("_articles_*.toc"))
    os.chmod(toc, 0o666)
    with pytest.raises(IndexUnsafeError, match=f"{toc} is writable by group or others"):
        SearchIndex.open(built.index_dir)
    with pytest.raises(IndexUnsafeError):
        built.build(rebuild=True)
    assert toc.exists()  # refused before touching anything


@pytest.mark.parametrize("rebuild", [False, True])
def test_a_folder_that_is_not_an_index_is_never_written(tmp_path: Path, rebuild: bool) -> None:
    from summit_tui.errors import IndexForeignError
    from summit_tui.search import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Trade talks resumed on Monday. Both sides met in Geneva.\n")
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "thesis.txt").write_text("years of work")
    os.chmod(documents / "thesis.txt", 0o664)
    with pytest.raises(IndexForeignError, match="not a summit-tui index folder"):
        build_index(documents, [corpus], rebuild=rebuild)
    assert sorted(os.listdir(documents)) == ["thesis.txt"]
    assert (documents / "thesis.txt").read_text() == "years of work"
    assert stat.S_IMODE((documents / "thesis.txt").stat().st_mode) == 0o664


def test_a_build_killed_half_way_does_not_block_the_next(built: Built) -> None:
    # What a killed build leaves: the writers' temporary folders, with a run
    # of postings spilled to disk in one of them.
    (built.index_dir / "articles.tmp").mkdir()
    (built.index_dir / "articles.tmp" / "run0.bulk").write_bytes(b"\x80\x05half a run")
    (built.index_dir / "sentences.tmp").mkdir()
    (built.corpus / "zeta.txt").write_text("A zebra was seen near the summit venue.\n", encoding="utf-8")
    assert built.build().indexed == ("zeta",)
    assert not list(built.index_dir.glob("*.tmp"))
    with built.open() as ix:
        assert ix.search("zebra").total == 1
