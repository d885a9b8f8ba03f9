"""`summit-tui entities` and entity-aware search, on the seeds, as a script
would use them: the documented --json shape, offsets that point at the
mention in `articles --json` text, aliases merged across outlets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import assert_clean_failure, run_cli

SEED_IDS = {"000_f30f6f26281ac398", "001_46a525766b7fbe32", "002_e5a21eedf92042f0",
            "003_cb1a4ce9872c9508", "004_24b9035311224e6b"}
TRADE_ARTICLES = SEED_IDS - {"004_24b9035311224e6b"}


@pytest.fixture(scope="module")
def opts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    index = tmp_path_factory.mktemp("cli-entities") / "index"
    options = ["--index", str(index)]
    proc = run_cli(*options, "index")
    assert proc.returncode == 0, proc.stderr
    return options


def as_json(proc) -> dict:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def entities(opts: list[str]) -> dict[str, dict]:
    data = as_json(run_cli(*opts, "entities", "--json"))
    assert set(data) == {"entities"}
    return {e["key"]: e for e in data["entities"]}


@pytest.fixture(scope="module")
def texts(opts: list[str]) -> dict[str, str]:
    return {a["id"]: a["text"] for a in as_json(run_cli(*opts, "articles", "--json"))}


def test_json_shape_and_offsets_point_at_the_mention(entities: dict[str, dict], texts: dict[str, str]) -> None:
    assert entities, "the seeds mention people, places and figures"
    counts = [e["count"] for e in entities.values()]
    assert counts == sorted(counts, reverse=True), "most mentioned first"
    for entity in entities.values():
        assert {"key", "label", "type", "count", "articles", "mentions"} <= set(entity)
        kind, _, slug = entity["key"].partition(":")
        assert kind == entity["type"].lower() and slug
        assert entity["count"] == len(entity["mentions"]) == sum(entity["articles"].values())
        for m in entity["mentions"]:
            assert texts[m["article"]][m["start"]:m["end"]] == m["text"]
            assert isinstance(m["sentence"], int)


def test_xi_in_every_form_is_one_person_in_all_five_articles(entities: dict[str, dict]) -> None:
    xi = entities["person:xi_jinping"]
    assert xi["label"] == "Xi Jinping" and xi["type"] == "PERSON"
    assert set(xi["articles"]) == SEED_IDS
    forms = {m["text"] for m in xi["mentions"]}
    assert {"Xi", "Xi Jinping"} <= forms
    assert not any(f.startswith("President") for f in forms), "titles are not part of the name"
    assert "person:xi" not in entities


def test_united_states_spellings_merge(entities: dict[str, dict]) -> None:
    us = entities["gpe:united_states"]
    assert {"US", "U.S.", "United States"} <= {m["text"] for m in us["mentions"]}
    assert not {"gpe:us", "gpe:u_s"} & set(entities)


def test_the_trade_figure_is_one_money_entity_in_four_outlets(entities: dict[str, dict]) -> None:
    money = entities["money:240000000000_usd"]
    assert money["type"] == "MONEY"
    assert money["value"] == {"amount": 240000000000, "unit": "USD"}
    assert set(money["articles"]) == TRADE_ARTICLES
    assert {"USD 240 billion", "$240 billion"} <= {m["text"] for m in money["mentions"]}


def test_percentages_and_dates_are_normalised(entities: dict[str, dict]) -> None:
    assert entities["percent:63"]["value"] == {"amount": 63, "unit": "%"}
    assert entities["percent:64"]["value"] == {"amount": 64, "unit": "%"}
    assert entities["date:2022-02"]["value"] == {"date": "2022-02"}
    assert "date:2023" in entities  # "in 2023", and "last year" in articles published in 2024


def test_type_and_article_filters(opts: list[str]) -> None:
    people = as_json(run_cli(*opts, "entities", "--type", "person", "--json"))["entities"]
    assert people and {e["type"] for e in people} == {"PERSON"}
    both = as_json(run_cli(*opts, "entities", "--type", "gpe,norp", "--json"))["entities"]
    assert {e["type"] for e in both} == {"GPE", "NORP"}
    one = as_json(run_cli(*opts, "entities", "--article", "004", "--json"))["entities"]
    assert one and all(set(e["articles"]) == {"004_24b9035311224e6b"} for e in one)


def test_table_groups_by_type(opts: list[str]) -> None:
    proc = run_cli(*opts, "entities", "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "PERSON" in out and "Xi Jinping" in out and "GPE" in out and "MONEY" in out
    assert out.index("PERSON") < out.index("Xi Jinping")


def test_bad_type_and_unknown_article_are_one_line_errors(opts: list[str]) -> None:
    assert "unknown entity type" in assert_clean_failure(run_cli(*opts, "entities", "--type", "people"))
    assert "no article" in assert_clean_failure(run_cli(*opts, "entities", "--article", "zzz"))


def test_search_filtered_by_entity(opts: list[str]) -> None:
    data = as_json(run_cli(*opts, "search", "--entity", "money:240000000000_usd", "--json"))
    assert {h["id"] for h in data["hits"]} == TRADE_ARTICLES
    for hit in data["hits"]:  # the figure itself is what is highlighted
        marked = {s["text"][a:b] for s in hit["snippets"] for a, b in s["highlights"]}
        assert marked & {"$240 billion", "USD 240 billion"}
    narrowed = as_json(run_cli(*opts, "search", "pipeline", "--entity", "Putin", "--json"))
    assert narrowed["total"] >= 1
    by_name = as_json(run_cli(*opts, "search", "entity:person:vladimir_putin", "--json"))
    assert by_name["total"] == 5


def test_unknown_entity_is_a_one_line_error(opts: list[str]) -> None:
    line = assert_clean_failure(run_cli(*opts, "search", "--entity", "person:nobody_at_all"))
    assert "summit-tui entities" in line


def test_sentences_filtered_by_entity(opts: list[str], texts: dict[str, str]) -> None:
    data = as_json(run_cli(*opts, "search", "trade", "--sentences", "--entity", "gpe:united_states", "--json"))
    assert data["hits"]
    for hit in data["hits"]:
        assert any(w in hit["text"] for w in ("US", "U.S.", "United States", "America"))


def test_widen_finds_other_names_of_the_entity(opts: list[str]) -> None:
    plain = as_json(run_cli(*opts, "search", "U.S.", "--sentences", "--limit", "100", "--json"))
    wide = as_json(run_cli(*opts, "search", "U.S.", "--sentences", "--widen", "--limit", "100", "--json"))
    assert wide["widened"] == ["gpe:united_states"]
    assert wide["total"] > plain["total"]
    assert any("United States" in h["text"] for h in wide["hits"])


def test_gazetteer_additions_from_config(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "brief.txt").write_text(
        "Port talks\n\nOfficials from the Quillon Compact met in Harbin on Monday. "
        "The quillon compact said talks would resume.\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    options = ["--corpus", str(corpus), "--index", str(tmp_path / "ix")]
    before = as_json(run_cli(*options, "entities", "--json"))
    assert "org:quillon_compact" not in {e["key"] for e in before["entities"]}

    config.write_text("entities:\n  gazetteer:\n    organizations:\n"
                      "      - {name: Quillon Compact, aliases: [QC]}\n", encoding="utf-8")
    report = as_json(run_cli("--config", config, *options, "index", "--json"))
    assert report["indexed"] == ["brief"], "a gazetteer change re-extracts without --rebuild"
    after = as_json(run_cli("--config", config, *options, "entities", "--json"))
    keys = {e["key"]: e for e in after["entities"]}
    assert "org:quillon_compact" in keys

    config.write_text("entities:\n  gazetteer:\n    organisations: []\n", encoding="utf-8")
    line = assert_clean_failure(run_cli("--config", config, *options, "index"))
    assert "organisations" in line
