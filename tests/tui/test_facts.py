"""The facts screen on the seeds: f lists the facts (config facts first and
marked, how many sources, a mark where they differ), typing filters, Enter
compares, Esc goes back; the palette and a profile's view reach them too.
Expected values come from the Workspace (the core), never typed in here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.command import CommandList, CommandPalette

from summit_tui.config import load_config
from summit_tui.facts.model import Fact
from summit_tui.profiles import VIEW_COMPARISON, VIEW_FACTS, SearchProfile
from summit_tui.tui.app import SummitApp
from summit_tui.tui.render import DEFINED_MARK, DISPUTED_MARK, NOT_REPORTED, SOFT_DISCREPANCY_KINDS
from summit_tui.tui.screens.comparison import ComparisonScreen, SourceColumn
from summit_tui.tui.screens.facts import FactFilter, FactsScreen
from summit_tui.tui.screens.main import MainScreen
from summit_tui.tui.widgets.article_list import ArticleList
from summit_tui.tui.widgets.fact_list import FactList
from summit_tui.workspace import Workspace
from tests.conftest import SEEDS
from tests.tui.conftest import settle

AppFactory = Callable[..., SummitApp]


def fact_texts(app: SummitApp) -> list[str]:
    """Each fact's line in the list, as a user reads it."""
    fact_list = app.screen.query_one(FactList)
    return [str(getattr(o.prompt, "plain", o.prompt)) for o in fact_list.options]


def total_sources(fact: Fact) -> int:
    return fact.source_count + len(fact.silent)


def shown_columns(app: SummitApp) -> dict[str, str]:
    return {c.source.article: c.text.plain for c in app.screen.query(SourceColumn)}


async def test_f_lists_every_fact_with_its_sources_and_a_mark_where_they_differ(
    make_app: AppFactory, seeds_workspace: Workspace
) -> None:
    facts = seeds_workspace.facts()
    assert facts
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FactsScreen)
        texts = fact_texts(app)
        assert len(texts) == len(facts)
        defined = [f.defined for f in facts]
        assert defined == sorted(defined, reverse=True)  # config facts first
        for text, fact in zip(texts, facts):
            assert fact.label in text
            assert f"{fact.source_count}/{total_sources(fact)} sources" in text
            contradicts = any(d.kind not in SOFT_DISCREPANCY_KINDS for d in fact.discrepancies)
            assert (DISPUTED_MARK in text) == contradicts
            assert text.lstrip().startswith(DEFINED_MARK) == fact.defined
        assert any(DISPUTED_MARK in t for t in texts)  # the seeds' trade figures differ
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert isinstance(app.focused, ArticleList)


async def test_typing_filters_and_enter_compares_each_source_or_says_not_reported(
    make_app: AppFactory, seeds_workspace: Workspace
) -> None:
    facts = seeds_workspace.facts()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.focused, FactFilter)
        await pilot.press(*"240")
        await pilot.pause()
        wanted = [f for f in facts if "240" in " ".join((f.label, *(s.text for s in f.statements))).casefold()]
        fact_list = app.screen.query_one(FactList)
        assert [f.id for f in fact_list.facts.values()] == [f.id for f in wanted]
        assert 0 < len(wanted) < len(facts)
        await pilot.press("down")  # to the list
        assert isinstance(app.focused, FactList)
        chosen = fact_list.current_fact
        assert chosen is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComparisonScreen)
        shown = shown_columns(app)
        assert set(shown) == set(chosen.articles) | set(chosen.silent)
        for statement in chosen.statements:
            assert statement.text in shown[statement.article]
        for article in chosen.silent:
            assert NOT_REPORTED in shown[article]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FactsScreen)
        assert app.screen.query_one(FactList).current_fact == chosen  # where the user left it
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_finds_a_fact_and_opens_its_comparison(make_app: AppFactory,
                                                                 seeds_workspace: Workspace) -> None:
    fact = seeds_workspace.facts()[0]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Fact: ", *fact.label[:12])
        await pilot.pause(1.5)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        listed = [str(getattr(o.prompt, "plain", o.prompt)) for o in palette.query_one(CommandList).options]
        assert any(fact.label in text for text in listed), listed
        command_list = palette.query_one(CommandList)
        command_list.highlighted = next(i for i, text in enumerate(listed) if f"Fact: {fact.label}" in text)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComparisonScreen)
        assert set(shown_columns(app)) == set(fact.articles) | set(fact.silent)


async def test_a_profile_with_the_facts_view_opens_the_facts(make_app: AppFactory) -> None:
    app = make_app(start_profile=SearchProfile("Trade facts", query="trade", view=VIEW_FACTS))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FactsScreen)
        assert fact_texts(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.active_query == "trade"  # the profile's results wait behind


async def test_a_profile_with_the_comparison_view_compares_its_query(make_app: AppFactory,
                                                                     seeds_workspace: Workspace) -> None:
    app = make_app(start_profile=SearchProfile("Trade compared", query="trade", view=VIEW_COMPARISON))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ComparisonScreen)
        expected = seeds_workspace.compare("trade")
        shown = shown_columns(app)
        assert set(shown) == set(expected.sources)
        for article, statements in expected.sources.items():
            if statements:
                assert all(s.text in shown[article] for s in statements)
            else:
                assert NOT_REPORTED in shown[article]


async def test_config_facts_come_first_and_are_marked(tmp_path: Path) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text("facts:\n  - name: Harbin expo\n    query: Harbin expo\n", encoding="utf-8")
    config = load_config(corpus=[SEEDS], index=tmp_path / "index", user_file=config_file)
    workspace = Workspace(config)
    workspace.build_index()
    facts = workspace.facts()
    defined = [f for f in facts if f.defined]
    assert defined, "the config's fact should be listed"
    app = SummitApp(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        texts = fact_texts(app)
        assert texts[0].lstrip().startswith(DEFINED_MARK)
        assert defined[0].label in texts[0]
        assert "config" in texts[0]
        assert not any(t.lstrip().startswith(DEFINED_MARK) for t in texts[len(defined):])


async def test_a_failing_workspace_says_so_in_one_line_and_the_app_goes_on(make_app: AppFactory) -> None:
    from summit_tui.errors import SummitError

    app = make_app()

    def broken(**_: object) -> list[Fact]:
        raise SummitError("the facts cache is unreadable; run `summit-tui index`")

    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        app.workspace.facts = broken  # type: ignore[method-assign]
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FactsScreen)
        assert any("facts cache is unreadable" in t for t in fact_texts(app))
        assert not app.screen.query_one(FactList).loading
        await pilot.press("escape")
        assert app.is_running


