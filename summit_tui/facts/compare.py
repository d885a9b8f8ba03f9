"""Where sources agree and where they differ, and what every source says
about any one question.

* ``analyse(statements, mentions)`` reads the figures, dates and person
  descriptions of one fact's statements and says which values every
  reporting source gives alike (``Agreement``) and where they differ
  (``Discrepancy``: a value, a baseline, a hedge, a date, a description).
* ``person_descriptions(articles, mentions)``: for every person two or more
  articles describe ("X, a researcher on ..." / "X, a professor at ...";
  "French leader X" / "French President X"), the describing sentence and
  words of each article.
* ``compare(index, articles, query=... | sentence=...)``: the best-matching
  sentence(s) of every article, scored 0..1, or None where nothing is close
  enough ("not reported"), analysed the same way.

Deciding that two figures measure the same thing is done conservatively: a
false "the sources disagree" misleads a reader more than a missed one.

* Figures are compared only within one kind: the same type, the same unit
  (currency, "tonne", "%"), and the same direction (a change, "up 63
  percent", is another measure than a level, "63 percent").
* Equal normalised values agree ("USD 240 billion" == "$240 billion").
* Two different values are the same measure when each of their articles
  gives no other figure of that kind, or when words right beside them are
  the same ("trade reached ..."), and the values are within a factor of two
  of each other (dates: at the same precision).
* A date that is another figure's reference period ("up 63 percent from
  2021") is a baseline, compared as such and never as the date of an event.
  Different baselines are shown as such, not as a contradiction.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from summit_tui.corpus.model import Article
from summit_tui.errors import NotFoundError, QueryError, SentenceNotFoundError
from summit_tui.facts.model import (
    BASELINE,
    DESCRIPTION,
    HEDGE,
    VALUE,
    Agreement,
    Comparison,
    Discrepancy,
    FactQuantity,
    Span,
    Statement,
)
from summit_tui.facts.model import DATE as DATE_DISCREPANCY
from summit_tui.nlp.model import (
    DATE,
    GPE,
    LOC,
    MONEY,
    NAME_TYPES,
    NORP,
    ORG,
    PERCENT,
    PERSON,
    QUANTITY,
    QUANTITY_TYPES,
    Mention,
    Quantity,
)

if TYPE_CHECKING:
    from summit_tui.facts.features import SentenceFeatures, TermStats
    from summit_tui.search import SearchIndex
    from summit_tui.search.model import SentenceHit

ANALYSIS_VERSION = 1  # bump when results change: cached facts carry them

# compare(): a sentence of another article is "the same thing" at this
# similarity (features.similarity; alignment links facts at about 0.42, a
# one-way question may ask for a little less).
SENTENCE_MIN_SIMILARITY = 0.35
# compare(query): share of the query's weight a sentence must cover (about half: "75
# years of relations" covers a little less of "75th anniversary").
QUERY_MIN_COVERAGE = 0.45
# A second sentence of an article is shown only when nearly as good as its best.
SECOND_STATEMENT = 0.85
# Sentences of one article scored against the question, at most (best BM25 first).
CANDIDATES_PER_ARTICLE = 4
# Sentences fetched from the index for one comparison, at most.
CANDIDATE_LIMIT = 600
# Terms of the question the candidate search asks for (the most telling).
QUERY_TERMS = 10
# Term statistics (IDF) come from every article of a corpus this small, and
# from an even sample this size of a larger one, unless the caller has them.
SAMPLE_ARTICLES = 40
# A dispute with more distinct values than this is not one measure but
# several figures that happen to share a kind: not reported.
MAX_DISPUTED_VALUES = 3
# Two different amounts can be one measure reported differently only when
# the larger is at most this many times the smaller.
CLOSE_RATIO = 2.0
# Content words each side of a figure that say what it measures.
CONTEXT_WORDS = 3

_NAME_TYPES = frozenset(NAME_TYPES)
_FIGURE_TYPES = frozenset(QUANTITY_TYPES)
_DIRECTIONS = ("up", "down")
# Qualifiers that are not hedges: direction, the form of a value, the part
# of a period a date names.
_NOT_HEDGES = frozenset({"up", "down", "range", "early", "mid", "late", "fiscal"})
_NO_VALUE = "—"  # what a source that gives no hedge or baseline shows
_MEASURE_OF_DIRECTION = {"up": "growth", "down": "decline"}
_MEASURE_OF_TYPE = {MONEY: "amount", PERCENT: "percentage", QUANTITY: "figure", DATE: "date"}
_KIND_RANK = {VALUE: 0, DATE_DISCREPANCY: 1, DESCRIPTION: 2, BASELINE: 3, HEDGE: 4}

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s")
_BASELINE_CUE = re.compile(
    r"(?i)\b(?:since|from|compared\s+(?:with|to)|versus|vs\.?|over|than(?:\s+in)?|relative\s+to|against"
    r"|between)\s+(?:the\s+)?(?:(?:same\s+\w+|end|start|beginning|levels?|first\s+half|second\s+half)"
    r"\s+(?:of|in)\s+)?$")
_CHANGE_PERIOD = re.compile(
    r"(?i)\b(?:year[\s-](?:on|over)[\s-]year|y/y|yoy|on\s+the\s+year|month[\s-]on[\s-]month|m/m"
    r"|quarter[\s-]on[\s-]quarter|q/q|(?:from|than|on|over|compared\s+(?:with|to))\s+(?:a\s+year\s+"
    r"(?:earlier|ago|before)|the\s+same\s+period\s+(?:last|a)\s+year|the\s+previous\s+year'?s?))")

_COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")


@dataclass(frozen=True)
class Analysis:
    """What the statements of one fact share and where they differ."""

    entities: tuple[str, ...]  # name keys shared by >= 2 of the statements' articles, most shared first
    quantities: tuple[FactQuantity, ...]
    discrepancies: tuple[Discrepancy, ...]
    agreements: tuple[Agreement, ...]


# =============================================================================
# analyse
# =============================================================================


@dataclass(frozen=True, slots=True)
class _Figure:
    """One figure or date of a statement, with what stands beside it."""

    article: str
    mention: Mention
    quantity: Quantity
    statement: Statement
    heads: tuple[tuple[str, str], ...]  # (folded stem, word as written) beside the figure, nearest first
    baseline: bool  # a date that is another figure's reference period
    neighbours: tuple[Mention, ...]  # every mention of its statement (to find its baseline's words)

    @property
    def key(self) -> str:
        return self.mention.key

    @property
    def family(self) -> tuple[str, str, str]:
        """What must match before two values can be one measure."""
        if self.mention.type == DATE:
            return (DATE, "", "")
        return (self.mention.type, self.quantity.unit, _direction(self.quantity))

    @property
    def span(self) -> Span:
        return (self.mention.start, self.mention.end)


def analyse(statements: Sequence[Statement], mentions: Mapping[str, Sequence[Mention]]) -> Analysis:
    """Names and figures the statements share, what all reporting sources
    give alike, and where they differ.

    ``mentions``: article id -> that article's stored mentions (offsets into
    ``Article.text``; only those inside a statement count). Statements of
    one article are read together, as that source's account."""
    order = {article: i for i, article in enumerate(dict.fromkeys(s.article for s in statements))}
    inside = _mentions_by_statement(statements, mentions)
    entities = _shared_entities(statements, inside, order)
    quantities = _fact_quantities(statements, inside, order)
    figures = [f for statement, found in zip(statements, inside) for f in _figures(statement, found)]
    discrepancies: list[Discrepancy] = []
    agreements: list[Agreement] = []
    for slot in _slots(figures, order):
        found_discrepancies, agreement = _judge(slot, order)
        discrepancies.extend(found_discrepancies)
        if agreement is not None:
            agreements.append(agreement)
    discrepancies.extend(_description_discrepancies(statements, inside, order))
    discrepancies.sort(key=lambda d: (_KIND_RANK.get(d.kind, 9), -len(d.values)))
    agreements.sort(key=lambda a: -len(a.articles))
    return Analysis(entities, quantities, tuple(discrepancies), tuple(agreements))


def _mentions_by_statement(statements: Sequence[Statement], mentions: Mapping[str, Sequence[Mention]]
                           ) -> list[list[Mention]]:
    out = []
    for statement in statements:
        found = [m for m in mentions.get(statement.article, ())
                 if statement.start <= m.start and m.end <= statement.end]
        found.sort(key=lambda m: (m.start, m.end))
        out.append(found)
    return out


def _shared_entities(statements: Sequence[Statement], inside: Sequence[Sequence[Mention]],
                     order: Mapping[str, int]) -> tuple[str, ...]:
    articles: dict[str, set[str]] = {}
    first: dict[str, tuple[int, int]] = {}
    for statement, found in zip(statements, inside):
        for m in found:
            if m.type in _NAME_TYPES:
                articles.setdefault(m.key, set()).add(statement.article)
                first.setdefault(m.key, (order[statement.article], m.start))
    shared = [key for key, arts in articles.items() if len(arts) >= 2]
    shared.sort(key=lambda key: (-len(articles[key]), first[key]))
    return tuple(shared)


def _fact_quantities(statements: Sequence[Statement], inside: Sequence[Sequence[Mention]],
                     order: Mapping[str, int]) -> tuple[FactQuantity, ...]:
    seen: dict[str, tuple[Mention, list[str]]] = {}
    for statement, found in zip(statements, inside):
        for m in found:
            if m.type in _FIGURE_TYPES and m.quantity is not None:
                mention, arts = seen.setdefault(m.key, (m, []))
                if statement.article not in arts:
                    arts.append(statement.article)
    keys = sorted(seen, key=lambda k: -len(seen[k][1]))  # stable: first mentioned first among equals
    out = []
    for key in keys:
        mention, arts = seen[key]
        assert mention.quantity is not None
        # The shared value: what one mention adds (hedges, baseline) is not part of it.
        value = replace(mention.quantity, qualifiers=(), period=None)
        out.append(FactQuantity(key=key, label=mention.label, type=mention.type, value=value,
                                articles=tuple(sorted(arts, key=order.__getitem__))))
    return tuple(out)


# -- figures ------------------------------------------------------------------


def _figures(statement: Statement, found: Sequence[Mention]) -> list[_Figure]:
    text = statement.text
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text)]
    figures = [m for m in found if m.type in _FIGURE_TYPES and m.quantity is not None]
    if not figures:
        return []
    periods = {part for m in figures if m.type != DATE and m.quantity and m.quantity.period
               for part in m.quantity.period.split("/")}
    covered = [(m.start - statement.start, m.end - statement.start) for m in found]
    out = []
    for m in figures:
        assert m.quantity is not None
        local = (m.start - statement.start, m.end - statement.start)
        baseline = m.type == DATE and _period_of(m.quantity) in periods
        heads = _heads(text, tokens, local, covered)
        out.append(_Figure(statement.article, m, m.quantity, statement, heads, baseline, tuple(found)))
    return out


def _heads(text: str, tokens: Sequence[tuple[int, int, str]], local: Span, covered: Sequence[Span]
           ) -> tuple[tuple[str, str], ...]:
    """Content words beside a figure, within its clause, nearest first:
    what it measures ("trade", "exports", "killed")."""
    start, end = local
    before = [t for t in tokens if t[1] <= start]
    after = [t for t in tokens if t[0] >= end]
    found: list[tuple[int, tuple[str, str]]] = []
    for side, run, edge in ((0, reversed(before), start), (1, iter(after), end)):
        taken = 0
        boundary = edge
        for s, e, word in run:
            gap = text[e:boundary] if side == 0 else text[boundary:s]
            if _CLAUSE_BREAK.search(gap):
                break
            boundary = s if side == 0 else e
            if any(cs <= s and e <= ce for cs, ce in covered):
                continue  # a name or another figure: not a word of its own
            folded = _fold(word)
            if folded is None:
                continue
            distance = (start - e) if side == 0 else (s - end)
            found.append((distance, (folded, word)))
            taken += 1
            if taken >= CONTEXT_WORDS:
                break
    found.sort(key=lambda item: item[0])
    return tuple(item for _, item in found)


@lru_cache(maxsize=4096)
def _fold(word: str) -> str | None:
    """A content word as alignment reads it: its stem, or its concept
    ("reached" and "totaling" are one); None for function words and numbers."""
    from summit_tui.facts.features import WORD, text_features

    if not word[:1].isalpha():
        return None
    terms = [t for t in text_features(word).terms if t.startswith(WORD)]
    return terms[0][len(WORD):] if len(terms) == 1 else None


def _direction(quantity: Quantity) -> str:
    for direction in _DIRECTIONS:
        if direction in quantity.qualifiers:
            return direction
    return ""


def _hedges(quantity: Quantity) -> tuple[str, ...]:
    return tuple(q for q in quantity.qualifiers if q not in _NOT_HEDGES)


def _period_of(quantity: Quantity) -> str:
    """A date as a figure's ``period`` names it (quantities.py does the same)."""
    return quantity.date if quantity.date is not None else (quantity.relative or "")


# -- slots: one measure across articles ----------------------------------------


@dataclass
class _Group:
    """One value of one kind of figure, and the articles that give it
    (scratch while slots are built)."""

    key: str
    label: str
    figures: dict[str, _Figure] = field(default_factory=dict)  # article -> its (first) figure


@dataclass(frozen=True, slots=True)
class _Value:
    """What ``_same_measure`` compares of a group, worked out once."""

    articles: frozenset[str]
    stems: frozenset[str]
    amount: float | None
    date: str | None

    @classmethod
    def of(cls, group: _Group) -> _Value:
        first = next(iter(group.figures.values())).quantity
        return cls(frozenset(group.figures), frozenset(s for f in group.figures.values() for s, _ in f.heads),
                   first.amount, first.date)


def _slots(figures: Sequence[_Figure], order: Mapping[str, int]) -> list[list[_Group]]:
    """Figures grouped into measures: each slot is the values (groups) that
    one measure takes across the articles."""
    families: dict[tuple[str, str, str], dict[str, _Group]] = {}
    for figure in figures:
        if figure.baseline:
            continue  # compared with the figure it is the baseline of
        groups = families.setdefault(figure.family, {})
        group = groups.setdefault(figure.key, _Group(figure.key, figure.mention.label))
        group.figures.setdefault(figure.article, figure)
    slots: list[list[_Group]] = []
    for family, by_key in families.items():
        groups = list(by_key.values())
        values = [_Value.of(g) for g in groups]
        values_per_article = Counter(a for g in groups for a in g.figures)
        single = frozenset(a for a, n in values_per_article.items() if n == 1)
        parent = list(range(len(groups)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if _same_measure(family[0], values[i], values[j], single):
                    parent[root(j)] = root(i)
        components: dict[int, list[_Group]] = {}
        for i, group in enumerate(groups):
            components.setdefault(root(i), []).append(group)
        slots.extend(components.values())
    for slot in slots:
        slot.sort(key=lambda g: min((order[a], f.mention.start) for a, f in g.figures.items()))
    slots.sort(key=lambda slot: min(order[a] for g in slot for a in g.figures))
    return slots


def _same_measure(kind: str, a: _Value, b: _Value, single: frozenset[str]) -> bool:
    """Whether two different values are one measure told differently."""
    if not a.articles.isdisjoint(b.articles):
        return False  # one article giving both: two measures, or its own business
    if kind == DATE:
        if a.date is None or b.date is None or len(a.date) != len(b.date):
            return False  # "2023" and "2023-03" do not contradict each other
    elif not _close(a.amount, b.amount):
        return False
    sole = not a.articles.isdisjoint(single) and not b.articles.isdisjoint(single)
    return sole or not a.stems.isdisjoint(b.stems)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    if a <= 0 or b <= 0:
        return False
    return max(a, b) / min(a, b) <= CLOSE_RATIO


def _judge(slot: list[_Group], order: Mapping[str, int]) -> tuple[list[Discrepancy], Agreement | None]:
    """The discrepancies and the agreement one measure shows (``order``:
    the reporting articles, in the order values are listed)."""
    # An article in two groups of a slot gives two values for one measure;
    # which one it means cannot be told, so it is left out.
    counts = Counter(a for g in slot for a in g.figures)
    groups = []
    for group in slot:
        kept = {a: f for a, f in group.figures.items() if counts[a] == 1}
        if kept:
            groups.append(_Group(group.key, group.label, kept))
    figures = [f for g in groups for f in g.figures.values()]
    if len({f.article for f in figures}) < 2 or len(groups) > MAX_DISPUTED_VALUES:
        return [], None
    if len(groups) > 2 and all(len(g.figures) == 1 for g in groups):
        # Every source a value of its own: more likely several measures
        # (other years, other places) than one reported three ways.
        return [], None
    figures.sort(key=lambda f: order[f.article])
    by_article = {f.article: f for f in figures}
    is_date = figures[0].mention.type == DATE
    name = _measure_name(figures)
    out: list[Discrepancy] = []
    baseline = None if is_date else _baseline_discrepancy(by_article)
    agreement = None
    if len(groups) > 1:
        detail = f"{name}: {' vs '.join(g.label for g in groups)}"
        if baseline is not None:
            detail += " (different baselines)"
        out.append(Discrepancy(
            kind=DATE_DISCREPANCY if is_date else VALUE,
            detail=detail,
            values={a: f.mention.text for a, f in by_article.items()},
            spans={a: (f.span,) for a, f in by_article.items()},
        ))
    else:
        group = groups[0]
        articles = tuple(sorted(group.figures, key=order.__getitem__))
        agreement = Agreement(
            detail=f"{_count_phrase(len(articles), len(order))}: {group.label}",
            value=group.label,
            articles=articles,
            spans={a: (f.span,) for a, f in group.figures.items()},
        )
        name = group.label
    if baseline is not None:
        out.append(baseline)
    hedge = _hedge_discrepancy(name, by_article)
    if hedge is not None:
        out.append(hedge)
    return out, agreement


def _measure_name(figures: Sequence[_Figure]) -> str:
    """What a disputed figure measures, in a word: "growth", "trade", "amount"."""
    first = figures[0]
    if first.mention.type == DATE:
        return _MEASURE_OF_TYPE[DATE]  # the words beside a date name the event, not the date
    direction = _direction(first.quantity)
    if direction:
        return _MEASURE_OF_DIRECTION[direction]
    articles_of: dict[str, set[str]] = {}
    written: dict[str, str] = {}
    # "hit a record $240 billion": "record" frames the figure, it is not what it measures.
    framing = {word for f in figures for qualifier in f.quantity.qualifiers for word in qualifier.split()}
    for f in figures:
        for stem, word in f.heads:
            if word.lower() in framing:
                continue
            articles_of.setdefault(stem, set()).add(f.article)
            written.setdefault(stem, word.lower())
    shared = [stem for stem in written if len(articles_of[stem]) >= 2 and not stem.startswith("~")]
    if shared:
        return written[max(shared, key=lambda s: len(articles_of[s]))]
    return _MEASURE_OF_TYPE.get(first.mention.type, "figure")


def _baseline_discrepancy(by_article: Mapping[str, _Figure]) -> Discrepancy | None:
    periods = {a: f.quantity.period for a, f in by_article.items()}
    if not any(periods.values()) or len(set(periods.values())) < 2:
        return None
    values: dict[str, str] = {}
    spans: dict[str, tuple[Span, ...]] = {}
    for article, figure in by_article.items():
        found = _baseline_text(figure)
        if found is None:
            values[article] = _NO_VALUE
            continue
        values[article] = found[0]
        spans[article] = (found[1],)
    shown = list(dict.fromkeys("none given" if v == _NO_VALUE else v for v in values.values()))
    return Discrepancy(kind=BASELINE, detail=f"baselines differ: {' vs '.join(shown)}", values=values,
                       spans=spans)


def _baseline_text(figure: _Figure) -> tuple[str, Span] | None:
    """The words that give a figure's reference period ("since February
    2022"), and where they are; None when it gives none."""
    period = figure.quantity.period
    if not period:
        return None
    statement = figure.statement
    text, base = statement.text, statement.start
    parts = period.split("/")
    dates = [f for f in _figures(statement, figure.neighbours) if f.baseline and _period_of(f.quantity) in parts]
    if dates:
        # The date nearest the figure that names the period, then its cue word.
        dates.sort(key=lambda d: abs(d.mention.start - figure.mention.end))
        first = dates[0]
        last = first
        if len(parts) == 2:
            second = [d for d in dates if _period_of(d.quantity) == parts[1] and d.mention.start > first.mention.start]
            if second:
                last = second[0]
        start, end = first.mention.start - base, last.mention.end - base
        cue = _BASELINE_CUE.search(text, 0, start)
        if cue is not None:
            start = cue.start()
        return text[start:end], (base + start, base + end)
    change = _CHANGE_PERIOD.search(text, figure.mention.end - base)
    if change is not None:
        return change.group(), (base + change.start(), base + change.end())
    return period, figure.span


def _hedge_discrepancy(name: str, by_article: Mapping[str, _Figure]) -> Discrepancy | None:
    hedges = {a: _hedges(f.quantity) for a, f in by_article.items()}
    if len(set(hedges.values())) < 2:
        return None
    values = {a: ", ".join(h) if h else _NO_VALUE for a, h in hedges.items()}
    spans = {}
    for article, words in hedges.items():
        if words:
            spans[article] = _hedge_spans(by_article[article], words)
    # The words a source adds first: "record vs no qualifier".
    shown = [v for v in dict.fromkeys(values.values()) if v != _NO_VALUE]
    if _NO_VALUE in values.values():
        shown.append("no qualifier")
    return Discrepancy(kind=HEDGE, detail=f"{name}: {' vs '.join(shown)}", values=values, spans=spans)


def _hedge_spans(figure: _Figure, words: Sequence[str]) -> tuple[Span, ...]:
    """Where the hedge words stand before a figure; the figure itself when
    the text words them otherwise ("about" for "approximately")."""
    statement = figure.statement
    start = figure.mention.start - statement.start
    window_start = max(0, start - 60)
    window = statement.text[window_start:start]
    spans = []
    for word in words:
        found = None
        for match in re.finditer(r"(?i)\b" + re.escape(word) + r"\b", window):
            found = match
        if found is not None:
            spans.append((statement.start + window_start + found.start(), statement.start + window_start + found.end()))
    return tuple(spans) or (figure.span,)


def _count_phrase(count: int, total: int) -> str:
    """"both", "all four", "three of five"."""
    if count == total:
        return "both" if count == 2 else f"all {_number_word(count)}"
    return f"{_number_word(count)} of {_number_word(total)}"


def _number_word(n: int) -> str:
    return _COUNT_WORDS[n] if 0 <= n < len(_COUNT_WORDS) else str(n)


# =============================================================================
# descriptions of people
# =============================================================================

# Role nouns of news writing: what a person is called before their name
# ("analyst X") or after it ("X, a professor at ..."). Words ending in -ist
# ("economist", "strategist") count too.
_ROLE_WORDS = frozenset("""
president leader premier minister chancellor secretary spokesman spokeswoman spokesperson
ambassador envoy general admiral commander chairman chairwoman chair chairperson chief director
head governor mayor senator congressman congresswoman representative lawmaker legislator
king queen prince princess emperor monarch pope cardinal bishop
analyst researcher professor scholar expert economist scientist historian journalist reporter
correspondent editor adviser advisor fellow lecturer diplomat official officer executive ceo cfo
founder owner candidate activist lawyer attorney judge justice prosecutor colonel captain
lieutenant sergeant strategist commentator columnist author writer dean rector deputy aide
counsellor counselor councillor politician observer consultant specialist negotiator manager
president-elect vice-president vice-chair co-founder chief-executive associate
""".split())
# Words that qualify a role ("former", "Foreign" in "Foreign Minister").
_ROLE_MODIFIERS = frozenset("""
former new then deputy vice acting senior chief top associate assistant interim outgoing incoming
veteran leading prominent foreign defense defence prime first state political military economic
national general executive managing special finance interior trade energy health education
justice security research visiting principal lead regional supreme
""".split())
# Where the role words of an appositive end: "a researcher | on Chinese foreign policy".
_CHUNK_END = frozenset("on at with of for in from who whose which that to during under based "
                       "since by specializing specialising".split())
# Spellings and gendered forms of one role: not a different description.
_SAME_ROLE = {"advisor": "adviser", "counselor": "counsellor", "chairman": "chair", "chairwoman": "chair",
              "chairperson": "chair", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
              "congressman": "representative", "congresswoman": "representative"}
_ARTICLES = frozenset({"a", "an", "the"})
_TITLE_NAME_TYPES = frozenset({NORP, GPE, ORG, LOC})
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w'’.\-]*)[ \u00a0]+$")
_APPOSITIVE_OPEN = re.compile(r"\s*([,(])\s*")
_APPOSITIVE_END = re.compile(r"[,;:]|\s[—–-]\s|[—–]")


@dataclass(frozen=True, slots=True)
class _Description:
    text: str  # "a researcher on Chinese foreign policy at ..." / "Chinese leader"
    span: Span  # offsets into Article.text
    role: str  # the role words: "a researcher", "Chinese leader"
    head: str  # what is compared: "researcher", "leader"
    appositive: bool

    def rank(self) -> tuple[int, int]:
        """Richer first: an appositive, then the longer title."""
        return (0 if self.appositive else 1, -len(self.text))


@dataclass(frozen=True)
class PersonDescriptions:
    """How each article that describes one person describes them.

    ``statements``: the describing sentence of each article (one per article,
    corpus order). ``descriptions``: article id -> (the description as
    written, its offsets into ``Article.text``). ``roles``: article id ->
    its role words ("a researcher", "Chinese leader"); ``heads``: the role
    nouns that are compared ("researcher")."""

    person: str  # entity key, "person:hoo_tiang_boon"
    label: str  # "Hoo Tiang Boon"
    statements: tuple[Statement, ...]
    descriptions: dict[str, tuple[str, Span]]
    roles: dict[str, str] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)

    @property
    def differs(self) -> bool:
        """Whether two articles call the person different things."""
        return len(set(self.heads.values())) > 1

    @property
    def discrepancies(self) -> tuple[Discrepancy, ...]:
        if not self.differs:
            return ()
        return (_description_discrepancy(self.label, self.descriptions, self.roles, self.heads),)

    @property
    def agreements(self) -> tuple[Agreement, ...]:
        if self.differs or len(self.descriptions) < 2:
            return ()
        role = next(iter(self.roles.values()))
        return (Agreement(detail=f"{_count_phrase(len(self.descriptions), len(self.descriptions))}: {role}",
                          value=role, articles=tuple(self.descriptions),
                          spans={a: (span,) for a, (_, span) in self.descriptions.items()}),)

    def analysis(self) -> Analysis:
        """The fact's analysis: its describing sentences agree only on the
        person, so figures in them are not compared."""
        return Analysis(entities=(self.person,), quantities=(), discrepancies=self.discrepancies,
                        agreements=self.agreements)


def person_descriptions(articles: Sequence[Article], mentions: Mapping[str, Sequence[Mention]]
                        ) -> list[PersonDescriptions]:
    """Every person two or more articles describe, with each article's
    richest description (an appositive before a title, a longer title before
    a shorter one, the first before a later one); those described
    differently first, then by how many articles describe them."""
    found: dict[str, dict[str, tuple[_Description, Statement]]] = {}
    labels: dict[str, str] = {}
    for article in articles:
        article_mentions = sorted(mentions.get(article.id, ()), key=lambda m: (m.start, m.end))
        by_sentence: dict[int, list[Mention]] = {}
        for m in article_mentions:
            if m.sentence >= 0:
                by_sentence.setdefault(m.sentence, []).append(m)
        for index, sentence_mentions in by_sentence.items():
            if not any(m.type == PERSON for m in sentence_mentions) or index >= len(article.sentences):
                continue
            sentence = article.sentences[index]
            statement = Statement(article=article.id, source=article.source, sentence=index,
                                  text=article.text[sentence.start:sentence.end], start=sentence.start,
                                  end=sentence.end)
            for m in sentence_mentions:
                if m.type != PERSON:
                    continue
                description = _describe(statement, m, sentence_mentions)
                if description is None:
                    continue
                labels.setdefault(m.key, m.label)
                per_article = found.setdefault(m.key, {})
                known = per_article.get(article.id)
                if known is None or description.rank() < known[0].rank():
                    per_article[article.id] = (description, statement)
    order = {a.id: i for i, a in enumerate(articles)}
    out = []
    for person, per_article in found.items():
        if len(per_article) < 2:
            continue
        ids = sorted(per_article, key=order.__getitem__)
        out.append(PersonDescriptions(
            person=person,
            label=labels[person],
            statements=tuple(per_article[a][1] for a in ids),
            descriptions={a: (per_article[a][0].text, per_article[a][0].span) for a in ids},
            roles={a: per_article[a][0].role for a in ids},
            heads={a: per_article[a][0].head for a in ids},
        ))
    out.sort(key=lambda p: (not p.differs, -len(p.descriptions), p.label))
    return out


def _description_discrepancies(statements: Sequence[Statement], inside: Sequence[Sequence[Mention]],
                               order: Mapping[str, int]) -> list[Discrepancy]:
    """People the statements of one fact title or describe differently."""
    best: dict[str, dict[str, _Description]] = {}
    labels: dict[str, str] = {}
    for statement, found in zip(statements, inside):
        for m in found:
            if m.type != PERSON:
                continue
            description = _describe(statement, m, found)
            if description is None:
                continue
            labels.setdefault(m.key, m.label)
            per_article = best.setdefault(m.key, {})
            known = per_article.get(statement.article)
            if known is None or description.rank() < known.rank():
                per_article[statement.article] = description
    out = []
    for person, per_article in best.items():
        if len({d.head for d in per_article.values()}) < 2:
            continue
        ids = sorted(per_article, key=order.__getitem__)
        out.append(_description_discrepancy(
            labels[person],
            {a: (per_article[a].text, per_article[a].span) for a in ids},
            {a: per_article[a].role for a in ids},
            {a: per_article[a].head for a in ids},
        ))
    return out


def _description_discrepancy(label: str, descriptions: Mapping[str, tuple[str, Span]],
                             roles: Mapping[str, str], heads: Mapping[str, str]) -> Discrepancy:
    shown: dict[str, str] = {}
    for article, head in heads.items():
        shown.setdefault(head, roles[article])
    return Discrepancy(
        kind=DESCRIPTION,
        detail=f"{label}: {' vs '.join(shown.values())}",
        values={a: text for a, (text, _) in descriptions.items()},
        spans={a: (span,) for a, (_, span) in descriptions.items()},
    )


def _describe(statement: Statement, person: Mention, found: Sequence[Mention]) -> _Description | None:
    """The appositive after a person's name, else the title before it."""
    text, base = statement.text, statement.start
    start, end = person.start - base, person.end - base
    if not (0 <= start < end <= len(text)):
        return None
    appositive = _appositive(text, end, base, found)
    if appositive is not None:
        return appositive
    return _title(text, start, base, found)


def _title(text: str, start: int, base: int, found: Sequence[Mention]) -> _Description | None:
    """"Chinese President", "Foreign Minister", "political scientist": the
    role words right before a name, with the nationality or body they name."""
    pos = start
    first = last = None
    while True:
        previous = _PREVIOUS_WORD.search(text, 0, pos)
        if previous is None:
            break
        word_start, word_end = previous.span(1)
        word = previous.group(1)
        if last is None:
            if not _is_role(word):
                return None
            first, last = word_start, word_end
        else:
            name = _covering(found, base + word_start, base + word_end - _possessive(word))
            if name is not None:
                first = name.start - base
                pos = first
                continue
            if not (_is_role(word) or _plain(word) in _ROLE_MODIFIERS):
                break
            first = word_start
        pos = word_start
    if first is None or last is None:
        return None
    words = text[first:last]
    return _Description(text=words, span=(base + first, base + last), role=words,
                        head=_singular(_plain(text[first:last].split()[-1])), appositive=False)


def _appositive(text: str, end: int, base: int, found: Sequence[Mention]) -> _Description | None:
    """", a researcher on Chinese foreign policy at ...,": the description
    set off after a name (by a comma or a bracket), if it names a role."""
    opening = _APPOSITIVE_OPEN.match(text, end)
    if opening is None:
        return None
    start = opening.end()
    if opening.group(1) == "(":
        close = text.find(")", start)
        if close < 0:
            return None
        stop = close
    else:
        brk = _APPOSITIVE_END.search(text, start)
        stop = brk.start() if brk else len(text)
    while stop > start and text[stop - 1] in " .!?\"”’'":
        stop -= 1
    words = text[start:stop].split()
    if not words or len(words) > 40:
        return None
    if any(m.type == PERSON and base + start <= m.start < base + stop for m in found):
        return None  # a list of people, not a description of one
    lead = words[0].lower()
    role_words = words[1:] if lead in _ARTICLES else words
    if lead not in _ARTICLES and not (_is_role(words[0]) or _plain(words[0]) in _ROLE_MODIFIERS):
        return None
    chunk: list[str] = []
    for word in role_words:
        if _plain(word) in _CHUNK_END or word.endswith(","):
            break
        chunk.append(word)
    heads = [w for w in chunk if _is_role(w)]
    if not heads or len(chunk) > 7:
        return None
    role = " ".join(([words[0]] if lead in _ARTICLES else []) + chunk)
    return _Description(text=text[start:stop], span=(base + start, base + stop), role=role,
                        head=_singular(_plain(heads[-1])), appositive=True)


def _covering(found: Sequence[Mention], start: int, end: int) -> Mention | None:
    for m in found:
        if m.type in _TITLE_NAME_TYPES and m.start <= start and end <= m.end:
            return m
    return None


def _possessive(word: str) -> int:
    return 2 if word.endswith(("'s", "’s")) else 0


def _plain(word: str) -> str:
    word = word.lower().replace("’", "'").strip(".,'\"")
    return word[:-2] if word.endswith("'s") else word


def _singular(word: str) -> str:
    if word.endswith("s") and word[:-1] in _ROLE_WORDS:
        word = word[:-1]
    return _SAME_ROLE.get(word, word)


def _is_role(word: str) -> bool:
    plain = _plain(word)
    last = plain.rsplit("-", 1)[-1]
    for candidate in (plain, last):
        if candidate in _ROLE_WORDS or _singular(candidate) in _ROLE_WORDS:
            return True
    # "economist", "strategist": written in lower case ("Communist" is a party).
    return word[:1].islower() and len(last) > 5 and last.endswith(("ist", "ists"))


# =============================================================================
# compare
# =============================================================================

_SYNTAX = re.compile(r"[:*?~\"()\[\]{}^]|(?:^|\s)[+-]\S|\b(?:AND|OR|NOT|TO)\b")
_SAFE_KEY = re.compile(r"[\w:.\-/]+")
_QUERY_BUDGET = 900  # characters of a generated candidate query (parse.MAX_QUERY_CHARS is 1000)
_FEATURES_CACHE_SIZE = 2048
_features_cache: OrderedDict[tuple[str, str, int], tuple[SentenceFeatures, ...]] = OrderedDict()
_stats_cache: tuple[tuple[tuple[str, str], ...], TermStats] | None = None
_by_sentence_cache: OrderedDict[tuple[str, int], tuple[Sequence[Mention], dict[int, list[Mention]]]] = OrderedDict()
_cache_lock = threading.Lock()  # the TUI compares from worker threads


def parse_sentence_ref(text: str) -> tuple[str, int]:
    """``"ARTICLE_ID:N"`` -> ``("ARTICLE_ID", N)``; QueryError if it is not one."""
    match = re.fullmatch(r"\s*(\S+):(\d{1,9})\s*", text)
    if match is None:
        raise QueryError(f"cannot read the sentence {text.strip()[:60]!r}; write it as ARTICLE_ID:N, "
                         "e.g. my-article:12 (sentences count from 0)")
    return match.group(1), int(match.group(2))


def compare(index: SearchIndex, articles: Sequence[Article], *, query: str | None = None,
            sentence: tuple[str, int] | None = None, per_source: int = 2, stats: TermStats | None = None,
            gazetteer: object | None = None) -> Comparison:
    """What every article says about ``query``, or about the sentence
    ``sentence`` = (article id, sentence index).

    Each article maps to its best-matching sentence(s), at most
    ``per_source`` (a second only when nearly as good as the first), scored
    0..1, or to None when nothing is close enough. Candidates come from the
    sentence index (BM25); the closest are then scored with ``features``:
    for a query, the share of its weight a sentence covers; for a sentence,
    ``similarity``. ``stats``: term statistics of the whole corpus when the
    caller has them; otherwise ``corpus_stats`` estimates them (every article
    of a small corpus, an even sample of a large one; kept between calls). ``gazetteer``: names added in config, for reading
    names in a query. QueryError for a query the index refuses,
    SentenceNotFoundError for an unknown article or sentence."""
    if (query is None) == (sentence is None):
        raise ValueError("compare needs exactly one of query= or sentence=")
    per_source = max(1, int(per_source))
    mentions = index.all_mentions()
    anchor_text = None
    if sentence is not None:
        anchor, found = _by_sentence(index, articles, sentence, mentions, per_source, stats)
        anchor_text = anchor.text
    else:
        assert query is not None
        found = _by_query(index, articles, query, mentions, per_source, stats, gazetteer)
    sources: dict[str, tuple[Statement, ...] | None] = {a.id: tuple(found.get(a.id, ())) or None for a in articles}
    if sentence is not None and sentence[0] not in sources:
        sources[sentence[0]] = tuple(found[sentence[0]])
    best = [group[0] for group in sources.values() if group]
    analysis = analyse(best, {s.article: mentions.get(s.article, ()) for s in best})
    return Comparison(
        query=anchor_text if anchor_text is not None else (query or ""),
        sources=sources,
        anchor=(sentence[0], int(sentence[1])) if sentence is not None else None,
        quantities=analysis.quantities,
        discrepancies=analysis.discrepancies,
        agreements=analysis.agreements,
    )


def _by_query(index: SearchIndex, articles: Sequence[Article], query: str,
              mentions: Mapping[str, Sequence[Mention]], per_source: int, stats: TermStats | None,
              gazetteer: object | None) -> dict[str, list[Statement]]:
    from summit_tui.facts.features import WORD, coverage, query_features

    by_id = {a.id: a for a in articles}
    limit = _candidate_limit(len(articles))
    hits = [h for h in index.sentence_candidates(query, limit=limit) if h.id in by_id]
    # A query in the search language (fields, patterns, operators) is scored
    # by BM25 alone: its words are not all things a sentence should say.
    features = None if _SYNTAX.search(query) else query_features(query, gazetteer=gazetteer)
    if features is None or not features.terms:
        if not hits:
            return {}
        top = max(h.score for h in hits) or 1.0
        return _statements(((h.score / top, h) for h in hits), by_id, per_source)
    stats = stats or corpus_stats(articles, mentions)
    weights = stats.weights()
    # Every word of a query must match by default; an article may still say
    # most of it in one sentence, or name it otherwise ("75 years" for "75th
    # anniversary"), so look for its most telling terms one by one too.
    loose = _candidate_query(query, features, stats, coverage=QUERY_MIN_COVERAGE) if len(features.terms) > 1 else ""
    if loose:
        seen = {(h.id, h.sentence) for h in hits}
        hits.extend(h for h in index.sentence_candidates(loose, limit=limit)
                    if h.id in by_id and (h.id, h.sentence) not in seen)
    if not hits:
        return {}
    top = max(h.score for h in hits) or 1.0
    words = frozenset(t for t in features.terms if t.startswith(WORD))
    scored = []
    for hit in _per_article(hits, CANDIDATES_PER_ARTICLE):
        covered = coverage(features, _with_query_words(_hit_features(hit, mentions), hit.text, words), stats,
                           weights)
        if covered >= QUERY_MIN_COVERAGE:
            # Coverage says how much of the question a sentence answers;
            # BM25 shades it so the closest of several full answers leads.
            scored.append((covered * (0.75 + 0.25 * hit.score / top), hit))
    return _statements(scored, by_id, per_source)


def _with_query_words(features: SentenceFeatures, text: str, words: frozenset[str]) -> SentenceFeatures:
    """A sentence's features plus the query's words it writes inside a name
    or a figure ("billion" in "$240 billion"), which its features leave to
    the name's or figure's key but a person asking for them sees there."""
    from summit_tui.facts.features import WORD, SentenceFeatures

    missing = words - features.terms
    if not missing:
        return features
    found = {WORD + folded for word in _WORD_RE.findall(text) if (folded := _fold(word)) is not None}
    extra = missing & found
    if not extra:
        return features
    return SentenceFeatures(features.article, features.sentence, features.terms | extra)


def _by_sentence(index: SearchIndex, articles: Sequence[Article], ref: tuple[str, int],
                 mentions: Mapping[str, Sequence[Mention]], per_source: int, stats: TermStats | None
                 ) -> tuple[Statement, dict[str, list[Statement]]]:
    from summit_tui.facts.features import similarity

    article_id, number = ref
    try:
        article = index.article(article_id)
    except NotFoundError:
        raise SentenceNotFoundError(
            f"no article {article_id!r} to compare a sentence of; `summit-tui articles` lists the ids") from None
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number < len(article.sentences):
        count = len(article.sentences)
        known = f"its sentences are 0-{count - 1}" if count else "it has no sentences"
        raise SentenceNotFoundError(f"article {article_id!r} has no sentence {number!r} ({known})")
    sentence = article.sentences[number]
    anchor = Statement(article=article.id, source=article.source, sentence=number,
                       text=article.text[sentence.start:sentence.end], start=sentence.start,
                       end=sentence.end, score=1.0)
    own_mentions = mentions.get(article.id, ())
    anchor_features = _article_features(article, own_mentions)[number]
    found: dict[str, list[Statement]] = {article.id: [anchor]}
    by_id = {a.id: a for a in articles}
    by_id.setdefault(article.id, article)
    stats = stats or corpus_stats(articles, mentions)
    query = _candidate_query(anchor.text, anchor_features, stats)
    if not query:
        return anchor, found
    limit = _candidate_limit(len(by_id))
    hits = [h for h in index.sentence_candidates(query, limit=limit) if h.id in by_id and h.id != article.id]
    weights = stats.weights()
    scored = []
    for hit in _per_article(hits, CANDIDATES_PER_ARTICLE):
        score = similarity(anchor_features, _hit_features(hit, mentions), stats, weights)
        if score >= SENTENCE_MIN_SIMILARITY:
            scored.append((score, hit))
    found.update(_statements(scored, by_id, per_source))
    return anchor, found


def _statements(scored: Iterable[tuple[float, SentenceHit]], by_id: Mapping[str, Article],
                per_source: int) -> dict[str, list[Statement]]:
    """Each article's best sentences: at most ``per_source``, a second only
    when nearly as good as the first."""
    per_article: dict[str, list[tuple[float, SentenceHit]]] = {}
    for score, hit in scored:
        per_article.setdefault(hit.id, []).append((score, hit))
    out: dict[str, list[Statement]] = {}
    for article_id, found in per_article.items():
        found.sort(key=lambda item: (-item[0], item[1].sentence))
        best = found[0][0]
        source = by_id[article_id].source
        kept = [item for item in found[:per_source] if item[0] >= SECOND_STATEMENT * best]
        out[article_id] = [Statement(article=article_id, source=source, sentence=hit.sentence, text=hit.text,
                                     start=hit.start, end=hit.end, score=round(min(1.0, score), 4))
                           for score, hit in kept]
    return out


def _candidate_limit(articles: int) -> int:
    """Sentences fetched from the index: a few per article of a small
    corpus, bounded for a large one (the closest sentences share the rare
    terms the candidate query asks for, so they rank high)."""
    return max(100, min(CANDIDATE_LIMIT, 2 * articles))


def _per_article(hits: Sequence[SentenceHit], limit: int) -> list[SentenceHit]:
    """The first ``limit`` hits of each article, in BM25 order."""
    taken: Counter[str] = Counter()
    out = []
    for hit in sorted(hits, key=lambda h: -h.score):
        if taken[hit.id] < limit:
            taken[hit.id] += 1
            out.append(hit)
    return out


def _candidate_query(text: str, features: SentenceFeatures, stats: TermStats, *,
                     coverage: float | None = None) -> str:
    """An OR query of the most telling terms of ``features`` (highest
    weight: figures and rare names and words first), for the sentence index
    to find candidates with. Asking for a few rare terms rather than every
    word keeps the search cheap on a large corpus. ``coverage``: when a
    sentence must cover this share of the weight to count, the common terms
    that together weigh less are left out (no sentence could pass on them
    alone), however few terms that leaves."""
    from summit_tui.facts.features import CONCEPTS, ENTITY, FIGURE, NUMBER, WHEN, WORD
    from summit_tui.search.analysis import stem_english

    written: dict[str, str] = {}
    for word in re.findall(r"[^\W_]+", text.lower()):
        written.setdefault(stem_english(word), word)
    ranked = sorted(features.terms, key=lambda t: (-stats.weight(t), t))
    if coverage is not None:
        rest = sum(stats.weight(t) for t in ranked)
        needed = coverage * rest
        kept = []
        for term in ranked:
            if rest < needed:
                break
            kept.append(term)
            rest -= stats.weight(term)
        ranked = kept
    parts: list[str] = []
    for term in ranked:
        prefix, value = term[:2], term[2:]
        if prefix in (ENTITY, FIGURE, WHEN):
            part = f'entity:"{value}"' if _SAFE_KEY.fullmatch(value) else None
        elif prefix == NUMBER:
            part = value if value.isdigit() else None
        elif prefix == WORD and value.startswith("~"):
            # a concept: any of its words ("thanked" also finds "gratitude")
            words = [w.lower() for w in CONCEPTS.get(value[1:], ()) if re.fullmatch(r"[^\W_]+", w)]
            part = f"({' OR '.join(words)})" if words else None
        elif prefix == WORD:
            part = written.get(value)
        else:
            part = None
        if part and part not in parts:
            parts.append(part)
        if len(parts) >= QUERY_TERMS:
            break
    query = ""
    for part in parts:
        longer = f"{query} OR {part}" if query else part
        if len(longer) > _QUERY_BUDGET:
            break
        query = longer
    return query


def _hit_features(hit: SentenceHit, mentions: Mapping[str, Sequence[Mention]]) -> SentenceFeatures:
    from summit_tui.facts.features import text_features

    inside = [replace(m, start=m.start - hit.start, end=m.end - hit.start)
              for m in _sentence_mentions(mentions, hit.id).get(hit.sentence, ())]
    return text_features(hit.text, inside, article=hit.id, sentence=hit.sentence)


def _sentence_mentions(mentions: Mapping[str, Sequence[Mention]], article_id: str
                       ) -> dict[int, list[Mention]]:
    """One article's mentions by sentence (kept with the mentions they come from)."""
    article_mentions = mentions.get(article_id, ())
    key = (article_id, id(article_mentions))
    with _cache_lock:
        cached = _by_sentence_cache.get(key)
        if cached is not None and cached[0] is article_mentions:
            return cached[1]
    grouped: dict[int, list[Mention]] = {}
    for m in article_mentions:
        grouped.setdefault(m.sentence, []).append(m)
    with _cache_lock:
        _by_sentence_cache[key] = (article_mentions, grouped)
        while len(_by_sentence_cache) > _FEATURES_CACHE_SIZE:
            _by_sentence_cache.popitem(last=False)
    return grouped


def _article_features(article: Article, mentions: Sequence[Mention]) -> tuple[SentenceFeatures, ...]:
    """Every sentence's features, kept for the next comparison (an article
    is compared again and again while a reader browses)."""
    from summit_tui.facts.features import sentence_features

    key = (article.id, article.fingerprint, hash(tuple(mentions)))
    with _cache_lock:
        cached = _features_cache.get(key)
        if cached is not None:
            _features_cache.move_to_end(key)
            return cached
    features = sentence_features(article, mentions)
    with _cache_lock:
        _features_cache[key] = features
        while len(_features_cache) > _FEATURES_CACHE_SIZE:
            _features_cache.popitem(last=False)
    return features


def corpus_stats(articles: Sequence[Article], mentions: Mapping[str, Sequence[Mention]]) -> TermStats:
    """Term statistics (IDF) of the corpus, from every article of a small
    one and an even sample of ``SAMPLE_ARTICLES`` of a large one (which
    words are rare does not need every article to tell). Kept while the
    corpus is the same."""
    from summit_tui.facts.features import TermStats

    ordered = sorted(articles, key=lambda a: a.id)
    step = max(1, -(-len(ordered) // SAMPLE_ARTICLES))
    sample = ordered[::step]
    key = tuple((a.id, a.fingerprint) for a in sample)
    global _stats_cache
    with _cache_lock:
        if _stats_cache is not None and _stats_cache[0] == key:
            return _stats_cache[1]
    features: list[SentenceFeatures] = []
    for article in sample:
        features.extend(_article_features(article, mentions.get(article.id, ())))
    stats = TermStats.from_features(features)
    with _cache_lock:
        _stats_cache = (key, stats)
    return stats
