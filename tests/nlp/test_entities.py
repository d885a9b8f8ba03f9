"""The default extractor on the seeds and on news it has never seen."""

from __future__ import annotations

from pathlib import Path

import pytest

from summit_tui.corpus.load import FoundFile, parse_article
from summit_tui.corpus.model import Article
from summit_tui.nlp import ENTITY_TYPES, NAME_TYPES, Mention, extract_mentions, load_gazetteer, slug


@pytest.fixture(scope="module")
def found(seeds: dict[str, Article]) -> dict[str, tuple[Mention, ...]]:
    gazetteer = load_gazetteer()
    return {seed: extract_mentions(a, gazetteer) for seed, a in seeds.items()}


def article(text: str, article_id: str = "t") -> Article:
    parsed = parse_article(FoundFile(Path(f"{article_id}.txt"), article_id), text.encode())
    assert isinstance(parsed, Article)
    return parsed


def by_text(mentions: tuple[Mention, ...]) -> dict[str, set[tuple[str, str]]]:
    """surface text -> {(type, key)} over all its mentions."""
    out: dict[str, set[tuple[str, str]]] = {}
    for m in mentions:
        out.setdefault(m.text, set()).add((m.type, m.key))
    return out


def names(text: str) -> dict[str, set[tuple[str, str]]]:
    return by_text(tuple(m for m in extract_mentions(article(text)) if m.type in NAME_TYPES))


# --------------------------------------------------------------------------
# What every extraction promises


def test_mentions_are_sorted_disjoint_and_point_into_the_text(
    seeds: dict[str, Article], found: dict[str, tuple[Mention, ...]]
) -> None:
    for seed, a in seeds.items():
        mentions = found[seed]
        assert mentions, seed
        headings = [p for p in a.paragraphs if p.heading]
        for before, after in zip(mentions, mentions[1:]):
            assert before.end <= after.start, (before, after)
        for m in mentions:
            assert m.article == a.id
            assert a.text[m.start : m.end] == m.text
            assert m.type in ENTITY_TYPES
            assert m.key.startswith(m.type.lower() + ":") and m.key != m.type.lower() + ":"
            assert m.text == m.text.strip() and m.label
            if m.sentence >= 0:
                s = a.sentences[m.sentence]
                assert s.start <= m.start and m.end <= s.end
            else:
                assert any(p.start <= m.start and m.end <= p.end for p in headings), m
            assert (m.quantity is not None) == (m.type not in NAME_TYPES)


def test_names_in_headings_are_found_with_sentence_minus_one(found: dict[str, tuple[Mention, ...]]) -> None:
    # 002: "A partnership against the West?" and "Both leaders talked about peace in Ukraine"
    in_headings = {(m.text, m.type) for m in found["002"] if m.sentence == -1}
    assert ("the West", "LOC") in in_headings
    assert ("Ukraine", "GPE") in in_headings


# --------------------------------------------------------------------------
# The seeds, as a careful reader would mark them


def test_xi_in_every_form_is_one_person(found: dict[str, tuple[Mention, ...]]) -> None:
    for seed in ("000", "001", "002", "003", "004"):
        texts = by_text(found[seed])
        assert texts["Xi Jinping"] == {("PERSON", "person:xi_jinping")}, seed
    assert by_text(found["003"])["Xi"] == {("PERSON", "person:xi_jinping")}
    labels = {m.label for s in found.values() for m in s if m.key == "person:xi_jinping"}
    assert labels == {"Xi Jinping"}


def test_putin_in_every_form_is_one_person_across_articles(found: dict[str, tuple[Mention, ...]]) -> None:
    keys = set()
    for seed, mentions in found.items():
        texts = by_text(mentions)
        keys |= texts["Putin"] | texts.get("Vladimir Putin", set())
    assert len(keys) == 1
    ((type_, key),) = keys
    assert type_ == "PERSON" and "putin" in key


def test_titles_and_nationalities_stay_out_of_a_persons_span(found: dict[str, tuple[Mention, ...]]) -> None:
    # 003: "Russian President Vladimir Putin", "Chinese President Xi Jinping",
    # "Foreign Minister Sergei Lavrov", "new Defense Minister Andrei Belousov"
    texts = by_text(found["003"])
    assert ("NORP", "norp:russian") in texts["Russian"]
    assert ("NORP", "norp:chinese") in texts["Chinese"]
    person_spans = {m.text for m in found["003"] if m.type == "PERSON"}
    assert {"Sergei Lavrov", "Andrei Belousov", "Li Qiang", "Sergei Shoigu", "Yuri Ushakov"} <= person_spans
    assert not [t for t in person_spans if t.split()[0] in ("President", "Minister", "Foreign", "Chinese", "Russian")]


def test_surnames_resolve_to_the_full_name_given_in_the_article(found: dict[str, tuple[Mention, ...]]) -> None:
    texts = by_text(found["003"])
    assert texts["Gabuev"] == texts["Alexander Gabuev"] == {("PERSON", "person:alexander_gabuev")}
    assert texts["Hass"] == texts["Ryan Hass"] == {("PERSON", "person:ryan_hass")}
    assert texts["Wan"] == texts["Wan Qingsong"] == {("PERSON", "person:wan_qingsong")}  # family name first
    assert texts["Shen"] == texts["Shen Dingli"] == {("PERSON", "person:shen_dingli")}
    assert texts["Belousov"] == texts["Andrei Belousov"]
    labels = {m.label for m in found["003"] if m.key == "person:alexander_gabuev"}
    assert labels == {"Alexander Gabuev"}


def test_people_the_gazetteer_does_not_know_are_found(found: dict[str, tuple[Mention, ...]]) -> None:
    assert by_text(found["000"])["Hoo Tiang Boon"] == {("PERSON", "person:hoo_tiang_boon")}
    assert by_text(found["002"])["Hoo Tiang Boon"] == {("PERSON", "person:hoo_tiang_boon")}
    assert by_text(found["000"])["Joseph Torigian"] == {("PERSON", "person:joseph_torigian")}
    assert by_text(found["004"])["Ian Bremmer"] == {("PERSON", "person:ian_bremmer")}


def test_organisations_are_whole_names_even_with_places_inside(found: dict[str, tuple[Mention, ...]]) -> None:
    orgs = {m.text for s in found.values() for m in s if m.type == "ORG"}
    assert {
        "Harbin Institute of Technology",
        "Stanford University",
        "Hoover Institute",
        "Nanyang Technological University",
        "Carnegie Russia Eurasia Center",
        "Brookings Institution",
        "Center for Russian Studies",
        "East China Normal University",
        "National Security Council",
        "Chinese Communist Party",
        "CBS News",
        "NATO",
    } <= orgs
    # "Harbin" inside the institute's name is not a separate city mention
    harbin_spans = [m for m in found["000"] if m.text == "Harbin"]
    institute = next(m for m in found["000"] if m.text == "Harbin Institute of Technology")
    assert not [m for m in harbin_spans if institute.start <= m.start < institute.end]


def test_secretary_of_the_security_council_is_a_title_then_a_name(found: dict[str, tuple[Mention, ...]]) -> None:
    # 003: "Secretary of the Security Council Sergei Shoigu"
    texts = by_text(found["003"])
    assert {t for t, _ in texts["Security Council"]} == {"ORG"}
    assert texts["Sergei Shoigu"] == {("PERSON", "person:sergei_shoigu")}
    assert not [m for m in found["003"] if m.text.startswith("Secretary")]


def test_places_nationalities_regions_and_events_in_the_seeds(found: dict[str, tuple[Mention, ...]]) -> None:
    t0, t1, t2 = by_text(found["000"]), by_text(found["001"]), by_text(found["002"])
    assert {m[0] for m in t0["Harbin"]} == {"GPE"}
    assert t0["Beijing"] == {("GPE", "gpe:beijing")}
    assert t0["Russian"] == {("NORP", "norp:russian")}
    assert t0["Western"] == {("NORP", "norp:western")}
    assert t0["the West"] == {("LOC", "loc:west")}
    assert {m[0] for m in t0["China-Russia Expo"]} == {"EVENT"}
    assert {m[0] for m in t1["Belt and Road"]} == {"EVENT"}
    assert {m[0] for m in t2["Asia-Pacific"]} == {"LOC"}
    assert {m[0] for m in t2["Sea of Japan"]} == {"LOC"}
    assert {m[0] for m in t1["Shanghai Cooperation Organisation"]} == {"ORG"}
    # "Kyiv’s dwindling military": the possessive stays out of the span
    assert t2["Kyiv"] == {("GPE", "gpe:kyiv")}
    assert not [m for s in found.values() for m in s if m.text.endswith(("’s", "'s"))]


def test_quantities_take_their_spans_and_never_become_names(found: dict[str, tuple[Mention, ...]]) -> None:
    t1 = by_text(found["001"])
    assert {m[0] for m in t1["$240 billion"]} == {"MONEY"}
    assert {m[0] for m in t1["February 2022"]} == {"DATE"}
    assert {m[0] for m in t1["64%"]} == {"PERCENT"}
    t0 = by_text(found["000"])
    assert {m[0] for m in t0["Thursday"]} == {"DATE"}
    # 000 and 001 say the same trade figure two ways
    assert t0["USD 240 billion"] == t1["$240 billion"]


def test_no_false_alarms_in_the_seeds(found: dict[str, tuple[Mention, ...]]) -> None:
    name_texts = {m.text for s in found.values() for m in s if m.type in NAME_TYPES}
    for word in ("The", "But", "Analysts", "Experts", "Military", "Thursday", "Last", "Moreover", "Both",
                 "Comments", "Menu", "President", "Presidents", "Secretary", "Premier", "Despite"):
        assert word not in name_texts, word
    people = {m.text for s in found.values() for m in s if m.type == "PERSON"}
    assert not people & {"Russian", "Chinese", "Western", "Ukrainian", "Soviet", "Saint Sophia"}


# --------------------------------------------------------------------------
# News it has never seen


NEWS = """\
Port strike halts shipments

Dockworkers in Gdansk walked off the job on Tuesday, halting shipments through one of the busiest ports on the Baltic Sea. The strike was called by the Solidarity Dockers Union after talks with the port authority collapsed.

"We have been patient for two years," said Marek Zielinski, a crane operator who has worked at the terminal since 2009.

According to Tomasz Wierzbicki, an analyst at the Warsaw Institute for Eastern Studies, the stoppage could cost exporters as much as €40 million a week. Wierzbicki said that Northwind Logistics Group, which runs the container terminal, had underestimated the anger of its workforce.

The mayor of Gdansk, Ana Kovač, said the city would offer to mediate. Kovač told reporters that she had spoken to both sides on Wednesday morning. But analysts doubt a quick deal is possible.

Northwind said in a statement that it "remains open to dialogue". Deputy Infrastructure Minister Piotr Nowak met union leaders in Sopot last week.
"""


@pytest.fixture(scope="module")
def news() -> dict[str, set[tuple[str, str]]]:
    return by_text(extract_mentions(article(NEWS)))


def test_unknown_people_found_by_cues(news: dict[str, set[tuple[str, str]]]) -> None:
    assert news["Marek Zielinski"] == {("PERSON", "person:marek_zielinski")}  # "said X, a ..."
    assert news["Tomasz Wierzbicki"] == {("PERSON", "person:tomasz_wierzbicki")}  # "according to X"
    assert news["Ana Kovač"] == {("PERSON", "person:ana_kovac")}  # "X, said"
    assert news["Piotr Nowak"] == {("PERSON", "person:piotr_nowak")}  # a title before


def test_unknown_surnames_resolve_within_the_article(news: dict[str, set[tuple[str, str]]]) -> None:
    assert news["Wierzbicki"] == {("PERSON", "person:tomasz_wierzbicki")}
    assert news["Kovač"] == {("PERSON", "person:ana_kovac")}


def test_unknown_organisations_by_head_word_and_short_form(news: dict[str, set[tuple[str, str]]]) -> None:
    assert news["Warsaw Institute for Eastern Studies"] == {("ORG", "org:warsaw_institute_for_eastern_studies")}
    assert news["Solidarity Dockers Union"] == {("ORG", "org:solidarity_dockers_union")}
    assert news["Northwind Logistics Group"] == {("ORG", "org:northwind_logistics_group")}
    # "Northwind said": not a person, the company named in full earlier
    assert news["Northwind"] == {("ORG", "org:northwind_logistics_group")}


def test_unknown_places_by_cues(news: dict[str, set[tuple[str, str]]]) -> None:
    assert {t for t, _ in news["Gdansk"]} == {"GPE"}
    assert {t for t, _ in news["Sopot"]} == {"GPE"}
    assert {t for t, _ in news["Baltic Sea"]} == {"LOC"}


def test_sentence_openers_days_and_titles_alone_are_not_names(news: dict[str, set[tuple[str, str]]]) -> None:
    for word in ("Dockworkers", "The", "But", "According", "Deputy", "Tuesday", "Wednesday"):
        assert not {t for t, _ in news.get(word, set())} & set(NAME_TYPES), word


def test_acronym_defined_in_parentheses_is_the_long_form() -> None:
    found = names(
        "Taiwan Semiconductor Manufacturing Company (TSMC) opened a plant in Phoenix. "
        "The plant cost TSMC more than planned, TSMC said.\n"
    )
    assert found["TSMC"] == found["Taiwan Semiconductor Manufacturing Company"]
    assert {t for t, _ in found["TSMC"]} == {"ORG"}


def test_an_unknown_acronym_defined_in_parentheses_joins_its_long_form() -> None:
    found = names(
        "The Solidarity Dockers Union (SDU) called the strike. Talks with the SDU failed, "
        "and the SDU said it would not back down.\n"
    )
    assert found["SDU"] == found["Solidarity Dockers Union"] == {("ORG", "org:solidarity_dockers_union")}


def test_apposition_and_head_words_type_organisations_events_and_places() -> None:
    found = names(
        "Runners thanked Athletics Kenya, the national federation, before the Berlin Marathon. "
        "Analysts at Morgan Stanley expect growth. The Mwembeshi mine is near the Suez Canal. "
        "The Inflation Reduction Act passed. Workers from the Arizona Building and Construction "
        "Trades Council complained.\n"
    )
    assert {t for t, _ in found["Athletics Kenya"]} == {"ORG"}
    assert {t for t, _ in found["Berlin Marathon"]} == {"EVENT"}
    assert {t for t, _ in found["Morgan Stanley"]} == {"ORG"}
    assert {t for t, _ in found["Mwembeshi"]} == {"LOC"}
    assert {t for t, _ in found["Suez Canal"]} == {"LOC"}
    assert {t for t, _ in found["Inflation Reduction Act"]} == {"EVENT"}
    assert {t for t, _ in found["Arizona Building and Construction Trades Council"]} == {"ORG"}


def test_employers_before_roles_and_people_of_an_institution() -> None:
    found = names(
        "Bayern Munich signed the striker from Borussia Dortmund on Monday. "
        '"He is the player we wanted," said Bayern sporting director Max Eberl. '
        "Dortmund chief executive Lars Ricken said the offer was too good, according to Kicker magazine. "
        "Analyst Priscila Lapa of the Federal University of Pernambuco called it a record.\n"
    )
    assert found["Max Eberl"] == {("PERSON", "person:max_eberl")}
    assert found["Lars Ricken"] == {("PERSON", "person:lars_ricken")}
    assert found["Priscila Lapa"] == {("PERSON", "person:priscila_lapa")}
    assert found["Federal University of Pernambuco"] == {("ORG", "org:federal_university_of_pernambuco")}
    assert {t for t, _ in found["Kicker"]} == {"ORG"}
    # a club named in full, then by its last word before a role
    assert found["Borussia Dortmund"] == found["Dortmund"] == {("ORG", "org:borussia_dortmund")}
    assert "PERSON" not in {t for t, _ in found["Bayern"]}


def test_a_country_abbreviation_before_an_agency_is_its_own_span() -> None:
    found = names("The US Federal Trade Commission sued, and the Brazilian Development Bank lent.\n")
    assert found["US"] == {("GPE", "gpe:united_states")}
    assert found["Federal Trade Commission"] == {("ORG", "org:federal_trade_commission")}
    assert found["Brazilian Development Bank"] == {("ORG", "org:brazilian_development_bank")}
    assert "Brazilian" not in found


def test_name_shapes_initials_particles_and_hyphens() -> None:
    found = names(
        "Critics, including Senator Elizabeth Warren and Rep. Alexandria Ocasio-Cortez, objected. "
        "George W. Bush spoke, and Ursula von der Leyen met Bashar al-Assad's envoy. "
        "A ministry spokesperson, He Yadong, said China would respond.\n"
    )
    for name in ("Elizabeth Warren", "Alexandria Ocasio-Cortez", "George W. Bush", "Ursula von der Leyen",
                 "Bashar al-Assad", "He Yadong"):
        assert {t for t, _ in found[name]} == {"PERSON"}, name


def test_coordinated_surnames_and_a_first_name_before_a_known_surname() -> None:
    found = names(
        "The talks ran late into the night, and officials from both sides said progress had been slow.\n\n"
        "Lee and Wu said the outcome was unclear, and Lyric Li in Seoul added that the mood was good.\n"
    )
    assert found["Lee"] == {("PERSON", "person:lee")}
    assert found["Wu"] == {("PERSON", "person:wu")}
    # whatever "Li" means alone, "Lyric Li" is someone else
    assert found["Lyric Li"] == {("PERSON", "person:lyric_li")}


def test_common_false_alarms() -> None:
    found = names(
        "The talks ended on Thursday. But analysts said the pressure on us was real. "
        "Officials said nothing in May. Analysts say Russian officials want to meet in June. "
        "In Cordoba province, levels fell at the La Breña reservoir.\n"
    )
    for word in ("The", "But", "Thursday", "May", "June", "Officials", "Analysts", "In"):
        assert word not in found, word
    assert found["Russian"] == {("NORP", "norp:russian")}
    assert {t for t, _ in found["Cordoba"]} == {"GPE"}
    assert {t for t, _ in found["La Breña"]} == {"LOC"}  # a reservoir, not a person


def test_title_case_headings_give_only_known_names() -> None:
    a = article(
        "Russian President Vladimir Putin met Xi Jinping in Beijing on Thursday. The two leaders talked "
        "for hours, aides said.\n\n"
        "Putin Meets Xi As Trade Partnership Deepens\n\n"
        "The leaders signed a joint statement on their partnership, which both called strategic.\n"
    )
    heading = next(p for p in a.paragraphs if p.heading)
    assert a.text[heading.start : heading.end] == "Putin Meets Xi As Trade Partnership Deepens"
    in_heading = [m for m in extract_mentions(a) if m.sentence == -1]
    assert [m.text for m in in_heading] == ["Putin", "Xi"]
    assert in_heading[1].key == "person:xi_jinping"


def test_an_article_with_no_names_gives_nothing() -> None:
    assert extract_mentions(article("nothing here but lower case words, and more of them.\n")) == ()


# --------------------------------------------------------------------------
# Organisation-shaped names, titles and places in news from other beats


BUSINESS = """\
Copper deal stirs debate

KAFUE FLATS, Zambia — Zambia has signed a deal with Dubai-based Tarven Resources to reopen the Chisamba copper mine, Mines Minister Ruth Mwale-Banda said on Tuesday. Under the deal, Tarven will take a 60% stake. The purchase of Kolwe Copper Mines by Sable Holding was criticised, according to Statbureau.

Farm lobby Agrivox said the plan would hurt growers. Meat processor Ostrava Foods Ltd. was fined, and its lawyer, Petra Novak of Linden Marsh LLP, said it would appeal to the Court of Appeal for Manitoba. Firefighter Tom Haddad and Agriculture Cabinet Secretary Ann Wairimu spoke. Jan Kowalczyk, who farms near Lublin, backed the Farmers’ Union.

Analysts at Statistics Norway and the Institut Lumière Verte said exports fell. Kestrel Systems shares rose, and Ravi Menon said Kestrel was winning business. The Danish Confederation of Trade Unions (LO-DK) and the Fisheries Research Council (Fiskeråd) objected.

The European Commission proposed cuts, and the Commission will vote next month. Residents of Ashby Vale, Dunmore Flats and Kilcarra were evacuated; the village of Ashby Vale lost power. Trucks queued at the Rafah crossing. The cargo ship Baltic Meridian sank, and US Treasury data showed outflows.
"""


@pytest.fixture(scope="module")
def business() -> dict[str, set[tuple[str, str]]]:
    return by_text(extract_mentions(article(BUSINESS)))


def types_of(found: dict[str, set[tuple[str, str]]], text: str) -> set[str]:
    return {t for t, _ in found.get(text, set())}


def test_organisations_named_by_their_last_or_first_word(business: dict[str, set[tuple[str, str]]]) -> None:
    for name in ("Tarven Resources", "Kolwe Copper Mines", "Sable Holding", "Linden Marsh LLP",
                 "Statistics Norway", "Institut Lumière Verte", "Kestrel Systems", "Farmers’ Union",
                 "Danish Confederation of Trade Unions", "Court of Appeal for Manitoba"):
        assert types_of(business, name) == {"ORG"}, name
    assert "Ostrava Foods Ltd." in business  # the dot belongs to the name mid-sentence
    # the short name later in the article is the same company
    assert business["Tarven"] == business["Tarven Resources"]
    assert business["Kestrel"] == business["Kestrel Systems"]  # "said Kestrel": not a person


def test_lone_names_typed_by_the_words_around_them(business: dict[str, set[tuple[str, str]]]) -> None:
    assert types_of(business, "Agrivox") == {"ORG"}  # "farm lobby Agrivox said"
    assert types_of(business, "Statbureau") == {"ORG"}  # "according to Statbureau"
    assert types_of(business, "Chisamba") == {"LOC"}  # "the Chisamba copper mine"
    assert types_of(business, "Rafah") == {"LOC"}  # "the Rafah crossing"
    assert not [t for t in business if "Meridian" in t]  # a ship's name has no type


def test_short_forms_in_parentheses_join_the_long_form(business: dict[str, set[tuple[str, str]]]) -> None:
    assert business["LO-DK"] == business["Danish Confederation of Trade Unions"]
    assert business["Fiskeråd"] == business["Fisheries Research Council"]
    # a head word alone is the organisation the article named in full
    assert business["Commission"] == business["European Commission"]


def test_titles_and_portfolios_stay_out_of_names(business: dict[str, set[tuple[str, str]]]) -> None:
    people = {t for t, kinds in business.items() if ("PERSON", f"person:{slug(t)}") in kinds}
    assert {"Ruth Mwale-Banda", "Tom Haddad", "Ann Wairimu", "Jan Kowalczyk", "Petra Novak", "Ravi Menon"} <= people
    for word in ("Mines", "Agriculture", "Agriculture Cabinet", "Firefighter", "Firefighter Tom Haddad"):
        assert word not in business, word


def test_datelines_lists_and_places_named_twice(business: dict[str, set[tuple[str, str]]]) -> None:
    assert types_of(business, "KAFUE FLATS") == {"GPE"}
    for place in ("Ashby Vale", "Dunmore Flats", "Kilcarra"):
        assert types_of(business, place) == {"GPE"}, place
    assert "Vale" not in business  # the mining company's name is part of a village's here


def test_a_country_before_an_agency_is_its_own_name(business: dict[str, set[tuple[str, str]]]) -> None:
    assert types_of(business, "US") == {"GPE"}
    assert types_of(business, "Treasury") == {"ORG"}


def test_places_inside_organisation_names_and_people_named_after_places() -> None:
    found = names(
        "Ferreira moved to Bayern Munich, and Euronext Lisbon halted trading. "
        "Denzel Washington, who starred in the film, flew in. Floods hit homes in Metro Manila. "
        "The Trans-Caspian pipeline stalled.\n"
    )
    assert types_of(found, "Bayern Munich") == {"ORG"}
    assert types_of(found, "Euronext Lisbon") == {"ORG"}
    assert types_of(found, "Denzel Washington") == {"PERSON"}
    assert types_of(found, "Metro Manila") == {"GPE"}
    assert "ORG" not in types_of(found, "Trans-Caspian")


def test_a_person_of_an_organisation_is_two_names() -> None:
    found = names(
        "Mayor Telma Rocha of the Liberal Party lost. Justice Mary Okoro of the Ontario Superior Court "
        "of Justice ruled, and Professor Kwame Mensah of the University of Ghana agreed.\n"
    )
    assert types_of(found, "Telma Rocha") == {"PERSON"}
    assert types_of(found, "Liberal Party") == {"ORG"}
    assert types_of(found, "Mary Okoro") == {"PERSON"}
    assert types_of(found, "Ontario Superior Court of Justice") == {"ORG"}
    assert types_of(found, "University of Ghana") == {"ORG"}


def test_a_nationality_before_a_body_makes_it_another_body() -> None:
    found = names(
        "The Russian Security Council met, the National Security Council in Washington replied, "
        "the Iranian Security Council objected and the Ukrainian General Staff said nothing.\n"
    )
    keys = {key for kinds in found.values() for _, key in kinds}
    assert "org:un_security_council" not in keys
    assert found["National Security Council"] == {("ORG", "org:national_security_council")}
    assert found["Iranian Security Council"] == {("ORG", "org:iranian_security_council")}
    assert types_of(found, "Russian Security Council") == {"ORG"}
    assert types_of(found, "Ukrainian General Staff") == {"ORG"}


def test_openers_that_are_names_and_words_that_are_not() -> None:
    found = names(
        "Western shipowners left. Jan Kowalczyk said so, and June Lee agreed. "
        "Shares of Orion Systems rose 5%, and the Amazon lost forest while Amazon lost sales.\n"
    )
    assert found["Western"] == {("NORP", "norp:western")}
    assert types_of(found, "Jan Kowalczyk") == {"PERSON"}
    assert types_of(found, "June Lee") == {"PERSON"}
    assert types_of(found, "Orion Systems") == {"ORG"}
    assert "Shares" not in found and "Shares of Orion Systems" not in found
    assert types_of(found, "Amazon") == {"LOC", "ORG"}  # "the Amazon" is the region, "Amazon" the company


def test_nouns_before_a_name_that_say_what_it_is() -> None:
    found = names(
        "Veteran broadcaster David Attenborough narrated. His rival Raila Odinga conceded. "
        "Tech giant Apple sued, the ruling party ZANU-PF won and hedge fund Elliott Management bought shares. "
        "The aircraft carrier Gerald Ford sailed. Fitch and Moody's warned.\n"
    )
    assert types_of(found, "David Attenborough") == {"PERSON"}
    assert types_of(found, "Raila Odinga") == {"PERSON"}
    assert types_of(found, "ZANU-PF") == {"ORG"}
    assert types_of(found, "Elliott Management") == {"ORG"}
    assert types_of(found, "Moody's") == {"ORG"}  # the possessive is the name's own
    for word in ("Veteran", "Tech", "Gerald Ford"):
        assert word not in found, word


def test_hyphenated_titles_and_company_words_inside_names() -> None:
    found = names("Co-CEO Ted Sarandos spoke. Warner Bros Discovery cut jobs. Rival Disney lost subscribers.\n")
    assert types_of(found, "Ted Sarandos") == {"PERSON"}
    assert types_of(found, "Warner Bros Discovery") == {"ORG"}
    assert types_of(found, "Disney") == {"ORG"}
    assert "Rival Disney" not in found and "Co-CEO Ted Sarandos" not in found


# --------------------------------------------------------------------------
# Places by their head or first word, facilities, events, and people by evidence


def test_natural_features_and_facilities_are_places_by_their_words() -> None:
    found = names(
        "Hikers were rescued in the Sierra Nevada and on Mount Rainier. Lithium from the Salar de Atacama "
        "and the Atacama Desert is trucked past the Khyber Pass. Dockworkers at the Port of Durban struck, "
        "fans gathered at Estadio Azteca and on Säbener Strasse, and rangers patrol the Maasai Mara "
        "National Reserve while the Federal Reserve meets. The Bhakra Dam on the Sutlej is low.\n"
    )
    for place in ("Sierra Nevada", "Mount Rainier", "Salar de Atacama", "Atacama Desert", "Khyber Pass",
                  "Port of Durban", "Estadio Azteca", "Säbener Strasse", "Maasai Mara National Reserve",
                  "Bhakra Dam", "Sutlej"):
        assert types_of(found, place) == {"LOC"}, place
    assert types_of(found, "Federal Reserve") == {"ORG"}
    assert "Durban" not in found  # the port is the name, not the city inside it


def test_towns_named_after_saints_and_forts() -> None:
    found = names(
        "Residents of San Cristobal de las Casas fled to Puerto Montt. Officials at Fort McMurray said the "
        "fire was out, and Tesla opened a plant in Port Elizabeth.\n"
    )
    for town in ("San Cristobal de las Casas", "Puerto Montt", "Fort McMurray", "Port Elizabeth"):
        assert types_of(found, town) == {"GPE"}, town


def test_regions_and_waters_the_gazetteer_knows() -> None:
    found = names(
        "Fires in the Pantanal and the Cerrado spread, the Skagerrak froze, farmers on the Pampas "
        "prayed for rain and Gulf states pledged aid.\n"
    )
    for region in ("Pantanal", "Cerrado", "Skagerrak", "Pampas", "Gulf"):
        assert types_of(found, region) == {"LOC"}, region
    assert "Gulf states" not in found  # a lower-case description stays out


def test_named_storms_tournaments_and_programmes_are_events() -> None:
    found = names(
        "Typhoon Yagi and Tropical Storm Soulik hit Vietnam. Real Madrid meet Bayern Munich in the "
        "Champions League, then the Copa Libertadores and the Tour de France begin. Delegates left "
        "Paris Fashion Week for the Battle of Bakhmut anniversary and COP16 in Cali.\n"
    )
    for event in ("Typhoon Yagi", "Tropical Storm Soulik", "Champions League", "Copa Libertadores",
                  "Tour de France", "Paris Fashion Week", "Battle of Bakhmut", "COP16"):
        assert types_of(found, event) == {"EVENT"}, event
    assert types_of(found, "Real Madrid") == {"ORG"}


def test_a_year_before_or_after_an_event_is_part_of_its_name() -> None:
    mentions = extract_mentions(article(
        "Title\n\nBoth clubs prepare for the 2026 World Cup. Spain won Euro 2024, Osaka hosted Expo 2025 and "
        "Riyadh promotes Saudi Vision 2030. Delegates at COP 29 agreed. The 2024 election was close.\n"
    ))
    found = {m.text: m.type for m in mentions}
    for event in ("2026 World Cup", "Euro 2024", "Expo 2025", "Saudi Vision 2030", "COP 29"):
        assert found.get(event) == "EVENT", (event, found)
    assert found["2024"] == "DATE"  # "the 2024 election" is no name
    assert "2026" not in found and "World Cup" not in found


def test_unknown_pairs_without_a_person_cue_are_not_people() -> None:
    found = names(
        "Floodwaters crossed Mato Grosso do Sul. Fans of Copa Libertadores rivals Nevsky Prospekt "
        "celebrated. Insurers including Allianz and Generali said claims would rise.\n"
    )
    for phrase in ("Mato Grosso do Sul", "Nevsky Prospekt", "Allianz", "Generali"):
        assert "PERSON" not in types_of(found, phrase), phrase
    assert types_of(found, "Allianz") == {"ORG"}


def test_given_names_pronouns_lists_and_roles_keep_people() -> None:
    found = names(
        "Jannik Sinner retained his title. Ingrid Bakke fished the fjord. Yazeed Al Rajhi won the rally. "
        "Marcus Rashford and Jadon Sancho trained. Ettore Prandini, head of Coldiretti, called for a "
        "summit, and Hilaria Quispe, a community leader, spoke. Voters chose Santiago Taboada. "
        "Ana Toni, Brazil's climate secretary, agreed.\n"
    )
    for person in ("Jannik Sinner", "Ingrid Bakke", "Yazeed Al Rajhi", "Jadon Sancho", "Ettore Prandini",
                   "Hilaria Quispe", "Santiago Taboada", "Ana Toni"):
        assert types_of(found, person) == {"PERSON"}, person


def test_a_country_before_a_single_unknown_word_names_a_company() -> None:
    found = names("South Africa's Transnet said congestion worsened, and Kenya's Ruto spoke.\n")
    assert types_of(found, "Transnet") == {"ORG"}
    assert types_of(found, "Ruto") == {"PERSON"}  # the gazetteer knows the leaders


def test_a_demonym_opening_a_place_name_and_parts_of_places() -> None:
    found = names("Landslides hit roads in Lao Cai and Thai Binh. Crews in Lower Austria evacuated homes.\n")
    assert types_of(found, "Lao Cai") == {"GPE"}
    assert types_of(found, "Thai Binh") == {"GPE"}
    assert types_of(found, "Lower Austria") == {"GPE"}
    assert "Thai" not in found and "Austria" not in found


def test_possessives_inside_names_and_names_joined_by_and() -> None:
    found = names(
        "Pope Francis prayed in St Peter's Square before the Women's World Cup. A researcher at "
        "Imperial College London said farmers in Bavaria and the Po Valley lost money.\n"
    )
    assert types_of(found, "St Peter's Square") == {"LOC"}
    assert types_of(found, "Women's World Cup") == {"EVENT"}
    assert types_of(found, "Imperial College London") == {"ORG"}
    assert types_of(found, "Bavaria") == {"GPE"}
    assert types_of(found, "Po Valley") == {"LOC"}
