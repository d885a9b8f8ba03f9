"""Theme-aware styles shared by the reader and the entity pane.

The non-colour cue of each entity type comes from ``render.ENTITY_CUES``
(shared with the CLI); the colour from a theme variable, so every built-in
theme works and ``NO_COLOR`` (Textual's monochrome filter) keeps the cue.
Entity colours are read from the theme's variables rather than declared as
component classes: twenty more component classes cost a visible slice of
the first paint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.style import Style
from textual.color import Color, ColorParseError

from summit_tui.tui.render import ENTITY_CUES

ENTITY_TYPES: tuple[str, ...] = tuple(ENTITY_CUES)

ENTITY_THEME_COLOURS: dict[str, str] = {  # theme variable names
    "PERSON": "text-accent",
    "ORG": "text-primary",
    "GPE": "text-success",
    "LOC": "text-success",
    "NORP": "text-secondary",
    "EVENT": "text-secondary",
    "MONEY": "text-warning",
    "PERCENT": "text-warning",
    "QUANTITY": "text-warning",
    "DATE": "text-error",
}


def entity_styles(variables: Mapping[str, str]) -> dict[str, Style]:
    """Each entity type's style: its cue, in its theme colour."""
    styles = {}
    for entity_type in ENTITY_TYPES:
        style = Style.parse(ENTITY_CUES[entity_type])
        value = variables.get(ENTITY_THEME_COLOURS[entity_type])
        if value:
            try:
                style += Style(color=Color.parse(value).rich_color)
            except ColorParseError:  # a theme without this colour: the cue alone
                pass
        styles[entity_type] = style
    return styles


def component_style(widget: Any, name: str) -> Style:
    """A component class's style to layer over text: only what its CSS sets,
    with colours blended against the widget's background (a partial Rich
    style drops the alpha of colours such as ``$boost`` or ``$text-muted``)."""
    full = widget.get_component_rich_style(name)
    partial = widget.get_component_rich_style(name, partial=True)
    return Style(
        color=full.color if partial.color else None,
        bgcolor=full.bgcolor if partial.bgcolor else None,
        bold=partial.bold,
        dim=partial.dim,
        italic=partial.italic,
        underline=partial.underline,
        reverse=partial.reverse,
        strike=partial.strike,
    )
