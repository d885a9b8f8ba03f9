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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from summit_tui.corpus.model import Article, Paragraph, Sentence
from summit_tui.errors import IndexDamagedError, IndexMissingError, NotFoundError, SummitError
from summit_tui.search import schema as sch
from summit_tui.search.folding import fold_id
from summit_tui.search.model import Hit, SearchResult, SentenceHit, SentenceResult, Snippet
from summit_tui.search.parse import ParsedQuery, parse_query, words_to_body
from summit_tui.search.snippets import (
    article_snippets,
    highlight_plan,
    match_spans,
    sentence_segments,
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


_SETTLE_SECONDS = 0.2


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

    # --- articles -------------------------------------------------------------

    def articles(self) -> list[Article]:
        """Every indexed article, by id, rebuilt from stored fields."""
        with self._session():
            if self._articles is None:
                reader = self._searchers[sch.ARTICLES].reader()
                docs = (fields for _, fields in reader.iter_docs())
                self._articles = sorted((article_from_fields(f) for f in docs), key=lambda a: a.id)
            return list(self._articles)

    def article(self, id: str) -> Article:
        with self._session():
            fields = self._searchers[sch.ARTICLES].document(**{sch.KEY: id})
        if fields is None:
            raise NotFoundError(f"no article with id {id!r} in the index")
        return article_from_fields(fields)

    # --- search ---------------------------------------------------------------

    def search(self, query: str, *, sources: Sequence[str] = (), limit: int = 10) -> SearchResult:
        """Articles matching ``query`` in relevance order, with snippets."""
        parsed = parse_query(query, sch.ARTICLES)
        with self._session():
            searcher = self._searchers[sch.ARTICLES]
            results = self._run(searcher, parsed.query, limit, sources, ())
            plan = highlight_plan(parsed.query, searcher.reader())
            hits = tuple(_article_hit(searcher, hit, plan) for hit in results)
            total = len(results)
            suggestion = None if total else self._suggestion(sch.ARTICLES, parsed, sources, ())
        return SearchResult(query=query, total=total, suggestion=suggestion, hits=hits)

    def search_sentences(
        self,
        query: str,
        *,
        sources: Sequence[str] = (),
        exclude_sources: Sequence[str] = (),
        limit: int = 10,
    ) -> SentenceResult:
        """Sentences matching ``query``, best first (for cross-source comparison)."""
        parsed = parse_query(query, sch.SENTENCES)
        with self._session():
            searcher = self._searchers[sch.SENTENCES]
            words_reader = self._searchers[sch.ARTICLES].reader()
            sentence_query = words_to_body(parsed.query, words_reader)
            results = self._run(searcher, sentence_query, limit, sources, exclude_sources)
            plan = highlight_plan(sentence_query, searcher.reader())
            hits = tuple(_sentence_hit(searcher, hit, plan) for hit in results)
            total = len(results)
            suggestion = None if total else self._suggestion(sch.SENTENCES, parsed, sources, exclude_sources)
        return SentenceResult(query=query, total=total, suggestion=suggestion, hits=hits)

    def _run(self, searcher: Searcher, query: Query, limit: int, sources: Sequence[str],
             exclude: Sequence[str]) -> Results:
        return searcher.search(
            query,
            limit=max(1, int(limit)),
            filter=_source_query(sources),
            mask=_source_query(exclude),
            terms=True,
        )

    def _suggestion(self, indexname: str, parsed: ParsedQuery, sources: Sequence[str],
                    exclude: Sequence[str]) -> str | None:
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
        found = self._run(searcher, query, 1, sources, exclude)
        return corrected if len(found) else None


def _source_query(sources: Sequence[str]) -> Query | None:
    if not sources:
        return None
    from whoosh.query import Or, Term

    return Or([Term(sch.SOURCE, fold_id(s, lowercase=True)) for s in sources])


def _article_hit(searcher: Searcher, hit: Any, plan: Any) -> Hit:
    fields = hit.fields()
    spans_data = json.loads(fields[sch.SPANS])
    matches = match_spans(searcher, hit.docnum, plan, _matched(hit))
    snippets: tuple[Snippet, ...] = article_snippets(fields[sch.BODY], sentence_segments(spans_data), matches)
    return Hit(
        id=fields[sch.KEY],
        source=fields.get(sch.SOURCE, ""),
        title=fields.get(sch.TITLE, ""),
        date=fields.get(sch.PUBLISHED),
        score=float(hit.score or 0.0),
        snippets=snippets,
    )


def _sentence_hit(searcher: Searcher, hit: Any, plan: Any) -> SentenceHit:
    fields = hit.fields()
    highlights = tuple(match_spans(searcher, hit.docnum, plan, _matched(hit)))
    return SentenceHit(
        id=fields[sch.KEY],
        sentence=int(fields[sch.SENTENCE]),
        text=fields[sch.BODY],
        score=float(hit.score or 0.0),
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
