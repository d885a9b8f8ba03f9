"""The query set: drawn from the corpus itself (seeded), the same for both
engines, so every query finds something and rare and common words both occur.

Kinds: term, AND, phrase, fuzzy (a misspelt word with ``~``; FTS5 has no
fuzzy matching, so it gets the prefix a user would type instead: the
letters before the slip, ``partne*``), and entity filter (FTS5 has no
entities: it gets ``term AND "the entity's name"``).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

KINDS = ("term", "and", "phrase", "fuzzy", "entity")
KIND_LABELS = {"term": "term", "and": "AND", "phrase": "phrase", "fuzzy": "fuzzy (FTS5: prefix)",
               "entity": "entity filter (FTS5: term AND name)"}

# Words nobody searches for; kept out of the query set (neither engine drops them).
_FUNCTION_WORDS = frozenset(
    "about above after again against because before being below between both could during each from "
    "further having here itself more most other over same should some such than that their theirs them "
    "then there these they this those through under until very were what when where which while whom "
    "with would your also into only will said says have been"
    .split()
)
_WORD = re.compile(r"[A-Za-z]+")
_PAIR = re.compile(r"(?<![\w’'-])([A-Za-z]{3,}) ([A-Za-z]{3,})(?: ([A-Za-z]{3,}))?(?![\w’'-])")

# Share of articles a word appears in: one bucket per band, common to rare.
_BANDS = ((0.4, 1.01), (0.15, 0.4), (0.04, 0.15), (0.01, 0.04), (0.0, 0.01))


@dataclass(frozen=True)
class Query:
    summit: str  # what a summit-tui user types
    fts5: str  # the FTS5 MATCH expression for the same need
    entities: tuple[str, ...] = ()  # entity keys to filter by (entity kind)


@dataclass
class QuerySet:
    kinds: dict[str, list[Query]] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)  # kind -> why

    def to_json(self) -> dict[str, Any]:
        return {kind: [q.summit + (f"  [entities: {', '.join(q.entities)}]" if q.entities else "")
                       for q in qs] for kind, qs in self.kinds.items()}


def _article_words(articles: Sequence[Any]) -> list[set[str]]:
    return [{w.lower() for w in _WORD.findall(a.title + " " + a.text)} for a in articles]


def _document_frequency(words: Sequence[set[str]]) -> Counter[str]:
    df: Counter[str] = Counter()
    for found in words:
        df.update(found)
    return df


def _banded_words(df: Counter[str], total: int) -> list[list[str]]:
    bands: list[list[str]] = [[] for _ in _BANDS]
    for word, count in sorted(df.items()):
        if len(word) < 5 or word in _FUNCTION_WORDS or count < 2:
            continue
        share = count / total
        for i, (low, high) in enumerate(_BANDS):
            if low <= share < high:
                bands[i].append(word)
                break
    return bands


def _pick(rng: random.Random, bands: list[list[str]], which: Sequence[int], k: int) -> list[str]:
    """``k`` distinct words, spread round-robin over the bands ``which``."""
    chosen: list[str] = []
    usable = [b for b in which if bands[b]]
    i = 0
    while len(chosen) < k and usable and i < 50 * k:
        band = bands[usable[i % len(usable)]]
        word = rng.choice(band)
        if word not in chosen:
            chosen.append(word)
        i += 1
    return chosen


def _typo(rng: random.Random, word: str) -> tuple[str, int]:
    """One edit (a letter changed, dropped or doubled) at or after the fifth
    letter, and where it is: a fuzzy query (``~``, edit distance 1) finds
    the word again, and the letters before the edit are the prefix a FTS5
    user would type instead."""
    pos = rng.randrange(4, len(word) - 1)
    edit = rng.randrange(3)
    if edit == 0:
        letters = [c for c in "aeioulnrst" if c != word[pos]]
        return word[:pos] + rng.choice(letters) + word[pos + 1 :], pos
    if edit == 1:
        return word[:pos] + word[pos + 1 :], pos
    return word[:pos] + word[pos] + word[pos:], pos


def _phrases(rng: random.Random, articles: Sequence[Any], k: int) -> list[str]:
    found: list[str] = []
    tries = 0
    while len(found) < k and tries < 200 * k:
        tries += 1
        article = rng.choice(articles)
        if not article.sentences:
            continue
        sentence = article.sentence_text(rng.randrange(len(article.sentences)))
        matches = list(_PAIR.finditer(sentence))
        if not matches:
            continue
        m = rng.choice(matches)
        words = [w for w in m.groups() if w]
        if rng.random() < 0.6:
            words = words[:2]
        if sum(w.lower() not in _FUNCTION_WORDS and len(w) > 3 for w in words) < 2:
            continue
        phrase = " ".join(w.lower() for w in words)
        if phrase not in found:
            found.append(phrase)
    return found


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def build_query_set(articles: Sequence[Any], *, seed: int, per_kind: int,
                    entities: Sequence[Any] | None, entities_missing: str = "") -> QuerySet:
    """``entities``: ``summit_tui.nlp.model.Entity`` objects (most mentioned
    first) when the project extracts them, else None and ``entities_missing``
    says why."""
    rng = random.Random(seed)
    words = _article_words(articles)
    df = _document_frequency(words)
    bands = _banded_words(df, len(articles))
    band_of = {w: i for i, band in enumerate(bands) for w in band}
    qs = QuerySet()

    terms = _pick(rng, bands, range(len(_BANDS)), per_kind)
    qs.kinds["term"] = [Query(t, t) for t in terms]

    # AND: a common word, and a rarer one from an article that has both
    # (a query that finds nothing would time the "did you mean" path).
    pairs = []
    for a in _pick(rng, bands, (0, 1, 2), per_kind):
        having = [i for i, found in enumerate(words) if a in found]
        others = sorted(w for w in words[rng.choice(having)] if band_of.get(w, 0) >= 1 and w != a)
        if others:
            pairs.append((a, rng.choice(others)))
    qs.kinds["and"] = [Query(f"{a} AND {b}", f"{a} AND {b}") for a, b in pairs]

    qs.kinds["phrase"] = [Query(f'"{p}"', _fts_phrase(p)) for p in _phrases(rng, articles, per_kind)]

    long_words = [[w for w in band if len(w) >= 7] for band in bands]
    fuzzy = []
    for word in _pick(rng, long_words, (0, 1, 2, 3), per_kind):
        typo, pos = _typo(rng, word)
        fuzzy.append(Query(f"{typo}~", f"{typo[:pos]}*"))
    qs.kinds["fuzzy"] = fuzzy

    if entities is None:
        qs.unavailable["entity"] = entities_missing or "the index has no entities"
    else:
        named = [e for e in entities if getattr(e, "type", "") in ("PERSON", "ORG", "GPE")]
        if not named:
            qs.unavailable["entity"] = "the index holds no PERSON, ORG or GPE entities"
        else:
            # What a user filters by: the well-known names (every other one
            # of the most mentioned), not the long tail of one-off mentions.
            picked = named[: 2 * per_kind : 2]
            common = _pick(rng, bands, (0, 1), len(picked))
            qs.kinds["entity"] = [
                Query(term, f"{term} AND {_fts_phrase(e.label)}", (e.key,)) for term, e in zip(common, picked)
            ]
    return qs
