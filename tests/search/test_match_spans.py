"""Where a query matches in one whole article, for the reader's highlighting
and n/N: headings included, phrases only where the words stand together,
and whether or not the article is a hit for the whole query."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summit_tui.config import load_config
from summit_tui.errors import NotFoundError, QueryError
from summit_tui.search import SearchIndex, build_index
from summit_tui.workspace import Workspace
from tests.search.conftest import ARTICLES, METADATA, write_corpus

# An article whose only "pipeline" is in a subheading.
HEADED = (
    "# Summit in Beijing\n\n"
    "Leaders met on Thursday and discussed many things at length over dinner.\n\n"
    "## Pipeline talks stall\n\n"
    "The gas deal was not signed, officials said after the long meeting ended.\n"
)


@pytest.fixture(scope="module")
def headed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus, index) of the shared corpus plus the article with a subheading."""
    root = tmp_path_factory.mktemp("match-spans")
    corpus = write_corpus(root / "corpus", {**ARTICLES, "headed": HEADED})
    build_index(root / "index", [corpus], metadata=METADATA)
    return corpus, root / "index"


def covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def test_a_match_in_a_subheading_is_found(headed: tuple[Path, Path]) -> None:
    with SearchIndex.open(headed[1]) as index:
        article = index.article("headed")
        spans = index.match_spans("headed", "pipeline")
    headings = [p for p in article.paragraphs if p.heading]
    assert headings, "the test article must have a subheading"
    assert spans and all(article.text[s:e].lower() == "pipeline" for s, e in spans)
    assert any(h.start <= s and e <= h.end for s, e in spans for h in headings)


def test_spans_point_at_every_occurrence_sorted_and_apart(index: SearchIndex) -> None:
    text = index.article("alpha").text
    spans = index.match_spans("alpha", "countries")
    words = [(m.start(), m.end()) for m in re.finditer(r"\bcountries\b", text, re.IGNORECASE)]
    assert len(words) >= 2
    assert spans == words
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))


def test_an_article_that_is_no_hit_still_shows_the_words_it_has(index: SearchIndex) -> None:
    assert "delta" not in {hit.id for hit in index.search("trade AND pipeline", limit=50).hits}
    text = index.article("delta").text
    spans = index.match_spans("delta", "trade AND pipeline")
    assert [text[s:e].lower() for s, e in spans] == ["trade"]


def test_a_phrase_marks_only_where_its_words_stand_together(index: SearchIndex) -> None:
    alpha = index.article("alpha").text
    together = index.match_spans("alpha", '"no limits"')
    assert together and all(alpha[s:e].lower().startswith("no") and alpha[s:e].lower().endswith("limits")
                            for s, e in together)
    # delta has "no" and "Limits", but apart: each alone is marked, the phrase is not
    assert index.match_spans("delta", "no") and index.match_spans("delta", "limits")
    assert index.match_spans("delta", '"no limits"') == []


def test_a_wildcard_marks_the_words_it_expands_to(index: SearchIndex) -> None:
    text = index.article("gamma").text
    for query in ("past*", "pastr?es"):
        spans = index.match_spans("gamma", query)
        assert [text[s:e] for s, e in spans] == ["pastries"]


def test_words_under_not_are_not_marked(index: SearchIndex) -> None:
    text = index.article("gamma").text
    spans = index.match_spans("gamma", "gas NOT pipeline")
    marked = [text[s:e].lower() for s, e in spans]
    assert "gas" in marked and "pipeline" not in marked


def test_an_entity_query_marks_its_mentions(index: SearchIndex) -> None:
    mentions = [m for m in index.mentions("alpha") if m.type == "PERSON"]
    assert mentions
    key = mentions[0].key
    expected = [(m.start, m.end) for m in index.mentions("alpha") if m.key == key]
    assert index.match_spans("alpha", f"entity:{key}") == expected
    # the same through the entities argument, with or without words
    assert index.match_spans("alpha", "", entities=[key]) == expected
    with_words = index.match_spans("alpha", "trade", entities=[key])
    assert all(covered(with_words, s, e) for s, e in expected)
    text = index.article("alpha").text
    assert any(text[s:e].lower() == "trade" for s, e in with_words)


def test_a_blank_query_marks_nothing(index: SearchIndex) -> None:
    assert index.match_spans("alpha", "   ") == []


def test_an_unknown_article_or_a_bad_query_is_a_clear_error(index: SearchIndex) -> None:
    with pytest.raises(NotFoundError, match="no-such-article"):
        index.match_spans("no-such-article", "trade")
    with pytest.raises(QueryError) as caught:
        index.match_spans("alpha", "title:")
    assert "\n" not in str(caught.value)


def test_the_workspace_answers_the_same(headed: tuple[Path, Path]) -> None:
    corpus, index_dir = headed
    with Workspace(load_config(corpus=[corpus], index=index_dir, user_file=None)) as ws, \
            SearchIndex.open(index_dir) as index:
        assert ws.match_spans("headed", "pipeline") == index.match_spans("headed", "pipeline")
        assert ws.match_spans("alpha", '"no limits"') == index.match_spans("alpha", '"no limits"')
