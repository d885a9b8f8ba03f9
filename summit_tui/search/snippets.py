"""Where a query matched inside one document, and the snippets around it.

Pinpoint-style for articles: matches come straight from the positions in
the postings of the matched terms, turned into character offsets by the
article's ``offsets`` column, without re-analysing the text. Wildcards,
fuzzy terms and ``words:`` terms match unstemmed words, which the index
keeps as counts only; they are highlighted through their stems in the body,
keeping only the occurrences that are one of the matched words ("pastr?es"
marks "pastries", not "pastry"). Sentences are short and only the shown ones
need it, so their highlights come from analysing the sentence again
(``text_tokens``). Phrases highlight only where the words stand together,
not every "no".
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
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
Occurrences = dict[int, Span]  # position -> (start, end) of one term in one document


@dataclass(frozen=True)
class PhraseSpec:
    field: str
    words: tuple[bytes, ...]
    slop: int


@dataclass(frozen=True)
class HighlightTerm:
    """Highlight occurrences of the body term ``stem`` when the hit matched
    ``query_term``; if ``word`` is given, only those that are that word."""

    query_term: TermKey
    stem: bytes
    word: bytes | None = None


@dataclass(frozen=True)
class HighlightPlan:
    """What to look for in each hit: single terms (expanded) and phrases."""

    terms: frozenset[HighlightTerm]
    phrases: tuple[PhraseSpec, ...]


def highlight_plan(query: Query, reader: IndexReader) -> HighlightPlan:
    """Collect the body/words terms and phrases a hit can be highlighted by.

    Anything under NOT is left out: those words are not why a document matched.
    """
    from whoosh.query import Not, Phrase

    from summit_tui.search.analysis import stem_english

    terms: set[HighlightTerm] = set()
    phrases: list[PhraseSpec] = []
    for node in positive_leaves(query, Not):
        field = node.field()
        if field not in HIGHLIGHT_FIELDS or field not in reader.schema:
            continue
        fieldobj = reader.schema[field]
        if isinstance(node, Phrase):
            words = tuple(fieldobj.to_bytes(w) for w in node.words if w is not None)
            if words and field == sch.BODY:
                phrases.append(PhraseSpec(field, words, max(1, int(node.slop))))
            continue
        for fname, text in node.expanded_terms(reader):
            if fname != field:
                continue
            key = (field, text if isinstance(text, bytes) else fieldobj.to_bytes(text))
            if field == sch.BODY:
                terms.add(HighlightTerm(key, key[1]))
            else:  # an unstemmed word: find it through its stem
                word = key[1].decode("utf-8")
                terms.add(HighlightTerm(key, stem_english(word).encode("utf-8"), key[1]))
    return HighlightPlan(frozenset(terms), tuple(phrases))


def positive_leaves(query: Query, not_class: type) -> Iterable[Query]:
    if isinstance(query, not_class):
        return
    if query.is_leaf():
        yield query
        return
    for child in query.children():
        yield from positive_leaves(child, not_class)


def _wanted(plan: HighlightPlan, matched: Iterable[TermKey] | None) -> dict[bytes, set[bytes] | None]:
    """Body stem -> the words to keep among its occurrences (None: all of them)."""
    found = None if matched is None else set(matched)
    wanted: dict[bytes, set[bytes] | None] = {}
    for term in plan.terms:
        if found is not None and term.query_term not in found:
            continue
        if term.word is None:
            wanted[term.stem] = None
        elif term.stem not in wanted:
            wanted[term.stem] = {term.word}
        elif (words := wanted[term.stem]) is not None:
            words.add(term.word)
    return wanted


def match_spans(
    searcher: Searcher, docnum: int, plan: HighlightPlan, matched: Iterable[TermKey] | None,
    text: str, offsets: bytes,
) -> list[Span]:
    """Character spans of every match of ``plan`` in article ``docnum``,
    whose body is ``text`` and ``offsets`` column value is ``offsets``.

    ``matched`` are the terms Whoosh recorded for the hit (None: check all).
    """
    wanted = _wanted(plan, matched)
    if not wanted and not plan.phrases:
        return []
    from summit_tui.search.analysis import decode_offsets

    reader, local = _leaf_reader(searcher, docnum)
    starts, ends = decode_offsets(offsets)

    def occurrences(field: str, term: bytes) -> Occurrences:
        return {
            pos: (starts[pos], ends[pos])
            for pos in _term_positions(reader, local, field, term)
            if pos < len(starts)
        }

    spans: list[Span] = []
    for stem, words in wanted.items():
        for sc, ec in occurrences(sch.BODY, stem).values():
            if words is None or _word_at(text, sc, ec) in words:
                spans.append((sc, ec))
    for phrase in plan.phrases:
        spans.extend(_phrase_spans(phrase, occurrences))
    return merge_spans(spans)


def sentence_spans(text: str, plan: HighlightPlan, matched: Iterable[TermKey] | None) -> list[Span]:
    """Character spans of every match of ``plan`` in one sentence's ``text``
    (the sentence index keeps positions but no offsets: analyse it again)."""
    from summit_tui.search.analysis import text_tokens

    tokens = text_tokens(text)
    wanted = _wanted(plan, matched)
    spans: list[Span] = []
    by_stem: dict[bytes, Occurrences] = {}
    for i, stem in enumerate(tokens.stems):
        span = (tokens.starts[i], tokens.ends[i])
        by_stem.setdefault(stem, {})[i] = span
        if stem in wanted:
            words = wanted[stem]
            if words is None or tokens.words[i] in words:
                spans.append(span)
    for phrase in plan.phrases:
        spans.extend(_phrase_spans(phrase, lambda _field, word: by_stem.get(word, {})))
    return merge_spans(spans)


def _word_at(text: str, start: int, end: int) -> bytes | None:
    """The folded word ``text[start:end]`` is indexed as, if it is one word."""
    from summit_tui.search.analysis import text_tokens

    words = text_tokens(text[start:end]).words
    return words[0] if len(words) == 1 else None


class ArticleOffsets:
    """Each article's token offsets (``offsets`` column value), by docnum.

    Opening a column reads a table as long as its segment, so each segment's
    column is opened once, when a hit in it is first highlighted.
    """

    def __init__(self, searcher: Searcher) -> None:
        self._leaves = searcher.leaf_searchers()
        self._bases = [base for _, base in self._leaves]
        self._columns: dict[int, Any] = {}

    def __getitem__(self, docnum: int) -> bytes:
        i = bisect.bisect_right(self._bases, docnum) - 1
        if i not in self._columns:
            reader = self._leaves[i][0].reader()
            has = reader.has_column(sch.OFFSETS)
            self._columns[i] = reader.column_reader(sch.OFFSETS) if has else None
        column = self._columns[i]
        return column[docnum - self._bases[i]] if column is not None else b""


def _leaf_reader(searcher: Searcher, docnum: int) -> tuple[IndexReader, int]:
    leaves = searcher.leaf_searchers()
    offsets = [offset for _, offset in leaves]
    i = bisect.bisect_right(offsets, docnum) - 1
    subsearcher, offset = leaves[i]
    return subsearcher.reader(), docnum - offset


def _term_positions(reader: IndexReader, docnum: int, field: str, text: bytes) -> list[int]:
    """The position of each occurrence of a term in a doc."""
    if (field, text) not in reader:
        return []
    matcher = reader.postings(field, text)
    matcher.skip_to(docnum)
    if not matcher.is_active() or matcher.id() != docnum:
        return []
    return list(matcher.value_as("positions"))


def _phrase_spans(
    phrase: PhraseSpec, occurrences_of: Callable[[str, bytes], Mapping[int, Span]]
) -> list[Span]:
    """Where the phrase's words stand in order, each within ``slop`` positions."""
    occurrences = []
    for word in phrase.words:
        found = occurrences_of(phrase.field, word)
        if not found:
            return []
        occurrences.append(found)
    spans = []
    for first in sorted(occurrences[0]):
        last = _follow(occurrences, 1, first, phrase.slop)
        if last is not None:
            spans.append((occurrences[0][first][0], occurrences[-1][last][1]))
    return spans


def _follow(occurrences: Sequence[Mapping[int, Span]], i: int, pos: int, slop: int) -> int | None:
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
