"""What the side pane shows while the index is being built (first run)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar

from summit_tui.tui.render import DIM_STYLE, plain


class IndexProgress(Vertical):
    DEFAULT_CSS = """
    IndexProgress {
        height: auto;
        padding: 1 1;
    }
    IndexProgress > ProgressBar {
        margin: 1 0;
    }
    """

    def __init__(self, reason: str, **kwargs: object) -> None:
        """``reason``: why the index is being built ("no index yet at …")."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._reason = reason

    def compose(self) -> ComposeResult:
        yield Label(plain("Building the search index…"))
        yield Label(plain(self._reason, DIM_STYLE))
        yield ProgressBar(total=None, show_eta=False)
        yield Label(plain("", DIM_STYLE), id="progress-file")

    def advance(self, done: int, total: int, path: str) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#progress-file", Label).update(plain(path, DIM_STYLE))
