"""Cross-source alignment: which sentences of different articles report the
same thing (a ``Fact``).

1. Every sentence becomes weighted terms (``features``): stemmed content
   words and concept terms, entity keys, normalised figures and dates.
2. Candidates come from an in-memory inverted index over those terms, queried
   with each sentence's most salient terms and restricted to other articles;
   very common terms stay out of the postings. Never all pairs: the work per
   sentence is bounded, so the whole grows about linearly with the corpus.
3. Each candidate pair is scored by what the two sentences share; for every
   pair of articles the best one-to-one matches above a threshold are kept.
4. Matches are grouped into facts strongest first. A sentence joins a group
   only if it is close to the group as a whole (average similarity to every
   member, and no member it shares nothing with), and a group holds one
   sentence per article, so a fact cannot drift through a chain of weak
   links. A second sentence of an article joins when it is nearly as good.
5. A group of two or more articles is a fact: labelled from its most central
   statement, with the articles that stay silent, ranked by how many
   sources report it.

Facts a user defines in config (``facts: [{name, query}]``) are built from
each article's best-matching sentence(s) for the query, and rank first.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from contextlib import contextmanager
from operator import itemgetter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from summit_tui.corpus.model import Article
from summit_tui.errors import ConfigError
from summit_tui.facts.features import (
    FEATURES_VERSION,
    SentenceFeatures,
    SentenceIndex,
    TermStats,
    pair_score,
    query_features,
    sentence_features,
)
from summit_tui.facts.model import ArticleOrder, Fact, FactQuantity, SilentArticles, Statement
from summit_tui.nlp.model import NAME_TYPES, QUANTITY_TYPES, Mention

ALIGN_VERSION = 1  # bump when the algorithm changes: cached facts are then recomputed

Progress = Callable[[int, int, str], None]
PROGRESS_MESSAGE = "aligning facts"
LABEL_MAX = 72

_NAME_TYPES = frozenset(NAME_TYPES)
_MAX_CLASH = 3  # articles two merging groups may both hold (one sentence each is kept)
_QUANTITY_TYPES = frozenset(QUANTITY_TYPES)


@dataclass(frozen=True)
class AlignSettings:
    """The knobs of alignment; part of the cache key."""

    pair_threshold: float = 0.42  # a match between sentences of two articles (``similarity``)
    group_threshold: float = 0.4  # average similarity between the members of two groups that merge
    min_link: float = 0.2  # ... and of every pair of them: none that shares (almost) nothing
    candidates: int = 16  # sentences of other articles scored per sentence
    query_terms: int = 8  # salient terms a sentence queries the index with
    max_postings: int = 500  # terms in more sentences than this do not find candidates
    budget: int = 500  # postings one sentence's query may visit, at most
    second_statement: float = 0.9  # a second sentence of an article joins if nearly as good
    sample: int = 12  # group members a newcomer is checked against, at most (big groups)
    define_threshold: float = 0.4  # config facts: share of the query's weight a sentence covers

    def fingerprint(self) -> str:
        data = {"settings": asdict(self), "align": ALIGN_VERSION, "features": FEATURES_VERSION,
                "analysis": analysis_version()}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


# -- config facts ----------------------------------------------------------------


@dataclass(frozen=True)
class FactDefinition:
    """A fact a user names in config: ``facts: [{name, query}]``."""

    name: str
    query: str

    @property
    def id(self) -> str:
        return "user:" + slug(self.name)


_DEFINITION_KEYS = ("name", "query")


def parse_fact_definitions(section: object) -> tuple[FactDefinition, ...]:
    """The config's ``facts`` section, checked: ``ConfigError`` naming the problem."""
    if section in (None, "", []):
        return ()
    if not isinstance(section, list):
        raise ConfigError("config: 'facts' must be a list of {name: ..., query: ...} entries")
    out: list[FactDefinition] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(section):
        where = f"config: facts[{i}]"
        if not isinstance(item, Mapping):
            raise ConfigError(f"{where} must be a mapping like {{name: Trade figure, query: trade billion}}")
        unknown = sorted(str(k) for k in item if k not in _DEFINITION_KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown key {unknown[0]!r}; expected: name, query")
        for key in _DEFINITION_KEYS:
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}: '{key}' is missing or empty; give it as text")
        name, query = " ".join(item["name"].split()), " ".join(item["query"].split())
        if not slug(name):
            raise ConfigError(f"{where}: name {name!r} needs at least one letter or digit")
        if len(name) > LABEL_MAX:
            raise ConfigError(f"{where}: name is longer than {LABEL_MAX} characters; shorten it")
        if slug(name) in seen:
            raise ConfigError(f"{where}: name {name!r} is already used by {seen[slug(name)]!r}; names must differ")
        seen[slug(name)] = name
        out.append(FactDefinition(name, query))
    return tuple(out)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# -- the corpus ------------------------------------------------------------------


@dataclass
class _Corpus:
    """Sentences of every article as features, with the numbers alignment needs."""

    articles: Sequence[Article]
    mentions: Mapping[str, Sequence[Mention]]
    features: list[SentenceFeatures]
    stats: TermStats
    weights: dict[str, float]
    totals: list[float]  # each sentence's own weight
    evidence_scale: float
    by_id: dict[str, Article]
    order: dict[str, int]  # article id -> its place in corpus order
    article_order: ArticleOrder  # the same, shared by every fact's silent list

    def sim(self, p: int, q: int) -> float:
        shared = self.features[p].terms & self.features[q].terms
        if not shared:
            return 0.0
        return pair_score(sum(map(self.weights.__getitem__, shared)), self.totals[p], self.totals[q],
                          self.evidence_scale)


def _corpus(articles: Sequence[Article], mentions: Mapping[str, Sequence[Mention]],
            tick: Callable[[], None]) -> _Corpus:
    features: list[SentenceFeatures] = []
    for article in articles:
        features.extend(sentence_features(article, mentions.get(article.id, ())))
        tick()
    stats = TermStats.from_features(features)
    weights = stats.weights()
    totals = [sum(weights[t] for t in f.terms) for f in features]
    return _Corpus(articles, mentions, features, stats, weights, totals, stats.evidence_scale,
                   {a.id: a for a in articles}, {a.id: i for i, a in enumerate(articles)},
                   ArticleOrder(a.id for a in articles))


# -- alignment -------------------------------------------------------------------


def align_corpus(
    articles: Sequence[Article],
    mentions: Mapping[str, Sequence[Mention]],
    *,
    settings: AlignSettings | None = None,
    definitions: Sequence[FactDefinition] = (),
    progress: Progress | None = None,
    gazetteer: object | None = None,
) -> list[Fact]:
    """The facts of a corpus, ranked: config facts first (in config order),
    then by number of reporting articles, then by how closely they agree.
    ``mentions``: article id -> that article's stored mentions."""
    settings = settings or AlignSettings()
    articles = sorted(articles, key=lambda a: a.id)
    total = 2 * len(articles) + 1
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, total), total, PROGRESS_MESSAGE)

    with _collector_paused():
        corpus = _corpus(articles, mentions, tick)
        edges, near = _matches(corpus, settings, tick)
        groups = _group(corpus, edges, near, settings)
        facts = [_fact(corpus, group, settings) for group in groups]
        facts.sort(key=lambda f: (-f.source_count, -_fact_score(f), f.id))
        defined = [_defined_fact(corpus, d, settings, gazetteer) for d in definitions]
    tick()
    return defined + facts


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Alignment allocates millions of small tuples and sets that make no
    reference cycles; the cyclic garbage collector would walk the whole heap
    again and again while they pile up (time growing faster than the corpus)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


Match = tuple[float, int, int]  # (score, p, q): sentence positions, p < q


def _matches(corpus: _Corpus, settings: AlignSettings, tick: Callable[[], None]) -> tuple[list[Match], list[Match]]:
    """The best one-to-one sentence matches of every pair of articles above
    the threshold, strongest first; and every scored pair above it."""
    index = SentenceIndex(corpus.features, corpus.stats, query_terms=settings.query_terms,
                          max_postings=settings.max_postings, budget=settings.budget)
    features = corpus.features
    article_of = [corpus.order[f.article] for f in features]  # position -> article number
    width = len(corpus.articles)
    by_pair: dict[int, list[Match]] = {}  # article pair (as one number) -> its matches
    scored: set[int] = set()  # pairs already scored, as p * size + q (no tuple per pair)
    size = len(features)
    threshold = settings.pair_threshold
    last_article = article_of[0] if features else -1
    for p, feature in enumerate(features):
        if article_of[p] != last_article:
            last_article = article_of[p]
            tick()
        for q in index.candidates(feature, limit=settings.candidates):
            low, high = (p, q) if p < q else (q, p)
            key = low * size + high
            if key in scored:
                continue
            scored.add(key)
            score = corpus.sim(low, high)
            if score >= threshold:
                by_pair.setdefault(article_of[low] * width + article_of[high], []).append((score, low, high))
    if features:
        tick()
    kept: list[Match] = []
    near: list[Match] = []
    for matches in by_pair.values():
        near.extend(matches)
        _strongest_first(matches)
        used: set[int] = set()
        for match in matches:
            if match[1] in used or match[2] in used:
                continue
            used.update(match[1:])
            kept.append(match)
    _strongest_first(kept)
    return kept, near


def _strongest_first(matches: list[Match]) -> None:
    """Sort by score, high to low; equal scores by position (two C-level
    sorts: stable, and much faster than a key function on big lists)."""
    matches.sort()
    matches.sort(key=itemgetter(0), reverse=True)


@dataclass
class _Group:
    members: list[int]  # sentence positions, one per article, strongest links first
    by_article: dict[str, int]  # article id -> its member
    extras: list[int]  # second sentences of an article already in the group

    @classmethod
    def of(cls, position: int, article: str) -> _Group:
        return cls([position], {article: position}, [])

    def drop(self, position: int, article: str) -> None:
        self.members.remove(position)
        del self.by_article[article]

    def absorb(self, other: _Group) -> None:
        self.members.extend(other.members)
        self.by_article.update(other.by_article)


def _group(corpus: _Corpus, edges: Sequence[Match], near: Sequence[Match], settings: AlignSettings) -> list[_Group]:
    """Strongest matches first, merge groups when they stay coherent. The
    larger group absorbs the smaller, so relabelling costs O(n log n)."""
    group_of: dict[int, _Group] = {}
    features = corpus.features
    for _score, p, q in edges:
        a, b = group_of.get(p), group_of.get(q)
        if a is not None and a is b:
            continue
        left = a or _Group.of(p, features[p].article)
        right = b or _Group.of(q, features[q].article)
        if len(left.members) < len(right.members):
            left, right = right, left
        clash = left.by_article.keys() & right.by_article.keys()
        dropped: list[int] = []
        if clash:
            # One sentence per article: of two that clash, the one closer to
            # the rest of both groups stays, if the rest still holds together.
            # Groups that share many articles are two facts those articles
            # all report, not one.
            if len(clash) > min(_MAX_CLASH, max(1, len(right.members) // 3)):
                continue
            dropped = _settle_clash(corpus, left, right, clash, settings.sample)
            if not dropped:
                continue
        keep_left = [m for m in left.members if m not in dropped] if dropped else left.members
        keep_right = [m for m in right.members if m not in dropped] if dropped else right.members
        if not keep_left or not keep_right or not _coherent(corpus, keep_left, keep_right, settings):
            continue
        for position in dropped:
            article = features[position].article
            owner = left if left.by_article.get(article) == position else right
            owner.drop(position, article)
            group_of.pop(position, None)
        left.absorb(right)
        for member in right.members:
            group_of[member] = left
        for position in (p, q):  # a group made just now for this match
            if left.by_article.get(features[position].article) == position:
                group_of[position] = left
    groups = list({id(g): g for g in group_of.values()}.values())
    groups = [g for g in groups if len(g.members) >= 2]
    _add_second_statements(corpus, groups, group_of, near, settings)
    for g in groups:
        g.members.sort()
    return groups


def _settle_clash(corpus: _Corpus, left: _Group, right: _Group, clash: set[str], sample: int) -> list[int]:
    """The weaker sentence of each article both groups hold (the one less
    similar to their other members), to be dropped; [] if nothing is left
    to compare them with."""
    others = [m for m in _sample(left.members, sample) if corpus.features[m].article not in clash]
    others += [m for m in _sample(right.members, sample) if corpus.features[m].article not in clash]
    if not others:
        return []

    def closeness(p: int) -> float:
        return sum(corpus.sim(p, o) for o in others) / len(others)

    drop: list[int] = []
    for article in sorted(clash):
        a, b = left.by_article[article], right.by_article[article]
        drop.append(b if (closeness(a), -a) >= (closeness(b), -b) else a)
    return drop


def _coherent(corpus: _Corpus, left: Sequence[int], right: Sequence[int], settings: AlignSettings) -> bool:
    """Whether two groups are one fact: their members close on average, and
    no pair of them sharing (almost) nothing."""
    left = _sample(left, settings.sample)
    right = _sample(right, settings.sample)
    total = 0.0
    for p in left:
        for q in right:
            score = corpus.sim(p, q)
            if score < settings.min_link:
                return False
            total += score
    return total / (len(left) * len(right)) >= settings.group_threshold


def _sample(members: Sequence[int], size: int) -> Sequence[int]:
    if len(members) <= size:
        return members
    step = len(members) / size  # the first members are the strongest links: keep an even spread
    return [members[int(i * step)] for i in range(size)]


def _add_second_statements(corpus: _Corpus, groups: Sequence[_Group], group_of: Mapping[int, _Group],
                           near: Sequence[Match], settings: AlignSettings) -> None:
    """A second sentence of a member's article that matches the rest of the
    group nearly as well as the member does (and belongs to no other fact)."""
    in_fact = {id(g) for g in groups}
    candidates: dict[int, set[int]] = {}
    # Sentences with a candidate match in some group, from the scored pairs'
    # strongest ends: cheap, and enough (a near-equal second sentence scored
    # high against some member).
    for _score, p, q in near:
        for new, anchor in ((p, q), (q, p)):
            group = group_of.get(anchor)
            if group is None or id(group) not in in_fact or new in group_of:
                continue
            candidates.setdefault(new, set()).add(id(group))
    by_id = {id(g): g for g in groups}
    for new in sorted(candidates):
        article = corpus.features[new].article
        best: tuple[float, _Group] | None = None
        for gid in candidates[new]:
            group = by_id[gid]
            member = group.by_article.get(article)
            if member is None:
                continue
            others = [m for m in _sample(group.members, settings.sample + 1) if m != member]
            mine = sum(corpus.sim(new, o) for o in others) / len(others)
            theirs = sum(corpus.sim(member, o) for o in others) / len(others)
            if mine >= settings.pair_threshold and mine >= settings.second_statement * theirs:
                if best is None or mine > best[0]:
                    best = (mine, group)
        if best is not None:
            best[1].extras.append(new)


# -- facts -----------------------------------------------------------------------


def _fact(corpus: _Corpus, group: _Group, settings: AlignSettings) -> Fact:
    features = corpus.features
    positions = sorted(group.members + group.extras)
    scores = {}
    sample = _sample(group.members, settings.sample + 1)
    for p in positions:
        others = [q for q in sample if features[q].article != features[p].article]
        scores[p] = sum(corpus.sim(p, q) for q in others) / len(others) if others else 0.0
    by_id = corpus.by_id
    statements: list[Statement] = []
    order = corpus.order
    primary = set(group.members)
    positions.sort(key=lambda p: (order[features[p].article], p not in primary, -scores[p], p))
    for p in positions:
        f = features[p]
        statements.append(_statement(by_id[f.article], f.sentence, round(scores[p], 4)))
    central = max(positions, key=lambda p: (scores[p] - _length_penalty(corpus, p), -p))
    central_article = by_id[features[central].article]
    label = make_label(central_article.sentence_text(features[central].sentence))
    members = sorted(f"{features[p].article}:{features[p].sentence}" for p in positions)
    fact_id = "f-" + hashlib.sha1("|".join(members).encode()).hexdigest()[:10]
    return _finish(Fact(id=fact_id, label=label, statements=tuple(statements),
                        silent=_silent(corpus, statements)), corpus.mentions)


def _length_penalty(corpus: _Corpus, p: int) -> float:
    """A long sentence makes a poor label: prefer a shorter one that is
    nearly as central."""
    f = corpus.features[p]
    article = corpus.by_id[f.article]
    s = article.sentences[f.sentence]
    return max(0, (s.end - s.start) - LABEL_MAX) / 400


def _statement(article: Article, sentence: int, score: float) -> Statement:
    s = article.sentences[sentence]
    return Statement(article=article.id, source=article.source, sentence=sentence,
                     text=article.text[s.start:s.end], start=s.start, end=s.end, score=score)


def _silent(corpus: _Corpus, statements: Iterable[Statement]) -> SilentArticles:
    return corpus.article_order.silent(s.article for s in statements)


def _fact_score(fact: Fact) -> float:
    return sum(s.score for s in fact.statements) / len(fact.statements) if fact.statements else 0.0


def _defined_fact(corpus: _Corpus, definition: FactDefinition, settings: AlignSettings,
                  gazetteer: object | None) -> Fact:
    """A config fact: each article's best sentence for the query (and a
    second one nearly as good), if it covers enough of the query."""
    query = query_features(definition.query, gazetteer=gazetteer)
    weights = corpus.weights
    stats = corpus.stats
    query_weight = sum(weights.get(t) or stats.weight(t) for t in query.terms)
    best: dict[str, list[tuple[float, int]]] = {}
    if query_weight > 0:
        for p, feature in enumerate(corpus.features):
            shared = query.terms & feature.terms
            if not shared:
                continue
            score = round(sum(weights.get(t) or stats.weight(t) for t in shared) / query_weight, 9)
            if score >= settings.define_threshold:
                best.setdefault(feature.article, []).append((score, p))
    statements: list[Statement] = []
    by_id = corpus.by_id
    for article in corpus.articles:
        found = sorted(best.get(article.id, ()), key=lambda m: (-m[0], m[1]))
        if not found:
            continue
        top = found[0][0]
        for score, p in found[:2]:
            if score >= settings.second_statement * top:
                statements.append(_statement(by_id[article.id], corpus.features[p].sentence, round(score, 4)))
    fact = Fact(id=definition.id, label=make_label(definition.name), statements=tuple(statements),
                silent=_silent(corpus, statements), defined=True, query=definition.query)
    return _finish(fact, corpus.mentions)


def make_label(text: str, limit: int = LABEL_MAX) -> str:
    """A short readable label: the sentence, without a leading time or place
    clause ("On Thursday, ...") when it is too long, trimmed at a word boundary."""
    text = " ".join(text.split())
    lead = _LEAD_CLAUSE.match(text) if len(text) > limit else None
    if lead and len(text) - lead.end() >= 30:
        rest = text[lead.end():]
        text = rest[:1].upper() + rest[1:]
    if len(text) <= limit:
        return text.rstrip()
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


# "On Thursday, ", "Last year, ", "In a recent interview, ": short, no quotes.
_LEAD_CLAUSE = re.compile(
    r"^(?:On|In|At|During|Last|This|After|Before|Since|Earlier|Later|Meanwhile)\b[^,\"“”]{0,40},\s+"
)


# -- what the statements share ---------------------------------------------------


def analysis_version() -> str:
    """The comparison module's version, when it is there (its results are cached with ours)."""
    try:
        from summit_tui.facts import compare
    except ImportError:
        return "none"
    return str(getattr(compare, "ANALYSIS_VERSION", getattr(compare, "VERSION", 1)))


def _finish(fact: Fact, mentions: Mapping[str, Sequence[Mention]]) -> Fact:
    """Entities, figures, discrepancies and agreements of a fact's statements."""
    analyse = _analyser()
    if analyse is not None:
        analysis = analyse(fact.statements, {a: mentions.get(a, ()) for a in fact.articles})
        return replace(fact, entities=tuple(analysis.entities), quantities=tuple(analysis.quantities),
                       discrepancies=tuple(analysis.discrepancies), agreements=tuple(analysis.agreements))
    entities, quantities = shared_names_and_figures(fact.statements, mentions)
    return replace(fact, entities=entities, quantities=quantities)


def _analyser() -> Callable[..., Any] | None:
    try:
        from summit_tui.facts.compare import analyse
    except ImportError:
        return None
    return analyse


def shared_names_and_figures(statements: Sequence[Statement], mentions: Mapping[str, Sequence[Mention]]
                             ) -> tuple[tuple[str, ...], tuple[FactQuantity, ...]]:
    """Entity keys named by two or more reporting articles (most shared
    first), and every figure or date the statements give."""
    names: dict[str, set[str]] = {}
    figures: dict[str, tuple[Mention, set[str]]] = {}
    for statement in statements:
        for m in mentions.get(statement.article, ()):
            if not (statement.start <= m.start and m.end <= statement.end):
                continue
            if m.type in _NAME_TYPES:
                names.setdefault(m.key, set()).add(statement.article)
            elif m.type in _QUANTITY_TYPES and m.quantity is not None:
                figures.setdefault(m.key, (m, set()))[1].add(statement.article)
    entities = tuple(k for k, arts in sorted(names.items(), key=lambda kv: (-len(kv[1]), kv[0])) if len(arts) >= 2)
    order = {a: i for i, a in enumerate(dict.fromkeys(s.article for s in statements))}
    quantities = tuple(
        FactQuantity(key=key, label=m.label, type=m.type, value=m.quantity,  # type: ignore[arg-type]
                     articles=tuple(sorted(arts, key=order.__getitem__)))
        for key, (m, arts) in sorted(figures.items(), key=lambda kv: (-len(kv[1][1]), kv[0]))
    )
    return entities, quantities
