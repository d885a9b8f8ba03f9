"""A stand-in Workspace for TUI tests that must not depend on the index
(errors, slow calls, entities when the index has none). It answers from
articles loaded straight from files, with the same nouns the core returns."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path

from summit_tui.corpus.load import load_corpus
from summit_tui.corpus.model import Article, ArticleSummary
from summit_tui.errors import NotFoundError, QueryError
from summit_tui.nlp.aggregate import EntityCount
from summit_tui.nlp.model import Entity, Mention
from summit_tui.search.model import Hit, SearchResult, SentenceHit, SentenceResult, Snippet


class FakeWorkspace:
    def __init__(self, folder: Path, *, entities: dict[str, list[tuple[str, str, str]]] | None = None,
                 index_dir: Path = Path("/nonexistent/index")) -> None:
        """``entities``: article id -> [(surface text, type, key)]; every
        occurrence of the text in the article becomes a mention."""
        self._articles, _ = load_corpus([folder])
        self._by_id = {a.id: a for a in self._articles}
        self._entity_spec = entities or {}
        self.index_dir = index_dir
        self.closed = False
        self.gate: threading.Event | None = None  # set by a test to hold calls back
        self.calls: list[str] = []

    def _wait(self, name: str) -> None:
        self.calls.append(name)
        if self.gate is not None:
            self.gate.wait(10)

    def has_index(self) -> bool:
        return True

    def needs_build(self) -> str | None:
        return None

    def close(self) -> None:
        self.closed = True

    def articles(self) -> list[Article]:
        self._wait("articles")
        return sorted(self._articles, key=lambda a: a.id)

    def article_summaries(self) -> list[ArticleSummary]:
        return [ArticleSummary.of(a) for a in self.articles()]

    def article(self, article_id: str) -> Article:
        self._wait("article")
        try:
            return self._by_id[article_id]
        except KeyError:
            raise NotFoundError(f"no article with id {article_id!r} in the index") from None

    def mentions(self, article_id: str) -> tuple[Mention, ...]:
        article = self.article(article_id)
        found = []
        for text, kind, key in self._entity_spec.get(article_id, []):
            for m in re.finditer(re.escape(text), article.text):
                found.append(Mention(article_id, m.start(), m.end(), kind, key, text, text, 0))
        return tuple(sorted(found, key=lambda m: m.start))

    def entities(self, *, article: str | None = None, types: Sequence[str] = ()) -> list[Entity]:
        ids = [article] if article else list(self._by_id)
        grouped: dict[str, list[Mention]] = {}
        for art in ids:
            for m in self.mentions(art):
                grouped.setdefault(m.key, []).append(m)
        out = []
        for key, ms in grouped.items():
            counts: dict[str, int] = {}
            for m in ms:
                counts[m.article] = counts.get(m.article, 0) + 1
            out.append(Entity(key, ms[0].label, ms[0].type, len(ms), counts, tuple(ms)))
        return sorted(out, key=lambda e: -e.count)

    def entity_counts(self, *, types: Sequence[str] = ()) -> list[EntityCount]:
        return [EntityCount.of(e) for e in self.entities(types=types)]

    def _words(self, query: str) -> list[str]:
        if "[" in query and "]" not in query:
            raise QueryError(f"cannot read the query {query!r}: check its brackets")
        return [w.lower() for w in re.findall(r"\w+", query) if ":" not in w]

    def search(self, query: str, *, sources: Sequence[str] = (), entities: Sequence[str] = (),
               limit: int = 10, widen: bool = False) -> SearchResult:
        self._wait("search")
        if query.startswith("entity:"):
            key = query[len("entity:"):]
            hits = []
            for a in self.articles():
                ms = [m for m in self.mentions(a.id) if m.key == key]
                if ms:
                    s = a.sentences[0]
                    hits.append(Hit(a.id, a.source, a.title, None, 1.0,
                                    (Snippet(a.text[s.start:s.end], s.start, s.end, ()),)))
            return SearchResult(query, len(hits), None, tuple(hits[:limit]))
        words = self._words(query)
        hits = []
        for a in self.articles():
            spans = self._spans(a, words)
            if spans:
                s = next(x for x in a.sentences if x.start <= spans[0][0] < x.end)
                inside = tuple((b - s.start, e - s.start) for b, e in spans if s.start <= b and e <= s.end)
                hits.append(Hit(a.id, a.source, a.title, None, float(len(spans)),
                                (Snippet(a.text[s.start:s.end], s.start, s.end, inside),)))
        suggestion = "trade" if not hits and "trde" in words else None
        return SearchResult(query, len(hits), suggestion, tuple(hits[:limit]))

    def search_sentences(self, query: str, *, sources: Sequence[str] = (), exclude_sources: Sequence[str] = (),
                         entities: Sequence[str] = (), limit: int = 10) -> SentenceResult:
        words = self._words(query)
        hits = []
        for a in self.articles():
            if sources and a.source not in sources:
                continue
            for s in a.sentences:
                text = a.text[s.start:s.end]
                spans = [(b - s.start, e - s.start) for b, e in self._spans(a, words) if s.start <= b and e <= s.end]
                if spans:
                    hits.append(SentenceHit(a.id, s.index, text, 1.0, tuple(spans), s.start, s.end, a.source))
        return SentenceResult(query, len(hits), None, tuple(hits[:limit]))

    @staticmethod
    def _spans(article: Article, words: Sequence[str]) -> list[tuple[int, int]]:
        spans = []
        for word in words:
            spans += [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(word)}\w*", article.text, re.I)]
        return sorted(spans)
