"""Searching as a reader does: what a query finds, and what it highlights."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summit_tui.errors import NotFoundError, QueryError
from summit_tui.search import SearchIndex, SearchResult, build_index
from tests.conftest import SEEDS

NO_LIMITS = re.compile(r"no[\s\-\u2010-\u2015]limits", re.IGNORECASE)
PHRASE_ARTICLES = {"alpha", "beta", "gamma", "epsilon"}


def ids(result) -> set[str]:
    return {hit.id for hit in result.hits}


def highlighted(index: SearchIndex, result: SearchResult) -> dict[str, list[str]]:
    """Article id -> the highlighted words, checked to be exact slices of the article."""
    marked: dict[str, list[str]] = {}
    for hit in result.hits:
        text = index.article(hit.id).text
        for snippet in hit.snippets:
            assert text[snippet.start : snippet.end] == snippet.text
            for a, b in snippet.highlights:
                assert 0 <= a < b <= len(snippet.text)
                marked.setdefault(hit.id, []).append(snippet.text[a:b])
    return marked


@pytest.mark.parametrize(
    "query",
    ['"no limits"', "“no limits”", "‘no-limits’", '"no-limits"', "no-limits", "„no limits“", '"no — limits"'],
)
def test_no_limits_phrase_finds_every_typesetting(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert ids(result) == PHRASE_ARTICLES  # delta has "no" and "limits", but apart
    for words in highlighted(index, result).values():
        assert words and all(NO_LIMITS.fullmatch(w) for w in words), words


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeds") / "index"
    build_index(folder, [SEEDS])
    return folder


def test_no_limits_in_the_seed_articles(seeds_index: Path) -> None:
    with SearchIndex.open(seeds_index) as seeds:
        result = seeds.search("“no limits”")
        assert len(result.hits) == 4
        marked = highlighted(seeds, result)
        assert all(words and all(NO_LIMITS.fullmatch(w) for w in words) for words in marked.values())


@pytest.mark.parametrize("query", ["US", "U.S.", "u.s."])
def test_us_and_u_s_are_the_same_word(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert ids(result) == {"alpha", "beta"}
    words = sum(highlighted(index, result).values(), [])
    assert sorted(set(words)) == ["U.S.", "US"]


@pytest.mark.parametrize("query", ["trade", "trading", "trades"])
def test_stemming_joins_trade_and_trading(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert ids(result) == {"alpha", "beta", "delta"}
    assert {w.lower() for w in sum(highlighted(index, result).values(), [])} == {"trade", "trading"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("1,000", {"alpha", "epsilon"}),  # thousands separators fold
        ("1000", {"alpha", "epsilon"}),
        ("3.5", {"beta"}),  # decimals stay
        ("cafe", {"gamma"}),  # accents fold
        ("not", {"gamma", "delta"}),  # no stop list
    ],
)
def test_numbers_accents_and_small_words(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert ids(index.search(query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Putin Harbin", {"delta"}),
        ("Putin AND Harbin", {"delta"}),
        ("Putin OR Harbin", {"alpha", "gamma", "delta"}),
        ("Putin NOT Harbin", {"alpha"}),
        ("(Harbin OR Moscow) AND NOT pastries", {"beta", "delta"}),
    ],
)
def test_boolean_operators(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert ids(index.search(query)) == expected


def test_not_terms_are_not_highlighted(index: SearchIndex) -> None:
    result = index.search("Putin NOT Harbin")
    assert {w.lower() for w in sum(highlighted(index, result).values(), [])} == {"putin"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:expo", {"delta"}),
        ("title:friendship", {"beta"}),
        ("source:ap", {"beta"}),
        ("source:AP", {"beta"}),
        ("date:2024-05-16", {"alpha"}),
        ("date:2024-05", {"alpha"}),
        ("id:gamma", {"gamma"}),
        ("summit source:reuters", {"alpha"}),
    ],
)
def test_field_queries(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert ids(index.search(query)) == expected


def test_a_title_match_ranks_first_and_still_gets_a_snippet(index: SearchIndex) -> None:
    result = index.search("Moscow")
    assert result.hits[0].id == "beta"
    assert result.hits[0].title == "Beijing hails friendship with Moscow"
    assert all(hit.snippets for hit in result.hits)


@pytest.mark.parametrize(
    ("query", "expected", "words"),
    [
        ("negotiat*", {"gamma"}, {"Negotiations"}),
        ("pastr?es", {"gamma"}, {"pastries"}),
        ("Harbim~", {"gamma", "delta"}, {"Harbin"}),
        ("pipleine~2", {"gamma"}, {"pipeline"}),
    ],
)
def test_wildcards_and_fuzzy_terms_highlight_what_they_matched(
    index: SearchIndex, query: str, expected: set[str], words: set[str]
) -> None:
    result = index.search(query)
    assert ids(result) == expected
    assert set(sum(highlighted(index, result).values(), [])) == words


def test_sources_filter(index: SearchIndex) -> None:
    result = index.search('"no limits"', sources=["ap", "GUARDIAN"])
    assert ids(result) == {"beta", "gamma"} and result.total == 2
    assert {hit.source for hit in result.hits} == {"ap", "guardian"}


def test_hits_carry_what_the_result_list_shows(index: SearchIndex) -> None:
    result = index.search("partnership")
    hit = result.hits[0]
    assert (hit.id, hit.source, hit.title, hit.date) == (
        "alpha", "reuters", "Putin and Xi reaffirm partnership", "2024-05-16",
    )
    assert hit.score > 0 and result.total == 1 and result.suggestion is None


def test_snippets_are_whole_sentences_holding_the_matches(index: SearchIndex) -> None:
    result = index.search("summit")
    assert ids(result) == {"alpha", "beta"}
    for hit in result.hits:
        article = index.article(hit.id)
        assert 1 <= len(hit.snippets) <= 3
        for snippet in hit.snippets:
            assert any(s.start == snippet.start and s.end == snippet.end for s in article.sentences)
            assert [snippet.text[a:b] for a, b in snippet.highlights] == ["summit"]


def test_a_long_sentence_is_cut_to_a_window_around_the_match(tmp_path: Path) -> None:
    sentence = (
        "The delegation " + "visited many places and " * 30 + "saw a zeppelin over the river "
        + "and many other sights " * 20 + "before leaving."
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text(sentence + "\n\nIt was a short trip.\n", encoding="utf-8")
    build_index(tmp_path / "ix", [corpus])
    with SearchIndex.open(tmp_path / "ix") as ix:
        (hit,) = ix.search("zeppelin").hits
        (snippet,) = hit.snippets
        article = ix.article("long")
        assert len(snippet.text) < len(sentence) and len(snippet.text) <= 320
        assert article.text[snippet.start : snippet.end] == snippet.text
        assert [snippet.text[a:b] for a, b in snippet.highlights] == ["zeppelin"]
        assert not snippet.text[0].isspace() and not snippet.text[-1].isspace()


def test_sentence_search_points_into_the_article(index: SearchIndex) -> None:
    result = index.search_sentences("“no limits”")
    assert {hit.id for hit in result.hits} == PHRASE_ARTICLES and result.total == 4
    for hit in result.hits:
        article = index.article(hit.id)
        assert article.text[hit.start : hit.end] == hit.text
        sentence = article.sentences[hit.sentence]
        assert (sentence.start, sentence.end) == (hit.start, hit.end)
        assert [NO_LIMITS.fullmatch(hit.text[a:b]) is not None for a, b in hit.highlights] == [True]
        assert hit.source == {"alpha": "reuters", "beta": "ap", "gamma": "guardian", "epsilon": "ft"}[hit.id]


def test_sentence_search_filters_sources_both_ways(index: SearchIndex) -> None:
    kept = index.search_sentences('"no limits"', exclude_sources=["reuters", "ft"])
    assert {hit.id for hit in kept.hits} == {"beta", "gamma"}
    only = index.search_sentences('"no limits"', sources=["reuters"])
    assert {hit.id for hit in only.hits} == {"alpha"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("negotiat*", {("gamma", "Negotiations")}), ("Harbim~", {("gamma", "Harbin"), ("delta", "Harbin")})],
)
def test_sentence_search_takes_wildcards_and_fuzzy_terms(
    index: SearchIndex, query: str, expected: set[tuple[str, str]]
) -> None:
    result = index.search_sentences(query)
    assert {(hit.id, hit.text[a:b]) for hit in result.hits for a, b in hit.highlights} == expected
    assert index.search_sentences("zzqx*").total == 0


def test_stale_words_do_not_leak_across_sentences(index: SearchIndex) -> None:
    # "Putin" and "Harbin" share an article (delta) but one sentence only there.
    result = index.search_sentences("Putin AND Harbin")
    assert [(hit.id, hit.sentence) for hit in result.hits] == [("delta", 0)]


@pytest.mark.parametrize(("query", "suggestion"), [("tarde", "trade"), ("Harbni", "harbin"), ("pastreis", "pastries")])
def test_did_you_mean(index: SearchIndex, query: str, suggestion: str) -> None:
    result = index.search(query)
    assert result.total == 0 and result.hits == () and result.suggestion == suggestion
    assert index.search_sentences(query).suggestion == suggestion


def test_no_suggestion_when_something_matched(index: SearchIndex) -> None:
    assert index.search("trade").suggestion is None
    assert index.search("zzzzqqq").suggestion is None  # nothing close enough


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("x" * 1001, "query is too long (1001 characters; the limit is 1000)"),
        ("", "empty"),
        ("   \t ", "empty"),
        ("!!! ... ---", "nothing to search for"),
        ("()", "nothing to search for"),
        ("NOT NOT NOT", "cannot understand the query"),
        ("title:", "nothing after 'title:'"),
        ("date:yesterday", "dates look like 2024-05-16"),
        ("trade~5", "fuzzy distance"),
    ],
)
def test_bad_queries_say_what_is_wrong_in_one_line(index: SearchIndex, query: str, words: str) -> None:
    with pytest.raises(QueryError) as caught:
        index.search(query)
    message = str(caught.value)
    assert words in message and "\n" not in message
    with pytest.raises(QueryError):
        index.search_sentences(query)


@pytest.mark.parametrize(
    "query",
    [
        "x" * 1000,  # Whoosh's tagger is quadratic on one long token
        "Harbin~" + "n" * 993,
        ('(trade OR "no limits") AND NOT x* ' * 40)[:1000],
        ("((( AND OR NOT ~ ^ [ { \" ' : " * 40)[:1000],
        " ".join(f"tr{i}de" for i in range(300))[:1000],
    ],
)
def test_the_longest_allowed_queries_are_answered(index: SearchIndex, query: str) -> None:
    assert len(query) <= 1000
    try:
        result = index.search(query)
    except QueryError as exc:
        assert "\n" not in str(exc)
    else:
        assert result.total >= 0


def test_articles_come_back_by_id_and_unknown_ids_are_not_found(index: SearchIndex) -> None:
    assert [a.id for a in index.articles()] == ["alpha", "beta", "delta", "epsilon", "gamma"]
    assert index.article("gamma").source == "guardian"
    with pytest.raises(NotFoundError, match="no article with id 'omega'"):
        index.article("omega")


def test_a_pattern_highlights_only_the_words_it_matched(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bakery.txt").write_text(
        "The pastry chef sold pastries to the press. One pastry was left.\n", encoding="utf-8"
    )
    build_index(tmp_path / "ix", [corpus])
    with SearchIndex.open(tmp_path / "ix") as ix:
        # "pastry" and "pastries" share a stem; only one fits the pattern
        assert set(sum(highlighted(ix, ix.search("pastr?es")).values(), [])) == {"pastries"}
        assert sorted(sum(highlighted(ix, ix.search("pastr*")).values(), [])) == ["pastries", "pastry", "pastry"]
        assert sum(highlighted(ix, ix.search("words:pastry")).values(), []) == ["pastry", "pastry"]


def test_a_phrase_in_the_words_field_is_still_a_phrase(index: SearchIndex) -> None:
    result = index.search('words:"no limits"')
    assert ids(result) == PHRASE_ARTICLES
    for words in highlighted(index, result).values():
        assert words and all(NO_LIMITS.fullmatch(w) for w in words), words


def test_an_index_of_no_articles_finds_nothing(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    build_index(tmp_path / "ix", [tmp_path / "corpus"])
    with SearchIndex.open(tmp_path / "ix") as ix:
        assert ix.search("trade").total == 0 and ix.search_sentences('"no limits"').total == 0
        assert ix.articles() == []


@pytest.mark.parametrize("query", ["trade", "pipeline OR gas", "Putin Xi", '"no limits"'])
def test_sentence_candidates_rank_like_sentence_search_without_highlights(index, query: str) -> None:
    """compare() asks for candidates the lean way; they must be the sentences
    a sentence search ranks first, pointing at the same text."""
    full = index.search_sentences(query, limit=20)
    lean = index.sentence_candidates(query, limit=20)
    assert lean, "the shared corpus has sentences for each of these queries"
    assert [(h.id, h.sentence) for h in lean] == [(h.id, h.sentence) for h in full.hits]
    for hit in lean:
        assert hit.highlights == ()
        assert index.article(hit.id).text[hit.start:hit.end] == hit.text
