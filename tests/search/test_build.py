"""Building and updating the index as `summit-tui index` runs it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from summit_tui.corpus import load
from summit_tui.corpus.model import ArticleMeta
from summit_tui.search import SearchIndex, build_index
from summit_tui.search.store import MANIFEST_NAME
from tests.search.conftest import ARTICLES, METADATA, Built, write_corpus


def test_first_build_indexes_everything(built: Built) -> None:
    report = built.build(rebuild=True)
    assert sorted(report.indexed) == sorted(ARTICLES)
    assert report.unchanged == () and report.removed == () and report.skipped == ()
    assert report.rebuilt and report.index_dir == built.index_dir


def test_articles_round_trip_to_what_the_parser_produced(built: Built) -> None:
    scan = load.scan_corpus([built.corpus])
    expected = sorted(
        (load.parse_article(found, load.read_bytes(found), METADATA.get(found.article_id)) for found in scan.files),
        key=lambda article: article.id,
    )
    with built.open() as ix:
        assert ix.articles() == expected
        assert ix.article("beta") == expected[1]


def test_an_unchanged_corpus_is_not_parsed_again(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr(load, "parse_article", must_not_parse)
    report = built.build()
    assert sorted(report.unchanged) == sorted(ARTICLES)
    assert report.indexed == () and report.removed == () and not report.rebuilt


def test_update_reindexes_changed_removes_deleted_and_adds_new(built: Built) -> None:
    with built.open() as ix:  # a TUI that stays open while the CLI indexes
        assert ix.search_sentences("grain").total == 1
        (built.corpus / "beta.txt").write_text(
            "Beijing welcomed the zebra delegation from Moscow. Nothing else happened.\n", encoding="utf-8"
        )
        (built.corpus / "gamma.txt").unlink()
        (built.corpus / "zeta.txt").write_text("A zebra was seen near the summit venue.\n", encoding="utf-8")

        report = built.build()

        assert sorted(report.indexed) == ["beta", "zeta"]
        assert sorted(report.unchanged) == ["alpha", "delta", "epsilon"]
        assert report.removed == ("gamma",) and not report.rebuilt
        # the open index sees the new state: old sentences and articles are gone
        assert ix.search_sentences("grain").total == 0
        assert ix.search_sentences("pastries").total == 0
        assert ix.search("pastries").total == 0
        assert {hit.id for hit in ix.search("zebra").hits} == {"beta", "zeta"}
        assert {hit.id for hit in ix.search_sentences("zebra").hits} == {"beta", "zeta"}
        assert [a.id for a in ix.articles()] == ["alpha", "beta", "delta", "epsilon", "zeta"]


def test_changed_metadata_reindexes_that_article(built: Built) -> None:
    metadata = {**METADATA, "delta": ArticleMeta(source="bbc-news", title="Expo in Harbin")}
    report = built.build(metadata=metadata)
    assert report.indexed == ("delta",)
    with built.open() as ix:
        assert [hit.id for hit in ix.search("source:bbc-news").hits] == ["delta"]
        assert ix.search("source:bbc").total == 0


def test_a_file_with_the_same_bytes_is_skipped(built: Built) -> None:
    shutil.copyfile(built.corpus / "alpha.txt", built.corpus / "alpha_copy.txt")
    report = built.build()
    (skipped,) = report.skipped
    assert skipped.path.endswith("alpha_copy.txt")
    assert skipped.reason == f"same content as {built.corpus / 'alpha.txt'}"
    assert "alpha_copy" not in report.indexed


def test_one_bad_file_does_not_stop_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    real_parse = load.parse_article

    def parse(found, data, meta=None):
        if found.article_id == "delta":
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
        return real_parse(found, data, meta)

    monkeypatch.setattr(load, "parse_article", parse)
    report = build_index(tmp_path / "ix", [corpus], metadata=METADATA)
    assert sorted(report.indexed) == ["alpha", "beta", "epsilon", "gamma"]
    (skipped,) = report.skipped
    assert skipped.path.endswith("delta.txt") and "invalid start byte" in skipped.reason


def test_a_new_schema_version_rebuilds_from_scratch(built: Built) -> None:
    manifest = built.index_dir / MANIFEST_NAME
    data = json.loads(manifest.read_text())
    data["schema_version"] = 0  # as if an older summit-tui had built it
    manifest.write_text(json.dumps(data))
    report = built.build()
    assert report.rebuilt and sorted(report.indexed) == sorted(ARTICLES)
    with built.open() as ix:
        assert ix.search('"no limits"').total == 4


def test_a_new_cleaner_version_reparses_every_file(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "CLEANER_VERSION", load.CLEANER_VERSION + 1)
    report = built.build()
    assert sorted(report.indexed) == sorted(ARTICLES) and report.unchanged == ()


def test_a_missing_or_garbled_manifest_rebuilds(built: Built) -> None:
    (built.index_dir / MANIFEST_NAME).write_text("{not json")
    report = built.build()
    assert report.rebuilt and sorted(report.indexed) == sorted(ARTICLES)
    (built.index_dir / MANIFEST_NAME).unlink()
    assert built.build().rebuilt
    with built.open() as ix:
        assert len(ix.articles()) == 5


def test_rebuild_swaps_in_a_new_folder_and_keeps_gitignore(built: Built) -> None:
    (built.index_dir / ".gitignore").write_text("*\n!.gitignore\n")
    with built.open() as ix:
        before = ix.search("zebra").total
        (built.corpus / "zeta.txt").write_text("A zebra crossed the road.\n", encoding="utf-8")
        report = built.build(rebuild=True)
        assert report.rebuilt and len(report.indexed) == 6 and report.index_dir == built.index_dir
        assert (before, ix.search("zebra").total) == (0, 1)  # the open index follows the swap
    assert (built.index_dir / ".gitignore").read_text() == "*\n!.gitignore\n"
    assert sorted(p.name for p in built.index_dir.parent.iterdir()) == ["corpus", "index"]


def test_nothing_created_is_writable_by_others_whatever_the_umask(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    old = os.umask(0o000)
    try:
        build_index(tmp_path / "ix", [corpus])
        (corpus / "zeta.txt").write_text("Another zebra.\n", encoding="utf-8")
        build_index(tmp_path / "ix", [corpus])
        build_index(tmp_path / "ix", [corpus], rebuild=True)
    finally:
        os.umask(old)
    paths = [tmp_path / "ix", *(tmp_path / "ix").iterdir()]
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in paths} == {
        p.name: ("0o755" if p.is_dir() else "0o644") for p in paths
    }
    with SearchIndex.open(tmp_path / "ix") as ix:  # so the owner is not locked out by our own files
        assert ix.search("zebra").total == 1


def test_progress_reports_every_file(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    seen: list[tuple[int, int, str]] = []
    build_index(tmp_path / "ix", [corpus], progress=lambda done, total, path: seen.append((done, total, path)))
    assert [(done, total) for done, total, _ in seen] == [(i, 5) for i in range(1, 6)]
    assert {Path(path).stem for _, _, path in seen} == set(ARTICLES)
