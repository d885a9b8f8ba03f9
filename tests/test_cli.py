"""The CLI as a script or a person in a shell uses it: subprocesses, exit
codes, stdout/stderr and the documented --json shapes."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.conftest import assert_clean_failure, run_cli

TRADE_ARTICLES = {"000_f30f6f26281ac398", "001_46a525766b7fbe32", "002_e5a21eedf92042f0", "003_cb1a4ce9872c9508"}


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Global options that point at a fresh index of the seeds."""
    index = tmp_path_factory.mktemp("cli") / "index"
    opts = ["--index", str(index)]
    proc = run_cli(*opts, "index", "--json")
    assert proc.returncode == 0, proc.stderr
    return opts


def as_json(proc) -> object:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_index_json_report(tmp_path: Path, seeds_copy: Path) -> None:
    opts = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "ix")]
    first = as_json(run_cli(*opts, "index", "--json"))
    assert set(first) >= {"indexed", "unchanged", "removed", "skipped"}
    assert len(first["indexed"]) == 5 and first["unchanged"] == [] and first["skipped"] == []

    (seeds_copy / "004_24b9035311224e6b.txt").unlink()
    (seeds_copy / "000_f30f6f26281ac398.txt").write_text("Edited. A new lead sentence about trade.\n")
    second = as_json(run_cli(*opts, "index", "--json"))
    assert second["indexed"] == ["000_f30f6f26281ac398"]
    assert second["removed"] == ["004_24b9035311224e6b"]
    assert len(second["unchanged"]) == 3


def test_trade_and_billion_ranks_the_four_trade_reports(seeds_index: list[str]) -> None:
    out = as_json(run_cli(*seeds_index, "search", "trade AND billion", "--json"))
    assert out["query"] == "trade AND billion" and out["suggestion"] is None
    ids = [hit["id"] for hit in out["hits"]]
    assert set(ids[:4]) == TRADE_ARTICLES, ids
    for hit in out["hits"][:4]:
        assert set(hit) >= {"id", "source", "title", "score", "snippets"}
        texts = [s["text"] for s in hit["snippets"]]
        assert any("240 billion" in t for t in texts), texts
        for snippet in hit["snippets"]:
            marked = [snippet["text"][a:b].lower() for a, b in snippet["highlights"]]
            assert marked and all(m.startswith(("trad", "billion")) for m in marked), marked


def test_no_limits_phrase_finds_every_typesetting(seeds_index: list[str]) -> None:
    out = as_json(run_cli(*seeds_index, "search", '"no limits"', "--json"))
    assert {hit["id"] for hit in out["hits"]} == TRADE_ARTICLES
    # typographic quotes typed into the query mean the same phrase
    curly = as_json(run_cli(*seeds_index, "search", "“no limits”", "--json"))
    assert {hit["id"] for hit in curly["hits"]} == TRADE_ARTICLES


def test_sentence_hits_and_source_filter(seeds_index: list[str]) -> None:
    out = as_json(run_cli(*seeds_index, "search", "240 billion", "--sentences", "--source", "003", "--json"))
    assert out["hits"], out
    hit = out["hits"][0]
    assert set(hit) >= {"id", "sentence", "text", "score", "highlights"}
    assert hit["id"] == "003_cb1a4ce9872c9508" and "$240 billion in 2023" in hit["text"]
    articles = {a["id"]: a for a in as_json(run_cli(*seeds_index, "articles", "--json"))}
    art = articles[hit["id"]]
    start, end = art["sentence_spans"][hit["sentence"]]
    assert art["text"][start:end] == hit["text"]


def test_articles_json_shape(seeds_index: list[str]) -> None:
    articles = as_json(run_cli(*seeds_index, "articles", "--json"))
    assert len(articles) == 5
    for art in articles:
        assert set(art) >= {"id", "source", "title", "date", "path", "paragraphs", "sentences", "chars", "text"}
        assert art["chars"] == len(art["text"]) and art["sentences"] > 5
    dates = {a["id"]: a["date"] for a in articles}
    assert dates["000_f30f6f26281ac398"] == "2024-05-16"
    assert dates["003_cb1a4ce9872c9508"] == "2024-06-19"  # the page date the file states


def test_did_you_mean(seeds_index: list[str]) -> None:
    out = as_json(run_cli(*seeds_index, "search", "tarde", "--json"))
    assert out["total"] == 0 and out["hits"] == [] and out["suggestion"] == "trade"
    human = run_cli(*seeds_index, "search", "tarde")
    assert human.returncode == 0 and "Did you mean: trade?" in human.stdout


def test_terminal_search_output_is_readable(seeds_index: list[str]) -> None:
    proc = run_cli(*seeds_index, "search", "trade AND billion", "--limit", "2")
    assert proc.returncode == 0, proc.stderr
    assert "match trade AND billion" in proc.stdout and "showing 2" in proc.stdout
    assert "$240 billion" in proc.stdout


@pytest.mark.parametrize(
    ("query", "words"),
    [("x" * 100_000, "too long"), ("   ", "empty")],
)
def test_bad_queries_fail_fast_with_one_line(seeds_index: list[str], query: str, words: str) -> None:
    started = time.monotonic()
    proc = run_cli(*seeds_index, "search", query)
    assert time.monotonic() - started < 10  # a pathological parse would take minutes
    assert words in assert_clean_failure(proc)


def test_unknown_source_is_a_user_error(seeds_index: list[str]) -> None:
    line = assert_clean_failure(run_cli(*seeds_index, "search", "trade", "--source", "nytimes"))
    assert "unknown source 'nytimes'" in line


def test_search_builds_a_missing_index_first(tmp_path: Path, seeds_copy: Path) -> None:
    proc = run_cli("--corpus", seeds_copy, "--index", tmp_path / "fresh", "search", "Harbin", "--json")
    out = as_json(proc)
    assert out["total"] >= 2
    assert "building it now" in proc.stderr


def test_bad_config_file_exits_2_with_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("corpus:\n  folders: [a\n")
    line = assert_clean_failure(run_cli("--config", bad, "articles"))
    assert f"{bad}:" in line and "expected" in line


def test_hostile_folder_indexes_good_files_and_explains_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Ukraine [/] talks [@click=app.quit]\n\nThe talks began on Monday in Geneva. Both sides sent envoys.\n")
    (corpus / "also-good.md").write_bytes("Prices rose 3% in May, officials said.\n".encode("utf-16"))
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 10)
    (corpus / "empty.txt").write_text("  \n\t\n")
    (corpus / "escape.txt").write_text("Markets \x1b[2J\x1b]52;c;aGk=\x07fell sharply on Friday after the report.\n")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "loop").symlink_to(corpus)
    (corpus / "outside.txt").symlink_to("/etc/hostname")
    proc = run_cli("--corpus", corpus, "--index", tmp_path / "ix", "index", "--json", timeout=60)
    report = as_json(proc)
    assert "Traceback" not in proc.stderr
    assert set(report["indexed"]) == {"good", "also-good", "escape"}
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert {"binary.txt", "empty.txt", "pipe.txt", "outside.txt"} <= reasons.keys()
    assert all(reason.strip() for reason in reasons.values())

    articles = {a["id"]: a for a in as_json(run_cli("--corpus", corpus, "--index", tmp_path / "ix", "articles", "--json"))}
    assert "\x1b" not in json.dumps(articles, ensure_ascii=False)
    human = run_cli("--corpus", corpus, "--index", tmp_path / "ix", "articles")
    assert "Ukraine [/] talks [@click=app.quit]" in human.stdout  # literal, not markup


def test_version_and_module_entry_point() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("summit-tui ")


def test_file_names_with_bad_bytes_or_escapes_neither_crash_nor_reach_the_terminal(tmp_path: Path) -> None:
    corpus = tmp_path / "names"
    corpus.mkdir()
    (corpus / os.fsdecode(b"bad\xffname.txt")).write_text("Talks on trade resumed in Geneva on Monday.\n")
    (corpus / "esc\x1b[31mred.txt").write_text("Tariffs on steel rose sharply this year.\n")
    (corpus / "skip\x1b]0;pwned\x07.bin").write_text("x")
    opts = ["--corpus", corpus, "--index", tmp_path / "ix"]
    report = as_json(run_cli(*opts, "index", "--json"))
    assert len(report["indexed"]) == 2
    # the undecodable byte survives as a surrogate escape a script can undo
    paths = {a["path"] for a in as_json(run_cli(*opts, "articles", "--json"))}
    assert os.fsdecode(str(corpus / os.fsdecode(b"bad\xffname.txt"))) in paths
    human = run_cli(*opts, "index", "--rebuild")
    listing = run_cli(*opts)
    for proc in (human, listing):
        assert proc.returncode == 0, proc.stderr
        assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "skip" in human.stdout and "not an article file" in human.stdout


def test_missing_corpus_folder_is_a_user_error(tmp_path: Path) -> None:
    line = assert_clean_failure(run_cli("--corpus", tmp_path / "nope", "--index", tmp_path / "ix", "index"))
    assert line.endswith(f"corpus folder not found: {tmp_path / 'nope'}")
    assert not (tmp_path / "ix").exists()  # nothing was created for it


def test_a_single_file_can_be_the_corpus(tmp_path: Path) -> None:
    one = "seeds/003_cb1a4ce9872c9508.txt"
    out = as_json(run_cli("--corpus", one, "--index", tmp_path / "ix", "search", "Harbin", "--json"))
    assert [hit["id"] for hit in out["hits"]] == ["003_cb1a4ce9872c9508"]


def test_error_messages_never_carry_control_sequences(tmp_path: Path, seeds_copy: Path) -> None:
    index = tmp_path / "ix"
    assert run_cli("--corpus", seeds_copy, "--index", index, "index").returncode == 0
    planted = index / "x\x1b]0;pwned\x07"
    planted.write_text("")
    planted.chmod(0o666)  # an unsafe index file, named by someone else
    line = assert_clean_failure(run_cli("--corpus", seeds_copy, "--index", index, "search", "trade"))
    assert "writable by group or others" in line
    assert "\x1b" not in line and "\x07" not in line


def test_reindexing_an_unchanged_corpus_says_it_is_up_to_date(seeds_index: list[str]) -> None:
    proc = run_cli(*seeds_index, "index")
    assert proc.returncode == 0, proc.stderr
    assert "is up to date (5 article(s)" in proc.stdout
