"""Bytes -> safe text: decoding (BOMs, UTF-8, Windows-1252) and sanitising.

Everything here is about making text *safe*: after ``sanitise`` no character
from a file can act on a terminal (escape sequences, C0/C1 controls, bidi
overrides) and newlines are plain ``\\n``. Cleaning of the *content* (page
furniture, headlines, paragraphs) lives in ``clean.py``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Undecodable:
    """Bytes that are not text at all; ``reason`` is for a person."""

    reason: str


# UTF-32 LE must be tested before UTF-16 LE: its BOM starts with FF FE too.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)

# surrogateescape turns each byte that is not valid UTF-8 into U+DC80..U+DCFF;
# mapping those back through Windows-1252 rescues both pure cp1252 files and
# UTF-8 files with a few stray cp1252 bytes (smart quotes pasted from Word).
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_CP1252_FOR_ESCAPED = {
    0xDC00 + b: bytes([b]).decode("cp1252", "replace") for b in range(0x80, 0x100)
}
_CP1252_UNDEFINED = frozenset(b for b in range(0x80, 0x100) if _CP1252_FOR_ESCAPED[0xDC00 + b] == "\ufffd")

_CONTROL_IN_DECODED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def count_of(n: int, noun: str) -> str:
    """"1 byte", "3 bytes"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# C0 controls and DEL, less tab, newlines, form feed and ESC (terminal logs
# with colour codes are text, however unwelcome).
_BINARY_CONTROL_BYTES = bytes(b for b in [*range(0x20), 0x7F] if b not in b"\t\n\x0b\x0c\r\x1b")
_BINARY_CONTROL_SHARE = 0.03
_BINARY_CONTROL_MIN = 16


def _control_share(data: bytes) -> float:
    controls = len(data) - len(data.translate(None, _BINARY_CONTROL_BYTES))
    return controls / len(data) if controls >= _BINARY_CONTROL_MIN else 0.0


def decode_bytes(data: bytes) -> Decoded | Undecodable:
    """Turn a file's bytes into text, saying in ``notes`` what was guessed."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom) :], codec, label)
    if b"\x00" in data:
        utf16 = _guess_utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        return Undecodable("binary file (contains NUL bytes)")
    share = _control_share(data)
    if share > _BINARY_CONTROL_SHARE:
        return Undecodable(f"binary file ({share:.0%} of its bytes are control codes)")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _decode_mostly_cp1252(data)


def _decode_with_bom(body: bytes, codec: str, label: str) -> Decoded:
    try:
        return Decoded(body.decode(codec))
    except UnicodeDecodeError:
        text = body.decode(codec, "replace")
        count = text.count("\ufffd")
        return Decoded(text, (f"not valid {label}: {count_of(count, 'undecodable sequence')} replaced",))


def _decode_mostly_cp1252(data: bytes) -> Decoded:
    escaped = data.decode("utf-8", "surrogateescape")
    invalid = len(_ESCAPED_BYTE.findall(escaped))
    undefined = sum(escaped.count(chr(0xDC00 + b)) for b in _CP1252_UNDEFINED)
    notes: list[str] = []
    if _VALID_NON_ASCII.search(escaped):
        notes.append(f"mixed encodings: {count_of(invalid, 'invalid UTF-8 byte')} decoded as Windows-1252")
    else:
        notes.append("not valid UTF-8: decoded as Windows-1252")
    if undefined:
        notes.append(f"{count_of(undefined, 'undecodable byte')} replaced")
    return Decoded(escaped.translate(_CP1252_FOR_ESCAPED), tuple(notes))


def _guess_utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text of mostly Latin script has a NUL in every other byte.

    Deliberately conservative: only when nearly all NULs sit at one parity,
    the decode is clean and the result is (nearly) free of control characters.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    if odd_nuls >= 0.3 * half and even_nuls <= 0.01 * odd_nuls:
        codec, label = "utf-16-le", "UTF-16 LE"
    elif even_nuls >= 0.3 * half and odd_nuls <= 0.01 * even_nuls:
        codec, label = "utf-16-be", "UTF-16 BE"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if len(_CONTROL_IN_DECODED.findall(text)) > 0.01 * len(text):
        return None
    return Decoded(text, (f"no byte order mark: decoded as {label}",))


# Whole terminal escape sequences go first so that their parameters do not
# survive as visible junk ("[31m") once the ESC itself is removed.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]{0,2048}(?:\x07|\x1b\\|\x9c)"  # OSC: titles, clipboard
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x07\x1b\x9c\n]{0,2048}(?:\x07|\x1b\\|\x9c)"  # DCS/SOS/PM/APC
    r"|\x1b[()*+][0-9A-Za-z]"  # charset designation
    r"|\x1b[@-Z\\-_]"  # any other two-character escape
)
_HAS_ESCAPE_INTRODUCER = re.compile("[\x1b\x90\x98\x9b\x9d\x9e\x9f]")


def _build_sanitise_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in (*range(0x00, 0x20), *range(0x7F, 0xA0)):
        table[cp] = None
    table[ord("\t")] = "\t"
    table[ord("\n")] = "\n"
    # Line-breaking characters become plain newlines rather than vanishing,
    # so the words on either side stay apart.
    for cp in (0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029):
        table[cp] = "\n"
    # Bidi embeddings/overrides/isolates can make text display in an order
    # other than the one stored (the "Trojan Source" trick).
    for cp in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[cp] = None
    # Invisible characters that break word matching and search.
    for cp in (0x200B, 0x2060, 0xFEFF, 0x00AD, 0xFFFC, 0xFFF9, 0xFFFA, 0xFFFB):
        table[cp] = None
    return table


_SANITISE_TABLE = _build_sanitise_table()
_NEEDS_TRANSLATE = re.compile(
    "[" + "".join(re.escape(chr(cp)) for cp in sorted(_SANITISE_TABLE) if chr(cp) not in "\t\n") + "]"
)


@dataclass(frozen=True, slots=True)
class Sanitised:
    text: str
    removed: int  # characters removed (controls, escape sequences, invisibles)


def sanitise(text: str) -> Sanitised:
    """Plain ``\\n`` newlines, NFC, and nothing a terminal would act on."""
    text = text.replace("\r\n", "\n")
    before = len(text)
    if _HAS_ESCAPE_INTRODUCER.search(text):
        text = _ESCAPE_SEQUENCE.sub("", text)
    # translate() is slow on non-ASCII text; most files need nothing from it.
    if _NEEDS_TRANSLATE.search(text):
        text = text.translate(_SANITISE_TABLE)
    removed = before - len(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return Sanitised(text, removed)


def safe_label(name: str) -> str:
    """A file name fit to show and to use as an id: undecodable bytes (which
    ``os.fsdecode`` keeps as lone surrogates) become U+FFFD and nothing a
    terminal would act on survives."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that did not come from a byte
        raw = name.encode("utf-8", "replace")
    name = raw.decode("utf-8", "replace")
    return " ".join(sanitise(name).text.split())


# Inline Markdown in .md files: keep the words, drop the syntax. Images go
# (their alt text is a caption, not the story); reference definitions too.
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_MD_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*$", re.MULTILINE)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?![\w_])")
_MD_CODE = re.compile(r"`([^`\n]+)`")


def strip_markdown_inline(text: str) -> str:
    """``[Jasper](https://…)`` -> ``Jasper``, ``**Officials**`` -> ``Officials``."""
    text = _MD_REF_DEF.sub("", _MD_IMAGE.sub("", text))
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return _MD_CODE.sub(r"\1", text)
