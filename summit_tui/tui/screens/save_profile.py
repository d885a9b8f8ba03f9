"""Save the current search as a profile (``s``): a name box checked as you
type (``profiles.validate_name``), and a question before an existing
profile is replaced. Dismisses with the name to save under, or None."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from summit_tui.errors import SummitError
from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import DIM_STYLE, ERROR_STYLE, TITLE_STYLE, plain

if TYPE_CHECKING:
    from summit_tui.profiles import SearchProfile

ENTER_HINT = "Enter saves · Esc cancels"


class ProfileNameInput(Input):
    """The name box. Its own class so tests and CSS can find it."""


def existing_profile(profiles: Sequence[SearchProfile], name: str) -> SearchProfile | None:
    """The profile a save under ``name`` would replace (names ignore case)."""
    wanted = name.strip().casefold()
    return next((p for p in profiles if p.key == wanted), None)


class SaveProfileScreen(ModalScreen["str | None"]):
    BINDINGS = bindings_for("dialog")
    DEFAULT_CSS = """
    SaveProfileScreen {
        align: center middle;
    }
    SaveProfileScreen > Vertical {
        width: 72;
        max-width: 95%;
        height: auto;
        border: round $border;
        background: $surface;
        padding: 0 1;
    }
    SaveProfileScreen #what {
        height: auto;
        margin-bottom: 1;
    }
    SaveProfileScreen ProfileNameInput {
        margin-bottom: 1;
    }
    SaveProfileScreen #name-note {
        height: auto;
        color: $text-muted;
    }
    SaveProfileScreen #name-note.-error {
        color: $text-error;
    }
    """

    def __init__(self, query: str, filters_text: str, existing: Sequence[SearchProfile],
                 suggested_name: str = "") -> None:
        """``query`` and ``filters_text`` say what will be saved; ``existing``
        are the profiles there are now (to ask before replacing one)."""
        super().__init__()
        self.query_text = query
        self.filters_text = filters_text
        self.existing = tuple(existing)
        self.suggested_name = suggested_name

    def compose(self) -> ComposeResult:
        what = plain("Query   ", DIM_STYLE).append(plain(self.query_text or "(none)", TITLE_STYLE))
        if self.filters_text:
            what.append("\n").append(plain("Filters ", DIM_STYLE)).append(plain(self.filters_text))
        with Vertical() as box:
            box.border_title = plain("Save the search as a profile")
            box.border_subtitle = plain(ENTER_HINT)
            yield Static(what, id="what")
            yield ProfileNameInput(value=self.suggested_name, placeholder="a name, e.g. Energy deals",
                                   select_on_focus=True, id="profile-name")
            yield Static(plain(""), id="name-note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ProfileNameInput).focus()
        self._check(self.suggested_name)

    @property
    def note(self) -> Static:
        return self.query_one("#name-note", Static)

    def _problem(self, name: str) -> str | None:
        from summit_tui.profiles import validate_name

        try:
            validate_name(name)
        except SummitError as exc:
            return str(exc)
        return None

    def _check(self, name: str) -> bool:
        """Say what is wrong with ``name`` (or what saving it will do); True if it can be saved."""
        problem = self._problem(name) if name.strip() else "Type a name for the profile."
        if problem is not None:
            self._say(plain(problem), error=bool(name.strip()))
            return False
        replaced = existing_profile(self.existing, name)
        if replaced is None:
            self._say(plain(f"A new profile. {ENTER_HINT}."))
        elif replaced.is_default:
            line = plain("Saves your own profile over the default ")
            self._say(line.append(plain(replaced.name, TITLE_STYLE)).append(plain(" (Enter asks first).")))
        else:
            line = plain("Replaces your profile ")
            self._say(line.append(plain(replaced.name, TITLE_STYLE)).append(plain(" (Enter asks first).")))
        return True

    def _say(self, text: Text, *, error: bool = False) -> None:
        if error:
            text.stylize(ERROR_STYLE)
        self.note.update(text)
        self.note.set_class(error, "-error")

    @on(Input.Changed, "ProfileNameInput")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._check(event.value)

    @on(Input.Submitted, "ProfileNameInput")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not self._check(event.value):
            self._say(plain(self._problem(event.value) or "Type a name for the profile."), error=True)
            self.app.bell()
            return
        replaced = existing_profile(self.existing, name)
        if replaced is None:
            self.dismiss(name)
            return
        from summit_tui.tui.screens.confirm import ConfirmScreen

        if replaced.is_default:
            question = plain("Save your own profile over the default ").append(plain(replaced.name, TITLE_STYLE))
            question.append(plain("? The default stays in config.yaml and comes back if you delete yours."))
        else:
            question = plain("Replace your profile ").append(plain(replaced.name, TITLE_STYLE))
            question.append(plain(f" (query: {replaced.query or 'none'}) with this search?"))

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(name)

        self.app.push_screen(ConfirmScreen(question, yes="Replace", no="Keep it", title="Replace a profile?"),
                             answered)

    def action_cancel(self) -> None:
        self.dismiss(None)
