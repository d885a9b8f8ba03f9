"""Every measurement, in run order, with the figures it will produce (so a
measurement that cannot run still lists them, marked unavailable)."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from summit_bench.context import Context, Preset
from summit_bench.measure_build import BUILD, BUILD_FIGURES, STARTUP, STARTUP_FIGURES, measure_build, measure_startup
from summit_bench.measure_facts import ALIGN, alignment_figures, measure_alignment
from summit_bench.measure_search import (
    QUERY,
    SENTENCE_FIGURES,
    SENTENCES,
    measure_queries,
    measure_sentences,
    query_figures,
)
from summit_bench.measure_tui import TUI, TUI_FIGURES, measure_tui
from summit_bench.model import ERROR, UNAVAILABLE, Figure, Planned, Unavailable


@dataclass(frozen=True)
class Measurement:
    name: str
    section: str
    planned: Callable[[Preset], tuple[Planned, ...]]
    run: Callable[[Context], list[Figure]]


MEASUREMENTS: tuple[Measurement, ...] = (
    Measurement("build", BUILD, lambda p: BUILD_FIGURES, measure_build),
    Measurement("startup", STARTUP, lambda p: STARTUP_FIGURES, measure_startup),
    Measurement("queries", QUERY, lambda p: query_figures(), measure_queries),
    Measurement("sentences", SENTENCES, lambda p: SENTENCE_FIGURES, measure_sentences),
    Measurement("alignment", ALIGN, lambda p: alignment_figures(p.align_sizes), measure_alignment),
    Measurement("tui", TUI, lambda p: TUI_FIGURES, measure_tui),
)
SECTIONS = tuple(m.section for m in MEASUREMENTS)


def run_measurement(ctx: Context, m: Measurement) -> list[Figure]:
    """Run one measurement; a missing feature or a failure becomes figures
    marked unavailable or error instead of stopping the run."""
    t0 = time.perf_counter()
    print(f"[{m.name}] …", flush=True)
    try:
        figures = m.run(ctx)
    except Unavailable as exc:
        print(f"[{m.name}] not available yet: {exc}", flush=True)
        return [p.figure(m.section, status=UNAVAILABLE, note=str(exc)) for p in m.planned(ctx.preset)]
    except Exception as exc:  # a broken measurement must not lose the others
        traceback.print_exc(file=sys.stderr)
        why = f"{type(exc).__name__}: {exc}"
        print(f"[{m.name}] ERROR: {why}", flush=True)
        return [p.figure(m.section, status=ERROR, note=why[:300]) for p in m.planned(ctx.preset)]
    figures = [f.settle() for f in figures]
    produced = {f.id for f in figures}
    for p in m.planned(ctx.preset):  # anything planned but not produced is listed too
        if p.id not in produced:
            figures.append(p.figure(m.section, status=UNAVAILABLE, note="not produced by this run"))
    print(f"[{m.name}] done in {time.perf_counter() - t0:.1f} s", flush=True)
    for f in figures:
        print("   " + describe(f), flush=True)
    return figures


def describe(f: Figure) -> str:
    from summit_bench.report import fmt

    if f.status in (UNAVAILABLE, ERROR):
        return f"{f.id}: {f.status} ({f.note})"
    p95 = f" p95 {fmt(f.p95, f.unit)}" if f.p95 is not None else ""
    target = f"  [{f.status}: {f.target.text}]" if f.target and f.status else ""
    note = f"  ({f.note})" if f.note else ""
    return f"{f.id}: {fmt(f.value, f.unit)} {f.unit}{p95}{target}{note}"
