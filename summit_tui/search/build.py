"""Build and incrementally update the index from the corpus folders.

One writer at a time (summit's lock file in the index folder), one Whoosh
writer per named index, one commit each. Unchanged files (same bytes, same
metadata, same cleaner) are not parsed again; a schema or cleaner change, or
a missing or stale manifest, rebuilds from scratch.

When many files need parsing, worker processes parse them, extract their
entities and analyse their text (``prepare.py``) while this process writes
the postings; results are written in file order, so the index is the one a
serial build makes.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summit_tui.corpus import load as corpus
from summit_tui.corpus.model import Article, ArticleMeta, SkippedFile
from summit_tui.errors import ConfigError, IndexBusyError, SummitError
from summit_tui.fsutil import fsync_dir
from summit_tui.nlp.model import Mention
from summit_tui.search import schema as sch
from summit_tui.search.analysis import TextTokens, encode_offsets
from summit_tui.search.model import IndexReport
from summit_tui.search.prepare import (
    PreparedArticle,
    prepare_article,
    prepare_chunk,
    prepare_file,
    sentence_keys,
    start_pool,
    usable_cpus,
)
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
    from concurrent.futures import Executor, Future

    from whoosh.index import FileIndex

    from summit_tui.search.writer import AnalysedField, BulkSegmentWriter

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
    gazetteer: Mapping[str, Any] | None = None,
    workers: int | None = None,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with the files under ``roots``.

    Raises IndexBusyError (another writer), IndexReadOnlyError (cannot write;
    searching still works), IndexUnsafeError, IndexDamagedError (run with
    ``rebuild=True``). A single file's problem never raises: it is reported
    in ``IndexReport.skipped``. ``gazetteer`` holds the config's additions
    to the shipped entity gazetteer (``entities.gazetteer`` in config.yaml).

    ``workers``: processes that parse and extract entities while this one
    writes the index, when at least ``PARALLEL_THRESHOLD`` files need it;
    None picks from the CPUs (or SUMMIT_TUI_BUILD_WORKERS), 0 or 1 means
    none. The index is the same either way.
    """
    index_dir = Path(index_dir)
    job = _Job(
        tuple(Path(r) for r in roots), tuple(patterns), max_bytes, dict(metadata or {}), progress,
        _Extractor(gazetteer), build_workers(workers),
    )
    if job.extractor.extra:
        job.extractor.check()  # a bad gazetteer addition: say so before writing
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
    extractor: _Extractor
    workers: int  # worker processes for parsing; 0: parse in this process


class _Extractor:
    """Entity extraction for the build: the gazetteer is loaded only when an
    article actually needs extracting (an unchanged corpus never pays for it)."""

    def __init__(self, gazetteer: Mapping[str, Any] | None) -> None:
        self.extra = dict(gazetteer or {})
        self.fingerprint = extractor_fingerprint(self.extra)
        self._gazetteer: Any = None

    def check(self) -> None:
        """Load the gazetteer now, so a bad config addition stops the build
        with its message before anything is written."""
        if self._gazetteer is None:
            from summit_tui.nlp import load_gazetteer

            self._gazetteer = load_gazetteer(self.extra or None)

    def mentions(self, article: Article) -> tuple[Mention, ...]:
        from summit_tui.nlp import extract_mentions

        self.check()
        return extract_mentions(article, self._gazetteer)


def extractor_fingerprint(extra: Mapping[str, Any]) -> str:
    """Changes whenever the extractor's code, its shipped gazetteer or the
    config's additions change: the index is then rebuilt, never half-stale."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent.parent / "nlp"
    for path in sorted(folder.iterdir()):
        if path.suffix in (".py", ".yaml") and path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    digest.update(json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()[:16]


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
    fresh = fresh or not _can_update(folder, previous, job.extractor.fingerprint)
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
            extractor=job.extractor.fingerprint,
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


def _can_update(folder: Path, manifest: Manifest | None, extractor: str) -> bool:
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
    if manifest.extractor != extractor:
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
    done = 0

    def finish(slot: _Settled | _Pending, prepared: PreparedArticle | SkippedFile | None) -> None:
        nonlocal done
        _record(slot, prepared, old, session, tally)
        done += 1
        if job.progress is not None:
            job.progress(done, total, str(slot.found.path))

    with _PreparePipeline(job, scan.files, old, finish) as pipeline:
        for found in scan.files:
            pipeline.push(_triage(found, job, old, first_path_of))


@dataclass(frozen=True, slots=True)
class _Settled:
    """A file whose fate is known without parsing it: ``skipped``, or
    unchanged since the last build (``entry``)."""

    found: corpus.FoundFile
    skipped: SkippedFile | None = None
    entry: ManifestEntry | None = None


@dataclass(slots=True, eq=False)
class _Pending:
    """A file to parse and index; ``chunk`` is the worker task parsing it
    (None: parse it here), ``position`` its place in that task."""

    found: corpus.FoundFile
    data: bytes
    meta: ArticleMeta | None
    entry: ManifestEntry
    chunk: Future[list[PreparedArticle | SkippedFile]] | None = None
    position: int = 0


def _triage(
    found: corpus.FoundFile, job: _Job, old: Mapping[str, ManifestEntry], first_path_of: dict[str, str]
) -> _Settled | _Pending:
    """Read and fingerprint one file and decide whether it needs parsing.

    Always here, in file order: the first file with given bytes wins, and an
    unchanged file costs one read and one hash.
    """
    path = str(found.path)
    data = _read(found, job.max_bytes)
    if isinstance(data, SkippedFile):
        return _Settled(found, skipped=data)
    fingerprint = corpus.content_fingerprint(data)
    if fingerprint in first_path_of:
        return _Settled(found, skipped=SkippedFile(path, f"same content as {first_path_of[fingerprint]}"))
    first_path_of[fingerprint] = path
    meta = job.metadata.get(found.article_id)
    entry = ManifestEntry(path, fingerprint, meta_hash(meta))
    if old.get(found.article_id) == entry:
        return _Settled(found, entry=entry)
    return _Pending(found, data, meta, entry)


def _record(
    slot: _Settled | _Pending,
    prepared: PreparedArticle | SkippedFile | None,
    old: Mapping[str, ManifestEntry],
    session: _WriteSession,
    tally: _Tally,
) -> None:
    """Write one file's outcome (``prepared`` for a pending file) to the index
    and the tally; called in file order, whoever prepared the file."""
    found = slot.found
    if isinstance(slot, _Settled):
        if slot.skipped is not None:
            tally.skipped.append(slot.skipped)
        elif slot.entry is not None:
            tally.unchanged.append(found.article_id)
            tally.kept[found.article_id] = slot.entry
        return
    if isinstance(prepared, SkippedFile):  # prepare_file said why not
        tally.skipped.append(prepared)
        return
    assert prepared is not None  # a pending file always comes back prepared
    article = prepared.article
    if found.article_id in old:
        session.delete(found.article_id)
    session.add(prepared)
    tally.indexed.append(article.id)
    tally.kept[article.id] = slot.entry
    if article.notes:
        tally.notes[article.id] = tuple(article.notes)


# --- preparing beside the writer -------------------------------------------------

# Files to (re)index before a build starts worker processes: below this the
# workers' start (about half a second of CPU each, to import and load the
# gazetteer) costs more than they save. Tests lower it.
PARALLEL_THRESHOLD = 200
# Files per worker task: one round trip carries several articles.
PARALLEL_CHUNK = 16
# Tasks per worker sent ahead of the writer, so none waits for work; the
# queue of files read but not yet written stays this short, however large
# the corpus.
PARALLEL_AHEAD = 4
# Worker processes when there is more than one CPU. Two, measured on two
# cores (issue 7): one cannot keep up with the writer (this process), a
# third only competes with it for the cores; with more cores the writer
# is the bottleneck beyond two.
DEFAULT_WORKERS = 2
WORKERS_ENV = "SUMMIT_TUI_BUILD_WORKERS"


def build_workers(requested: int | None = None) -> int:
    """How many worker processes parse for a build; 0 means none (serial).

    ``requested`` (``build_index(workers=...)``) wins, then the environment
    variable SUMMIT_TUI_BUILD_WORKERS; for either, 0 or 1 means serial.
    Otherwise DEFAULT_WORKERS if this process may use more than one CPU.
    """
    if requested is None:
        raw = os.environ.get(WORKERS_ENV, "").strip()
        if raw:
            if not raw.isdigit():
                raise ConfigError(f"{WORKERS_ENV} must be a whole number of processes (0: none), not {raw!r}")
            requested = int(raw)
    if requested is None:
        return DEFAULT_WORKERS if usable_cpus() > 1 else 0
    return requested if requested > 1 else 0


class _PreparePipeline:
    """Files go in in order; each comes out (to ``finish``) in the same
    order, prepared (parsed, extracted, analysed) by a worker or, without
    one, here.

    Worker processes start once enough files need parsing (files already
    seen to need it, plus files not in the old index still to come), and
    never for an unchanged corpus. If they cannot start, or break, the
    files they held are prepared here instead: each file is finished exactly
    once, in order, whoever prepared it.
    """

    def __init__(
        self,
        job: _Job,
        files: Sequence[corpus.FoundFile],
        old: Mapping[str, ManifestEntry],
        finish: Callable[[_Settled | _Pending, PreparedArticle | SkippedFile | None], None],
    ) -> None:
        self.job = job
        self.finish = finish
        self.old = old
        self.workers = job.workers
        self.pool: Executor | None = None
        self.queue: deque[_Settled | _Pending] = deque()  # read, not yet finished
        self.batch: list[_Pending] = []  # queued, not yet sent to a worker
        self.new_ahead = sum(1 for f in files if f.article_id not in old)
        self.to_parse = 0

    def __enter__(self) -> _PreparePipeline:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is None:  # finish the files still queued
                self._send()
                while self.queue:
                    self._finish_first()
        finally:  # also when a progress callback cancels the build
            self._stop_pool()

    def push(self, slot: _Settled | _Pending) -> None:
        if slot.found.article_id not in self.old:
            self.new_ahead -= 1
        if isinstance(slot, _Pending):
            self.to_parse += 1
            if self.pool is None and self.workers and self.to_parse + self.new_ahead >= PARALLEL_THRESHOLD:
                self._start_pool()
        self.queue.append(slot)
        if isinstance(slot, _Pending) and self.pool is not None:
            self.batch.append(slot)
            if len(self.batch) >= PARALLEL_CHUNK:
                self._send()
        limit = self.workers * PARALLEL_CHUNK * PARALLEL_AHEAD if self.pool is not None else 0
        while len(self.queue) > limit:
            self._finish_first()

    def _finish_first(self) -> None:
        slot = self.queue[0]
        prepared = self._prepared(slot) if isinstance(slot, _Pending) else None
        self.queue.popleft()
        self.finish(slot, prepared)

    def _prepared(self, slot: _Pending) -> PreparedArticle | SkippedFile:
        if slot.chunk is None and self.pool is not None:  # still in the batch
            self._send()
        if slot.chunk is not None:
            try:
                return slot.chunk.result()[slot.position]
            except SummitError:  # a bad gazetteer: the build stops, as in serial
                raise
            except Exception:  # noqa: BLE001 - a worker died, or its result could not come back
                self._give_up_pool()
        return prepare_file(slot.found, slot.data, slot.meta, self.job.extractor.mentions)

    def _start_pool(self) -> None:
        try:
            self.pool = _start_pool(self.workers, self.job.extractor.extra)
        except Exception:  # noqa: BLE001 - no processes here (a sandbox, a daemon): parse in this one
            self.workers = 0

    def _send(self) -> None:
        if not self.batch or self.pool is None:
            return
        batch, self.batch = self.batch, []
        try:  # the first tasks start the processes: this is where that fails
            chunk = self.pool.submit(prepare_chunk, [(p.found, p.data, p.meta) for p in batch])
        except Exception:  # noqa: BLE001 - any failure to start or reach the pool
            self._give_up_pool()
            return
        for position, pending in enumerate(batch):
            pending.chunk, pending.position = chunk, position

    def _give_up_pool(self) -> None:
        """The pool broke: parse everything still queued here, in order."""
        self._stop_pool()
        self.workers = 0
        self.batch = []
        for slot in self.queue:
            if isinstance(slot, _Pending):
                slot.chunk = None

    def _stop_pool(self) -> None:
        if self.pool is not None:
            pool, self.pool = self.pool, None
            # Tasks not started are dropped; the ones running are short (one
            # chunk). Waiting for them means no worker outlives the build.
            pool.shutdown(wait=True, cancel_futures=True)


def _start_pool(workers: int, gazetteer: Mapping[str, Any]) -> Executor:
    """The pool factory (a seam for tests)."""
    return start_pool(workers, gazetteer)


def _read(found: corpus.FoundFile, max_bytes: int) -> bytes | SkippedFile:
    try:
        return corpus.read_bytes(found, max_bytes)
    except Exception as exc:  # one file's problem must not stop the build
        return SkippedFile(str(found.path), f"cannot read the file: {describe(exc)}")


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


def article_document(article: Article, mentions: Sequence[Mention] = (),
                     tokens: TextTokens | None = None) -> dict[str, Any]:
    """The article's field values; ``title``, ``body`` and ``words`` are
    indexed from ``article_postings`` (the values here are stored)."""
    return _article_document(prepare_article(article, mentions, tokens))


def _article_document(prepared: PreparedArticle) -> dict[str, Any]:
    article = prepared.article
    doc: dict[str, Any] = {
        sch.KEY: article.id,
        sch.ID: article.id,
        sch.TITLE: article.title,
        sch.BODY: article.text,
        sch.PATH: article.path,
        sch.PUBLISHED: article.published.isoformat() if article.published else None,
        sch.SPANS: encode_spans(article),
        sch.META: encode_meta(article),
        sch.MENTIONS: prepared.mentions,
        sch.OFFSETS: encode_offsets(prepared.tokens.starts, prepared.tokens.ends),
        **_date_value(article),
    }
    if prepared.keys is not None:
        doc[sch.ENTITY] = prepared.keys
    if article.source:
        doc[sch.SOURCE] = article.source
    return doc


# Whoosh's KeywordAnalyzer(lowercase=True), the ``entity`` field's analyzer:
# split at white space, lowercase.
_KEYWORD_RE = re.compile(r"[^ \t\r\n]+")


def _keyword_postings(value: str, field_boost: float) -> AnalysedField:
    from summit_tui.search.writer import frequency_field

    return frequency_field([key.lower().encode("utf-8") for key in _KEYWORD_RE.findall(value)], field_boost)


def article_postings(article: Article, tokens: TextTokens,
                     mentions: Sequence[Mention] = ()) -> dict[str, AnalysedField]:
    """The postings of the article's text and entity fields, from one
    analysis of its text (what Whoosh's analyzers would make of them)."""
    return _article_postings(prepare_article(article, mentions, tokens))


def _article_postings(prepared: PreparedArticle) -> dict[str, AnalysedField]:
    from summit_tui.search.writer import frequency_field, positions_field

    schema = sch.article_schema()
    tokens = prepared.tokens
    postings = {
        sch.BODY: positions_field(tokens.stems, field_boost=_boost(schema, sch.BODY)),
        sch.WORDS: frequency_field(tokens.words, _boost(schema, sch.WORDS)),
        sch.TITLE: positions_field(prepared.title_stems, field_boost=_boost(schema, sch.TITLE)),
    }
    if prepared.keys is not None:
        postings[sch.ENTITY] = _keyword_postings(prepared.keys, _boost(schema, sch.ENTITY))
    return postings


def sentence_postings(article: Article, tokens: TextTokens,
                      mentions: Sequence[Mention] = ()) -> Iterator[dict[str, AnalysedField]]:
    """Each sentence's body (and entity) postings, in ``article.sentences``
    order: the article's tokens that lie inside the sentence, numbered from
    its start (sentences end and begin at white space, so no token straddles
    two)."""
    return _sentence_postings(prepare_article(article, mentions, tokens))


def _sentence_postings(prepared: PreparedArticle) -> Iterator[dict[str, AnalysedField]]:
    from summit_tui.search.writer import positions_field

    schema = sch.sentence_schema()
    boost, entity_boost = _boost(schema, sch.BODY), _boost(schema, sch.ENTITY)
    keys, tokens = prepared.sentence_keys, prepared.tokens
    for sentence in prepared.article.sentences:
        lo = bisect.bisect_left(tokens.starts, sentence.start)
        hi = bisect.bisect_left(tokens.starts, sentence.end, lo)
        postings = {sch.BODY: positions_field(tokens.stems, lo, hi, boost)}
        if sentence.index in keys:
            postings[sch.ENTITY] = _keyword_postings(keys[sentence.index], entity_boost)
        yield postings


def _boost(schema: Any, name: str) -> float:
    return float(getattr(schema[name].format, "field_boost", 1.0))


def sentence_documents(article: Article, mentions: Sequence[Mention] = ()) -> Iterator[dict[str, Any]]:
    """Each sentence's field values (``body`` is indexed from ``sentence_postings``)."""
    return _sentence_documents(article, sentence_keys(mentions))


def _sentence_documents(article: Article, keys: Mapping[int, str]) -> Iterator[dict[str, Any]]:
    shared: dict[str, Any] = {sch.KEY: article.id, sch.ID: article.id, **_date_value(article)}
    if article.source:
        shared[sch.SOURCE] = article.source
    for sentence in article.sentences:
        text = article.text[sentence.start : sentence.end]
        doc = {
            **shared,
            sch.BODY: text,
            sch.SENTENCE: sentence.index,
            sch.START: sentence.start,
            sch.END: sentence.end,
        }
        if sentence.index in keys:
            doc[sch.ENTITY] = keys[sentence.index]
        yield doc


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
        self.writers: dict[str, BulkSegmentWriter] = {}

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

    def writer(self, name: str) -> BulkSegmentWriter:
        if name not in self.writers:
            from whoosh.index import LockError

            from summit_tui.search.writer import BulkSegmentWriter

            try:
                with self._reading():
                    # A sentence's stored fields are a few hundred bytes: zlib
                    # shrinks them by a fifth at the cost of a tenth of the build.
                    level = 0 if name == sch.SENTENCES else 3
                    self.writers[name] = _write(
                        self.folder, lambda: BulkSegmentWriter(self.indexes[name], limitmb=128, stored_level=level)
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

    def add(self, prepared: PreparedArticle) -> None:
        articles, sentences = self.writer(sch.ARTICLES), self.writer(sch.SENTENCES)
        article = prepared.article

        def add_documents() -> None:  # may spill to temporary files: can fail to write
            articles.add_analysed(_article_document(prepared), _article_postings(prepared))
            each = zip(_sentence_documents(article, prepared.sentence_keys), _sentence_postings(prepared))
            for doc, postings in each:
                sentences.add_analysed(doc, postings)

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
