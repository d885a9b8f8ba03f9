"""What a sentence says, as weighted terms, and how alike two sentences are.

Public (``compare.py`` uses it too; keep the signatures stable):

* ``sentence_features(article, mentions)`` -> one ``SentenceFeatures`` per
  sentence of the article; ``text_features(text, mentions=())`` for any
  other text (a query).
* ``TermStats.from_features(features)`` -> document frequencies over a set
  of sentences; ``stats.weight(term)`` is a term's IDF times its kind's
  weight.
* ``similarity(a, b, stats)`` -> 0..1, symmetric: how much of their weight
  two sentences share. ``coverage(query, sentence, stats)`` -> 0..1, how
  much of a query's weight a sentence covers.
* ``SentenceIndex(features, stats)`` -> an in-memory inverted index;
  ``index.candidates(feature, limit=...)`` -> the sentences of OTHER
  articles most worth scoring against it (never all pairs).

A sentence's terms, each a string with a kind prefix:

* ``w:<stem>``: a stemmed content word outside any name ("thanks" ->
  ``w:thank``); words of one meaning in news writing share a concept term
  (thank / gratitude / appreciate -> ``w:~thank``), so a paraphrase that
  shares few words still meets its original when its entities and event
  words agree. "no limits" / "unrestricted" -> ``w:~unlimited``.
* ``n:<number>``: a bare number or ordinal outside a figure or date
  ("75th" -> ``n:75``); "the 75th anniversary" is also the figure
  ``q:quantity:75_year``, so it meets "75 years".
* ``e:<entity key>``: a named entity; a demonym, capital or city also
  stands for its country (``norp:chinese`` -> ``gpe:china`` too), since
  "Chinese leader" and "China's proposals" name the same party. The words
  of a person's or place's name are not words too; an event's or
  organisation's are ("China-Russia Expo" is an expo).
* ``q:<quantity key>``: a normalised MONEY, PERCENT or QUANTITY (strong).
* ``d:<date key>``: a normalised DATE (weaker: news repeats its dates).
* ``p:<stems>``: a short phrase in quotation marks (“no-limits” ->
  ``p:no limit``): outlets that quote the same words report the same thing.

Imports stay light: stemming (which loads Whoosh's stemmer) and the
gazetteer load on first use.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from summit_tui.nlp.model import DATE, GPE, LOC, MONEY, NAME_TYPES, NORP, PERCENT, PERSON, QUANTITY, Mention

if TYPE_CHECKING:
    from summit_tui.corpus.model import Article

FEATURES_VERSION = 1  # bump when terms or weights change: cached facts depend on them

WORD, NUMBER, ENTITY, FIGURE, WHEN, QUOTE = "w:", "n:", "e:", "q:", "d:", "p:"
EVIDENCE_TERMS = 4.0  # see ``similarity``

# How much one term of each kind counts, before IDF. A shared figure is the
# strongest sign two sentences report the same thing; a shared date is weak
# (an article repeats "Thursday" in many sentences).
KIND_WEIGHTS: Mapping[str, float] = {WORD: 1.0, NUMBER: 1.2, ENTITY: 1.0, FIGURE: 2.5, WHEN: 0.6, QUOTE: 2.5}

# Function words and reporting verbs: they say nothing about which fact a
# sentence reports. (IDF would weigh them down anyway; leaving them out keeps
# the posting lists short.)
STOPWORDS = frozenset(
    """
    a about above after again against all also although am among an and another any are around as at
    be became because been before being below between both but by can could did do does doing done
    during each either else ever every few for from further had has have having he her here hers
    herself him himself his how however i if in into is it its itself just least less let like many
    may me might more most much must my myself neither no nor not now of off on once one only or other
    others otherwise our ours ourselves out over own per rather same she should since so some such
    than that the their theirs them themselves then there these they this those though through thus
    to too toward towards under until up upon us very via was we were what whatever when where whether
    which while who whom whose why will with within without would yet you your yours yourself
    said say says saying told tell according added adding noted stated
    mr mrs ms dr
    s t
    """.split()
)

# Words of one meaning in news writing -> one concept term. General news
# vocabulary only, written as plain words (stemmed when first used): the
# events, verbs and nouns reporters paraphrase each other with.
CONCEPTS: Mapping[str, tuple[str, ...]] = {
    "thank": ("thank", "thanks", "thanked", "gratitude", "grateful", "appreciate", "appreciated",
              "appreciation"),
    "war": ("war", "conflict", "fighting", "hostilities", "warfare"),
    "end": ("end", "ending", "resolve", "resolving", "resolution", "settle", "settlement", "address",
            "addressing", "halt", "stop", "finish"),
    "proposal": ("proposal", "proposals", "plan", "plans", "initiative", "initiatives", "effort",
                 "efforts", "attempt", "attempts", "bid", "proposition", "blueprint"),
    "peace": ("peace", "peaceful", "truce", "ceasefire"),
    "unlimited": ("unlimited", "unrestricted", "limitless", "boundless"),
    "reach": ("reach", "reached", "total", "totaled", "totalled", "totaling", "totalling", "hit",
              "amount", "amounted"),
    "rise": ("rise", "rose", "increase", "increased", "grow", "grew", "growth", "jump", "jumped",
             "surge", "surged", "climb", "climbed", "soar", "soared"),
    "fall": ("fall", "fell", "decrease", "decline", "declined", "drop", "dropped", "slump", "plunge"),
    "expo": ("expo", "fair", "exhibition", "exposition", "trade show"),
    "anniversary": ("anniversary", "jubilee"),
    "celebrate": ("celebrate", "celebrated", "celebration", "celebratory", "mark", "marked",
                  "commemorate", "commemorated", "commemoration"),
    # A relationship between two parties, however an outlet words it.
    "ties": ("ties", "relations", "relationship", "relationships", "partner", "partnership",
             "partners", "ally", "allies", "alliance", "friendship"),
    "visit": ("visit", "visited", "trip", "tour", "journey"),
    "meet": ("meet", "meeting", "met", "talks", "summit"),
    "criticise": ("criticize", "criticise", "criticized", "criticised", "criticism", "condemn",
                  "condemned", "denounce", "denounced", "slam", "slammed", "blast", "blasted"),
    "support": ("support", "supported", "backed", "backing", "endorse", "endorsed"),
    "reject": ("reject", "rejected", "dismiss", "dismissed", "rebuff", "rebuffed", "refuse",
               "refused", "spurn", "spurned"),
    "invasion": ("invasion", "invade", "invaded", "offensive", "onslaught", "incursion", "assault"),
    "weapon": ("weapon", "weapons", "arms", "armament", "armaments", "munitions"),
    "top": ("top", "biggest", "largest", "leading", "main", "primary"),
    "supplier": ("supplier", "exporter", "provider"),
    "customer": ("customer", "buyer", "importer", "client"),
    "currency": ("currency", "currencies", "yuan", "renminbi", "rouble", "roubles", "ruble", "rubles"),
    "tariff": ("tariff", "tariffs", "duty", "duties", "levy", "levies"),
    "begin": ("begin", "began", "start", "started", "launch", "launched", "open", "opening", "opened"),
    "sanction": ("sanction", "sanctions", "sanctioned", "embargo", "penalties"),
    "leader": ("leader", "president", "head", "premier"),
    "country": ("country", "countries", "nation", "nations"),
    "help": ("help", "helped", "aid", "assist", "assistance"),
    "agree": ("agree", "agreed", "agreement", "deal", "pact", "accord", "treaty"),
    "warn": ("warn", "warned", "warning", "threat", "threaten", "threatened"),
    "term": ("term", "reelection", "re-election", "inauguration", "inaugurated"),
    "drill": ("drill", "drills", "exercise", "exercises", "manoeuvres", "maneuvers", "wargames"),
    "statement": ("statement", "declaration", "communique"),
}

_ORDINAL_RE = re.compile(r"^(\d+(?:\.\d+)?)(?:st|nd|rd|th|s)?$")
_NEGATORS = frozenset({"no", "without"})
# A short phrase in double or single typographic quotes (or ASCII double
# quotes); single ASCII quotes are left alone (apostrophes).
_QUOTED_RE = re.compile(r"[\u201c\"]([^\u201c\u201d\"]{1,60})[\u201d\"]|(?<!\w)\u2018([^\u2018\u2019]{1,60})\u2019(?!\w)")
_QUOTE_WORDS = 5
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_LIMIT_STEM = "limit"

NAME_TYPE_SET = frozenset(NAME_TYPES)
# Names whose words are their own: "Vladimir Putin" says nothing more than
# its key. An event's or organisation's name also describes it ("China-Russia
# Expo" is an expo, "trade fair" another outlet's word for it), so its words
# count as words too.
OPAQUE_NAME_TYPES = frozenset({PERSON, GPE, LOC, NORP})
_ANNIVERSARY_STEM = "anniversari"
FIGURE_TYPES = frozenset({MONEY, PERCENT, QUANTITY})


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """The terms of one sentence (``article`` ``sentence``; ``sentence`` is
    -1 for a text that is not an article's sentence, e.g. a query)."""

    article: str
    sentence: int
    terms: frozenset[str]

    def of_kind(self, prefix: str) -> frozenset[str]:
        """Terms of one kind (``FIGURE``, ``ENTITY`` ...), prefix kept."""
        return frozenset(t for t in self.terms if t.startswith(prefix))


@dataclass(frozen=True)
class TermStats:
    """Document frequencies of terms over ``size`` sentences."""

    size: int
    df: Mapping[str, int]

    @classmethod
    def from_features(cls, features: Iterable[SentenceFeatures]) -> TermStats:
        counts: Counter[str] = Counter()
        size = 0
        for feature in features:
            counts.update(feature.terms)
            size += 1
        return cls(size, dict(counts))

    def idf(self, term: str) -> float:
        """BM25's IDF, floored so a term in most sentences still counts a little."""
        df = self.df.get(term, 0)
        return max(0.05, math.log(1.0 + (self.size - df + 0.5) / (df + 0.5)))

    @property
    def evidence_scale(self) -> float:
        """Shared weight that counts as full evidence: four terms seen once.
        (In IDF units, so it scales with the corpus as the weights do.)"""
        return EVIDENCE_TERMS * math.log(1.0 + (max(self.size, 1) - 0.5) / 1.5)

    def weight(self, term: str) -> float:
        return self.idf(term) * KIND_WEIGHTS.get(term[:2], 1.0)

    def weights(self) -> dict[str, float]:
        """Every known term's weight (for callers scoring many pairs)."""
        return {term: self.weight(term) for term in self.df}


# -- per-sentence features -----------------------------------------------------


def sentence_features(article: Article, mentions: Sequence[Mention]) -> tuple[SentenceFeatures, ...]:
    """One ``SentenceFeatures`` per sentence of ``article``, in order.
    ``mentions``: that article's stored mentions (``SearchIndex.mentions``)."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        if mention.sentence >= 0:
            by_sentence.setdefault(mention.sentence, []).append(mention)
    out = []
    for sentence in article.sentences:
        own = by_sentence.get(sentence.index, ())
        terms = _terms(article.text, sentence.start, sentence.end, own)
        out.append(SentenceFeatures(article.id, sentence.index, terms))
    return tuple(out)


def text_features(text: str, mentions: Sequence[Mention] = (), *, article: str = "",
                  sentence: int = -1) -> SentenceFeatures:
    """Features of any text (a query, a sentence not in the index).
    ``mentions`` carry offsets into ``text`` when given."""
    return SentenceFeatures(article, sentence, _terms(text, 0, len(text), mentions))


def _terms(text: str, start: int, end: int, mentions: Sequence[Mention]) -> frozenset[str]:
    from summit_tui.search.analysis import text_tokens  # loads Whoosh's stemmer: only when needed

    terms: set[str] = set()
    names: list[tuple[int, int]] = []
    figures: list[tuple[int, int]] = []  # figures and dates
    for mention in mentions:
        span = (mention.start - start, mention.end - start)
        if mention.type in NAME_TYPE_SET:
            terms.add(ENTITY + mention.key)
            country = country_of(mention.key)
            if country:
                terms.add(ENTITY + country)
            if mention.type in OPAQUE_NAME_TYPES:
                names.append(span)
        elif mention.type in FIGURE_TYPES:
            terms.add(FIGURE + mention.key)
            figures.append(span)
        elif mention.type == DATE:
            terms.add(WHEN + mention.key)
            figures.append(span)
    body = text[start:end]
    for phrase in _QUOTED_RE.finditer(body):
        quoted = text_tokens(phrase.group(1) or phrase.group(2))
        if 1 <= len(quoted.stems) <= _QUOTE_WORDS:
            terms.add(QUOTE + " ".join(stem.decode("utf-8") for stem in quoted.stems))
    names.sort()
    figures.sort()
    tokens = text_tokens(body)
    concepts = concept_table()
    previous = ""
    ordinal, reach = "", 0  # a recent ordinal ("75th"), and for how many more words
    for word, stem, tok_start, tok_end in zip(tokens.words, tokens.stems, tokens.starts, tokens.ends):
        plain = word.decode("utf-8")
        reach -= 1
        if _inside(tok_start, tok_end, names):
            previous = ""
            continue
        if _inside(tok_start, tok_end, figures):
            previous = ""
            continue  # "$240 billion", "last year": their keys say it
        if plain[:1].isdigit():
            number = _ORDINAL_RE.match(plain)
            if number:
                terms.add(NUMBER + number.group(1))
            if number and plain[-2:] in _ORDINAL_SUFFIXES:
                ordinal, reach = number.group(1), 3
            previous = ""
            continue
        stemmed = stem.decode("utf-8")
        if stemmed == _ANNIVERSARY_STEM and reach > 0:
            # "the 75th anniversary", "its 75th diplomatic anniversary": 75 years
            terms.add(f"{FIGURE}quantity:{ordinal}_year")
        if stemmed == _LIMIT_STEM and previous in _NEGATORS:
            terms.add(WORD + "~unlimited")  # "no limits", "no-limits", "without limits"
        elif plain not in STOPWORDS and len(plain) > 1:
            concept = concepts.get("=" + plain) or concepts.get(stemmed)
            terms.add(WORD + (concept or stemmed))
        previous = plain
    return frozenset(terms)


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a token overlaps one of ``spans`` (sorted, not overlapping
    each other); a token may run past a name: "Putin’s"."""
    if not spans:
        return False
    i = bisect_left(spans, (end, -1)) - 1  # the last span starting before the token ends
    return i >= 0 and spans[i][1] > start


# Stems shared with words of another meaning ("critical" / "criticize",
# "stated" / "state"): their concepts match the listed forms only.
_AMBIGUOUS_STEMS = frozenset({"critic", "state", "term", "mark", "back", "open", "deal", "address", "top",
                              "main", "head", "hit", "total", "end", "plan", "mark", "drill", "exercis"})


@lru_cache(maxsize=1)
def concept_table() -> dict[str, str]:
    """Folded word or stem -> concept term ("gratitude", "gratitud" -> "~thank")."""
    from summit_tui.search.analysis import stem_english

    table: dict[str, str] = {}
    for concept, words in CONCEPTS.items():
        for word in words:
            if " " in word or "-" in word:
                continue  # multi-word forms are matched by their parts' own stems
            table.setdefault(word.lower(), "~" + concept)
    stems: dict[str, str] = {}
    for concept, words in CONCEPTS.items():
        for word in words:
            stem = stem_english(word.lower())
            if stem not in _AMBIGUOUS_STEMS and stem not in table:
                stems.setdefault(stem, "~" + concept)
    return {**stems, **{f"={w}": c for w, c in table.items()}}


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Demonym, capital, city and region keys -> their country's key, from the gazetteer."""
    from summit_tui.nlp.aliases import entity_key, shipped_data

    out: dict[str, str] = {}
    for item in shipped_data().get("countries") or ():
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            continue
        country = entity_key(GPE, item["name"])
        demonyms = item.get("demonyms")
        if isinstance(demonyms, list) and demonyms and isinstance(demonyms[0], str):
            out[entity_key(NORP, demonyms[0])] = country
        capital = item.get("capital")
        if isinstance(capital, str) and capital.strip():
            out.setdefault(entity_key(GPE, capital), country)
    for section in ("cities", "subdivisions"):
        for item in shipped_data().get(section) or ():
            if isinstance(item, Mapping) and isinstance(item.get("name"), str) and isinstance(item.get("country"), str):
                out.setdefault(entity_key(GPE, item["name"]), entity_key(GPE, item["country"]))
    out.pop("", None)
    return out


def country_of(key: str) -> str | None:
    """The country a demonym, capital, city or region key stands for or lies
    in (``norp:chinese`` -> ``gpe:china``; ``gpe:moscow`` -> ``gpe:russia``;
    ``gpe:harbin`` -> ``gpe:china``), else None."""
    country = _countries().get(key)
    return country if country != key else None


# -- pair scores ---------------------------------------------------------------


def similarity(a: SentenceFeatures, b: SentenceFeatures, stats: TermStats,
               weights: Mapping[str, float] | None = None) -> float:
    """How alike two sentences are, 0..1 (symmetric). ``weights``:
    ``stats.weights()``, precomputed, when scoring many pairs.

    The geometric mean of two things a pair needs: a large share of their
    weight in common (shared over the geometric mean of their own weights),
    and enough shared evidence in absolute terms (about four rare terms'
    worth), so two short sentences that share one common word stay apart."""
    shared = a.terms & b.terms
    if not shared:
        return 0.0
    return pair_score(_total(shared, stats, weights), _total(a.terms, stats, weights),
                      _total(b.terms, stats, weights), stats.evidence_scale)


def pair_score(shared: float, total_a: float, total_b: float, evidence_scale: float) -> float:
    """``similarity`` from its sums: the shared weight and each side's own."""
    if shared <= 0 or total_a <= 0 or total_b <= 0:
        return 0.0
    proportion = min(1.0, shared / math.sqrt(total_a * total_b))
    evidence = min(1.0, shared / evidence_scale)
    # Rounded: sums over sets run in hash order, and the last bits must not
    # decide ties (fact ids are stable from one run to the next).
    return round(math.sqrt(proportion * evidence), 9)


def coverage(query: SentenceFeatures, sentence: SentenceFeatures, stats: TermStats,
             weights: Mapping[str, float] | None = None) -> float:
    """How much of the query's weight ``sentence`` covers, 0..1 (asymmetric:
    a long sentence that says everything the query asks scores 1)."""
    total = _total(query.terms, stats, weights)
    if total <= 0:
        return 0.0
    return min(1.0, _total(query.terms & sentence.terms, stats, weights) / total)


def _total(terms: Iterable[str], stats: TermStats, weights: Mapping[str, float] | None) -> float:
    if weights is None:
        return sum(stats.weight(t) for t in terms)
    get = weights.get
    return sum(get(t) or stats.weight(t) for t in terms)


# -- candidates ----------------------------------------------------------------


class SentenceIndex:
    """Sentences by term, for finding a sentence's likely matches in other
    articles without comparing all pairs.

    A query walks the posting lists of the sentence's ``query_terms`` most
    salient terms (highest weight first) and visits at most ``budget``
    postings in all: a list that would overrun what is left is skipped (it
    belongs to a common term, which says little about which fact a sentence
    reports). Terms in more than ``max_postings`` sentences are not indexed
    at all. So a query costs at most ``budget`` steps however large the
    corpus, and alignment grows about linearly with it.
    """

    def __init__(self, features: Sequence[SentenceFeatures], stats: TermStats, *,
                 query_terms: int = 8, max_postings: int = 1000, budget: int = 1200) -> None:
        self.features = tuple(features)
        self.stats = stats
        self.weights = stats.weights()
        self.query_terms = query_terms
        self.max_postings = max_postings
        self.budget = budget
        self._articles = [f.article for f in self.features]
        postings: dict[str, list[int]] = {}
        df = stats.df
        for position, feature in enumerate(self.features):
            for term in feature.terms:
                if df.get(term, 0) <= max_postings:
                    postings.setdefault(term, []).append(position)
        self.postings = postings

    def salient_terms(self, feature: SentenceFeatures) -> list[str]:
        """The feature's indexed terms, most salient first, at most ``query_terms``."""
        weights = self.weights
        usable = [t for t in feature.terms if t in self.postings]
        usable.sort(key=lambda t: (-weights.get(t, 0.0), t))
        return usable[: self.query_terms]

    def candidates(self, feature: SentenceFeatures, *, limit: int = 24,
                   exclude_article: str | None = None) -> list[int]:
        """Positions (into ``features``) of the sentences of other articles
        that share the most salient weight with ``feature``, best first."""
        exclude = feature.article if exclude_article is None else exclude_article
        weights = self.weights
        scores: dict[int, float] = {}
        get = scores.get
        left = self.budget
        for term in self.salient_terms(feature):
            positions = self.postings[term]
            if len(positions) > left:
                continue
            left -= len(positions)
            weight = weights[term]
            for position in positions:
                scores[position] = get(position, 0.0) + weight
        articles = self._articles
        ranked = heapq.nsmallest(limit, (
            (-score, position) for position, score in scores.items() if articles[position] != exclude))
        return [position for _, position in ranked]


# -- queries -------------------------------------------------------------------


def query_features(text: str, *, gazetteer: object | None = None) -> SentenceFeatures:
    """Features of a query or any loose text, with its names and figures
    found by the project's extractor ("Harbin expo" -> ``e:gpe:harbin``,
    ``w:~expo``), so it meets sentences whose names are entity terms.
    ``gazetteer``: a loaded ``Gazetteer`` (config additions), or the shipped one."""
    from summit_tui.corpus.model import Article, Paragraph, Sentence
    from summit_tui.nlp import extract_mentions

    text = " ".join(text.split())
    if not text:
        return SentenceFeatures("", -1, frozenset())
    probe = Article(id="", path="", source="", title="", published=None, text=text,
                    paragraphs=(Paragraph(0, len(text)),), sentences=(Sentence(0, 0, len(text), 0),),
                    fingerprint="")
    if gazetteer is None:
        from summit_tui.nlp import load_gazetteer

        gazetteer = load_gazetteer()
    mentions = list(extract_mentions(probe, gazetteer))  # type: ignore[arg-type]
    mentions += _lowercase_names(text, mentions, gazetteer)
    return text_features(text, mentions)


_QUERY_WORD_RE = re.compile(r"[^\W_][\w'\u2019.-]*")


def _lowercase_names(text: str, found: Sequence[Mention], gazetteer: object) -> list[Mention]:
    """Names a query writes in lower case ("putin thanks xi"), which the
    extractor (rightly, for article text) does not take for names: one or
    two words that are exactly a gazetteer alias."""
    lookup = getattr(gazetteer, "lookup", None)
    if lookup is None:
        return []
    taken = [(m.start, m.end) for m in found]
    words = [m for m in _QUERY_WORD_RE.finditer(text) if m.group().lower() not in STOPWORDS]
    out: list[Mention] = []
    i = 0
    while i < len(words):
        for size in (2, 1):
            group = words[i : i + size]
            if len(group) < size:
                continue
            start, end = group[0].start(), group[-1].end()
            if any(s < end and start < e for s, e in taken):
                continue
            entry = lookup(text[start:end])
            if entry is not None and entry.type in NAME_TYPE_SET:
                out.append(Mention("", start, end, entry.type, entry.key, entry.label, text[start:end], 0))
                taken.append((start, end))
                i += size - 1
                break
        i += 1
    return out
