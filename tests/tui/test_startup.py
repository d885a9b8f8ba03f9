"""Start-up: paint first, load in workers; build a missing index with a
visible progress indicator; import only what the first frame needs; lay
out for the terminal's width."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from summit_tui.tui.app import SummitApp
from summit_tui.tui.widgets.article_list import ArticleList
from summit_tui.tui.widgets.index_progress import IndexProgress
from summit_tui.tui.widgets.reader import Reader
from summit_tui.workspace import Workspace
from tests.conftest import SEEDS
from tests.tui.conftest import seeds_config_at, settle
from tests.tui.fakes import FakeWorkspace

AppFactory = Callable[..., SummitApp]


def test_the_app_module_leaves_the_index_and_palette_for_later() -> None:
    code = "import sys, json, summit_tui.tui.app; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    later = {"whoosh", "summit_tui.search", "summit_tui.search.build", "summit_tui.corpus.clean",
             "summit_tui.tui.commands", "summit_tui.tui.screens.help", "summit_tui.tui.widgets.index_progress",
             "summit_tui.profiles", "summit_tui.tui.screens.profile_picker", "summit_tui.tui.screens.save_profile",
             "summit_tui.tui.screens.confirm", "summit_tui.tui.widgets.profile_list",
             "summit_tui.tui.widgets.results"}
    assert not loaded & later


async def test_the_screen_paints_before_the_articles_are_loaded() -> None:
    fake = FakeWorkspace(SEEDS)
    fake.gate = threading.Event()  # every Workspace call waits for this
    app = SummitApp(fake)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        listed = app.screen.query_one(ArticleList)
        assert [o.prompt.plain for o in listed.options] == ["Opening the index…"]
        assert app.timings.first_paint is not None
        fake.gate.set()
        await settle(pilot)
        assert len(listed.articles) == 5
        assert app.timings.articles_listed is not None
        assert app.timings.first_paint < app.timings.articles_listed


async def test_a_missing_index_is_built_with_a_progress_indicator(tmp_path: Path, seeds_copy: Path) -> None:
    release = threading.Event()
    (seeds_copy / "empty.txt").write_text("", encoding="utf-8")  # skipped, and said so

    class SlowWorkspace(Workspace):
        def build_index(self, **kwargs):  # type: ignore[no-untyped-def]
            release.wait(10)
            return super().build_index(**kwargs)

    ws = SlowWorkspace(seeds_config_at(tmp_path / "fresh-index", seeds_copy))
    assert ws.needs_build()
    app = SummitApp(ws)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen.query(IndexProgress):
                break
        progress = app.screen.query_one(IndexProgress)
        assert progress.display
        release.set()
        await settle(pilot)
        assert not app.screen.query(IndexProgress)
        assert len(app.screen.query_one(ArticleList).articles) == 5
        assert not ws.needs_build()
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("1 file(s) could not be indexed" in t for t in toasts), toasts


async def test_a_corpus_that_cannot_be_opened_is_explained_on_screen(tmp_path: Path) -> None:
    ws = Workspace(seeds_config_at(tmp_path / "index", tmp_path / "no-such-folder"))
    app = SummitApp(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listed = "\n".join(o.prompt.plain for o in app.screen.query_one(ArticleList).options)
        assert "corpus folder not found" in listed
        assert "corpus folder not found" in app.screen.query_one(Reader).rendered_text()
        assert app.is_running


async def test_the_layout_follows_the_width(make_app: AppFactory) -> None:
    for size, narrow in (((80, 24), True), ((99, 30), True), ((100, 30), False), ((160, 50), False)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = app.screen
            assert screen.has_class("-narrow") is narrow
            nav = screen.query_one("#nav")
            reader = screen.query_one(Reader)
            # the reader keeps the larger share, and every pane is on screen
            assert reader.size.width > nav.size.width
            assert nav.size.width >= 26
            for pane in ("#articles", "#entities", "#reader"):
                region = screen.query_one(pane).region
                assert region.width > 0 and region.height >= 5
                assert region.right <= size[0] and region.bottom <= size[1]


async def test_quitting_during_the_first_index_build_stops_the_build_at_once(
    tmp_path: Path, seeds_copy: Path
) -> None:
    """q while the index is being built: the build stops at the next file
    instead of running to the end (the process would wait for it), leaves
    no index behind, and the next start builds it again."""
    calls: list[int] = []
    outcome: dict[str, object] = {}
    first_file = threading.Event()

    class SlowWorkspace(Workspace):
        def build_index(self, **kwargs):  # type: ignore[no-untyped-def]
            progress = kwargs.pop("progress")

            def slow(done: int, total: int, path: str) -> None:
                calls.append(done)
                first_file.set()
                time.sleep(0.4)  # every file takes a while
                progress(done, total, path)

            try:
                return super().build_index(progress=slow, **kwargs)
            except BaseException as exc:
                outcome["error"] = exc
                raise
            finally:
                outcome["ended"] = True

    config = seeds_config_at(tmp_path / "fresh-index", seeds_copy)
    ws = SlowWorkspace(config)
    app = SummitApp(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if first_file.is_set():
                break
        assert first_file.is_set()
        await pilot.press("q")
        await pilot.pause()
    for _ in range(100):  # the worker thread ends by itself
        if "ended" in outcome:
            break
        time.sleep(0.05)
    assert type(outcome.get("error")).__name__ == "_BuildAbandoned"
    assert len(calls) < len(list(seeds_copy.iterdir()))  # it did not run to the end
    assert ws.needs_build()  # nothing half-built is taken for an index

    again = SummitApp(Workspace(config))
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(again.screen.query_one(ArticleList).articles) == 5
