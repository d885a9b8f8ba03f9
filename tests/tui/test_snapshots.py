"""Snapshots of the main screen, the reader with highlights, help and the
profile picker, at 80x24 and 120x40 (and 80x24 with NO_COLOR). Deterministic: the index is
built from the seeds, every worker has finished, the search box's cursor
does not blink and no notification is on screen.

Regenerate with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and
look at the SVGs before accepting them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from summit_tui.tui.app import SummitApp
from summit_tui.tui.widgets.search_bar import SearchInput
from tests.tui.conftest import settle

SIZES = [(80, 24), (120, 40)]
AppFactory = Callable[..., SummitApp]


def steps(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(SearchInput).cursor_blink = False
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, make_app: AppFactory, size: tuple[int, int]) -> None:  # noqa: ANN001
    assert snap_compare(make_app(), terminal_size=size, run_before=steps())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader_with_search_and_entity_highlights(snap_compare, make_app: AppFactory,  # noqa: ANN001
                                                  size: tuple[int, int]) -> None:
    keys = ("slash", *"trade", "enter", "j", "enter", "n")
    assert snap_compare(make_app(), terminal_size=size, run_before=steps(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, make_app: AppFactory, size: tuple[int, int]) -> None:  # noqa: ANN001
    assert snap_compare(make_app(), terminal_size=size, run_before=steps("question_mark"))


def test_reader_without_colour(snap_compare, make_app: AppFactory,  # noqa: ANN001
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    keys = ("slash", *"trade", "enter", "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=steps(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_profile_picker(snap_compare, make_app: AppFactory, seeds_index,  # noqa: ANN001
                        size: tuple[int, int]) -> None:
    from datetime import date

    from summit_tui.profiles import SearchFilters, SearchProfile
    from summit_tui.tui.screens.profile_picker import ProfileFilter
    from summit_tui.workspace import Workspace
    from tests.tui.conftest import seeds_config_at

    store = Workspace(seeds_config_at(seeds_index)).profiles
    store.save(SearchProfile("Energy deals", query="gas OR pipeline OR oil",
                             filters=SearchFilters(types=("MONEY",), date_from=date(2024, 5, 1)), sort="date",
                             description="what each outlet says"))
    store.save(SearchProfile("Xi", filters=SearchFilters(entities=("person:xi_jinping",))))
    store.save(SearchProfile("Trade [talks]", query="trade"))
    store.set_last_used("Xi")

    async def run_before(pilot: Pilot) -> None:
        await steps("p")(pilot)
        pilot.app.screen.query_one(ProfileFilter).cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def facts_steps(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """f, then ``keys``: the facts' filter box does not blink either."""
    async def run_before(pilot: Pilot) -> None:
        from summit_tui.tui.screens.facts import FactFilter

        await steps("f")(pilot)
        pilot.app.screen.query_one(FactFilter).cursor_blink = False
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_facts_list(snap_compare, make_app: AppFactory, size: tuple[int, int]) -> None:  # noqa: ANN001
    assert snap_compare(make_app(), terminal_size=size, run_before=facts_steps())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_comparison_of_the_first_fact(snap_compare, make_app: AppFactory,  # noqa: ANN001
                                      size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=facts_steps("enter"))


def test_comparison_without_colour(snap_compare, make_app: AppFactory,  # noqa: ANN001
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=facts_steps("enter"))
