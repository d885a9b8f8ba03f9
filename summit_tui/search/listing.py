"""The index's listing: every article's summary and the corpus's entity
counts, cached as JSON in the index folder (``listing.json``).

It is what the TUI shows first (the article list, the entity pane). Without
it the list costs a pass over every stored document, and the counts a decode
of every mention: at 10,000 articles seconds, and hundreds of MB if the
mentions were kept. ``Workspace.build_index`` writes it; a reader that
finds it missing or stale computes it and writes it when it may.

The key is a hash of the manifest file itself, which a build rewrites after
every commit and which names every article's path, fingerprint and metadata:
any change to what the listing shows changes the key. A file that is
damaged, truncated, from another format or for another key is treated as
missing (recomputed quietly), never an error; a folder that cannot be
written just keeps nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from summit_tui.corpus.model import ArticleSummary
from summit_tui.fsutil import atomic_write_text
from summit_tui.nlp.aggregate import EntityCount
from summit_tui.nlp.model import Quantity
from summit_tui.search.store import LISTING_CACHE_NAME, MANIFEST_NAME

LISTING_FORMAT = 1  # bump when the file's shape or what it holds changes


@dataclass(frozen=True)
class Listing:
    """The articles by id and the entities ranked as ``group_mentions`` ranks them."""

    articles: tuple[ArticleSummary, ...]
    entities: tuple[EntityCount, ...]


def listing_path(index_dir: Path) -> Path:
    return Path(index_dir) / LISTING_CACHE_NAME


def listing_key(index_dir: Path) -> str | None:
    """The key a listing of the index as it is now is stored under, or None
    when there is no readable manifest (no index yet, or one being swapped)."""
    try:
        manifest = (Path(index_dir) / MANIFEST_NAME).read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(f"listing {LISTING_FORMAT}\n".encode())
    digest.update(manifest)
    return digest.hexdigest()


def read_listing(index_dir: Path, key: str) -> Listing | None:
    """The cached listing if the file is there, whole, and has this key."""
    try:
        data = json.loads(listing_path(index_dir).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != LISTING_FORMAT or data.get("key") != key:
            return None
        return Listing(tuple(_summary(row) for row in data["articles"]),
                       tuple(_entity(row) for row in data["entities"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def write_listing(index_dir: Path, key: str, listing: Listing) -> bool:
    """Store the listing atomically; False when the folder cannot be written."""
    data = {"format": LISTING_FORMAT, "key": key,
            "articles": [_summary_row(a) for a in listing.articles],
            "entities": [_entity_row(e) for e in listing.entities]}
    # ASCII escapes keep undecodable file names (lone surrogates) intact.
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    try:
        atomic_write_text(listing_path(index_dir), text + "\n", mode=0o644)
    except (OSError, ValueError):  # ValueError: a surrogate json let through after all
        return False
    return True


# -- rows -------------------------------------------------------------------------
# Read strictly: a value of the wrong type means a damaged file, and the
# listing is recomputed rather than shown wrong.


def _summary_row(a: ArticleSummary) -> list[Any]:
    return [a.id, a.path, a.source, a.title, a.published.isoformat() if a.published else None, a.title_derived]


def _summary(row: Sequence[Any]) -> ArticleSummary:
    id, path, source, title, published, title_derived = row
    if not (type(id) is type(path) is type(source) is type(title) is str and type(title_derived) is bool):
        raise TypeError("an article row of the wrong shape")
    if published is not None and type(published) is not str:
        raise TypeError("a published date of the wrong type")
    return ArticleSummary(id, path, source, title, date.fromisoformat(published) if published else None,
                          title_derived)


def _entity_row(e: EntityCount) -> list[Any]:
    return [e.key, e.label, e.type, e.count, e.article_count, None if e.value is None else e.value.to_row()]


def _entity(row: Sequence[Any]) -> EntityCount:
    key, label, kind, count, articles, value = row
    if not (type(key) is type(label) is type(kind) is str and type(count) is type(articles) is int):
        raise TypeError("an entity row of the wrong shape")
    return EntityCount(key, label, kind, count, articles, None if value is None else Quantity.from_row(value))
