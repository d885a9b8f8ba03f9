from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from summit_tui.config import load_config, parse_size, user_config_path
from summit_tui.errors import ConfigError

from tests.conftest import REPO, SEEDS


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_project_defaults_point_at_the_seeds() -> None:
    config = load_config()
    assert config.corpus == (SEEDS,)
    assert config.index == REPO / "index"
    assert config.max_file_size == 10 * 1024 * 1024
    assert config.articles["000_f30f6f26281ac398"].published == date(2024, 5, 16)
    # 003 states its own page date in the file, so the config leaves it alone
    assert "003_cb1a4ce9872c9508" not in config.articles


def test_user_config_overrides_defaults_and_cli_overrides_both(tmp_path: Path) -> None:
    write(user_config_path(), "index: my-index\narticles:\n  000_f30f6f26281ac398:\n    source: Outlet A\n")
    config = load_config()
    assert config.index == user_config_path().parent / "my-index"
    meta = config.articles["000_f30f6f26281ac398"]
    assert meta.source == "Outlet A" and meta.published == date(2024, 5, 16)  # merged per field

    extra = write(tmp_path / "extra.yaml", "corpus:\n  folders: [news]\n  max_file_size: 512 KB\n")
    config = load_config(extra)
    assert config.corpus == (tmp_path / "news",)  # relative to the file that names it
    assert config.max_file_size == 512 * 1024

    config = load_config(extra, corpus=[tmp_path / "other"], index=tmp_path / "ix")
    assert config.corpus == (tmp_path / "other",) and config.index == tmp_path / "ix"


def test_adhoc_corpus_gets_its_own_index(tmp_path: Path) -> None:
    a = load_config(corpus=[tmp_path / "a"])
    b = load_config(corpus=[tmp_path / "b"])
    assert a.index != b.index
    assert a.index != REPO / "index"  # never clobbers the seeds' index
    assert load_config(corpus=[tmp_path / "a"]).index == a.index  # stable between runs


def test_values_stay_text_no_norway_problem(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.yaml", "articles:\n  x:\n    source: NO\n    title: 1843\n")
    meta = load_config(cfg).articles["x"]
    assert meta.source == "NO" and meta.title == "1843"


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("corpus:\n  folders: [a]\n  max_file_size: lots\n", ":3:18:", "expected a size"),
        ("corpus:\n  foldrs: [a]\n", ":2:3:", "unknown key 'foldrs'"),
        ("articles:\n  x:\n    published: May 16\n", ":3:16:", "expected YYYY-MM-DD"),
        ("index: [a, b]\n", ":1:8:", "expected a folder path"),
        ("corpus: {folders: [a]\n", ":2:1:", "expected"),
        ("a: 1\na: 2\n", ":2:1:", "duplicate key"),
        ("x: &a [1]\ny: *a\n", ":2:4:", "aliases"),
        ("x: !!python/object/apply:os.system [echo hi]\n", ":1:4:", "tags"),
        ("corpus:\n\tfolders: [a]\n", ":2:1:", "tabs"),
    ],
)
def test_bad_config_names_file_line_and_column(tmp_path: Path, text: str, where: str, words: str) -> None:
    cfg = write(tmp_path / "bad.yaml", text)
    with pytest.raises(ConfigError) as err:
        load_config(cfg)
    message = str(err.value)
    assert message.startswith(f"{cfg}{where}"), message
    assert words in message and "expected" in message
    assert "\n" not in message


def test_missing_and_oversized_config_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")
    big = write(tmp_path / "big.yaml", "# x\n" * 300_000)
    with pytest.raises(ConfigError, match="larger than"):
        load_config(big)


def test_parse_size() -> None:
    assert parse_size("10 MB") == 10 * 1024**2
    assert parse_size("10mb") == parse_size("10 MiB")
    assert parse_size("2048") == 2048
    assert parse_size("1.5 GB") == int(1.5 * 1024**3)
    for bad in ("", "ten", "-1", "0", "5 parsecs"):
        with pytest.raises(ValueError):
            parse_size(bad)
