"""Turn a file's bytes into what the index writer needs, here or in worker
processes.

The build reads, fingerprints and deduplicates files itself (that decides
whether a file needs work at all) and writes the postings itself (one Whoosh
writer). What lies between is a pure function of the file's bytes: parsing,
entity extraction, and the analysis the writer would otherwise repeat
(tokens, the stored form of the mentions, their keys). It is over half of a
build's CPU, so a large build runs it in other processes, a chunk of files
per task, while its own process keeps writing.

``prepare_file`` is the one way from bytes to a ``PreparedArticle``, for the
serial build and the workers alike: both give the same index, and the same
messages for the files they skip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from summit_tui.corpus import load as corpus
from summit_tui.corpus.model import Article, ArticleMeta, SkippedFile
from summit_tui.errors import SummitError
from summit_tui.nlp.model import Mention
from summit_tui.search.analysis import TextTokens, text_tokens
from summit_tui.search.codec import encode_mentions
from summit_tui.search.store import describe

if TYPE_CHECKING:
    from concurrent.futures import Executor

MentionsOf = Callable[[Article], "tuple[Mention, ...]"]

# One file as the build sends it to a worker: the file, its bytes, its config metadata.
PrepareTask = tuple[corpus.FoundFile, bytes, "ArticleMeta | None"]


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article and the analysis its index entries are made from."""

    article: Article
    tokens: TextTokens  # of article.text
    title_stems: list[bytes]
    mentions: str  # the stored form (codec.encode_mentions)
    keys: str | None  # every mention's key, repeats included; None: no mentions
    sentence_keys: dict[int, str]  # sentence number -> the keys it mentions


def prepare_article(article: Article, mentions: Sequence[Mention] = (),
                    tokens: TextTokens | None = None) -> PreparedArticle:
    """Everything writing ``article`` needs that does not depend on the index.

    The mentions travel in their stored form: a worker hands back one string
    instead of some 75 ``Mention`` objects per article, whose unpickling
    alone cost the writing process (the build's bottleneck) about a second
    per thousand articles.
    """
    return PreparedArticle(
        article,
        text_tokens(article.text) if tokens is None else tokens,
        text_tokens(article.title).stems,
        encode_mentions(mentions),
        article_keys(mentions) if mentions else None,
        sentence_keys(mentions),
    )


def article_keys(mentions: Sequence[Mention]) -> str:
    """Every mention's key, repeats included: BM25 counts them."""
    return " ".join(m.key for m in mentions)


def sentence_keys(mentions: Sequence[Mention]) -> dict[int, str]:
    """Sentence number -> the keys mentioned in it, once each, in order."""
    keys: dict[int, dict[str, None]] = {}
    for m in mentions:
        keys.setdefault(m.sentence, {})[m.key] = None
    return {sentence: " ".join(found) for sentence, found in keys.items()}


def prepare_file(
    found: corpus.FoundFile, data: bytes, meta: ArticleMeta | None, mentions_of: MentionsOf
) -> PreparedArticle | SkippedFile:
    """Parse one file's bytes, extract its mentions, analyse the result; a
    problem with this file is a SkippedFile. A SummitError (a bad gazetteer
    in config) is not this file's problem: it propagates and stops the build."""
    try:
        article = corpus.parse_article(found, data, meta)
    except Exception as exc:  # one file's problem must not stop the build
        return SkippedFile(str(found.path), f"cannot parse the file: {describe(exc)}")
    if isinstance(article, SkippedFile):
        return article
    try:
        mentions = mentions_of(article)
    except SummitError:  # a bad gazetteer in config: the whole build stops
        raise
    except Exception as exc:  # a bug on one odd text must not stop the build
        return SkippedFile(article.path, f"cannot extract entities: {describe(exc)}")
    return prepare_article(article, mentions)


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask, where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start_pool(workers: int, gazetteer: Mapping[str, Any] | None) -> Executor:
    """A pool of ``workers`` processes, each with the gazetteer loaded once.

    "spawn", not "fork": the TUI builds in a thread, and a process forked
    while threads run can inherit a lock some other thread held, for ever.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(dict(gazetteer) if gazetteer else None,),
    )


# --- in the worker processes -------------------------------------------------

_worker_gazetteer: Any = None


def _start_worker(gazetteer: dict[str, Any] | None) -> None:
    import signal

    from summit_tui.nlp import load_gazetteer

    # Ctrl-C reaches the whole process group: the build's own process handles
    # it (and shuts the pool down); a worker would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not os.environ.get("SUMMIT_TUI_DEBUG"):
        # A worker shares the terminal: anything it printed (a warning, a
        # traceback) would land in the middle of the TUI's screen. What goes
        # wrong here reaches the build as a failed task, and the build then
        # does the work itself, where errors are reported properly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    global _worker_gazetteer
    _worker_gazetteer = load_gazetteer(gazetteer)


def _worker_mentions(article: Article) -> tuple[Mention, ...]:
    from summit_tui.nlp import extract_mentions

    return extract_mentions(article, _worker_gazetteer)


def prepare_chunk(tasks: Sequence[PrepareTask]) -> list[PreparedArticle | SkippedFile]:
    """Run in a worker: ``prepare_file`` for each task, in order."""
    return [prepare_file(found, data, meta, _worker_mentions) for found, data, meta in tasks]
