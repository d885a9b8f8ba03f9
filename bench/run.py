"""Run the summit-tui benchmarks and write bench/RESULTS.md and bench/results.json.

    .venv/bin/python bench/run.py              # quick: 1,000 articles (make bench)
    .venv/bin/python bench/run.py full         # 10,000 articles (make bench-full)
    .venv/bin/python bench/run.py quick --only build,queries --no-write
    .venv/bin/python bench/run.py profile-build --n 500

Benchmarks are not tests: nothing here runs under ``make test``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:  # `generate` and `summit_bench` live beside this file
    sys.path.insert(0, str(BENCH_DIR))

from summit_bench.context import PRESETS, PROJECT_DIR, Context  # noqa: E402
from summit_bench.machine import describe_machine, load_average  # noqa: E402


def run_benchmarks(preset_name: str, n: int | None, only: set[str], skip: set[str], write: bool) -> int:
    from generate import ensure_corpus
    from summit_bench.report import save
    from summit_bench.suite import MEASUREMENTS, SECTIONS, run_measurement

    preset = PRESETS[preset_name]
    if n is not None:
        preset = dataclasses.replace(preset, n=n)
    unknown = (only | skip) - {m.name for m in MEASUREMENTS}
    if unknown:
        print(f"unknown measurement(s): {', '.join(sorted(unknown))}; "
              f"choose from {', '.join(m.name for m in MEASUREMENTS)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    machine = describe_machine(PROJECT_DIR)
    print(f"summit-tui benchmarks, preset {preset.name}: {preset.n:,} articles on {machine['cpu']} "
          f"({machine['usable_cores']} cores), load {machine['load_average_start']}", flush=True)
    t0 = time.perf_counter()
    corpus = ensure_corpus(preset.n, preset.seed)
    print(f"corpus: {corpus.folder} ({time.perf_counter() - t0:.1f} s)", flush=True)
    ctx = Context.create(preset, corpus)
    figures = []
    try:
        for m in MEASUREMENTS:
            if (only and m.name not in only) or m.name in skip:
                continue
            figures += run_measurement(ctx, m)
        queries = ctx._queries.to_json() if ctx._queries is not None else {}
    finally:
        ctx.cleanup()
    wall = time.perf_counter() - started
    run = {
        "preset": preset.name,
        "n": preset.n,
        "settings": dataclasses.asdict(preset),
        "machine": machine,
        "load_average_end": load_average(),
        "wall_s": round(wall, 1),
        "corpus": corpus.info(),
        "partial": bool(only or skip),
        "queries": queries,
        "figures": [f.to_json() for f in figures],
    }
    print(f"\nwall time {wall / 60:.1f} min", flush=True)
    if write:
        save(BENCH_DIR / "results.json", BENCH_DIR / "RESULTS.md", run, SECTIONS)
        print(f"wrote {BENCH_DIR / 'RESULTS.md'} and {BENCH_DIR / 'results.json'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", default="quick", choices=[*PRESETS, "profile-build"])
    parser.add_argument("--n", type=int, help="articles in the corpus (default: the preset's; 500 for profile-build)")
    parser.add_argument("--seed", type=int, default=PRESETS["quick"].seed, help="corpus seed (profile-build)")
    parser.add_argument("--top", type=int, default=30, help="functions to list (profile-build)")
    parser.add_argument("--only", default="", help="comma-separated measurements to run")
    parser.add_argument("--skip", default="", help="comma-separated measurements to leave out")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md/results.json alone")
    args = parser.parse_args(argv)
    if args.mode == "profile-build":
        from summit_bench.profile_build import profile_build

        return profile_build(args.n or 500, args.seed, args.top)
    only = {s for s in args.only.split(",") if s}
    skip = {s for s in args.skip.split(",") if s}
    return run_benchmarks(args.mode, args.n, only, skip, write=not args.no_write)


if __name__ == "__main__":
    raise SystemExit(main())
