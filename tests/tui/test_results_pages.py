"""A search shows its first screenful of hits first and the rest after
(snippets cost per hit; on a large corpus the user should not wait for hits
they cannot see yet). What a user notices: every hit ends up listed, the
count says so, and the cursor does not jump when the rest arrive."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from summit_tui.tui.app import SummitApp
from summit_tui.tui.screens import main as main_screen
from summit_tui.tui.widgets.results import Results
from summit_tui.workspace import Workspace
from tests.conftest import SEEDS
from tests.tui.conftest import search, seeds_config_at, settle

COPIES = 4  # 5 seeds x 4 copies: 20 articles, more than a first page mentions "trade"


@pytest.fixture(scope="module")
def many_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("many")
    corpus = root / "corpus"
    corpus.mkdir()
    for copy in range(COPIES):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            # a different last line: identical files are indexed once
            (corpus / f"{seed.stem}-copy{copy}.txt").write_text(f"{text}\n\nCopy {copy} of this report.\n",
                                                                 encoding="utf-8")
    index = root / "index"
    with Workspace(seeds_config_at(index, corpus)) as ws:
        ws.build_index()
    return corpus, index


def _app(many_index: tuple[Path, Path]) -> SummitApp:
    corpus, index = many_index
    return SummitApp(Workspace(seeds_config_at(index, corpus)))


def _hit_ids(results: Results) -> list[str]:
    return [hit.id for hit in results.hits.values()]


async def test_every_hit_is_listed_after_the_first_page(many_index, monkeypatch) -> None:
    monkeypatch.setattr(main_screen, "FIRST_PAGE", 3)
    app = _app(many_index)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "trade")
        results = app.screen.query_one(Results)
        expected = Workspace(seeds_config_at(many_index[1], many_index[0])).search("trade", limit=50)
        assert expected.total > 3
        assert _hit_ids(results) == [h.id for h in expected.hits]
        header = str(results.get_option_at_index(0).prompt)
        assert f"{expected.total} articles match" in header
        assert "showing" not in header  # all of them are listed


async def test_the_cursor_stays_put_when_the_rest_arrive(many_index, monkeypatch) -> None:
    monkeypatch.setattr(main_screen, "FIRST_PAGE", 3)
    release = threading.Event()
    calls: list[int] = []
    real_search = Workspace.search

    def held_search(self: Workspace, query: str, **kwargs: object):
        calls.append(int(kwargs.get("limit", 10)))  # type: ignore[arg-type]
        if kwargs.get("limit") == main_screen.RESULTS_LIMIT:
            release.wait(10)  # the rest are on their way while the user moves
        return real_search(self, query, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Workspace, "search", held_search)
    app = _app(many_index)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"trade", "enter")
        results = app.screen.query_one(Results)
        for _ in range(100):
            await pilot.pause(0.02)
            if len(results.hits) == 3:
                break
        assert len(results.hits) == 3, "the first page shows before the rest are fetched"
        assert "(showing 3)" in str(results.get_option_at_index(0).prompt)
        await pilot.press("j", "j")  # down to the second hit (a rule sits between hits)
        on_screen = results.current_hit
        assert on_screen is not None
        release.set()
        await settle(pilot)
        assert len(results.hits) > 3
        assert results.current_hit == on_screen
        assert calls[:2] == [3, main_screen.RESULTS_LIMIT]
