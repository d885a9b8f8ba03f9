"""Ingestion: folders of article files -> clean ``Article`` objects."""

from summit_tui.corpus.model import Article, Paragraph, Sentence, SkippedFile

__all__ = ["Article", "Paragraph", "Sentence", "SkippedFile"]
