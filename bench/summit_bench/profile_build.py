"""``run.py profile-build``: one index build of a generated corpus under
cProfile, in-process, with the top functions and the time by package."""

from __future__ import annotations

import cProfile
import io
import pstats
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from summit_bench.context import CACHE_DIR


def _package(filename: str) -> str:
    """Which package a profiled function lives in (own time is summed by it)."""
    path = filename.replace("\\", "/")
    for marker in ("/summit_tui/", "/whoosh/"):
        if marker in path:
            rest = path.split(marker, 1)[1]
            top = marker.strip("/")
            sub = rest.split("/")[0].removesuffix(".py")
            return f"{top}.{sub}"
    if filename.startswith("<") or filename == "~":
        return "builtins (C)"
    return "stdlib/other: " + Path(path).stem


def profile_build(n: int, seed: int, top: int) -> int:
    from generate import ensure_corpus
    from summit_tui.config import load_config
    from summit_tui.workspace import Workspace

    corpus = ensure_corpus(n, seed)
    scratch = Path(tempfile.mkdtemp(prefix="profile-", dir=CACHE_DIR))
    try:
        config = load_config(corpus.config, corpus=[corpus.folder], index=scratch / "index", user_file=False)
        workspace = Workspace(config)
        profiler = cProfile.Profile()
        t0 = time.perf_counter()
        profiler.enable()
        report = workspace.build_index()
        profiler.disable()
        wall = time.perf_counter() - t0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out_file = CACHE_DIR / f"profile-build-n{n}.prof"
    profiler.dump_stats(out_file)
    indexed = len(report.indexed)
    print(f"built {indexed} articles in {wall:.1f} s under the profiler ({indexed / wall:.1f} articles/s; "
          f"profiling slows this down); skipped {len(report.skipped)}")
    stats = pstats.Stats(profiler)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_package[_package(filename)] += own
    print("\nown time by package:")
    for name, own in sorted(by_package.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {own:8.2f} s  {100 * own / total:5.1f}%  {name}")
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(order).print_stats(top)
        print(f"\n--- top {top} by {order} ---")
        print(buffer.getvalue().split("\n", 6)[-1].rstrip())
    print(f"\nprofile saved: {out_file}  (python -m pstats {out_file})")
    return 0
