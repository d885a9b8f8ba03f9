"""From mentions to entities: group by canonical key, count per article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from summit_tui.nlp.model import ENTITY_TYPES, QUANTITY_TYPES, Entity, Mention, Quantity


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
    entities.sort(key=entity_order)
    return entities


@dataclass(frozen=True, slots=True)
class EntityCount:
    """One entity's totals, without its mentions: what a list of entities
    shows (the TUI's entity pane and palette). The same key, label, type,
    count and value as the ``Entity`` that ``group_mentions`` makes of the
    same mentions; ``article_count`` is ``len(Entity.articles)``."""

    key: str
    label: str
    type: str
    count: int
    article_count: int
    value: Quantity | None = None

    @classmethod
    def of(cls, entity: Entity) -> EntityCount:
        return cls(entity.key, entity.label, entity.type, entity.count, len(entity.articles), entity.value)


def entity_order(entity: Entity | EntityCount) -> tuple[int, int, str, str]:
    """Most mentioned first; ties: more articles, then label, then key."""
    articles = entity.article_count if isinstance(entity, EntityCount) else len(entity.articles)
    return (-entity.count, -articles, entity.label.lower(), entity.key)


@dataclass(slots=True)
class _Running:
    """One key's totals so far. ``first`` positions are ``(article, start,
    n)``, n counting the article's mentions: the order ``group_mentions``
    sorts a key's mentions in (a stable sort by article and start)."""

    count: int = 0
    articles: int = 0
    last_article: str | None = None
    first: tuple[str, int, int] | None = None
    type: str = ""
    labels: dict[str, list[object]] = field(default_factory=dict)  # label -> [count, first position]
    value_at: tuple[str, int, int] | None = None
    value: Quantity | None = None


class EntityTally:
    """Counts a corpus's mentions one article at a time and keeps none of
    them: at 10,000 articles the mentions themselves take ~300 MB, the
    tally a few. ``counts()`` gives what ``group_mentions`` over every
    mention would, as ``EntityCount``s, whatever order the articles come in."""

    def __init__(self) -> None:
        self._keys: dict[str, _Running] = {}

    def add(self, mentions: Iterable[Mention]) -> None:
        """One article's mentions (each article once)."""
        for n, m in enumerate(mentions):
            run = self._keys.get(m.key)
            if run is None:
                run = self._keys[m.key] = _Running()
            at = (m.article, m.start, n)
            run.count += 1
            if run.last_article != m.article:
                run.articles += 1
                run.last_article = m.article
            if run.first is None or at < run.first:
                run.first, run.type = at, m.type
            seen = run.labels.get(m.label)
            if seen is None:
                run.labels[m.label] = [1, at]
            else:
                seen[0] += 1  # type: ignore[operator]
                if at < seen[1]:  # type: ignore[operator]
                    seen[1] = at
            if m.quantity is not None and (run.value_at is None or at < run.value_at):
                run.value_at, run.value = at, m.quantity

    def counts(self, *, types: Sequence[str] = ()) -> list[EntityCount]:
        """Most mentioned first, as ``group_mentions`` orders its entities;
        ``types``: keep these entity types only."""
        wanted = {t.upper() for t in types}
        out = []
        for key, run in self._keys.items():
            if wanted and run.type not in wanted:
                continue
            # Counter.most_common: the most frequent label, the first seen on a tie
            label = min(run.labels.items(), key=lambda item: (-item[1][0], item[1][1]))[0]  # type: ignore[operator]
            value = run.value if run.type in QUANTITY_TYPES else None
            out.append(EntityCount(key, label, run.type, run.count, run.articles, value))
        out.sort(key=entity_order)
        return out


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
