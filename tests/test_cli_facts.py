"""`summit-tui facts` and `summit-tui compare`, on the seeds, as a script
would use them: the documented --json shapes, statements that are really the
sentences they name, the trade figure lined up across four outlets with the
growth figures flagged, and clean one-line refusals for bad references."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import assert_clean_failure, run_cli

SILENT_ON_TRADE = "004_24b9035311224e6b"
TRADE = re.compile(r"(\$|USD )240 billion")


@pytest.fixture(scope="module")
def opts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    index = tmp_path_factory.mktemp("cli-facts") / "index"
    options = ["--index", str(index)]
    proc = run_cli(*options, "index")
    assert proc.returncode == 0, proc.stderr
    return options


def as_json(proc) -> dict:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def articles(opts: list[str]) -> dict[str, dict]:
    return {a["id"]: a for a in as_json(run_cli(*opts, "articles", "--json"))}


@pytest.fixture(scope="module")
def facts(opts: list[str]) -> list[dict]:
    data = as_json(run_cli(*opts, "facts", "--json"))
    assert set(data) == {"facts"}
    return data["facts"]


def sentence_of(article: dict, n: int) -> str:
    start, end = article["sentence_spans"][n]
    return article["text"][start:end]


def trade_fact(facts: list[dict]) -> dict:
    found = [f for f in facts if sum(any(TRADE.search(s["text"]) for s in group)
                                     for group in f["sources"].values()) >= 2]
    assert len(found) == 1, [f["label"] for f in found]
    return found[0]


def test_every_fact_has_the_documented_shape_and_real_sentences(facts: list[dict], articles: dict) -> None:
    assert facts, "the seeds share facts"
    for fact in facts:
        assert {"id", "label", "sources", "silent", "entities", "quantities", "discrepancies"} <= set(fact)
        assert len(fact["sources"]) >= 2, "a fact is reported by two or more sources"
        assert 0 < len(fact["label"]) <= 72
        assert set(fact["sources"]).isdisjoint(fact["silent"])
        assert set(fact["sources"]) | set(fact["silent"]) == set(articles), "every article reports it or is silent"
        for aid, statements in fact["sources"].items():
            for s in statements:
                assert s["text"] == sentence_of(articles[aid], s["sentence"])
                assert articles[aid]["text"][s["start"]:s["end"]] == s["text"]
        for d in fact["discrepancies"]:
            assert {"kind", "detail", "values"} <= set(d)
            assert set(d["values"]) <= set(fact["sources"])
    ids = [f["id"] for f in facts]
    assert len(ids) == len(set(ids)), "ids are unique"
    counts = [len(f["sources"]) for f in facts if not f.get("defined")]
    assert counts == sorted(counts, reverse=True), "facts reported by more sources come first"


def test_the_trade_figure_is_one_fact_from_four_outlets_with_the_growth_figures_flagged(facts: list[dict]) -> None:
    fact = trade_fact(facts)
    assert len(fact["sources"]) == 4
    assert fact["silent"] == [SILENT_ON_TRADE]
    values = [d for d in fact["discrepancies"] if d["kind"] == "value"]
    shown = {v for d in values for v in d["values"].values()}
    assert any("64" in v for v in shown) and any("63" in v for v in shown), fact["discrepancies"]
    assert any(q["key"] == "money:240000000000_usd" and len(q["sources"]) == 4 for q in fact["quantities"])


def test_facts_are_stable_across_runs_and_one_can_be_asked_for_by_id(opts: list[str], facts: list[dict]) -> None:
    again = as_json(run_cli(*opts, "facts", "--json"))["facts"]
    assert [f["id"] for f in again] == [f["id"] for f in facts], "the cached alignment is the same alignment"
    fact = trade_fact(facts)
    one = as_json(run_cli(*opts, "facts", fact["id"][:-1], "--json"))["facts"]
    assert [f["id"] for f in one] == [fact["id"]]


def test_min_sources_and_disputed_narrow_the_list(opts: list[str], facts: list[dict]) -> None:
    four = as_json(run_cli(*opts, "facts", "--min-sources", "4", "--json"))["facts"]
    assert four and all(len(f["sources"]) >= 4 for f in four)
    assert len(four) < len(facts)
    disputed = as_json(run_cli(*opts, "facts", "--disputed", "--json"))["facts"]
    assert disputed and all(f["discrepancies"] for f in disputed)


def test_the_table_shows_each_source_and_the_silent_one(opts: list[str], facts: list[dict]) -> None:
    proc = run_cli(*opts, "facts", trade_fact(facts)["id"], env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "not reported" in out
    assert "64%" in out and "63 percent" in out
    assert "≠ value" in out
    assert "\x1b[" not in out, "not a terminal: no escape codes"


def test_compare_a_query_gives_every_source_a_statement_or_null(opts: list[str], articles: dict) -> None:
    data = as_json(run_cli(*opts, "compare", "trade billion", "--json"))
    assert {"query", "sources"} <= set(data)
    assert set(data["sources"]) == set(articles)
    reported = {aid for aid, group in data["sources"].items() if group}
    assert {aid for aid in articles if aid != SILENT_ON_TRADE} <= reported
    for aid in reported:
        for s in data["sources"][aid]:
            assert s["text"] == sentence_of(articles[aid], s["sentence"])
            assert 0 <= s["score"] <= 1


def test_compare_a_sentence_finds_the_same_figure_in_the_other_outlets(opts: list[str], articles: dict) -> None:
    anchor_id = "003_cb1a4ce9872c9508"
    anchor = articles[anchor_id]
    n = next(i for i in range(len(anchor["sentence_spans"])) if TRADE.search(sentence_of(anchor, i)))
    data = as_json(run_cli(*opts, "compare", "--sentence", f"003:{n}", "--json"))
    assert [s["sentence"] for s in data["sources"][anchor_id]] == [n]
    for aid in set(articles) - {anchor_id, SILENT_ON_TRADE}:
        assert data["sources"][aid], f"{aid} reports the trade figure"
        assert TRADE.search(data["sources"][aid][0]["text"]), data["sources"][aid][0]["text"]
    assert data["sources"][SILENT_ON_TRADE] is None, "the outlet without the figure is 'not reported'"


@pytest.mark.parametrize("args, says", [
    (["compare"], "nothing to compare"),
    (["compare", "--sentence", "nope:1"], "no article"),
    (["compare", "--sentence", "003:99999"], "sentence"),
    (["compare", "--sentence", "003"], "ARTICLE:N"),
    (["compare", "trade", "--sentence", "003:1"], "not both"),
    (["facts", "no-such-fact"], "no fact"),
])
def test_bad_references_are_refused_in_one_line(opts: list[str], args: list[str], says: str) -> None:
    message = assert_clean_failure(run_cli(*opts, *args))
    assert says in message


def test_a_query_with_markup_is_printed_literally(opts: list[str]) -> None:
    proc = run_cli(*opts, "compare", "[bold]trade[/bold] [@click=app.quit]")
    assert proc.returncode == 0, proc.stderr
    assert "[bold]trade[/bold] [@click=app.quit]" in proc.stdout


def test_facts_before_any_index_builds_it_first(tmp_path: Path) -> None:
    proc = run_cli("--index", str(tmp_path / "fresh"), "facts", "--json")
    data = as_json(proc)
    assert data["facts"]
    assert "building it now" in proc.stderr
