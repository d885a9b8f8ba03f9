"""Keys are a product surface: help lists every binding from the registry,
the keymap can be overridden from config (checked first), and the command
palette finds articles and entities by name."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from textual.binding import Binding
from textual.widgets import Static

from summit_tui.config import load_config
from summit_tui.errors import ConfigError
from summit_tui.tui.app import SummitApp
from summit_tui.tui.keymap import KEYS, SCOPES, bindings_for, keymap_from_config
from summit_tui.tui.screens.help import HelpScreen
from summit_tui.tui.widgets.reader import Reader
from summit_tui.tui.widgets.results import Results
from summit_tui.tui.widgets.search_bar import SearchInput
from summit_tui.workspace import Workspace
from tests.tui.conftest import settle

AppFactory = Callable[..., SummitApp]


def help_text(app: SummitApp) -> str:
    """The help table as plain text, as wide as it needs to be."""
    from rich.console import Console

    static = app.screen.query_one("#help-table", Static)
    console = Console(file=io.StringIO(), width=250, color_system=None)
    console.print(static.content if hasattr(static, "content") else static.renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_every_binding_has_an_id_a_description_and_a_scope() -> None:
    ids = [spec.id for spec in KEYS]
    assert len(ids) == len(set(ids))
    for spec in KEYS:
        assert spec.id and spec.description and spec.scope in SCOPES
    for scope in SCOPES:
        assert all(b.id and b.description for b in bindings_for(scope))


async def test_help_lists_every_binding_with_its_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        for spec in KEYS:
            assert spec.help_text in text
            assert spec.id in text
            for key in spec.keys.split(","):
                assert app.get_key_display(Binding(key, "")) in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_a_keymap_override_rebinds_the_key_and_help_shows_it(make_app: AppFactory) -> None:
    app = make_app(keymap=keymap_from_config({"search": "ctrl+f", "next-match": "ctrl+n"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert not isinstance(app.focused, SearchInput)
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, SearchInput)
        await pilot.press(*"trade", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        first = reader.current_match
        await pilot.press("ctrl+n")
        assert reader.current_match != first
        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        assert app.get_key_display(Binding("ctrl+f", "")) in text


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({"serch": "ctrl+f"}, "unknown binding id 'serch' (did you mean 'search'?)"),
        ({"search": ""}, "'search' needs keys"),
        ({"search": "ctrl f"}, "invalid key 'ctrl f'"),
        (["search"], "'keymap' must be a mapping"),
        ({"search": "q"}, "would do two things"),
    ],
)
def test_a_bad_keymap_is_refused_with_a_clear_message(section: object, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        keymap_from_config(section)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_the_keymap_section_of_config_yaml_is_read(tmp_path) -> None:  # noqa: ANN001
    config_file = tmp_path / "config.yaml"
    config_file.write_text("keymap:\n  search: ctrl+f\n  quit: ctrl+x\n", encoding="utf-8")
    config = load_config(config_file, user_file=None)
    assert keymap_from_config(config.sections.get("keymap")) == {"search": "ctrl+f", "quit": "ctrl+x"}


async def test_the_palette_opens_an_article_by_its_title(
    make_app: AppFactory, seeds_workspace: Workspace
) -> None:
    target = seeds_workspace.articles()[3]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*target.title[:24])
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(Reader).article_id == target.id


async def test_the_palette_searches_for_an_entity(make_app: AppFactory, seeds_workspace: Workspace) -> None:
    entity = seeds_workspace.entities(types=["PERSON"])[0]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*f"Search: {entity.label}")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(SearchInput).value == f"entity:{entity.key}"
        assert app.screen.query_one(Results).hits


def test_help_and_bindings_agree_on_the_app_bindings() -> None:
    """The App's own BINDINGS are the registry's (no key outside the help)."""
    declared = {b.id for b in SummitApp.BINDINGS if isinstance(b, Binding)}
    assert declared == {spec.id for spec in KEYS if spec.scope == "app"}



def test_the_readme_lists_every_binding_as_the_registry_has_it() -> None:
    """README's table of keys is the registry's (``python -m summit_tui.tui.keymap``
    prints it): every id with its keys, nothing more, nothing stale."""
    from summit_tui.tui.keymap import documented_specs, key_label, keys_markdown
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert keys_markdown() in readme, "README's table of keys is stale: paste `python -m summit_tui.tui.keymap`"
    rows = [line for line in readme.splitlines() if line.startswith("| ") and line.rstrip().endswith("` |")]
    for scope in SCOPES:
        for spec in documented_specs(scope):
            row = next(r for r in rows if r.endswith(f"| `{spec.id}` |") and r.startswith(f"| {SCOPES[scope]} |"))
            for key in spec.keys.split(","):
                assert f"`{key_label(key)}`" in row


def test_the_readme_keymap_example_is_accepted() -> None:
    import re

    import yaml

    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(keymap:\n.*?)```", readme, re.S)
    assert block, "README has a keymap: example"
    keymap = keymap_from_config(yaml.safe_load(block.group(1))["keymap"])
    assert keymap["palette"] == "f2"
