"""A large corpus must not cost the TUI its memory or its start: the app
lists articles from their summaries and counts the corpus's entities
without keeping every article or mention; opening an article or searching
for an entity decodes that article's mentions, not the corpus's. What the
user sees stays the same: every title, the corpus's entities as
`summit-tui entities --json` ranks them, and a long list that fills."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from summit_tui.corpus.model import ArticleSummary
from summit_tui.search import SearchIndex
from summit_tui.search.listing import listing_key, listing_path, read_listing
from summit_tui.tui.app import SummitApp
from summit_tui.tui.widgets.article_list import FIRST_BATCH, ArticleList
from summit_tui.tui.widgets.reader import Reader
from summit_tui.workspace import Workspace
from tests.conftest import run_cli
from tests.tui.conftest import search, seeds_config_at, settle


@pytest.fixture
def whole_corpus_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every call that loads all articles or all mentions."""
    calls: list[str] = []
    for name in ("articles", "all_mentions"):
        real = getattr(SearchIndex, name)

        def recording(self, *args, _real=real, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(SearchIndex, name, recording)
    return calls


@pytest.fixture
def index_copy(seeds_index: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(seeds_index, copy)
    return copy


async def use_the_app(app: SummitApp) -> list[str]:
    """Start, move through three articles, search for the top entity; the
    titles the list showed."""
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listed = app.screen.query_one(ArticleList).articles
        titles = [str(o.prompt.plain).split("\n")[0] for o in app.screen.query_one(ArticleList).options]
        for _ in range(3):
            await pilot.press("j")
            await settle(pilot)
        assert app.screen.query_one(Reader).article_id == listed[3].id
        await search(pilot, f"entity:{app.screen.corpus_entities[0].key}")
        assert app.screen.results.result is not None and app.screen.results.result.hits
    return titles


@pytest.mark.parametrize("listing", ["current", "missing"])
async def test_the_app_never_loads_the_whole_corpus(index_copy: Path, listing: str,
                                                    whole_corpus_reads: list[str]) -> None:
    expected_titles = [a.title for a in Workspace(seeds_config_at(index_copy)).article_summaries()]
    if listing == "missing":  # an index built before listings: counted from the index, then written
        listing_path(index_copy).unlink()
    app = SummitApp(Workspace(seeds_config_at(index_copy)))
    assert await use_the_app(app) == expected_titles
    assert whole_corpus_reads == []
    assert read_listing(index_copy, listing_key(index_copy) or "") is not None


async def test_the_corpus_entities_are_those_the_cli_lists(index_copy: Path) -> None:
    proc = run_cli("--index", index_copy, "entities", "--json")
    assert proc.returncode == 0, proc.stderr
    cli = [(e["key"], e["label"], e["type"], e["count"], len(e["articles"]))
           for e in json.loads(proc.stdout)["entities"]]
    app = SummitApp(Workspace(seeds_config_at(index_copy)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = [(e.key, e.label, e.type, e.count, e.article_count) for e in app.screen.corpus_entities]
    assert shown == cli and len(cli) > 10


def summaries(count: int, prefix: str = "") -> list[ArticleSummary]:
    return [ArticleSummary(f"{prefix}{i:04d}", f"/corpus/{i}.txt", "Wire", f"{prefix}Title {i}", date(2024, 5, 16))
            for i in range(count)]


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleList()


async def wait_until(pilot, done: Callable[[], bool]) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        if done():
            return
        await pilot.pause(0.02)


async def test_a_long_list_shows_its_first_titles_then_fills() -> None:
    many = summaries(FIRST_BATCH * 3 + 7)
    async with ListApp().run_test(size=(80, 24)) as pilot:
        listed = pilot.app.query_one(ArticleList)
        listed.show_articles(many)
        assert 0 < listed.option_count < len(many)  # the first titles are there at once
        await wait_until(pilot, lambda: listed.filled)
        assert [o.id for o in listed.options] == [a.id for a in many]
        assert str(listed.options[-1].prompt.plain).startswith(many[-1].title)
        assert listed.highlighted == 0


async def test_a_list_replaced_while_filling_shows_only_the_new_one() -> None:
    async with ListApp().run_test(size=(80, 24)) as pilot:
        listed = pilot.app.query_one(ArticleList)
        listed.show_articles(summaries(FIRST_BATCH * 3))
        newer = summaries(FIRST_BATCH + 5, prefix="new-")
        listed.show_articles(newer)
        await wait_until(pilot, lambda: listed.filled)
        await pilot.pause(0.2)  # any batch of the old list would have landed by now
        assert [o.id for o in listed.options] == [a.id for a in newer]
