"""The index folder: manifest, write lock, permissions and safety checks.

Whoosh keeps its table of contents and stored fields as pickles, so opening
an index can run code. We therefore refuse any index whose folder or files
someone other than the owner could have written (``mode & 0o022``), and we
make sure nothing we write is group/other-writable whatever the umask.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import pickle
import re
import stat
import struct
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from summit_tui.errors import (
    IndexBusyError,
    IndexDamagedError,
    IndexForeignError,
    IndexReadOnlyError,
    IndexUnsafeError,
)
from summit_tui.fsutil import LockTimeout, atomic_write_text, exclusive_lock
from summit_tui.search.schema import ARTICLES, SENTENCES, schema_for

if TYPE_CHECKING:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import FileIndex

MANIFEST_NAME = "manifest.json"
LOCK_NAME = "summit.lock"
INDEX_NAMES = (ARTICLES, SENTENCES)
REBUILD_HINT = "run `summit-tui index --rebuild`"
_TOC_RE = re.compile(r"^_(%s)_([0-9]+)\.toc$" % "|".join(INDEX_NAMES))
_UNSAFE_BITS = stat.S_IWGRP | stat.S_IWOTH

# What Whoosh raises when its files are truncated, missing or garbled.
DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    OSError, EOFError, struct.error, ValueError, KeyError, IndexError, AssertionError,
    pickle.UnpicklingError, zlib.error,
)


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    fingerprint: str
    meta: str  # hash of the ArticleMeta the article was parsed with


@dataclass(frozen=True)
class Manifest:
    schema_version: int
    cleaner_version: int
    generations: Mapping[str, int]  # Whoosh TOC generation per index at commit
    articles: Mapping[str, ManifestEntry] = field(default_factory=dict)
    extractor: str = ""  # fingerprint of the entity extractor and its gazetteer

    def to_json(self) -> str:
        data = {
            "schema_version": self.schema_version,
            "cleaner_version": self.cleaner_version,
            "extractor": self.extractor,
            "generations": dict(self.generations),
            "articles": {
                aid: [e.path, e.fingerprint, e.meta] for aid, e in sorted(self.articles.items())
            },
        }
        # ASCII escapes keep undecodable file names (lone surrogates) intact.
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")) + "\n"


def damaged(index_dir: Path, detail: str) -> IndexDamagedError:
    return IndexDamagedError(f"the index at {index_dir} is damaged ({_one_line(detail)}); {REBUILD_HINT}")


def unreadable(index_dir: Path, exc: OSError) -> IndexDamagedError:
    return IndexDamagedError(f"cannot read the index at {index_dir}: {describe(exc)}; check its permissions")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:200] or "unknown error"


def describe(exc: BaseException) -> str:
    """``strerror`` for OS errors, else the exception's type and message."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    name = type(exc).__name__
    if name == "error":  # struct.error, zlib.error: say which
        name = f"{type(exc).__module__}.error"
    message = _one_line(str(exc))
    return f"{name}: {message}" if message != "unknown error" else name


def read_manifest(index_dir: Path) -> Manifest | None:
    """The manifest, or None if it is missing or unreadable (caller decides)."""
    try:
        raw = (index_dir / MANIFEST_NAME).read_text(encoding="utf-8")
        data = json.loads(raw)
        articles = {
            str(aid): ManifestEntry(str(e[0]), str(e[1]), str(e[2])) for aid, e in data["articles"].items()
        }
        return Manifest(
            schema_version=int(data["schema_version"]),
            cleaner_version=int(data["cleaner_version"]),
            generations={name: int(data["generations"][name]) for name in INDEX_NAMES},
            articles=articles,
            extractor=str(data.get("extractor", "")),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def manifest_exists(index_dir: Path) -> bool:
    """Whether an index has been built here (cheap: no Whoosh, no parsing)."""
    return (Path(index_dir) / MANIFEST_NAME).exists()


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    atomic_write_text(index_dir / MANIFEST_NAME, manifest.to_json(), mode=0o644)


def toc_generations(index_dir: Path) -> dict[str, int]:
    """The latest Whoosh generation of each index in the folder (-1: none)."""
    gens = {name: -1 for name in INDEX_NAMES}
    for name in os.listdir(index_dir):
        match = _TOC_RE.match(name)
        if match:
            gens[match.group(1)] = max(gens[match.group(1)], int(match.group(2)))
    return gens


def check_safe(index_dir: Path) -> None:
    """Refuse an index folder that someone else could have planted code in."""
    paths = [index_dir]
    try:
        paths += sorted(index_dir.iterdir())
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise unreadable(index_dir, exc) from exc
    for path in paths:
        try:
            mode = path.stat().st_mode  # follows symlinks: the file Whoosh would read
        except OSError:
            continue
        if mode & _UNSAFE_BITS:
            raise IndexUnsafeError(
                f"refusing to open the index at {index_dir}: {path} is writable by group or others, "
                f"and index files can run code when loaded; if you trust it, run `chmod go-w {path}`"
                f" (or `chmod -R go-w {index_dir}`)"
            )


def fix_permissions(index_dir: Path) -> None:
    """Folders 0o755, files 0o644, for everything we own in the index folder."""
    uid = os.geteuid()
    for path in [index_dir, *index_dir.iterdir()]:
        with contextlib.suppress(OSError):
            st = path.lstat()
            if st.st_uid != uid or stat.S_ISLNK(st.st_mode):
                continue
            os.chmod(path, 0o755 if stat.S_ISDIR(st.st_mode) else 0o644)


@contextlib.contextmanager
def restrictive_umask() -> Iterator[None]:
    """Never group/other-writable while Whoosh creates files (it uses 0o666/0o777).

    Only ever tightens the umask, so other threads can at worst create files
    more private than they asked for during a build.
    """
    old = os.umask(0o022)
    os.umask(old | 0o022)
    try:
        yield
    finally:
        os.umask(old)


# Whoosh's writers keep temporary files in "<index name>.tmp" (a build that
# was killed leaves it behind; the next one reuses and removes it).
# ``facts.json`` is the cache of aligned facts (summit_tui/facts/cache.py);
# ``listing.json`` the articles' summaries and entity counts (search/listing.py).
FACTS_CACHE_NAME = "facts.json"
LISTING_CACHE_NAME = "listing.json"
_OWN_FILE = re.compile(
    r"^(?:_?(?:%s)_.*|(?:%s)\.tmp|%s|%s|%s|%s|\.gitignore|\.(?:%s|%s|%s)\..*\.tmp)$"
    % ("|".join(INDEX_NAMES), "|".join(INDEX_NAMES), re.escape(MANIFEST_NAME), re.escape(LOCK_NAME),
       re.escape(FACTS_CACHE_NAME), re.escape(LISTING_CACHE_NAME), re.escape(MANIFEST_NAME),
       re.escape(FACTS_CACHE_NAME), re.escape(LISTING_CACHE_NAME))
)


def check_ours(index_dir: Path) -> None:
    """Refuse to write into a folder that holds anything but an index.

    A mistyped ``--index ~/Documents`` must not end with a rebuild moving the
    folder aside and deleting it, or with our chmods on someone's files.
    """
    try:
        names = sorted(os.listdir(index_dir))
    except OSError:
        return  # ensure_folder/open explain what is wrong with the folder
    foreign = [name for name in names if not _OWN_FILE.match(name)]
    if foreign:
        shown = ", ".join(repr(n) for n in foreign[:3]) + (" …" if len(foreign) > 3 else "")
        raise IndexForeignError(
            f"{index_dir} is not a summit-tui index folder (it holds {shown}); "
            "choose an empty or new folder for --index"
        )


def ensure_folder(index_dir: Path) -> None:
    """Create the index folder (0o755) or say why it cannot be written."""
    if not index_dir.exists():
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
            os.chmod(index_dir, 0o755)  # mkdir obeys the umask, which may be lax
        except OSError as exc:
            raise read_only(index_dir, exc) from exc
    if not index_dir.is_dir():
        raise IndexReadOnlyError(f"cannot write the index at {index_dir}: it is not a folder")
    # Say so now, even when nothing changed and no file would be written.
    if not os.access(index_dir, os.W_OK | os.X_OK):
        raise read_only(index_dir, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))


def read_only(index_dir: Path, exc: OSError) -> IndexReadOnlyError:
    # "Searching still works" only when there is an index to search.
    tail = "; searching still works" if manifest_exists(index_dir) else ""
    return IndexReadOnlyError(f"cannot write the index at {index_dir}: {describe(exc)}{tail}")


@contextlib.contextmanager
def writer_lock(index_dir: Path, timeout: float) -> Iterator[None]:
    """Hold summit's own write lock on the index folder.

    The lock file lives inside the folder and a rebuild swaps the folder, so
    a writer that waited on the old folder's lock retries on the new one.
    """
    lock_path = index_dir / LOCK_NAME
    while True:
        before = _inode(lock_path)
        held = contextlib.ExitStack()
        try:
            held.enter_context(exclusive_lock(lock_path, timeout=timeout))
        except LockTimeout:
            raise IndexBusyError(
                "index is busy (another summit-tui is indexing); try again when it has finished"
            ) from None
        except OSError as exc:
            raise read_only(index_dir, exc) from exc
        with held:
            if before is None or _inode(lock_path) == before:
                yield
                return


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def open_storage(index_dir: Path, *, readonly: bool) -> FileStorage:
    from whoosh.filedb.filestore import FileStorage

    # mmap off: readers should not pin pages of files a rebuild deletes.
    return FileStorage(str(index_dir), supports_mmap=False, readonly=readonly)


def open_whoosh(storage: FileStorage, index_dir: Path, name: str) -> FileIndex:
    """Open one named index with our own schema (the pickled one is not loaded)."""
    from whoosh.index import FileIndex

    try:
        return FileIndex(storage, schema=schema_for(name), indexname=name)
    except Exception as exc:  # Whoosh raises anything from EOFError to pickle errors
        raise damaged(index_dir, f"{name}: {describe(exc)}") from exc


def precreate_whoosh_locks(index_dir: Path) -> None:
    """Whoosh creates its lock files with mode 0o777 & ~umask; create them first."""
    for name in INDEX_NAMES:
        path = index_dir / f"{name}_WRITELOCK"
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
