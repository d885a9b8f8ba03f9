"""Find article files under corpus folders and turn them into ``Article``s.

Nothing a file or folder can do stops a load: every problem becomes a
``SkippedFile`` with a reason a person can read, and the load goes on.
"""

from __future__ import annotations

import errno
import fnmatch
import functools
import hashlib
import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from summit_tui.corpus.clean import clean_article, derive_title
from summit_tui.corpus.model import Article, ArticleMeta, SkippedFile
from summit_tui.corpus.text import (
    Undecodable,
    count_of,
    decode_bytes,
    safe_label,
    sanitise,
    strip_markdown_inline,
)

DEFAULT_PATTERNS: tuple[str, ...] = ("*.txt", "*.md", "*.text")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MARKDOWN_SUFFIXES = (".md", ".markdown")
# No article has this many lines; a file that does is a log or data dump,
# and cleaning millions of tiny lines would take minutes.
MAX_LINES = 200_000
# Bump whenever cleaning/splitting output changes, so indexes re-ingest files.
CLEANER_VERSION = 4

_READ_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A candidate article file found by ``scan_corpus``."""

    path: Path  # as reached from the corpus root (not resolved)
    article_id: str  # unique within the scan (file stem, disambiguated)


@dataclass(frozen=True, slots=True)
class CorpusScan:
    files: tuple[FoundFile, ...]
    skipped: tuple[SkippedFile, ...]


# --------------------------------------------------------------------------
# Walking


def scan_corpus(
    roots: Sequence[Path],
    patterns: Sequence[str] = DEFAULT_PATTERNS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CorpusScan:
    """Walk ``roots`` and list candidate files in a stable (sorted) order.

    Only regular files are candidates, and none is opened here. Symlinks are
    followed only while they stay inside their corpus folder.
    """
    walk = _Walk(_pattern_matcher(tuple(patterns)), ", ".join(patterns), max_bytes)
    for root in roots:
        walk.walk_root(Path(root))
    return CorpusScan(_assign_ids(walk.found), tuple(walk.skipped))


@functools.lru_cache(maxsize=16)
def _pattern_matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(fnmatch.translate(p) for p in patterns), re.IGNORECASE)


_FileKey = tuple[int, int]  # (st_dev, st_ino)


@dataclass(slots=True)
class _Walk:
    matcher: re.Pattern[str]
    pattern_text: str
    max_bytes: int
    found: list[tuple[Path, Path]] = field(default_factory=list)  # (path, its root folder)
    skipped: list[SkippedFile] = field(default_factory=list)
    files_seen: dict[_FileKey, Path] = field(default_factory=dict)
    folders_seen: dict[_FileKey, Path] = field(default_factory=dict)

    def skip(self, path: Path, reason: str) -> None:
        self.skipped.append(SkippedFile(str(path), reason))

    def walk_root(self, root: Path) -> None:
        try:
            st = os.stat(root)
        except OSError as exc:
            self.skip(root, _root_error(exc))
            return
        if stat.S_ISDIR(st.st_mode):
            self._walk_tree(root, st)
        else:
            self._consider(root, st, root.parent, ancestors=())

    def _walk_tree(self, root: Path, st: os.stat_result) -> None:
        real_root = os.path.realpath(root)
        key = (st.st_dev, st.st_ino)
        if key in self.folders_seen:
            self.skip(root, f"same folder as {self.folders_seen[key]}")
            return
        self.folders_seen[key] = root
        # An explicit stack rather than recursion: deep trees cannot exhaust
        # Python's recursion limit, and `ancestors` tells loops from repeats.
        entries = self._list(root)
        if entries is None:
            return
        stack = [iter(entries)]
        ancestors: list[_FileKey] = [key]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                ancestors.pop()
                continue
            folder = self._visit(entry, root, real_root, ancestors)
            if folder is not None:
                path, folder_key = folder
                children = self._list(path)
                if children is not None:
                    stack.append(iter(children))
                    ancestors.append(folder_key)

    def _list(self, folder: Path) -> list[os.DirEntry[str]] | None:
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.skip(folder, f"cannot read folder: {_plain_error(exc)}")
            return None

    def _visit(
        self, entry: os.DirEntry[str], root: Path, real_root: str, ancestors: Sequence[_FileKey]
    ) -> tuple[Path, _FileKey] | None:
        if entry.name.startswith("."):
            return None  # hidden files and folders are not part of a corpus
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                if not _is_within(os.path.realpath(path), real_root):
                    self.skip(path, "symlink points outside the corpus folder")
                    return None
                st = os.stat(path)
            else:
                st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            self.skip(path, _link_error(exc))
            return None
        return self._consider(path, st, root, ancestors)

    def _consider(
        self, path: Path, st: os.stat_result, root: Path, ancestors: Sequence[_FileKey]
    ) -> tuple[Path, _FileKey] | None:
        """Record a file as found or skipped; return a folder to descend into."""
        key = (st.st_dev, st.st_ino)
        if stat.S_ISDIR(st.st_mode):
            if key in ancestors:
                self.skip(path, "symlink loop")
            elif key in self.folders_seen:
                self.skip(path, f"same folder as {self.folders_seen[key]}")
            else:
                self.folders_seen[key] = path
                return path, key
            return None
        if not stat.S_ISREG(st.st_mode):
            self.skip(path, f"not a regular file ({_file_kind(st.st_mode)})")
        elif not self.matcher.match(path.name):
            self.skip(path, f"not an article file (name does not match {self.pattern_text})")
        elif st.st_size > self.max_bytes:
            self.skip(path, _too_large(self.max_bytes))
        elif key in self.files_seen:
            self.skip(path, f"same file as {self.files_seen[key]}")
        else:
            self.files_seen[key] = path
            self.found.append((path, root))
        return None


def _is_within(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def _assign_ids(found: list[tuple[Path, Path]]) -> tuple[FoundFile, ...]:
    """The stem, unless an earlier file has it: then the path from the root."""
    used: set[str] = set()
    files: list[FoundFile] = []
    for path, root in found:
        article_id = safe_label(path.stem) or "untitled"
        if article_id in used:
            relative = path.relative_to(root) if path != root else Path(path.name)
            candidates = [safe_label(relative.with_suffix("").as_posix()), safe_label(relative.as_posix())]
            article_id = next((c for c in candidates if c and c not in used), "")
            n = 2
            while not article_id or article_id in used:
                article_id = f"{safe_label(relative.as_posix())}~{n}"
                n += 1
        used.add(article_id)
        files.append(FoundFile(path, article_id))
    return tuple(files)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"


def _human_size(n: int) -> str:
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} byte" if n == 1 else f"{n} bytes"


def _too_large(max_bytes: int) -> str:
    return f"larger than the {_human_size(max_bytes)} size cap"


def _plain_error(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "it disappeared"
    return (exc.strerror or type(exc).__name__).lower()


def _root_error(exc: OSError) -> str:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "corpus folder not found"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot read folder: {_plain_error(exc)}"


def _link_error(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "broken symlink"
    return f"cannot read file: {_plain_error(exc)}"


# --------------------------------------------------------------------------
# Reading


def read_bytes(found: FoundFile, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | SkippedFile:
    """Read a regular file (never blocking on FIFOs/devices), within the cap.

    The checks made by ``scan_corpus`` are repeated on the open descriptor,
    so a file swapped for a FIFO or a huge file in between cannot hang or
    flood us.
    """
    path = found.path
    # O_NONBLOCK: opening a FIFO must not wait for a writer. O_NOCTTY: a
    # terminal device must not become our controlling terminal.
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    if not os.path.islink(path):
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return SkippedFile(str(path), _open_error(exc))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return SkippedFile(str(path), f"not a regular file ({_file_kind(st.st_mode)})")
        if st.st_size > max_bytes:
            return SkippedFile(str(path), _too_large(max_bytes))
        data = _read_at_most(fd, max_bytes + 1)
    except OSError as exc:
        return SkippedFile(str(path), f"cannot read file: {_plain_error(exc)}")
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew after fstat
        return SkippedFile(str(path), _too_large(max_bytes))
    return data


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = os.read(fd, min(remaining, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _open_error(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "file disappeared before it could be read"
    if exc.errno == errno.ELOOP:
        return "file was replaced by a symlink while scanning"
    if exc.errno == errno.EISDIR:
        return "not a regular file (folder)"
    return f"cannot read file: {_plain_error(exc)}"


def content_fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------
# Parsing


def parse_article(found: FoundFile, data: bytes, meta: ArticleMeta | None = None) -> Article | SkippedFile:
    """Decode, sanitise, clean and split one file into an ``Article``."""
    meta = meta or ArticleMeta()
    path = str(found.path)
    decoded = decode_bytes(data)
    if isinstance(decoded, Undecodable):
        return SkippedFile(path, decoded.reason)
    lines = decoded.text.count("\n")
    if lines > MAX_LINES:
        return SkippedFile(path, f"too many lines for an article ({lines:,} lines; a log or data file?)")
    sanitised = sanitise(decoded.text)
    if found.path.suffix.lower() in MARKDOWN_SUFFIXES:
        sanitised = replace(sanitised, text=strip_markdown_inline(sanitised.text))
    if not sanitised.text.strip():
        return SkippedFile(path, "empty file")
    cleaned = clean_article(sanitised.text)
    if not cleaned.has_body:
        return SkippedFile(path, "no article text left after removing page furniture")

    notes = list(decoded.notes)
    if sanitised.removed:
        notes.append(f"{count_of(sanitised.removed, 'control or invisible character')} removed")
    meta_title = _safe_meta(meta.title)
    if meta_title:
        title, derived = meta_title, False
    elif cleaned.title:
        title, derived = cleaned.title, False
    else:
        first = cleaned.sentences[0]
        title, derived = derive_title(cleaned.text[first.start : first.end]), True
    return Article(
        id=found.article_id,
        path=path,
        source=_safe_meta(meta.source) or found.article_id,
        title=title,
        published=meta.published or cleaned.published,
        text=cleaned.text,
        paragraphs=cleaned.paragraphs,
        sentences=cleaned.sentences,
        fingerprint=content_fingerprint(data),
        title_derived=derived,
        notes=tuple(notes),
    )


def _safe_meta(value: str | None) -> str | None:
    """Config values reach the terminal too: same sanitising as file text."""
    return None if value is None else safe_label(value) or None


def load_corpus(
    roots: Sequence[Path],
    patterns: Sequence[str] = DEFAULT_PATTERNS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    metadata: Mapping[str, ArticleMeta] | None = None,
) -> tuple[list[Article], list[SkippedFile]]:
    """Scan, read and parse everything: the articles and every skipped file."""
    metadata = metadata or {}
    scan = scan_corpus(roots, patterns, max_bytes)
    articles: list[Article] = []
    skipped = list(scan.skipped)
    first_with_content: dict[str, str] = {}
    for found in scan.files:
        data = read_bytes(found, max_bytes)
        if isinstance(data, SkippedFile):
            skipped.append(data)
            continue
        result = _parse_guarded(found, data, metadata.get(found.article_id))
        if isinstance(result, SkippedFile):
            skipped.append(result)
        elif result.fingerprint in first_with_content:
            skipped.append(SkippedFile(result.path, f"same content as {first_with_content[result.fingerprint]}"))
        else:
            first_with_content[result.fingerprint] = result.path
            articles.append(result)
    return articles, skipped


def _parse_guarded(found: FoundFile, data: bytes, meta: ArticleMeta | None) -> Article | SkippedFile:
    # One strange file must not stop a whole corpus from loading; the reason
    # still says it is our bug, so it gets reported rather than hidden.
    try:
        return parse_article(found, data, meta)
    except Exception as exc:  # noqa: BLE001
        reason = f"could not be parsed (internal error: {type(exc).__name__}; please report it)"
        return SkippedFile(str(found.path), reason)
