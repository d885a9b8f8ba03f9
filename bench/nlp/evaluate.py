"""Score ``summit_tui.nlp.extract_mentions`` against the hand-labelled sample.

    .venv/bin/python bench/nlp/evaluate.py [--json] [--show-errors]
    .venv/bin/python bench/nlp/evaluate.py --self-test   # check the scorer itself

The sample (``bench/nlp/labelled/*.txt``) is written and labelled by hand
following ``bench/nlp/GUIDELINES.md``; it is deliberately *not* about the seed
corpus, so a gazetteer tuned to the seeds gets no free points.

Scores, per type and micro-averaged: exact (same start, end and type) and
partial (overlapping span, same type, matched one-to-one), plus type-agnostic
span detection. Throughput is KB of article text per second of
``extract_mentions`` over the sample repeated to at least 1 MB, after a
warm-up call, so the one-off gazetteer load is reported on its own.

Exit status: 0 after a report, 2 when the extractor cannot be imported (or a
labelled file is malformed), 1 when the self-test or --lint finds a problem.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from summit_tui.corpus.clean import split_sentences
from summit_tui.corpus.model import Article, Paragraph, Sentence

if TYPE_CHECKING:
    from summit_tui.nlp.model import Mention

# The types of summit_tui.nlp.model, spelled out rather than imported: any
# import from summit_tui.nlp runs the package's __init__ (the extractor), which
# would hide its import time and make --self-test depend on it.
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "DATE", "MONEY", "PERCENT", "QUANTITY")
LABELLED_DIR = Path(__file__).resolve().parent / "labelled"
THROUGHPUT_TARGET_BYTES = 1 << 20  # 1 MiB
OTHER = "OTHER"  # a predicted type outside ENTITY_TYPES

Extractor = Callable[[Article], Iterable["Mention"]]


class SampleError(Exception):
    """A labelled file that cannot be parsed; the message names file and line."""


# --------------------------------------------------------------------------
# The labelled sample


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    article: Article
    gold: tuple[GoldSpan, ...]

    @property
    def words(self) -> int:
        return len(self.article.text.split())


_MARK = re.compile(r"\[\[([A-Z]+)\|([^\[\]|\n]+)\]\]")
_STRAY_MARKUP = re.compile(r"\[\[|\]\]|\|")
_PUBLISHED = re.compile(r"^published:\s*(\S*)\s*$")
_HEADING_PREFIX = "## "


def strip_markup(raw: str, where: str) -> tuple[str, list[GoldSpan]]:
    """Plain text of one paragraph and its gold spans (offsets into it)."""
    out: list[str] = []
    spans: list[GoldSpan] = []
    pos = 0  # in raw
    length = 0  # of the plain text so far
    for m in _MARK.finditer(raw):
        before = raw[pos : m.start()]
        _reject_stray(before, where)
        out.append(before)
        length += len(before)
        label, surface = m.group(1), m.group(2)
        if label not in ENTITY_TYPES:
            raise SampleError(f"{where}: unknown type {label!r} in {m.group(0)!r}")
        if surface != surface.strip():
            raise SampleError(f"{where}: span has outer whitespace: {m.group(0)!r}")
        spans.append(GoldSpan(length, length + len(surface), label, surface))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    _reject_stray(raw[pos:], where)
    out.append(raw[pos:])
    return "".join(out), spans


def _reject_stray(plain: str, where: str) -> None:
    stray = _STRAY_MARKUP.search(plain)
    if stray:
        snippet = plain[max(0, stray.start() - 30) : stray.end() + 30]
        raise SampleError(f"{where}: malformed markup near {snippet!r}")


def parse_labelled(path: Path) -> LabelledArticle:
    """One labelled file -> an ``Article`` built as the corpus loader would
    (paragraphs joined by a blank line, the project's sentence splitter) and
    its gold spans as offsets into ``Article.text``."""
    data = path.read_bytes()
    try:
        lines = data.decode("utf-8").replace("\r\n", "\n").split("\n")
    except UnicodeDecodeError as exc:
        raise SampleError(f"{path}: not UTF-8 ({exc})") from None
    if len(lines) < 3:
        raise SampleError(f"{path}: expected a title line, a 'published:' line and a body")
    title = lines[0].strip()
    m = _PUBLISHED.match(lines[1].strip())
    if not m:
        raise SampleError(f"{path}:2: expected 'published: YYYY-MM-DD' (value may be empty)")
    try:
        published = date.fromisoformat(m.group(1)) if m.group(1) else None
    except ValueError:
        raise SampleError(f"{path}:2: bad date {m.group(1)!r}") from None

    # Paragraphs: runs of non-blank lines; a hard-wrapped paragraph is rejoined.
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    first_line = 0
    for number, line in enumerate(lines[2:], start=3):
        if line.strip():
            if not current:
                first_line = number
            current.append(line.strip())
        elif current:
            blocks.append((first_line, " ".join(current)))
            current = []
    if current:
        blocks.append((first_line, " ".join(current)))
    if not blocks:
        raise SampleError(f"{path}: no body paragraphs")

    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    gold: list[GoldSpan] = []
    pos = 0
    for line_number, raw in blocks:
        heading = raw.startswith(_HEADING_PREFIX)
        if heading:
            raw = raw[len(_HEADING_PREFIX) :].strip()
        plain, spans = strip_markup(raw, f"{path}:{line_number}")
        if "  " in plain:
            raise SampleError(f"{path}:{line_number}: double space in body text")
        if parts:
            pos += 2  # the "\n\n" between paragraphs
        paragraphs.append(Paragraph(pos, pos + len(plain), heading))
        gold.extend(GoldSpan(pos + s.start, pos + s.end, s.type, s.text) for s in spans)
        parts.append(plain)
        pos += len(plain)
    text = "\n\n".join(parts)

    sentences: list[Sentence] = []
    for index, para in enumerate(paragraphs):
        if para.heading:
            continue  # headings hold no sentences, as in corpus.clean
        # Split each paragraph on its own, as corpus.clean does: given the whole
        # text and a start offset, split_sentences looks back past ``start``
        # for the abbreviation before a full stop ("Mr." opening a paragraph).
        for start, end in split_sentences(text[para.start : para.end]):
            sentences.append(Sentence(len(sentences), para.start + start, para.start + end, index))

    for span in gold:
        assert text[span.start : span.end] == span.text, (path, span)
    article = Article(
        id=path.stem,
        path=str(path),
        source="bench-nlp",
        title=title,
        published=published,
        text=text,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        fingerprint=hashlib.sha256(data).hexdigest(),
    )
    return LabelledArticle(article, tuple(gold))


def load_sample(folder: Path) -> list[LabelledArticle]:
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise SampleError(f"{folder}: no labelled *.txt files")
    return [parse_labelled(p) for p in paths]


# --------------------------------------------------------------------------
# Lint: the guidelines' mechanical rules, so the gold stays consistent

_TITLES = frozenset(
    "president prime minister finance foreign governor dr dr. mr mr. mrs mrs. ms ms. "
    "professor prof prof. judge justice chief executive ceo coach mayor senator "
    "general gen. minister secretary chairman chairwoman chair director".split()
)
_HEDGES = (
    "an estimated ", "estimated ", "nearly ", "about ", "more than ", "at least ", "up to ",
    "some ", "almost ", "roughly ", "around ", "a record ", "record ", "over ", "less than ",
    "fewer than ", "approximately ", "just ", "only ",
)  # fmt: skip
_FIGURE_TYPES = ("MONEY", "PERCENT", "QUANTITY", "DATE")


def lint(sample: Sequence[LabelledArticle]) -> list[str]:
    """Places where the gold breaks a mechanical rule of GUIDELINES.md, or
    where a labelled name appears again unlabelled in the same file."""
    problems: list[str] = []
    for item in sample:
        text = item.article.text
        where = item.article.id
        for g in item.gold:
            low = g.text.lower()
            if low.startswith("the ") and low != "the west":
                problems.append(f"{where}: leading 'the' in {g.type} {g.text!r}")
            if g.text.endswith(("'s", "’s")):
                problems.append(f"{where}: possessive in {g.type} {g.text!r}")
            if g.type == "PERSON" and low.split(" ", 1)[0] in _TITLES:
                problems.append(f"{where}: title inside PERSON {g.text!r}")
            if g.type in _FIGURE_TYPES and low.startswith(_HEDGES):
                problems.append(f"{where}: hedge inside {g.type} {g.text!r}")
            if g.type == "DATE" and low.startswith(("on ", "in ", "since ", "earlier ", "later ")):
                problems.append(f"{where}: preposition/adverb inside DATE {g.text!r}")
            if g.text[-1] in ",;:!?\"'“”‘’()":
                problems.append(f"{where}: trailing punctuation in {g.type} {g.text!r}")
        ordered = sorted(item.gold, key=lambda g: g.start)
        for a, b in zip(ordered, ordered[1:]):
            if b.start < a.end:
                problems.append(f"{where}: overlapping spans {a.text!r} and {b.text!r}")
        # A name or figure labelled once should be labelled wherever it recurs.
        covered = [(g.start, g.end) for g in item.gold]
        for surface in {g.text for g in item.gold}:
            for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
                if not any(s <= m.start() and m.end() <= e for s, e in covered):
                    problems.append(f"{where}: {surface!r} labelled elsewhere but not at {m.start()}")
    return problems


# --------------------------------------------------------------------------
# Matching and scoring


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    type: str
    text: str


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        # 2TP / (2TP + FP + FN): defined (and 0) when nothing was predicted.
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def as_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def match_spans(
    gold: Sequence[Span], pred: Sequence[Span], *, overlap: bool, typed: bool
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """One-to-one matching: (gold index, pred index) pairs, unmatched gold,
    unmatched predictions. ``overlap`` accepts any shared character (largest
    overlap first); otherwise start and end must be equal."""
    candidates: list[tuple[int, int, int, int]] = []  # (-overlap, gold start, gi, pi)
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if typed and g.type != p.type:
                continue
            shared = min(g.end, p.end) - max(g.start, p.start)
            if (overlap and shared > 0) or (not overlap and g.start == p.start and g.end == p.end):
                candidates.append((-shared, g.start, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    missed = [i for i in range(len(gold)) if i not in used_gold]
    spurious = [i for i in range(len(pred)) if i not in used_pred]
    return pairs, missed, spurious


@dataclass(slots=True)
class Score:
    exact: dict[str, Counts] = field(default_factory=dict)
    partial: dict[str, Counts] = field(default_factory=dict)
    untyped_exact: Counts = field(default_factory=Counts)
    untyped_partial: Counts = field(default_factory=Counts)

    def micro(self, table: dict[str, Counts]) -> Counts:
        total = Counts()
        for counts in table.values():
            total.add(counts)
        return total


def score_article(gold: Sequence[Span], pred: Sequence[Span], score: Score) -> None:
    types = {g.type for g in gold} | {p.type for p in pred}
    for kind in types:
        g_t = [g for g in gold if g.type == kind]
        p_t = [p for p in pred if p.type == kind]
        for table, overlap in ((score.exact, False), (score.partial, True)):
            pairs, missed, spurious = match_spans(g_t, p_t, overlap=overlap, typed=True)
            table.setdefault(kind, Counts()).add(Counts(len(pairs), len(spurious), len(missed)))
    for counts, overlap in ((score.untyped_exact, False), (score.untyped_partial, True)):
        pairs, missed, spurious = match_spans(gold, pred, overlap=overlap, typed=False)
        counts.add(Counts(len(pairs), len(spurious), len(missed)))


@dataclass(frozen=True, slots=True)
class ErrorItem:
    article: str
    kind: str  # "missed" or "spurious"
    cause: str  # "boundary", "type", "boundary+type", "absent"
    span: Span
    other: Span | None  # the overlapping span on the other side, if any
    context: str

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "article": self.article,
            "kind": self.kind,
            "cause": self.cause,
            "type": self.span.type,
            "start": self.span.start,
            "end": self.span.end,
            "text": self.span.text,
            "context": self.context,
        }
        if self.other is not None:
            out["other"] = {"type": self.other.type, "text": self.other.text}
        return out


def explain_errors(article: Article, gold: Sequence[Span], pred: Sequence[Span]) -> list[ErrorItem]:
    """Exact-match failures, each with why: a boundary slip, a wrong type, or
    nothing at all on the other side."""
    _, missed, spurious = match_spans(gold, pred, overlap=False, typed=True)
    items: list[ErrorItem] = []
    for kind, indices, own, others in (("missed", missed, gold, pred), ("spurious", spurious, pred, gold)):
        for i in indices:
            span = own[i]
            best: Span | None = None
            best_shared = 0
            for o in others:
                shared = min(span.end, o.end) - max(span.start, o.start)
                if shared > best_shared or (shared == best_shared > 0 and o.type == span.type):
                    best, best_shared = o, shared
            if best is None:
                cause = "absent"
            else:
                same_edges = best.start == span.start and best.end == span.end
                cause = ("type" if same_edges else "boundary+type") if best.type != span.type else "boundary"
            items.append(ErrorItem(article.id, kind, cause, span, best, _context(article.text, span)))
    items.sort(key=lambda e: (e.span.start, e.kind))
    return items


def _context(text: str, span: Span, width: int = 40) -> str:
    left = text[max(0, span.start - width) : span.start]
    right = text[span.end : span.end + width]
    return " ".join(f"{left}[{text[span.start:span.end]}]{right}".split())


# --------------------------------------------------------------------------
# Running an extractor over the sample


@dataclass(slots=True)
class Run:
    score: Score
    errors: list[ErrorItem]
    gold_counts: Counter[str]
    pred_counts: Counter[str]
    failures: list[str]  # articles on which the extractor raised
    offset_mismatches: list[str]  # mentions whose text is not text[start:end]
    seconds: float


def to_spans(article: Article, mentions: Iterable[Mention], mismatches: list[str]) -> list[Span]:
    """Only ``start``, ``end``, ``type`` and ``text`` of a mention are scored."""
    spans: list[Span] = []
    for m in mentions:
        kind = m.type if m.type in ENTITY_TYPES else OTHER
        actual = article.text[m.start : m.end]
        if actual != m.text:
            mismatches.append(f"{article.id}: {m.type} {m.text!r} at {m.start}:{m.end} is {actual!r}")
        spans.append(Span(m.start, m.end, kind, actual))
    return spans


def run_extractor(sample: Sequence[LabelledArticle], extract: Extractor) -> Run:
    score = Score()
    errors: list[ErrorItem] = []
    gold_counts: Counter[str] = Counter()
    pred_counts: Counter[str] = Counter()
    failures: list[str] = []
    mismatches: list[str] = []
    seconds = 0.0
    for item in sample:
        gold = [Span(g.start, g.end, g.type, g.text) for g in item.gold]
        gold_counts.update(g.type for g in gold)
        started = time.perf_counter()
        try:
            mentions = list(extract(item.article))
        except Exception as exc:  # the extractor is under construction: report, go on
            failures.append(f"{item.article.id}: {type(exc).__name__}: {exc}")
            mentions = []
        seconds += time.perf_counter() - started
        pred = to_spans(item.article, mentions, mismatches)
        pred_counts.update(p.type for p in pred)
        score_article(gold, pred, score)
        errors.extend(explain_errors(item.article, gold, pred))
    return Run(score, errors, gold_counts, pred_counts, failures, mismatches, seconds)


@dataclass(frozen=True, slots=True)
class Throughput:
    import_seconds: float
    cold_call_seconds: float  # first call: gazetteer load + one article
    warm_call_seconds: float  # the same article again
    bytes: int
    articles: int
    seconds: float

    @property
    def gazetteer_load_seconds(self) -> float:
        return max(0.0, self.cold_call_seconds - self.warm_call_seconds)

    @property
    def kb_per_second(self) -> float:
        return self.bytes / 1024 / self.seconds if self.seconds else float("inf")

    def as_json(self) -> dict[str, Any]:
        return {
            "import_seconds": round(self.import_seconds, 4),
            "gazetteer_load_seconds": round(self.gazetteer_load_seconds, 4),
            "cold_call_seconds": round(self.cold_call_seconds, 4),
            "warm_call_seconds": round(self.warm_call_seconds, 4),
            "bytes": self.bytes,
            "articles": self.articles,
            "seconds": round(self.seconds, 4),
            "kb_per_second": round(self.kb_per_second, 1),
        }


def measure_throughput(
    sample: Sequence[LabelledArticle], extract: Extractor, import_seconds: float, cold: float, warm: float
) -> Throughput:
    """The sample repeated to >= 1 MB of UTF-8 text. Copies get their own id
    and fingerprint so a cache keyed on either cannot serve them."""
    batch: list[Article] = []
    total = 0
    copy = 0
    while total < THROUGHPUT_TARGET_BYTES:
        for item in sample:
            a = item.article
            batch.append(replace(a, id=f"{a.id}~{copy}", fingerprint=f"{a.fingerprint}~{copy}"))
            total += len(a.text.encode("utf-8"))
        copy += 1
    started = time.perf_counter()
    for article in batch:
        for _ in extract(article):
            pass
    seconds = time.perf_counter() - started
    return Throughput(import_seconds, cold, warm, total, len(batch), seconds)


def load_extractor() -> tuple[Extractor, float] | str:
    """The extractor and its import time, or why it cannot be had."""
    started = time.perf_counter()
    try:
        import summit_tui.nlp as nlp
    except Exception as exc:
        return f"cannot import summit_tui.nlp ({type(exc).__name__}: {exc})"
    extract = getattr(nlp, "extract_mentions", None)
    if not callable(extract):
        return "summit_tui.nlp.extract_mentions does not exist yet"
    return extract, time.perf_counter() - started


# --------------------------------------------------------------------------
# Reports


def _fmt(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.3f}"


def report_text(sample: Sequence[LabelledArticle], run: Run, throughput: Throughput | None, show_errors: bool) -> str:
    lines: list[str] = []
    words = sum(item.words for item in sample)
    lines.append(
        f"entity/quantity extraction: {len(sample)} articles, {words:,} words, "
        f"{sum(run.gold_counts.values())} gold spans, {sum(run.pred_counts.values())} predicted"
    )
    lines.append("")
    lines.append(f"{'type':<9} {'gold':>5} {'pred':>5} | {'exact P':>7} {'R':>5} {'F1':>5} | {'partial P':>9} {'R':>5} {'F1':>5}")
    lines.append("-" * 70)
    types = [t for t in ENTITY_TYPES if run.gold_counts[t] or run.pred_counts[t]]
    if run.pred_counts[OTHER]:
        types.append(OTHER)
    for t in types:
        e = run.score.exact.get(t, Counts())
        p = run.score.partial.get(t, Counts())
        lines.append(
            f"{t:<9} {run.gold_counts[t]:>5} {run.pred_counts[t]:>5} | "
            f"{_fmt(e.precision):>7} {_fmt(e.recall)} {_fmt(e.f1)} | "
            f"{_fmt(p.precision):>9} {_fmt(p.recall)} {_fmt(p.f1)}"
        )
    lines.append("-" * 70)
    e, p = run.score.micro(run.score.exact), run.score.micro(run.score.partial)
    lines.append(
        f"{'micro':<9} {sum(run.gold_counts.values()):>5} {sum(run.pred_counts.values()):>5} | "
        f"{_fmt(e.precision):>7} {_fmt(e.recall)} {_fmt(e.f1)} | "
        f"{_fmt(p.precision):>9} {_fmt(p.recall)} {_fmt(p.f1)}"
    )
    ue, up = run.score.untyped_exact, run.score.untyped_partial
    lines.append(
        f"{'untyped':<9} {'':>5} {'':>5} | "
        f"{_fmt(ue.precision):>7} {_fmt(ue.recall)} {_fmt(ue.f1)} | "
        f"{_fmt(up.precision):>9} {_fmt(up.recall)} {_fmt(up.f1)}"
    )
    causes = Counter((err.kind, err.cause) for err in run.errors)
    lines.append("")
    lines.append(
        "exact-match errors by cause: "
        + ", ".join(f"{kind} {cause} {n}" for (kind, cause), n in sorted(causes.items()))
    )
    lines.append(f"extraction time over the sample: {run.seconds:.3f} s")
    if throughput is not None:
        t = throughput
        lines.append(
            f"throughput: {t.kb_per_second:,.1f} KB/s ({t.bytes / 1024:,.0f} KB in {t.articles} articles, "
            f"{t.seconds:.2f} s); import {t.import_seconds * 1000:.0f} ms, "
            f"gazetteer load ~{t.gazetteer_load_seconds * 1000:.0f} ms "
            f"(first call {t.cold_call_seconds * 1000:.0f} ms, warm {t.warm_call_seconds * 1000:.1f} ms)"
        )
    for failure in run.failures:
        lines.append(f"EXTRACTOR RAISED: {failure}")
    if run.offset_mismatches:
        lines.append(f"offset mismatches (Mention.text != text[start:end]): {len(run.offset_mismatches)}")
        lines.extend(f"  {m}" for m in run.offset_mismatches[:20])
    if show_errors:
        current = None
        for err in run.errors:
            if err.article != current:
                current = err.article
                lines.append("")
                lines.append(f"== {current}")
            other = f"  (vs {err.other.type} {err.other.text!r})" if err.other else ""
            lines.append(f"  {err.kind:<8} {err.cause:<13} {err.span.type:<8} {err.span.text!r}{other}")
            lines.append(f"           … {err.context} …")
    return "\n".join(lines)


def report_json(sample: Sequence[LabelledArticle], run: Run, throughput: Throughput | None, show_errors: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "articles": len(sample),
        "words": sum(item.words for item in sample),
        "gold": dict(run.gold_counts),
        "predicted": dict(run.pred_counts),
        "exact": {t: c.as_json() for t, c in sorted(run.score.exact.items())},
        "partial": {t: c.as_json() for t, c in sorted(run.score.partial.items())},
        "micro": {
            "exact": run.score.micro(run.score.exact).as_json(),
            "partial": run.score.micro(run.score.partial).as_json(),
        },
        "untyped": {"exact": run.score.untyped_exact.as_json(), "partial": run.score.untyped_partial.as_json()},
        "extraction_seconds": round(run.seconds, 4),
        "throughput": throughput.as_json() if throughput else None,
        "failures": run.failures,
        "offset_mismatches": run.offset_mismatches,
    }
    if show_errors:
        out["errors"] = [e.as_json() for e in run.errors]
    return out


# --------------------------------------------------------------------------
# Self-test: the scorer checked against extractors whose scores are known


class _FakeMention(NamedTuple):
    """The fields of ``Mention`` the scorer reads, so the self-test runs
    while the extractor package is missing or broken."""

    start: int
    end: int
    type: str
    text: str


def _fake(sample: Sequence[LabelledArticle], transform: Callable[[GoldSpan, str], GoldSpan | None]) -> Extractor:
    by_id = {item.article.id: item for item in sample}

    def extract(article: Article) -> list[Any]:
        out: list[Any] = []
        for g in by_id[article.id.split("~")[0]].gold:  # throughput copies are "id~n"
            t = transform(g, article.text)
            if t is not None:
                out.append(_FakeMention(t.start, t.end, t.type, article.text[t.start : t.end]))
        return out

    return extract


def self_test(sample: Sequence[LabelledArticle]) -> list[str]:
    failures: list[str] = []

    def check(name: str, ok: bool) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
        if not ok:
            failures.append(name)

    # The markup parser.
    plain, spans = strip_markup("[[PERSON|Haruka Ito]] told the [[ORG|Bank of Japan]] on [[DATE|Tuesday]].", "t")
    check("strip_markup gives plain text", plain == "Haruka Ito told the Bank of Japan on Tuesday.")
    check(
        "strip_markup gives offsets",
        [(s.type, plain[s.start : s.end]) for s in spans]
        == [("PERSON", "Haruka Ito"), ("ORG", "Bank of Japan"), ("DATE", "Tuesday")],
    )
    for bad in ("[[PERSN|Ito]] said", "[[PERSON|Ito] said", "[[PERSON| Ito]]", "a | b"):
        try:
            strip_markup(bad, "t")
        except SampleError:
            check(f"rejects malformed markup {bad!r}", True)
        else:
            check(f"rejects malformed markup {bad!r}", False)

    # The sample itself.
    problems = lint(sample)
    for p in problems:
        print(f"       lint: {p}")
    check("labelled sample passes the guideline lint", not problems)
    check("every article has sentences", all(item.article.sentences for item in sample))
    check(
        "gold spans lie inside sentences or headings",
        all(
            any(s.start <= g.start and g.end <= s.end for s in item.article.sentences)
            or any(p.heading and p.start <= g.start and g.end <= p.end for p in item.article.paragraphs)
            for item in sample
            for g in item.gold
        ),
    )

    # Matching on hand-made spans.
    g = [Span(0, 10, "PERSON", ""), Span(20, 25, "GPE", "")]
    p = [Span(0, 4, "PERSON", ""), Span(5, 10, "PERSON", ""), Span(20, 25, "LOC", "")]
    pairs, missed, spurious = match_spans(g, p, overlap=True, typed=True)
    check("partial match is one-to-one", len(pairs) == 1 and missed == [1] and len(spurious) == 2)
    pairs, missed, spurious = match_spans(g, p, overlap=False, typed=False)
    check("untyped exact ignores the type", pairs == [(1, 2)] and missed == [0])

    # Extractors with known scores.
    gold_types = Counter(g.type for item in sample for g in item.gold)
    perfect = run_extractor(sample, _fake(sample, lambda g, _: g))
    micro = perfect.score.micro(perfect.score.exact)
    check("gold as prediction: exact micro F1 = 1", micro.f1 == 1.0 and micro.tp == sum(gold_types.values()))
    check("gold as prediction: no errors listed", not perfect.errors)

    no_person = run_extractor(sample, _fake(sample, lambda g, _: None if g.type == "PERSON" else g))
    person = no_person.score.exact["PERSON"]
    check("PERSON dropped: PERSON recall 0", person.recall == 0.0 and person.precision is None)
    check("PERSON dropped: PERSON F1 0", person.f1 == 0.0)
    check(
        "PERSON dropped: other types untouched",
        all(c.f1 == 1.0 for t, c in no_person.score.exact.items() if t != "PERSON"),
    )
    check(
        "PERSON dropped: misses listed as absent",
        len(no_person.errors) == gold_types["PERSON"]
        and all(e.kind == "missed" and e.cause == "absent" for e in no_person.errors),
    )

    def widen(g: GoldSpan, text: str) -> GoldSpan:
        return replace(g, end=g.end + 1) if g.type == "MONEY" and g.end < len(text) else g

    widened = run_extractor(sample, _fake(sample, widen))
    money_exact, money_partial = widened.score.exact["MONEY"], widened.score.partial["MONEY"]
    check("MONEY one char too long: exact F1 0", money_exact.f1 == 0.0)
    check("MONEY one char too long: partial F1 1", money_partial.f1 == 1.0)
    check(
        "MONEY one char too long: errors are boundary slips",
        all(e.cause == "boundary" for e in widened.errors) and len(widened.errors) == 2 * gold_types["MONEY"],
    )

    retyped = run_extractor(sample, _fake(sample, lambda g, _: replace(g, type="LOC") if g.type == "GPE" else g))
    check("GPE called LOC: GPE recall 0", retyped.score.exact["GPE"].recall == 0.0)
    check(
        "GPE called LOC: LOC precision drops",
        retyped.score.exact["LOC"].precision == gold_types["LOC"] / (gold_types["LOC"] + gold_types["GPE"]),
    )
    check("GPE called LOC: untyped F1 stays 1", retyped.score.untyped_exact.f1 == 1.0)
    check("GPE called LOC: errors are type errors", all(e.cause == "type" for e in retyped.errors))

    def crash(article: Article) -> list[Any]:
        raise RuntimeError("boom")

    crashed = run_extractor(sample[:2], crash)
    check("an extractor that raises is reported, not fatal", len(crashed.failures) == 2)
    offset = run_extractor(
        sample[:1],
        lambda a: [_FakeMention(0, 3, "ORG", "not the text")],
    )
    check("offset mismatches are reported", len(offset.offset_mismatches) == 1)

    tp = measure_throughput(sample, lambda a: (), 0.0, 0.0, 0.0)
    check("throughput batch reaches 1 MiB", tp.bytes >= THROUGHPUT_TARGET_BYTES)
    return failures


# --------------------------------------------------------------------------
# Entry point


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")
    parser.add_argument("--show-errors", action="store_true", help="list misses and false positives per file")
    parser.add_argument("--self-test", action="store_true", help="check the scorer with fake extractors")
    parser.add_argument("--lint", action="store_true", help="check the labelled files against the guidelines")
    parser.add_argument("--no-throughput", action="store_true", help="skip the 1 MiB throughput run")
    parser.add_argument("--dir", type=Path, default=LABELLED_DIR, help="folder of labelled *.txt files")
    args = parser.parse_args(argv)

    try:
        sample = load_sample(args.dir)
    except SampleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    if args.lint:
        problems = lint(sample)
        print("\n".join(problems) if problems else f"{len(sample)} files, no lint problems")
        return 1 if problems else 0
    if args.self_test:
        print(f"self-test on {len(sample)} labelled articles:")
        failed = self_test(sample)
        print("self-test passed" if not failed else f"self-test FAILED: {len(failed)} checks")
        return 1 if failed else 0

    loaded = load_extractor()
    if isinstance(loaded, str):
        print(f"{loaded}; nothing to score (try --self-test)", file=sys.stderr)
        return 2
    extract, import_seconds = loaded

    # Warm-up on the shortest article: the first call pays for loading the
    # gazetteer, the second shows what the same article costs warm.
    shortest = min(sample, key=lambda item: len(item.article.text)).article
    cold = warm = 0.0
    try:
        started = time.perf_counter()
        list(extract(shortest))
        cold = time.perf_counter() - started
        started = time.perf_counter()
        list(extract(shortest))
        warm = time.perf_counter() - started
        warm_ok = True
    except Exception:
        warm_ok = False  # run_extractor reports the failure per article

    run = run_extractor(sample, extract)
    throughput = None
    if warm_ok and not args.no_throughput and not run.failures:
        throughput = measure_throughput(sample, extract, import_seconds, cold, warm)

    if args.json:
        print(json.dumps(report_json(sample, run, throughput, args.show_errors), indent=2, ensure_ascii=False))
    else:
        print(report_text(sample, run, throughput, args.show_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
