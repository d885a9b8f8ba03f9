"""The nouns of cross-source comparison: plain frozen data with offsets into
``Article.text``.

A ``Fact`` is one thing two or more sources report: one or more
``Statement`` (a sentence) per reporting article, the articles that stay
silent, the figures and names the statements share, and where they differ
(``Discrepancy``) or agree (``Agreement``). A ``Comparison`` is the same
picture for an ad-hoc question ("compare this query" / "compare this
sentence"), so the faces can render both with one view.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from summit_tui.nlp.model import Quantity

Span = tuple[int, int]

# Discrepancy kinds: a public contract (``facts --json``), keep them stable.
VALUE = "value"  # the same measure with different values: growth 64% vs 63%
BASELINE = "baseline"  # different reference periods: "since February 2022" vs "from 2021"
HEDGE = "hedge"  # framing words one source adds: "estimated", "record", "nearly"
DESCRIPTION = "description"  # the same person described differently: "a researcher" vs "a professor"
DATE = "date"  # the same event dated differently
DISCREPANCY_KINDS = (VALUE, BASELINE, HEDGE, DESCRIPTION, DATE)


@dataclass(frozen=True, slots=True)
class Statement:
    """One source's sentence for a fact: ``Article.text[start:end] == text``.

    ``score`` says how well it matches the rest of the fact (alignment) or
    the question (comparison), higher is closer, 0..1.
    """

    article: str  # article id
    source: str  # outlet label, for display
    sentence: int  # index into Article.sentences
    text: str
    start: int
    end: int
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class FactQuantity:
    """A normalised figure or date that statements of a fact mention."""

    key: str  # "money:240000000000_usd"
    label: str  # "$240 billion"
    type: str  # MONEY, PERCENT, QUANTITY, DATE
    value: Quantity
    articles: tuple[str, ...]  # the articles whose statements mention it

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "type": self.type,
                "value": self.value.value_json(), "sources": list(self.articles)}


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Where statements of one fact differ.

    ``values``: article id -> what that source says, as display text
    ("64%", "since February 2022", "a professor at ..."). ``spans``:
    article id -> where it says it, offsets into that ``Article.text``, so
    a face can highlight the differing words in place.
    """

    kind: str  # one of DISCREPANCY_KINDS
    detail: str  # one readable line: "growth: 64% vs 63%"
    values: dict[str, str]
    spans: dict[str, tuple[Span, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail, "values": dict(self.values)}


@dataclass(frozen=True, slots=True)
class Agreement:
    """A value every reporting source gives alike: "all four: $240 billion"."""

    detail: str  # "all four: $240 billion"
    value: str  # "$240 billion"
    articles: tuple[str, ...]
    spans: dict[str, tuple[Span, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"detail": self.detail, "value": self.value, "sources": list(self.articles)}


class ArticleOrder:
    """A corpus's article ids in corpus order, shared by every fact over it."""

    __slots__ = ("ids", "members")

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = tuple(ids)
        self.members = frozenset(self.ids)

    def silent(self, reporting: Iterable[str]) -> SilentArticles:
        """The articles that are not ``reporting``, in corpus order."""
        return SilentArticles(self, reporting)


class SilentArticles(Sequence[str]):
    """The articles of the corpus that do not report a fact, in corpus order.

    Worked out from the corpus order (one, shared by every fact) and the few
    reporting articles, not spelled out: thousands of facts over thousands
    of articles would otherwise each hold a list of nearly every article
    (10,000 articles: ~575 MB to read the facts back). Compares equal to a
    tuple of the same ids."""

    __slots__ = ("_order", "_reporting")

    def __init__(self, order: ArticleOrder, reporting: Iterable[str]) -> None:
        self._order = order
        self._reporting = frozenset(a for a in reporting if a in order.members)

    @property
    def order(self) -> ArticleOrder:
        return self._order

    def __len__(self) -> int:
        return len(self._order.ids) - len(self._reporting)

    def __iter__(self) -> Iterator[str]:
        reporting = self._reporting
        return (a for a in self._order.ids if a not in reporting)

    def __contains__(self, article: object) -> bool:
        return article in self._order.members and article not in self._reporting

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SilentArticles) and other._order is self._order:
            return other._reporting == self._reporting
        if isinstance(other, (tuple, list, SilentArticles)):
            return len(other) == len(self) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"SilentArticles({len(self)} of {len(self._order.ids)} articles)"


@dataclass(frozen=True, slots=True)
class Fact:
    """Sentences from two or more sources that report the same thing.

    ``statements`` are grouped by article in corpus order, best first within
    an article. ``silent`` are the articles of the corpus that do not report
    it. ``defined`` marks a fact from ``config.yaml`` (``facts:``), whose
    ``query`` found it; those rank first.
    """

    id: str  # stable for the same corpus: "f-3a9c1e0b", or "user:<slug>" for config facts
    label: str  # short and readable, <= 72 characters
    statements: tuple[Statement, ...]
    silent: Sequence[str]  # a SilentArticles, or a tuple
    entities: tuple[str, ...] = ()  # entity keys (names) the statements share, most shared first
    quantities: tuple[FactQuantity, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    defined: bool = False
    query: str | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        """The reporting articles, in the order of ``statements``."""
        return tuple(dict.fromkeys(s.article for s in self.statements))

    @property
    def source_count(self) -> int:
        return len(self.articles)

    @property
    def disputed(self) -> bool:
        """Whether any two sources disagree on a value, a date or a description."""
        return bool(self.discrepancies)

    def by_article(self) -> dict[str, tuple[Statement, ...]]:
        out: dict[str, list[Statement]] = {}
        for statement in self.statements:
            out.setdefault(statement.article, []).append(statement)
        return {article: tuple(group) for article, group in out.items()}


@dataclass(frozen=True, slots=True)
class Comparison:
    """What every source says about one question: a query, or one sentence.

    ``sources`` maps every article id of the corpus (corpus order) to its
    best-matching statements, or ``None`` when nothing is close enough
    ("not reported"). ``anchor`` is the sentence compared, when it was one
    (its own article maps to that sentence).
    """

    query: str
    sources: dict[str, tuple[Statement, ...] | None]
    anchor: tuple[str, int] | None = None
    quantities: tuple[FactQuantity, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    agreements: tuple[Agreement, ...] = ()

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for group in self.sources.values() if group for s in group)

    @property
    def silent(self) -> tuple[str, ...]:
        return tuple(article for article, group in self.sources.items() if not group)
