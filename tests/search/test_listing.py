"""The listing in the index folder (``listing.json``): written when the
corpus is indexed, read back as the same article list and entity counts
without reading the index, recomputed when the corpus changes or the file
is damaged, and never needed: a folder that cannot be written just keeps
nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summit_tui.config import Config, load_config
from summit_tui.corpus.model import ArticleSummary
from summit_tui.nlp.aggregate import EntityCount
from summit_tui.search import SearchIndex
from summit_tui.search import listing as listing_module
from summit_tui.search.listing import listing_key, listing_path, read_listing
from summit_tui.workspace import Workspace


def config_for(corpus: Path, index: Path) -> Config:
    return load_config(corpus=[corpus], index=index, user_file=None)


@pytest.fixture
def workspace(tmp_path: Path, seeds_copy: Path):
    ws = Workspace(config_for(seeds_copy, tmp_path / "index"))
    ws.build_index()
    yield ws
    ws.close()


def expected_listing(ws: Workspace) -> tuple[list[ArticleSummary], list[EntityCount]]:
    """What the lists show, worked out the long way from the full index."""
    return [ArticleSummary.of(a) for a in ws.articles()], [EntityCount.of(e) for e in ws.entities()]


def refuse_index_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("read the index although the listing was current")

    monkeypatch.setattr(SearchIndex, "article_summaries", refuse)
    monkeypatch.setattr(SearchIndex, "entity_counts", refuse)


def test_indexing_writes_the_listing_and_a_new_session_reads_it(workspace: Workspace,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    articles, entities = expected_listing(workspace)
    assert listing_path(workspace.index_dir).is_file()
    refuse_index_reads(monkeypatch)
    fresh = Workspace(workspace.config)
    assert fresh.article_summaries() == articles and len(articles) == 5
    assert fresh.entity_counts() == entities and entities
    assert fresh.entity_counts(types=["person"]) == [e for e in entities if e.type == "PERSON"]


@pytest.mark.parametrize("damage", [
    lambda path: path.write_text(path.read_text()[: len(path.read_text()) // 2]),  # truncated
    lambda path: path.write_text("not json at all"),
    lambda path: path.write_text(json.dumps({**json.loads(path.read_text()), "articles": [["x", 1]]})),
    lambda path: path.write_text(json.dumps({**json.loads(path.read_text()),
                                             "entities": [["k", "l", "PERSON", "three", 1, None]]})),
], ids=["truncated", "garbage", "short-row", "wrong-type"])
def test_a_damaged_listing_is_recomputed_quietly(workspace: Workspace, damage) -> None:  # type: ignore[no-untyped-def]
    articles, entities = expected_listing(workspace)
    path = listing_path(workspace.index_dir)
    damage(path)
    fresh = Workspace(workspace.config)
    assert fresh.article_summaries() == articles
    assert fresh.entity_counts() == entities
    again = read_listing(workspace.index_dir, listing_key(workspace.index_dir) or "")
    assert again is not None and list(again.entities) == entities  # and written whole again


def test_a_changed_corpus_is_listed_anew(workspace: Workspace, seeds_copy: Path) -> None:
    (seeds_copy / "zz_copy.txt").write_text(
        "Talks in Minsk\n\nLukashenko met Putin in Minsk on Friday. Trade was discussed at length.\n",
        encoding="utf-8")
    workspace.build_index()  # an incremental build over a folder holding the listing
    articles, entities = expected_listing(workspace)
    fresh = Workspace(workspace.config)
    assert [a.id for a in fresh.article_summaries()] == [a.id for a in articles]
    assert "zz_copy" in [a.id for a in articles]
    assert fresh.entity_counts() == entities


def test_a_listing_of_another_index_state_is_not_used(workspace: Workspace, seeds_copy: Path) -> None:
    """An index built by something other than the workspace (an older
    summit-tui) leaves the listing as it was: it describes another corpus."""
    from summit_tui.search import build_index

    stale = read_listing(workspace.index_dir, listing_key(workspace.index_dir) or "")
    assert stale is not None
    (seeds_copy / sorted(p.name for p in seeds_copy.iterdir())[-1]).unlink()
    workspace.close()
    build_index(workspace.index_dir, [seeds_copy], metadata=workspace.config.articles)
    fresh = Workspace(workspace.config)
    assert len(fresh.article_summaries()) == len(stale.articles) - 1
    assert fresh.entity_counts() == expected_listing(fresh)[1]


def test_a_folder_that_cannot_be_written_still_lists(workspace: Workspace,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    articles, entities = expected_listing(workspace)
    path = listing_path(workspace.index_dir)
    path.unlink()

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(listing_module, "atomic_write_text", read_only)
    fresh = Workspace(workspace.config)
    assert fresh.article_summaries() == articles
    assert fresh.entity_counts() == entities
    assert not path.exists()
