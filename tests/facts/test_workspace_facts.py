"""``Workspace.facts``, ``fact`` and ``compare`` as the faces use them, and
the config's ``facts:`` section: user facts first, bad entries refused in
one line (in the CLI too)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summit_tui.errors import ConfigError, FactNotFoundError, IndexMissingError, NotFoundError, QueryError
from summit_tui.workspace import Workspace
from tests.conftest import assert_clean_failure, run_cli
from tests.facts.test_cache import write_config

HARBIN = {"name": "Harbin expo", "query": "the expo in Harbin"}
TRADE = {"name": "Trade in 2023", "query": "trade $240 billion"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    """A workspace on the seeds with two facts of its own in config."""
    from tests.conftest import SEEDS

    root = tmp_path_factory.mktemp("ws-facts")
    ws = Workspace(write_config(root, SEEDS, root / "index", facts=[HARBIN, TRADE]))
    ws.build_index()
    yield ws
    ws.close()


def test_config_facts_come_first_in_config_order_then_by_sources(seeded: Workspace) -> None:
    facts = seeded.facts()
    assert [f.id for f in facts[:2]] == ["user:harbin-expo", "user:trade-in-2023"]
    assert all(f.defined and f.query for f in facts[:2])
    assert not any(f.defined for f in facts[2:])
    counts = [f.source_count for f in facts[2:]]
    assert counts == sorted(counts, reverse=True)
    trade = facts[1]
    assert trade.label == "Trade in 2023"
    assert all("240 billion" in s.text for s in trade.statements)
    assert trade.source_count == 4 and len(trade.silent) == 1


def test_min_sources_narrows_found_facts_but_keeps_config_facts(seeded: Workspace) -> None:
    everything = seeded.facts()
    four = seeded.facts(min_sources=4)
    assert [f.id for f in four if f.defined] == ["user:harbin-expo", "user:trade-in-2023"]
    found = [f for f in four if not f.defined]
    assert found and all(f.source_count >= 4 for f in found)
    assert len(four) < len(everything)
    assert [f.id for f in four] == [f.id for f in everything if f.defined or f.source_count >= 4]


def test_one_fact_by_id_and_a_clear_error_for_an_unknown_one(seeded: Workspace) -> None:
    facts = seeded.facts()
    assert seeded.fact(facts[3].id) == facts[3]
    assert seeded.fact("user:harbin-expo").defined
    with pytest.raises(FactNotFoundError) as caught:
        seeded.fact("f-0000000000")
    assert isinstance(caught.value, NotFoundError)
    message = str(caught.value)
    assert "no fact 'f-0000000000'" in message and "\n" not in message


def test_compare_a_query_and_a_sentence(seeded: Workspace) -> None:
    by_query = seeded.compare("trade $240 billion")
    assert set(by_query.sources) == {a.id for a in seeded.articles()}
    assert sum(1 for group in by_query.sources.values() if group) >= 4
    fact = next(f for f in seeded.facts() if not f.defined and any("240 billion" in s.text for s in f.statements))
    anchor = fact.statements[0]
    by_sentence = seeded.compare(sentence=(anchor.article, anchor.sentence))
    assert by_sentence.anchor == (anchor.article, anchor.sentence)
    for other in fact.statements[1:]:
        assert by_sentence.sources[other.article], f"{other.article} reports the same figure"


def test_compare_needs_one_question(seeded: Workspace) -> None:
    with pytest.raises(QueryError, match="nothing to compare"):
        seeded.compare()
    with pytest.raises(QueryError, match="not both"):
        seeded.compare("trade", sentence=("000_f30f6f26281ac398", 1))


def test_facts_without_an_index_say_so(tmp_path: Path, seeds_copy: Path) -> None:
    ws = Workspace(write_config(tmp_path, seeds_copy, tmp_path / "none"))
    with pytest.raises(IndexMissingError):
        ws.facts()


@pytest.mark.parametrize("facts, says", [
    ({"name": "x"}, "'facts' must be a list"),
    ([{"name": "Trade", "qurey": "trade"}], "unknown key 'qurey'"),
    ([{"name": "Trade"}], "'query' is missing"),
    ([HARBIN, {**HARBIN, "query": "Harbin"}], "already used"),
])
def test_a_bad_facts_section_is_a_config_error(tmp_path: Path, seeds_copy: Path, facts: object, says: str) -> None:
    ws = Workspace(write_config(tmp_path, seeds_copy, tmp_path / "index", facts=facts))
    with pytest.raises(ConfigError, match=says):
        ws.facts()


def test_the_cli_refuses_a_bad_facts_section_in_one_line_before_indexing(tmp_path: Path, seeds_copy: Path) -> None:
    write_config(tmp_path, seeds_copy, tmp_path / "index", facts=[{"name": "Trade", "qurey": "x"}])
    proc = run_cli("--config", tmp_path / "config.yaml", "index")
    line = assert_clean_failure(proc)
    assert "unknown key 'qurey'" in line
    assert not (tmp_path / "index").exists(), "nothing written"


def test_the_cli_lists_config_facts_first(tmp_path: Path, seeds_copy: Path) -> None:
    write_config(tmp_path, seeds_copy, tmp_path / "index", facts=[TRADE])
    assert run_cli("--config", tmp_path / "config.yaml", "index").returncode == 0
    proc = run_cli("--config", tmp_path / "config.yaml", "facts", "--json")
    assert proc.returncode == 0, proc.stderr
    facts = json.loads(proc.stdout)["facts"]
    assert facts[0]["id"] == "user:trade-in-2023"
    assert len(facts[0]["sources"]) == 4
