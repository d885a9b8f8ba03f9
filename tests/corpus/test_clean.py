"""Cleaning rules on articles from outlets other than the seeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from summit_tui.corpus.clean import derive_title, parse_date_line, split_sentences
from summit_tui.corpus.load import FoundFile, parse_article
from summit_tui.corpus.model import Article, ArticleMeta, SkippedFile


def parse(text: str, meta: ArticleMeta | None = None) -> Article:
    result = parse_article(FoundFile(Path("x.txt"), "x"), text.encode(), meta)
    assert isinstance(result, Article), result
    return result


def sentences(article: Article) -> list[str]:
    return [article.sentence_text(i) for i in range(len(article.sentences))]


def headings(article: Article) -> list[str]:
    return [article.text[p.start : p.end] for p in article.headings]


WIRE = """\
Skip to main content
Home | World | Business | Markets | Sustainability
Sign up for our newsletter

Putin and Xi pledge deeper energy ties at Beijing summit

By Jane Doe, Reuters
Published May 16, 2024 at 3:04 p.m. EDT

BEIJING, May 16 (Reuters) - Russian President Vladimir Putin and Chinese leader Xi Jinping pledged on Thursday to deepen energy cooperation, Mr. Putin said in a statement.
Share this article
The two leaders met at the Great Hall of the People. Gen. Li Shangfu attended, as did Dr. Wang of St. Petersburg University.
Advertisement
Trade between the two countries rose to $240.1 billion last year, up 26.3% from 2022, according to Chinese customs data. George W. Bush once called such ties "a challenge." U.S. officials declined to comment.

What comes next

Analysts expect a deal on the Power of Siberia 2 pipeline... but not this week. "It's complicated," said one.
Reporting by John Smith in Beijing; Editing by Mary Major
Our Standards: The Thomson Reuters Trust Principles.
12 comments
"""


def test_wire_story_from_another_outlet_comes_out_clean() -> None:
    article = parse(WIRE)
    assert article.title == "Putin and Xi pledge deeper energy ties at Beijing summit"
    assert article.published == date(2024, 5, 16)
    for junk in (
        "Skip to", "Home |", "newsletter", "Jane Doe", "Published", "Share this", "Advertisement",
        "Reporting by", "Editing by", "Our Standards", "12 comments", "Beijing summit",
    ):
        assert junk not in article.text, junk
    assert headings(article) == ["What comes next"]
    assert sentences(article) == [
        "BEIJING, May 16 (Reuters) - Russian President Vladimir Putin and Chinese leader Xi Jinping "
        "pledged on Thursday to deepen energy cooperation, Mr. Putin said in a statement.",
        "The two leaders met at the Great Hall of the People.",
        "Gen. Li Shangfu attended, as did Dr. Wang of St. Petersburg University.",
        "Trade between the two countries rose to $240.1 billion last year, up 26.3% from 2022, "
        "according to Chinese customs data.",
        'George W. Bush once called such ties "a challenge."',
        "U.S. officials declined to comment.",
        "Analysts expect a deal on the Power of Siberia 2 pipeline... but not this week.",
        '"It\'s complicated," said one.',
    ]


MAGAZINE = """\
Menu
Search
Sign in
• Politics • Economy • Culture •
ANALYSIS

Xi and Putin's summit: what the joint statement really says

17 May 2024
5 min read
Listen to this article

The joint statement signed in Beijing runs to more than 7,000 words and covers everything from energy to the Arctic.

Energy first

China bought 107 million tonnes of Russian crude last year. That made Russia its top supplier, ahead of Saudi Arabia.

Image caption, Putin and Xi at the Great Hall of the People
The two sides also promised to settle more trade in yuan and roubles.

Related Topics
Russia
China

More on this story
Putin lands in Beijing for talks
Xi hosts Putin as ties deepen
© 2024 Example Media Ltd. All rights reserved.
We use cookies to improve your experience. Accept all cookies
"""


def test_magazine_layout_with_kicker_related_links_and_cookie_banner() -> None:
    article = parse(MAGAZINE)
    assert article.title == "Xi and Putin's summit: what the joint statement really says"
    assert article.published == date(2024, 5, 17)
    assert headings(article) == ["Energy first"]
    for junk in (
        "ANALYSIS", "Politics", "min read", "Listen", "Image caption", "Related Topics",
        "More on this story", "Putin lands", "©", "cookies", "Sign in",
    ):
        assert junk not in article.text, junk
    assert len(article.sentences) == 4
    assert article.text.endswith("The two sides also promised to settle more trade in yuan and roubles.")


GUARDIAN_STYLE = """\
World news
Russia
This article is more than 1 month old
Xi and Putin hail ‘new era’ of ties as Russian leader visits Beijing
Leaders sign joint statement criticising US as Putin arrives for two-day state visit
Amy Hawkins in Taipei and Pjotr Sauer
Thu 16 May 2024 08.14 BST
Vladimir Putin and Xi Jinping have hailed a “new era” in their countries’ relationship. The Russian president arrived in Beijing early on Thursday.
Key points of the statement include:
• Opposition to US military alliances in Asia.
• Support for a “multipolar” world.
Putin said the relationship was at its “highest level in history”.
Explore more on these topics
Russia
China
Vladimir Putin
Share
Reuse this content
Most viewed
"""


def test_headline_followed_by_dek_and_author_line() -> None:
    article = parse(GUARDIAN_STYLE)
    assert article.title == "Xi and Putin hail ‘new era’ of ties as Russian leader visits Beijing"
    assert article.published == date(2024, 5, 16)
    paragraphs = [article.text[p.start : p.end] for p in article.paragraphs]
    # The dek is kept as the opening paragraph; labels and the author line go.
    assert paragraphs[0] == "Leaders sign joint statement criticising US as Putin arrives for two-day state visit"
    assert paragraphs[3:5] == ["Opposition to US military alliances in Asia.", "Support for a “multipolar” world."]
    for junk in ("World news", "month old", "Amy Hawkins", "BST", "Explore", "Reuse", "Most viewed", "•"):
        assert junk not in article.text, junk
    assert article.text.endswith("“highest level in history”.")


WIRE_CAPS = """\
PUTIN ARRIVES IN CHINA FOR TALKS WITH XI
By KEN MORITSUGU and DAKE KANG
Updated 4:12 AM GMT+8, May 16, 2024
BEIJING (AP) — Russian President Vladimir Putin arrived in Beijing on Thursday. It is his second trip to China in seven months.
10:45 a.m.
The visit comes as Russia presses an offensive in Ukraine’s Kharkiv region.
Associated Press writer Jim Heintz in Tallinn, Estonia, contributed to this report.
"""


def test_capitalised_wire_story_without_blank_lines() -> None:
    article = parse(WIRE_CAPS)
    assert article.title == "PUTIN ARRIVES IN CHINA FOR TALKS WITH XI"
    assert article.published == date(2024, 5, 16)
    assert sentences(article) == [
        "BEIJING (AP) — Russian President Vladimir Putin arrived in Beijing on Thursday.",
        "It is his second trip to China in seven months.",
        "The visit comes as Russia presses an offensive in Ukraine’s Kharkiv region.",
    ]


WRAPPED = """\
# Summit diplomacy in a hard-wrapped file

Russian President Vladimir Putin arrived in Beijing on Thursday for a
two-day visit, his first trip abroad since starting a fifth term. He was
greeted by Xi Jinping at the Great Hall of the People, where the two
leaders held talks that lasted into the evening.

## Trade ties

Bilateral trade reached $240 billion last year, according to customs
data published in January. Analysts expect further growth as Western
sanctions push Russian exporters towards Asian markets.
"""


def test_hard_wrapped_markdown_is_rejoined() -> None:
    article = parse(WRAPPED)
    assert article.title == "Summit diplomacy in a hard-wrapped file"
    assert headings(article) == ["Trade ties"]
    body = [article.text[p.start : p.end] for p in article.paragraphs if not p.heading]
    assert len(body) == 2
    assert "for a two-day visit, his first trip" in body[0]
    assert "\n" not in body[0]
    assert sentences(article)[1] == (
        "He was greeted by Xi Jinping at the Great Hall of the People, where the two leaders "
        "held talks that lasted into the evening."
    )


def test_wrapped_paragraphs_without_blank_lines_are_told_apart() -> None:
    text = (
        "Title: Wrapped without blank lines between paragraphs\n"
        "Date: 2024-05-18\n\n"
        "The first paragraph talks about the summit in Beijing and goes on\n"
        "for a while so that the lines wrap at roughly seventy columns or\n"
        "so before it finally ends here.\n"
        "A second paragraph begins on the next line without a blank line in\n"
        "between, which some plain-text exports do all the time.\n"
    )
    article = parse(text)
    assert article.title == "Wrapped without blank lines between paragraphs"
    assert article.published == date(2024, 5, 18)
    assert [article.text[p.start : p.end][:22] for p in article.paragraphs] == [
        "The first paragraph ta",
        "A second paragraph beg",
    ]


def test_repeated_paragraphs_and_sentences_are_dropped() -> None:
    text = (
        "Putin met Xi in Beijing on Thursday for talks.\n"
        "The talks covered energy and trade in detail.\n"
        "Putin met Xi in Beijing on Thursday for talks.\n"
        "Officials said more meetings were planned. The talks covered energy and trade in detail.\n"
    )
    article = parse(text)
    assert sentences(article) == [
        "Putin met Xi in Beijing on Thursday for talks.",
        "The talks covered energy and trade in detail.",
        "Officials said more meetings were planned.",
    ]


def test_front_matter_and_metadata_override() -> None:
    text = "---\ntitle: From front matter\ndate: 2024-05-20\n---\nPutin met Xi in Beijing for talks on Thursday.\n"
    article = parse(text)
    assert article.title == "From front matter" and article.published == date(2024, 5, 20)
    meta = ArticleMeta(source="Example News", published=date(2024, 1, 2), title="Configured \x1b[1mtitle")
    article = parse(text, meta)
    assert (article.source, article.published, article.title) == ("Example News", date(2024, 1, 2), "Configured title")
    assert not article.title_derived


def test_short_lead_becomes_the_whole_derived_title() -> None:
    article = parse("Putin met Xi in Beijing.\nThey talked for hours about trade and energy.\n")
    assert article.title == "Putin met Xi in Beijing" and article.title_derived


def test_furniture_only_page_is_skipped() -> None:
    result = parse_article(FoundFile(Path("f.txt"), "f"), b"Log In\nReset Password\nMenu\n\nComments 12\n")
    assert result == SkippedFile("f.txt", "no article text left after removing page furniture")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. Army said so. It was late.", ["The U.S. Army said so.", "It was late."]),
        ("He flew to the U.S. The talks began.", ["He flew to the U.S.", "The talks began."]),
        ("Mr. Xi met Dr. Li and Gen. Wu. They spoke.", ["Mr. Xi met Dr. Li and Gen. Wu.", "They spoke."]),
        ("Trade rose 1.5% to $2.5 billion. Exports fell.", ["Trade rose 1.5% to $2.5 billion.", "Exports fell."]),
        ("George W. Bush visited St. Petersburg. He left.", ["George W. Bush visited St. Petersburg.", "He left."]),
        ("“Peace will come soon.” Putin agreed.", ["“Peace will come soon.”", "Putin agreed."]),
        ("“Peace will come,” Putin said. Xi nodded.", ["“Peace will come,” Putin said.", "Xi nodded."]),
        ("“Why?” he asked. Nobody knew.", ["“Why?” he asked.", "Nobody knew."]),
        ("It is symbolic. … China buys oil,” he said.", ["It is symbolic. … China buys oil,” he said."]),
        ("See No. 5 on Jan. 6 at 3 p.m. The end.", ["See No. 5 on Jan. 6 at 3 p.m.", "The end."]),
        ("He waited… Then he left.", ["He waited…", "Then he left."]),
        ("Apple Inc. Chief Executive Tim Cook spoke.", ["Apple Inc. Chief Executive Tim Cook spoke."]),
        ("He met Robert Kennedy Jr. The talks went well.", ["He met Robert Kennedy Jr.", "The talks went well."]),
        ("Wait!!! Then what?! Nothing.", ["Wait!!!", "Then what?!", "Nothing."]),
        ("No final period here", ["No final period here"]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_sentence_spans_never_include_surrounding_space() -> None:
    text = "  First one.   Second one!  "
    assert [text[s:e] for s, e in split_sentences(text)] == ["First one.", "Second one!"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Wednesday, June 19, 2024", date(2024, 6, 19)),
        ("June 19, 2024", date(2024, 6, 19)),
        ("19 June 2024", date(2024, 6, 19)),
        ("2024-06-19", date(2024, 6, 19)),
        ("Published May 16, 2024 at 3:04 p.m. EDT", date(2024, 5, 16)),
        ("Updated 10:15 AM GMT+8, May 16, 2024", date(2024, 5, 16)),
        ("Published May 16, 2024 | Updated May 17, 2024", date(2024, 5, 16)),
        ("Putin arrived on June 19, 2024 in Beijing", None),
        ("February 30, 2024", None),
    ],
)
def test_date_lines(line: str, expected: date | None) -> None:
    assert parse_date_line(line) == expected


def test_derived_title_is_cut_at_a_word_boundary() -> None:
    lead = (
        "Russian President Vladimir Putin visited China for a two-day state visit with Chinese "
        "leader Xi Jinping, marking a deepening of strategic ties."
    )
    title = derive_title(lead)
    assert title.endswith("…") and len(title) <= 91
    assert lead.startswith(title[:-1]) and lead[len(title) - 1] == " "
    assert derive_title("Putin visited the U.S.") == "Putin visited the U.S."


def test_site_tagline_above_the_menu_is_not_the_headline() -> None:
    page = """\
Exclusive news, data and analytics for financial market professionals
World
Business
Markets

Germany's economy shrinks 0.3% as industry slumps

By Maria Martinez and Rachel More

August 14, 2024 10:31 AM GMT+2 Updated 3 hours ago

BERLIN, Aug 14 (Reuters) - Germany's economy contracted by 0.3% in the second quarter, the statistics office said on Wednesday.

Economists polled by Reuters had forecast growth of 0.1%.
"""
    article = parse(page)
    assert article.title == "Germany's economy shrinks 0.3% as industry slumps"
    assert article.published == date(2024, 8, 14)
    assert sentences(article)[0].startswith("BERLIN, Aug 14 (Reuters)")
    assert "Exclusive news" not in article.text and "Updated 3 hours ago" not in article.text


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        ("WASHINGTON (AP) — The Senate on Tuesday passed a $95 billion aid package.",
         "The Senate on Tuesday passed a $95 billion aid package"),
        ("BERLIN, Aug 14 (Reuters) - Germany's economy contracted by 0.3%.",
         "Germany's economy contracted by 0.3%"),
        ("NATO (the alliance) said nothing.", "NATO (the alliance) said nothing"),
    ],
)
def test_derived_title_drops_a_wire_dateline(lead: str, title: str) -> None:
    assert derive_title(lead) == title


def test_print_edition_page_with_dek_time_stamp_and_reporting_line() -> None:
    page = """\
Advertisement
SKIP ADVERTISEMENT

Fed Holds Rates Steady and Signals Patience on Cuts

The central bank left borrowing costs unchanged at 5.25 to 5.5 percent.

By Jeanna Smialek
Reporting from Washington
May 1, 2024
Updated 4:12 p.m. ET

Federal Reserve officials left interest rates unchanged on Wednesday.

Inflation has cooled from its 2022 peak but remains above the Fed's 2 percent goal.

A version of this article appears in print on May 2, 2024, Section B, Page 1 of the New York edition.
Order Reprints | Today’s Paper | Subscribe
"""
    article = parse(page)
    assert article.title == "Fed Holds Rates Steady and Signals Patience on Cuts"
    assert article.published == date(2024, 5, 1)
    assert headings(article) == []
    assert sentences(article) == [
        "The central bank left borrowing costs unchanged at 5.25 to 5.5 percent.",
        "Federal Reserve officials left interest rates unchanged on Wednesday.",
        "Inflation has cooled from its 2022 peak but remains above the Fed's 2 percent goal.",
    ]


def test_markdown_files_lose_inline_syntax_but_keep_words() -> None:
    text = (
        "# Wildfires force evacuations in Canada\n\n"
        "Residents of [Jasper](https://example.org/jasper) were told to leave. ![map](m.png)\n\n"
        "**Officials** said the *fire* grew; the `evac_zone` covers snake_case_names and 2*3*4 homes.\n\n"
        "[1]: https://example.org/ref\n"
    )
    result = parse_article(FoundFile(Path("fire.md"), "fire"), text.encode())
    assert isinstance(result, Article)
    assert sentences(result) == [
        "Residents of Jasper were told to leave.",
        "Officials said the fire grew; the evac_zone covers snake_case_names and 2*3*4 homes.",
    ]
    # the same bytes in a .txt file are left exactly as written
    plain_txt = parse_article(FoundFile(Path("fire.txt"), "fire"), text.encode())
    assert isinstance(plain_txt, Article) and "the *fire* grew; the `evac_zone`" in plain_txt.text
