"""A Whoosh segment writer for documents whose postings are already made.

Whoosh's own writer spends most of a build on bookkeeping per posting: each
one is a tuple pushed through a sorting pool, looked up again for its
document's field length, checked and appended one by one, and its value is
pickled with protocol 2 (which has no opcode for bytes). Here the build hands
over each field's postings ready-made (``AnalysedField``, from one analysis
of the article shared by all its fields); they are kept grouped by term, and
at commit each term's posting list is written a block at a time.

What is written is Whoosh's W3 codec with its standard formats, read back by
plain Whoosh; ``tests/search/test_writer.py`` checks that a reader sees the
same terms, postings, lengths and stored fields as after Whoosh's own writer.
Memory is bounded like Whoosh's pool: past ``limitmb`` the grouped postings
spill to a sorted run in the writer's temporary folder, and runs are merged
at commit. Segments that Whoosh merges in at commit (``add_reader``) still
go through its pool, and are merged with ours term by term.
"""

from __future__ import annotations

import heapq
import itertools
import pickle
import threading
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import sub
from pickle import dumps
from typing import Any, NamedTuple

from whoosh.codec.whoosh3 import (
    STORED_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3PerDocWriter,
    W3PostingsWriter,
    W3Segment,
    W3TermInfo,
)
from whoosh.columns import CompressedBytesColumn, PickleColumn
from whoosh.fields import UnknownFieldError
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

# One posting, flattened into a term's list: docnum, weight, value bytes and
# the document's (Whoosh-rounded) field length.
_STRIDE = 4
# Rough bytes of memory per posting held (list slots, shared ints and floats,
# value bytes): decides when to spill a run.
_BYTES_PER_POSTING = 72
# Spill no sooner than this many postings, whatever ``limitmb`` says.
_MIN_SPILL_POSTINGS = 10_000
# Terms per pickled chunk of a spilled run (a merge holds one chunk per run).
_RUN_CHUNK_TERMS = 4096
# Pickle protocol of a postings block (see _BlockPostingsWriter._write_block).
_BLOCK_PROTOCOL = 5
# How many (field, value) analyses of plain fields to remember: a sentence
# document repeats its article's key, id, source and date.
_REPEAT_CACHE = 4096


class AnalysedField(NamedTuple):
    """One field of one document, already analysed: its length (tokens) and
    (term bytes, weight, encoded value) for each distinct term."""

    length: int
    postings: Sequence[tuple[bytes, float, bytes]]


def _rounded(length: int) -> int:
    """A field length as Whoosh stores it (one byte) and reads it back."""
    lb = length_to_byte(length) if length else 0
    return byte_to_length(lb) if lb else 0


_ROUNDED_LENGTHS = [_rounded(n) for n in range(4096)]


class BulkSegmentWriter(SegmentWriter):
    """``SegmentWriter`` plus ``add_analysed`` and a faster commit."""

    def __init__(self, ix: Any, limitmb: int = 128, stored_level: int = 3, **kwargs: Any) -> None:
        kwargs.setdefault("codec", _BulkCodec(stored_level))
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self._terms: dict[str, dict[bytes, list[Any]]] = {}
        self._held = 0
        self._spill_at = max(_MIN_SPILL_POSTINGS, limitmb * 1024 * 1024 // _BYTES_PER_POSTING)
        self._runs: list[str] = []
        self._repeats: dict[tuple[str, Any], AnalysedField] = {}
        unsupported = [name for name, f in self.schema.items() if f.vector or f.separate_spelling()]
        if unsupported:  # add_analysed does not write term vectors or spelling words
            raise ValueError(f"fields {unsupported} need Whoosh's own writer")
        self._info = {
            name: (f, f.indexed, f.stored, f.scorable, f.column_type) for name, f in self.schema.items()
        }

    # --- adding ----------------------------------------------------------------

    def add_analysed(self, fields: Mapping[str, Any], analysed: Mapping[str, AnalysedField]) -> None:
        """Add one document, like ``add_document(**fields)``, except that the
        fields named in ``analysed`` are indexed from their given postings
        (their value in ``fields``, if any, is only stored)."""
        self._check_state()
        info = self._info
        names = sorted({*fields, *analysed})
        unknown = [name for name in names if name not in info]
        if unknown:
            raise UnknownFieldError(f"No field named {unknown[0]!r} in {self.schema}")
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name in names:
                field, indexed, stored, scorable, column = info[name]
                value = fields.get(name)
                given = analysed.get(name)
                if value is None and given is None:
                    continue
                length = 0
                if given is not None or indexed:
                    if given is None:
                        given = self._analyse(name, field, value)
                    if scorable:
                        length = given.length
                    if given.postings:
                        self._hold(name, docnum, given.postings, length)
                perdoc.add_field(name, field, value if stored else None, length)
                if column and value is not None:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1
        if self._held > self._spill_at:
            self._spill()

    def _analyse(self, name: str, field: Any, value: Any) -> AnalysedField:
        """Whoosh's own analysis of a plain field, remembered for repeats."""
        key = (name, value)
        try:
            cached = self._repeats.get(key)
        except TypeError:  # an unhashable value: analyse it every time
            key, cached = None, None  # type: ignore[assignment]
        if cached is not None:
            return cached
        length, postings = 0, []
        for tbytes, freq, weight, vbytes in field.index(value):
            length += freq
            postings.append((tbytes, weight, vbytes))
        result = AnalysedField(length, tuple(postings))
        if key is not None:
            if len(self._repeats) >= _REPEAT_CACHE:
                self._repeats.clear()
            self._repeats[key] = result
        return result

    def _hold(self, name: str, docnum: int, postings: Sequence[tuple[bytes, float, bytes]], length: int) -> None:
        rounded = _ROUNDED_LENGTHS[length] if length < len(_ROUNDED_LENGTHS) else _rounded(length)
        terms = self._terms.get(name)
        if terms is None:
            terms = self._terms[name] = {}
        get = terms.get
        for tbytes, weight, vbytes in postings:
            held = get(tbytes)
            if held is None:
                terms[tbytes] = [docnum, weight, vbytes, rounded]
            else:
                held += (docnum, weight, vbytes, rounded)
        self._held += len(postings)

    # --- spilling --------------------------------------------------------------

    def _sorted_held(self) -> Iterator[tuple[str, bytes, list[Any]]]:
        for name in sorted(self._terms):
            terms = self._terms[name]
            for tbytes in sorted(terms):
                yield name, tbytes, terms[tbytes]

    def _spill(self) -> None:
        """Write the held postings as a sorted run and let them go."""
        path = f"run{len(self._runs)}.bulk"
        handle = self._tempstorage.create_file(path).raw_file()
        try:
            held = self._sorted_held()
            while chunk := list(itertools.islice(held, _RUN_CHUNK_TERMS)):
                pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            handle.close()
        self._runs.append(path)
        self._terms = {}
        self._held = 0

    def _read_run(self, path: str) -> Iterator[tuple[str, bytes, list[Any]]]:
        handle = self._tempstorage.open_file(path).raw_file()
        try:
            while True:
                try:
                    chunk = pickle.load(handle)
                except EOFError:
                    return
                yield from chunk
        finally:
            handle.close()

    # --- commit ----------------------------------------------------------------

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            sources: list[Iterable[tuple[str, bytes, list[Any]]]] = [self._read_run(p) for p in self._runs]
            sources.append(self._sorted_held())
            if self.pool.fieldnames:  # segments merged in
                sources.append(_grouped_pool(self.pool.iter_postings(), lengths))
            self._write_postings(_merged(sources))
        finally:
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()
        self._terms = {}

    def _write_postings(self, terms: Iterable[tuple[str, bytes, list[Any]]]) -> None:
        # What W3FieldWriter.start_term/finish_term do per term, with the
        # posting list handed over whole (see _BlockPostingsWriter.write_term).
        fieldwriter = self.fieldwriter
        schema = self.schema
        current = None
        add_term = fieldwriter._tindex.add
        for name, tbytes, flat in terms:
            if name != current:
                if current is not None:
                    fieldwriter.finish_field()
                field = schema[name]
                fieldwriter.start_field(name, field)
                postings = fieldwriter._postwriter
                postings._format = field.format
                prefix = pack_ushort(fieldwriter._fieldid)
                current = name
            add_term(prefix + tbytes, postings.write_term(flat))
        if current is not None:
            fieldwriter.finish_field()


def _merged(sources: list[Iterable[tuple[str, bytes, list[Any]]]]) -> Iterator[tuple[str, bytes, list[Any]]]:
    """One (field, term, postings) per term across sorted sources, postings
    in source order (runs are written in document order)."""
    if len(sources) == 1:
        yield from sources[0]
        return
    stream = heapq.merge(*sources, key=lambda item: (item[0], item[1]))
    for (name, tbytes), group in itertools.groupby(stream, key=lambda item: (item[0], item[1])):
        parts = [flat for _, _, flat in group]
        flat = parts[0] if len(parts) == 1 else _in_doc_order(parts)
        yield name, tbytes, flat


def _in_doc_order(parts: list[list[Any]]) -> list[Any]:
    flat = [x for part in parts for x in part]
    docnums = flat[0::_STRIDE]
    if all(a < b for a, b in zip(docnums, docnums[1:])):
        return flat
    order = sorted(range(len(docnums)), key=docnums.__getitem__)
    return [x for i in order for x in flat[i * _STRIDE : (i + 1) * _STRIDE]]


def _grouped_pool(items: Iterable[tuple[str, bytes, int, float, bytes | None]],
                  lengths: Any) -> Iterator[tuple[str, bytes, list[Any]]]:
    """Whoosh's pool (postings of segments merged in) grouped like ours."""

    def length_of(docnum: int, name: str) -> int:
        return (lengths.doc_field_length(docnum, name) or 0) if lengths is not None else 0

    for (name, tbytes), group in itertools.groupby(items, key=lambda item: (item[0], item[1])):
        flat: list[Any] = []
        for _, _, docnum, weight, vbytes in group:
            if docnum == -1:  # Whoosh's marker for spelling words: not postings
                continue
            flat += (docnum, weight, vbytes if vbytes is not None else b"", length_of(docnum, name))
        if flat:
            yield name, tbytes, flat


# --- the codec: Whoosh's, with a faster postings writer ------------------------------


class _BlockPostingsWriter(W3PostingsWriter):
    """``W3PostingsWriter`` that takes a term's whole posting list at once
    (``write_term``), minifies a block's ids and weights without a Python
    step per posting, and pickles blocks quicker (``_write_block``)."""

    def write_term(self, flat: list[Any]) -> bytes:
        """Write one term's postings (flattened, in document order) in blocks,
        as ``start_postings``, ``add_posting`` for each and ``finish_postings``
        would; returns the term's info for the terms table."""
        terminfo = W3TermInfo()
        self._terminfo = terminfo
        self._blockcount = 0
        start = self._postfile.tell()
        step = self._blocklimit * _STRIDE
        size = len(flat)
        for first in range(0, size, step):
            part = flat[first : first + step] if size > step else flat
            weights = part[1::_STRIDE]
            values = part[2::_STRIDE]
            lengths = part[3::_STRIDE]
            if b"" in values:  # add_posting keeps only non-empty values
                values = [v for v in values if v]
            if 0 in lengths:  # ... and lengths
                lengths = [n for n in lengths if n]
            self._ids = array("I", part[0::_STRIDE])
            self._weights = array("f", weights)
            self._values = values
            self._maxweight = max(0, max(weights))
            self._minlength = min(lengths) if lengths else None
            self._maxlength = max(lengths) if lengths else 0
            self._write_block(last=first + step >= size)
        terminfo.set_extent(start, self._postfile.tell() - start)
        self._terminfo = None
        return terminfo.to_bytes()

    def _write_block(self, last: bool = False) -> None:
        # As W3PostingsWriter._write_block (whoosh-reloaded 2.7.5), except
        # that the block's data is pickled with protocol 5, not 2: protocol 2
        # has no opcode for bytes, and pickling the postings' values through
        # ``_codecs.encode`` took most of the time of a commit. The reader
        # unpickles whatever protocol it finds.
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = dumps(data, _BLOCK_PROTOCOL)
        comp = self._compression  # Whoosh always compresses (when set)
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        info = (len(ids), ids[-1], self._maxweight, comp,
                length_to_byte(self._minlength), length_to_byte(self._maxlength))
        infobytes = dumps(info, 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _mini_ids(self) -> tuple[Any, ...]:
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        return (ids[0], *map(sub, ids[1:], ids[:-1]))  # delta_encode

    def _mini_weights(self) -> Any:
        weights = self._weights
        n = len(weights)
        if weights.count(1.0) == n:
            return None
        if weights.count(weights[0]) == n:
            return weights[0]
        return tuple(weights)


class _PerDocWriter(W3PerDocWriter):
    """``W3PerDocWriter`` whose stored fields are compressed at ``stored_level``."""

    def __init__(self, codec: Any, storage: Any, segment: Any, stored_level: int) -> None:
        self._stored_column = PickleColumn(CompressedBytesColumn(level=stored_level))
        super().__init__(codec, storage, segment)

    def _create_column(self, fieldname: str, column: Any) -> None:
        if column is STORED_COLUMN:
            column = self._stored_column
        super()._create_column(fieldname, column)


class _BulkCodec(W3Codec):
    """Writes like ``W3Codec``; segments record a plain ``W3Codec`` (it is
    pickled into the index's table of contents, and reads them).

    ``stored_level``: the zlib level of stored fields (Whoosh's is 3; 0 still
    writes zlib's format, which Whoosh's reader inflates like any other).
    """

    def __init__(self, stored_level: int = 3) -> None:
        super().__init__()
        self._stored_level = stored_level

    def per_document_writer(self, storage: Any, segment: Any) -> W3PerDocWriter:
        return _PerDocWriter(self, storage, segment, self._stored_level)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _BlockPostingsWriter(
            dbfile, blocklimit=self._blocklimit, byteids=byteids,
            compression=self._compression, inlinelimit=self._inlinelimit,
        )

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        return W3Segment(W3Codec(self._blocklimit, self._compression, self._inlinelimit), indexname)


# --- Whoosh's posting formats, made from tokens ---------------------------------
#
# Each builds what ``field.index(text)`` would give for the tokens
# ``terms[lo:hi]`` (positions counted from ``lo``) of a field with that
# format: the same term bytes, weights and value bytes (``formats.py``).

_POSITION_VALUES: list[bytes] = []  # [p]: the value of one occurrence at position p
_GROWING = threading.Lock()
_FREQUENCY_VALUES: dict[int, bytes] = {}


def positions_field(terms: Sequence[bytes], lo: int = 0, hi: int | None = None,
                    field_boost: float = 1.0) -> AnalysedField:
    """``formats.Positions``: positions only."""
    span = terms[lo:hi]
    n = len(span)
    singles = _single_positions(n)
    # term -> its position, or a list of them once it repeats (most terms
    # occur once: no list for them)
    where: dict[bytes, Any] = {}
    get = where.get
    for i, term in enumerate(span):
        found = get(term)
        if found is None:
            where[term] = i
        elif found.__class__ is int:
            where[term] = [found, i]
        else:
            found.append(i)
    if len(where) == n:
        return AnalysedField(n, list(zip(span, itertools.repeat(field_boost), singles)))
    postings = []
    for term, found in where.items():
        if found.__class__ is int:
            postings.append((term, field_boost, singles[found]))
        else:
            deltas = [found[0], *map(sub, found[1:], found[:-1])]
            postings.append((term, len(found) * field_boost, pack_uint(len(deltas)) + dumps(deltas, 2)))
    return AnalysedField(n, postings)


def _single_positions(n: int) -> list[bytes]:
    values = _POSITION_VALUES
    if len(values) < n:
        with _GROWING:  # two builds in two threads must not interleave appends
            for pos in range(len(values), n):
                values.append(pack_uint(1) + dumps([pos], 2))
    return values


def frequency_field(terms: Sequence[bytes], field_boost: float = 1.0) -> AnalysedField:
    """``formats.Frequency``: how often each term occurs."""
    values = _FREQUENCY_VALUES
    postings = []
    for term, n in Counter(terms).items():
        value = values.get(n)
        if value is None:
            value = values[n] = pack_uint(n)
        postings.append((term, n * field_boost, value))
    return AnalysedField(len(terms), postings)
