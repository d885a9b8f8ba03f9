"""The one place that turns article data and offsets into styled text.

Article-derived strings are data, never markup: every one goes through
``Text(...)`` and ``stylize(start, end, ...)``. Imports Rich only (the CLI
uses it too), never Textual.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

# Highlights carry a non-colour cue (bold + underline) so they survive
# NO_COLOR and monochrome terminals.
MATCH_STYLE = "bold underline yellow"
DIM_STYLE = "dim"
TITLE_STYLE = "bold"
ERROR_STYLE = "bold red"


def plain(text: str, style: str = "") -> Text:
    """Article text as a ``Text`` — brackets and all, shown literally."""
    return Text(text, style=style)


def highlighted(text: str, spans: Iterable[tuple[int, int]], style: str = MATCH_STYLE) -> Text:
    """``text`` with each ``(start, end)`` span styled; out-of-range spans are clipped."""
    out = plain(text)
    size = len(text)
    for start, end in spans:
        start, end = max(0, start), min(size, end)
        if start < end:
            out.stylize(style, start, end)
    return out

