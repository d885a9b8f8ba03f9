"""Search: a Whoosh index on disk of articles and their sentences.

Importing this package is cheap (no Whoosh): the TUI imports it at start-up
and Whoosh loads on the first build, open or search.
"""

from __future__ import annotations

from summit_tui.search.build import build_index
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
