"""The list in the profile picker: each saved profile with its query, its
filters and its description; default profiles (config.yaml) are marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, filters_summary, plain

if TYPE_CHECKING:
    from summit_tui.profiles import SearchProfile

DEFAULT_MARK = "default"
LAST_USED_MARK = "last used"


def profile_prompt(profile: SearchProfile, *, last_used: bool = False) -> Text:
    """Name (bold) and its marks on the first line, the query on the second,
    then filters and description, dimmed. Every piece is plain text."""
    prompt = plain(profile.name, TITLE_STYLE)
    marks = ([DEFAULT_MARK] if profile.is_default else []) + ([LAST_USED_MARK] if last_used else [])
    if marks:
        prompt.append(plain("  " + " · ".join(marks), "dim italic"))
    prompt.append("\n")
    prompt.append(plain(profile.query) if profile.query else plain("(no query: filters only)", DIM_STYLE))
    details = [d for d in (filters_summary(profile.filters, profile.sort), profile.description or "") if d]
    if details:
        prompt.append("\n")
        prompt.append(plain(" · ".join(" ".join(d.split()) for d in details), DIM_STYLE))
    return prompt


def profile_matches(profile: SearchProfile, words: Sequence[str]) -> bool:
    """Does every word of the filter occur in the name, query or description?"""
    haystack = " ".join((profile.name, profile.query, profile.description or "")).casefold()
    return all(word in haystack for word in words)


class ProfileList(OptionList):
    """The profiles the filter leaves; Enter runs one, ``r`` renames, ``d`` deletes."""

    BINDINGS = bindings_for("profile-list")
    DEFAULT_CSS = """
    ProfileList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class RenameRequested(Message):
        def __init__(self, profile: SearchProfile) -> None:
            super().__init__()
            self.profile = profile

    class DeleteRequested(Message):
        def __init__(self, profile: SearchProfile) -> None:
            super().__init__()
            self.profile = profile

    class LeftTop(Message):
        """Up on the first profile: back to the filter box."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.profiles: dict[str, SearchProfile] = {}  # option id -> profile

    def show_profiles(self, profiles: Sequence[SearchProfile], *, highlight: str | None = None,
                      last_used: str | None = None, empty_note: str = "No profiles.") -> None:
        """List ``profiles``, highlighting the one named ``highlight`` (any case)
        if it is there, else the first."""
        self.profiles = {f"profile-{i}": p for i, p in enumerate(profiles)}
        last_key = last_used.casefold().strip() if last_used else None
        options: list[Option | None] = []
        for option_id, profile in self.profiles.items():
            if options:
                options.append(None)  # a rule between profiles
            options.append(Option(profile_prompt(profile, last_used=profile.key == last_key), id=option_id))
        self.set_options(options or [Option(plain(empty_note, DIM_STYLE), disabled=True)])
        self.highlighted = 0 if self.profiles else None
        if highlight is not None:
            wanted = highlight.casefold().strip()
            found = next((i for i, p in self.profiles.items() if p.key == wanted), None)
            if found is not None:
                try:
                    self.highlighted = self.get_option_index(found)
                except OptionDoesNotExist:  # cannot happen: it was just listed
                    pass

    @property
    def current_profile(self) -> SearchProfile | None:
        option = self.highlighted_option
        return self.profiles.get(option.id or "") if option is not None else None

    def action_cursor_up(self) -> None:
        if not self.highlighted:
            self.post_message(self.LeftTop())
            return
        super().action_cursor_up()

    def action_rename(self) -> None:
        profile = self.current_profile
        if profile is not None:
            self.post_message(self.RenameRequested(profile))

    def action_delete(self) -> None:
        profile = self.current_profile
        if profile is not None:
            self.post_message(self.DeleteRequested(profile))
