"""What a measurement hands back: named figures with their targets.

A measurement that needs a feature the project does not have yet raises
``Unavailable`` (found by capability: an import or an attribute, never a
version check), and the report lists its figures as "not available yet".
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

MET, MISSED, NO_TARGET, UNAVAILABLE, ERROR = "met", "missed", "", "unavailable", "error"


class Unavailable(Exception):
    """The feature a figure needs is missing; the message says which and why."""


@dataclass(frozen=True)
class Target:
    """``value op limit``: ``op`` is "<=" or ">="; ``text`` as the issue words it."""

    op: str
    limit: float
    text: str

    def met(self, value: float | None) -> bool | None:
        if value is None or math.isnan(value):
            return None
        return value <= self.limit if self.op == "<=" else value >= self.limit


def at_most(limit: float, text: str) -> Target:
    return Target("<=", limit, text)


def at_least(limit: float, text: str) -> Target:
    return Target(">=", limit, text)


@dataclass
class Figure:
    """One reported number (a median, or a single value) and, where it
    applies, its p95; each may have a target."""

    id: str
    section: str
    label: str
    unit: str = ""
    value: float | None = None
    p95: float | None = None
    samples: int = 0
    target: Target | None = None
    target_p95: Target | None = None
    note: str = ""
    status: str = NO_TARGET
    extra: dict[str, Any] = field(default_factory=dict)

    def settle(self) -> Figure:
        """Work out met/missed from the targets (unless already unavailable)."""
        if self.status in (UNAVAILABLE, ERROR):
            return self
        verdicts = [t.met(v) for t, v in ((self.target, self.value), (self.target_p95, self.p95)) if t is not None]
        verdicts = [v for v in verdicts if v is not None]
        if verdicts:
            self.status = MET if all(verdicts) else MISSED
        return self

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "section": self.section, "label": self.label, "unit": self.unit,
            "value": _round(self.value), "p95": _round(self.p95), "samples": self.samples,
            "status": self.status, "note": self.note,
        }
        if self.target:
            out["target"] = {"op": self.target.op, "limit": self.target.limit, "text": self.target.text}
        if self.target_p95:
            out["target_p95"] = {"op": self.target_p95.op, "limit": self.target_p95.limit,
                                 "text": self.target_p95.text}
        if self.extra:
            out["extra"] = self.extra
        return out


@dataclass(frozen=True)
class Planned:
    """A figure a measurement will produce: listed even when it cannot run."""

    id: str
    label: str
    unit: str = ""
    target: Target | None = None
    target_p95: Target | None = None

    def figure(self, section: str, **values: Any) -> Figure:
        return Figure(self.id, section, self.label, self.unit, target=self.target,
                      target_p95=self.target_p95, **values)


def _round(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(value, 4 if abs(value) < 10 else 2)


# --------------------------------------------------------------------------
# Statistics


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else math.nan


def p95(samples: Sequence[float]) -> float:
    """Nearest-rank 95th percentile (no interpolation: a value that happened)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(0.95 * len(ordered)))
    return ordered[rank - 1]


def growth_exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """Least-squares slope of log(time) on log(size): time ~ size ** exponent."""
    pairs = [(math.log(s), math.log(t)) for s, t in zip(sizes, times) if s > 0 and t > 0]
    if len(pairs) < 2:
        return math.nan
    mx = sum(x for x, _ in pairs) / len(pairs)
    my = sum(y for _, y in pairs) / len(pairs)
    sxx = sum((x - mx) ** 2 for x, _ in pairs)
    return sum((x - mx) * (y - my) for x, y in pairs) / sxx if sxx else math.nan


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not b or math.isnan(a) or math.isnan(b):
        return None
    return a / b
