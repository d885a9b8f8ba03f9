"""The search box at the top of the main screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

PLACEHOLDER = 'words, "a phrase", title:putin, entity:person:xi_jinping'


class SearchInput(Input):
    """The query box. Its own class so tests and CSS can find it."""


class SearchBar(Horizontal):
    """A one-line search box; Enter posts ``Input.Submitted`` to the screen."""

    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        width: 1fr;
    }
    SearchBar > Label {
        width: auto;
        padding: 0 1;
        color: $text-muted;
    }
    SearchBar:focus-within > Label {
        color: $text-accent;
        text-style: bold;
    }
    SearchBar > SearchInput {
        width: 1fr;
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("Search")
        yield SearchInput(placeholder=PLACEHOLDER, compact=True, select_on_focus=True, id="query")

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    @property
    def value(self) -> str:
        return self.input.value

    def set_query(self, query: str) -> None:
        self.input.value = query
        self.input.cursor_position = len(query)
