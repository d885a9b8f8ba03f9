"""What lists need, without the corpus in memory: article summaries that
match the full articles, one article's mentions decoded on their own,
entity counts equal to the grouped mentions, and searches for an entity
that decode only the hits' mentions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from summit_tui.corpus.model import ArticleSummary
from summit_tui.errors import NotFoundError
from summit_tui.nlp.aggregate import EntityCount, group_mentions
from summit_tui.search import SearchIndex
from summit_tui.search import query as query_module
from tests.search.conftest import Built


class Decodes:
    """Counts the articles whose stored mentions get decoded."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.articles: list[str] = []
        real = query_module.decode_mentions

        def counting(raw, article_id, text):  # type: ignore[no-untyped-def]
            self.articles.append(article_id)
            return real(raw, article_id, text)

        monkeypatch.setattr(query_module, "decode_mentions", counting)


class FullArticles:
    """Counts the full ``Article``s rebuilt from stored fields."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = query_module.article_from_fields

        def counting(fields):  # type: ignore[no-untyped-def]
            self.count += 1
            return real(fields)

        monkeypatch.setattr(query_module, "article_from_fields", counting)


@pytest.fixture
def fresh(built: Built) -> Iterator[SearchIndex]:
    """An index opened anew: nothing decoded or cached yet."""
    with built.open() as ix:
        yield ix


def test_summaries_list_every_article_as_the_full_articles_do(built: Built,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with built.open() as ix:
        expected = [ArticleSummary.of(a) for a in ix.articles()]
    full = FullArticles(monkeypatch)
    with built.open() as ix:
        summaries = ix.article_summaries()
    assert summaries == expected
    assert [s.id for s in summaries] == ["alpha", "beta", "delta", "epsilon", "gamma"]
    assert summaries[0].title == "Putin and Xi reaffirm partnership" and summaries[0].source == "reuters"
    assert summaries[0].published is not None and summaries[1].published is None
    assert full.count == 0  # no article's text, paragraphs or sentences were built


def test_one_articles_mentions_are_decoded_alone(built: Built, fresh: SearchIndex,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with built.open() as other:
        expected = other.all_mentions()["alpha"]
    decodes = Decodes(monkeypatch)
    assert fresh.mentions("alpha") == expected and expected
    assert decodes.articles == ["alpha"]
    with pytest.raises(NotFoundError):
        fresh.mentions("no-such-article")


def test_entity_counts_are_the_grouped_mentions_without_them(built: Built, fresh: SearchIndex) -> None:
    with built.open() as other:
        mentions = [m for group in other.all_mentions().values() for m in group]
    assert fresh.entity_counts() == [EntityCount.of(e) for e in group_mentions(mentions)]
    assert fresh.entity_counts(types=["GPE"]) == [EntityCount.of(e) for e in group_mentions(mentions, types=["GPE"])]
    xi = next(e for e in fresh.entity_counts() if e.key == "person:xi_jinping")
    assert xi.article_count == 2 and xi.count >= 2  # alpha and gamma name Xi, the others do not


def test_searching_for_an_entity_decodes_only_the_hits(built: Built, fresh: SearchIndex,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with built.open() as other:
        other.all_mentions()  # the old way: every article decoded
        expected = other.search("entity:gpe:united_states", limit=1)
        expected_spans = other.match_spans("alpha", "", entities=["person:xi_jinping"])
    decodes = Decodes(monkeypatch)
    result = fresh.search("entity:gpe:united_states", limit=1)
    assert result == expected and result.total == 2
    assert any(s.highlights for h in result.hits for s in h.snippets)  # the mention is still marked
    assert decodes.articles == [result.hits[0].id]
    decodes.articles.clear()
    assert fresh.match_spans("alpha", "", entities=["person:xi_jinping"]) == expected_spans and expected_spans
    assert decodes.articles == ["alpha"]
