"""What the search layer hands back: plain frozen data with offsets.

Offsets follow the house rule: ``start``/``end`` index ``Article.text``;
``highlights`` are ``(start, end)`` pairs relative to the ``text`` they sit
beside, so ``text[s:e]`` is exactly the highlighted words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from summit_tui.corpus.model import SkippedFile

Span = tuple[int, int]


@dataclass(frozen=True)
class IndexReport:
    """What one ``build_index`` run did, for the CLI and the TUI to show."""

    indexed: tuple[str, ...]  # article ids added or re-indexed
    unchanged: tuple[str, ...]  # article ids skipped without parsing
    removed: tuple[str, ...]  # article ids deleted from the index
    skipped: tuple[SkippedFile, ...]  # files not indexed, and why
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> decoding notes
    rebuilt: bool = False  # built from scratch rather than updated
    index_dir: Path = Path()


@dataclass(frozen=True)
class Snippet:
    """A sentence (or a window of a long one) around a match.

    ``text == Article.text[start:end]``; ``highlights`` index ``text``.
    """

    text: str
    start: int
    end: int
    highlights: tuple[Span, ...]


@dataclass(frozen=True)
class Hit:
    """One article that matched, best snippets first in reading order."""

    id: str
    source: str
    title: str
    date: str | None  # ISO date
    score: float
    snippets: tuple[Snippet, ...]


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int  # every matching article, not just the hits returned
    suggestion: str | None  # "did you mean", only when nothing matched
    hits: tuple[Hit, ...]
    widened: tuple[str, ...] = ()  # entity keys the query was widened to


@dataclass(frozen=True)
class SentenceHit:
    """One sentence that matched: ``Article.text[start:end] == text``."""

    id: str  # article id
    sentence: int  # index into Article.sentences
    text: str
    score: float
    highlights: tuple[Span, ...]  # relative to ``text``
    start: int
    end: int
    source: str


@dataclass(frozen=True)
class SentenceResult:
    query: str
    total: int
    suggestion: str | None
    hits: tuple[SentenceHit, ...]
    widened: tuple[str, ...] = ()  # entity keys the query was widened to
