"""Article text is data, never markup: a title like
``Ukraine [/] talks [@click=app.quit]`` shows literally in every pane,
crashes nothing and, clicked, triggers nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList

from summit_tui.tui.app import SummitApp
from summit_tui.tui.widgets.article_list import ArticleList
from summit_tui.tui.widgets.entity_pane import EntityPane
from summit_tui.tui.widgets.reader import Reader
from summit_tui.tui.widgets.results import Results
from summit_tui.workspace import Workspace
from tests.tui.conftest import search, seeds_config_at, settle
from tests.tui.fakes import FakeWorkspace

TITLE = "Ukraine [/] talks [@click=app.quit]"
BODY_MARKUP = "[@click=app.quit]quitting[/]"
HOSTILE_NAME = "[red]evil[@click=app.quit]"
ENTITY = "[b]Xi[/b] [@click=app.quit]"


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "talks.txt").write_text(
        f"{TITLE}\n\n"
        f"Putin said [bold red]nothing[/] about {BODY_MARKUP} or [link=file:///etc/passwd]links[/link] "
        "on trade in Moscow.\n\n"
        "A second paragraph about trade with \\[escaped] brackets, $name and [b]bold[/b] markup.\n",
        encoding="utf-8",
    )
    (folder / f"{HOSTILE_NAME}.txt").write_text(
        "Trade talks\n\nTrade between [i]them[/i] rose [/] sharply this year, officials said.\n",
        encoding="utf-8",
    )
    return folder


def texts(widget: OptionList) -> str:
    return "\n".join(str(getattr(o.prompt, "plain", o.prompt)) for o in widget.options)


async def test_hostile_text_shows_literally_in_every_pane_and_triggers_nothing(
    hostile_corpus: Path, tmp_path: Path
) -> None:
    ws = Workspace(seeds_config_at(tmp_path / "index", hostile_corpus))
    app = SummitApp(ws)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)  # the index is built on first run
        listed = texts(app.screen.query_one(ArticleList))
        assert TITLE in listed
        assert HOSTILE_NAME in listed  # a file name, as the source label
        # clicking the title does nothing but highlight it
        await pilot.click(ArticleList, offset=(4, 1))
        await pilot.click(ArticleList, offset=(4, 3))
        await settle(pilot)
        assert app.is_running

        await search(pilot, "trade")
        shown = texts(app.screen.query_one(Results))
        assert TITLE in shown and BODY_MARKUP in shown and "[i]them[/i] rose [/]" in shown

        reader = app.screen.query_one(Reader)
        hit = app.screen.query_one(Results).hits
        talks = next(key for key, h in hit.items() if h.title == TITLE)
        results = app.screen.query_one(Results)
        results.highlighted = results.get_option_index(talks)
        await pilot.press("enter")
        await settle(pilot)
        assert TITLE in reader.rendered_text()
        assert BODY_MARKUP in reader.rendered_text()
        assert "[link=file:///etc/passwd]links[/link]" in reader.rendered_text()
        await pilot.click(Reader, offset=(5, 0))
        await pilot.click(Reader, offset=(5, 4))

        await pilot.press("y")  # the notification quotes the sentence
        await pilot.pause(0.3)
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("[bold red]nothing[/]" in t for t in toasts), toasts

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Ukraine")
        await pilot.pause(0.5)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        shown = texts(palette.query_one(CommandList))
        assert TITLE in shown
        await pilot.press("escape")
        await pilot.pause()

        await search(pilot, "[@click=app.quit] [/]")  # a query is data too
        assert "[@click=app.quit] [/]" in texts(app.screen.query_one(Results))
        assert app.is_running


async def test_hostile_entity_names_show_literally_in_the_entity_pane(hostile_corpus: Path) -> None:
    fake = FakeWorkspace(hostile_corpus, entities={"talks": [("Putin", "PERSON", "person:putin")],
                                                   HOSTILE_NAME: [("them", "PERSON", "person:them")]})
    # give the entity a hostile display name
    original = fake.mentions

    def mentions(article_id: str):  # type: ignore[no-untyped-def]
        from dataclasses import replace

        return tuple(replace(m, label=ENTITY) for m in original(article_id))

    fake.mentions = mentions  # type: ignore[method-assign]
    app = SummitApp(fake)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(EntityPane)
        assert ENTITY in texts(pane)
        await pilot.click(EntityPane, offset=(6, 1))
        await settle(pilot)
        assert app.is_running
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Search")
        await pilot.pause(0.5)
        assert ENTITY in texts(app.screen.query_one(CommandList))
        await pilot.press("escape")
        assert app.is_running


class FactsFake(FakeWorkspace):
    """The fake workspace with one fact and one comparison built from the
    hostile corpus: its label, statements, details and source names are all
    markup-looking text."""

    def _statement(self, article_id: str, index: int):  # type: ignore[no-untyped-def]
        from summit_tui.facts.model import Statement

        article = self._by_id[article_id]
        s = article.sentences[index]
        return Statement(article.id, article.source, index, article.text[s.start:s.end], s.start, s.end, 0.5)

    def _marks(self):  # type: ignore[no-untyped-def]
        from summit_tui.facts.model import VALUE, Agreement, Discrepancy

        talks, other = self._statement("talks", 0), self._statement(HOSTILE_NAME, 0)
        nothing = talks.start + talks.text.index("[bold red]nothing[/]")
        them = other.start + other.text.index("[i]them[/i]")
        discrepancy = Discrepancy(VALUE, "[b]64%[/b] vs [@click=app.quit]63%",
                                  {"talks": "[bold red]nothing[/]", HOSTILE_NAME: "[i]them[/i]"},
                                  {"talks": ((nothing, nothing + 20),), HOSTILE_NAME: ((them, them + 11),)})
        agreement = Agreement("both: [red]trade[/]", "[red]trade[/]", ("talks", HOSTILE_NAME), {})
        return (talks, other), (discrepancy,), (agreement,)

    def facts(self, *, min_sources: int = 2, progress: object = None):  # type: ignore[no-untyped-def]
        from summit_tui.facts.model import Fact

        statements, discrepancies, agreements = self._marks()
        return [Fact("f-hostile", TITLE, statements, (), discrepancies=discrepancies, agreements=agreements)]

    def compare(self, query: str | None = None, *, sentence: tuple[str, int] | None = None):  # type: ignore[no-untyped-def]
        from summit_tui.facts.model import Comparison

        statements, discrepancies, agreements = self._marks()
        return Comparison(query or TITLE, {s.article: (s,) for s in statements}, anchor=sentence,
                          discrepancies=discrepancies, agreements=agreements)


async def test_hostile_text_shows_literally_in_the_facts_and_the_comparison(hostile_corpus: Path) -> None:
    from textual.geometry import Region

    from summit_tui.tui.screens.comparison import ComparisonScreen, SourceColumn
    from summit_tui.tui.screens.facts import FactsScreen
    from summit_tui.tui.widgets.fact_list import FactList

    app = SummitApp(FactsFake(hostile_corpus))  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FactsScreen)
        assert TITLE in texts(app.screen.query_one(FactList))
        await pilot.click(FactList, offset=(6, 0))
        await pilot.press("escape")  # the click focused the list; Esc leaves it
        await settle(pilot)
        assert app.is_running
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)

        def drawn(widget) -> str:  # type: ignore[no-untyped-def]
            return "\n".join(s.text for s in widget.render_lines(Region(0, 0, *widget.outer_size)))

        summary = drawn(screen.query_one("#comparison-summary"))
        assert TITLE in summary and "[b]64%[/b] vs [@click=app.quit]63%" in summary
        assert "both: [red]trade[/]" in summary
        columns = {c.source.article: drawn(c) for c in screen.query(SourceColumn)}
        assert "[bold red]nothing[/]" in columns["talks"]
        assert "[link=file:///etc/passwd]links[/link]" in columns["talks"]
        assert HOSTILE_NAME in columns[HOSTILE_NAME]  # the source's name, from a file name
        assert "[i]them[/i]" in columns[HOSTILE_NAME]
        for column in screen.query(SourceColumn):
            await pilot.click(offset=(column.region.x + 3, column.region.y + 2))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ComparisonScreen)
        await pilot.press("y")
        assert TITLE in app.clipboard and "[bold red]nothing[/]" in app.clipboard
        await pilot.press("escape", "escape")
        await settle(pilot)

        # c in the reader: a comparison of a sentence, shown literally too
        await pilot.press("enter")  # open the highlighted article in the reader
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ComparisonScreen)
        assert "[bold red]nothing[/]" in "\n".join(drawn(c) for c in app.screen.query(SourceColumn))
        assert app.is_running
