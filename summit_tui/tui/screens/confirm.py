"""A yes/no question in a small modal (delete a profile? replace one?).
``y`` answers yes, ``n`` or Esc no; the "no" button has the focus, so an
Enter pressed out of habit changes nothing."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import plain


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = bindings_for("confirm")
    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    ConfirmScreen > Vertical {
        width: 64;
        max-width: 95%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 0 1;
    }
    ConfirmScreen #question {
        height: auto;
        margin: 1 0;
    }
    ConfirmScreen Horizontal {
        height: auto;
        align-horizontal: right;
    }
    ConfirmScreen Button {
        margin-left: 2;
    }
    """

    def __init__(self, question: Text | str, *, yes: str, no: str, title: str = "Are you sure?") -> None:
        """``question`` is shown as plain text (a profile name in it is data);
        ``yes``/``no`` label the buttons ("Delete", "Keep")."""
        super().__init__()
        self.question = question if isinstance(question, Text) else plain(question)
        self.yes_label = yes
        self.no_label = no
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.title_text)
            box.border_subtitle = plain("y yes · n / Esc no")
            yield Static(self.question, id="question")
            with Horizontal():
                yield Button(plain(f"{self.yes_label} (y)"), id="yes", variant="error", compact=True)
                yield Button(plain(f"{self.no_label} (n)"), id="no", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")
