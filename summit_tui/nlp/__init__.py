"""Named entities and quantities in articles, with canonical keys.

Importing this package is cheap: the gazetteer is parsed on the first
``load_gazetteer`` (or ``extract_mentions``) call, and the extractor's
module is loaded only when it is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summit_tui.nlp.model import (
    ENTITY_TYPES,
    NAME_TYPES,
    QUANTITY_TYPES,
    Entity,
    Mention,
    Quantity,
)

if TYPE_CHECKING:
    from summit_tui.corpus.model import Article
    from summit_tui.nlp.aliases import Gazetteer, GazetteerEntry, entity_key, load_gazetteer, slug

_FROM_ALIASES = ("Gazetteer", "GazetteerEntry", "entity_key", "load_gazetteer", "slug")


def __getattr__(name: str) -> object:
    # The alias tables' module costs start-up time that the TUI's first
    # paint and the CLI's --help should not pay: load it on first use.
    if name in _FROM_ALIASES:
        from summit_tui.nlp import aliases

        return getattr(aliases, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract_mentions(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Mention, ...]:
    """Every named entity and quantity in ``article``, sorted by start, with
    no overlaps; offsets are into ``article.text`` and ``Mention.sentence``
    indexes ``article.sentences`` (-1 for text in a heading). Without a
    ``gazetteer`` the shipped one (no config additions) is used."""
    from summit_tui.nlp.entities import extract_mentions as _extract

    return _extract(article, gazetteer)


__all__ = [
    "ENTITY_TYPES",
    "NAME_TYPES",
    "QUANTITY_TYPES",
    "Entity",
    "Gazetteer",
    "GazetteerEntry",
    "Mention",
    "Quantity",
    "entity_key",
    "extract_mentions",
    "load_gazetteer",
    "slug",
]
