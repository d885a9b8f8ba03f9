"""The nouns of ingestion: plain frozen data with offsets into ``Article.text``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of ``Article.text``: ``text[start:end]``.

    ``heading`` marks a subheading (a short title-like line inside the body);
    headings hold no sentences.
    """

    start: int
    end: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``Article.text[start:end]``, numbered from 0 in reading
    order; ``paragraph`` indexes ``Article.paragraphs``."""

    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article.

    ``text`` is the cleaned body: paragraphs (headings included) joined by a
    blank line, no page furniture, no headline, no control characters.
    ``title`` is the detected headline, or a short title derived from the lead
    sentence when the file has none (``title_derived`` says which).
    """

    id: str
    path: str
    source: str
    title: str
    published: date | None
    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    fingerprint: str
    title_derived: bool = False
    notes: tuple[str, ...] = field(default=())

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]

    @property
    def headings(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.heading)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What lists of articles show and sort by, without the text: an
    ``Article`` minus its body, paragraphs and sentences. At 10,000 articles
    the full ones take ~120 MB; these take a few."""

    id: str
    path: str
    source: str
    title: str
    published: date | None
    title_derived: bool = False

    @classmethod
    def of(cls, article: Article) -> ArticleSummary:
        return cls(article.id, article.path, article.source, article.title, article.published,
                   article.title_derived)


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file that was not turned into an article, and why (for a person)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Per-article metadata from config, keyed by article id (file stem).

    ``None`` means "not set": detection from the file (or the default) wins.
    """

    source: str | None = None
    published: date | None = None
    title: str | None = None
