"""A deterministic generator of news-like corpora for the benchmarks.

Articles are recombined from the seed articles' own sentences (read with the
project's ingestion), with the cast swapped per event: leaders, countries,
capitals, experts, institutions, numbers, dates and weekdays come from pools,
so vocabulary, entity density and sentence structure look like news rather
than random words. Several outlets (each with its own file layout: plain,
byline, wire dateline, web page with furniture, one paragraph per line)
report each event, so the same facts recur across sources with the usual
small disagreements (a figure rounded, a different total).

Same (N, seed, generator version, seed sentences) -> byte-identical files.
Corpora are cached under ``bench/.cache/`` (git-ignored).

    .venv/bin/python bench/generate.py 1000            # prints the folder
    .venv/bin/python bench/generate.py 1000 --seed 7 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

GENERATOR_VERSION = 1
DEFAULT_SEED = 20240516
BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
SEEDS_DIR = PROJECT_DIR / "seeds"
CACHE_DIR = BENCH_DIR / ".cache"


# --------------------------------------------------------------------------
# Pools


@dataclass(frozen=True)
class Country:
    name: str
    demonym: str
    capital: str
    cities: tuple[str, ...]
    region: str
    venue: str  # where leaders meet privately (Zhongnanhai in the seeds)
    seat: str  # the seat of government used as a metonym (the Kremlin)
    leader: str
    leader_title: str
    currency: str  # ISO code
    leader_short: str = ""  # how a second mention names the leader ("Xi", "Putin")

    @property
    def short(self) -> str:
        return self.leader_short or self.leader.split()[-1]


# Real countries and cities (so a gazetteer recognises them); invented leaders
# (so no real person is quoted saying what a seed sentence says).
COUNTRIES: tuple[Country, ...] = (
    Country("Russia", "Russian", "Moscow", ("St Petersburg", "Kazan", "Vladivostok"), "Primorsky Krai",
            "Novo-Ogaryovo", "Kremlin", "Vladimir Putin", "President", "RUB"),
    Country("China", "Chinese", "Beijing", ("Shanghai", "Harbin", "Wuhan"), "Heilongjiang",
            "Zhongnanhai", "Zhongnanhai", "Xi Jinping", "President", "CNY", "Xi"),
    Country("India", "Indian", "New Delhi", ("Mumbai", "Kolkata", "Chennai"), "Maharashtra",
            "Hyderabad House", "South Block", "Arvind Menon", "Prime Minister", "INR"),
    Country("Brazil", "Brazilian", "Brasília", ("São Paulo", "Rio de Janeiro", "Recife"), "Pernambuco",
            "Itamaraty Palace", "Planalto", "Helena Duarte", "President", "BRL"),
    Country("Turkey", "Turkish", "Ankara", ("Istanbul", "Izmir", "Bursa"), "Anatolia",
            "Dolmabahçe Palace", "Beştepe", "Kemal Aydın", "President", "TRY"),
    Country("Indonesia", "Indonesian", "Jakarta", ("Surabaya", "Bandung", "Medan"), "West Java",
            "Bogor Palace", "Merdeka Palace", "Budi Santoso", "President", "IDR"),
    Country("South Africa", "South African", "Pretoria", ("Johannesburg", "Cape Town", "Durban"), "Gauteng",
            "Union Buildings", "Union Buildings", "Thandiwe Nkosi", "President", "ZAR"),
    Country("Japan", "Japanese", "Tokyo", ("Osaka", "Yokohama", "Sapporo"), "Hokkaido",
            "Akasaka Palace", "Kantei", "Haruto Mori", "Prime Minister", "JPY"),
    Country("Germany", "German", "Berlin", ("Hamburg", "Munich", "Leipzig"), "Bavaria",
            "Schloss Meseberg", "Chancellery", "Klaus Wegener", "Chancellor", "EUR"),
    Country("France", "French", "Paris", ("Lyon", "Marseille", "Toulouse"), "Provence",
            "Château de Rambouillet", "Élysée", "Claire Martel", "President", "EUR"),
    Country("Mexico", "Mexican", "Mexico City", ("Monterrey", "Guadalajara", "Puebla"), "Nuevo León",
            "Palacio Nacional", "Palacio Nacional", "Andrés Ibarra", "President", "MXN"),
    Country("Egypt", "Egyptian", "Cairo", ("Alexandria", "Giza", "Port Said"), "Sinai",
            "Heliopolis Palace", "Ittihadiya", "Omar Farouk", "President", "EGP"),
    Country("Vietnam", "Vietnamese", "Hanoi", ("Ho Chi Minh City", "Da Nang", "Haiphong"), "Quang Ninh",
            "Presidential Palace", "Ba Dinh", "Tran Van Minh", "President", "VND", "Minh"),
    Country("Kazakhstan", "Kazakh", "Astana", ("Almaty", "Shymkent", "Aktobe"), "Karaganda",
            "Akorda", "Akorda", "Nurlan Bekov", "President", "KZT"),
    Country("Saudi Arabia", "Saudi", "Riyadh", ("Jeddah", "Dammam", "Al Khobar"), "Eastern Province",
            "Al-Yamamah Palace", "Al-Yamamah", "Faisal Al-Harbi", "Crown Prince", "SAR"),
    Country("Argentina", "Argentine", "Buenos Aires", ("Córdoba", "Rosario", "Mendoza"), "Patagonia",
            "Quinta de Olivos", "Casa Rosada", "Martín Echeverría", "President", "ARS"),
    Country("Nigeria", "Nigerian", "Abuja", ("Lagos", "Kano", "Ibadan"), "Kaduna",
            "State House", "Aso Rock", "Chidi Okafor", "President", "NGN"),
    Country("South Korea", "South Korean", "Seoul", ("Busan", "Incheon", "Daegu"), "Gyeonggi",
            "Blue House", "Yongsan", "Park Ji-hoon", "President", "KRW", "Park"),
    Country("Poland", "Polish", "Warsaw", ("Kraków", "Gdańsk", "Wrocław"), "Silesia",
            "Belweder Palace", "Belweder", "Tomasz Wróbel", "President", "PLN"),
    Country("Iran", "Iranian", "Tehran", ("Isfahan", "Tabriz", "Shiraz"), "Khuzestan",
            "Saadabad Palace", "Pasteur Street", "Reza Karimi", "President", "IRR"),
)

# Who stands where the United States stands in the seeds: (name, short, dotted, capital, leader).
RIVALS: tuple[tuple[str, str, str, str, str], ...] = (
    ("United States", "US", "U.S.", "Washington", "Whitfield"),
    ("European Union", "EU", "E.U.", "Brussels", "Lindqvist"),
    ("United Kingdom", "UK", "U.K.", "London", "Ashworth"),
)

# Who stands where Ukraine stands: (name, demonym, capital, city, leader).
CONFLICTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Ukraine", "Ukrainian", "Kyiv", "Kharkiv", "Oleksandr Hrytsenko"),
    ("Georgia", "Georgian", "Tbilisi", "Gori", "Giorgi Beridze"),
    ("Moldova", "Moldovan", "Chisinau", "Balti", "Ion Rusu"),
    ("Armenia", "Armenian", "Yerevan", "Gyumri", "Aram Sargsyan"),
    ("Sudan", "Sudanese", "Khartoum", "Omdurman", "Yasir Osman"),
    ("Myanmar", "Burmese", "Naypyidaw", "Mandalay", "Aung Kyaw"),
    ("Yemen", "Yemeni", "Sanaa", "Aden", "Khaled Saleh"),
)

FIRST_NAMES = (
    "Anna", "Boris", "Carmen", "Daniel", "Elif", "Farid", "Greta", "Hiroshi", "Ines", "Jonas", "Kavya",
    "Lukas", "Mei", "Nikolai", "Olga", "Pedro", "Qiu", "Rahul", "Sofia", "Tariq", "Ursula", "Viktor",
    "Wen", "Ximena", "Yusuf", "Zanele", "Amara", "Bjorn", "Chen", "Dmitri", "Emeka", "Fatima", "Gustavo",
    "Hana", "Igor", "Jasmine", "Kenji", "Leila", "Marco", "Nadia", "Oscar", "Priya", "Rafael", "Sanjay",
    "Tamar", "Umar", "Valeria", "William", "Yara", "Zhang", "Alexei", "Beatriz", "Camille", "Diego",
    "Eleni", "Feng", "Grace", "Hassan", "Irina", "Joao",
)
LAST_NAMES = (
    "Abramov", "Bianchi", "Castillo", "Dasgupta", "Eriksen", "Fischer", "Gonzalez", "Haddad", "Ivanova",
    "Jensen", "Kowalski", "Laurent", "Morozov", "Nakamura", "Okonkwo", "Petrov", "Qureshi", "Rossi",
    "Schmidt", "Tanaka", "Usmanov", "Varga", "Wang", "Xu", "Yilmaz", "Zhou", "Almeida", "Brennan",
    "Chowdhury", "Delacroix", "Egorov", "Ferreira", "Garcia", "Hoffmann", "Ishikawa", "Jovanovic",
    "Kapoor", "Lindgren", "Mensah", "Novak", "Ortega", "Popescu", "Romano", "Sokolov", "Takahashi",
    "Ueda", "Volkov", "Weber", "Yamada", "Zielinski", "Adeyemi", "Bauer", "Costa", "Dubois", "Eze",
    "Fontaine", "Grigoryan", "Herrera", "Iqbal", "Kuznetsov", "Liu", "Mukherjee", "Nguyen", "Orlov",
)

INSTITUTIONS = (
    "Brookings Institution", "Chatham House", "Carnegie Endowment for International Peace",
    "Lowy Institute", "Council on Foreign Relations", "Observer Research Foundation", "Stimson Center",
    "Center for Strategic and International Studies", "RAND Corporation", "Kiel Institute",
    "Peking University", "Tsinghua University", "London School of Economics", "Sciences Po",
    "University of Tokyo", "National University of Singapore", "Higher School of Economics",
    "Jawaharlal Nehru University", "Atlantic Council", "German Marshall Fund", "International Crisis Group",
    "Eurasia Group", "Oxford Economics", "Capital Economics", "Fudan University", "Hoover Institution",
    "Stanford University", "Harvard Kennedy School", "Wilson Center", "Mercator Institute for China Studies",
)
BROADCASTERS = ("CBS News", "BBC", "Al Jazeera", "NHK", "Deutsche Welle", "France 24", "CNN", "Sky News")
PIPELINES = ("Power of Siberia 2", "Northern Corridor", "Trans-Caspian line", "Eastern Route",
             "Blue Stream 2", "Central Asia pipeline")
SEAS = ("East China Sea", "Sea of Japan", "Black Sea", "Arabian Sea", "Bay of Bengal", "Baltic Sea")
SITES = ("Saint Sophia Cathedral", "Grand Mosque", "National Museum", "Old Town Hall", "Palace of Culture")
EXPOS = ("China-Russia Expo", "Bilateral Trade Fair", "Eastern Economic Forum", "Silk Road Expo",
         "Investment Summit", "Industry Fair")

OUTLETS: tuple[tuple[str, str], ...] = (  # (name, file layout)
    ("Meridian Daily", "plain"),
    ("The Atlas Observer", "byline"),
    ("Pacific Wire", "wire"),
    ("Capital Chronicle", "web"),
    ("Eastern Herald", "lines"),
    ("World Affairs Review", "byline"),
    ("Northline Times", "plain"),
    ("Continental Wire", "wire"),
    ("The Civic Tribune", "web"),
    ("Horizon News", "plain"),
    ("Orient Dispatch", "lines"),
    ("The Ledger", "byline"),
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Light lexical variation (lower-case words only, so sentence starts stay intact).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "emphasized": ("stressed", "underscored", "highlighted"),
    "significant": ("notable", "considerable", "substantial"),
    "deepening": ("strengthening", "expanding", "growing"),
    "reaffirmed": ("restated", "reiterated", "confirmed"),
    "increasingly": ("ever more", "steadily more"),
    "expressed": ("voiced", "conveyed"),
    "strategic": ("strategic", "long-term"),
    "relationship": ("relationship", "ties", "bond"),
    "summit": ("summit", "meeting"),
    "crucial": ("critical", "vital", "decisive"),
    "pressure": ("pressure", "strain", "pressures"),
    "essential": ("vital", "indispensable", "key"),
    "growing": ("growing", "expanding", "rising"),
    "mutual": ("mutual", "shared", "common"),
    "officials": ("officials", "diplomats", "aides"),
    "criticism": ("criticism", "condemnation", "censure"),
    "robust": ("robust", "solid", "sturdy"),
    "analysts": ("analysts", "experts", "observers"),
    "announced": ("announced", "unveiled", "declared"),
    "agreement": ("agreement", "accord", "deal"),
    "economic": ("economic", "commercial", "financial"),
    "military": ("military", "defence"),
}

HEADLINES = (
    "{VL} and {HL} pledge deeper ties at {HCAP} summit",
    "{VDEM} leader {VL} arrives in {HCAP} for two-day state visit",
    "{H} and {V} hail partnership as trade reaches {AMOUNT}",
    "{HL} hosts {VL} as {R} presses both over {C}",
    "What {VL}’s visit to {HCAP} means for the war in {C}",
    "{V}–{H} summit: energy, trade and a joint statement",
    "Analysis: {VL} seeks {HDEM} support as sanctions bite",
    "{HL} calls {VL} an ‘old friend’ at {HCAP} talks",
    "Trade between {H} and {V} up {PCT} as leaders meet",
    "{VL} and {HL} sign joint statement on a ‘multipolar’ order",
    "Inside the {HCAP} summit: {VL}, {HL} and the {C} question",
    "{VDEM} delegation heads to {CITY} after {HCAP} summit",
    "{H} and {V} leaders hail their opposition to {RS}-led world order",
    "How {VL}’s visit to {HCAP} fortifies the {HDEM}-{VDEM} relationship",
    "{HL} and {VL} promise to settle more trade in {CUR}",
    "Sanctions, pipelines and {C}: five takeaways from the {HCAP} summit",
)


# --------------------------------------------------------------------------
# Seed material


@dataclass(frozen=True)
class SeedMaterial:
    paragraphs: tuple[tuple[str, ...], ...]  # body paragraphs as sentence lists
    leads: tuple[str, ...]  # sentences that introduce the leaders by full name
    headings: tuple[str, ...]
    titles: tuple[str, ...]  # real (not derived) seed headlines

    def digest(self) -> str:
        raw = json.dumps([self.paragraphs, self.headings, self.titles], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:10]


def read_seed_material(seeds_dir: Path = SEEDS_DIR) -> SeedMaterial:
    """The seeds' sentences, as the project's own ingestion splits them."""
    from summit_tui.corpus.load import load_corpus

    articles, _ = load_corpus([seeds_dir])
    paragraphs: list[tuple[str, ...]] = []
    headings: list[str] = []
    titles: list[str] = []
    for article in sorted(articles, key=lambda a: a.id):
        if not article.title_derived:
            titles.append(article.title)
        by_paragraph: dict[int, list[str]] = {}
        for sentence in article.sentences:
            by_paragraph.setdefault(sentence.paragraph, []).append(article.sentence_text(sentence.index))
        for number, paragraph in enumerate(article.paragraphs):
            if paragraph.heading:
                headings.append(article.text[paragraph.start : paragraph.end])
            elif number in by_paragraph:
                paragraphs.append(tuple(by_paragraph[number]))
    leads = tuple(
        s for p in paragraphs for s in p if ("Vladimir Putin" in s or "Xi Jinping" in s) and not s.startswith("“")
    )
    return SeedMaterial(tuple(paragraphs), leads, tuple(headings), tuple(titles))


# --------------------------------------------------------------------------
# Substitution


_MONEY = r"(?:\$|USD ?)\d+(?:\.\d+)? ?(?:billion|million|trillion)"
_PERCENT = r"\d+(?:\.\d+)?(?:%| percent| per cent)"
_QUANTITY = r"\d+(?:\.\d+)? million tonnes"

# Literal seed phrases -> the slot that replaces them; longest first so
# "Vladimir Putin" wins over "Putin".
_LITERALS: dict[str, str] = {
    "Russian President Vladimir Putin": "V_title_full", "Chinese President Xi Jinping": "H_title_full",
    "President Vladimir Putin": "V_bare_title_full", "President Xi Jinping": "H_bare_title_full",
    "Presidents Xi Jinping and Vladimir Putin": "both_leaders",
    "Vladimir Putin": "V_leader", "Putin": "V_last", "Xi Jinping": "H_leader", "Xi": "H_last",
    "Ukrainian President Volodymyr Zelenskyy": "C_title_leader", "President Zelenskyy": "C_title_last",
    "Zelenskyy": "C_last",
    "Sino-Russian": "H_V_adj", "China-Russia": "H_V_pair", "Russia-China": "V_H_pair",
    "Russia-Ukraine": "V_C_pair", "Russians": "V_people",
    "Russian": "V_dem", "Russia": "V_name", "Chinese": "H_dem", "China": "H_name",
    "Moscow": "V_capital", "Kremlin": "V_seat", "Beijing": "H_capital", "Zhongnanhai": "H_venue",
    "Harbin": "H_city", "Heilongjiang": "H_region", "Shanghai": "H_city2",
    "Ukraine": "C_name", "Ukrainian": "C_dem", "Kyiv": "C_capital", "Kharkiv": "C_city",
    "United States": "R_name", "U.S.": "R_dotted", "US": "R_short", "Washington": "R_capital",
    "Biden": "R_leader", "Obama": "R_prev",
    "Joseph Torigian": "E1", "Torigian": "E1_last", "Hoo Tiang Boon": "E2", "Ian Bremmer": "E3",
    "Ryan Hass": "E4", "Hass": "E4_last", "Wan Qingsong": "E5", "Wan": "E5_last",
    "Alexander Gabuev": "E6", "Gabuev": "E6_last", "Shen Dingli": "E7", "Shen": "E7_last",
    "Sergei Lavrov": "O1", "Lavrov": "O1_last", "Andrei Belousov": "O2", "Belousov": "O2_last",
    "Sergei Shoigu": "O3", "Yuri Ushakov": "O4", "Li Qiang": "O5",
    "Stanford University’s Hoover Institute": "I1_possessive", "Hoover Institute": "I1",
    "Stanford University": "I2", "Nanyang Technological University": "I3", "Brookings Institution": "I4",
    "Carnegie Russia Eurasia Center": "I5", "Center for Russian Studies at East China Normal University": "I6",
    "Harbin Institute of Technology": "I7", "National Security Council": "NSC",
    "CBS News": "broadcaster", "Power of Siberia 2": "pipeline", "East China Sea": "sea",
    "Saint Sophia Cathedral": "site", "China-Russia Expo": "expo", "Singapore": "third_city",
    "Shanghai Cooperation Organisation": "SCO",
}
_WEEKDAY_RX = "|".join(WEEKDAYS)
_MONTH_RX = "|".join(MONTHS)
_SUBSTITUTION = re.compile(
    "|".join(
        [
            rf"(?P<money>{_MONEY})",
            rf"(?P<percent>{_PERCENT})",
            rf"(?P<quantity>{_QUANTITY})",
            r"(?P<anniversary>\b75(?=th\b| years\b))",
            r"(?P<year>\b(?:19[5-9]\d|20[0-2]\d)\b)",
            rf"(?P<weekday>\b(?:{_WEEKDAY_RX})\b)",
            rf"(?P<month>\b(?:{_MONTH_RX})\b)",
            r"(?P<literal>(?<![\w-])(?:"
            + "|".join(re.escape(k) for k in sorted(_LITERALS, key=len, reverse=True))
            + r")(?![\w]))",
            r"(?P<synonym>\b(?:" + "|".join(sorted(SYNONYMS, key=len, reverse=True)) + r")\b)",
        ]
    )
)


@dataclass
class Event:
    """One summit several outlets report: the cast and its figures."""

    number: int
    day: date
    slots: dict[str, str]
    figures: dict[str, float]  # seed figure text -> this event's value
    year_shift: int
    month_shift: int
    weekday_shift: int


_PLURALS = {"Turkish": "Turks", "Polish": "Poles", "French": "French", "Saudi": "Saudis"}


def _plural(demonym: str) -> str:
    """"the Russians" -> "the Brazilians", "the Chinese", "the Turks"."""
    if demonym in _PLURALS:
        return _PLURALS[demonym]
    return demonym if demonym.endswith("ese") else demonym + "s"


def _person(rng: random.Random) -> tuple[str, str]:
    last = rng.choice(LAST_NAMES)
    return f"{rng.choice(FIRST_NAMES)} {last}", last


def make_event(number: int, rng: random.Random) -> Event:
    visitor, host = rng.sample(COUNTRIES, 2)
    if rng.random() < 0.15:  # now and then the seeds' own cast, as in the real coverage
        visitor, host = COUNTRIES[0], COUNTRIES[1]
    rival = rng.choice(RIVALS)
    conflict = rng.choice(CONFLICTS)
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(7 * 365))
    slots: dict[str, str] = {}
    for prefix, country in (("V", visitor), ("H", host)):
        last = country.short
        slots.update({
            f"{prefix}_title_full": f"{country.demonym} {country.leader_title} {country.leader}",
            f"{prefix}_bare_title_full": f"{country.leader_title} {country.leader}",
            f"{prefix}_leader": country.leader, f"{prefix}_last": last,
            f"{prefix}_dem": country.demonym, f"{prefix}_name": country.name,
            f"{prefix}_capital": country.capital, f"{prefix}_seat": country.seat,
            f"{prefix}_venue": country.venue, f"{prefix}_region": country.region,
            f"{prefix}_city": country.cities[0] if prefix == "V" else rng.choice(country.cities[1:]),
            f"{prefix}_city2": country.cities[2] if prefix == "H" else country.cities[1],
            f"{prefix}_currency": country.currency,
        })
    slots["both_leaders"] = f"{host.leader_title}s {host.leader} and {visitor.leader}" \
        if host.leader_title == visitor.leader_title else f"{host.leader} and {visitor.leader}"
    slots["H_V_adj"] = f"{host.demonym}-{visitor.demonym}"
    slots["H_V_pair"] = f"{host.name}-{visitor.name}"
    slots["V_H_pair"] = f"{visitor.name}-{host.name}"
    slots["V_people"] = _plural(visitor.demonym)
    c_name, c_dem, c_capital, c_city, c_leader = conflict
    slots.update({
        "C_name": c_name, "C_dem": c_dem, "C_capital": c_capital, "C_city": c_city,
        "C_title_leader": f"{c_dem} President {c_leader}", "C_title_last": f"President {c_leader.split()[-1]}",
        "C_last": c_leader.split()[-1], "V_C_pair": f"{visitor.name}-{c_name}",
    })
    r_name, r_short, r_dotted, r_capital, r_leader = rival
    slots.update({"R_name": r_name, "R_short": r_short, "R_dotted": r_dotted, "R_capital": r_capital,
                  "R_leader": r_leader, "R_prev": rng.choice(("Harrington", "Caldwell", "Moreau"))})
    for key in ("E1", "E2", "E3", "E4", "E5", "E6", "E7", "O1", "O2", "O3", "O4", "O5"):
        full, last = _person(rng)
        slots[key], slots[f"{key}_last"] = full, last
    institutions = rng.sample(INSTITUTIONS, 7)
    for i, name in enumerate(institutions, start=1):
        slots[f"I{i}"] = name
    slots["I1_possessive"] = f"the {institutions[0]}"
    slots["NSC"] = rng.choice(("National Security Council", "Policy Planning Staff", "Foreign Affairs Council"))
    slots["broadcaster"] = rng.choice(BROADCASTERS)
    slots["pipeline"] = rng.choice(PIPELINES)
    slots["SCO"] = "Shanghai Cooperation Organisation"
    slots["sea"] = rng.choice(SEAS)
    slots["site"] = rng.choice(SITES)
    slots["expo"] = rng.choice(EXPOS)
    slots["third_city"] = rng.choice([c.capital for c in COUNTRIES if c not in (visitor, host)])
    return Event(
        number=number,
        day=day,
        slots=slots,
        figures={},
        year_shift=day.year - 2024,
        month_shift=day.month - 5,
        weekday_shift=day.weekday() - 3,  # the seeds' summit was on a Thursday
    )


@dataclass(frozen=True)
class Style:
    """How one outlet writes figures (the same fact, told differently)."""

    money: str  # "symbol", "code", "words"
    percent: str  # "%", " percent", " per cent"


def _event_figure(event: Event, seed_text: str, rng: random.Random) -> float:
    """The event's value for a figure the seed text gives; the same seed
    figure maps to the same value in every article about the event."""
    if seed_text not in event.figures:
        number = float(re.search(r"\d+(?:\.\d+)?", seed_text).group())  # type: ignore[union-attr]
        event.figures[seed_text] = max(1.0, round(number * rng.uniform(0.3, 2.5)))
    return event.figures[seed_text]


def _money(amount: float, scale: str, currency: str, style: Style) -> str:
    value = f"{amount:g}"
    if currency == "USD" and style.money == "symbol":
        return f"${value} {scale}"
    if style.money == "words" and currency == "USD":
        return f"{value} {scale} dollars"
    return f"{currency} {value} {scale}"


class Substituter:
    """Rewrites seed text for one article of one event."""

    def __init__(self, event: Event, style: Style, rng: random.Random) -> None:
        self.event, self.style, self.rng = event, style, rng
        # One article in eight disagrees on a figure (a discrepancy to find).
        self.off_by = rng.choice((0.9, 1.1, 1.25)) if rng.random() < 0.125 else 1.0

    def __call__(self, text: str) -> str:
        return _SUBSTITUTION.sub(self._replace, text)

    def _replace(self, m: re.Match[str]) -> str:
        kind = m.lastgroup
        text = m.group()
        event = self.event
        if kind == "literal":
            return event.slots[_LITERALS[text]]
        if kind == "synonym":
            return self.rng.choice(SYNONYMS[text]) if self.rng.random() < 0.5 else text
        if kind == "year":
            return str(int(text) + event.year_shift)
        if kind == "month":
            return MONTHS[(MONTHS.index(text) + event.month_shift) % 12]
        if kind == "weekday":
            return WEEKDAYS[(WEEKDAYS.index(text) + event.weekday_shift) % 7]
        if kind == "anniversary":
            return str(int(_event_figure(event, "75 anniversary", self.rng) // 3 + 5))
        value = _event_figure(event, text, self.rng) * self.off_by
        value = round(value, 1) if value < 10 else round(value)
        if kind == "money":
            scale = re.search(r"billion|million|trillion", text).group()  # type: ignore[union-attr]
            currency = "USD" if self.rng.random() < 0.8 else event.slots["H_currency"]
            return _money(value, scale, currency, self.style)
        if kind == "percent":
            return f"{value:g}{self.style.percent}"
        return f"{value:g} million tonnes"  # quantity


# --------------------------------------------------------------------------
# Articles


@dataclass(frozen=True)
class GeneratedArticle:
    article_id: str
    outlet: str
    text: str


def _headline(event: Event, material: SeedMaterial, sub: Substituter, rng: random.Random) -> str:
    s = event.slots
    if material.titles and rng.random() < 0.25:
        return sub(rng.choice(material.titles))
    amount = _money(_event_figure(event, "$240 billion", rng), "billion", "USD", sub.style)
    pct = f"{_event_figure(event, '63 percent', rng):g}%"
    return rng.choice(HEADLINES).format(
        VL=s["V_last"], HL=s["H_last"], V=s["V_name"], H=s["H_name"], VDEM=s["V_dem"], HDEM=s["H_dem"],
        HCAP=s["H_capital"], C=s["C_name"], R=s["R_name"], RS=s["R_short"], AMOUNT=amount, PCT=pct,
        CITY=s["H_city"], CUR=s["H_currency"],
    )


def _body(material: SeedMaterial, sub: Substituter, rng: random.Random, headings: bool) -> list[tuple[str, bool]]:
    """(text, is_heading) blocks: a lead, then runs of consecutive seed
    sentences (so quotes and reported speech stay whole)."""
    count = max(3, min(40, int(rng.lognormvariate(math.log(16), 0.45))))
    lead = rng.choice(material.leads)
    blocks: list[tuple[str, bool]] = [(sub(lead), False)]
    used = {lead}  # seed sentences already in this article
    next_heading = rng.randint(4, 8)
    for number in range(1, count):
        if headings and number == next_heading and material.headings:
            blocks.append((sub(rng.choice(material.headings)), True))
            next_heading += rng.randint(4, 8)
        paragraph = rng.choice(material.paragraphs)
        start = rng.randrange(len(paragraph))
        length = rng.randint(1, min(4, len(paragraph) - start))
        run = [s for s in paragraph[start : start + length] if s not in used]
        if rng.random() < 0.2:  # sometimes two seed runs make one paragraph
            extra = rng.choice(rng.choice(material.paragraphs))
            if extra not in used and extra not in run:
                run.append(extra)
        if run:
            used.update(run)
            blocks.append((" ".join(sub(s) for s in run), False))
    return blocks


def _long_date(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def render_article(layout: str, outlet: str, title: str, published: date, byline: str, dateline: str,
                   blocks: list[tuple[str, bool]], rng: random.Random) -> str:
    """The file text, in the outlet's layout (all of which the project's
    ingestion reads: headline, a date line, paragraphs)."""
    paras = [text for text, _ in blocks]
    if layout == "plain":
        return f"{title}\n\n{_long_date(published)}\n\n" + "\n\n".join(paras) + "\n"
    if layout == "byline":
        head = f"{title}\n\nBy {byline}\n\nPublished: {published.isoformat()}\n\n"
        return head + "\n\n".join(paras) + "\n"
    if layout == "wire":
        weekday = WEEKDAYS[published.weekday()]
        first = f"{dateline.upper()} ({outlet}) — {paras[0]}"
        return f"{title}\n\n{weekday}, {_long_date(published)}\n\n" + "\n\n".join([first, *paras[1:]]) + "\n"
    if layout == "web":
        weekday = WEEKDAYS[published.weekday()]
        body = "\n\n".join(f"    {p}" for p in paras)
        tail = f"\n\nComments {rng.randint(0, 400)}\n" if rng.random() < 0.5 else "\n"
        return f"Menu\n\nLog In\n\n    {weekday}, {_long_date(published)}\n\n    {title} | {outlet}\n\n{body}{tail}"
    # "lines": one paragraph per line, no blank lines (like seed 000)
    return f"{title}\n{_long_date(published)}\n" + "\n".join(paras) + "\n"


def generate_articles(n: int, seed: int, material: SeedMaterial) -> list[GeneratedArticle]:
    rng = random.Random(seed)
    articles: list[GeneratedArticle] = []
    event_number = 0
    while len(articles) < n:
        event = make_event(event_number, rng)
        outlets = rng.sample(OUTLETS, min(len(OUTLETS), rng.randint(3, 8)))
        for outlet, layout in outlets:
            if len(articles) >= n:
                break
            style = Style(money=rng.choice(("symbol", "code", "words")),
                          percent=rng.choice(("%", " percent", " per cent")))
            sub = Substituter(event, style, rng)
            published = event.day + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
            blocks = _body(material, sub, rng, headings=layout in ("byline", "web"))
            title = _headline(event, material, sub, rng)
            byline = " and ".join(_person(rng)[0] for _ in range(rng.choice((1, 1, 2))))
            text = render_article(layout, outlet, title, published, byline, event.slots["H_capital"], blocks, rng)
            slug = re.sub(r"[^a-z]+", "-", outlet.lower()).strip("-")
            articles.append(GeneratedArticle(f"{len(articles):05d}_{slug}", outlet, text))
        event_number += 1
    return articles


# --------------------------------------------------------------------------
# Cache


@dataclass(frozen=True)
class Corpus:
    """A generated corpus on disk: ``folder`` holds the article files,
    ``config`` a summit-tui config naming each article's outlet."""

    root: Path
    n: int
    seed: int

    @property
    def folder(self) -> Path:
        return self.root / "articles"

    @property
    def config(self) -> Path:
        return self.root / "config.yaml"

    def info(self) -> dict:
        return json.loads((self.root / "corpus.json").read_text(encoding="utf-8"))


def corpus_key(n: int, seed: int, material: SeedMaterial) -> str:
    return f"n{n}-s{seed}-g{GENERATOR_VERSION}-{material.digest()}"


def ensure_corpus(n: int, seed: int = DEFAULT_SEED, cache: Path = CACHE_DIR,
                  material: SeedMaterial | None = None) -> Corpus:
    """The cached corpus for (n, seed, generator version, seed text), made if missing."""
    material = material or read_seed_material()
    root = cache / corpus_key(n, seed, material)
    if (root / "corpus.json").is_file():
        return Corpus(root, n, seed)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=cache))
    try:
        write_corpus(tmp, n, seed, material)
        if root.exists():  # a half-made folder from an interrupted run
            shutil.rmtree(root)
        os.rename(tmp, root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Corpus(root, n, seed)


def write_corpus(root: Path, n: int, seed: int, material: SeedMaterial) -> None:
    articles = generate_articles(n, seed, material)
    folder = root / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    config_lines = ["# Generated by bench/generate.py: the outlet of each article.", "articles:"]
    for article in articles:
        (folder / f"{article.article_id}.txt").write_text(article.text, encoding="utf-8")
        config_lines.append(f'  {article.article_id}: {{source: "{article.outlet}"}}')
    (root / "config.yaml").write_text("\n".join(config_lines) + "\n", encoding="utf-8")
    outlets: dict[str, int] = {}
    for article in articles:
        outlets[article.outlet] = outlets.get(article.outlet, 0) + 1
    info = {
        "n": n, "seed": seed, "generator_version": GENERATOR_VERSION, "seed_digest": material.digest(),
        "bytes": sum(len(a.text.encode("utf-8")) for a in articles),
        "words": sum(len(a.text.split()) for a in articles),
        "outlets": dict(sorted(outlets.items())),
        "leaders": sorted({c.leader for c in COUNTRIES}),
    }
    (root / "corpus.json").write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="write here instead of the cache (must not exist)")
    args = parser.parse_args(argv)
    if args.out is not None:
        if args.out.exists():
            parser.error(f"{args.out} exists; choose a new folder")
        write_corpus(args.out, args.n, args.seed, read_seed_material())
        print(args.out / "articles")
    else:
        print(ensure_corpus(args.n, args.seed).folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
