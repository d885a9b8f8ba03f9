"""From mentions to entities: group by canonical key, count per article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from summit_tui.nlp.model import ENTITY_TYPES, QUANTITY_TYPES, Entity, Mention


def group_mentions(mentions: Iterable[Mention], *, types: Sequence[str] = ()) -> list[Entity]:
    """One ``Entity`` per key, most mentioned first (ties: more articles, then
    label). The label is the one most mentions carry; quantities keep the
    shared normalised value of their key."""
    wanted = {t.upper() for t in types}
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        if not wanted or m.type in wanted:
            by_key.setdefault(m.key, []).append(m)
    entities = []
    for key, group in by_key.items():
        group.sort(key=lambda m: (m.article, m.start))
        label = Counter(m.label for m in group).most_common(1)[0][0]
        articles = dict(Counter(m.article for m in group))
        value = next((m.quantity for m in group if m.quantity is not None), None)
        entities.append(Entity(key, label, group[0].type, len(group), articles, tuple(group),
                               value if group[0].type in QUANTITY_TYPES else None))
    entities.sort(key=lambda e: (-e.count, -len(e.articles), e.label.lower(), e.key))
    return entities


def parse_types(names: Iterable[str]) -> tuple[str, ...]:
    """Entity type names as a user types them ("person", "GPE"); ValueError
    naming the unknown one."""
    out = []
    for name in names:
        upper = name.strip().upper()
        if upper not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {name!r}; use one of {', '.join(ENTITY_TYPES)}")
        out.append(upper)
    return tuple(out)
