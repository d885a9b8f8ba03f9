"""Help (``?``): every key binding, generated from the keymap registry with
the user's overrides applied, so it can never disagree with the keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from summit_tui.tui.keymap import SCOPES, bindings_for, documented_specs, effective_keys, meaning
from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, plain

_SCROLL_ACTIONS = {"cursor_down": "scroll_down", "cursor_up": "scroll_up", "first": "scroll_home",
                   "last": "scroll_end", "page_down": "page_down", "page_up": "page_up", "select": ""}


class HelpScroll(VerticalScroll):
    BINDINGS = bindings_for("list", actions=_SCROLL_ACTIONS)


def bindings_table(keymap: Mapping[str, str], key_display: Callable[[str], str]) -> Group:
    """One titled table per scope: keys, what they do, the id to rebind them."""
    rows = {
        scope: [(" ".join(key_display(key) for key in effective_keys(spec, keymap)),
                 meaning(scope, spec), spec.id)
                for spec in documented_specs(scope)]
        for scope in SCOPES
    }
    key_width = max(len(keys) for scope_rows in rows.values() for keys, _, _ in scope_rows)
    id_width = max(len(binding_id) for scope_rows in rows.values() for _, _, binding_id in scope_rows)
    parts: list[Table | Text] = []
    for scope, title in SCOPES.items():
        parts.append(plain(title, "bold underline"))
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column("keys", no_wrap=True, width=key_width)
        table.add_column("action", ratio=1)
        table.add_column("id", no_wrap=True, width=id_width)
        for keys, description, binding_id in rows[scope]:
            table.add_row(plain(keys, TITLE_STYLE), plain(description), plain(binding_id, DIM_STYLE))
        parts.append(table)
        parts.append(plain(""))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for("help")
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > Vertical {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: round $border;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen HelpScroll {
        height: 1fr;
    }
    HelpScreen #help-note {
        height: auto;
        color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        app = self.app
        keymap: Mapping[str, str] = getattr(app, "keymap_overrides", {})

        def key_display(key: str) -> str:
            return app.get_key_display(Binding(key, ""))

        with Vertical() as box:
            box.border_title = plain("Keys")
            box.border_subtitle = plain("Esc to close")
            with HelpScroll():
                yield Static(bindings_table(keymap, key_display), id="help-table")
            note = Text()
            note.append(plain("Change a key in config.yaml by its id, e.g. "))
            note.append(plain("keymap: {search: ctrl+f, next-match: ctrl+n}", TITLE_STYLE))
            note.append(plain(". Ctrl+Q also quits. Ctrl+P finds profiles, articles, entities and facts by name."))
            yield Static(note, id="help-note")

    def on_mount(self) -> None:
        self.query_one(HelpScroll).focus()
