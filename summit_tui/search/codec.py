"""How entity mentions are stored in the index: compact JSON per article.

Written by the build, read back by queries; ``Mention.text`` is not stored
(it is ``Article.text[start:end]``), and each key's label is stored once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from summit_tui.nlp.model import Mention, Quantity


def encode_mentions(mentions: Sequence[Mention]) -> str:
    labels: dict[str, str] = {}
    rows: list[list[Any]] = []
    for m in mentions:
        labels.setdefault(m.key, m.label)
        row: list[Any] = [m.start, m.end, m.type, m.key, m.sentence]
        q = m.quantity
        if q is not None:
            row.append([q.amount, q.unit, q.date, q.relative, list(q.qualifiers), q.period])
        rows.append(row)
    return json.dumps({"l": labels, "m": rows}, ensure_ascii=False, separators=(",", ":"))


def decode_mentions(raw: str | None, article_id: str, text: str) -> tuple[Mention, ...]:
    """The stored mentions; an empty tuple for an article stored without any."""
    if not raw:
        return ()
    data = json.loads(raw)
    labels: dict[str, str] = data["l"]
    out = []
    for row in data["m"]:
        start, end, kind, key, sentence = row[:5]
        quantity = None
        if len(row) > 5:
            amount, unit, date, relative, qualifiers, period = row[5]
            quantity = Quantity(kind, amount, unit, date, relative, tuple(qualifiers), period)
        out.append(Mention(article_id, start, end, kind, key, labels.get(key, key), text[start:end], sentence, quantity))
    return tuple(out)
