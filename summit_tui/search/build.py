"""Build and incrementally update the index from the corpus folders.

One writer at a time (summit's lock file in the index folder), one Whoosh
writer per named index, one commit each. Unchanged files (same bytes, same
metadata, same cleaner) are not parsed again; a schema or cleaner change, or
a missing or stale manifest, rebuilds from scratch.
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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summit_tui.corpus import load as corpus
from summit_tui.corpus.model import Article, ArticleMeta, SkippedFile
from summit_tui.errors import IndexBusyError, SummitError
from summit_tui.fsutil import fsync_dir
from summit_tui.nlp.model import Mention
from summit_tui.search import schema as sch
from summit_tui.search.analysis import TextTokens, encode_offsets, text_tokens
from summit_tui.search.codec import encode_mentions
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
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with the files under ``roots``.

    Raises IndexBusyError (another writer), IndexReadOnlyError (cannot write;
    searching still works), IndexUnsafeError, IndexDamagedError (run with
    ``rebuild=True``). A single file's problem never raises: it is reported
    in ``IndexReport.skipped``. ``gazetteer`` holds the config's additions
    to the shipped entity gazetteer (``entities.gazetteer`` in config.yaml).
    """
    index_dir = Path(index_dir)
    job = _Job(
        tuple(Path(r) for r in roots), tuple(patterns), max_bytes, dict(metadata or {}), progress,
        _Extractor(gazetteer),
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
    mentions = _extract(job, article)
    if isinstance(mentions, SkippedFile):
        tally.skipped.append(mentions)
        return
    if found.article_id in old:
        session.delete(found.article_id)
    session.add(article, mentions)
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


def _extract(job: _Job, article: Article) -> tuple[Mention, ...] | SkippedFile:
    try:
        return job.extractor.mentions(article)
    except SummitError:  # a bad gazetteer in config: the whole build stops
        raise
    except Exception as exc:  # a bug on one odd text must not stop the build
        return SkippedFile(article.path, f"cannot extract entities: {describe(exc)}")


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
    tokens = text_tokens(article.text) if tokens is None else tokens
    doc: dict[str, Any] = {
        sch.KEY: article.id,
        sch.ID: article.id,
        sch.TITLE: article.title,
        sch.BODY: article.text,
        sch.PATH: article.path,
        sch.PUBLISHED: article.published.isoformat() if article.published else None,
        sch.SPANS: encode_spans(article),
        sch.META: encode_meta(article),
        sch.MENTIONS: encode_mentions(mentions),
        sch.OFFSETS: encode_offsets(tokens.starts, tokens.ends),
        **_date_value(article),
    }
    if mentions:
        doc[sch.ENTITY] = _article_keys(mentions)
    if article.source:
        doc[sch.SOURCE] = article.source
    return doc


def _article_keys(mentions: Sequence[Mention]) -> str:
    """Every mention's key, repeats included: BM25 counts them."""
    return " ".join(m.key for m in mentions)


def _sentence_keys(mentions: Sequence[Mention]) -> dict[int, str]:
    """Sentence number -> the keys mentioned in it, once each, in order."""
    keys: dict[int, dict[str, None]] = {}
    for m in mentions:
        keys.setdefault(m.sentence, {})[m.key] = None
    return {sentence: " ".join(found) for sentence, found in keys.items()}


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
    from summit_tui.search.writer import frequency_field, positions_field

    schema = sch.article_schema()
    postings = {
        sch.BODY: positions_field(tokens.stems, field_boost=_boost(schema, sch.BODY)),
        sch.WORDS: frequency_field(tokens.words, _boost(schema, sch.WORDS)),
        sch.TITLE: positions_field(text_tokens(article.title).stems, field_boost=_boost(schema, sch.TITLE)),
    }
    if mentions:
        postings[sch.ENTITY] = _keyword_postings(_article_keys(mentions), _boost(schema, sch.ENTITY))
    return postings


def sentence_postings(article: Article, tokens: TextTokens,
                      mentions: Sequence[Mention] = ()) -> Iterator[dict[str, AnalysedField]]:
    """Each sentence's body (and entity) postings, in ``article.sentences``
    order: the article's tokens that lie inside the sentence, numbered from
    its start (sentences end and begin at white space, so no token straddles
    two)."""
    from summit_tui.search.writer import positions_field

    schema = sch.sentence_schema()
    boost, entity_boost = _boost(schema, sch.BODY), _boost(schema, sch.ENTITY)
    keys = _sentence_keys(mentions)
    for sentence in article.sentences:
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
    shared: dict[str, Any] = {sch.KEY: article.id, sch.ID: article.id, **_date_value(article)}
    if article.source:
        shared[sch.SOURCE] = article.source
    keys = _sentence_keys(mentions)
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

    def add(self, article: Article, mentions: Sequence[Mention] = ()) -> None:
        articles, sentences = self.writer(sch.ARTICLES), self.writer(sch.SENTENCES)

        def add_documents() -> None:  # may spill to temporary files: can fail to write
            tokens = text_tokens(article.text)
            documents = article_document(article, mentions, tokens), article_postings(article, tokens, mentions)
            articles.add_analysed(*documents)
            each = zip(sentence_documents(article, mentions), sentence_postings(article, tokens, mentions))
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
