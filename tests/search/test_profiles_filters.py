"""The search parameters saved profiles use: entity types, a published-date
range and the sort order, for articles and for sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from summit_tui.config import Config
from summit_tui.corpus.model import ArticleMeta
from summit_tui.errors import QueryError
from summit_tui.profiles import SearchFilters, SearchProfile
from summit_tui.search import SearchIndex, build_index
from summit_tui.workspace import Workspace
from tests.search.conftest import write_corpus

# Four reports of pipeline talks: two give sums of money, one a percentage,
# one no figure at all; one has no published date.
ARTICLES = {
    "alpha": "Putin and Xi discussed the gas pipeline in Beijing. Trade between the two countries reached "
             "$240 billion last year.\n",
    "bravo": "The gas pipeline talks continued in Moscow. Growth in the region reached 3.5 percent this spring.\n",
    "charlie": "Gas pipeline negotiations stalled without a deal. Officials gave no figures.\n",
    "delta": "A gas pipeline deal worth $10 billion was discussed by Gazprom executives.\n",
}
METADATA = {
    "alpha": ArticleMeta(source="reuters", published=date(2024, 5, 16)),
    "bravo": ArticleMeta(source="ap", published=date(2024, 6, 19)),
    "charlie": ArticleMeta(source="bbc"),
    "delta": ArticleMeta(source="ft", published=date(2024, 5, 1)),
}
QUERY = "gas pipeline"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("profile-filters")
    corpus = write_corpus(root / "corpus", ARTICLES)
    build_index(root / "index", [corpus], metadata=METADATA)
    return corpus, root / "index"


@pytest.fixture(scope="module")
def index(folders: tuple[Path, Path]):
    with SearchIndex.open(folders[1]) as opened:
        yield opened


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def test_the_corpus_is_what_the_tests_assume(index: SearchIndex) -> None:
    types = {a.id: {m.type for m in index.mentions(a.id)} for a in index.articles()}
    assert "MONEY" in types["alpha"] and "MONEY" in types["delta"]
    assert "PERCENT" in types["bravo"] and "MONEY" not in types["bravo"]
    assert not types["charlie"] & {"MONEY", "PERCENT"}
    relevance = ids(index.search(QUERY))
    assert sorted(relevance) == sorted(ARTICLES)
    # Relevance order differs from both other orders, so a sort that did
    # nothing would be caught.
    assert relevance not in (["bravo", "alpha", "delta", "charlie"], ["bravo", "charlie", "delta", "alpha"])


@pytest.mark.parametrize(
    "types, expected",
    [(["MONEY"], {"alpha", "delta"}), (["percent"], {"bravo"}), (["MONEY", "PERCENT"], {"alpha", "bravo", "delta"}),
     (["ORG"], {"delta"})],
)
def test_types_keep_articles_that_mention_any_of_them(index: SearchIndex, types: list[str], expected: set[str]) -> None:
    result = index.search(QUERY, types=types)
    assert set(ids(result)) == expected and result.total == len(expected)


@pytest.mark.parametrize(
    "date_from, date_to, expected",
    [
        (date(2024, 5, 16), date(2024, 5, 16), {"alpha"}),  # both ends inclusive
        (date(2024, 5, 17), None, {"bravo"}),
        (None, date(2024, 5, 16), {"alpha", "delta"}),
        (date(2024, 1, 1), date(2024, 12, 31), {"alpha", "bravo", "delta"}),  # the undated one drops out
        (date(2023, 1, 1), date(2023, 12, 31), set()),
    ],
)
def test_a_date_range_keeps_articles_published_within_it(index: SearchIndex, date_from, date_to, expected) -> None:
    assert set(ids(index.search(QUERY, date_from=date_from, date_to=date_to))) == expected


def test_sort_by_date_puts_the_newest_first_and_the_undated_last(index: SearchIndex) -> None:
    assert ids(index.search(QUERY, sort="date")) == ["bravo", "alpha", "delta", "charlie"]


def test_sort_by_source_is_alphabetical(index: SearchIndex) -> None:
    assert ids(index.search(QUERY, sort="source")) == ["bravo", "charlie", "delta", "alpha"]  # ap bbc ft reuters


def test_a_sorted_search_still_reports_relevance_scores(index: SearchIndex) -> None:
    relevance = {h.id: h.score for h in index.search(QUERY).hits}
    for sort in ("date", "source"):
        for hit in index.search(QUERY, sort=sort).hits:
            assert hit.score == pytest.approx(relevance[hit.id])
            assert hit.snippets, "sorting must not lose the snippets"


def test_the_limit_applies_after_sorting(index: SearchIndex) -> None:
    result = index.search(QUERY, sort="date", limit=2)
    assert ids(result) == ["bravo", "alpha"] and result.total == 4


def test_filters_combine(index: SearchIndex) -> None:
    result = index.search(QUERY, types=["MONEY"], date_from=date(2024, 5, 10), sources=["reuters", "ft"], sort="date")
    assert ids(result) == ["alpha"]


@pytest.mark.parametrize(
    "kwargs, complaint",
    [({"sort": "newest"}, "sort order"), ({"types": ["COLOUR"]}, "entity type"),
     ({"date_from": date(2024, 6, 1), "date_to": date(2024, 5, 1)}, "before it starts")],
)
def test_bad_parameters_are_query_errors(index: SearchIndex, kwargs, complaint: str) -> None:
    with pytest.raises(QueryError, match=complaint):
        index.search(QUERY, **kwargs)


def test_sentences_take_the_same_filters_and_sort(index: SearchIndex) -> None:
    query = "pipeline OR growth OR trade"
    # A sentence's own mentions count: only the sentences that give a sum.
    money = index.search_sentences(query, types=["MONEY"])
    assert [(h.id, h.sentence) for h in money.hits] == [("alpha", 1), ("delta", 0)]
    by_source = [h.id for h in index.search_sentences(query, sort="source").hits]
    assert by_source == ["bravo", "bravo", "charlie", "delta", "alpha", "alpha"]
    dated = index.search_sentences("pipeline", date_from=date(2024, 6, 1))
    assert {h.id for h in dated.hits} == {"bravo"}


def test_workspace_runs_a_profile_with_its_filters_and_sort(folders: tuple[Path, Path]) -> None:
    corpus, index_dir = folders
    profile = SearchProfile(name="Deals with figures", query=QUERY, sort="date",
                            filters=SearchFilters(types=("MONEY", "PERCENT"), date_to=date(2024, 5, 31)))
    with Workspace(Config(corpus=(corpus,), index=index_dir)) as ws:
        assert ids(ws.search_profile(profile)) == ["alpha", "delta"]
        assert ids(ws.search(QUERY, types=["PERCENT"], sort="source")) == ["bravo"]
        assert [h.id for h in ws.search_sentences(QUERY, date_from=date(2024, 6, 1)).hits] == ["bravo"]


def test_profiles_and_search_agree_on_the_sort_orders() -> None:
    from summit_tui import profiles
    from summit_tui.search import query

    assert profiles.SORTS == query.SORTS
    assert profiles.SORT_RELEVANCE == query.SORT_RELEVANCE == profiles.SORTS[0]
