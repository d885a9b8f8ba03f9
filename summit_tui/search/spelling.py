""""Did you mean": correct the words of a query that are not in the index.

Suggestions come from the unstemmed ``words`` field (real words, not stems)
and are ranked by true edit distance (a swap of two letters counts as one,
so "tarde" -> "trade"), then by how many documents use the word. Whoosh's
own ReaderCorrector ranks by frequency alone, so "tarde" would become "are".
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from summit_tui.search import schema as sch

if TYPE_CHECKING:
    from whoosh.qparser import QueryParser
    from whoosh.reading import IndexReader

MIN_WORD = 3  # shorter words are too ambiguous to correct
MAX_WORD = 30  # longer "words" are not typos, and their automata are slow
MAX_UNKNOWN = 5  # a query with more unknown words is not a typo either
MAX_DISTANCE = 2


def suggest(reader: IndexReader, folded_query: str) -> str | None:
    """The query with unknown words replaced by their nearest indexed word."""
    try:
        query = _words_parser().parse(folded_query)
    except Exception:  # the real parse already succeeded; be quiet here
        return None
    unknown = [
        (word, start, end)
        for word, start, end in _placed_words(query)
        if (sch.WORDS, word.encode("utf-8")) not in reader
    ]
    if not unknown or len({word for word, _, _ in unknown}) > MAX_UNKNOWN:
        return None
    replacements = []
    for word, start, end in unknown:
        if not MIN_WORD <= len(word) <= MAX_WORD:
            continue
        better = best_correction(reader, word)
        if better is not None:
            replacements.append((start, end, better))
    if not replacements:
        return None
    corrected = folded_query
    for start, end, better in sorted(replacements, reverse=True):
        corrected = corrected[:start] + better + corrected[end:]
    return corrected


def _placed_words(query: object) -> list[tuple[str, int, int]]:
    """(word, start, end) for plain words and phrase words in the query string."""
    from whoosh.query import Not, Phrase, Term

    placed: list[tuple[str, int, int]] = []

    def visit(node: object) -> None:
        if isinstance(node, Not):
            return
        if type(node) is Term and node.fieldname == sch.WORDS:
            start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
            if start is not None and end is not None:
                placed.append((node.text, start, end))
        elif isinstance(node, Phrase) and node.fieldname == sch.WORDS and node.char_ranges:
            for word, (start, end) in zip(node.words, node.char_ranges):
                if start is not None and end is not None:
                    placed.append((word, start, end))
        for child in node.children():  # type: ignore[attr-defined]
            visit(child)

    visit(query)
    return placed


def best_correction(reader: IndexReader, word: str) -> str | None:
    """The closest indexed word (then the most used), or None."""
    candidates = set(reader.terms_within(sch.WORDS, word, MAX_DISTANCE, prefix=1))
    candidates.discard(word)
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (edit_distance(word, c), -reader.doc_frequency(sch.WORDS, c), c))
    best = ranked[0]
    return best if edit_distance(word, best) <= MAX_DISTANCE else None


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insert, delete, substitute, swap."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


@lru_cache(maxsize=1)
def _words_parser() -> QueryParser:
    from whoosh import qparser

    # Both schemas share the words field's analyzer; the articles one will do.
    return qparser.QueryParser(sch.WORDS, sch.article_schema())
