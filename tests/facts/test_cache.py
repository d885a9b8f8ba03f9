"""The facts cache in the index folder: written once per corpus, read back
as the same facts without aligning (or loading Whoosh), recomputed when the
corpus, the settings or the config's facts change, and a damaged file is
quietly recomputed, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summit_tui.config import Config, load_config
from summit_tui.facts import align
from summit_tui.facts.cache import CACHE_NAME, fact_from_json, fact_to_json, read_cache
from summit_tui.workspace import Workspace
from tests.conftest import REPO


def write_config(folder: Path, corpus: Path, index: Path, facts: object = None) -> Config:
    """A config like the project's (the seeds' published dates), with its own
    corpus, index and optional ``facts`` section."""
    project = load_config(user_file=False)
    data: dict = {
        "corpus": {"folders": [str(corpus)]},
        "index": str(index),
        "articles": {aid: {"published": meta.published.isoformat()}
                     for aid, meta in project.articles.items() if meta.published},
    }
    if facts is not None:
        data["facts"] = facts
    path = folder / "config.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML
    return load_config(path, project_file=False, user_file=False)


@pytest.fixture
def workspace(tmp_path: Path, seeds_copy: Path):
    ws = Workspace(write_config(tmp_path, seeds_copy, tmp_path / "index"))
    ws.build_index()
    yield ws
    ws.close()


def forbid_alignment(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("aligned again although the cache was current")

    monkeypatch.setattr(align, "align_corpus", refuse)


def test_indexing_aligns_and_caches_the_facts(tmp_path: Path, seeds_copy: Path) -> None:
    ws = Workspace(write_config(tmp_path, seeds_copy, tmp_path / "index"))
    messages: list[str] = []
    ws.build_index(progress=lambda done, total, what: messages.append(what))
    assert "aligning facts" in messages
    assert (tmp_path / "index" / CACHE_NAME).is_file()
    ws.close()


def test_cached_facts_are_read_back_without_aligning(workspace: Workspace, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    facts = workspace.facts()
    assert facts
    forbid_alignment(monkeypatch)
    again = Workspace(workspace.config)
    assert again.facts() == facts  # the very same facts, discrepancies and all
    assert again.fact(facts[0].id) == facts[0]
    again.close()


def test_a_fact_survives_the_round_trip_through_json(workspace: Workspace) -> None:
    corpus = [a.id for a in workspace.articles()]
    for fact in workspace.facts():
        assert fact_from_json(json.loads(json.dumps(fact_to_json(fact)))) == fact
        # The file names the corpus once; a fact's silent sources follow from it.
        assert fact_from_json(json.loads(json.dumps(fact_to_json(fact, corpus))), corpus) == fact


def test_reading_the_cache_does_not_load_whoosh(workspace: Workspace, tmp_path: Path) -> None:
    workspace.facts()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from summit_tui.config import load_config\n"
        "from summit_tui.workspace import Workspace\n"
        f"ws = Workspace(load_config(Path({str(tmp_path / 'config.yaml')!r}), project_file=False, user_file=False))\n"
        "facts = ws.facts()\n"
        "assert facts, 'cached facts'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize("damage", [
    b"",
    b"{not json",
    b'{"format": 1, "key": "x"',
    b"\x00\xff\xfe garbage",
    b'{"format": 1, "key": "KEY", "facts": [{"id": 3}]}',
    b'{"format": 1, "key": "KEY", "facts": null}',
    b"[]",
])
def test_a_damaged_cache_is_quietly_recomputed(workspace: Workspace, damage: bytes) -> None:
    facts = workspace.facts()
    path = workspace.index_dir / CACHE_NAME
    key = json.loads(path.read_text())["key"]
    path.write_bytes(damage.replace(b"KEY", key.encode()))
    fresh = Workspace(workspace.config)
    assert fresh.facts() == facts
    assert read_cache(workspace.index_dir, key) == facts, "the file is whole again"
    fresh.close()


def test_a_changed_corpus_is_aligned_again(workspace: Workspace, seeds_copy: Path) -> None:
    trade = [f for f in workspace.facts() if any("240 billion" in s.text for s in f.statements)]
    assert len(trade) == 1 and trade[0].source_count == 4
    # One outlet drops the figure: the trade fact loses it, and that outlet is silent.
    path = next(seeds_copy.glob("002_*"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("totaling $240 billion last year, ", ""), encoding="utf-8")
    workspace.build_index()
    after = [f for f in Workspace(workspace.config).facts() if any("240 billion" in s.text for s in f.statements)]
    assert len(after) == 1 and after[0].source_count == 3
    assert path.stem in after[0].silent


def test_changing_the_config_facts_realigns(workspace: Workspace, tmp_path: Path, seeds_copy: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    workspace.facts()
    config = write_config(tmp_path, seeds_copy, workspace.index_dir,
                          facts=[{"name": "Harbin expo", "query": "the expo in Harbin"}])
    facts = Workspace(config).facts()
    assert facts[0].id == "user:harbin-expo"
    forbid_alignment(monkeypatch)
    assert Workspace(config).facts() == facts, "now cached under the new key"


def test_align_facts_recomputes_even_when_cached(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = workspace.facts()
    calls = []
    real = align.align_corpus
    monkeypatch.setattr(align, "align_corpus", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert workspace.align_facts() == facts
    assert calls == [1]


def test_an_unchanged_corpus_is_not_aligned_again_at_index_time(workspace: Workspace,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    workspace.facts()
    forbid_alignment(monkeypatch)
    workspace.build_index()  # nothing changed: the build does not align
    assert (workspace.index_dir / CACHE_NAME).is_file()


def test_a_rebuild_keeps_the_index_folder_ours(workspace: Workspace) -> None:
    workspace.facts()
    workspace.build_index(rebuild=True)  # the facts file must not make the folder look foreign
    assert workspace.facts()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_index_still_answers(workspace: Workspace) -> None:
    path = workspace.index_dir / CACHE_NAME
    facts = workspace.facts()
    path.unlink()
    os.chmod(workspace.index_dir, 0o555)
    try:
        assert Workspace(workspace.config).facts() == facts
        assert not path.exists()
    finally:
        os.chmod(workspace.index_dir, 0o755)
