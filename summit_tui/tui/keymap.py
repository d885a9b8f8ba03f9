"""Every key binding of the TUI, in one registry.

Each binding has an ``id`` and a description; widgets and screens build
their ``BINDINGS`` from here (``bindings_for``), the help screen lists this
registry, and ``keymap:`` in config.yaml maps binding ids to other keys
(users inside tmux or screen need that: posting#95). Textual applies the
override with ``App.set_keymap``; ``keymap_from_config`` validates it first.

A binding id names one meaning everywhere: ``cursor-down`` moves down in
every list and a sentence down in the reader, so one override moves them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding

from summit_tui.errors import ConfigError


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str  # Textual key names, comma-separated: "down,j"
    action: str
    description: str  # short: the footer shows it
    scope: str  # where it works: a key of SCOPES
    show: bool = False  # in the footer
    priority: bool = False
    help: str = ""  # the longer text the help screen shows, if the description is not enough

    @property
    def help_text(self) -> str:
        return self.help or self.description


# Where each binding works, in the order the help screen lists them.
SCOPES: dict[str, str] = {
    "app": "Everywhere",
    "main": "Main screen",
    "list": "Lists (articles, results, entities, profiles, facts)",
    "reader": "Reader",
    "entities": "Entity pane",
    "picker": "Profile picker (p)",
    "profile-list": "Profile picker, on the list",
    "dialog": "Save dialog (s)",
    "confirm": "Questions (replace? delete?)",
    "facts": "Facts (f)",
    "comparison": "Comparison (c, or Enter on a fact)",
    "help": "Help",
}

KEYS: tuple[KeySpec, ...] = (
    KeySpec("help", "question_mark", "app.help", "Help", "app", show=True, help="Help: every key"),
    KeySpec("quit", "q", "app.quit", "Quit", "app", show=True),
    KeySpec("palette", "ctrl+p", "app.command_palette", "Palette", "app", priority=True,
            help="Command palette: run a saved profile, open an article, search for an entity, by name"),
    KeySpec("search", "slash", "screen.focus_search", "Search", "main", show=True,
            help="Search (type a query, Enter)"),
    KeySpec("back", "escape", "screen.back", "Back", "main",
            help="Back: leave the search box, the reader; on the results, clear the filters, then close them"),
    KeySpec("focus-next", "tab", "app.focus_next", "Next pane", "main"),
    KeySpec("focus-previous", "shift+tab", "app.focus_previous", "Previous pane", "main"),
    # The footer holds what fits in 80 columns; n/N and y live in help (?) and
    # the reader's status line shows "match 1/4".
    KeySpec("next-match", "n", "screen.next_match", "Next match", "main",
            help="Next match of the search in the reader"),
    KeySpec("previous-match", "N", "screen.previous_match", "Previous match", "main",
            help="Previous match of the search in the reader"),
    KeySpec("entity-highlighting", "e", "screen.toggle_entities", "Entities", "main", show=True,
            help="Entity highlighting in the reader on/off"),
    KeySpec("copy", "y", "screen.copy", "Copy", "main",
            help="Copy the reader's current sentence, or the selected snippet in the results (OSC 52)"),
    KeySpec("save-profile", "s", "screen.save_profile", "Save search", "main",
            help="Save the current search (query and filters) as a profile"),
    KeySpec("profiles", "p", "screen.pick_profile", "Profiles", "main", show=True,
            help="Saved search profiles: run, rename, delete"),
    KeySpec("compare", "c", "screen.compare", "Compare", "main", show=True,
            help="Compare across sources: the sentence under the reader's cursor; on the results, the "
                 "highlighted hit's sentence (on the count line, the whole query)"),
    KeySpec("facts", "f", "screen.facts", "Facts", "main", show=True,
            help="Facts: what two or more sources report, marked where they differ"),
    KeySpec("cursor-down", "down,j", "cursor_down", "Down", "list"),
    KeySpec("cursor-up", "up,k", "cursor_up", "Up", "list"),
    KeySpec("first", "home,g", "first", "First", "list"),
    KeySpec("last", "end,G", "last", "Last", "list"),
    KeySpec("page-down", "pagedown", "page_down", "Page down", "list"),
    KeySpec("page-up", "pageup", "page_up", "Page up", "list"),
    KeySpec("open", "enter", "select", "Open", "list",
            help="Open the article in the reader; on an entity, search for it; on \"did you mean\", search that; "
                 "on a fact, compare its sources"),
    KeySpec("reader-page-down", "space", "page_down", "Page down", "reader"),
    KeySpec("reader-page-up", "b", "page_up", "Page up", "reader"),
    KeySpec("toggle-type", "t", "toggle_type", "Type on/off", "entities",
            help="Highlighting of this entity type on/off (Enter on a type's heading does the same)"),
    KeySpec("close-picker", "escape", "close", "Close", "picker", show=True,
            help="Close the picker (while renaming: cancel the rename)"),
    KeySpec("filter-profiles", "slash", "focus_filter", "Filter", "picker",
            help="Back to the filter box (so does Up on the first profile); typing there filters"),
    KeySpec("to-profile-list", "down", "screen.focus_list", "To the list", "picker", show=True,
            help="From the filter box down to the list, where r and d work (Enter runs from either)"),
    KeySpec("run-profile", "enter", "select", "Run", "profile-list", show=True,
            help="Run the profile: its query, filters and sort"),
    KeySpec("rename-profile", "r", "rename", "Rename", "profile-list", show=True,
            help="Rename one of your profiles (default profiles live in config.yaml)"),
    KeySpec("delete-profile", "d", "delete", "Delete", "profile-list", show=True,
            help="Delete one of your profiles (asks first)"),
    KeySpec("cancel-dialog", "escape", "cancel", "Cancel", "dialog", show=True,
            help="Close the save dialog without saving (Enter saves)"),
    KeySpec("confirm-yes", "y", "answer(True)", "Yes", "confirm", show=True),
    KeySpec("confirm-no", "n,escape", "answer(False)", "No", "confirm", show=True),
    KeySpec("close-facts", "escape", "close", "Back", "facts", show=True,
            help="Back to the main screen"),
    KeySpec("filter-facts", "slash", "focus_filter", "Filter", "facts", show=True,
            help="Back to the filter box; typing there keeps the facts whose label or statements hold every word"),
    KeySpec("to-fact-list", "down", "screen.focus_list", "To the list", "facts",
            help="From the filter box down to the list (Enter compares from either)"),
    KeySpec("close-comparison", "escape", "close", "Back", "comparison", show=True,
            help="Back to where the comparison was opened"),
    KeySpec("copy-comparison", "y", "copy", "Copy", "comparison", show=True,
            help="Copy the whole comparison as plain text (OSC 52)"),
    KeySpec("open-source", "enter,o", "open_source", "Open", "comparison", show=True,
            help="Open the focused source's article in the reader, at its sentence"),
    KeySpec("next-source", "right,l", "next_source", "Next source", "comparison",
            help="Next source (Tab too)"),
    KeySpec("previous-source", "left,h", "previous_source", "Previous source", "comparison",
            help="Previous source (Shift+Tab too)"),
    KeySpec("close-help", "escape,q,question_mark", "dismiss", "Close help", "help"),
)
KEYS_BY_ID: dict[str, KeySpec] = {spec.id: spec for spec in KEYS}

# The reader moves sentence by sentence with the list keys.
_READER_SHARED = ("cursor-down", "cursor-up", "first", "last", "page-down", "page-up")
READER_MEANINGS = {
    "cursor-down": "Next sentence",
    "cursor-up": "Previous sentence",
    "first": "First sentence",
    "last": "Last sentence",
    "page-down": "Page down",
    "page-up": "Page up",
}


# The comparison scrolls with the list keys.
_COMPARISON_SHARED = ("cursor-down", "cursor-up", "first", "last", "page-down", "page-up")
COMPARISON_MEANINGS = {
    "cursor-down": "Scroll down",
    "cursor-up": "Scroll up",
    "first": "To the top",
    "last": "To the bottom",
    "page-down": "Page down",
    "page-up": "Page up",
}
_SHARED_MEANINGS = {"reader": READER_MEANINGS, "comparison": COMPARISON_MEANINGS}


def meaning(scope: str, spec: KeySpec) -> str:
    """What ``spec`` does in ``scope``: a list key scrolls the comparison."""
    return _SHARED_MEANINGS.get(scope, {}).get(spec.id, spec.help_text)


# The profile list moves with the list keys; Enter there runs a profile
# (``run-profile``), so the list's own "open" is left out.
_PROFILE_LIST_SHARED = ("cursor-down", "cursor-up", "first", "last", "page-down", "page-up")


def specs_for(scope: str) -> list[KeySpec]:
    specs = [spec for spec in KEYS if spec.scope == scope]
    if scope == "reader":
        specs = [KEYS_BY_ID[i] for i in _READER_SHARED] + specs
    elif scope == "profile-list":
        specs = [KEYS_BY_ID[i] for i in _PROFILE_LIST_SHARED] + specs
    elif scope == "comparison":
        specs = [KEYS_BY_ID[i] for i in _COMPARISON_SHARED] + specs
    return specs


def documented_specs(scope: str) -> list[KeySpec]:
    """What help and the README list under ``scope``: the profile list's
    moves are the lists' own, so they are listed once, under "Lists"."""
    specs = specs_for(scope)
    if scope == "profile-list":
        specs = [spec for spec in specs if spec.id not in _PROFILE_LIST_SHARED]
    return specs


def bindings_for(scope: str, *, actions: Mapping[str, str] | None = None) -> list[Binding]:
    """The ``BINDINGS`` of a screen or widget of ``scope``. ``actions`` renames
    actions for a widget that does the same under another name (a scrolling
    container's ``scroll_down`` for ``cursor_down``); bindings whose action
    it maps to "" are left out."""
    renamed = actions or {}
    return [
        Binding(spec.keys, renamed.get(spec.action, spec.action), spec.description, show=spec.show,
                priority=spec.priority, id=spec.id)
        for spec in specs_for(scope)
        if renamed.get(spec.action, spec.action)
    ]


# --- the keys as the README lists them -------------------------------------------

_KEY_LABELS = {
    "question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "space": "Space", "tab": "Tab",
    "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp", "pagedown": "PgDn",
    "home": "Home", "end": "End",
}


def key_label(key: str) -> str:
    """A key as people write it: ``ctrl+p`` -> ``Ctrl+P``, ``question_mark`` -> ``?``."""
    *mods, last = key.split("+")
    name = _KEY_LABELS.get(last, last if len(last) == 1 else last.title())
    if mods and len(name) == 1:
        name = name.upper()
    return "+".join([*(m.title() for m in mods), name])


def keys_markdown() -> str:
    """The README's table of keys, generated from this registry (a test
    holds the README to it: ``python -m summit_tui.tui.keymap`` prints it)."""
    lines = ["| where | keys | what it does | id |", "| --- | --- | --- | --- |"]
    for scope, title in SCOPES.items():
        for spec in documented_specs(scope):
            what = meaning(scope, spec)
            keys = " ".join(f"`{key_label(k.strip())}`" for k in spec.keys.split(","))
            what = what.replace("|", "\\|")
            lines.append(f"| {title} | {keys} | {what} | `{spec.id}` |")
    return "\n".join(lines) + "\n"


# --- overrides from config -----------------------------------------------------

_KEY_RE = re.compile(r"^[A-Za-z0-9_+\-]+$|^.$")


def keymap_from_config(section: object) -> dict[str, str]:
    """The ``keymap:`` section of config, checked: a mapping of binding id to
    keys (``"ctrl+f"`` or ``"down,ctrl+n"``). Raises ConfigError naming the
    problem, with the known ids for an unknown one."""
    if section in (None, ""):
        return {}
    if not isinstance(section, Mapping):
        raise ConfigError("config: 'keymap' must be a mapping of binding id to keys, e.g. keymap: {search: ctrl+f}")
    keymap: dict[str, str] = {}
    for binding_id, keys in section.items():
        if binding_id not in KEYS_BY_ID:
            import difflib

            close = difflib.get_close_matches(str(binding_id), KEYS_BY_ID, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(
                f"config: keymap: unknown binding id {str(binding_id)!r}{hint}; "
                f"known ids: {', '.join(sorted(KEYS_BY_ID))}"
            )
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(f"config: keymap: {binding_id!r} needs keys as text, e.g. {binding_id}: ctrl+f")
        parts = [part.strip() for part in keys.split(",")]
        bad = [part for part in parts if not part or not _KEY_RE.match(part)]
        if bad:
            raise ConfigError(
                f"config: keymap: {binding_id!r} has an invalid key {bad[0]!r}; "
                "write keys like ctrl+f, f3, j or down,ctrl+n"
            )
        keymap[binding_id] = ",".join(parts)
    _check_clashes(keymap)
    return keymap


def effective_keys(spec: KeySpec, keymap: Mapping[str, str]) -> list[str]:
    return [key.strip() for key in keymap.get(spec.id, spec.keys).split(",")]


def _normal(key: str) -> str:
    from textual.keys import _character_to_key

    return _character_to_key(key) if len(key) == 1 else key


def _check_clashes(keymap: Mapping[str, str]) -> None:
    """Two bindings that work at the same time must not share a key."""
    together = [("app", "main", "list"), ("app", "main", "reader"), ("app", "main", "entities"),
                ("app", "main", "list", "entities"), ("app", "picker", "profile-list"), ("app", "dialog"),
                ("app", "confirm"), ("app", "facts", "list"), ("app", "comparison")]
    for scopes in together:
        seen: dict[str, str] = {}
        specs: Iterable[KeySpec] = {s.id: s for scope in scopes for s in specs_for(scope)}.values()
        for spec in specs:
            for key in effective_keys(spec, keymap):
                other = seen.setdefault(_normal(key), spec.id)
                if other != spec.id and (spec.id in keymap or other in keymap):
                    raise ConfigError(
                        f"config: keymap: key {key!r} would do two things: {other!r} and {spec.id!r}; "
                        "give one of them another key"
                    )


if __name__ == "__main__":
    print(keys_markdown(), end="")
