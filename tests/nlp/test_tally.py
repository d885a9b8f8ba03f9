"""Counting a corpus's entities one article at a time (``EntityTally``)
gives the entity list a user sees from ``group_mentions`` over every
mention: the same keys, labels, types, counts, values and order, whatever
order the articles come in."""

from __future__ import annotations

import random

from summit_tui.nlp.aggregate import EntityCount, EntityTally, group_mentions
from summit_tui.nlp.model import Mention, Quantity

TRADE = Quantity("MONEY", 240e9, "USD")
TRADE_ROUNDED = Quantity("MONEY", 240e9, "USD", qualifiers=("about",))


def mention(article: str, start: int, kind: str, key: str, label: str, quantity: Quantity | None = None) -> Mention:
    return Mention(article, start, start + 3, kind, key, label, "xxx", 0, quantity)


def corpus() -> dict[str, list[Mention]]:
    """Ties everywhere: two labels of Xi equally often, keys with the same
    count in more or fewer articles, a quantity whose first mention (in
    article order) carries a qualifier."""
    return {
        "b": [mention("b", 5, "PERSON", "person:xi_jinping", "Xi"),
              mention("b", 9, "MONEY", "money:240000000000_usd", "$240 billion", TRADE),
              mention("b", 20, "GPE", "gpe:china", "China")],
        "a": [mention("a", 30, "PERSON", "person:xi_jinping", "President Xi"),
              mention("a", 2, "PERSON", "person:xi_jinping", "Xi Jinping"),
              mention("a", 40, "MONEY", "money:240000000000_usd", "USD 240 billion", TRADE_ROUNDED),
              mention("a", 41, "GPE", "gpe:russia", "Russia"),
              mention("a", 50, "GPE", "gpe:russia", "Russia")],
        "c": [mention("c", 1, "PERSON", "person:xi_jinping", "Xi Jinping"),
              mention("c", 3, "PERSON", "person:xi_jinping", "Xi"),
              mention("c", 7, "GPE", "gpe:china", "China"),
              mention("c", 8, "NORP", "norp:chinese", "Chinese")],
    }


def test_the_tally_ranks_and_labels_entities_as_grouping_every_mention_does() -> None:
    articles = corpus()
    expected = [EntityCount.of(e) for e in group_mentions([m for group in articles.values() for m in group])]
    assert [e.key for e in expected][:2] == ["person:xi_jinping", "gpe:china"]  # the ties this test is about
    for seed in range(8):  # any order of articles
        order = list(articles)
        random.Random(seed).shuffle(order)
        tally = EntityTally()
        for article in order:
            tally.add(articles[article])
        assert tally.counts() == expected


def test_the_tally_keeps_the_first_value_and_the_types_asked_for() -> None:
    tally = EntityTally()
    for group in corpus().values():
        tally.add(group)
    money = tally.counts(types=["money"])
    assert [(e.key, e.count, e.article_count) for e in money] == [("money:240000000000_usd", 2, 2)]
    assert money[0].value == TRADE_ROUNDED  # article "a" comes first, as in group_mentions
    places = tally.counts(types=["GPE", "NORP"])
    assert {e.type for e in places} == {"GPE", "NORP"}
    assert [(e.key, e.count, e.article_count) for e in places][:2] == [("gpe:china", 2, 2), ("gpe:russia", 2, 1)]
    assert all(e.value is None for e in places)


def test_an_empty_corpus_has_no_entities() -> None:
    tally = EntityTally()
    tally.add(())
    assert tally.counts() == []
