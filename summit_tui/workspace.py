"""The one façade both faces (CLI and TUI) use: config, corpus and index,
opened once, answering every question the faces ask."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from summit_tui.config import Config
from summit_tui.corpus.model import Article
from summit_tui.errors import ConfigError, CorpusError, IndexMissingError

if TYPE_CHECKING:  # the search package imports Whoosh lazily; keep it that way
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
        )

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

    def search(self, query: str, *, sources: Sequence[str] = (), limit: int = 10) -> SearchResult:
        return self._open().search(query, sources=sources, limit=limit)

    def search_sentences(
        self,
        query: str,
        *,
        sources: Sequence[str] = (),
        exclude_sources: Sequence[str] = (),
        limit: int = 10,
    ) -> SentenceResult:
        return self._open().search_sentences(
            query, sources=sources, exclude_sources=exclude_sources, limit=limit
        )
