"""Index build (as ``summit-tui index`` runs it) and open + first query (in a
fresh process), each beside FTS5 doing the same in the same run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from summit_bench.context import Context, entity_list
from summit_bench.fts5 import OPEN_FIRST_QUERY_CODE, build_fts5
from summit_bench.model import Figure, Planned, at_least, at_most, median, p95, ratio

BUILD = "Index build"
STARTUP = "Open + first query"

BUILD_FIGURES = (
    Planned("build.rate", "build rate (summit-tui index, fresh folder)", "articles/s",
            at_least(110, "≥ 110 articles/s with entities")),
    Planned("build.rate_cpu", "… per CPU second (what an idle core would do; steadier on a shared machine)",
            "articles/s"),
    Planned("build.rate_index", "… indexing alone (files → index; the rest of the wall time is fact alignment)",
            "articles/s", at_least(110, "≥ 110 articles/s with entities")),
    Planned("build.align", "… fact alignment within the build (wall time after the index is written)", "s"),
    Planned("build.wall", "build wall time", "s"),
    Planned("build.cpu", "build CPU time (user + sys)", "s"),
    Planned("build.peak_rss", "build peak RSS", "MB"),
    Planned("build.index_size", "index size on disk", "MB"),
    Planned("build.fts5", "FTS5: parse (project ingestion) + insert", "s"),
    Planned("build.fts5_insert", "FTS5: insert + commit only", "s"),
    Planned("build.vs_fts5", "build time ÷ FTS5 (parse + insert)", "×"),
    Planned("build.size_vs_fts5", "index size ÷ FTS5 database size", "×"),
)

STARTUP_FIGURES = (
    Planned("startup.open_first_query", "open index + first search (fresh process: imports, open, search)", "ms",
            at_most(100, "≤ 100 ms")),
    Planned("startup.config", "loading a config that names every article's outlet (not in the figure above)",
            "ms"),
    Planned("startup.cli_search", "`summit-tui search QUERY --json`, whole process", "ms"),
    Planned("startup.python_floor", "`python -c pass` (the interpreter's own start)", "ms"),
    Planned("startup.fts5", "FTS5: import sqlite3 + open + first search (fresh process)", "ms"),
    Planned("startup.vs_fts5", "open + first search ÷ FTS5", "×"),
)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_build(ctx: Context) -> list[Figure]:
    from summit_tui.corpus.load import load_corpus

    repeats = ctx.preset.build_repeats
    summit: list[dict] = []
    fts_parse: list[float] = []
    fts_insert: list[float] = []
    fts_bytes = 0
    config = ctx.load_config(ctx.work / "unused-index")
    expected = ctx.corpus.n
    short: list[str] = []  # runs that did not index every file, and why
    for i in range(repeats):  # alternate the engines so both see the same noise
        index = ctx.work / f"index-build-{i}"
        result = ctx.run_summit_index(index)
        result["index_bytes"] = folder_bytes(index)
        summit.append(result)
        if result["indexed"] < expected:
            first = result["skipped"][0]["reason"] if result["skipped"] else "?"
            short.append(f"run {i + 1} indexed {result['indexed']} of {expected} ({first})")
        print(f"  build {i + 1}/{repeats}: {result['indexed']} articles in {result['wall_s']:.1f} s "
              f"({result['indexed'] / result['wall_s']:.1f}/s), peak {result['peak_rss_mb']:.0f} MB", flush=True)
        if i < repeats - 1:
            shutil.rmtree(index)
        else:
            ctx.set_index(index)
        t0 = time.perf_counter()
        articles, _ = load_corpus(config.corpus, config.patterns, config.max_file_size, config.articles)
        fts_parse.append(time.perf_counter() - t0)
        built = build_fts5(ctx.work / f"fts5-build-{i}.sqlite", articles)
        fts_insert.append(built.insert_s)
        fts_bytes = built.bytes
        if i < repeats - 1:
            built.path.unlink()
        else:
            os.replace(built.path, ctx.fts_path())
            ctx._articles = articles

    entities, why = entity_list(ctx.workspace())
    with_entities = "with entity extraction" if entities is not None else f"WITHOUT entities ({why})"
    rate = median([r["indexed"] / r["wall_s"] for r in summit])
    wall = median([r["wall_s"] for r in summit])
    fts_total = median([a + b for a, b in zip(fts_parse, fts_insert)])
    indexing = [r["indexed"] / r["index_s"] for r in summit if r.get("index_s")]
    aligning = [r["wall_s"] - r["index_s"] for r in summit if r.get("index_s")]
    index_bytes = summit[-1]["index_bytes"]
    n = summit[-1]["indexed"]
    by_id = {p.id: p for p in BUILD_FIGURES}

    def fig(name: str, value: float | None, note: str = "", **kw: object) -> Figure:
        return by_id[name].figure(BUILD, value=value, samples=len(summit), note=note, **kw)

    return [
        fig("build.rate", rate, "; ".join([f"{n} articles, {with_entities}; median of {len(summit)}", *short]),
            extra={"runs": [round(r["indexed"] / r["wall_s"], 2) for r in summit], "entities": entities is not None}),
        fig("build.rate_cpu", median([r["indexed"] / r["cpu_s"] for r in summit]),
            "CPU time of the build and its extraction workers, not the machine's other load"),
        fig("build.rate_index", median(indexing) if indexing else None,
            "until `manifest.json` is written: parse, entity extraction (in worker processes), Whoosh"),
        fig("build.align", median(aligning) if aligning else None),
        fig("build.wall", wall, p95=max(r["wall_s"] for r in summit)),
        fig("build.cpu", median([r["cpu_s"] for r in summit]),
            "the build and its extraction workers; above the wall time when both cores worked"
            if median([r["cpu_s"] for r in summit]) > wall else "below the wall time: it waited for a core"),
        fig("build.peak_rss", median([r["peak_rss_mb"] for r in summit])),
        fig("build.index_size", index_bytes / 1e6),
        fig("build.fts5", fts_total, f"parse {median(fts_parse):.2f} s + insert {median(fts_insert):.2f} s"),
        fig("build.fts5_insert", median(fts_insert)),
        fig("build.vs_fts5", ratio(wall, fts_total)),
        fig("build.size_vs_fts5", ratio(index_bytes, fts_bytes), f"FTS5 database {fts_bytes / 1e6:.1f} MB"),
    ]


_SUMMIT_OPEN_CODE = """
import sys, time, json
t0 = time.perf_counter()
from pathlib import Path
from summit_tui.config import load_config
from summit_tui.workspace import Workspace
t1 = time.perf_counter()
config = load_config(Path(sys.argv[1]), corpus=[Path(sys.argv[2])], index=Path(sys.argv[3]))
t2 = time.perf_counter()
result = Workspace(config).search(sys.argv[4])
t3 = time.perf_counter()
print(json.dumps({"ms": ((t1 - t0) + (t3 - t2)) * 1000, "config_ms": (t2 - t1) * 1000, "total": result.total}))
"""


def _child_json(args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])}… failed: {out.stderr.strip()[-400:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _wall_ms(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(args, capture_output=True, env=env, timeout=120)
    wall = (time.perf_counter() - t0) * 1000
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])}… failed: {out.stderr.decode(errors='replace').strip()[-400:]}")
    return wall


def measure_startup(ctx: Context) -> list[Figure]:
    index = ctx.index()
    ctx.fts()  # the FTS5 database exists before timing starts
    query = ctx.queries().kinds["and"][0]
    env = ctx.child_env()
    summit_args = [sys.executable, "-c", _SUMMIT_OPEN_CODE, str(ctx.corpus.config), str(ctx.corpus.folder),
                   str(index), query.summit]
    fts_args = [sys.executable, "-c", OPEN_FIRST_QUERY_CODE, str(ctx.fts_path()), query.fts5]
    cli_args = ctx.summit_args(index, "search", query.summit, "--json")
    floor_args = [sys.executable, "-c", "pass"]
    summit_ms: list[float] = []
    config_ms: list[float] = []
    fts_ms: list[float] = []
    cli_ms: list[float] = []
    floor_ms: list[float] = []
    _child_json(summit_args, env)  # warm the page cache and .pyc files first
    _child_json(fts_args, env)
    for i in range(ctx.preset.startup_rounds):
        for step in (("summit", "fts", "cli", "floor") if i % 2 == 0 else ("floor", "cli", "fts", "summit")):
            if step == "summit":
                got = _child_json(summit_args, env)
                summit_ms.append(got["ms"])
                config_ms.append(got["config_ms"])
            elif step == "fts":
                fts_ms.append(_child_json(fts_args, env)["ms"])
            elif step == "cli":
                cli_ms.append(_wall_ms(cli_args, env))
            else:
                floor_ms.append(_wall_ms(floor_args, env))
    by_id = {p.id: p for p in STARTUP_FIGURES}
    rounds = ctx.preset.startup_rounds

    def fig(name: str, samples: list[float], note: str = "") -> Figure:
        return by_id[name].figure(STARTUP, value=median(samples), p95=p95(samples), samples=rounds, note=note)

    return [
        fig("startup.open_first_query", summit_ms, f"query {query.summit!r}; page cache warm; "
            "interpreter start not included"),
        fig("startup.config", config_ms, f"{len(ctx.articles()):,} `articles:` entries in YAML; the "
            "generated corpus needs them for outlet labels, the index stores the labels, so runs after the "
            "build leave this config out"),
        fig("startup.cli_search", cli_ms, "includes the interpreter start"),
        fig("startup.python_floor", floor_ms),
        fig("startup.fts5", fts_ms, f"MATCH {query.fts5!r}"),
        by_id["startup.vs_fts5"].figure(STARTUP, value=ratio(median(summit_ms), median(fts_ms)), samples=rounds),
    ]
