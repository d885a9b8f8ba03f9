"""The entity pane: the current article's entities grouped by type, with
counts. Enter on an entity searches the corpus for it; Enter (or ``t``) on a
type's heading turns its highlighting in the reader on or off. The headings
double as the legend: each shows its type in the reader's style. When ``e``
has turned all highlighting off, every heading says so, and so does the
pane's subtitle; turning one type on turns highlighting back on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.message import Message
from textual.style import Style as ContentStyle
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import DIM_STYLE, entity_type_name, plain
from summit_tui.tui.styles import ENTITY_TYPES, entity_styles

if TYPE_CHECKING:
    from summit_tui.nlp.aggregate import EntityCount
    from summit_tui.nlp.model import Entity

    # An article's entities come with their mentions, the corpus's with
    # totals only; the pane shows key, label, type and count of either.
    ShownEntity = Entity | EntityCount

TYPE_PREFIX = "type:"
ENTITY_PREFIX = "entity:"


class EntityPane(OptionList):
    BINDINGS = bindings_for("list") + bindings_for("entities")
    DEFAULT_CSS = """
    EntityPane {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class EntityChosen(Message):
        def __init__(self, entity: ShownEntity) -> None:
            super().__init__()
            self.entity = entity

    class TypeToggled(Message):
        def __init__(self, entity_type: str, visible: bool) -> None:
            super().__init__()
            self.entity_type = entity_type
            self.visible = visible

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entities: dict[str, ShownEntity] = {}
        self.hidden_types: set[str] = set()
        self.highlighting_on = True  # the reader's master switch (``e``)
        self.scope = ""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        if self.entities:
            self.call_after_refresh(self._render_options)

    def show_entities(self, entities: Sequence[ShownEntity], scope: str) -> None:
        """``scope`` says whose entities these are ("this article", "corpus")."""
        self.entities = {e.key: e for e in entities}
        self.scope = scope
        self._render_options()
        self.border_title = plain(f"Entities · {scope}")

    def show_message(self, message: str) -> None:
        self.entities = {}
        self.set_options([Option(plain(message, DIM_STYLE), disabled=True)])

    def _render_options(self) -> None:
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        by_type: dict[str, list[ShownEntity]] = {}
        for entity in self.entities.values():
            by_type.setdefault(entity.type, []).append(entity)
        options: list[Option] = []
        for entity_type in [t for t in ENTITY_TYPES if t in by_type] + sorted(set(by_type) - set(ENTITY_TYPES)):
            group = sorted(by_type[entity_type], key=lambda e: (-e.count, e.label.casefold()))
            options.append(Option(self._heading(entity_type, group), id=TYPE_PREFIX + entity_type))
            style = self._content_style(self._type_style(entity_type))
            width = len(str(group[0].count)) if group else 1
            for entity in group:
                # Content, not Text: the corpus of a large index has
                # thousands of entities, and the option list would convert
                # every Text (a third of its cost per option).
                # The whole line dim, as a Text styled on creation would be.
                label = (entity.label or entity.key, style) if style else entity.label or entity.key
                line = Content.assemble(f"  {entity.count:>{width}} ", label).stylize_before(DIM_STYLE)
                options.append(Option(line, id=ENTITY_PREFIX + entity.key))
        if not options:
            options = [Option(plain("No entities found.", DIM_STYLE), disabled=True)]
        self.set_options(options)
        self.highlighted = 0
        if keep is not None:
            try:
                self.highlighted = self.get_option_index(keep)
            except OptionDoesNotExist:  # the entity is not in the new list
                pass

    def _content_style(self, style: Style | str) -> ContentStyle | str:
        """A Rich style as the option list would convert it for Content."""
        if isinstance(style, str):
            return style
        return ContentStyle.from_rich_style(style, self.app.ansi_theme)

    def _type_style(self, entity_type: str) -> Style | str:
        return entity_styles(self.app.theme_variables).get(entity_type, "")

    def set_highlighting(self, on: bool) -> None:
        """Show whether the reader highlights entities at all (``e``)."""
        if on == self.highlighting_on:
            return
        self.highlighting_on = on
        self.border_subtitle = None if on else plain("highlighting off (e)")
        if self.entities:
            self._render_options()

    def _heading(self, entity_type: str, group: Sequence[ShownEntity]) -> Text:
        hidden = entity_type in self.hidden_types or not self.highlighting_on
        line = plain("○ " if hidden else "● ")
        line.append(plain(entity_type_name(entity_type), "" if hidden else self._type_style(entity_type)))
        line.append(plain(f" ({len(group)})", DIM_STYLE))
        if hidden:
            line.append(plain(" off", DIM_STYLE))
        return line

    def toggle_type(self, entity_type: str) -> bool:
        # With all highlighting off, a type's switch turns it (and highlighting) on.
        visible = entity_type in self.hidden_types or not self.highlighting_on
        if visible:
            self.hidden_types.discard(entity_type)
        else:
            self.hidden_types.add(entity_type)
        self._render_options()
        self.post_message(self.TypeToggled(entity_type, visible))
        return visible

    def _highlighted_type(self) -> str | None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return None
        if option.id.startswith(TYPE_PREFIX):
            return option.id[len(TYPE_PREFIX):]
        entity = self.entities.get(option.id[len(ENTITY_PREFIX):])
        return entity.type if entity is not None else None

    def action_toggle_type(self) -> None:
        entity_type = self._highlighted_type()
        if entity_type is not None:
            self.toggle_type(entity_type)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith(TYPE_PREFIX):
            self.toggle_type(option_id[len(TYPE_PREFIX):])
        elif option_id.startswith(ENTITY_PREFIX):
            entity = self.entities.get(option_id[len(ENTITY_PREFIX):])
            if entity is not None:
                self.post_message(self.EntityChosen(entity))
