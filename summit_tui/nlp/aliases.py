"""The gazetteer: general world knowledge as spelling variants -> one key.

``gazetteer.yaml`` (shipped beside this module) lists countries, cities,
subdivisions, regions, groups, organizations, people and events with their
aliases; ``config.yaml`` may add entries under ``entities: gazetteer:`` with
the same sections. Every alias maps to one ``GazetteerEntry`` (type, key,
label), so "U.S.", "US", "United States" and "America" all count as
``gpe:united_states``.

Matching is over tokens, longest alias first, with dicts keyed by the first
one or two folded tokens: a lookup or two per token, however many aliases
there are.

This module is imported by ``summit_tui.nlp`` at start-up, so it imports
nothing heavy at module level: YAML is parsed on the first ``load_gazetteer``.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summit_tui.errors import ConfigError
from summit_tui.nlp.model import EVENT, GPE, LOC, NORP, ORG, PERSON

GAZETTEER_PATH = Path(__file__).with_name("gazetteer.yaml")

SECTION_TYPES: Mapping[str, str] = {
    "countries": GPE,
    "cities": GPE,
    "subdivisions": GPE,
    "regions": LOC,
    "groups": NORP,
    "organizations": ORG,
    "people": PERSON,
    "events": EVENT,
}
# Fields an entry may carry; everything but ``name`` is optional.
_LIST_FIELDS = ("aliases", "demonyms", "capital_aliases")
_TEXT_FIELDS = ("name", "capital", "country", "title", "note")
ENTRY_FIELDS = frozenset(_LIST_FIELDS + _TEXT_FIELDS)

# --------------------------------------------------------------------------
# Folding and tokens (shared with entities.py, so aliases and article text
# are cut and compared the same way)

_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE",
     "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i", "ß": "ss",
     "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
     "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-"}
)

_LETTER = r"[^\W\d_]"
TOKEN_RE = re.compile(
    rf"""
    (?<![\w.]){_LETTER}(?:\.{_LETTER})+\.?(?!\w)                   # U.S.  U.K.  e.g.
  | {_LETTER}[\w\u0300-\u036f]*(?:['\u2019\u02bc](?![sS]\b){_LETTER}[\w\u0300-\u036f]*)*  # words, G20, O'Brien
  | ['\u2019\u02bc][sS]\b                                            # a possessive 's, its own token
  | \d+(?:[.,]\d+)*                                                 # numbers
  | \S                                                              # any other single character
    """,
    re.VERBOSE,
)

_fold_cache: dict[str, str] = {}


def fold(token: str) -> str:
    """How a token is compared: case and accents folded, typographic
    apostrophes made plain, dots dropped from acronyms (U.S. == US)."""
    folded = _fold_cache.get(token)
    if folded is not None:
        return folded
    if token.isascii():
        folded = token.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", token.translate(_EXTRA_FOLDS))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    if len(folded) > 2 and "." in folded:
        folded = folded.replace(".", "")
    if len(_fold_cache) < 200_000:
        _fold_cache[token] = folded
    return folded


def tokenize(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each token; a possessive 's is its own token."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


# --------------------------------------------------------------------------
# Keys

_THE_RE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"['\u2019\u02bc]s?$")
_NON_WORD_RE = re.compile(r"[\W_]+")

# Titles stripped from the front of a person's name, for keys and aliases
# ("President Xi" -> "Xi"). Kept to words that are never a first name.
PERSON_TITLES = frozenset(
    """president presidents minister ministers premier chancellor secretary senator sen governor
    gov mayor general gen dr doctor professor prof mr mrs ms miss mx sir dame lord lady king queen
    prince princess emperor empress pope cardinal archbishop bishop rabbi imam sheikh sheik emir
    sultan ambassador envoy judge justice commissioner chairman chairwoman chairperson chair ceo
    director spokesperson spokesman spokeswoman rep representative congressman congresswoman
    senator admiral adm colonel col captain capt lieutenant lt major maj sergeant sgt commander
    marshal leader speaker chief former late deputy vice acting interim prime foreign defense
    defence finance interior trade first supreme crown state of the""".split()
)


def slug(text: str) -> str:
    """``"Xi Jinping"`` -> ``"xi_jinping"``: accents folded (Türkiye ->
    turkiye), lower case, runs of anything but letters and digits -> "_"."""
    if text.isascii():
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
        folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return _NON_WORD_RE.sub("_", folded).strip("_")


def _strip_person_title(label: str) -> str:
    words = label.split()
    i = 0
    # Stop before the last word: "President" alone stays a (strange) name.
    while i < len(words) - 1 and words[i].rstrip(".").lower() in PERSON_TITLES:
        i += 1
    return " ".join(words[i:])


def normalise_label(type_: str, label: str) -> str:
    """The display form of a name: whitespace collapsed, a leading "the" and
    a trailing possessive dropped, and titles dropped from people."""
    text = _POSSESSIVE_RE.sub("", " ".join(label.split()))
    stripped = _THE_RE.sub("", text)
    text = stripped or text
    if type_ == PERSON:
        text = _strip_person_title(text)
    return text


def entity_key(type: str, label: str) -> str:  # noqa: A002 - the public API names it so
    """``("PERSON", "Xi Jinping")`` -> ``"person:xi_jinping"``."""
    return f"{type.lower()}:{slug(normalise_label(type, label))}"


# --------------------------------------------------------------------------
# The gazetteer


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """What an alias stands for: ``gpe:united_states`` / "United States"."""

    type: str
    key: str
    label: str


# Per-token case rules for matching an alias against text.
ANY_CASE, CAPITALISED, ALL_CAPS = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Alias:
    """One spelling of an entry, as folded tokens plus how each must be cased
    in the text ("US" only in capitals, so the pronoun "us" never matches)."""

    folded: tuple[str, ...]
    case: tuple[int, ...]
    entry: GazetteerEntry
    # A function word, month or weekday ("May") that names this entry only
    # right after a title ("Prime Minister May").
    weak: bool = False


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (it is cached)
class Gazetteer:
    """Entries by key, and their aliases indexed for matching."""

    entries: Mapping[str, GazetteerEntry]
    by_slug: Mapping[str, GazetteerEntry]  # slug of any alias -> entry
    # Matching: one-token aliases by their token, longer ones by their first
    # two tokens, longest first (hundreds of "the ..." aliases cost one lookup).
    single: Mapping[str, Alias]
    by_first_two: Mapping[tuple[str, str], tuple[Alias, ...]]
    first_tokens: frozenset[str]  # a token not in here starts no alias

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry one of whose aliases is ``text`` (ignoring case)."""
        return self.by_slug.get(slug(text))


def _case_rule(token: str) -> int:
    letters = token if token.isalpha() else "".join(c for c in token if c.isalpha())
    if not letters:
        return ANY_CASE
    if len(letters) >= 2 and letters.isupper():
        # Short acronyms must be capitals ("US" vs "us", "WHO" vs "who");
        # longer ones may be written "Nato", "Opec".
        return ALL_CAPS if len(letters) <= 3 else CAPITALISED
    return CAPITALISED if letters[0].isupper() else ANY_CASE


def _word_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(one-word aliases that need a title before them, ordinary words):
    the extractor's lists, so both modules judge words alike."""
    from summit_tui.nlp.entities import COMMON_WORDS, WEAK_ALIAS_WORDS

    return WEAK_ALIAS_WORDS, COMMON_WORDS


@dataclass
class _Builder:
    entries: dict[str, GazetteerEntry]
    aliases: dict[tuple[str, ...], Alias]
    slugs: dict[str, GazetteerEntry]
    weak_words: frozenset[str]
    common_words: frozenset[str]

    def add_entry(self, type_: str, name: str) -> GazetteerEntry:
        label = " ".join(name.split())
        key = entity_key(type_, label)
        entry = self.entries.get(key)
        if entry is None:
            entry = GazetteerEntry(type_, key, label)
            self.entries[key] = entry
        return entry

    def add_alias(self, entry: GazetteerEntry, text: str, *, override: bool) -> None:
        text = " ".join(text.split())
        if entry.type == PERSON:
            text = _strip_person_title(text)
        spans = tokenize(text)
        if not spans:
            return
        tokens = [text[a:b] for a, b in spans]
        folded = tuple(fold(t) for t in tokens)
        if folded in self.aliases and not override:
            return  # first writer wins among shipped entries (sections are in priority order)
        if override and folded[0] != "the":
            # a config spelling also takes over the shipped "the ..." form of it
            with_the = ("the", *folded)
            if with_the in self.aliases and self.aliases[with_the].entry is not entry:
                del self.aliases[with_the]
        case = tuple(_case_rule(t) for t in tokens)
        if case[0] == ANY_CASE and folded[0] != "the" and folded[0] in self.common_words and len(folded) > 1:
            # "war in Ukraine", "mainland China": a description, not a name;
            # the name inside it is still found on its own.
            return
        weak = len(folded) == 1 and case[0] != ALL_CAPS and folded[0] in self.weak_words
        self.aliases[folded] = Alias(folded, case, entry, weak)
        s = slug(text)
        if s and (override or s not in self.slugs):
            self.slugs[s] = entry

    def add_section(self, section: str, items: Sequence[Any], *, override: bool) -> None:
        type_ = SECTION_TYPES[section]
        for item in items:
            if isinstance(item, str):
                item = {"name": item}
            if not isinstance(item, Mapping):
                continue
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                continue
            entry = self.add_entry(type_, name)
            self.add_alias(entry, name, override=override)
            for alias in _strings(item.get("aliases")):
                self.add_alias(entry, alias, override=override)
            demonyms = _strings(item.get("demonyms"))
            if demonyms:
                norp = self.add_entry(NORP, demonyms[0])
                for demonym in demonyms:
                    self.add_alias(norp, demonym, override=override)
            capital = item.get("capital")
            if isinstance(capital, str) and capital.strip():
                city = self.add_entry(GPE, capital)
                self.add_alias(city, capital, override=override)
                for alias in _strings(item.get("capital_aliases")):
                    self.add_alias(city, alias, override=override)

    def build(self) -> Gazetteer:
        single: dict[str, Alias] = {}
        pairs: dict[tuple[str, str], list[Alias]] = {}
        for alias in self.aliases.values():
            if len(alias.folded) == 1:
                single[alias.folded[0]] = alias
            else:
                pairs.setdefault((alias.folded[0], alias.folded[1]), []).append(alias)
        by_two = {pair: tuple(sorted(group, key=lambda a: -len(a.folded))) for pair, group in pairs.items()}
        first = frozenset(single) | frozenset(pair[0] for pair in by_two)
        return Gazetteer(dict(self.entries), dict(self.slugs), single, by_two, first)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


# Sections in the order their aliases claim a spelling: a person's alias
# beats a city of the same name only if it came first, so people go last
# but one-word spellings of places ("Georgia", "Jordan") stay places.
_SECTION_ORDER = ("countries", "subdivisions", "cities", "regions", "groups", "organizations",
                  "events", "people")


def build_gazetteer(data: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> Gazetteer:
    """A gazetteer from parsed data (the shipped file's layout), with
    ``extra`` (already validated) winning any spelling both claim."""
    builder = _Builder({}, {}, {}, *_word_lists())
    for section in _SECTION_ORDER:
        items = data.get(section)
        if isinstance(items, list):
            builder.add_section(section, items, override=False)
    if extra:
        for section in _SECTION_ORDER:
            items = extra.get(section)
            if items:
                builder.add_section(section, items, override=True)
    return builder.build()


# --------------------------------------------------------------------------
# Loading


def _yaml_loader() -> type:
    """libyaml's base loader: our own trusted file, every scalar kept as text
    (an alias "NO" for Norway must not become False), and about twice as fast
    as the safe loader because nothing is resolved."""
    import yaml

    return getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@lru_cache(maxsize=1)
def shipped_data() -> Mapping[str, Any]:
    """The parsed shipped gazetteer (our own trusted file), or an empty one
    when it is missing from a broken install: extraction then runs on the
    heuristics alone rather than failing an index run."""
    import yaml

    try:
        text = GAZETTEER_PATH.read_text(encoding="utf-8")
    except OSError:
        return {}
    data = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - base loader: text, lists, mappings only
    return data if isinstance(data, Mapping) else {}


def validate_extra(extra: Any, where: str = "entities.gazetteer") -> dict[str, list[Any]]:
    """Check config additions; ``ConfigError`` naming the bad place."""
    if not isinstance(extra, Mapping):
        raise ConfigError(
            f"{where} must be a mapping of sections ({', '.join(SECTION_TYPES)}) to lists of entries"
        )
    out: dict[str, list[Any]] = {}
    for section, items in extra.items():
        if section not in SECTION_TYPES:
            raise ConfigError(
                f"{where}: unknown section {section!r}; use one of {', '.join(SECTION_TYPES)}"
            )
        if items is None:
            continue
        if not isinstance(items, list):
            raise ConfigError(f"{where}.{section} must be a list of entries like {{name: ..., aliases: [...]}}")
        checked = []
        for i, item in enumerate(items):
            place = f"{where}.{section}[{i}]"
            if isinstance(item, str):
                if not item.strip():
                    raise ConfigError(f"{place} is empty; give a name")
                checked.append({"name": item})
                continue
            if not isinstance(item, Mapping):
                raise ConfigError(f"{place} must be a name or a mapping like {{name: ..., aliases: [...]}}")
            unknown = sorted(set(item) - ENTRY_FIELDS)
            if unknown:
                raise ConfigError(
                    f"{place}: unknown field {unknown[0]!r}; use {', '.join(sorted(ENTRY_FIELDS))}"
                )
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                raise ConfigError(f"{place} has no name; write it as {{name: ..., aliases: [...]}}")
            for field_name in _TEXT_FIELDS:
                value = item.get(field_name)
                if value is not None and not isinstance(value, str):
                    raise ConfigError(f"{place}.{field_name} must be text")
            for field_name in _LIST_FIELDS:
                value = item.get(field_name)
                if value is None or isinstance(value, str):
                    continue
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ConfigError(f"{place}.{field_name} must be a list of names")
            checked.append(dict(item))
        out[str(section)] = checked
    return out


_cache_lock = threading.Lock()
_cache: dict[str, Gazetteer] = {}
_CACHE_SIZE = 8


def load_gazetteer(extra: Mapping[str, Any] | None = None) -> Gazetteer:
    """The shipped gazetteer plus config additions (``entities: gazetteer:``
    in config.yaml, same sections as the file). Cached per ``extra``."""
    checked = validate_extra(extra) if extra is not None else None
    cache_key = json.dumps(checked, sort_keys=True, ensure_ascii=False) if checked else ""
    with _cache_lock:
        cached = _cache.get(cache_key)
    if cached is not None:
        return cached
    gazetteer = build_gazetteer(shipped_data(), checked)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[cache_key] = gazetteer
    return gazetteer
