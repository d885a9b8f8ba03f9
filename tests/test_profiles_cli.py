"""``summit-tui profiles ...`` and ``--profile`` as a person in two shells
uses them: subprocesses, exit codes, stderr notes and the --json shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import assert_clean_failure, run_cli

PROFILE_KEYS = {"name", "query", "filters", "sort", "view", "description", "created", "updated", "origin"}
FILTER_KEYS = {"sources", "entities", "types", "date_from", "date_to"}


@pytest.fixture(scope="module")
def opts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Global options that point at a fresh index of the seeds."""
    index = tmp_path_factory.mktemp("profiles-cli") / "index"
    proc = run_cli("--index", index, "index", "--json")
    assert proc.returncode == 0, proc.stderr
    return ["--index", str(index)]


@pytest.fixture
def profiles_file(isolated_xdg: Path) -> Path:
    return isolated_xdg / "XDG_DATA_HOME" / "summit-tui" / "profiles.yaml"


def ok_json(proc) -> dict:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def hit_ids(out: dict) -> list[str]:
    return [h["id"] for h in out["hits"]]


def test_no_profiles_yet(opts: list[str]) -> None:
    assert ok_json(run_cli(*opts, "profiles", "list", "--json")) == {"profiles": [], "problem": None}
    proc = run_cli(*opts, "profiles", "list")
    assert proc.returncode == 0 and "No saved profiles yet" in proc.stdout


def test_save_show_list_delete_round_trip_between_shells(opts: list[str], profiles_file: Path) -> None:
    saved = ok_json(run_cli(*opts, "profiles", "save", "  Energy deals ", "--query", "gas OR pipeline OR trade",
                            "--type", "money,percent", "--from", "2024-05-01", "--to", "2024-06-30",
                            "--sort", "date", "--view", "comparison", "--description", "each outlet on energy",
                            "--json"))
    assert set(saved) == PROFILE_KEYS and set(saved["filters"]) == FILTER_KEYS
    assert saved["name"] == "Energy deals" and saved["origin"] == "user"
    assert saved["filters"]["types"] == ["MONEY", "PERCENT"]
    assert saved["filters"]["date_from"] == "2024-05-01" and saved["filters"]["date_to"] == "2024-06-30"
    assert saved["created"].endswith("Z") and saved["created"] == saved["updated"]
    assert profiles_file.is_file()

    # Another shell sees it, by any case.
    assert ok_json(run_cli(*opts, "profiles", "show", "ENERGY DEALS", "--json")) == saved
    listed = ok_json(run_cli(*opts, "profiles", "list", "--json"))
    assert listed == {"profiles": [saved], "problem": None}
    text = run_cli(*opts, "profiles", "list")
    assert text.returncode == 0 and "Energy deals" in text.stdout and "comparison" in text.stdout

    # Saving the name again replaces the search and keeps the creation time.
    again = ok_json(run_cli(*opts, "profiles", "save", "energy deals", "--query", "pipeline", "--json"))
    assert again["query"] == "pipeline" and again["filters"]["types"] == [] and again["sort"] == "relevance"
    assert again["created"] == saved["created"]
    assert [p["name"] for p in ok_json(run_cli(*opts, "profiles", "list", "--json"))["profiles"]] == ["energy deals"]

    deleted = ok_json(run_cli(*opts, "profiles", "delete", "Energy Deals", "--json"))
    assert deleted == {**again, "name": "energy deals"}
    line = assert_clean_failure(run_cli(*opts, "profiles", "show", "energy deals"))
    assert "no profile named 'energy deals'" in line


def test_save_resolves_names_and_prefixes_through_the_index(opts: list[str]) -> None:
    saved = ok_json(run_cli(*opts, "profiles", "save", "Putin in 003", "--entity", "Putin", "--source", "003",
                            "--json"))
    assert saved["query"] == ""
    assert saved["filters"]["entities"] == ["person:vladimir_putin"]
    assert saved["filters"]["sources"] == ["003_cb1a4ce9872c9508"]
    out = ok_json(run_cli(*opts, "search", "--profile", "putin in 003", "--json"))
    assert hit_ids(out) == ["003_cb1a4ce9872c9508"]


def test_rename(opts: list[str]) -> None:
    ok_json(run_cli(*opts, "profiles", "save", "old", "--query", "trade", "--json"))
    renamed = ok_json(run_cli(*opts, "profiles", "rename", "OLD", "New name", "--json"))
    assert renamed["name"] == "New name" and renamed["query"] == "trade"
    assert [p["name"] for p in ok_json(run_cli(*opts, "profiles", "list", "--json"))["profiles"]] == ["New name"]


def test_search_profile_runs_its_query_filters_and_sort(opts: list[str]) -> None:
    query = "trade OR Putin"
    ok_json(run_cli(*opts, "profiles", "save", "figures", "--query", query, "--type", "PERCENT", "--sort", "source",
                    "--json"))
    everything = ok_json(run_cli(*opts, "search", query, "--json"))
    direct = ok_json(run_cli(*opts, "search", query, "--type", "PERCENT", "--sort", "source", "--json"))
    by_profile = ok_json(run_cli(*opts, "search", "--profile", "figures", "--json"))
    assert by_profile == direct
    assert 0 < direct["total"] < everything["total"], "the type filter must narrow the search"
    assert hit_ids(direct) == sorted(hit_ids(direct)), "seed sources are their ids: sorted by source"

    # Options given on the command line win over the profile's.
    overridden = ok_json(run_cli(*opts, "search", "--profile", "figures", "--sort", "relevance", "--json"))
    scores = [h["score"] for h in overridden["hits"]]
    assert scores == sorted(scores, reverse=True) and set(hit_ids(overridden)) == set(hit_ids(direct))
    other_query = ok_json(run_cli(*opts, "search", "Harbin", "--profile", "figures", "--json"))
    assert other_query["query"] == "Harbin"
    assert set(hit_ids(other_query)) <= set(hit_ids(direct))


def test_search_filters_without_a_profile(opts: list[str]) -> None:
    everything = ok_json(run_cli(*opts, "search", "Putin", "--json", "--limit", "50"))
    dates = {h["id"]: h["date"] for h in everything["hits"]}
    assert len(set(dates.values())) > 1, "the seeds must span more than one date for this test"
    latest = max(d for d in dates.values() if d)
    after = ok_json(run_cli(*opts, "search", "Putin", "--from", latest, "--json"))
    assert set(hit_ids(after)) == {i for i, d in dates.items() if d and d >= latest}
    newest_first = ok_json(run_cli(*opts, "search", "Putin", "--sort", "date", "--json"))
    shown = [h["date"] or "" for h in newest_first["hits"]]
    assert shown == sorted(shown, reverse=True)


@pytest.mark.parametrize(
    "args, complaint",
    [
        (["profiles", "show", "nope"], "no profile named 'nope'"),
        (["profiles", "delete", "nope"], "no saved profile named 'nope'"),
        (["search", "--profile", "nope"], "no profile named 'nope'"),
        (["--profile", "nope"], "no profile named 'nope'"),
        (["profiles", "save", "x" * 65, "--query", "trade"], "65 characters"),
        (["profiles", "save", "empty"], "needs something to search for"),
        (["profiles", "save", "bad", "--query", "title:"], "nothing after 'title:'"),
        (["profiles", "save", "bad", "--query", "trade", "--from", "16/05/2024"], "expected YYYY-MM-DD"),
        (["profiles", "save", "bad", "--query", "trade", "--from", "2024-06-01", "--to", "2024-05-01"], "before"),
        (["profiles", "save", "bad", "--query", "trade", "--type", "colour"], "unknown entity type"),
        (["profiles", "save", "bad", "--entity", "Nobody Atall"], "no entity 'Nobody Atall'"),
        (["search", "trade", "--type", "colour"], "unknown entity type"),
    ],
)
def test_user_mistakes_are_one_line_and_exit_2(opts: list[str], profiles_file: Path, args: list[str],
                                               complaint: str) -> None:
    line = assert_clean_failure(run_cli(*opts, *args))
    assert complaint in line
    assert not profiles_file.exists()


def test_the_tui_option_accepts_a_known_profile(opts: list[str]) -> None:
    ok_json(run_cli(*opts, "profiles", "save", "start here", "--query", "trade", "--json"))
    proc = run_cli(*opts, "--profile", "START HERE")  # not a terminal: the article list, and no error
    assert proc.returncode == 0, proc.stderr
    assert "001_46a525766b7fbe32" in proc.stdout


def test_default_profiles_from_config(opts: list[str], tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("profiles:\n"
                      "  - name: Xi\n    filters: {entities: [person:xi_jinping]}\n    view: facts\n"
                      "  - name: Trade\n    query: trade\n")
    cfg = ["--config", str(config)]
    listed = ok_json(run_cli(*opts, *cfg, "profiles", "list", "--json"))["profiles"]
    assert [(p["name"], p["origin"]) for p in listed] == [("Trade", "default"), ("Xi", "default")]
    assert listed[1]["created"] is None and listed[1]["view"] == "facts"

    line = assert_clean_failure(run_cli(*opts, *cfg, "profiles", "delete", "xi"))
    assert "default profiles live in config.yaml" in line

    mine = ok_json(run_cli(*opts, *cfg, "profiles", "save", "trade", "--query", "trade AND billion", "--json"))
    assert mine["origin"] == "user"
    listed = ok_json(run_cli(*opts, *cfg, "profiles", "list", "--json"))["profiles"]
    assert [(p["name"], p["origin"]) for p in listed] == [("trade", "user"), ("Xi", "default")]
    proc = run_cli(*opts, *cfg, "profiles", "delete", "trade")
    assert proc.returncode == 0 and "default profile 'Trade'" in proc.stdout
    out = ok_json(run_cli(*opts, *cfg, "search", "--profile", "xi", "--json"))
    assert out["total"] > 0


def test_a_broken_profiles_file_is_a_note_not_a_failure(opts: list[str], profiles_file: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("profiles:\n  - {name: Default trade, query: trade}\n")
    cfg = ["--config", str(config)]
    broken = "profiles:\n  - name: mine\n    query: gas\n    query: oil\n"
    profiles_file.parent.mkdir(parents=True)
    profiles_file.write_text(broken)

    proc = run_cli(*opts, *cfg, "profiles", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    notes = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(notes) == 1 and f"{profiles_file}:4:" in notes[0] and "duplicate key 'query'" in notes[0]
    out = json.loads(proc.stdout)
    assert [p["name"] for p in out["profiles"]] == ["Default trade"]
    assert out["problem"].startswith(f"{profiles_file}:4:")

    # Searching with a default profile still works; the note comes along.
    searched = run_cli(*opts, *cfg, "search", "--profile", "default trade", "--json")
    assert searched.returncode == 0 and json.loads(searched.stdout)["total"] > 0
    assert "duplicate key" in searched.stderr

    saved = run_cli(*opts, *cfg, "profiles", "save", "fresh", "--query", "pipeline")
    assert saved.returncode == 0, saved.stderr
    assert "profiles.yaml.bak" in saved.stderr
    assert profiles_file.with_name("profiles.yaml.bak").read_text() == broken
    after = run_cli(*opts, *cfg, "profiles", "list", "--json")
    assert after.returncode == 0 and after.stderr == ""
    assert [p["name"] for p in json.loads(after.stdout)["profiles"]] == ["Default trade", "fresh"]


def test_cli_choices_are_the_profile_vocabulary() -> None:
    from summit_tui import cli, profiles

    assert cli.SORTS == profiles.SORTS and cli.VIEWS == profiles.VIEWS
