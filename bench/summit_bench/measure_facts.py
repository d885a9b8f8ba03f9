"""Fact alignment time at growing corpus sizes, and its growth exponent.

The corpora are prefixes of the main one (the generator is deterministic:
the first 250 of 1,000 articles are the 250-article corpus), each indexed
untimed first; then alignment alone is timed.

``alignment_runner`` is the one place that knows how to ask the project to
align: when fact alignment lands, point it at the call that recomputes
alignment (not one that reads a cached result).
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from typing import Any

from summit_bench.context import Context
from summit_bench.model import Figure, Planned, Unavailable, at_most, growth_exponent, median

ALIGN = "Fact alignment"


def alignment_figures(sizes: tuple[int, ...]) -> tuple[Planned, ...]:
    planned = [
        Planned(f"align.n{n}", f"alignment time at {n:,} articles", "s",
                at_most(60, "≤ 60 s at 2,000") if n == 2000 else None)
        for n in sizes
    ]
    planned.append(Planned("align.exponent", f"growth exponent (time ~ n^k, fitted over {', '.join(map(str, sizes))})",
                           "k", at_most(1.2, "≤ 1.2")))
    return tuple(planned)


def alignment_runner() -> Callable[[Any], Any]:
    """A callable taking a ``Workspace`` and aligning its corpus from scratch."""
    if importlib.util.find_spec("summit_tui.facts") is None:
        raise Unavailable("summit_tui.facts is not there yet (fact alignment comes next session)")
    from summit_tui.workspace import Workspace

    for name in ("align_facts", "realign_facts"):
        if hasattr(Workspace, name):
            return lambda ws: getattr(ws, name)()
    try:
        from summit_tui.facts import align  # type: ignore[attr-defined]
    except ImportError:
        align = None
    for name in ("align_articles", "align_statements", "align_corpus"):
        fn = getattr(align, name, None)
        if fn is not None:
            return lambda ws: fn(ws.articles())
    if hasattr(Workspace, "facts"):
        return lambda ws: ws.facts()
    raise Unavailable("summit_tui.facts exists but has no entry point the harness knows: "
                      "teach bench/summit_bench/measure_facts.py:alignment_runner")


def measure_alignment(ctx: Context) -> list[Figure]:
    from generate import ensure_corpus
    from summit_tui.workspace import Workspace

    align = alignment_runner()
    sizes = ctx.preset.align_sizes
    planned = {p.id: p for p in alignment_figures(sizes)}
    times: list[float] = []
    figures: list[Figure] = []
    for n in sizes:
        if n == ctx.preset.n:  # the main corpus: its index is built already
            workspace = Workspace(ctx.load_config(ctx.index()))
        else:
            sub = Context(ctx.preset, ctx.work, ensure_corpus(n, ctx.preset.seed))
            index = ctx.work / f"index-align-{n}"
            sub.run_summit_index(index)
            workspace = Workspace(sub.load_config(index))
        try:
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                align(workspace)
                runs.append(time.perf_counter() - t0)
        finally:
            workspace.close()
        times.append(median(runs))
        print(f"  alignment at {n}: {times[-1]:.2f} s", flush=True)
        figures.append(planned[f"align.n{n}"].figure(ALIGN, value=times[-1], samples=len(runs),
                                                     extra={"runs": [round(r, 3) for r in runs]}))
    figures.append(planned["align.exponent"].figure(ALIGN, value=growth_exponent(sizes, times), samples=len(sizes)))
    return figures
