"""One benchmark run: the preset, the corpus, scratch folders, and the
things several measurements share (the built index, the parsed articles,
the FTS5 database, the query set), each made on first use."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summit_bench.model import Figure, Unavailable

BENCH_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / ".cache"


@dataclass(frozen=True)
class Preset:
    name: str
    n: int  # articles in the main corpus
    build_repeats: int
    query_rounds: int  # passes over the query set (each query timed once per pass)
    per_kind: int  # queries per kind
    startup_rounds: int
    tui_rounds: int  # A/B pairs for first paint
    align_sizes: tuple[int, ...]
    seed: int = 20240516


PRESETS = {
    # `make bench`: under 10 minutes on a 2-core machine.
    "quick": Preset("quick", n=1000, build_repeats=3, query_rounds=5, per_kind=20, startup_rounds=10,
                    tui_rounds=8, align_sizes=(250, 500, 1000, 2000)),
    # `make bench-full`: the 10k figures the targets are set for.
    # Two builds at 10,000 (each ~5 minutes with alignment) keep it near 35 minutes.
    "full": Preset("full", n=10000, build_repeats=2, query_rounds=5, per_kind=20, startup_rounds=15,
                   tui_rounds=10, align_sizes=(250, 500, 1000, 2000)),
}


def summit_command() -> list[str]:
    """How a user starts summit-tui from this environment."""
    script = Path(sys.executable).with_name("summit-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "summit_tui"]


@dataclass
class Context:
    preset: Preset
    work: Path  # scratch folder for this run, deleted at the end
    corpus: Any  # generate.Corpus
    figures: list[Figure] = field(default_factory=list)
    _index: Path | None = None
    _articles: list[Any] | None = None
    _fts: Any = None
    _workspace: Any = None
    _queries: Any = None
    shared: dict[str, Any] = field(default_factory=dict)  # values one measurement leaves for another

    @classmethod
    def create(cls, preset: Preset, corpus: Any) -> Context:
        scratch = CACHE_DIR / "runs"
        scratch.mkdir(parents=True, exist_ok=True)
        return cls(preset, Path(tempfile.mkdtemp(prefix=f"{preset.name}-", dir=scratch)), corpus)

    def cleanup(self) -> None:
        self.close_workspace()
        if self._fts is not None:
            self._fts.close()
        shutil.rmtree(self.work, ignore_errors=True)

    # -- child processes ----------------------------------------------------
    def child_env(self) -> dict[str, str]:
        """The user's environment with private XDG folders, so no personal
        config.yaml or cache changes what is measured."""
        env = dict(os.environ)
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            folder = self.work / "xdg" / name.lower()
            folder.mkdir(parents=True, exist_ok=True)
            env[name] = str(folder)
        return env

    def summit_args(self, index: Path, *args: str, labels: bool = False) -> list[str]:
        """A ``summit-tui`` command line on the corpus and ``index``.

        ``labels``: pass the corpus config that names each article's outlet.
        Only the build needs it (the index stores the labels); at 10k
        articles that YAML takes seconds to parse, which would swamp the
        start-up figures of a corpus that, unlike this generated one, would
        not list every article in its config (``startup.config`` shows it).
        """
        config = ["--config", str(self.corpus.config)] if labels else []
        return [*summit_command(), *config, "--corpus", str(self.corpus.folder), "--index", str(index), *args]

    def run_summit_index(self, index: Path) -> dict[str, Any]:
        """``summit-tui index --json`` into a fresh folder, as a user would run
        it: wall time, CPU time and peak RSS of that process (``wait4``)."""
        out_path = self.work / "index-report.json"
        with open(out_path, "wb") as out, open(self.work / "index-stderr.txt", "wb") as err:
            t0 = time.perf_counter()
            started = time.time()
            proc = subprocess.Popen(self.summit_args(index, "index", "--json", labels=True), stdout=out, stderr=err,
                                    env=self.child_env())
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            message = (self.work / "index-stderr.txt").read_text(errors="replace").strip()
            raise RuntimeError(f"summit-tui index failed (exit {proc.returncode}): {message[-400:]}")
        report = json.loads(out_path.read_text(encoding="utf-8"))
        # The manifest is written when the files are in the index; what
        # follows is fact alignment (and the listing), timed here apart.
        manifest = index / "manifest.json"
        indexing = manifest.stat().st_mtime - started if manifest.exists() else None
        return {
            "wall_s": wall,
            "index_s": indexing if indexing is not None and 0 < indexing <= wall else None,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024,
            "indexed": len(report.get("indexed", ())),
            "skipped": report.get("skipped", []),
        }

    # -- shared things, made on first use ---------------------------------------
    def index(self) -> Path:
        """The built summit index of the main corpus (built untimed if the
        build measurement did not run)."""
        if self._index is None:
            index = self.work / "index-main"
            result = self.run_summit_index(index)
            if not result["indexed"]:
                raise RuntimeError(f"summit-tui indexed nothing: {result['skipped'][:3]}")
            self._index = index
        return self._index

    def set_index(self, index: Path) -> None:
        self._index = index

    def articles(self) -> list[Any]:
        """The corpus parsed by the project's ingestion (what FTS5 indexes)."""
        if self._articles is None:
            from summit_tui.config import load_config
            from summit_tui.corpus.load import load_corpus

            config = self.load_config(self.work / "unused-index")
            self._articles, _ = load_corpus(config.corpus, config.patterns, config.max_file_size, config.articles)
        return self._articles

    def load_config(self, index: Path, *, labels: bool = True) -> Any:
        from summit_tui.config import load_config

        config = self.corpus.config if labels else None
        return load_config(config, corpus=[self.corpus.folder], index=index, user_file=False)

    def workspace(self) -> Any:
        if self._workspace is None:
            from summit_tui.workspace import Workspace

            self._workspace = Workspace(self.load_config(self.index()))
        return self._workspace

    def close_workspace(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None

    def fts_path(self) -> Path:
        return self.work / "fts5.sqlite"

    def fts(self) -> Any:
        from summit_bench.fts5 import Fts5Searcher, build_fts5

        if self._fts is None:
            if not self.fts_path().exists():
                build_fts5(self.fts_path(), self.articles())
            self._fts = Fts5Searcher(self.fts_path())
        return self._fts

    def queries(self) -> Any:
        if self._queries is None:
            from summit_bench.queries import build_query_set

            entities, why = entity_list(self.workspace())
            self._queries = build_query_set(self.articles(), seed=self.preset.seed, per_kind=self.preset.per_kind,
                                            entities=entities, entities_missing=why)
        return self._queries


def entity_list(workspace: Any) -> tuple[list[Any] | None, str]:
    """The corpus's entities, most mentioned first, if the project has them."""
    import inspect

    if not hasattr(workspace, "entities"):
        return None, "Workspace has no entities() yet (entity extraction, summit_tui.nlp)"
    if "entities" not in inspect.signature(workspace.search).parameters:
        return None, "Workspace.search takes no entities= filter yet"
    try:
        found = list(workspace.entities())
    except Unavailable:
        raise
    except Exception as exc:
        return None, f"Workspace.entities() failed: {type(exc).__name__}: {exc}"
    if not found:
        return None, "the index holds no entities (extraction found none, or did not run)"
    return found, ""
