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
