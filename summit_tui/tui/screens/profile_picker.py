"""The profile picker (``p``): every saved profile, filtered as you type;
Enter runs one, ``r`` renames it in place, ``d`` deletes it after asking.
Default profiles (config.yaml) are marked and cannot be renamed or deleted.

The list is read from the store each time the picker opens and after each
change, so a profile another session saved shows up. File work runs in a
thread worker; a ``SummitError`` is shown in the picker and as a
notification, never as a traceback. Dismisses with the profile to run, or
None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static

from summit_tui.errors import SummitError
from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import ERROR_STYLE, TITLE_STYLE, plain
from summit_tui.tui.widgets.profile_list import ProfileList, profile_matches
from summit_tui.tui.workers import bug_message, call_on_ui

if TYPE_CHECKING:
    from summit_tui.profiles import ProfileStore, SearchProfile

HINT = "Enter runs · r renames · d deletes · Esc closes"
RENAME_HINT = "Enter renames · Esc cancels"


_FILTER_KEYS = ("to-profile-list",)  # bound on the filter box, so its footer shows them


class ProfileFilter(Input):
    """The filter box: every word typed must occur in a profile's name,
    query or description. Enter runs the highlighted profile; Down goes to
    the list."""

    BINDINGS = [b for b in bindings_for("picker") if b.id in _FILTER_KEYS]


class RenameInput(Input):
    """The new name for the profile being renamed, checked as it is typed."""


class ProfilePicker(ModalScreen["SearchProfile | None"]):
    BINDINGS = [b for b in bindings_for("picker") if b.id not in _FILTER_KEYS]
    DEFAULT_CSS = """
    ProfilePicker {
        align: center middle;
    }
    ProfilePicker > Vertical {
        width: 90%;
        max-width: 100;
        height: 85%;
        border: round $border;
        background: $surface;
        padding: 0 1;
    }
    ProfilePicker ProfileFilter {
        margin-bottom: 1;
    }
    ProfilePicker RenameInput {
        border-title-color: $text-accent;
    }
    ProfilePicker RenameInput {
        display: none;
    }
    ProfilePicker.-renaming RenameInput {
        display: block;
    }
    ProfilePicker ProfileList {
        height: 1fr;
        border: none;
    }
    ProfilePicker #picker-note {
        height: auto;
        max-height: 4;
        color: $text-muted;
    }
    ProfilePicker #picker-note.-error {
        color: $text-error;
    }
    """

    def __init__(self, store: ProfileStore, profiles: Sequence[SearchProfile], *,
                 preselect: str | None = None, problem: str | None = None) -> None:
        """``profiles``: what the store listed just now; ``preselect``: the
        profile to highlight (the last used); ``problem``: what is wrong with
        the profiles file, if anything."""
        super().__init__()
        self.store = store
        self.all_profiles: tuple[SearchProfile, ...] = tuple(profiles)
        self.preselect = preselect
        self.last_used = preselect
        self.problem = problem
        self.renaming: SearchProfile | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain("Profiles")
            box.border_subtitle = plain(HINT)
            yield ProfileFilter(placeholder="type to filter (name, query, description)", compact=True,
                                id="profile-filter")
            yield RenameInput(id="profile-rename")
            yield ProfileList(id="profile-list")
            yield Static(plain(""), id="picker-note")
        yield Footer()

    def on_mount(self) -> None:
        self._show(highlight=self.preselect)
        self._say_default()
        # Typing filters at once; Enter runs the highlighted profile (the last
        # used one, preselected); Down goes to the list for r and d.
        self.filter_box.focus()

    # --- parts ---------------------------------------------------------------------

    @property
    def profile_list(self) -> ProfileList:
        return self.query_one(ProfileList)

    @property
    def filter_box(self) -> ProfileFilter:
        return self.query_one(ProfileFilter)

    @property
    def rename_box(self) -> RenameInput:
        return self.query_one(RenameInput)

    @property
    def note(self) -> Static:
        return self.query_one("#picker-note", Static)

    def _say(self, text: Text | str, *, error: bool = False) -> None:
        line = text if isinstance(text, Text) else plain(text)
        if error:
            line.stylize(ERROR_STYLE)
        self.note.update(line)
        self.note.set_class(error, "-error")

    def _say_default(self) -> None:
        if self.problem:
            self._say(plain(f"{self.problem} (carrying on with the profiles that could be read)"), error=True)
        elif not self.all_profiles:
            self._say("No saved profiles yet: search (/), then press s to save the search as one.")
        else:
            self._say("")

    # --- listing and filtering ---------------------------------------------------------

    def _show(self, *, highlight: str | None = None) -> None:
        words = self.filter_box.value.casefold().split()
        shown = [p for p in self.all_profiles if profile_matches(p, words)]
        if highlight is None and self.profile_list.current_profile is not None:
            highlight = self.profile_list.current_profile.name
        empty = "No profile matches the filter." if self.all_profiles else "No saved profiles yet."
        self.profile_list.show_profiles(shown, highlight=highlight, last_used=self.last_used, empty_note=empty)
        count = f"{len(shown)} of {len(self.all_profiles)}" if words else str(len(self.all_profiles))
        self.query_one(Vertical).border_title = plain(f"Profiles ({count})")

    @on(Input.Changed, "ProfileFilter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show()

    @on(Input.Submitted, "ProfileFilter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._run(self.profile_list.current_profile)

    @on(ProfileList.LeftTop)
    def _left_top(self) -> None:
        self.action_focus_filter()

    def action_focus_filter(self) -> None:
        if self.renaming is None:
            self.filter_box.focus()

    def action_focus_list(self) -> None:
        """Down in the filter box (the list's own Down moves in the list)."""
        if self.renaming is None:
            self.profile_list.focus()

    # --- running -------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "ProfileList")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._run(self.profile_list.current_profile)

    def _run(self, profile: SearchProfile | None) -> None:
        if profile is None:
            self.app.bell()
            return
        self.dismiss(profile)

    def action_close(self) -> None:
        if self.renaming is not None:
            self._end_rename()
            self._say_default()
            return
        self.dismiss(None)

    # --- renaming ------------------------------------------------------------------------

    @on(ProfileList.RenameRequested)
    def _rename_requested(self, event: ProfileList.RenameRequested) -> None:
        profile = event.profile
        if profile.is_default:
            self._refuse_default(profile, "renamed")
            return
        self.renaming = profile
        self.add_class("-renaming")
        box = self.rename_box
        box.value = profile.name
        box.border_title = plain(f"New name for {profile.name}")
        box.focus()
        self._check_new_name(profile.name)

    def _check_new_name(self, name: str) -> bool:
        from summit_tui.profiles import validate_name

        assert self.renaming is not None
        try:
            validate_name(name)
        except SummitError as exc:
            self._say(str(exc), error=True)
            return False
        taken = next((p for p in self.all_profiles if p.key == name.strip().casefold()), None)
        if taken is not None and taken.key != self.renaming.key:
            kind = "a default profile" if taken.is_default else "a profile"
            self._say(plain(f"There is {kind} named ").append(plain(taken.name, TITLE_STYLE))
                      .append(plain(" already; pick another name.")), error=True)
            return False
        if name.strip() == self.renaming.name:
            line = plain("Type a new name for ").append(plain(self.renaming.name, TITLE_STYLE))
            self._say(line.append(plain(". Esc cancels.")))
            return True
        line = plain("Rename ").append(plain(self.renaming.name, TITLE_STYLE)).append(plain(" to "))
        self._say(line.append(plain(name.strip(), TITLE_STYLE)).append(plain(f". {RENAME_HINT}.")))
        return True

    @on(Input.Changed, "RenameInput")
    def _rename_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.renaming is not None:
            self._check_new_name(event.value)

    @on(Input.Submitted, "RenameInput")
    def _rename_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        profile = self.renaming
        if profile is None:
            return
        if not self._check_new_name(event.value):
            self.app.bell()
            return
        new_name = event.value.strip()
        if new_name == profile.name:
            self._end_rename()
            self._say_default()
            return
        self._change(lambda store: store.rename(profile.name, new_name),
                     f"Renamed {profile.name} to {new_name}.", highlight=new_name)

    def _end_rename(self) -> None:
        self.renaming = None
        self.remove_class("-renaming")
        self.profile_list.focus()

    # --- deleting ------------------------------------------------------------------------

    @on(ProfileList.DeleteRequested)
    def _delete_requested(self, event: ProfileList.DeleteRequested) -> None:
        profile = event.profile
        if profile.is_default:
            self._refuse_default(profile, "deleted")
            return
        from summit_tui.tui.screens.confirm import ConfirmScreen

        question = plain("Delete the profile ").append(plain(profile.name, TITLE_STYLE))
        question.append(plain(f" (query: {profile.query or 'none'})? This cannot be undone here "
                              f"({self.store.backup_path.name} keeps the file as it was before the last save)."))

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(lambda store: store.delete(profile.name), f"Deleted the profile {profile.name}.")

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep", title="Delete a profile?"), answered)

    def _refuse_default(self, profile: SearchProfile, verb: str) -> None:
        message = (f"{profile.name} is a default profile: it lives in config.yaml (profiles:) "
                   f"and cannot be {verb} here.")
        self._say(message, error=True)
        self.app.notify(message, title="Profiles", severity="warning", markup=False)

    # --- changing the store (in a worker) ------------------------------------------------

    def _change(self, change: Callable[[ProfileStore], object], done: str, *, highlight: str | None = None) -> None:
        self._change_worker(change, done, highlight)

    @work(thread=True, exclusive=True, group="profiles")
    def _change_worker(self, change: Callable[[ProfileStore], object], done: str, highlight: str | None) -> None:
        try:
            change(self.store)
            loaded = self.store.load()
        except SummitError as exc:
            self._call(self._change_failed, str(exc))
            return
        except Exception as exc:  # a bug: one line, and the picker stays usable
            self._call(self._change_failed, bug_message(exc))
            return
        self._call(self._changed, loaded.profiles, loaded.problem, done, highlight)

    def _call(self, callback: Callable[..., Any], *args: Any) -> None:
        call_on_ui(self.app, callback, *args)

    def _changed(self, profiles: Sequence[SearchProfile], problem: str | None, done: str,
                 highlight: str | None) -> None:
        self.all_profiles = tuple(profiles)
        self.problem = problem
        if self.renaming is not None and highlight is not None \
                and self.last_used and self.last_used.casefold() == self.renaming.name.casefold():
            self.last_used = highlight  # the store moved "last used" along with the name
        if self.renaming is not None:
            self._end_rename()
        self._show(highlight=highlight)
        self.profile_list.focus()
        self._say(done)  # the picker's own line says it; a toast would cover the list

    def _change_failed(self, message: str) -> None:
        self._say(message, error=True)
        self.app.notify(message, title="Profiles", severity="error", markup=False)
