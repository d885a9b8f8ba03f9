"""The five seed articles: titles, dates, furniture, headings and sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summit_tui.corpus.model import Article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def sentences(article: Article) -> list[str]:
    return [article.sentence_text(i) for i in range(len(article.sentences))]


def headings(article: Article) -> list[str]:
    return [article.text[p.start : p.end] for p in article.headings]


def test_all_five_seeds_load(seeds: dict[str, Article]) -> None:
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]


def test_headlines_found_in_files_that_have_one(seeds: dict[str, Article]) -> None:
    assert seeds["001"].title == "How Putin’s recent visit to Beijing fortifies the Sino-Russian relationship"
    assert seeds["003"].title == "China and Russia’s leaders hail their opposition to U.S.-led world order"
    assert not seeds["001"].title_derived and not seeds["003"].title_derived


def test_headline_is_not_repeated_in_the_body(seeds: dict[str, Article]) -> None:
    assert "fortifies the Sino-Russian relationship" not in seeds["001"].text
    assert "hail their opposition" not in seeds["003"].text


@pytest.mark.parametrize(
    ("seed", "start"),
    [
        ("000", "During his recent state visit to China, Russian President Vladimir Putin"),
        ("002", "At a summit in Beijing on Thursday, Russian President Vladimir Putin"),
        ("004", "Russian President Vladimir Putin visited China for a two-day state visit"),
    ],
)
def test_titles_derived_from_the_lead_when_there_is_no_headline(
    seeds: dict[str, Article], seed: str, start: str
) -> None:
    article = seeds[seed]
    assert article.title_derived
    assert article.title.startswith(start)
    assert 60 <= len(article.title) <= 91
    assert article.title.endswith("…")
    # Cut at a word boundary: the text before "…" is a prefix of the lead
    # followed by a space in the original sentence.
    lead = article.sentence_text(0)
    stem = article.title[:-1]
    assert lead.startswith(stem) and lead[len(stem)] in " ,"


def test_published_date_from_the_page_head(seeds: dict[str, Article]) -> None:
    assert str(seeds["003"].published) == "2024-06-19"
    assert "June 19, 2024" not in seeds["003"].text
    assert all(seeds[s].published is None for s in ("000", "001", "002", "004"))


FURNITURE = [
    "Menu Menu",
    "Log In",
    "Reset Password",
    "MENU",
    "Comments 2",
    "Comment threads are monitored",
    "reported from Taipei",
    "contributed to this report",
    "Natalia Abbakumova",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_no_page_furniture_survives(seeds: dict[str, Article], line: str) -> None:
    for article in seeds.values():
        assert line not in article.text, (article.id, line)
        assert line not in article.title


def test_subheadings_are_heading_paragraphs(seeds: dict[str, Article]) -> None:
    assert headings(seeds["001"]) == [
        "The ‘no limits’ partnership",
        "Economic collaboration driven by Western pressure",
        "A shared geopolitical vision",
    ]
    assert headings(seeds["002"]) == [
        "Both leaders talked about peace in Ukraine",
        "A partnership against the West?",
        "China and Russia’s growing “no-limits” relationship",
    ]
    for seed in ("000", "003", "004"):
        assert headings(seeds[seed]) == []


def test_headings_hold_no_sentences(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        heading_indexes = {i for i, p in enumerate(article.paragraphs) if p.heading}
        assert all(s.paragraph not in heading_indexes for s in article.sentences)


def test_quoted_sentence_line_is_body_not_heading(seeds: dict[str, Article]) -> None:
    assert "“China hopes that peace will return to Europe soon.”" in sentences(seeds["002"])


def test_long_line_without_final_period_is_body(seeds: dict[str, Article]) -> None:
    body = [s for s in sentences(seeds["002"]) if s.startswith("Both Xi and Putin see Western efforts")]
    assert len(body) == 1 and body[0].endswith("challenges of the modern world")


@pytest.mark.parametrize(
    ("seed", "low", "high"),
    # Counted by reading the files: 28, 39, 40, 54 and 19 sentences.
    [("000", 27, 29), ("001", 37, 41), ("002", 38, 42), ("003", 50, 56), ("004", 19, 19)],
)
def test_sentence_counts(seeds: dict[str, Article], seed: str, low: int, high: int) -> None:
    assert low <= len(seeds[seed].sentences) <= high


_STARTS = re.compile(r"^[A-Z0-9“‘\"$]")
_ENDS = re.compile(r"[.!?…][”’\"')]?$|[”’]$")


def test_every_sentence_slices_to_a_whole_sentence(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        for s in article.sentences:
            text = article.text[s.start : s.end]
            assert text == text.strip() and text, (article.id, s)
            assert "\n" not in text
            assert _STARTS.match(text), (article.id, text)
            paragraph = article.paragraphs[s.paragraph]
            assert paragraph.start <= s.start < s.end <= paragraph.end
            unpunctuated_paragraph = article.text[paragraph.end - 1] not in ".!?…”’\"'"
            if not (unpunctuated_paragraph and s.end == paragraph.end):
                assert _ENDS.search(text), (article.id, text)


def test_sentences_are_numbered_in_reading_order(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        assert [s.index for s in article.sentences] == list(range(len(article.sentences)))
        starts = [s.start for s in article.sentences]
        assert starts == sorted(starts)


def test_paragraph_offsets_tile_the_text(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        rebuilt = "\n\n".join(article.text[p.start : p.end] for p in article.paragraphs)
        assert rebuilt == article.text
        assert "\n\n\n" not in article.text and article.text == article.text.strip()


def test_us_abbreviation_does_not_end_a_sentence_mid_phrase(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        for text in sentences(article):
            if text.endswith("U.S."):
                # Only genuine ends: "pressure from the U.S." closes a paragraph.
                s = next(s for s in article.sentences if article.text[s.start : s.end] == text)
                assert s.end == article.paragraphs[s.paragraph].end, text
    joined = sentences(seeds["002"])
    assert any("between Beijing and the U.S. focused sharply on the future" in s for s in joined)
    assert any(s.startswith("After the U.S. announced that it would quadruple tariffs") for s in sentences(seeds["001"]))
    assert "Following the invasion, the U.S., U.K., and EU sanctioned Russian oil heavily." in sentences(seeds["001"])


def test_line_broken_in_the_middle_is_rejoined(seeds: dict[str, Article]) -> None:
    text = seeds["002"].text
    assert "the U.S. focused sharply" in text
    assert not any(text[p.start : p.end].startswith("focused") for p in seeds["002"].paragraphs)


def test_broken_fragment_appears_once(seeds: dict[str, Article]) -> None:
    article = seeds["002"]
    assert article.text.count("After Kyiv’s Western allies halted oil and gas") == 1
    assert "halted oil and gas imports from Russia, China has become Moscow’s top energy customer." in article.text
    assert "related to Taiwan." in article.text


def test_money_sentences_intact(seeds: dict[str, Article]) -> None:
    for seed, expected in [
        ("001", "Last year, trade between the two nations reached $240 billion, an estimated increase of 64% since February 2022."),
        ("002", "China’s increased trade with Russia, totaling $240 billion last year, has helped the country mitigate some of the worst blowback from sanctions."),
        ("003", "China’s trade with Russia hit a record $240 billion in 2023 - up 63 percent from 2021, before the invasion, and already reaching a goal they planned for 2024."),
        ("000", "Bilateral trade reached USD 240 billion last year, reflecting the increasing economic interdependence between the two nations."),
    ]:
        assert expected in sentences(seeds[seed])


def test_quotes_split_after_closing_quote_not_before_attribution(seeds: dict[str, Article]) -> None:
    s003 = sentences(seeds["003"])
    assert "“Together, we defend the principles of justice and a democratic world order that reflects multipolar realities,” Putin said." in s003
    assert "“China may have a different assessment but needs to listen to what Russia has to say.”" in s003
    # An elision inside a quote is not a sentence end.
    assert any(s.startswith("“It’s more of symbolism") and s.endswith("Shen said.") for s in s003)


def test_indentation_is_stripped(seeds: dict[str, Article]) -> None:
    for p in seeds["003"].paragraphs:
        assert not seeds["003"].text[p.start].isspace()


def test_article_fields(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    assert article.path == str(SEEDS / "001_46a525766b7fbe32.txt")
    assert article.source == article.id == "001_46a525766b7fbe32"
    assert len(article.fingerprint) == 64
    assert article.notes == ()
