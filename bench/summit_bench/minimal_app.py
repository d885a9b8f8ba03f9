"""The first-paint yardstick: the smallest Textual app that shows a screen
(one Static and a Footer). ``summit-tui`` is measured against it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

READY_TEXT = "summit-bench minimal app ready"


class MinimalApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
