"""TUI fixtures: an index of the seeds built once per session into a temp
folder, and apps over it. Helpers wait for the workers, so a test sees what
a user sees once the screen has settled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from summit_tui.config import Config, load_config
from summit_tui.tui.app import SummitApp
from summit_tui.workspace import Workspace
from tests.conftest import SEEDS


def seeds_config_at(index: Path, corpus: Path = SEEDS) -> Config:
    """The project config (its article metadata) over ``corpus``, indexed at
    ``index``; the user's own config is never read."""
    return load_config(corpus=[corpus], index=index, user_file=None)


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("tui-seeds") / "index"
    with Workspace(seeds_config_at(index)) as ws:
        ws.build_index()
    return index


@pytest.fixture
def seeds_workspace(seeds_index: Path) -> Workspace:
    return Workspace(seeds_config_at(seeds_index))


@pytest.fixture
def make_app(seeds_index: Path) -> Callable[..., SummitApp]:
    def make(**kwargs: object) -> SummitApp:
        return SummitApp(Workspace(seeds_config_at(seeds_index)), **kwargs)  # type: ignore[arg-type]

    return make


async def settle(pilot: Pilot) -> None:
    """Wait until every worker is done and the screen has caught up. A
    worker's result reaches the screen through call_from_thread and may
    start another worker (opening the highlighted article), so loop."""
    app = pilot.app
    for _ in range(20):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
    await pilot.pause()


async def search(pilot: Pilot, query: str) -> None:
    """Type ``query`` into the search bar the way a user does, and wait."""
    await pilot.press("slash", *query, "enter")
    await settle(pilot)
