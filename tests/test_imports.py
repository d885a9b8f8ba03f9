"""Start-up hygiene and packaging: what importing a module drags in."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys

import pytest


def imported_modules(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def imported_after(statement: str) -> set[str]:
    """Top-level packages loaded by ``statement``."""
    return {name.split(".")[0] for name in imported_modules(statement)}


def test_cli_import_pulls_in_no_ui_or_index_library() -> None:
    loaded = imported_after("import summit_tui.cli")
    assert not loaded & {"textual", "rich", "whoosh"}


@pytest.mark.parametrize(
    "module",
    ["summit_tui.workspace", "summit_tui.config", "summit_tui.corpus.load", "summit_tui.search"],
)
def test_core_never_imports_textual_or_rich(module: str) -> None:
    assert not imported_after(f"import {module}") & {"textual", "rich"}


def test_search_import_leaves_whoosh_and_the_write_path_for_later() -> None:
    loaded = imported_modules("import summit_tui.search, summit_tui.workspace")
    assert "whoosh" not in loaded
    assert not loaded & {"summit_tui.search.build", "summit_tui.corpus.clean"}


def test_exactly_one_distribution_provides_whoosh() -> None:
    providers = set()
    for dist in importlib.metadata.distributions():
        files = dist.files or []
        if any(str(f).startswith("whoosh/") for f in files):
            providers.add(dist.metadata["Name"].lower())
    assert providers == {"whoosh-reloaded"}


def test_whoosh_imports_cleanly_with_warnings_as_errors() -> None:
    subprocess.run(
        [sys.executable, "-W", "error", "-c", "import whoosh.analysis, whoosh.qparser, whoosh.index"],
        check=True,
    )
