"""Facts across sources: sentence alignment (``align``), the cache of its
result (``cache``), per-sentence features and pair scores (``features``),
and discrepancies and ad-hoc comparison (``compare``).

Importing this package is cheap: the nouns only. Alignment loads Whoosh's
stemmer when it runs; reading cached facts never does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from summit_tui.facts.model import (
    DISCREPANCY_KINDS,
    Agreement,
    Comparison,
    Discrepancy,
    Fact,
    FactQuantity,
    Statement,
)

if TYPE_CHECKING:
    from summit_tui.facts.align import AlignSettings, align_corpus

__all__ = [
    "DISCREPANCY_KINDS",
    "AlignSettings",
    "Agreement",
    "Comparison",
    "Discrepancy",
    "Fact",
    "FactQuantity",
    "Statement",
    "align_corpus",
]


def __getattr__(name: str) -> Any:
    if name in ("align_corpus", "AlignSettings"):  # the aligner loads only when it is needed
        from summit_tui.facts import align

        return getattr(align, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
