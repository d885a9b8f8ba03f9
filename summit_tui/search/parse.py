"""From what a person types to a Whoosh query, or a one-line QueryError.

The language is Whoosh's: AND/OR/NOT (AND is the default), "phrases" with
optional ~slop, field:value on title/source/date/id, wildcards, fuzzy
``term~``/``term~2``. Unfielded words search the body and (boosted) the
title; wildcards and fuzzy terms search the unstemmed ``words`` field, so
``negotiat*`` finds "negotiations" even though the body is stemmed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from summit_tui.errors import QueryError
from summit_tui.search import schema as sch
from summit_tui.search.folding import fold_query

if TYPE_CHECKING:
    from whoosh.qparser import QueryParser
    from whoosh.query import Query

MAX_QUERY_CHARS = 1000
TITLE_BOOST = 2.0
MAX_FUZZY_DISTANCE = 2
MAX_FUZZY_WORD = 40
_STARS_RE = re.compile(r"\*{2,}")
_EMPTY_FIELD_RE = re.compile(r"(?<![\w:])(title|source|date|id|body|words|entity):(?=\s|\)|$)")
_DATE_HINT = "dates look like 2024-05-16, 2024-05 or 2024"
_SYNTAX_HINT = "check its brackets, quotes and operators (AND, OR and NOT need words around them)"


_EXAMPLES = {"title": "putin", "source": "reuters", "date": "2024-05-16", "id": "article-id",
             "body": "trade", "words": "trade",
             "entity": "person:xi_jinping"}


@dataclass(frozen=True)
class ParsedQuery:
    folded: str  # the query string after folding, as the parser saw it
    query: Query


def parse_query(text: str, indexname: str) -> ParsedQuery:
    """Parse ``text`` for the ``articles`` or ``sentences`` index."""
    folded = _checked_and_folded(text)
    parser = query_parser(indexname)
    try:
        raw = parser.parse(folded, normalize=False)
    except Exception as exc:  # Whoosh's parser raises anything on odd input
        raise _not_understood(exc) from None
    _raise_for_errors(raw, folded)
    _raise_for_costly_fuzzy(raw)
    try:
        query = raw.normalize()
    except Exception as exc:
        raise _not_understood(exc) from None
    if _is_null(query):
        raise QueryError(f"nothing to search for in {_quote(text)}; type some words")
    if indexname == sch.ARTICLES:
        query = words_phrases_to_body(query)
    return ParsedQuery(folded, query)


def _checked_and_folded(text: str) -> str:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query is too long ({len(text)} characters; the limit is {MAX_QUERY_CHARS})")
    if not text.strip():
        raise QueryError("the query is empty; type some words to search for")
    folded = fold_query(text)
    empty_field = _EMPTY_FIELD_RE.search(folded)
    if empty_field:
        name = empty_field.group(1)
        raise QueryError(f"nothing after '{name}:' in the query; write it with a value, e.g. {name}:{_EXAMPLES[name]}")
    # Runs of * mean the same as one and make Whoosh's wildcard regex crawl.
    return _STARS_RE.sub("*", folded).strip()


def _not_understood(exc: BaseException) -> QueryError:
    message = _reason(exc)
    if "date" in message:  # DATETIME raises a plain Exception for a bad range
        return QueryError(f"cannot understand the query ({message}); {_DATE_HINT}")
    return QueryError(f"cannot understand the query; {_SYNTAX_HINT}")


def _reason(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:120]
    return message or type(exc).__name__


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def walk(query: Query) -> Iterator[Query]:
    """Every node of a query tree, parents before children."""
    yield query
    for child in query.children():
        yield from walk(child)


def _raise_for_errors(query: Query, folded: str) -> None:
    for node in walk(query):
        error = getattr(node, "error", None)
        if not error:
            continue
        start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
        fragment = folded[start:end] if start is not None and end else ""
        # Only the date field parses its own values, so errors come from it.
        if "date" in str(error) or folded[:start or 0].endswith(f"{sch.DATE}:"):
            raise QueryError(f"cannot understand the date {_quote(fragment)}; {_DATE_HINT}")
        where = f" in {_quote(fragment)}" if fragment else ""
        raise QueryError(f"cannot understand the query{where}: {_reason(Exception(error))}")


def _raise_for_costly_fuzzy(query: Query) -> None:
    """Whoosh builds an automaton per fuzzy term; keep it small and quick."""
    from whoosh.query import FuzzyTerm

    for node in walk(query):
        if not isinstance(node, FuzzyTerm):
            continue
        if not any(c.isalnum() for c in node.text):
            raise QueryError("'~' needs a word before it, e.g. trade~ or trade~2")
        if node.maxdist > MAX_FUZZY_DISTANCE:
            raise QueryError(
                f"fuzzy distance ~{node.maxdist} is too large; use word~ (one edit) or word~2 (two edits)"
            )
        if len(node.text) > MAX_FUZZY_WORD:
            raise QueryError(f"fuzzy search works on words of up to {MAX_FUZZY_WORD} characters")


def _is_null(query: Query) -> bool:
    from whoosh.query import NullQuery

    return query is NullQuery or type(query) is type(NullQuery)


@lru_cache(maxsize=2)
def query_parser(indexname: str) -> QueryParser:
    from whoosh import qparser

    if indexname == sch.ARTICLES:
        schema = sch.article_schema()
        parser = qparser.MultifieldParser([sch.BODY, sch.TITLE], schema, fieldboosts={sch.TITLE: TITLE_BOOST})
        pattern_fields = (sch.WORDS, sch.TITLE)
    else:
        schema = sch.sentence_query_schema()
        parser = qparser.QueryParser(sch.BODY, schema)
        pattern_fields = (sch.WORDS,)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(_UnstemmedPatternsPlugin(pattern_fields))
    return parser


class _UnstemmedPatternsPlugin:
    """Send unfielded (or ``body:``) wildcards and fuzzy terms to ``words``.

    Patterns match against index terms, and the body's terms are stems
    ("negoti"), so a prefix typed as a word prefix must meet unstemmed words.
    Runs after FieldsPlugin (100) and before MultifieldPlugin (110).
    """

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields

    def taggers(self, parser: Any) -> list[Any]:
        return []

    def filters(self, parser: Any) -> list[Any]:
        return [(self.route_patterns, 105)]

    def route_patterns(self, parser: Any, group: Any) -> Any:
        from whoosh.qparser import syntax
        from whoosh.qparser.plugins import FuzzyTermPlugin, PrefixPlugin, WildcardPlugin

        pattern_nodes = (WildcardPlugin.WildcardNode, PrefixPlugin.PrefixNode, FuzzyTermPlugin.FuzzyTermNode)
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.route_patterns(parser, node)
            elif isinstance(node, pattern_nodes) and node.fieldname in (None, sch.BODY):
                fields = self.fields if node.fieldname is None else (sch.WORDS,)
                copies = []
                for name in fields:
                    routed = copy.copy(node)
                    routed.set_fieldname(name, override=True)
                    if name == sch.TITLE:
                        routed.set_boost(TITLE_BOOST)
                    copies.append(routed)
                group[i] = copies[0] if len(copies) == 1 else syntax.OrGroup(copies)
        return group


def _stem(word: str) -> str | None:
    """The body term of one query word (None if it is not one word)."""
    stems = list(sch.sentence_schema()[sch.BODY].process_text(word, mode="query"))
    return stems[0] if len(stems) == 1 else None


def words_phrases_to_body(query: Query) -> Query:
    """``words:"no limits"`` as the phrase of their stems in ``body``: the
    words field keeps no positions (and a phrase is highlighted where its
    words stand together, which only the body's positions can tell)."""
    from whoosh.query import Phrase

    def rewrite(node: Query) -> Query:
        if not node.is_leaf():
            return node.apply(rewrite)
        if isinstance(node, Phrase) and node.field() == sch.WORDS:
            stems = [_stem(w) or w for w in node.words]
            return Phrase(sch.BODY, stems, slop=node.slop, boost=node.boost)
        return node

    if not any(isinstance(n, Phrase) and n.field() == sch.WORDS for n in walk(query)):
        return query
    return rewrite(query).normalize()


def words_to_body(query: Query, words_reader: Any) -> Query:
    """Rewrite ``words`` leaves for the sentence index, which has no ``words``.

    A wildcard or fuzzy term becomes the stems of the words it matches in the
    articles index (the same vocabulary); a plain word becomes its stem.
    """
    from whoosh.query import MultiTerm, NullQuery, Or, Phrase, Term

    stem = _stem

    def rewrite(node: Query) -> Query:
        if not node.is_leaf():
            return node.apply(rewrite)
        if node.field() != sch.WORDS:
            return node
        if isinstance(node, MultiTerm):
            fieldobj = words_reader.schema[sch.WORDS]
            # Prefix/Wildcard expand to bytes, FuzzyTerm to str.
            words = (t if isinstance(t, str) else fieldobj.from_bytes(t) for t in node._btexts(words_reader))
            stems = sorted({s for s in map(stem, words) if s})
            if not stems:
                return NullQuery
            terms = [Term(sch.BODY, s, boost=node.boost) for s in stems]
            return terms[0] if len(terms) == 1 else Or(terms)
        if isinstance(node, Phrase):
            stems = [stem(w) or w for w in node.words]
            return Phrase(sch.BODY, stems, slop=node.slop, boost=node.boost)
        if isinstance(node, Term):
            return Term(sch.BODY, stem(node.text) or node.text, boost=node.boost)
        return node

    return rewrite(query).normalize()
