"""Saved search profiles in the TUI, driven with Pilot on the seeds: save the
search (``s``), pick (``p``) with type-to-filter, run, rename, delete; the
palette; ``--profile``; the last used profile; a broken profiles file.

The store the app uses is the one a second session would use (the same
isolated XDG folders), so "another terminal" is a second ``Workspace`` here.
Expected hits come from the Workspace (the core), never typed in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from summit_tui.config import load_config
from summit_tui.profiles import ProfileStore, SearchFilters, SearchProfile
from summit_tui.tui.app import SummitApp
from summit_tui.tui.screens.confirm import ConfirmScreen
from summit_tui.tui.screens.main import MainScreen
from summit_tui.tui.screens.profile_picker import ProfileFilter, ProfilePicker, RenameInput
from summit_tui.tui.screens.save_profile import ProfileNameInput, SaveProfileScreen
from summit_tui.tui.widgets.profile_list import ProfileList
from summit_tui.tui.widgets.results import Results
from summit_tui.tui.widgets.search_bar import SearchInput
from summit_tui.workspace import Workspace
from tests.conftest import SEEDS
from tests.tui.conftest import search, seeds_config_at, settle

AppFactory = Callable[..., SummitApp]

ENERGY = SearchProfile("Energy deals", query="gas OR pipeline OR oil",
                       filters=SearchFilters(types=("MONEY",), date_from=date(2024, 5, 1)),
                       sort="date", description="what each outlet says")
XI = SearchProfile("Xi", query="", filters=SearchFilters(entities=("person:xi_jinping",)))


@pytest.fixture
def other_session(seeds_index: Path) -> ProfileStore:
    """The profile store as a second summit-tui (another terminal) sees it."""
    return Workspace(seeds_config_at(seeds_index)).profiles


def note_text(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def listed(picker: ProfilePicker) -> list[str]:
    return [p.name for p in picker.query_one(ProfileList).profiles.values()]


def header(app: SummitApp) -> str:
    """The results' header line(s) and the pane's title, as a user reads them."""
    from textual.content import Content

    results = app.screen.query_one(Results)
    return str(results.options[0].prompt.plain) + "\n" + Content.from_markup(results.border_title or "").plain


def toasts(app: SummitApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_picker(pilot) -> ProfilePicker:  # noqa: ANN001
    await pilot.press("p")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, ProfilePicker)
    return picker


# --- saving ---------------------------------------------------------------------------

async def test_s_saves_the_current_search_and_another_session_sees_it(
    make_app: AppFactory, other_session: ProfileStore
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "trade")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SaveProfileScreen)
        assert isinstance(app.focused, ProfileNameInput)
        await pilot.press(*"Trade talks", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("Saved the profile Trade talks" in t for t in toasts(app))
        saved = other_session.get("trade TALKS")
        assert (saved.query, saved.filters, saved.sort) == ("trade", SearchFilters(), "relevance")
        assert other_session.last_used() == saved
        assert "Trade talks" in header(app)  # the results are the profile's now


async def test_the_name_is_checked_as_it_is_typed_and_esc_saves_nothing(
    make_app: AppFactory, other_session: ProfileStore
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "trade")
        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        await pilot.press(*("x" * 65))
        assert "limit is 64" in note_text(dialog, "#name-note")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # refused: still asking
        await pilot.press("backspace")
        assert "limit" not in note_text(dialog, "#name-note")
        await pilot.press("ctrl+u")  # empty
        assert "Type a name" in note_text(dialog, "#name-note")
        await pilot.press("enter")
        assert app.screen is dialog
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert other_session.list() == ()


async def test_saving_over_an_existing_profile_asks_first(
    make_app: AppFactory, other_session: ProfileStore
) -> None:
    old = other_session.save(SearchProfile("Trade", query="tariffs")).profile
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "trade")
        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        await pilot.press(*"trade")  # names ignore case
        assert "Replaces your profile Trade" in note_text(dialog, "#name-note")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it: back in the dialog, nothing written
        await pilot.pause()
        assert app.screen is dialog
        assert other_session.get("Trade").query == "tariffs"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    replaced = other_session.get("Trade")
    assert replaced.query == "trade"
    assert replaced.created == old.created  # replaced, not a new profile
    assert any("Replaced the profile trade" in t for t in toasts(app))


async def test_s_without_a_search_says_what_to_do(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("search first" in t for t in toasts(app))


# --- picking and running -------------------------------------------------------------------

async def test_the_picker_lists_what_another_session_saved_filters_and_runs(
    make_app: AppFactory, other_session: ProfileStore, seeds_workspace: Workspace
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        other_session.save(ENERGY)  # saved elsewhere while this app runs
        picker = await open_picker(pilot)
        assert listed(picker) == ["Energy deals"]
        await pilot.press("escape")
        await settle(pilot)
        other_session.save(XI)
        picker = await open_picker(pilot)
        assert listed(picker) == ["Energy deals", "Xi"]
        assert isinstance(app.focused, ProfileFilter)
        await pilot.press(*"pipeline")  # the query matches too, not just the name
        assert listed(picker) == ["Energy deals"]
        assert "Profiles (1 of 2)" in str(picker.query_one("Vertical").border_title)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(SearchInput).value == ENERGY.query
        expected = seeds_workspace.search_profile(other_session.get("Energy deals"), limit=50)
        results = app.screen.query_one(Results)
        assert [h.id for h in results.hits.values()] == [h.id for h in expected.hits]
        shown = header(app)
        assert "types MONEY" in shown and "from 2024-05-01" in shown and "newest first" in shown
        assert "Energy deals" in shown
        assert other_session.last_used().name == "Energy deals"


async def test_esc_clears_the_filters_and_searches_again_without_them(
    make_app: AppFactory, other_session: ProfileStore, seeds_workspace: Workspace
) -> None:
    other_session.save(ENERGY)
    unfiltered = seeds_workspace.search(ENERGY.query, limit=50)
    filtered = seeds_workspace.search_profile(ENERGY, limit=50)
    assert unfiltered.total > filtered.total  # the seeds make the filters matter
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_picker(pilot)
        await pilot.press("enter")
        await settle(pilot)
        results = app.screen.query_one(Results)
        assert results.result.total == filtered.total
        await pilot.press("escape")
        await settle(pilot)
        assert results.result.total == unfiltered.total
        assert "Filtered" not in header(app)
        assert app.screen.query_one(SearchInput).value == ENERGY.query
        await pilot.press("escape")  # now Esc closes the results, as before
        assert not app.screen.results_open


async def test_a_profile_of_entity_filters_alone_runs(
    make_app: AppFactory, other_session: ProfileStore, seeds_workspace: Workspace
) -> None:
    other_session.save(XI)
    expected = seeds_workspace.search_profile(XI, limit=50)
    assert expected.hits
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_picker(pilot)
        await pilot.press(*"xi", "enter")
        await settle(pilot)
        results = app.screen.query_one(Results)
        assert [h.id for h in results.hits.values()] == [h.id for h in expected.hits]
        assert "mentions person:xi_jinping" in header(app)


async def test_rename_in_the_picker(make_app: AppFactory, other_session: ProfileStore) -> None:
    other_session.save(ENERGY)
    other_session.save(XI)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot)
        await pilot.press("down")  # from the filter to the list
        assert isinstance(app.focused, ProfileList)
        await pilot.press("r")
        assert isinstance(app.focused, RenameInput)
        await pilot.press(*"xi")  # taken (names ignore case)
        assert "already" in note_text(picker, "#picker-note")
        await pilot.press("enter")
        await settle(pilot)
        assert other_session.find("Energy deals") is not None  # refused, nothing changed
        await pilot.press("ctrl+u", *"Gas and oil", "enter")
        await settle(pilot)
        assert app.screen is picker
        assert listed(picker) == ["Gas and oil", "Xi"]
        assert picker.query_one(ProfileList).current_profile.name == "Gas and oil"
        assert isinstance(app.focused, ProfileList)
    assert other_session.find("Energy deals") is None
    renamed = other_session.get("Gas and oil")
    assert (renamed.query, renamed.filters) == (ENERGY.query, ENERGY.filters)


async def test_esc_cancels_a_rename_and_a_second_esc_closes(make_app: AppFactory,
                                                         other_session: ProfileStore) -> None:
    other_session.save(ENERGY)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot)
        await pilot.press("down", "r", *"zzz", "escape")
        assert app.screen is picker and not picker.has_class("-renaming")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert [p.name for p in other_session.list()] == ["Energy deals"]


async def test_delete_asks_first(make_app: AppFactory, other_session: ProfileStore) -> None:
    other_session.save(ENERGY)
    other_session.save(XI)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot)
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused button is "Keep"
        await settle(pilot)
        assert app.screen is picker
        assert len(other_session.list()) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is picker
        assert listed(picker) == ["Xi"]
        assert "Deleted the profile Energy deals" in note_text(picker, "#picker-note")
    assert [p.name for p in other_session.list()] == ["Xi"]


async def test_default_profiles_are_marked_and_cannot_be_renamed_or_deleted(
    seeds_index: Path, tmp_path: Path
) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text("profiles:\n  - name: Summit\n    query: summit\n", encoding="utf-8")
    config = load_config(config_file, corpus=[SEEDS], index=seeds_index, user_file=None)
    app = SummitApp(Workspace(config))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot)
        assert "default" in picker.query_one(ProfileList).options[0].prompt.plain
        await pilot.press("down", "r")
        assert not picker.has_class("-renaming")
        assert "default profile" in note_text(picker, "#picker-note")
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is picker  # no question: it cannot be deleted
        await pilot.press("enter")  # but it runs
        await settle(pilot)
        assert app.screen.query_one(SearchInput).value == "summit"
    assert [p.name for p in ProfileStore.from_config(config).list()] == ["Summit"]


async def test_the_palette_runs_a_profile(make_app: AppFactory, other_session: ProfileStore) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        other_session.save(ENERGY)  # the palette re-reads the profiles each time it opens
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Profile: Energy")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(SearchInput).value == ENERGY.query
        assert "types MONEY" in header(app)


# --- start-up ---------------------------------------------------------------------------------

async def test_start_profile_runs_on_start(seeds_index: Path, other_session: ProfileStore,
                                          seeds_workspace: Workspace) -> None:
    profile = other_session.save(ENERGY).profile
    app = SummitApp(Workspace(seeds_config_at(seeds_index)), start_profile=profile)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.results_open
        assert app.screen.query_one(SearchInput).value == ENERGY.query
        expected = seeds_workspace.search_profile(profile, limit=50)
        assert [h.id for h in app.screen.query_one(Results).hits.values()] == [h.id for h in expected.hits]
    assert other_session.last_used().name == "Energy deals"


async def test_the_last_used_profile_is_not_run_on_start_but_preselected(
    make_app: AppFactory, other_session: ProfileStore
) -> None:
    other_session.save(ENERGY)
    other_session.save(XI)
    other_session.set_last_used("Xi")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.screen.results_open
        picker = await open_picker(pilot)
        profile_list = picker.query_one(ProfileList)
        assert profile_list.current_profile.name == "Xi"
        assert "last used" in profile_list.highlighted_option.prompt.plain
        await pilot.press("enter")  # Enter in the filter box runs the highlighted one
        await settle(pilot)
        assert "mentions person:xi_jinping" in header(app)


async def test_a_broken_profiles_file_costs_nothing_but_a_message(
    make_app: AppFactory, other_session: ProfileStore
) -> None:
    broken = "version: 1\nprofiles:\n  - name: Energy\n    query: gas\n    query: oil\n"
    other_session.path.parent.mkdir(parents=True, exist_ok=True)
    other_session.path.write_text(broken, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        messages = toasts(app)
        assert any(f"{other_session.path}:5:" in t and "duplicate key 'query'" in t for t in messages), messages
        assert app.is_running and len(app.screen.query_one("ArticleList").articles) == 5
        picker = await open_picker(pilot)
        assert f"{other_session.path}:5:" in note_text(picker, "#picker-note")
        await pilot.press("escape")
        await settle(pilot)
        await search(pilot, "trade")  # saving still works, and keeps the broken file
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*"Trade", "enter")
        await settle(pilot)
        assert any("kept as profiles.yaml.bak" in t for t in toasts(app))
    assert other_session.backup_path.read_text(encoding="utf-8") == broken
    assert [p.name for p in other_session.list()] == ["Trade"]


async def test_a_bad_profiles_section_in_config_is_a_message_not_a_crash(
    seeds_index: Path, tmp_path: Path
) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text("profiles:\n  - name: Broken\n    sort: sideways\n", encoding="utf-8")
    config = load_config(config_file, corpus=[SEEDS], index=seeds_index, user_file=None)
    app = SummitApp(Workspace(config))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any(f"{config_file}:" in t for t in toasts(app))
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # no picker over a section it cannot read
        await search(pilot, "trade")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


# --- hostile text ---------------------------------------------------------------------------

HOSTILE_NAME = "[red]Energy[/] [@click=app.quit]"
HOSTILE_QUERY = "[b]gas[/b] OR oil"


async def test_a_profile_name_with_markup_shows_literally_everywhere(
    make_app: AppFactory, other_session: ProfileStore
) -> None:
    from textual.command import CommandList

    other_session.save(SearchProfile(HOSTILE_NAME, query=HOSTILE_QUERY, description="[link=x]y[/link]"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        picker = await open_picker(pilot)
        prompt = picker.query_one(ProfileList).options[0].prompt.plain
        assert HOSTILE_NAME in prompt and HOSTILE_QUERY in prompt and "[link=x]y[/link]" in prompt
        await pilot.click(ProfileList, offset=(4, 0))
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Profile")
        await pilot.pause(0.5)
        shown = "\n".join(str(o.prompt) for o in app.screen.query_one(CommandList).options)
        assert f"Profile: {HOSTILE_NAME}" in shown
        await pilot.press("enter")
        await settle(pilot)
        assert HOSTILE_NAME in header(app)
        assert app.screen.query_one(SearchInput).value == HOSTILE_QUERY
        await pilot.press("d")  # nothing bound on the results: still running
        assert app.is_running


async def test_the_profile_keys_can_be_rebound(make_app: AppFactory, other_session: ProfileStore) -> None:
    from summit_tui.tui.keymap import keymap_from_config

    other_session.save(ENERGY)
    app = make_app(keymap=keymap_from_config({"profiles": "f3", "delete-profile": "x"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ProfilePicker)
        await pilot.press("down", "d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
