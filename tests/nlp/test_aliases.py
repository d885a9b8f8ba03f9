"""The gazetteer: keys, spelling variants, config additions and their errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summit_tui.config import load_config
from summit_tui.corpus.load import FoundFile, parse_article
from summit_tui.corpus.model import Article
from summit_tui.errors import ConfigError
from summit_tui.nlp import entity_key, extract_mentions, load_gazetteer, slug
from summit_tui.nlp.aliases import GAZETTEER_PATH


def article(text: str, article_id: str = "t") -> Article:
    parsed = parse_article(FoundFile(Path(f"{article_id}.txt"), article_id), text.encode())
    assert isinstance(parsed, Article)
    return parsed


def keys_by_text(a: Article, gazetteer=None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in extract_mentions(a, gazetteer):
        out.setdefault(m.text, set()).add(m.key)
    return out


# --------------------------------------------------------------------------
# Keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xi Jinping", "xi_jinping"),
        ("Türkiye", "turkiye"),
        ("Łódź", "lodz"),
        ("  Ana   Kovač ", "ana_kovac"),
        ("U.S.-led", "u_s_led"),
        ("China–Russia Expo", "china_russia_expo"),
        ("---", ""),
    ],
)
def test_slug_folds_accents_case_and_punctuation(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("type_", "label", "expected"),
    [
        ("PERSON", "Xi Jinping", "person:xi_jinping"),
        ("GPE", "United States", "gpe:united_states"),
        ("PERSON", "President Xi Jinping", "person:xi_jinping"),
        ("PERSON", "Foreign Minister Sergei Lavrov", "person:sergei_lavrov"),
        ("PERSON", "Dr Jane Goodall", "person:jane_goodall"),
        ("LOC", "the West", "loc:west"),
        ("GPE", "Russia’s", "gpe:russia"),
        ("PERSON", "Putin's", "person:putin"),
    ],
)
def test_entity_key_strips_titles_a_leading_the_and_possessives(type_: str, label: str, expected: str) -> None:
    assert entity_key(type_, label) == expected


# --------------------------------------------------------------------------
# The shipped gazetteer


def test_the_shipped_gazetteer_exists_and_loads() -> None:
    assert GAZETTEER_PATH.is_file()
    gazetteer = load_gazetteer()
    assert len(gazetteer) > 100
    assert gazetteer.lookup("United States").key == "gpe:united_states"


@pytest.mark.parametrize("spelling", ["U.S.", "US", "United States", "America", "USA"])
def test_spellings_of_the_united_states_share_one_key(spelling: str) -> None:
    a = article(f"Officials in {spelling} said on Monday that talks would go on.\n")
    assert keys_by_text(a)[spelling] == {"gpe:united_states"}


def test_kiev_and_kyiv_are_one_city() -> None:
    a = article("Kyiv is the capital. Older maps spell it Kiev, and some still say Kiev’s mayor.\n")
    found = keys_by_text(a)
    assert found["Kyiv"] == found["Kiev"] == {"gpe:kyiv"}


def test_the_pronoun_us_is_never_the_united_states() -> None:
    a = article("Nobody told us about the visit. Let us be clear, the US was told.\n")
    mentions = extract_mentions(a)
    assert [m.text for m in mentions if m.key == "gpe:united_states"] == ["US"]


def test_demonyms_are_nationalities_keyed_by_their_first_form() -> None:
    a = article("Russian officials met Russians living abroad, and Chinese diplomats joined them.\n")
    by_text = {m.text: m for m in extract_mentions(a)}
    assert by_text["Russian"].type == by_text["Russians"].type == by_text["Chinese"].type == "NORP"
    assert by_text["Russian"].key == by_text["Russians"].key == "norp:russian"


def test_importing_the_package_parses_no_yaml() -> None:
    code = (
        "import sys, summit_tui.nlp as n; "
        "print('yaml' in sys.modules, 'summit_tui.nlp.entities' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------
# Additions from config.yaml


def test_config_additions_name_people_the_shipped_file_does_not_know() -> None:
    text = "Kovač opened the bridge. Residents cheered.\n"
    assert not [m for m in extract_mentions(article(text)) if m.type == "PERSON"]
    extra = {"people": [{"name": "Ana Kovač", "aliases": ["Mayor Kovač"]}]}
    mentions = extract_mentions(article(text), load_gazetteer(extra))
    assert [(m.text, m.key, m.label) for m in mentions if m.type == "PERSON"] == [
        ("Kovač", "person:ana_kovac", "Ana Kovač")
    ]


def test_config_aliases_win_over_shipped_ones() -> None:
    extra = {"organizations": [{"name": "Northwind Logistics", "aliases": ["Kremlin"]}]}
    gazetteer = load_gazetteer(extra)
    mentions = extract_mentions(article("The Kremlin said so.\n"), gazetteer)
    assert [m.key for m in mentions] == ["org:northwind_logistics"]
    # the shipped gazetteer itself is untouched
    assert [m.key for m in extract_mentions(article("The Kremlin said so.\n"))] != ["org:northwind_logistics"]


def test_config_entries_may_be_plain_names_and_every_section_types_its_entries() -> None:
    extra = {
        "cities": ["Zlatograd"],
        "regions": [{"name": "Rhodope Mountains", "aliases": ["Rhodopes"]}],
        "events": [{"name": "Kukeri Festival"}],
        "groups": [{"name": "Pomak", "aliases": ["Pomaks"]}],
    }
    a = article("Pomaks from Zlatograd in the Rhodopes celebrated the Kukeri Festival on Friday.\n")
    found = {m.text: (m.type, m.key) for m in extract_mentions(a, load_gazetteer(extra))}
    assert found["Zlatograd"] == ("GPE", "gpe:zlatograd")
    assert found["Rhodopes"] == ("LOC", "loc:rhodope_mountains")
    assert found["Kukeri Festival"] == ("EVENT", "event:kukeri_festival")
    assert found["Pomaks"] == ("NORP", "norp:pomak")


def test_gazetteers_are_cached_per_content_of_the_additions() -> None:
    a = load_gazetteer({"people": [{"name": "Ana Kovač"}]})
    b = load_gazetteer({"people": [{"name": "Ana Kovač"}]})
    c = load_gazetteer({"people": [{"name": "Ana Kovačić"}]})
    assert a is b
    assert c is not a
    assert load_gazetteer() is load_gazetteer(None)


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ([{"name": "x"}], "must be a mapping"),
        ({"persons": []}, "unknown section 'persons'"),
        ({"people": {"name": "Ana"}}, "entities.gazetteer.people must be a list"),
        ({"people": [{"aliases": ["Ana"]}]}, "entities.gazetteer.people[0] has no name"),
        ({"people": [{"name": "   "}]}, "people[0] has no name"),
        ({"people": ["Ana", ""]}, "people[1] is empty"),
        ({"people": [{"name": "Ana", "aliases": ["Annie", 3]}]}, "people[0].aliases must be a list"),
        ({"people": [{"name": ["Ana"]}]}, "people[0] has no name"),
        ({"countries": [{"name": "Ruritania", "capital": ["Strelsau"]}]}, "countries[0].capital must be text"),
        ({"cities": [{"name": "Strelsau", "population": "1"}]}, "unknown field 'population'"),
        ({"cities": [7]}, "cities[0] must be a name or a mapping"),
    ],
)
def test_malformed_additions_are_config_errors_naming_the_place(extra: object, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_gazetteer(extra)  # type: ignore[arg-type]
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message


def test_additions_come_from_the_entities_section_of_config_yaml(tmp_path: Path) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text(
        "entities:\n"
        "  gazetteer:\n"
        "    people:\n"
        "      - {name: Tomasz Wierzbicki, aliases: [Wierzbicki]}\n"
        "    organizations:\n"
        "      - name: Northwind Logistics Group\n"
        "        aliases: [Northwind]\n",
        encoding="utf-8",
    )
    config = load_config(config_file)
    extra = config.sections["entities"]["gazetteer"]
    gazetteer = load_gazetteer(extra)
    a = article("Northwind hired Wierzbicki last year.\n")
    found = {m.text: m.key for m in extract_mentions(a, gazetteer)}
    assert found["Northwind"] == "org:northwind_logistics_group"
    assert found["Wierzbicki"] == "person:tomasz_wierzbicki"
    # and the additions are plain data that survive a JSON round trip (the
    # index build fingerprints them)
    assert json.loads(json.dumps(extra)) == extra
