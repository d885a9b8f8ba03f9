"""The one façade both faces (CLI and TUI) use: config, corpus and index,
opened once, answering every question the faces ask."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from summit_tui.config import Config
from summit_tui.corpus.model import Article, ArticleSummary
from summit_tui.errors import ConfigError, CorpusError, FactNotFoundError, IndexMissingError, QueryError
from summit_tui.nlp.model import Entity, Mention

if TYPE_CHECKING:  # the search package imports Whoosh lazily; keep it that way
    from summit_tui.facts.align import FactDefinition
    from summit_tui.facts.model import Comparison, Fact
    from summit_tui.nlp.aggregate import EntityCount
    from summit_tui.profiles import ProfileStore, SearchProfile
    from summit_tui.search import IndexReport, SearchIndex, SearchResult, SentenceResult
    from summit_tui.search.listing import Listing

Progress = Callable[[int, int, str], None]


class Workspace:
    """Opened on a ``Config``; the index is opened on first use and kept."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._index: SearchIndex | None = None
        self._facts: tuple[str, list[Fact]] | None = None  # (cache key, facts) last read or aligned
        self._facts_lock = threading.Lock()
        self._align_lock = threading.Lock()  # two workers asking at once align once
        self._listing: tuple[str, Listing] | None = None  # (cache key, listing) last read or made
        self._listing_lock = threading.Lock()

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
        self.fact_definitions()  # a bad `facts:` section: say so before writing anything
        self.close()
        report = build_index(
            self.index_dir,
            self.config.corpus,
            patterns=self.config.patterns,
            max_bytes=self.config.max_file_size,
            metadata=self.config.articles,
            rebuild=rebuild,
            progress=progress,
            gazetteer=self.gazetteer_additions(),
        )
        self.refresh_facts(progress=progress)  # alignment runs at index time, when the corpus changed
        self._current_listing()  # and so does listing the articles and counting the entities
        # Alignment left every article and mention decoded in the index's
        # caches (hundreds of MB on a large corpus); what comes next (the
        # TUI's lists, a search) does not need them.
        self.close()
        return report

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
        """Every article in full (text, paragraphs, sentences), by id. To
        list them, ``article_summaries`` costs a fraction of the memory."""
        return self._open().articles()

    def article_summaries(self) -> list[ArticleSummary]:
        """Every article's id, path, source, title and date, by id: from the
        index folder's listing when it is current (no document is read),
        else from the index."""
        listing = self._current_listing(compute=False)
        if listing is not None:
            return list(listing.articles)
        return self._open().article_summaries()

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

    def entity_counts(self, *, types: Sequence[str] = ()) -> list[EntityCount]:
        """The corpus's entities with their totals but not their mentions,
        ranked as ``entities()`` ranks them (same keys, labels, types and
        counts): from the listing when it is current, else counted from the
        index (one article's mentions at a time) and the listing written.
        ``types``: entity type names to keep."""
        listing = self._current_listing()
        assert listing is not None  # compute=True: made if it was not there
        wanted = {t.upper() for t in types}
        return [e for e in listing.entities if not wanted or e.type in wanted]

    def _current_listing(self, *, compute: bool = True) -> Listing | None:
        """The listing of the index as it is now: kept in memory, else read
        from the index folder, else (``compute``) made from the index and
        stored there if the folder can be written. None when not computing
        and there is no current one."""
        from summit_tui.search.listing import Listing, listing_key, read_listing, write_listing

        key = listing_key(self.index_dir)
        with self._listing_lock:
            if key is not None and self._listing is not None and self._listing[0] == key:
                return self._listing[1]
        listing = read_listing(self.index_dir, key) if key is not None else None
        if listing is None:
            if not compute:
                return None
            index = self._open()  # no index: IndexMissingError, as for any question
            listing = Listing(tuple(index.article_summaries()), tuple(index.entity_counts()))
            # Only under the key it was made for: a build that committed
            # meanwhile changed the manifest, and this listing may be of either.
            if key is not None and listing_key(self.index_dir) == key:
                write_listing(self.index_dir, key, listing)  # a read-only index folder keeps nothing
            else:
                key = None
        if key is not None:
            with self._listing_lock:
                self._listing = (key, listing)
        return listing

    def entity_for(self, text: str) -> str | None:
        """The entity key a query names, if exactly one ("Xi" -> person:xi_jinping)."""
        return self._open().entity_for(text)

    # -- facts across sources -------------------------------------------------
    # Alignment is cached in the index folder (summit_tui/facts/cache.py),
    # keyed by the corpus, the alignment settings and the config's facts; it
    # runs at index time when those changed, or on first use.

    def fact_definitions(self) -> tuple[FactDefinition, ...]:
        """The config's ``facts: [{name, query}]``, checked (``ConfigError``)."""
        from summit_tui.facts.align import parse_fact_definitions

        return parse_fact_definitions(self.config.sections.get("facts"))

    def facts(self, *, min_sources: int = 2, progress: Progress | None = None) -> list[Fact]:
        """The facts two or more sources report, ranked: the config's own
        first, then by how many sources report them, then by how closely
        they agree. ``min_sources``: leave out facts fewer sources report
        (config facts always stay). Read from the cache when it is current;
        else aligned now (``progress`` hears about it) and cached."""
        facts = self._current_facts(progress)
        return [f for f in facts if f.defined or f.source_count >= min_sources]

    def fact(self, fact_id: str) -> Fact:
        """One fact by its id (``FactNotFoundError`` if there is none)."""
        for fact in self._current_facts(None):
            if fact.id == fact_id:
                return fact
        raise FactNotFoundError(f"no fact {fact_id!r}; `summit-tui facts` lists them with their ids")

    def align_facts(self, *, progress: Progress | None = None) -> list[Fact]:
        """Align the corpus from scratch, ignoring any cached result, and
        cache what comes out (the benchmark times this)."""
        definitions = self.fact_definitions()
        key = self._facts_key(definitions)
        return self._align(key, definitions, progress)

    def refresh_facts(self, *, progress: Progress | None = None) -> bool:
        """Align now if the cached facts are stale; True if it aligned."""
        definitions = self.fact_definitions()
        with self._align_lock:
            key = self._facts_key(definitions)
            if key is not None and self._cached_facts(key) is not None:
                return False
            self._align(key, definitions, progress)
            return True

    def compare(self, query: str | None = None, *, sentence: tuple[str, int] | None = None) -> Comparison:
        """What every source says about ``query``, or about one sentence
        (``(article id, sentence index)``): best-matching statements per
        article, None for the articles that say nothing close enough."""
        from summit_tui.facts.compare import compare

        if query is not None and sentence is not None:
            raise QueryError("compare a query or a sentence, not both")
        if sentence is None and (query is None or not query.strip()):
            raise QueryError("nothing to compare: give a query, or a sentence as ARTICLE_ID:N")
        index = self._open()
        return compare(index, index.articles(), query=query, sentence=sentence, gazetteer=self._gazetteer())

    def _gazetteer(self) -> object | None:
        """The gazetteer with the config's additions, or None for the shipped one."""
        extra = self.gazetteer_additions()
        if not extra:
            return None
        from summit_tui.nlp import load_gazetteer

        return load_gazetteer(extra)

    def _facts_key(self, definitions: Sequence[FactDefinition]) -> str | None:
        from summit_tui.facts.align import AlignSettings
        from summit_tui.facts.cache import cache_key

        return cache_key(self.index_dir, AlignSettings().fingerprint(), [(d.name, d.query) for d in definitions])

    def _cached_facts(self, key: str) -> list[Fact] | None:
        from summit_tui.facts.cache import read_cache

        with self._facts_lock:
            if self._facts is not None and self._facts[0] == key:
                return self._facts[1]
        facts = read_cache(self.index_dir, key)
        if facts is not None:
            with self._facts_lock:
                self._facts = (key, facts)
        return facts

    def _current_facts(self, progress: Progress | None) -> list[Fact]:
        definitions = self.fact_definitions()
        with self._align_lock:
            key = self._facts_key(definitions)
            if key is not None:
                cached = self._cached_facts(key)
                if cached is not None:
                    return list(cached)
            return list(self._align(key, definitions, progress))

    def _align(self, key: str | None, definitions: Sequence[FactDefinition],
               progress: Progress | None) -> list[Fact]:
        from summit_tui.facts.align import align_corpus
        from summit_tui.facts.cache import write_cache

        index = self._open()  # no index: IndexMissingError, as for any question
        gazetteer = self._gazetteer() if definitions else None
        facts = align_corpus(index.articles(), index.all_mentions(), definitions=definitions,
                             progress=progress, gazetteer=gazetteer)
        if key is None:  # the manifest appeared with the index just opened
            key = self._facts_key(definitions)
        if key is not None:
            write_cache(self.index_dir, key, facts)  # a read-only index folder just keeps nothing
            with self._facts_lock:
                self._facts = (key, facts)
        return list(facts)
