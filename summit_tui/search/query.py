"""The read side: one long-lived searcher per ``SearchIndex``.

Every public method first checks, cheaply, whether the index changed on
disk (a new commit, or a rebuild swapped the folder) and reopens if so. A
lock serialises callers: Whoosh readers share file handles, and the TUI
calls from worker threads.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from summit_tui.corpus.model import Article, ArticleSummary, Paragraph, Sentence
from summit_tui.errors import IndexDamagedError, IndexMissingError, NotFoundError, QueryError, SummitError
from summit_tui.search import schema as sch
from summit_tui.nlp.model import Mention
from summit_tui.search.codec import decode_mentions
from summit_tui.search.folding import fold_id
from summit_tui.search.model import Hit, SearchResult, SentenceHit, SentenceResult, Snippet
from summit_tui.search.parse import ParsedQuery, parse_query, words_to_body
from summit_tui.search.snippets import (
    ArticleOffsets,
    article_snippets,
    highlight_plan,
    match_spans,
    merge_spans,
    sentence_segments,
    sentence_spans,
)
from summit_tui.search.spelling import suggest
from summit_tui.search.store import (
    DAMAGE_ERRORS,
    INDEX_NAMES,
    check_safe,
    damaged,
    describe,
    manifest_exists,
    open_storage,
    open_whoosh,
    read_manifest,
    toc_generations,
    unreadable,
)

if TYPE_CHECKING:
    from whoosh.query import Query
    from whoosh.searching import Results, Searcher

    from summit_tui.nlp.aggregate import EntityCount


_SETTLE_SECONDS = 0.2

# Orders a search can be sorted in (``search(..., sort=)``); profiles store these.
SORT_RELEVANCE, SORT_DATE, SORT_SOURCE = "relevance", "date", "source"
SORTS = (SORT_RELEVANCE, SORT_DATE, SORT_SOURCE)


@dataclass(frozen=True)
class _State:
    """What identifies the on-disk index we have open."""

    folder: tuple[int, int]  # (st_dev, st_ino): a rebuild swaps the folder
    generations: tuple[int, ...]


class SearchIndex:
    """Search the articles and sentences of an index built by ``build_index``."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._state: _State | None = None
        self._searchers: dict[str, Searcher] = {}
        self._articles: list[Article] | None = None
        self._summaries: list[ArticleSummary] | None = None
        self._mentions: dict[str, tuple[Mention, ...]] | None = None
        self._surfaces: dict[str, str] | None = None
        self._offsets: ArticleOffsets | None = None

    @classmethod
    def open(cls, index_dir: Path) -> SearchIndex:
        """Open the index; IndexMissingError / IndexUnsafeError / IndexDamagedError."""
        index = cls(index_dir)
        with index._lock:
            index._reopen(index._current_state())
        return index

    # --- lifecycle -----------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._close_searchers()
            self._state = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _close_searchers(self) -> None:
        for searcher in self._searchers.values():
            try:
                searcher.close()
            except Exception:  # closing a reader of a vanished file is harmless
                pass
        self._searchers = {}
        self._articles = None
        self._summaries = None
        self._mentions = None
        self._surfaces = None
        self._offsets = None

    def _current_state(self) -> _State:
        try:
            st = os.stat(self.index_dir)
            generations = toc_generations(self.index_dir)
        except FileNotFoundError:
            raise self._missing() from None
        except OSError as exc:
            raise unreadable(self.index_dir, exc) from exc
        return _State((st.st_dev, st.st_ino), tuple(generations[name] for name in INDEX_NAMES))

    def _missing(self) -> IndexMissingError:
        return IndexMissingError(f"no index at {self.index_dir}; build it with `summit-tui index`")

    def _reopen(self, state: _State) -> None:
        self._close_searchers()
        self._state = None
        check_safe(self.index_dir)  # before Whoosh unpickles anything
        if not manifest_exists(self.index_dir) and all(g < 0 for g in state.generations):
            raise self._missing()
        manifest = read_manifest(self.index_dir)
        if manifest is None:
            raise damaged(self.index_dir, "its manifest is missing or unreadable")
        if manifest.schema_version != sch.SCHEMA_VERSION:
            raise damaged(
                self.index_dir,
                f"it was built with index format {manifest.schema_version}, this summit-tui reads "
                f"format {sch.SCHEMA_VERSION}",
            )
        storage = open_storage(self.index_dir, readonly=True)
        try:
            with self._reading():
                for name in INDEX_NAMES:
                    self._searchers[name] = open_whoosh(storage, self.index_dir, name).searcher()
        except BaseException:
            self._close_searchers()
            raise
        self._state = state

    def _fresh(self) -> None:
        """Reopen if the index changed on disk since we last looked.

        A writer swapping folders or recreating an index in place leaves a
        moment with no index at all; look once more before reporting it.
        """
        state = self._current_state()
        if state == self._state:
            return
        try:
            self._reopen(state)
        except (IndexMissingError, IndexDamagedError):
            time.sleep(_SETTLE_SECONDS)
            self._reopen(self._current_state())

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Whoosh failing to read its own files means the index is damaged."""
        try:
            yield
        except DAMAGE_ERRORS as exc:
            raise damaged(self.index_dir, describe(exc)) from exc

    @contextmanager
    def _session(self) -> Iterator[None]:
        with self._lock:
            self._fresh()
            with self._reading():
                yield

    def _offsets_column(self) -> ArticleOffsets:
        """The articles' token offsets, by docnum (kept while the index is unchanged)."""
        if self._offsets is None:
            self._offsets = ArticleOffsets(self._searchers[sch.ARTICLES])
        return self._offsets

    # --- articles -------------------------------------------------------------

    def articles(self) -> list[Article]:
        """Every indexed article, by id, rebuilt from stored fields."""
        with self._session():
            if self._articles is None:
                reader = self._searchers[sch.ARTICLES].reader()
                docs = (fields for _, fields in reader.iter_docs())
                self._articles = sorted((article_from_fields(f) for f in docs), key=lambda a: a.id)
            return list(self._articles)

    def article_summaries(self) -> list[ArticleSummary]:
        """Every indexed article without its text, by id: what a list of
        articles needs. Kept while the index is unchanged; a few MB where
        ``articles()`` keeps ~120 MB at 10,000 articles. Whoosh stores a
        document's fields as one compressed record, so each is still read
        whole once, but only the summary stays."""
        with self._session():
            if self._summaries is None:
                if self._articles is not None:
                    self._summaries = [ArticleSummary.of(a) for a in self._articles]
                else:
                    reader = self._searchers[sch.ARTICLES].reader()
                    docs = (fields for _, fields in reader.iter_docs())
                    self._summaries = sorted((summary_from_fields(f) for f in docs), key=lambda a: a.id)
            return list(self._summaries)

    def article(self, id: str) -> Article:
        with self._session():
            fields = self._searchers[sch.ARTICLES].document(**{sch.KEY: id})
        if fields is None:
            raise NotFoundError(f"no article with id {id!r} in the index")
        return article_from_fields(fields)

    # --- entities -------------------------------------------------------------

    def mentions(self, id: str) -> tuple[Mention, ...]:
        """The entity and quantity mentions stored for one article, by
        offset: that article's alone are decoded, unless every article's
        already are (``all_mentions``). NotFoundError for an unknown id."""
        with self._session():
            found = self._stored_mentions(id)
        if found is None:
            raise NotFoundError(f"no article with id {id!r} in the index")
        return found

    def _stored_mentions(self, id: str) -> tuple[Mention, ...] | None:
        """One article's mentions, None if there is no such article; inside
        a session (no reopening: a search may be reading the searchers)."""
        if self._mentions is not None:
            cached = self._mentions.get(id)
            if cached is not None:
                return cached
        fields = self._searchers[sch.ARTICLES].document(**{sch.KEY: id})
        if fields is None:
            return None
        return decode_mentions(fields.get(sch.MENTIONS), fields[sch.KEY], fields[sch.BODY])

    def _each_article_mentions(self) -> Iterator[tuple[Mention, ...]]:
        """Every article's mentions in turn, inside a session, decoding one
        article at a time and keeping none (unless ``all_mentions`` has)."""
        if self._mentions is not None:
            yield from self._mentions.values()
            return
        reader = self._searchers[sch.ARTICLES].reader()
        for _, fields in reader.iter_docs():
            yield decode_mentions(fields.get(sch.MENTIONS), fields[sch.KEY], fields[sch.BODY])

    def entity_counts(self, *, types: Sequence[str] = ()) -> list[EntityCount]:
        """Every entity of the corpus with its totals, as ``group_mentions``
        over ``all_mentions`` would rank them, without keeping the mentions
        (each article's are decoded, counted and dropped). ``types``: entity
        types to keep."""
        from summit_tui.nlp.aggregate import EntityTally

        tally = EntityTally()
        with self._session():
            for group in self._each_article_mentions():
                tally.add(group)
        return tally.counts(types=types)

    def all_mentions(self) -> dict[str, tuple[Mention, ...]]:
        """Every article's stored mentions, by article id (read once per index state)."""
        with self._session():
            if self._mentions is None:
                reader = self._searchers[sch.ARTICLES].reader()
                self._mentions = {
                    fields[sch.KEY]: decode_mentions(fields.get(sch.MENTIONS), fields[sch.KEY], fields[sch.BODY])
                    for _, fields in reader.iter_docs()
                }
            return self._mentions

    def entity_for(self, text: str) -> str | None:
        """The entity key a whole query names ("Xi" -> person:xi_jinping), if
        the corpus mentions exactly one entity by that text or label."""
        wanted = _surface(text)
        if not wanted:
            return None
        with self._session():
            if self._surfaces is None:
                self._surfaces = _surface_index(self._each_article_mentions())
            return self._surfaces.get(wanted) or None

    # --- search ---------------------------------------------------------------

    def search(self, query: str, *, sources: Sequence[str] = (), entities: Sequence[str] = (),
               limit: int = 10, widen: bool = False, types: Sequence[str] = (),
               date_from: date | None = None, date_to: date | None = None,
               sort: str = SORT_RELEVANCE) -> SearchResult:
        """Articles matching ``query`` in relevance order, with snippets.

        ``entities``: keys every hit must mention (``query`` may then be
        empty). ``widen``: if the whole query names an entity ("Xi", "US"),
        also match every article mentioning that entity by any name.
        ``types``: hits mention an entity of at least one of these types;
        ``date_from``/``date_to``: published dates, inclusive (undated
        articles drop out); ``sort``: relevance, date (newest first, undated
        last) or source (A-Z), relevance breaking ties.
        """
        narrow = _narrowing(types, date_from, date_to)
        widened = self.entity_for(query) if widen and query.strip() else None
        parsed = self._parse(query, sch.ARTICLES, entities, widened)
        with self._session():
            searcher = self._searchers[sch.ARTICLES]
            results = self._run(searcher, parsed.query, limit, sources, (), entities, narrow, sort)
            plan = highlight_plan(parsed.query, searcher.reader())
            keys = _entity_terms(parsed.query) | set(entities)
            offsets = self._offsets_column()
            hits = tuple(_article_hit(searcher, hit, plan, offsets, keys) for hit in results)
            total = len(results)
            suggestion = None
            if not total and query.strip():
                suggestion = self._suggestion(sch.ARTICLES, parsed, sources, (), entities, narrow)
        return SearchResult(query=query, total=total, suggestion=suggestion, hits=hits,
                            widened=(widened,) if widened else ())

    def match_spans(self, id: str, query: str, *, entities: Sequence[str] = ()) -> list[tuple[int, int]]:
        """Every place in article ``id``'s text where ``query`` (and the
        mentions of ``entities``) match: merged, sorted ``(start, end)``
        offsets into ``Article.text``, for the reader's highlighting.

        The article need not match the query as a whole: with ``trade AND
        pipeline`` an article holding only "trade" still gets its "trade"
        marked, since the reader wants to see the word. Phrases mark only
        where their words stand together. A blank query with no entities
        marks nothing. NotFoundError for an unknown id, QueryError for a
        query ``search`` would refuse.
        """
        parsed = self._parse(query, sch.ARTICLES, entities, None) if query.strip() or entities else None
        with self._session():
            searcher = self._searchers[sch.ARTICLES]
            docnum = searcher.document_number(**{sch.KEY: id})
            if docnum is None:
                raise NotFoundError(f"no article with id {id!r} in the index")
            if parsed is None:
                return []
            text = searcher.stored_fields(docnum)[sch.BODY]
            plan = highlight_plan(parsed.query, searcher.reader())
            # matched=None: look for every term of the plan, not only those
            # Whoosh would record for a hit; the doc need not be one.
            spans = match_spans(searcher, docnum, plan, None, text, self._offsets_column()[docnum])
            keys = _entity_terms(parsed.query) | set(entities)
            if keys:
                spans = [*spans, *_mention_spans(keys, self._stored_mentions(id) or ())]
        return merge_spans(spans)

    def _parse(self, query: str, indexname: str, entities: Sequence[str], widened: str | None) -> ParsedQuery:
        from whoosh.query import Or, Term

        if not query.strip() and entities:  # "everything mentioning these", ranked by mentions
            return ParsedQuery("", Or([Term(sch.ENTITY, key) for key in entities]))
        parsed = parse_query(query, indexname)
        if widened:
            return ParsedQuery(parsed.folded, Or([parsed.query, Term(sch.ENTITY, widened)]))
        return parsed

    def search_sentences(
        self,
        query: str,
        *,
        sources: Sequence[str] = (),
        exclude_sources: Sequence[str] = (),
        entities: Sequence[str] = (),
        limit: int = 10,
        widen: bool = False,
        types: Sequence[str] = (),
        date_from: date | None = None,
        date_to: date | None = None,
        sort: str = SORT_RELEVANCE,
    ) -> SentenceResult:
        """Sentences matching ``query``, best first (for cross-source
        comparison); ``types``, dates and ``sort`` as for ``search``."""
        narrow = _narrowing(types, date_from, date_to)
        widened = self.entity_for(query) if widen and query.strip() else None
        parsed = self._parse(query, sch.SENTENCES, entities, widened)
        with self._session():
            searcher = self._searchers[sch.SENTENCES]
            words_reader = self._searchers[sch.ARTICLES].reader()
            sentence_query = words_to_body(parsed.query, words_reader)
            results = self._run(searcher, sentence_query, limit, sources, exclude_sources, entities, narrow, sort)
            plan = highlight_plan(sentence_query, searcher.reader())
            keys = _entity_terms(sentence_query) | set(entities)
            hits = tuple(_sentence_hit(searcher, hit, plan, keys, self._stored_mentions) for hit in results)
            total = len(results)
            suggestion = None
            if not total and query.strip():
                suggestion = self._suggestion(sch.SENTENCES, parsed, sources, exclude_sources, entities, narrow)
        return SentenceResult(query=query, total=total, suggestion=suggestion, hits=hits,
                              widened=(widened,) if widened else ())

    def sentence_candidates(self, query: str, *, limit: int = 100) -> list[SentenceHit]:
        """The ``limit`` best sentences for ``query``, for code that scores
        them itself (compare): no highlights, no total count, no "did you
        mean", and no matched-term bookkeeping, so Whoosh may skip the blocks
        that cannot reach the top ``limit`` (on a large corpus an OR of a
        sentence's salient terms matches a large share of all sentences)."""
        parsed = self._parse(query, sch.SENTENCES, (), None)
        with self._session():
            searcher = self._searchers[sch.SENTENCES]
            words_reader = self._searchers[sch.ARTICLES].reader()
            sentence_query = words_to_body(parsed.query, words_reader)
            results = searcher.search(sentence_query, limit=max(1, int(limit)))
            hits = []
            for hit in results:
                fields = hit.fields()
                start = int(fields[sch.START])
                hits.append(SentenceHit(id=fields[sch.KEY], sentence=int(fields[sch.SENTENCE]),
                                        text=fields[sch.BODY], score=_relevance(hit), highlights=(),
                                        start=start, end=int(fields[sch.END]), source=fields.get(sch.SOURCE, "")))
        return hits

    def _run(self, searcher: Searcher, query: Query, limit: int, sources: Sequence[str],
             exclude: Sequence[str], entities: Sequence[str] = (), narrow: Query | None = None,
             sort: str = SORT_RELEVANCE) -> Results:
        return searcher.search(
            query,
            limit=max(1, int(limit)),
            filter=_filter(sources, entities, narrow),
            mask=_source_query(exclude),
            terms=True,
            sortedby=_sort_facet(sort),
        )

    def _suggestion(self, indexname: str, parsed: ParsedQuery, sources: Sequence[str],
                    exclude: Sequence[str], entities: Sequence[str] = (),
                    narrow: Query | None = None) -> str | None:
        """A corrected query that finds something, else None.

        Words come from the articles index (the sentences have no ``words``).
        """
        searcher = self._searchers[indexname]
        words_reader = self._searchers[sch.ARTICLES].reader()
        corrected = suggest(words_reader, parsed.folded)
        if corrected is None:
            return None
        try:
            query = parse_query(corrected, indexname).query
        except SummitError:
            return None
        if indexname == sch.SENTENCES:
            query = words_to_body(query, words_reader)
        found = self._run(searcher, query, 1, sources, exclude, entities, narrow)
        return corrected if len(found) else None


def _source_query(sources: Sequence[str]) -> Query | None:
    if not sources:
        return None
    from whoosh.query import Or, Term

    return Or([Term(sch.SOURCE, fold_id(s, lowercase=True)) for s in sources])


def _filter(sources: Sequence[str], entities: Sequence[str], narrow: Query | None = None) -> Query | None:
    from whoosh.query import And, Term

    parts = [Term(sch.ENTITY, key) for key in entities]
    by_source = _source_query(sources)
    if by_source is not None:
        parts.append(by_source)
    if narrow is not None:
        parts.append(narrow)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _narrowing(types: Sequence[str], date_from: date | None, date_to: date | None) -> Query | None:
    """Entity types (any of them: a mention's key starts with its type, as
    in ``money:240000000000_usd``) and a published-date range, inclusive."""
    from datetime import datetime, time

    from whoosh.query import And, DateRange, Or, Prefix

    from summit_tui.nlp.model import ENTITY_TYPES

    parts: list[Query] = []
    unknown = [t for t in types if t.strip().upper() not in ENTITY_TYPES]
    if unknown:
        raise QueryError(f"unknown entity type {unknown[0]!r}; use one of {', '.join(ENTITY_TYPES)}")
    if types:
        prefixes = sorted({f"{t.strip().lower()}:" for t in types})
        parts.append(Or([Prefix(sch.ENTITY, p) for p in prefixes]))
    if date_from and date_to and date_from > date_to:
        raise QueryError(f"the date range ends ({date_to.isoformat()}) before it starts ({date_from.isoformat()})")
    if date_from or date_to:
        parts.append(DateRange(sch.DATE, datetime.combine(date_from, time.min) if date_from else None,
                               datetime.combine(date_to, time.max) if date_to else None))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _sort_facet(sort: str) -> Any:
    """Whoosh ``sortedby`` for a sort order; None (relevance) needs none.
    Each key ends with the score, so ties keep relevance order and the hit
    can still report its score (``_relevance``)."""
    if sort == SORT_RELEVANCE:
        return None
    if sort not in SORTS:
        raise QueryError(f"unknown sort order {sort!r}; use one of {', '.join(SORTS)}")
    from whoosh.query import Every
    from whoosh.sorting import FieldFacet, MultiFacet, QueryFacet, ScoreFacet

    if sort == SORT_DATE:  # newest first; undated articles last, not first
        undated_last = QueryFacet({0: Every(sch.DATE)}, other=1)
        return MultiFacet([undated_last, FieldFacet(sch.DATE, reverse=True), ScoreFacet()])
    return MultiFacet([FieldFacet(sch.SOURCE), ScoreFacet()])


def _relevance(hit: Any) -> float:
    """A hit's score; under ``sortedby`` Whoosh reports the sort key, whose
    last part is the negated score (``ScoreFacet``)."""
    score = hit.score
    if isinstance(score, tuple):
        return float(-score[-1])
    return float(score or 0.0)


def _entity_terms(query: Query) -> set[str]:
    """Entity keys the query itself asks for (``entity:person:xi_jinping``)."""
    from whoosh.query import Not

    from summit_tui.search.snippets import positive_leaves

    keys = set()
    for node in positive_leaves(query, Not):
        if node.field() == sch.ENTITY and hasattr(node, "text"):
            text = node.text
            keys.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return keys


def _surface(text: str) -> str:
    return " ".join(text.replace("’", "'").strip().strip('"').lower().split())


def _surface_index(mentions: Iterable[Sequence[Mention]]) -> dict[str, str]:
    """Folded surface text and label -> key; "" where two entities share it
    (``mentions``: each article's)."""
    from summit_tui.nlp.model import NAME_TYPES

    index: dict[str, str] = {}
    for article_mentions in mentions:
        for m in article_mentions:
            if m.type not in NAME_TYPES:
                continue
            for form in (m.text, m.label):
                surface = _surface(form)
                if index.setdefault(surface, m.key) != m.key:
                    index[surface] = ""
    return index


def _mention_spans(keys: set[str], mentions: Sequence[Mention], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Where the wanted entities are mentioned in ``[start, end)``, relative to ``start``."""
    return [
        (m.start - start, m.end - start)
        for m in mentions
        if m.key in keys and m.start >= start and (end is None or m.end <= end)
    ]


def _article_hit(searcher: Searcher, hit: Any, plan: Any, offsets: Any, keys: set[str] = frozenset()) -> Hit:
    """``keys``: entities whose mentions are marked too (decoded from the
    hit's own stored fields: only the hits shown pay for it)."""
    fields = hit.fields()
    spans_data = json.loads(fields[sch.SPANS])
    matches = match_spans(searcher, hit.docnum, plan, _matched(hit), fields[sch.BODY], offsets[hit.docnum])
    if keys:
        mentions = decode_mentions(fields.get(sch.MENTIONS), fields[sch.KEY], fields[sch.BODY])
        matches = merge_spans([*matches, *_mention_spans(keys, mentions)])
    snippets: tuple[Snippet, ...] = article_snippets(fields[sch.BODY], sentence_segments(spans_data), matches)
    return Hit(
        id=fields[sch.KEY],
        source=fields.get(sch.SOURCE, ""),
        title=fields.get(sch.TITLE, ""),
        date=fields.get(sch.PUBLISHED),
        score=_relevance(hit),
        snippets=snippets,
    )


def _sentence_hit(searcher: Searcher, hit: Any, plan: Any, keys: set[str] = frozenset(),
                  mentions_of: Callable[[str], Sequence[Mention] | None] | None = None) -> SentenceHit:
    """``keys``: entities whose mentions are marked too, looked up in the
    sentence's article with ``mentions_of``."""
    fields = hit.fields()
    highlights = tuple(sentence_spans(fields[sch.BODY], plan, _matched(hit)))
    if keys and mentions_of is not None:
        start, end = int(fields[sch.START]), int(fields[sch.END])
        found = _mention_spans(keys, mentions_of(fields[sch.KEY]) or (), start, end)
        highlights = tuple(merge_spans([*highlights, *found]))
    return SentenceHit(
        id=fields[sch.KEY],
        sentence=int(fields[sch.SENTENCE]),
        text=fields[sch.BODY],
        score=_relevance(hit),
        highlights=highlights,
        start=int(fields[sch.START]),
        end=int(fields[sch.END]),
        source=fields.get(sch.SOURCE, ""),
    )


def _matched(hit: Any) -> set[tuple[str, bytes]] | None:
    try:
        return set(hit.matched_terms())
    except Exception:  # no term info recorded (e.g. an Every query)
        return None


def summary_from_fields(fields: dict[str, Any]) -> ArticleSummary:
    """An ``ArticleSummary`` from the stored fields of an article's document;
    the same values ``article_from_fields`` would give."""
    published = fields.get(sch.PUBLISHED)
    meta = json.loads(fields[sch.META])
    return ArticleSummary(
        id=fields[sch.KEY],
        path=fields[sch.PATH],
        source=fields.get(sch.SOURCE, ""),
        title=fields.get(sch.TITLE, ""),
        published=date.fromisoformat(published) if published else None,
        title_derived=bool(meta["title_derived"]),
    )


def article_from_fields(fields: dict[str, Any]) -> Article:
    """Rebuild an ``Article`` from the stored fields of its document."""
    spans = json.loads(fields[sch.SPANS])
    meta = json.loads(fields[sch.META])
    published = fields.get(sch.PUBLISHED)
    return Article(
        id=fields[sch.KEY],
        path=fields[sch.PATH],
        source=fields.get(sch.SOURCE, ""),
        title=fields.get(sch.TITLE, ""),
        published=date.fromisoformat(published) if published else None,
        text=fields[sch.BODY],
        paragraphs=tuple(Paragraph(s, e, bool(h)) for s, e, h in spans["p"]),
        sentences=tuple(Sentence(i, s, e, p) for i, s, e, p in spans["s"]),
        fingerprint=meta["fingerprint"],
        title_derived=bool(meta["title_derived"]),
        notes=tuple(meta["notes"]),
    )
