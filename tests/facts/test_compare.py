"""Discrepancies, agreements, person descriptions and ad-hoc comparison, on
the seed articles and on small corpora written for the purpose."""

from __future__ import annotations

from datetime import date

import pytest

from summit_tui.corpus.model import Article, ArticleMeta
from summit_tui.errors import NotFoundError, QueryError, SentenceNotFoundError
from summit_tui.facts.compare import analyse, compare, parse_sentence_ref, person_descriptions
from summit_tui.facts.model import BASELINE, DATE, DESCRIPTION, HEDGE, VALUE, Statement
from summit_tui.search import SearchIndex, build_index
from tests.conftest import SEEDS

# -- helpers ----------------------------------------------------------------------


def statement(article: Article, index: int) -> Statement:
    sentence = article.sentences[index]
    return Statement(article=article.id, source=article.source, sentence=index,
                     text=article.text[sentence.start:sentence.end], start=sentence.start, end=sentence.end)


def sentence_with(article: Article, words: str) -> int:
    """The one sentence of ``article`` holding ``words``."""
    found = [s.index for s in article.sentences if words in article.text[s.start:s.end]]
    assert len(found) == 1, (article.id, words, found)
    return found[0]


def of_kind(analysis, kind: str) -> list:
    return [d for d in analysis.discrepancies if d.kind == kind]


def assert_spans_inside(items, articles: dict[str, Article], statements: list[Statement]) -> None:
    """Every highlighted span lies inside that article's statement."""
    where = {s.article: s for s in statements}
    for item in items:
        for article_id, spans in item.spans.items():
            for start, end in spans:
                s = where[article_id]
                assert s.start <= start < end <= s.end, (item, article_id)
                assert articles[article_id].text[start:end].strip()


# -- the seeds ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory):
    """The seed articles indexed with the project's metadata (published dates)."""
    from summit_tui.config import load_config

    config = load_config(user_file=False)
    root = tmp_path_factory.mktemp("compare-seeds")
    build_index(root / "index", [SEEDS], metadata=config.articles)
    with SearchIndex.open(root / "index") as index:
        yield index


@pytest.fixture(scope="module")
def seed(seed_index) -> dict[str, Article]:
    """Seed articles by the first three characters of their id."""
    return {a.id[:3]: a for a in seed_index.articles()}


@pytest.fixture(scope="module")
def trade(seed, seed_index):
    """The four reports of the 2023 trade figure, and their analysis."""
    statements = [statement(seed[p], sentence_with(seed[p], "240 billion")) for p in ("000", "001", "002", "003")]
    return statements, analyse(statements, seed_index.all_mentions())


def test_all_four_trade_reports_agree_on_the_total(trade, seed) -> None:
    statements, analysis = trade
    ids = [s.article for s in statements]
    totals = [a for a in analysis.agreements if a.value == "$240 billion"]
    assert len(totals) == 1
    assert totals[0].detail == "all four: $240 billion"
    assert set(totals[0].articles) == set(ids)
    # Each source's own wording of the figure is what is marked.
    marked = {a: seed[a[:3]].text[s:e] for a, ((s, e),) in totals[0].spans.items()}
    assert marked[seed["000"].id] == "USD 240 billion"
    assert marked[seed["003"].id] == "$240 billion"
    assert_spans_inside(analysis.agreements, {a.id: a for a in seed.values()}, statements)


def test_growth_figures_differ_and_their_spans_mark_them(trade, seed) -> None:
    statements, analysis = trade
    values = of_kind(analysis, VALUE)
    assert len(values) == 1
    growth = values[0]
    assert growth.values == {seed["001"].id: "64%", seed["003"].id: "63 percent"}
    assert growth.detail.startswith("growth: 64% vs 63%")
    for article_id, ((start, end),) in growth.spans.items():
        assert seed[article_id[:3]].text[start:end] == growth.values[article_id]
    # The total and a growth rate are never set against each other.
    assert not any("$" in v or "USD" in v for d in values for v in d.values.values())


def test_different_baselines_are_shown_as_baselines(trade, seed) -> None:
    _, analysis = trade
    (baseline,) = of_kind(analysis, BASELINE)
    assert baseline.values == {seed["001"].id: "since February 2022", seed["003"].id: "from 2021"}
    assert baseline.detail == "baselines differ: since February 2022 vs from 2021"
    for article_id, ((start, end),) in baseline.spans.items():
        assert seed[article_id[:3]].text[start:end] == baseline.values[article_id]
    # The growth figures are flagged, and said not to be like for like.
    assert "different baselines" in of_kind(analysis, VALUE)[0].detail


def test_hedges_say_which_source_adds_them(trade, seed) -> None:
    _, analysis = trade
    hedges = of_kind(analysis, HEDGE)
    by_word = {v: d for d in hedges for v in d.values.values() if v != "—"}
    assert set(by_word) == {"estimated", "record"}
    record = by_word["record"]
    assert record.values[seed["003"].id] == "record"
    assert {record.values[seed[p].id] for p in ("000", "001", "002")} == {"—"}
    ((start, end),) = record.spans[seed["003"].id]
    assert seed["003"].text[start:end] == "record"
    assert by_word["estimated"].values[seed["001"].id] == "estimated"


def test_last_year_and_in_2023_are_the_same_year(trade) -> None:
    _, analysis = trade
    assert of_kind(analysis, DATE) == []
    years = [a for a in analysis.agreements if a.value == "2023"]
    assert len(years) == 1 and len(years[0].articles) == 4


def test_shared_names_and_figures_of_the_fact(trade) -> None:
    _, analysis = trade
    assert "gpe:china" in analysis.entities and "gpe:russia" in analysis.entities
    total = next(q for q in analysis.quantities if q.key.startswith("money:"))
    assert total.label == "$240 billion" and len(total.articles) == 4
    assert total.value.qualifiers == () and total.value.period is None  # one source's hedge is not the value


def test_a_person_described_as_researcher_and_as_professor(seed, seed_index) -> None:
    people = {p.label: p for p in person_descriptions(list(seed.values()), seed_index.all_mentions())}
    hoo = people["Hoo Tiang Boon"]
    assert hoo.differs
    assert set(hoo.descriptions) == {seed["000"].id, seed["002"].id}
    for article_id, (text, (start, end)) in hoo.descriptions.items():
        assert seed[article_id[:3]].text[start:end] == text
    assert hoo.descriptions[seed["000"].id][0].startswith("a researcher on Chinese foreign policy")
    assert hoo.descriptions[seed["002"].id][0].startswith("a professor at Nanyang Technological University")
    for s in hoo.statements:
        assert "Hoo Tiang Boon" in s.text
        assert seed[s.article[:3]].text[s.start:s.end] == s.text
    (discrepancy,) = hoo.discrepancies
    assert discrepancy.kind == DESCRIPTION
    assert discrepancy.detail == "Hoo Tiang Boon: a researcher vs a professor"
    # Titled the same way everywhere: no discrepancy, one agreement.
    putin = people["Vladimir Putin"]
    assert not putin.differs and putin.discrepancies == ()
    assert putin.agreements and set(putin.agreements[0].articles) == set(putin.descriptions)


def test_a_person_titled_differently_within_one_fact(seed, seed_index) -> None:
    statements = [statement(seed["002"], sentence_with(seed["002"], "expressed gratitude to Chinese leader")),
                  statement(seed["003"], sentence_with(seed["003"], "thanked Chinese President"))]
    analysis = analyse(statements, seed_index.all_mentions())
    (titles,) = of_kind(analysis, DESCRIPTION)
    assert titles.values == {seed["002"].id: "Chinese leader", seed["003"].id: "Chinese President"}
    assert titles.detail == "Xi Jinping: Chinese leader vs Chinese President"
    assert_spans_inside([titles], {a.id: a for a in seed.values()}, statements)


def test_compare_a_query_gives_every_source_a_scored_statement_or_none(seed, seed_index) -> None:
    articles = seed_index.articles()
    comparison = compare(seed_index, articles, query="trade")
    assert list(comparison.sources) == [a.id for a in articles]
    reported = {a: group for a, group in comparison.sources.items() if group}
    assert len(reported) >= 4
    for article_id, group in reported.items():
        assert 1 <= len(group) <= 2
        for s in group:
            assert 0 < s.score <= 1
            assert seed[article_id[:3]].text[s.start:s.end] == s.text
            assert "trad" in s.text.lower()  # trade, trading: matched by stem
        assert [s.score for s in group] == sorted((s.score for s in group), reverse=True)
    assert comparison.anchor is None and comparison.query == "trade"


def test_query_words_written_inside_a_figure_still_count(seed, seed_index) -> None:
    # "billion" is part of "$240 billion", which the sentence's features keep as one figure.
    comparison = compare(seed_index, seed_index.articles(), query="trade billion")
    for prefix in ("000", "001", "002", "003"):
        assert "240 billion" in comparison.sources[seed[prefix].id][0].text
    assert comparison.sources[seed["004"].id] is None


def test_compare_a_sentence_finds_the_other_reports_and_the_silent_source(seed, seed_index) -> None:
    anchor = seed["003"]
    number = sentence_with(anchor, "up 63 percent from 2021")
    comparison = compare(seed_index, seed_index.articles(), sentence=(anchor.id, number))
    assert comparison.anchor == (anchor.id, number)
    assert [(s.sentence, s.score) for s in comparison.sources[anchor.id]] == [(number, 1.0)]
    for prefix in ("000", "001", "002"):
        best = comparison.sources[seed[prefix].id][0]
        assert "240 billion" in best.text
        assert 0 < best.score < 1
    # The fifth article never gives the figure, and is shown as not reporting it.
    assert "240" not in seed["004"].text
    assert comparison.sources[seed["004"].id] is None
    assert comparison.silent == (seed["004"].id,)
    assert any(a.detail == "all four: $240 billion" for a in comparison.agreements)
    assert [d.values for d in comparison.discrepancies if d.kind == VALUE] == [
        {seed["001"].id: "64%", anchor.id: "63 percent"}]


@pytest.mark.parametrize("query", ["football championship", "volcanic eruption lava"])
def test_an_unrelated_query_is_reported_nowhere(seed_index, query: str) -> None:
    comparison = compare(seed_index, seed_index.articles(), query=query)
    assert set(comparison.sources.values()) == {None}
    assert comparison.discrepancies == () and comparison.agreements == ()


def test_a_query_in_the_search_language_is_scored_too(seed_index) -> None:
    comparison = compare(seed_index, seed_index.articles(), query='"no limits" OR "no-limits"')
    reported = [g for g in comparison.sources.values() if g]
    assert len(reported) >= 2
    assert all(0 < s.score <= 1 for g in reported for s in g)


def test_bad_sentence_references_are_one_line_errors(seed, seed_index) -> None:
    articles = seed_index.articles()
    article = seed["000"]
    cases = [("no-such-article", 0), (article.id, len(article.sentences)), (article.id, -1)]
    for ref in cases:
        with pytest.raises(SentenceNotFoundError) as caught:
            compare(seed_index, articles, sentence=ref)
        message = str(caught.value)
        assert message and "\n" not in message
        assert repr(ref[0]) in message  # says which article it looked in
    assert isinstance(caught.value, NotFoundError)  # a not-found error like any other
    for query in ("", "   ", "x" * 2000):  # a query search refuses, compare refuses alike
        with pytest.raises(QueryError):
            compare(seed_index, articles, query=query)


def test_sentence_references_are_read_from_text() -> None:
    assert parse_sentence_ref("003_cb1a:30") == ("003_cb1a", 30)
    assert parse_sentence_ref(" a:b:7 ") == ("a:b", 7)
    for bad in ("003", "003:", ":4", "003:x", "003:-1", ""):
        with pytest.raises(QueryError) as caught:
            parse_sentence_ref(bad)
        assert "ARTICLE_ID:N" in str(caught.value)


# -- small corpora -------------------------------------------------------------------

# Two reports of one expo that disagree in the ways news reports do, an
# unrelated article, and one with other figures of the same story.
HAND_MADE = {
    "alpha": (
        "Expo in Harbin\n\n"
        "The trade expo opened in Harbin on May 17, 2024, with hundreds of exhibitors.\n\n"
        "Exports of grain rose 12% from 2022, officials said. About 500 people attended the opening ceremony.\n\n"
        "Bilateral trade reached $120 billion last year. Economist Maria Lopez, a professor at Lakeside "
        "University, called the figure modest.\n"
    ),
    "beta": (
        "Harbin hosts the expo\n\n"
        "The trade expo opened in Harbin on May 18, 2024, drawing large crowds.\n\n"
        "Exports of grain rose 15% since 2021, according to customs data. Nearly 500 people attended "
        "the opening ceremony.\n\n"
        "Bilateral trade reached $120 billion in 2023. Maria Lopez, a researcher at Lakeside University, said "
        "the figure was modest.\n"
    ),
    "gamma": (
        "Weather report\n\n"
        "Heavy rain is expected across the southern coast this weekend, forecasters warned.\n\n"
        "The football season ends next month with a final in the capital.\n"
    ),
    "delta": (
        "Figures from the fair\n\n"
        "Grain sales grew 64% last year.\n\n"
        "Car exports totaled $23 billion last year.\n"
    ),
}


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("compare-hand")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in HAND_MADE.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    metadata = {name: ArticleMeta(source=name.upper(), published=date(2024, 5, 20)) for name in HAND_MADE}
    build_index(root / "index", [corpus], metadata=metadata)
    with SearchIndex.open(root / "index") as index:
        yield index


def pair(hand, words: str) -> tuple[list[Statement], object]:
    """The alpha and beta sentences holding ``words`` in alpha, and their analysis."""
    alpha, beta = hand.article("alpha"), hand.article("beta")
    number = sentence_with(alpha, words)
    statements = [statement(alpha, number), statement(beta, number)]
    return statements, analyse(statements, hand.all_mentions())


def test_an_event_dated_differently_is_a_date_discrepancy(hand) -> None:
    _, analysis = pair(hand, "expo opened")
    (dated,) = of_kind(analysis, DATE)
    assert dated.values == {"alpha": "May 17, 2024", "beta": "May 18, 2024"}
    assert dated.detail == "date: May 17, 2024 vs May 18, 2024"


def test_relative_and_absolute_dates_of_one_year_agree(hand) -> None:
    _, analysis = pair(hand, "reached $120 billion")
    assert analysis.discrepancies == ()
    assert sorted(a.detail for a in analysis.agreements) == ["both: $120 billion", "both: 2023"]


def test_growth_with_other_baselines(hand) -> None:
    statements, analysis = pair(hand, "Exports of grain")
    (value,) = of_kind(analysis, VALUE)
    assert value.values == {"alpha": "12%", "beta": "15%"}
    (baseline,) = of_kind(analysis, BASELINE)
    assert baseline.values == {"alpha": "from 2022", "beta": "since 2021"}
    # The baseline years are not dates of an event that could disagree.
    assert of_kind(analysis, DATE) == []
    assert_spans_inside(analysis.discrepancies, {"alpha": hand.article("alpha"), "beta": hand.article("beta")},
                        statements)


def test_about_and_nearly_are_different_hedges_on_one_figure(hand) -> None:
    _, analysis = pair(hand, "attended")
    (hedge,) = of_kind(analysis, HEDGE)
    assert hedge.values == {"alpha": "approximately", "beta": "nearly"}
    assert [a.detail for a in analysis.agreements] == ["both: 500 people"]
    assert of_kind(analysis, VALUE) == []


def test_figures_of_different_kinds_or_far_apart_are_not_compared(hand) -> None:
    alpha, delta = hand.article("alpha"), hand.article("delta")
    total = statement(alpha, sentence_with(alpha, "$120 billion"))
    for words in ("64%", "$23 billion"):  # a percentage; an amount six times smaller
        other = statement(delta, sentence_with(delta, words))
        analysis = analyse([total, other], hand.all_mentions())
        assert of_kind(analysis, VALUE) == [], words
        assert [a.value for a in analysis.agreements] == ["2023"]


def test_describing_a_person_two_ways_in_a_hand_made_corpus(hand) -> None:
    (lopez,) = person_descriptions(hand.articles(), hand.all_mentions())
    assert lopez.label == "Maria Lopez"
    assert lopez.roles == {"alpha": "a professor", "beta": "a researcher"}
    assert lopez.discrepancies[0].detail == "Maria Lopez: a professor vs a researcher"


def test_compare_each_sentence_meets_its_counterpart_only(hand) -> None:
    alpha = hand.article("alpha")
    for number in range(len(alpha.sentences)):
        comparison = compare(hand, hand.articles(), sentence=("alpha", number))
        assert comparison.sources["gamma"] is None
        assert comparison.sources["beta"] is not None
        assert comparison.sources["beta"][0].sentence == number


def test_compare_without_an_index_match_reports_nothing(hand) -> None:
    gamma = hand.article("gamma")
    comparison = compare(hand, hand.articles(), sentence=("gamma", sentence_with(gamma, "rain")))
    assert comparison.silent == ("alpha", "beta", "delta")
    assert comparison.discrepancies == ()


def test_compare_needs_exactly_one_question(hand) -> None:
    with pytest.raises(ValueError):
        compare(hand, hand.articles())
    with pytest.raises(ValueError):
        compare(hand, hand.articles(), query="expo", sentence=("alpha", 0))


def test_statements_are_never_longer_than_asked(hand) -> None:
    comparison = compare(hand, hand.articles(), query="expo Harbin", per_source=1)
    assert all(len(g) == 1 for g in comparison.sources.values() if g)
    assert comparison.sources["gamma"] is None
