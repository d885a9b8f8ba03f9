"""Query latency by kind, search + highlighted snippets, sentence search and
``compare``: summit (in-process, warm) beside FTS5 in the same loop."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from summit_bench.context import Context
from summit_bench.model import Figure, Planned, Unavailable, at_most, median, p95, ratio
from summit_bench.queries import KIND_LABELS, KINDS, Query

QUERY = "Query latency (warm, top 10)"
SENTENCES = "Sentence search and compare"

SEARCH_P50 = at_most(20, "≤ 20 ms")
SEARCH_P95 = at_most(60, "≤ 60 ms")
VS_FTS5 = at_most(7, "≤ 7× FTS5")


def query_figures() -> tuple[Planned, ...]:
    planned: list[Planned] = [
        Planned("query.all.search", "search + highlighted snippets, all kinds", "ms", SEARCH_P50, SEARCH_P95),
        Planned("query.all.vs_fts5", "… ÷ FTS5 search + snippet(), all kinds (p50; p95 in p95 column)", "×",
                VS_FTS5),
    ]
    for kind in KINDS:
        label = KIND_LABELS[kind]
        planned += [
            Planned(f"query.{kind}.search", f"{label}: search + highlighted snippets", "ms", SEARCH_P50, SEARCH_P95),
            Planned(f"query.{kind}.fts5", f"{label}: FTS5 search + snippet() + count", "ms"),
            Planned(f"query.{kind}.vs_fts5", f"{label}: search ÷ FTS5", "×", VS_FTS5),
        ]
        if kind != "entity":
            planned += [
                Planned(f"query.{kind}.query_only", f"{label}: query only (parse + rank top 10, no snippets)", "ms"),
                Planned(f"query.{kind}.fts5_query_only", f"{label}: FTS5 query only (rank top 10)", "ms"),
            ]
    return tuple(planned)


SENTENCE_FIGURES = (
    Planned("sentences.search", "sentence search (term, AND, phrase queries)", "ms"),
    Planned("sentences.fts5", "FTS5 sentence search + highlight() + count", "ms"),
    Planned("sentences.vs_fts5", "sentence search ÷ FTS5", "×"),
    Planned("compare.latency", "compare (query → statements across sources)", "ms"),
    Planned("compare.sentence", "compare a sentence (c in the reader → statements across sources)", "ms"),
)


def _timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def query_only_runner(workspace: Any) -> Callable[[str], int]:
    """Parse + rank the top 10 without snippets. The façade always builds
    snippets, so this reaches into ``SearchIndex`` (bench code may; the
    faces may not) and says so when those internals change."""
    try:
        from summit_tui.search import schema as sch
        from summit_tui.search.parse import parse_query

        index = workspace._open()
        lock = index._lock
        searchers = index._searchers
        searchers[sch.ARTICLES]
    except (ImportError, AttributeError, KeyError, TypeError) as exc:
        raise Unavailable(f"query-only timing reads SearchIndex internals, which changed ({exc})") from None

    def run(query: str) -> int:
        parsed = parse_query(query, sch.ARTICLES)
        with lock:
            return index._searchers[sch.ARTICLES].search(parsed.query, limit=10).scored_length()

    return run


def _summit_search(workspace: Any, query: Query) -> Callable[[], Any]:
    if query.entities:
        return lambda: workspace.search(query.summit, entities=list(query.entities), limit=10)
    return lambda: workspace.search(query.summit, limit=10)


def measure_queries(ctx: Context) -> list[Figure]:
    workspace, fts, qs = ctx.workspace(), ctx.fts(), ctx.queries()
    by_id = {p.id: p for p in query_figures()}
    try:
        raw = query_only_runner(workspace)
        raw_missing = ""
    except Unavailable as exc:
        raw, raw_missing = None, str(exc)
    rng = random.Random(ctx.preset.seed)
    figures: list[Figure] = []
    pooled: dict[str, list[float]] = {"summit": [], "fts": []}
    for kind in KINDS:
        if kind in qs.unavailable:
            figures += [p.figure(QUERY, status="unavailable", note=qs.unavailable[kind])
                        for p in query_figures() if p.id.startswith(f"query.{kind}.")]
            continue
        queries = qs.kinds[kind]
        samples: dict[str, list[float]] = {"summit": [], "fts": [], "raw": [], "fts_raw": []}
        totals, shown, fts_totals = [], [], []
        for q in queries:  # warm-up: every query once on each engine
            result = _summit_search(workspace, q)()
            totals.append(result.total)
            shown.append(len(result.hits))
            fts_totals.append(fts.search(q.fts5)[0])
        for _ in range(ctx.preset.query_rounds):
            order = list(queries)
            rng.shuffle(order)
            for q in order:
                samples["summit"].append(_timed(_summit_search(workspace, q)))
                samples["fts"].append(_timed(lambda: fts.search(q.fts5)))
                if raw is not None and not q.entities:
                    samples["raw"].append(_timed(lambda: raw(q.summit)))
                    samples["fts_raw"].append(_timed(lambda: fts.query_only(q.fts5)))
        pooled["summit"] += samples["summit"]
        pooled["fts"] += samples["fts"]
        n = len(samples["summit"])
        label_note = (f"{len(queries)} queries × {ctx.preset.query_rounds} rounds; median matches "
                      f"{median(totals):g} (FTS5 {median(fts_totals):g}), hits shown {median(shown):g}")
        figures += [
            by_id[f"query.{kind}.search"].figure(QUERY, value=median(samples["summit"]), p95=p95(samples["summit"]),
                                                 samples=n, note=label_note),
            by_id[f"query.{kind}.fts5"].figure(QUERY, value=median(samples["fts"]), p95=p95(samples["fts"]), samples=n),
            by_id[f"query.{kind}.vs_fts5"].figure(
                QUERY, value=ratio(median(samples["summit"]), median(samples["fts"])),
                p95=ratio(p95(samples["summit"]), p95(samples["fts"])), samples=n),
        ]
        if kind != "entity":
            if raw is None:
                figures += [by_id[f"query.{kind}.{x}"].figure(QUERY, status="unavailable", note=raw_missing)
                            for x in ("query_only", "fts5_query_only")]
            else:
                figures += [
                    by_id[f"query.{kind}.query_only"].figure(
                        QUERY, value=median(samples["raw"]), p95=p95(samples["raw"]), samples=n),
                    by_id[f"query.{kind}.fts5_query_only"].figure(
                        QUERY, value=median(samples["fts_raw"]), p95=p95(samples["fts_raw"]), samples=n),
                ]
    n = len(pooled["summit"])
    head = [
        by_id["query.all.search"].figure(QUERY, value=median(pooled["summit"]), p95=p95(pooled["summit"]), samples=n,
                                         note="every kind measured, pooled"),
        by_id["query.all.vs_fts5"].figure(QUERY, value=ratio(median(pooled["summit"]), median(pooled["fts"])),
                                          p95=ratio(p95(pooled["summit"]), p95(pooled["fts"])), samples=n),
    ]
    return head + figures


def measure_sentences(ctx: Context) -> list[Figure]:
    workspace, fts, qs = ctx.workspace(), ctx.fts(), ctx.queries()
    queries = [q for kind in ("term", "and", "phrase") for q in qs.kinds.get(kind, [])]
    by_id = {p.id: p for p in SENTENCE_FIGURES}
    rng = random.Random(ctx.preset.seed + 1)
    summit: list[float] = []
    other: list[float] = []
    for q in queries:
        workspace.search_sentences(q.summit, limit=10)
        fts.search_sentences(q.fts5)
    for _ in range(ctx.preset.query_rounds):
        order = list(queries)
        rng.shuffle(order)
        for q in order:
            summit.append(_timed(lambda: workspace.search_sentences(q.summit, limit=10)))
            other.append(_timed(lambda: fts.search_sentences(q.fts5)))
    n = len(summit)
    figures = [
        by_id["sentences.search"].figure(SENTENCES, value=median(summit), p95=p95(summit), samples=n),
        by_id["sentences.fts5"].figure(SENTENCES, value=median(other), p95=p95(other), samples=n),
        by_id["sentences.vs_fts5"].figure(SENTENCES, value=ratio(median(summit), median(other)),
                                          p95=ratio(p95(summit), p95(other)), samples=n),
    ]
    figures.append(_measure_compare(ctx, workspace, queries, by_id["compare.latency"]))
    figures.append(_measure_compare_sentence(ctx, workspace, by_id["compare.sentence"]))
    return figures


def _measure_compare(ctx: Context, workspace: Any, queries: list[Query], planned: Planned) -> Figure:
    compare = getattr(workspace, "compare", None)
    if compare is None:
        return planned.figure(SENTENCES, status="unavailable",
                              note="Workspace has no compare() yet (fact alignment, summit_tui.facts)")
    phrases = [q.summit for q in queries][: ctx.preset.per_kind]
    for text in phrases:
        compare(text)
    samples = [_timed(lambda: compare(text)) for _ in range(ctx.preset.query_rounds) for text in phrases]
    return planned.figure(SENTENCES, value=median(samples), p95=p95(samples), samples=len(samples),
                          note="Workspace.compare(query)")


def _measure_compare_sentence(ctx: Context, workspace: Any, planned: Planned) -> Figure:
    """``compare(sentence=...)`` on sentences spread evenly over the corpus
    (every k-th article, a sentence from its middle), warm."""
    if getattr(workspace, "compare", None) is None:
        return planned.figure(SENTENCES, status="unavailable", note="Workspace has no compare() yet")
    articles = workspace.articles()
    step = max(1, len(articles) // ctx.preset.per_kind)
    anchors = [(a.id, len(a.sentences) // 2) for a in articles[::step] if a.sentences][: ctx.preset.per_kind]
    for anchor in anchors:
        workspace.compare(sentence=anchor)
    samples = [_timed(lambda: workspace.compare(sentence=anchor))
               for _ in range(ctx.preset.query_rounds) for anchor in anchors]
    return planned.figure(SENTENCES, value=median(samples), p95=p95(samples), samples=len(samples),
                          note=f"Workspace.compare(sentence=…), {len(anchors)} sentences spread over the corpus")
