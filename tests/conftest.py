"""Shared fixtures: every test runs with its own XDG folders, so a user's
real config, cache or data never leaks in, and nothing leaks out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(autouse=True)
def isolated_xdg(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        (home / name).mkdir()
        monkeypatch.setenv(name, str(home / name))
    monkeypatch.delenv("SUMMIT_TUI_DEBUG", raising=False)
    return home


@pytest.fixture(scope="session")
def seeds() -> dict:
    """The five seed articles, parsed, by the first three characters of their id."""
    from summit_tui.corpus.load import load_corpus

    articles, skipped = load_corpus([SEEDS])
    assert skipped == []
    return {a.id[:3]: a for a in articles}


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seed corpus that a test may change."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


def run_cli(*args: str | os.PathLike[str], cwd: Path | None = None, timeout: float = 120,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m summit_tui ARGS`` the way a user's shell would (no TTY)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, "-m", "summit_tui", *map(str, args)],
        cwd=cwd or REPO, capture_output=True, text=True, timeout=timeout, env=full_env,
    )


def assert_clean_failure(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """A user error: the given exit code, one line on stderr, no traceback."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]
