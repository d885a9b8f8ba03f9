"""Cross-source alignment on the seeds (the facts the issue names, each one
fact with every outlet that reports it, nothing unrelated glued on) and on
small corpora written for the purpose (chains of weak links, paraphrases,
config facts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summit_tui.corpus.load import load_corpus
from summit_tui.corpus.model import Article
from summit_tui.errors import ConfigError
from summit_tui.facts.align import AlignSettings, FactDefinition, align_corpus, make_label, parse_fact_definitions
from summit_tui.facts.features import TermStats, query_features, sentence_features, similarity
from summit_tui.facts.model import Fact
from summit_tui.nlp import extract_mentions
from summit_tui.search import SearchIndex, build_index
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory):
    """The seeds indexed with the project's metadata (published dates, so
    "last year" is a year)."""
    from summit_tui.config import load_config

    config = load_config(user_file=False)
    root = tmp_path_factory.mktemp("align-seeds")
    build_index(root / "index", [SEEDS], metadata=config.articles)
    with SearchIndex.open(root / "index") as index:
        yield index


@pytest.fixture(scope="module")
def articles(seed_index) -> list[Article]:
    return seed_index.articles()


@pytest.fixture(scope="module")
def facts(seed_index, articles) -> list[Fact]:
    return align_corpus(articles, seed_index.all_mentions())


def sentences_matching(articles: list[Article], pattern: str) -> dict[str, list[int]]:
    """Article id -> the sentences whose text matches ``pattern``."""
    found: dict[str, list[int]] = {}
    for article in articles:
        for s in article.sentences:
            if re.search(pattern, article.text[s.start:s.end]):
                found.setdefault(article.id, []).append(s.index)
    return found


def facts_touching(facts: list[Fact], pattern: str) -> list[Fact]:
    return [f for f in facts if any(re.search(pattern, s.text) for s in f.statements)]


# Each fact the issue names: the words that say a sentence reports it. A
# fact must hold every outlet with such a sentence, and only such sentences.
NAMED_FACTS = {
    "the 2023 trade figure": r"240 billion",
    "the 75th anniversary of diplomatic relations": r"\b75(th)? (years|anniversary)\b.*diplomatic",
    "the no-limits partnership": r"[“‘\"]no[- ]limits",
    "the Harbin expo": r"(Expo|trade fair) in Harbin",
    "Putin's thanks for China's peace efforts": r"\b(thanked|gratitude)\b.*\b(war|conflict)\b",
}


@pytest.mark.parametrize("name", NAMED_FACTS)
def test_each_named_fact_is_one_fact_with_every_outlet_that_reports_it(name: str, facts: list[Fact],
                                                                       articles: list[Article]) -> None:
    pattern = NAMED_FACTS[name]
    reporting = sentences_matching(articles, pattern)
    assert len(reporting) >= 2, f"the seeds report {name} in two or more outlets"
    touching = facts_touching(facts, pattern)
    assert len(touching) == 1, [f.label for f in touching]
    fact = touching[0]
    assert set(fact.articles) == set(reporting), (name, fact.articles)
    for statement in fact.statements:
        assert re.search(pattern, statement.text), f"{name}: unrelated sentence glued on: {statement.text}"
    assert set(fact.silent) == {a.id for a in articles} - set(reporting)


def test_the_trade_figure_fact_carries_its_figure_and_names(facts: list[Fact]) -> None:
    (fact,) = facts_touching(facts, r"240 billion")
    assert fact.source_count == 4
    total = [q for q in fact.quantities if q.key == "money:240000000000_usd"]
    assert total and len(total[0].articles) == 4
    assert "gpe:russia" in fact.entities or "gpe:china" in fact.entities


def test_unrelated_facts_are_never_glued_together(facts: list[Fact]) -> None:
    subjects = list(NAMED_FACTS.values())
    for fact in facts:
        hit = [p for p in subjects if any(re.search(p, s.text) for s in fact.statements)]
        assert len(hit) <= 1, (fact.label, hit)


def test_every_fact_is_coherent_and_well_formed(facts: list[Fact], articles: list[Article],
                                                seed_index) -> None:
    by_id = {a.id: a for a in articles}
    mentions = seed_index.all_mentions()
    features = {(f.article, f.sentence): f for a in articles for f in sentence_features(a, mentions[a.id])}
    stats = TermStats.from_features(features.values())
    assert facts, "the seeds share facts"
    for fact in facts:
        assert fact.source_count >= 2
        assert 0 < len(fact.label) <= 72
        assert fact.id.startswith("f-") and not fact.defined
        assert set(fact.articles).isdisjoint(fact.silent)
        assert set(fact.articles) | set(fact.silent) == set(by_id)
        for s in fact.statements:
            article = by_id[s.article]
            assert article.text[s.start:s.end] == s.text == article.sentence_text(s.sentence)
            assert 0.0 <= s.score <= 1.0
        # Every statement shares words, names or figures with every other
        # source's statement: no chain of weak links between strangers.
        for a in fact.statements:
            for b in fact.statements:
                if a.article != b.article:
                    assert similarity(features[a.article, a.sentence], features[b.article, b.sentence], stats) > 0, \
                        (fact.label, a.text, b.text)
    ids = [f.id for f in facts]
    assert len(ids) == len(set(ids))
    counts = [f.source_count for f in facts]
    assert counts == sorted(counts, reverse=True), "facts more sources report come first"


def test_no_sentence_is_in_two_facts(facts: list[Fact]) -> None:
    seen = [(s.article, s.sentence) for f in facts for s in f.statements]
    assert len(seen) == len(set(seen))


def test_alignment_is_deterministic(seed_index, articles: list[Article], facts: list[Fact]) -> None:
    again = align_corpus(list(reversed(articles)), seed_index.all_mentions())
    assert [f.id for f in again] == [f.id for f in facts]
    assert again == facts


def test_progress_is_reported_until_done(seed_index, articles: list[Article]) -> None:
    calls: list[tuple[int, int, str]] = []
    align_corpus(articles, seed_index.all_mentions(), progress=lambda d, t, m: calls.append((d, t, m)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert all(m == "aligning facts" for _, _, m in calls)
    assert [d for d, _, _ in calls] == sorted(d for d, _, _ in calls)


# -- small corpora -------------------------------------------------------------------


FILLER = [
    "Farmers in the valley expect a late harvest after weeks of heavy rain.",
    "The museum reopened its east wing with an exhibition of medieval maps.",
    "A new ferry line will link the two islands from next spring.",
    "Local schools are short of science teachers, the union said.",
    "The football club signed a young goalkeeper from the second division.",
    "Ticket prices for the summer festival rose again this year.",
]


def write_corpus(folder: Path, texts: dict[str, list[str]]) -> list[Article]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, sentences in texts.items():
        (folder / f"{name}.txt").write_text(f"{name.title()} report\n\n" + "\n\n".join(sentences) + "\n")
    articles, skipped = load_corpus([folder])
    assert not skipped
    return articles


def align_folder(articles: list[Article], **kwargs) -> list[Fact]:
    return align_corpus(articles, {a.id: extract_mentions(a) for a in articles}, **kwargs)


def test_a_chain_of_weak_links_does_not_glue_strangers(tmp_path: Path) -> None:
    """A shares a subject with B, B another with C; A and C share nothing.
    The first sentence of B reports both; A and C must not end up together."""
    texts = {
        "alpha": ["The central bank raised its main interest rate to 7 percent on Tuesday.", *FILLER[0:2]],
        "bravo": ["The central bank raised its main interest rate to 7 percent, and the finance minister "
                  "Ivo Marek resigned over the pension budget dispute.", *FILLER[2:4]],
        "charlie": ["Finance minister Ivo Marek resigned over the pension budget dispute.", *FILLER[4:6]],
        "delta": ["Fishermen protested against new quotas at the harbour."],
    }
    facts = align_folder(write_corpus(tmp_path / "chain", texts))
    linked = [f for f in facts if "bravo" in f.articles]
    assert linked, "B reports what A reports, and what C reports"
    for fact in facts:
        assert not {"alpha", "charlie"} <= set(fact.articles), (fact.label, fact.articles)


def test_a_paraphrase_meets_its_original_and_the_filler_stays_apart(tmp_path: Path) -> None:
    texts = {
        "one": ["Officials thanked the mediators for their efforts to end the conflict in the northern province.",
                *FILLER[:3]],
        "two": ["The government expressed gratitude to the mediators for attempts to resolve the war in the "
                "northern province.", *FILLER[3:]],
        "three": ["Bakers went on strike over flour prices.", "The strike closed most shops on Monday."],
    }
    facts = align_folder(write_corpus(tmp_path / "para", texts))
    (fact,) = [f for f in facts if any("mediators" in s.text for s in f.statements)]
    assert set(fact.articles) == {"one", "two"}
    assert fact.silent == ("three",)
    for f in facts:
        assert all(s.text in FILLER for s in f.statements) or not any(s.text in FILLER for s in f.statements)


def test_a_fact_needs_two_sources(tmp_path: Path) -> None:
    texts = {
        "solo": ["The bridge over the river will close for repairs in June.",
                 "The bridge over the river closes for repairs in June, the council said."],
        "other": FILLER[:4],
    }
    facts = align_folder(write_corpus(tmp_path / "solo", texts))
    assert all(f.source_count >= 2 for f in facts)
    assert not any("bridge" in s.text for f in facts for s in f.statements)


# -- facts from config ------------------------------------------------------------------


def test_config_facts_come_first_with_the_best_sentence_of_each_source(seed_index, articles: list[Article]) -> None:
    definitions = (FactDefinition("Harbin expo", "the expo in Harbin"),)
    facts = align_corpus(articles, seed_index.all_mentions(), definitions=definitions)
    first = facts[0]
    assert first.id == "user:harbin-expo" and first.defined and first.query == "the expo in Harbin"
    assert first.label == "Harbin expo"
    reporting = sentences_matching(articles, NAMED_FACTS["the Harbin expo"])
    assert set(first.articles) == set(reporting)
    for s in first.statements:
        assert s.sentence in reporting[s.article]
    assert set(first.silent) == {a.id for a in articles} - set(reporting)
    assert not any(f.defined for f in facts[1:])


def test_a_config_fact_nobody_reports_is_kept_with_every_source_silent(seed_index, articles: list[Article]) -> None:
    definitions = (FactDefinition("Moon landing", "astronauts landed on the moon"),)
    facts = align_corpus(articles, seed_index.all_mentions(), definitions=definitions)
    assert facts[0].id == "user:moon-landing"
    assert facts[0].statements == ()
    assert set(facts[0].silent) == {a.id for a in articles}


@pytest.mark.parametrize("section, says", [
    ("trade", "must be a list"),
    ({"name": "x", "query": "y"}, "must be a list"),
    (["trade"], "facts[0] must be a mapping"),
    ([{"name": "Trade"}], "'query' is missing"),
    ([{"name": "", "query": "trade"}], "'name' is missing"),
    ([{"name": "Trade", "query": "trade", "qurey": "x"}], "unknown key 'qurey'"),
    ([{"name": "Trade", "query": 240}], "'query' is missing or empty"),
    ([{"name": "Trade", "query": "a"}, {"name": "trade!", "query": "b"}], "already used"),
    ([{"name": "x" * 80, "query": "a"}], "longer than 72"),
    ([{"name": "!!!", "query": "a"}], "at least one letter"),
])
def test_bad_config_facts_are_refused_in_one_line(section: object, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_fact_definitions(section)
    message = str(caught.value)
    assert says in message and "\n" not in message and message.startswith("config: ")


def test_good_config_facts_parse_in_order() -> None:
    parsed = parse_fact_definitions([{"name": " Trade  figure ", "query": "trade  $240 billion"},
                                     {"name": "Expo", "query": "Harbin"}])
    assert [(d.id, d.name, d.query) for d in parsed] == [
        ("user:trade-figure", "Trade figure", "trade $240 billion"), ("user:expo", "Expo", "Harbin")]
    assert parse_fact_definitions(None) == () and parse_fact_definitions([]) == ()


# -- pieces -----------------------------------------------------------------------------


def test_labels_are_short_and_cut_at_a_word() -> None:
    long = "On Thursday, " + "the two leaders signed a joint statement on deepening the comprehensive partnership"
    label = make_label(long)
    assert len(label) <= 72 and label.endswith("…")
    assert label.startswith("The two leaders")  # the leading time clause goes
    assert label[:-1].rstrip() in long[len("On Thursday, "):].capitalize() or label[:-1] in long
    assert make_label("Short and sweet.") == "Short and sweet."


def test_query_features_read_names_in_any_case() -> None:
    lower = query_features("putin thanks xi")
    upper = query_features("Putin thanks Xi")
    assert lower.terms == upper.terms
    assert "e:person:vladimir_putin" in lower.terms


def test_settings_fingerprint_changes_with_the_settings() -> None:
    assert AlignSettings().fingerprint() == AlignSettings().fingerprint()
    assert AlignSettings().fingerprint() != AlignSettings(pair_threshold=0.5).fingerprint()
