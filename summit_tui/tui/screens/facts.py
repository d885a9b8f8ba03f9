"""The facts (``f``): what two or more sources report, config facts first,
each with how many sources report it and a mark where they differ. Typing
in the filter box narrows the list; Enter opens the fact's comparison.

The facts come from ``Workspace.facts`` in a thread worker: on a cold cache
alignment takes seconds, and the list shows a loading indicator meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input

from summit_tui.errors import SummitError
from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import plain
from summit_tui.tui.widgets.fact_list import FactList, fact_matches, ordered_facts
from summit_tui.tui.workers import bug_message, call_on_ui

if TYPE_CHECKING:
    from summit_tui.facts.model import Fact

_FILTER_KEYS = ("to-fact-list",)  # bound on the filter box, so its footer shows them
HINT = "Enter compares · / filters · Esc back"

LoadFacts = Callable[[Callable[..., None] | None], Sequence["Fact"]]  # (progress) -> facts, in a thread


class FactFilter(Input):
    """Every word typed must occur in a fact's label, statements or sources.
    Enter compares the highlighted fact; Down goes to the list."""

    BINDINGS = [b for b in bindings_for("facts") if b.id in _FILTER_KEYS]


class FactsScreen(Screen[None]):
    BINDINGS = [b for b in bindings_for("facts") if b.id not in _FILTER_KEYS]
    # Typing filters at once (as in the profile picker); Down goes to the list.
    AUTO_FOCUS = "FactFilter"

    def __init__(self, load_facts: LoadFacts, open_fact: Callable[[Fact], None]) -> None:
        """``load_facts``: fetches the facts (called in a thread, with a
        progress callback); ``open_fact``: shows a fact's comparison."""
        super().__init__()
        self.load_facts = load_facts
        self.open_fact = open_fact
        self.all_facts: list[Fact] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(id="facts-box"):
            yield FactFilter(placeholder="type to filter (label, statement, source)", compact=True,
                             id="fact-filter")
            yield FactList(id="fact-list")
        yield Footer(compact=True)

    @property
    def fact_list(self) -> FactList:
        return self.query_one(FactList)

    @property
    def filter_box(self) -> FactFilter:
        return self.query_one(FactFilter)

    def on_mount(self) -> None:
        box = self.query_one("#facts-box", Vertical)
        box.border_title = plain("Facts")
        box.border_subtitle = plain(HINT)
        self.fact_list.loading = True
        self._load()

    # --- loading (a thread: alignment may take seconds on a cold cache) ---------------

    @work(thread=True, exclusive=True, group="facts")
    def _load(self) -> None:
        try:
            facts = self.load_facts(self._progress)
        except SummitError as exc:
            self._call(self._failed, str(exc))
            return
        except Exception as exc:  # a bug: one line, and the app goes on
            self._call(self._failed, bug_message(exc))
            return
        self._call(self._loaded, list(facts))

    def _progress(self, *args: Any) -> None:
        """Whatever the alignment reports: "done of total" when it gives two
        numbers first."""
        if len(args) >= 2 and all(isinstance(a, int) for a in args[:2]):
            self._call(self._say_progress, f"Aligning sentences across sources… {args[0]}/{args[1]}")

    def _say_progress(self, message: str) -> None:
        if self.is_attached and not self.loaded:
            self.query_one("#facts-box", Vertical).border_subtitle = plain(message)

    def _call(self, callback: Callable[..., Any], *args: Any) -> None:
        call_on_ui(self.app, callback, *args)

    def _failed(self, message: str) -> None:
        if not self.is_attached:  # closed while the workspace was busy
            return
        self.fact_list.loading = False
        self.fact_list.show_message(f"Cannot list the facts: {message}")
        self.app.notify(message, title="Facts", severity="error", markup=False)

    def _loaded(self, facts: list[Fact]) -> None:
        if not self.is_attached:
            return
        self.all_facts = ordered_facts(facts)
        self.loaded = True
        self.fact_list.loading = False
        self.query_one("#facts-box", Vertical).border_subtitle = plain(HINT)
        self._show()

    # --- filtering -------------------------------------------------------------------

    def _show(self) -> None:
        words = self.filter_box.value.casefold().split()
        shown = [fact for fact in self.all_facts if fact_matches(fact, words)]
        if self.all_facts:
            empty = "No fact matches the filter."
        else:
            empty = "No facts: no two sources report the same thing closely enough."
        self.fact_list.show_facts(shown, empty_note=empty)
        disputed = sum(fact.disputed for fact in shown)
        count = f"{len(shown)} of {len(self.all_facts)}" if words else str(len(self.all_facts))
        self.query_one("#facts-box", Vertical).border_title = plain(f"Facts ({count}, {disputed} differ)")

    @on(Input.Changed, "FactFilter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.loaded:
            self._show()

    @on(Input.Submitted, "FactFilter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._open(self.fact_list.current_fact)

    @on(FactList.LeftTop)
    def _left_top(self) -> None:
        self.action_focus_filter()

    @on(FactList.Chosen)
    def _chosen(self, event: FactList.Chosen) -> None:
        event.stop()
        self._open(event.fact)

    def _open(self, fact: Fact | None) -> None:
        if fact is None:
            self.app.bell()
            return
        self.open_fact(fact)

    # --- actions (keys) ----------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.filter_box.focus()

    def action_focus_list(self) -> None:
        self.fact_list.focus()

    def action_close(self) -> None:
        self.dismiss(None)

