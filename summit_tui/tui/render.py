"""The one place that turns article data and offsets into styled text.

Article-derived strings are data, never markup: every one goes through
``Text(...)`` and ``stylize(start, end, ...)``. Imports Rich only (the CLI
uses it too), never Textual: the TUI passes in the styles its theme gives it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from summit_tui.profiles import SearchFilters

Span = tuple[int, int]
StyleType = str | Style

# Highlights carry a non-colour cue (bold + underline) so they survive
# NO_COLOR and monochrome terminals.
MATCH_STYLE = "bold underline yellow"
DIM_STYLE = "dim"
TITLE_STYLE = "bold"
ERROR_STYLE = "bold red"

# Entity types, told apart without colour by a text attribute each (a
# monochrome SSH terminal or NO_COLOR still shows them); the colour is a
# second cue. The TUI takes colours from its theme and keeps these cues.
ENTITY_CUES: Mapping[str, str] = {
    "PERSON": "bold",
    "ORG": "underline",
    "GPE": "italic",
    "LOC": "italic underline",
    "NORP": "bold italic",
    "EVENT": "bold underline",
    "MONEY": "bold italic underline",
    "PERCENT": "dim underline",
    "QUANTITY": "dim italic",
    "DATE": "dim",
}
ENTITY_COLOURS: Mapping[str, str] = {  # for the CLI; the TUI uses theme colours
    "PERSON": "magenta",
    "ORG": "blue",
    "GPE": "green",
    "LOC": "green",
    "NORP": "cyan",
    "EVENT": "cyan",
    "MONEY": "yellow",
    "PERCENT": "yellow",
    "QUANTITY": "yellow",
    "DATE": "",
}
ENTITY_TYPE_NAMES: Mapping[str, str] = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Countries & cities",
    "LOC": "Regions",
    "NORP": "Groups",
    "EVENT": "Events",
    "MONEY": "Money",
    "PERCENT": "Percentages",
    "QUANTITY": "Quantities",
    "DATE": "Dates",
}


def plain(text: str, style: StyleType = "") -> Text:
    """Article text as a ``Text`` — brackets and all, shown literally."""
    return Text(text, style=style)


def highlighted(text: str, spans: Iterable[Span], style: StyleType = MATCH_STYLE) -> Text:
    """``text`` with each ``(start, end)`` span styled; out-of-range spans are clipped."""
    out = plain(text)
    stylize_spans(out, spans, style)
    return out


def stylize_spans(text: Text, spans: Iterable[Span], style: StyleType) -> Text:
    """Style each ``(start, end)`` of ``text`` in place (clipped to the text)."""
    size = len(text)
    for start, end in spans:
        start, end = max(0, start), min(size, end)
        if start < end:
            text.stylize(style, start, end)
    return text


def entity_style(entity_type: str) -> str:
    """The CLI's style for an entity type: its cue plus a fixed colour."""
    return f"{ENTITY_CUES.get(entity_type, '')} {ENTITY_COLOURS.get(entity_type, '')}".strip()


def entity_type_name(entity_type: str) -> str:
    return ENTITY_TYPE_NAMES.get(entity_type, entity_type.title())


SORT_NAMES: Mapping[str, str] = {"date": "newest first", "source": "by source"}


def filters_summary(filters: SearchFilters | None, sort: str = "relevance") -> str:
    """A search's filters and order in words, for a title or a list: "types
    MONEY · from 2024-05-01 · newest first"; "" when there are none. Plain
    text: the caller puts it into a ``Text``."""
    parts: list[str] = []
    if filters is not None:
        if filters.sources:
            parts.append("sources " + ", ".join(filters.sources))
        if filters.entities:
            parts.append("mentions " + ", ".join(filters.entities))
        if filters.types:
            parts.append("types " + ", ".join(filters.types))
        if filters.date_from:
            parts.append(f"from {filters.date_from.isoformat()}")
        if filters.date_to:
            parts.append(f"to {filters.date_to.isoformat()}")
    if sort in SORT_NAMES:
        parts.append(SORT_NAMES[sort])
    return " · ".join(parts)


# --- the reader: an article body with its layers of highlighting ------------


@dataclass(frozen=True)
class StyledSpan:
    """A ``(start, end)`` range of ``Article.text`` and the style to give it."""

    start: int
    end: int
    style: StyleType


def article_body(text: str, layers: Sequence[Iterable[StyledSpan]]) -> Text:
    """The article body with each layer of spans applied in order, so a later
    layer (the current match) shows above an earlier one (an entity)."""
    out = plain(text)
    size = len(text)
    for layer in layers:
        for span in layer:
            start, end = max(0, span.start), min(size, span.end)
            if start < end:
                out.stylize(span.style, start, end)
    return out


@dataclass(frozen=True)
class WrappedLine:
    """One screen line of a wrapped text: ``text == source[start:end]``
    (trailing spaces at a break stay on the line they end)."""

    start: int
    end: int
    text: Text


def wrap_with_offsets(text: Text, width: int) -> list[WrappedLine]:
    """Word-wrap ``text`` to ``width`` cells, keeping each line's offsets into
    the original so a character offset (a match, a sentence) maps to a line.
    A word wider than the line is folded; a newline always breaks."""
    width = max(1, width)
    plain_text = text.plain
    lines: list[WrappedLine] = []
    pos = 0
    for para in plain_text.split("\n"):
        para_start = pos
        for start, end in _break_points(para, width):
            lines.append(WrappedLine(para_start + start, para_start + end,
                                     text[para_start + start:para_start + end]))
        pos += len(para) + 1
    return lines


def _break_points(line: str, width: int) -> list[Span]:
    """(start, end) of each wrapped piece of one newline-free line."""
    if not line:
        return [(0, 0)]
    pieces: list[Span] = []
    start = 0
    used = 0  # cells on the current piece
    i = 0
    size = len(line)
    while i < size:
        # one word with the spaces that follow it
        j = i
        while j < size and not line[j].isspace():
            j += 1
        k = j
        while k < size and line[k].isspace():
            k += 1
        word_cells = cell_len(line[i:j])
        if used and used + word_cells > width:
            pieces.append((start, i))
            start, used = i, 0
        if word_cells > width:  # fold a word that fits no line
            while cell_len(line[i:j]) > width - used:
                cut = i
                room = width - used
                while cut < j and cell_len(line[i:cut + 1]) <= room:
                    cut += 1
                if cut == i and used == 0:
                    cut = i + 1  # a single character wider than the line
                if cut > i:
                    pieces.append((start, cut))
                    start, i, used = cut, cut, 0
                else:
                    pieces.append((start, i))
                    start, used = i, 0
        used += cell_len(line[i:k])
        i = k
    pieces.append((start, size))
    return pieces


def clip_lines(text: Text, width: int, max_lines: int) -> Text:
    """``text`` cut to what fits in ``max_lines`` lines of ``width`` cells,
    ending in "…" when something was cut (styles kept)."""
    lines = wrap_with_offsets(text, width)
    if len(lines) <= max_lines:
        return text
    last = lines[max_lines - 1]
    end = last.end
    while end > last.start and cell_len(text.plain[last.start:end].rstrip()) > width - 1:
        end -= 1  # leave room for the ellipsis on the last line
    clipped = text[:end]
    clipped.rstrip()
    return clipped.append("…")
