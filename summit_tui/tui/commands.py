"""The command palette (Ctrl+P): saved profiles to run, articles to open,
entities to search for and facts to compare, found by name.

Palette hits are built as ``Content`` from plain text, never from markup:
Textual's own ``Matcher.highlight`` parses its argument as markup, which a
title like ``Ukraine [/] talks`` would break.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from summit_tui.tui.render import DISPUTED_MARK, entity_type_name, filters_summary

if TYPE_CHECKING:
    from summit_tui.facts.model import Fact
    from summit_tui.profiles import SearchProfile
    from summit_tui.tui.screens.main import MainScreen

MAX_DISCOVERY = 20
# How long the palette waits for the facts the first time (alignment on a
# cold cache takes longer: they keep coming in the background and show the
# next time; "Facts" opens the list meanwhile).
FACTS_WAIT = 1.0


class SummitCommands(Provider):
    """Run a saved profile, open an article, search for an entity, or
    compare a fact's sources."""

    profiles: tuple[SearchProfile, ...] = ()
    facts: tuple[Fact, ...] = ()

    async def startup(self) -> None:
        """Read the profiles each time the palette opens (another session may
        have saved one), off the event loop: it is file work."""
        main = self._main()
        if main is not None:
            self.profiles = await asyncio.to_thread(main.list_profiles)
            self.facts = tuple(main.known_facts)
            if not self.facts:
                self.facts = await self._first_facts(main)

    @staticmethod
    async def _first_facts(main: MainScreen) -> tuple[Fact, ...]:
        """The facts, if the workspace gives them within ``FACTS_WAIT``; the
        thread goes on and leaves them on the main screen for next time."""
        from summit_tui.errors import SummitError

        task = asyncio.ensure_future(asyncio.to_thread(main.list_facts))
        task.add_done_callback(lambda done: done.cancelled() or done.exception())  # retrieved: no warning
        try:
            return tuple(await asyncio.wait_for(asyncio.shield(task), FACTS_WAIT))
        except (asyncio.TimeoutError, SummitError):
            return ()
        except Exception:  # a bug must not take the palette's articles with it
            return ()

    def _main(self) -> MainScreen | None:
        from summit_tui.tui.screens.main import MainScreen

        screen = self.screen
        return screen if isinstance(screen, MainScreen) else None

    def _candidates(self) -> Iterable[tuple[str, str, object]]:
        """(text to match, help, callback) for everything the palette offers."""
        main = self._main()
        if main is None:
            return
        for profile in self.profiles:
            details = [d for d in (profile.query, filters_summary(profile.filters, profile.sort)) if d]
            kind = "default profile" if profile.is_default else "profile"
            yield (f"Profile: {profile.name}", " · ".join([kind, *details]), partial(main.run_profile, profile))
        for article in main.articles:
            date = article.published.isoformat() if article.published else "no date"
            yield (f"Open: {article.title or article.id}", f"article · {article.source} · {date}",
                   partial(main.open_article, article.id))
        yield ("Facts: every fact across the sources", "f · what two or more sources report", main.action_facts)
        for fact in self.facts:
            total = fact.source_count + len(fact.silent)
            details = [f"{fact.source_count}/{total} sources"] + ([DISPUTED_MARK] if fact.disputed else [])
            yield (f"Fact: {fact.label}", "compare · " + " · ".join(details), partial(main.compare_fact, fact))
        for entity in main.corpus_entities:
            yield (f"Search: {entity.label or entity.key}",
                   f"{entity_type_name(entity.type)} · {entity.count} mentions · {entity.key}",
                   partial(main.search_entity, entity))

    async def discover(self) -> Hits:
        for i, (text, help_text, callback) in enumerate(self._candidates()):
            if i >= MAX_DISCOVERY:
                break
            yield DiscoveryHit(Content(text), callback, text=text, help=Content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._candidates():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlight_literal(matcher, text), callback, text=text,  # type: ignore[arg-type]
                          help=Content(help_text))  # type: ignore[arg-type]


def highlight_literal(matcher: object, text: str) -> Content:
    """``text`` as literal Content with the fuzzy-matched letters styled."""
    content = Content(text)
    fuzzy = getattr(matcher, "fuzzy_search", None)
    query = getattr(matcher, "query", "")
    if fuzzy is None:
        return content
    score, offsets = fuzzy.match(query, text)
    if not score:
        return content
    style = getattr(matcher, "match_style", None) or Style(reverse=True)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
