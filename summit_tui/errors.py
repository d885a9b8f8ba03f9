"""Errors a user can cause. Each carries a message a person can act on.

The CLI prints ``str(error)`` on one line and exits 2; the TUI shows it in a
notification and carries on. Anything else that escapes is a bug.
"""

from __future__ import annotations


class SummitError(Exception):
    """Base class for every failure a user can cause."""

    exit_code = 2


class ConfigError(SummitError):
    """A configuration file is unreadable, malformed or has wrong values."""


class QueryError(SummitError):
    """A search query is malformed, too long or otherwise unusable."""


class CorpusError(SummitError):
    """The corpus cannot be read at all (not a single file's problem)."""


class IndexError_(SummitError):
    """Base for index problems (named with a trailing underscore so it does
    not shadow the builtin ``IndexError``)."""


class IndexMissingError(IndexError_):
    """No index has been built at this location yet."""


class IndexBusyError(IndexError_):
    """Another process holds the index write lock."""


class IndexReadOnlyError(IndexError_):
    """The index folder cannot be written (searching still works)."""


class IndexUnsafeError(IndexError_):
    """The index folder or its files are writable by group or others.

    Whoosh keeps its table of contents as a pickle, so opening such an index
    could run code someone else planted there."""


class IndexForeignError(IndexError_):
    """The index folder holds files that are not ours: never write there."""


class IndexDamagedError(IndexError_):
    """The index exists but cannot be read; ``summit-tui index --rebuild``."""


class NotFoundError(SummitError):
    """An article, sentence or other named thing does not exist."""


class SentenceNotFoundError(NotFoundError):
    """A comparison names an article or a sentence number the index lacks."""


class FactNotFoundError(NotFoundError):
    """No fact has the id asked for (ids change when the corpus does)."""


class ProfileError(SummitError):
    """A saved search profile cannot be saved, renamed or deleted as asked."""
