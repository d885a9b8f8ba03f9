"""Where a query matched inside one document, and the snippets around it.

Pinpoint-style: the body and words fields store each term's character
offsets, so matches come straight from the postings of the matched terms
(wildcard and fuzzy expansions included) without re-analysing the text.
Phrases highlight only where the words stand together, not every "no".
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from summit_tui.search import schema as sch
from summit_tui.search.model import Snippet, Span

if TYPE_CHECKING:
    from whoosh.query import Query
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

MAX_SNIPPETS = 3
MAX_SNIPPET_CHARS = 320
HIGHLIGHT_FIELDS = (sch.BODY, sch.WORDS)

TermKey = tuple[str, bytes]


@dataclass(frozen=True)
class PhraseSpec:
    field: str
    words: tuple[bytes, ...]
    slop: int


@dataclass(frozen=True)
class HighlightPlan:
    """What to look for in each hit: single terms (expanded) and phrases."""

    terms: frozenset[TermKey]
    phrases: tuple[PhraseSpec, ...]


def highlight_plan(query: Query, reader: IndexReader) -> HighlightPlan:
    """Collect the body/words terms and phrases a hit can be highlighted by.

    Anything under NOT is left out: those words are not why a document matched.
    """
    from whoosh.query import Not, Phrase

    terms: set[TermKey] = set()
    phrases: list[PhraseSpec] = []
    for node in _positive_leaves(query, Not):
        field = node.field()
        if field not in HIGHLIGHT_FIELDS or field not in reader.schema:
            continue
        fieldobj = reader.schema[field]
        if isinstance(node, Phrase):
            words = tuple(fieldobj.to_bytes(w) for w in node.words if w is not None)
            if words:
                phrases.append(PhraseSpec(field, words, max(1, int(node.slop))))
            continue
        for fname, text in node.expanded_terms(reader):
            if fname == field:
                terms.add((field, text if isinstance(text, bytes) else fieldobj.to_bytes(text)))
    return HighlightPlan(frozenset(terms), tuple(phrases))


def _positive_leaves(query: Query, not_class: type) -> Iterable[Query]:
    if isinstance(query, not_class):
        return
    if query.is_leaf():
        yield query
        return
    for child in query.children():
        yield from _positive_leaves(child, not_class)


def match_spans(
    searcher: Searcher, docnum: int, plan: HighlightPlan, matched: Iterable[TermKey] | None
) -> list[Span]:
    """Character spans of every match of ``plan`` in document ``docnum``.

    ``matched`` are the terms Whoosh recorded for the hit (None: check all).
    """
    reader, local = _leaf_reader(searcher, docnum)
    terms = plan.terms if matched is None else plan.terms.intersection(matched)
    spans: list[Span] = []
    for field, text in terms:
        spans.extend((sc, ec) for _, sc, ec in _term_chars(reader, local, field, text))
    for phrase in plan.phrases:
        spans.extend(_phrase_spans(reader, local, phrase))
    return merge_spans(spans)


def _leaf_reader(searcher: Searcher, docnum: int) -> tuple[IndexReader, int]:
    leaves = searcher.leaf_searchers()
    offsets = [offset for _, offset in leaves]
    i = bisect.bisect_right(offsets, docnum) - 1
    subsearcher, offset = leaves[i]
    return subsearcher.reader(), docnum - offset


def _term_chars(reader: IndexReader, docnum: int, field: str, text: bytes) -> list[tuple[int, int, int]]:
    """(position, startchar, endchar) of each occurrence of a term in a doc."""
    if (field, text) not in reader:
        return []
    matcher = reader.postings(field, text)
    matcher.skip_to(docnum)
    if not matcher.is_active() or matcher.id() != docnum:
        return []
    return [(pos, sc, ec) for pos, sc, ec in matcher.value_as("characters")]


def _phrase_spans(reader: IndexReader, docnum: int, phrase: PhraseSpec) -> list[Span]:
    """Where the phrase's words stand in order, each within ``slop`` positions."""
    occurrences = []
    for word in phrase.words:
        chars = _term_chars(reader, docnum, phrase.field, word)
        if not chars:
            return []
        occurrences.append({pos: (sc, ec) for pos, sc, ec in chars})
    spans = []
    for first in sorted(occurrences[0]):
        last = _follow(occurrences, 1, first, phrase.slop)
        if last is not None:
            spans.append((occurrences[0][first][0], occurrences[-1][last][1]))
    return spans


def _follow(occurrences: Sequence[dict[int, Span]], i: int, pos: int, slop: int) -> int | None:
    """Position of the phrase's last word if words i.. can follow ``pos``."""
    if i == len(occurrences):
        return pos
    for step in range(1, slop + 1):
        if pos + step in occurrences[i]:
            end = _follow(occurrences, i + 1, pos + step, slop)
            if end is not None:
                return end
    return None


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


# --- snippets ---------------------------------------------------------------


def article_snippets(
    text: str, segments: Sequence[Span], spans: Sequence[Span], *, limit: int = MAX_SNIPPETS
) -> tuple[Snippet, ...]:
    """Up to ``limit`` sentences holding matches, the richest first (the one
    that matches most of the query is what a reader looks for; ties keep
    reading order). ``segments`` are the sentence (and heading) spans, sorted.
    With no match in the body (a title-only hit) the lead sentence is shown.
    """
    if not spans:
        lead = segments[0] if segments else (0, len(text))
        return (_snippet(text, lead, []),) if lead[1] > lead[0] else ()
    groups = _group_by_segment(segments, spans)
    ranked = sorted(groups.items(), key=lambda item: (-_richness(text, item[1]), item[0][0]))
    return tuple(_snippet(text, segment, inside) for segment, inside in ranked[:limit])


def _group_by_segment(segments: Sequence[Span], spans: Sequence[Span]) -> dict[Span, list[Span]]:
    starts = [s for s, _ in segments]
    groups: dict[Span, list[Span]] = {}
    for span in spans:
        i = bisect.bisect_right(starts, span[0]) - 1
        if i >= 0 and span[1] <= segments[i][1]:
            segment = segments[i]
        else:  # outside every sentence (or across two): a window of its own
            segment = span
        groups.setdefault(segment, []).append(span)
    return groups


def _richness(text: str, spans: Sequence[Span]) -> int:
    """Distinct matched words count most, then the number of matches."""
    distinct = {text[s:e].casefold() for s, e in spans}
    return len(distinct) * 1000 + len(spans)


def _snippet(text: str, segment: Span, spans: Sequence[Span]) -> Snippet:
    start, end = _window(text, segment, spans)
    highlights = tuple((s - start, e - start) for s, e in spans if start <= s and e <= end)
    return Snippet(text=text[start:end], start=start, end=end, highlights=highlights)


def _window(text: str, segment: Span, spans: Sequence[Span], size: int = MAX_SNIPPET_CHARS) -> Span:
    """The segment, or a word-aligned window of ``size`` around its first matches."""
    seg_start, seg_end = segment
    if seg_end - seg_start <= size:
        return segment
    lo, hi = spans[0] if spans else (seg_start, seg_start)
    for s, e in spans[1:]:
        if e - lo > size * 2 // 3:
            break
        hi = max(hi, e)
    slack = max(0, size - (hi - lo))
    start = max(seg_start, lo - slack // 3)
    end = min(seg_end, max(hi, start + size))
    start = max(seg_start, min(start, end - size, lo))
    return _snap_to_words(text, start, end, seg_start, seg_end, lo, hi)


def _snap_to_words(text: str, start: int, end: int, seg_start: int, seg_end: int, lo: int, hi: int) -> Span:
    if start > seg_start and not text[start - 1].isspace():
        space = text.find(" ", start, lo)
        if space != -1:
            start = space + 1
    if end < seg_end and not text[end].isspace():
        space = text.rfind(" ", hi, end)
        if space != -1:
            end = space
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_segments(spans: Any) -> list[Span]:
    """Sentence and heading spans from the stored JSON, sorted by start."""
    segments = [(s, e) for _, s, e, _ in spans["s"]]
    segments += [(s, e) for s, e, heading in spans["p"] if heading]
    return sorted(segments)
