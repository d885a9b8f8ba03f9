"""The facts list: each fact with how many sources report it and whether
they differ; Enter opens its comparison. Facts from config.yaml come first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import DIM_STYLE, fact_prompt, plain
from summit_tui.tui.styles import component_style

if TYPE_CHECKING:
    from summit_tui.facts.model import Fact


def fact_matches(fact: Fact, words: Sequence[str]) -> bool:
    """Does every word of the filter occur in the label, a statement, a
    source's name or an entity key?"""
    haystack = " ".join((fact.label, *(s.text for s in fact.statements), *(s.source for s in fact.statements),
                         *fact.entities)).casefold()
    return all(word in haystack for word in words)


def ordered_facts(facts: Sequence[Fact]) -> list[Fact]:
    """Config-defined facts first; otherwise the workspace's order (most
    sources first) is kept."""
    return sorted(facts, key=lambda fact: not fact.defined)


class FactList(OptionList):
    """Facts; Enter (``open``) chooses one. Up on the first goes back to the
    filter box."""

    BINDINGS = bindings_for("list")
    COMPONENT_CLASSES = {"fact-list--disputed"}
    DEFAULT_CSS = """
    FactList > .fact-list--disputed {
        color: $text-error;
        text-style: bold reverse;
    }
    """

    class Chosen(Message):
        def __init__(self, fact: Fact) -> None:
            super().__init__()
            self.fact = fact

    class LeftTop(Message):
        """Up on the first fact: back to the filter box."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.facts: dict[str, Fact] = {}

    def show_facts(self, facts: Sequence[Fact], *, empty_note: str = "No facts.") -> None:
        """List ``facts``, keeping the highlighted one if it is still there."""
        keep = self.current_fact.id if self.current_fact is not None else None
        self.facts = {f"fact-{i}": fact for i, fact in enumerate(facts)}  # fact ids may hold any character
        style = component_style(self, "fact-list--disputed")
        options: list[Option | None] = []
        for key, fact in self.facts.items():
            if options:
                options.append(None)  # a rule between facts
            options.append(Option(fact_prompt(fact, disputed_style=style), id=key))
        if not options:
            options.append(Option(plain(empty_note, DIM_STYLE), disabled=True))
        self.set_options(options)
        if self.facts:
            kept = next((key for key, fact in self.facts.items() if fact.id == keep), "fact-0")
            self.highlighted = self.get_option_index(kept)

    def show_message(self, message: str) -> None:
        self.facts = {}
        self.set_options([Option(plain(message, DIM_STYLE), disabled=True)])

    @property
    def current_fact(self) -> Fact | None:
        option = self.highlighted_option
        return self.facts.get(option.id or "") if option is not None else None

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0):
            self.post_message(self.LeftTop())
            return
        super().action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        fact = self.facts.get(event.option.id or "")
        if fact is not None:
            self.post_message(self.Chosen(fact))
