"""The nouns of extraction: plain frozen data with offsets into ``Article.text``.

A ``Mention`` is one occurrence of a named entity or a quantity. Its ``key``
is canonical across the corpus (``person:xi_jinping``, ``gpe:united_states``,
``money:240000000000_usd``), so counting and merging across articles is a
matter of grouping by key. Quantities (MONEY, PERCENT, QUANTITY, DATE) also
carry their normalised ``Quantity``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PERSON = "PERSON"
ORG = "ORG"
GPE = "GPE"  # countries, cities, states
LOC = "LOC"  # regions, seas, "the West"
NORP = "NORP"  # nationalities, religious and political groups: "Russian", "Western"
EVENT = "EVENT"  # "China-Russia Expo", "Belt and Road"
DATE = "DATE"
MONEY = "MONEY"
PERCENT = "PERCENT"
QUANTITY = "QUANTITY"

NAME_TYPES = (PERSON, ORG, GPE, LOC, NORP, EVENT)
QUANTITY_TYPES = (MONEY, PERCENT, QUANTITY, DATE)
ENTITY_TYPES = NAME_TYPES + QUANTITY_TYPES


@dataclass(frozen=True, slots=True)
class Quantity:
    """A normalised figure or date.

    * MONEY: ``amount`` in units of ``unit`` (an ISO currency code: "USD",
      "EUR", "RUB", "CNY" ...). "USD 240 billion" and "$240 billion" are both
      ``Quantity(MONEY, 240e9, "USD")``.
    * PERCENT: ``amount`` is the number of percent, ``unit`` is "%"
      ("63 percent" == "63%" == 63.0).
    * QUANTITY: ``amount`` and a singular unit word ("tonne", "barrel",
      "cubic metre", "km", "people" ...): "107 million tonnes" -> 107e6 "tonne".
    * DATE: ``date`` is ISO at the precision the text gives ("2023",
      "2022-02", "2024-05-16"); a relative date ("last year", "on Thursday")
      is resolved against the article's published date when it has one, and
      ``relative`` keeps the phrase either way; ``date`` is None when it
      cannot be resolved.

    ``qualifiers`` are hedges and framing words kept out of the value
    ("estimated", "record", "nearly", "about", "more than", "up", "down").
    ``period`` is the reference period the sentence gives for a change, as
    ISO where possible ("2021" for "up 63 percent from 2021", "2022-02" for
    "64% since February 2022").
    """

    kind: str
    amount: float | None = None
    unit: str = ""
    date: str | None = None
    relative: str | None = None
    qualifiers: tuple[str, ...] = ()
    period: str | None = None

    def value_json(self) -> dict[str, Any]:
        """The normalised value shared by every mention with the same key."""
        if self.kind == DATE:
            out: dict[str, Any] = {"date": self.date}
            if self.date is None and self.relative:
                out["relative"] = self.relative
            return out
        amount = self.amount
        if amount is not None and float(amount).is_integer():
            amount = int(amount)
        return {"amount": amount, "unit": self.unit}

    def to_row(self) -> list[Any]:
        """A compact JSON row for the index folder's caches (facts, listing)."""
        return [self.kind, self.amount, self.unit, self.date, self.relative, list(self.qualifiers), self.period]

    @classmethod
    def from_row(cls, row: Any) -> Quantity:
        """Back from ``to_row``; TypeError or ValueError for a row of the
        wrong shape (a damaged cache, recomputed by its reader)."""
        kind, amount, unit, when, relative, qualifiers, period = row
        if type(kind) is not str or type(unit) is not str or not isinstance(qualifiers, list):
            raise TypeError("a quantity of the wrong shape")
        if amount is not None and type(amount) not in (int, float):
            raise TypeError("an amount of the wrong type")
        if any(v is not None and type(v) is not str for v in (when, relative, period)):
            raise TypeError("a quantity field of the wrong type")
        return cls(kind, None if amount is None else float(amount), unit, when, relative,
                   tuple(str(q) for q in qualifiers), period)

    def detail_json(self) -> dict[str, Any]:
        """What one mention adds to the shared value: hedges and baseline."""
        out: dict[str, Any] = {}
        if self.qualifiers:
            out["qualifiers"] = list(self.qualifiers)
        if self.period:
            out["period"] = self.period
        if self.kind == DATE and self.relative and self.date is not None:
            out["relative"] = self.relative
        return out


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence: ``Article.text[start:end] == text``.

    ``label`` is the canonical display name of ``key`` ("Xi Jinping" for a
    mention "Xi"; "$240 billion" for "USD 240 billion"). ``sentence`` indexes
    ``Article.sentences`` (-1 when the mention sits in a heading).
    """

    article: str
    start: int
    end: int
    type: str
    key: str
    label: str
    text: str
    sentence: int
    quantity: Quantity | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """Every mention of one key, across the articles asked about."""

    key: str
    label: str
    type: str
    count: int
    articles: dict[str, int] = field(default_factory=dict)  # article id -> mentions
    mentions: tuple[Mention, ...] = ()
    value: Quantity | None = None  # for quantity types: the shared normalised value
