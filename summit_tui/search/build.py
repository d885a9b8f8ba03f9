"""Build and incrementally update the index from the corpus folders.

One writer at a time (summit's lock file in the index folder), one Whoosh
writer per named index, one commit each. Unchanged files (same bytes, same
metadata, same cleaner) are not parsed again; a schema or cleaner change, or
a missing or stale manifest, rebuilds from scratch.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summit_tui.corpus import load as corpus
from summit_tui.corpus.model import Article, ArticleMeta, SkippedFile
from summit_tui.errors import IndexBusyError
from summit_tui.fsutil import fsync_dir
from summit_tui.search import schema as sch
from summit_tui.search.model import IndexReport
from summit_tui.search.store import (
    DAMAGE_ERRORS,
    INDEX_NAMES,
    Manifest,
    ManifestEntry,
    check_ours,
    check_safe,
    damaged,
    describe,
    ensure_folder,
    fix_permissions,
    open_storage,
    open_whoosh,
    precreate_whoosh_locks,
    read_manifest,
    read_only,
    restrictive_umask,
    toc_generations,
    write_manifest,
    writer_lock,
)

if TYPE_CHECKING:
    from whoosh.index import FileIndex
    from whoosh.writing import SegmentWriter

Progress = Callable[[int, int, str], None]

# What a damaged segment can raise while Whoosh reads it during a write
# (other OS errors there mean we cannot write: IndexReadOnlyError).
_DAMAGE_ERRORS = tuple(e for e in DAMAGE_ERRORS if e is not OSError) + (FileNotFoundError,)


def build_index(
    index_dir: Path,
    roots: Sequence[Path],
    *,
    patterns: Sequence[str] = corpus.DEFAULT_PATTERNS,
    max_bytes: int = corpus.DEFAULT_MAX_BYTES,
    metadata: Mapping[str, ArticleMeta] | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    lock_timeout: float = 5.0,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with the files under ``roots``.

    Raises IndexBusyError (another writer), IndexReadOnlyError (cannot write;
    searching still works), IndexUnsafeError, IndexDamagedError (run with
    ``rebuild=True``). A single file's problem never raises: it is reported
    in ``IndexReport.skipped``.
    """
    index_dir = Path(index_dir)
    job = _Job(tuple(Path(r) for r in roots), tuple(patterns), max_bytes, dict(metadata or {}), progress)
    if index_dir.exists():
        check_ours(index_dir)  # before any write, chmod or swap touches it
        check_safe(index_dir)  # before anything unpickles what is there
    ensure_folder(index_dir)
    with writer_lock(index_dir, lock_timeout):
        check_ours(index_dir)
        check_safe(index_dir)
        if rebuild and _has_contents(index_dir):
            sibling = _sibling_folder(index_dir)
            if sibling is not None:
                return _rebuild_beside(index_dir, sibling, job)
        return _build_into(index_dir, job, fresh=rebuild)


@dataclass(frozen=True)
class _Job:
    roots: tuple[Path, ...]
    patterns: tuple[str, ...]
    max_bytes: int
    metadata: dict[str, ArticleMeta]
    progress: Progress | None


@dataclass
class _Tally:
    """What happened to each file, collected while the corpus is walked."""

    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kept: dict[str, ManifestEntry] = field(default_factory=dict)


def _has_contents(index_dir: Path) -> bool:
    return any(p.name != ".gitignore" for p in index_dir.iterdir())


def _build_into(folder: Path, job: _Job, *, fresh: bool) -> IndexReport:
    """Update (or, if ``fresh``, recreate) the index in ``folder`` in place."""
    previous = None if fresh else read_manifest(folder)
    fresh = fresh or not _can_update(folder, previous)
    old_entries: Mapping[str, ManifestEntry] = {} if fresh or previous is None else previous.articles
    tally = _Tally()
    with restrictive_umask(), _WriteSession(folder, fresh=fresh) as session:
        _index_files(job, old_entries, session, tally)
        removed = sorted(set(old_entries) - set(tally.kept))
        for article_id in removed:
            session.delete(article_id)
        changed = session.commit()
    if changed or previous is None:
        manifest = Manifest(
            schema_version=sch.SCHEMA_VERSION,
            cleaner_version=corpus.CLEANER_VERSION,
            generations=toc_generations(folder),
            articles=tally.kept,
        )
        _write(folder, lambda: write_manifest(folder, manifest))
    fix_permissions(folder)
    return IndexReport(
        indexed=tuple(tally.indexed),
        unchanged=tuple(tally.unchanged),
        removed=tuple(removed),
        skipped=tuple(tally.skipped),
        notes=tally.notes,
        rebuilt=fresh,
        index_dir=folder,
    )


def _can_update(folder: Path, manifest: Manifest | None) -> bool:
    """True if the folder holds an index we may update incrementally.

    A missing, unreadable or outdated manifest means rebuild from scratch; so
    does a manifest that does not describe the last commit (a crash between
    commit and manifest write). A manifest whose index files are gone means
    the index is damaged: say so rather than guess.
    """
    if manifest is None:
        return False
    if manifest.schema_version != sch.SCHEMA_VERSION or manifest.cleaner_version != corpus.CLEANER_VERSION:
        return False
    generations = toc_generations(folder)
    missing = [name for name in INDEX_NAMES if generations[name] < 0]
    if missing:
        raise damaged(folder, f"the {' and '.join(missing)} index is missing")
    return all(generations[name] == manifest.generations.get(name) for name in INDEX_NAMES)


def _index_files(job: _Job, old: Mapping[str, ManifestEntry], session: _WriteSession, tally: _Tally) -> None:
    scan = corpus.scan_corpus(job.roots, job.patterns, job.max_bytes)
    tally.skipped.extend(scan.skipped)
    first_path_of: dict[str, str] = {}  # fingerprint -> first file with those bytes
    total = len(scan.files)
    for done, found in enumerate(scan.files, start=1):
        _index_one(found, job, old, session, tally, first_path_of)
        if job.progress is not None:
            job.progress(done, total, str(found.path))


def _index_one(
    found: corpus.FoundFile,
    job: _Job,
    old: Mapping[str, ManifestEntry],
    session: _WriteSession,
    tally: _Tally,
    first_path_of: dict[str, str],
) -> None:
    path = str(found.path)
    data = _read(found, job.max_bytes)
    if isinstance(data, SkippedFile):
        tally.skipped.append(data)
        return
    fingerprint = corpus.content_fingerprint(data)
    if fingerprint in first_path_of:
        tally.skipped.append(SkippedFile(path, f"same content as {first_path_of[fingerprint]}"))
        return
    first_path_of[fingerprint] = path
    meta = job.metadata.get(found.article_id)
    entry = ManifestEntry(path, fingerprint, meta_hash(meta))
    if old.get(found.article_id) == entry:
        tally.unchanged.append(found.article_id)
        tally.kept[found.article_id] = entry
        return
    article = _parse(found, data, meta)
    if isinstance(article, SkippedFile):
        tally.skipped.append(article)
        return
    if found.article_id in old:
        session.delete(found.article_id)
    session.add(article)
    tally.indexed.append(article.id)
    tally.kept[article.id] = entry
    if article.notes:
        tally.notes[article.id] = tuple(article.notes)


def _read(found: corpus.FoundFile, max_bytes: int) -> bytes | SkippedFile:
    try:
        return corpus.read_bytes(found, max_bytes)
    except Exception as exc:  # one file's problem must not stop the build
        return SkippedFile(str(found.path), f"cannot read the file: {describe(exc)}")


def _parse(found: corpus.FoundFile, data: bytes, meta: ArticleMeta | None) -> Article | SkippedFile:
    try:
        return corpus.parse_article(found, data, meta)
    except Exception as exc:  # one file's problem must not stop the build
        return SkippedFile(str(found.path), f"cannot parse the file: {describe(exc)}")


def meta_hash(meta: ArticleMeta | None) -> str:
    """A short hash of the config metadata an article was parsed with."""
    meta = meta or ArticleMeta()
    published = meta.published.isoformat() if meta.published else None
    raw = json.dumps([meta.source, published, meta.title], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


# --- documents -------------------------------------------------------------


def encode_spans(article: Article) -> str:
    """Paragraph and sentence offsets as compact JSON (read back by
    ``query.article_from_fields``)."""
    spans = {
        "p": [[p.start, p.end, int(p.heading)] for p in article.paragraphs],
        "s": [[s.index, s.start, s.end, s.paragraph] for s in article.sentences],
    }
    return json.dumps(spans, separators=(",", ":"))


def encode_meta(article: Article) -> str:
    meta = {"fingerprint": article.fingerprint, "title_derived": article.title_derived, "notes": list(article.notes)}
    return json.dumps(meta, ensure_ascii=False, separators=(",", ":"))


def _date_value(article: Article) -> dict[str, Any]:
    return {sch.DATE: datetime.combine(article.published, time())} if article.published else {}


def article_document(article: Article) -> dict[str, Any]:
    doc: dict[str, Any] = {
        sch.KEY: article.id,
        sch.ID: article.id,
        sch.TITLE: article.title,
        sch.BODY: article.text,
        sch.WORDS: article.text,
        sch.PATH: article.path,
        sch.PUBLISHED: article.published.isoformat() if article.published else None,
        sch.SPANS: encode_spans(article),
        sch.META: encode_meta(article),
        **_date_value(article),
    }
    if article.source:
        doc[sch.SOURCE] = article.source
    return doc


def sentence_documents(article: Article) -> Iterator[dict[str, Any]]:
    shared: dict[str, Any] = {sch.KEY: article.id, sch.ID: article.id, **_date_value(article)}
    if article.source:
        shared[sch.SOURCE] = article.source
    for sentence in article.sentences:
        text = article.text[sentence.start : sentence.end]
        yield {
            **shared,
            sch.BODY: text,
            sch.SENTENCE: sentence.index,
            sch.START: sentence.start,
            sch.END: sentence.end,
        }


# --- writing ---------------------------------------------------------------


def _write(folder: Path, action: Callable[[], Any]) -> Any:
    """Run a write, turning "cannot write here" into IndexReadOnlyError."""
    try:
        return action()
    except FileNotFoundError as exc:
        raise damaged(folder, describe(exc)) from exc
    except OSError as exc:
        raise read_only(folder, exc) from exc


class _WriteSession:
    """Both Whoosh indexes of one folder, with writers opened on first use.

    Whoosh writers read the existing segments (deletes look terms up), so a
    damaged segment surfaces here: reported as IndexDamagedError.
    """

    def __init__(self, folder: Path, *, fresh: bool) -> None:
        self.folder = folder
        self.fresh = fresh
        self.indexes: dict[str, FileIndex] = {}
        self.writers: dict[str, SegmentWriter] = {}

    def __enter__(self) -> _WriteSession:
        storage = open_storage(self.folder, readonly=False)
        _write(self.folder, lambda: precreate_whoosh_locks(self.folder))
        try:
            for name in INDEX_NAMES:
                self.indexes[name] = self._open(storage, name)
            if self.fresh:  # commit both even if empty, so old segments get cleaned
                for name in INDEX_NAMES:
                    self.writer(name)
        except BaseException:
            self.cancel()
            raise
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self.cancel()

    def _open(self, storage: Any, name: str) -> FileIndex:
        if not self.fresh:
            index = open_whoosh(storage, self.folder, name)
            with self._reading():  # an unchanged corpus must not hide a damaged index
                index.reader().close()
            return index
        from whoosh.index import FileIndex

        return _write(self.folder, lambda: FileIndex.create(storage, sch.schema_for(name), name))

    def writer(self, name: str) -> SegmentWriter:
        if name not in self.writers:
            from whoosh.index import LockError

            try:
                with self._reading():
                    self.writers[name] = _write(
                        self.folder, lambda: self.indexes[name].writer(procs=1, limitmb=128)
                    )
            except LockError:
                raise IndexBusyError("index is busy (another program holds Whoosh's write lock)") from None
        return self.writers[name]

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except _DAMAGE_ERRORS as exc:
            raise damaged(self.folder, describe(exc)) from exc

    def delete(self, article_id: str) -> None:
        for name in INDEX_NAMES:
            writer = self.writer(name)
            with self._reading():
                writer.delete_by_term(sch.KEY, article_id)

    def add(self, article: Article) -> None:
        articles, sentences = self.writer(sch.ARTICLES), self.writer(sch.SENTENCES)

        def add_documents() -> None:  # may spill to temporary files: can fail to write
            articles.add_document(**article_document(article))
            for doc in sentence_documents(article):
                sentences.add_document(**doc)

        _write(self.folder, add_documents)

    def commit(self) -> bool:
        """Commit whatever changed; False if there was nothing to commit."""
        if not self.writers:
            return False
        for name in INDEX_NAMES:
            if name in self.writers:
                writer = self.writers.pop(name)
                _write(self.folder, writer.commit)
        return True

    def cancel(self) -> None:
        for writer in self.writers.values():
            with contextlib.suppress(Exception):
                writer.cancel()
        self.writers.clear()


# --- rebuild beside ----------------------------------------------------------


def _sibling_folder(index_dir: Path) -> Path | None:
    """A fresh folder next to the index, or None if the parent is not writable."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.rebuild-", dir=index_dir.parent))
    except OSError:
        return None
    os.chmod(folder, 0o755)
    return folder


def _rebuild_beside(index_dir: Path, sibling: Path, job: _Job) -> IndexReport:
    """Build from scratch next to the index, then swap it in.

    Searchers keep reading the old files until they notice the swap; a crash
    leaves the old index in place (and a stray hidden folder to delete).
    """
    try:
        report = _build_into(sibling, job, fresh=True)
        _keep_gitignore(index_dir, sibling)
        swapped = _swap(index_dir, sibling)
    except BaseException:
        shutil.rmtree(sibling, ignore_errors=True)
        raise
    if not swapped:  # the folder cannot be moved (a mount point, a sticky parent)
        shutil.rmtree(sibling, ignore_errors=True)
        return _build_into(index_dir, job, fresh=True)
    return replace(report, index_dir=index_dir)


def _keep_gitignore(old: Path, new: Path) -> None:
    source = old / ".gitignore"
    if source.is_file() and not source.is_symlink():
        shutil.copyfile(source, new / ".gitignore")
        os.chmod(new / ".gitignore", 0o644)


def _swap(index_dir: Path, new: Path) -> bool:
    """Move the old folder aside, the new one in; False if the old cannot move."""
    aside = new.with_name(new.name.replace(".rebuild-", ".old-"))
    try:
        os.rename(index_dir, aside)
    except OSError:
        return False
    try:
        os.rename(new, index_dir)
    except OSError:
        os.rename(aside, index_dir)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    fsync_dir(index_dir.parent)
    return True
