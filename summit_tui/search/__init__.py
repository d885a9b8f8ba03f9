"""Search: a Whoosh index on disk of articles and their sentences.

Importing this package is cheap (no Whoosh, and not the write path with its
corpus cleaner): the TUI imports it at start-up, Whoosh loads on the first
open or search, and ``build_index`` (with ingestion) on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from summit_tui.search.model import (
    Hit,
    IndexReport,
    SearchResult,
    SentenceHit,
    SentenceResult,
    Snippet,
)
from summit_tui.search.parse import MAX_QUERY_CHARS
from summit_tui.search.query import SearchIndex
from summit_tui.search.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from summit_tui.search.build import build_index

__all__ = [
    "MAX_QUERY_CHARS",
    "SCHEMA_VERSION",
    "Hit",
    "IndexReport",
    "SearchIndex",
    "SearchResult",
    "SentenceHit",
    "SentenceResult",
    "Snippet",
    "build_index",
]


def __getattr__(name: str) -> Any:
    if name == "build_index":  # the write path loads only when it is needed
        from summit_tui.search.build import build_index

        return build_index
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
