"""The one façade both faces (CLI and TUI) use: config, corpus and index,
opened once, answering every question the faces ask."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from summit_tui.config import Config
from summit_tui.corpus.model import Article
from summit_tui.errors import ConfigError, CorpusError, IndexMissingError
from summit_tui.nlp.model import Entity, Mention

if TYPE_CHECKING:  # the search package imports Whoosh lazily; keep it that way
    from summit_tui.profiles import ProfileStore, SearchProfile
    from summit_tui.search import IndexReport, SearchIndex, SearchResult, SentenceResult

Progress = Callable[[int, int, str], None]


class Workspace:
    """Opened on a ``Config``; the index is opened on first use and kept."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._index: SearchIndex | None = None

    # -- the index ---------------------------------------------------------
    @property
    def index_dir(self) -> Path:
        return self.config.index

    def has_index(self) -> bool:
        from summit_tui.search.store import manifest_exists

        return manifest_exists(self.index_dir)

    def needs_build(self) -> str | None:
        """Why the index must be (re)built before it can be read, or None:
        there is none yet, or an older summit-tui built it in a format or
        with a cleaner this one does not read. Cheap: reads the manifest only."""
        from summit_tui.corpus.load import CLEANER_VERSION
        from summit_tui.search.schema import SCHEMA_VERSION
        from summit_tui.search.store import read_manifest

        if not self.has_index():
            return f"no index yet at {self.index_dir}"
        manifest = read_manifest(self.index_dir)
        if manifest is None:
            return None  # unreadable: opening it reports the damage
        if manifest.schema_version != SCHEMA_VERSION or manifest.cleaner_version != CLEANER_VERSION:
            return f"the index at {self.index_dir} was built by another version of summit-tui"
        return None

    def build_index(self, *, rebuild: bool = False, progress: Progress | None = None) -> IndexReport:
        """Bring the index up to date with the corpus folders (incrementally,
        or from scratch with ``rebuild``)."""
        from summit_tui.search import build_index

        if not self.config.corpus:
            raise ConfigError(
                "no corpus folders are configured: pass --corpus DIR, or set corpus.folders in config.yaml"
            )
        if not any(os.path.exists(root) for root in self.config.corpus):
            missing = ", ".join(str(root) for root in self.config.corpus)
            raise CorpusError(f"corpus folder not found: {missing}")
        self.close()
        return build_index(
            self.index_dir,
            self.config.corpus,
            patterns=self.config.patterns,
            max_bytes=self.config.max_file_size,
            metadata=self.config.articles,
            rebuild=rebuild,
            progress=progress,
            gazetteer=self.gazetteer_additions(),
        )

    def gazetteer_additions(self) -> dict[str, object] | None:
        """``entities.gazetteer`` from config: names the shipped gazetteer lacks."""
        section = self.config.sections.get("entities") or {}
        if not isinstance(section, dict):
            raise ConfigError("config: 'entities' must be a mapping, e.g. entities: {gazetteer: {people: [...]}}")
        unknown = sorted(set(section) - {"gazetteer"})
        if unknown:
            raise ConfigError(f"config: unknown key 'entities.{unknown[0]}'; expected: gazetteer")
        extra = section.get("gazetteer")
        if extra is not None and not isinstance(extra, dict):
            raise ConfigError("config: 'entities.gazetteer' must be a mapping of sections (people, organizations, ...)")
        return extra or None

    def _open(self) -> SearchIndex:
        if self._index is None:
            from summit_tui.search import SearchIndex

            if not self.has_index():
                raise IndexMissingError(f"no index at {self.index_dir} yet: run `summit-tui index` first")
            self._index = SearchIndex.open(self.index_dir)
        return self._index

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- questions ----------------------------------------------------------
    def articles(self) -> list[Article]:
        return self._open().articles()

    def article(self, article_id: str) -> Article:
        return self._open().article(article_id)

    def search(self, query: str, *, sources: Sequence[str] = (), entities: Sequence[str] = (),
               limit: int = 10, widen: bool = False, types: Sequence[str] = (),
               date_from: date | None = None, date_to: date | None = None,
               sort: str = "relevance") -> SearchResult:
        """Articles for ``query`` (may be empty if ``entities`` is given);
        ``entities``: keys every hit must mention; ``widen``: a query that
        names an entity ("Xi") also finds it under its other names;
        ``types``: hits mention an entity of one of these types (MONEY ...);
        ``date_from``/``date_to``: published dates, inclusive; ``sort``:
        "relevance", "date" (newest first) or "source"."""
        return self._open().search(query, sources=sources, entities=entities, limit=limit, widen=widen,
                                   types=types, date_from=date_from, date_to=date_to, sort=sort)

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
        sort: str = "relevance",
    ) -> SentenceResult:
        return self._open().search_sentences(
            query, sources=sources, exclude_sources=exclude_sources, entities=entities, limit=limit,
            widen=widen, types=types, date_from=date_from, date_to=date_to, sort=sort,
        )

    def match_spans(self, article_id: str, query: str, *, entities: Sequence[str] = ()) -> list[tuple[int, int]]:
        """Where ``query`` (and the mentions of ``entities``) match in the
        whole of one article's text, headings included: sorted, merged
        ``(start, end)`` offsets, whether or not the article is a hit."""
        return self._open().match_spans(article_id, query, entities=entities)

    # -- saved search profiles ------------------------------------------------
    @cached_property
    def profiles(self) -> ProfileStore:
        """The saved search profiles: the user's file and the defaults of the
        config's ``profiles`` section (``ConfigError`` if that is wrong)."""
        from summit_tui.profiles import ProfileStore

        return ProfileStore.from_config(self.config)

    def search_profile(self, profile: SearchProfile, *, limit: int = 10, widen: bool = False) -> SearchResult:
        """Run a saved profile's search: its query, filters and sort."""
        f = profile.filters
        return self.search(profile.query, sources=f.sources, entities=f.entities, types=f.types,
                           date_from=f.date_from, date_to=f.date_to, sort=profile.sort, limit=limit, widen=widen)

    # -- entities -----------------------------------------------------------
    def mentions(self, article_id: str) -> tuple[Mention, ...]:
        """The stored entity and quantity mentions of one article, by offset."""
        return self._open().mentions(article_id)

    def entities(self, *, article: str | None = None, types: Sequence[str] = ()) -> list[Entity]:
        """Entities of one article or the whole corpus, most mentioned first.
        ``types``: entity type names to keep (PERSON, GPE, MONEY ...)."""
        from summit_tui.nlp.aggregate import group_mentions

        index = self._open()
        if article is not None:
            mentions: Sequence[Mention] = index.mentions(article)
        else:
            mentions = [m for group in index.all_mentions().values() for m in group]
        return group_mentions(mentions, types=types)

    def entity_for(self, text: str) -> str | None:
        """The entity key a query names, if exactly one ("Xi" -> person:xi_jinping)."""
        return self._open().entity_for(text)
