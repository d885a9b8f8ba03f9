"""Whoosh analyzers built on ``folding``: what the index and queries share.

The tokenizer folds each word (see ``summit_tui.search.folding``) and keeps
the word's original character offsets. There is deliberately no stop list:
Whoosh's default drops "us" and "not".

``text_tokens`` is the same analysis done once for a whole article: the
build derives every field's postings from it (title aside: body, words, each
sentence) and keeps its offsets for highlighting (``encode_offsets``);
sentence highlighting re-runs it on the few sentences shown.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate
from operator import sub
from typing import NamedTuple

from whoosh.analysis import Filter, Token, Tokenizer

from summit_tui.search.folding import _PUNCT_TABLE, TOKEN_RE, fold_id, fold_punctuation, normalize_token, normalize_word


class FoldingTokenizer(Tokenizer):
    """Splits text into folded words, recording original character offsets."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Wildcards, fuzzy terms and ranges: fold the whole text as one word.
            yield _whole_value_token(token, value, normalize_word(value), start_pos, start_char)
            return
        pos = start_pos
        for match in TOKEN_RE.finditer(fold_punctuation(value)):
            text = normalize_token(match.group(0), match.lastgroup or "word")
            if not text:
                continue
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[match.start() : match.end()]
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            pos += 1
            yield token


class FoldedIdTokenizer(Tokenizer):
    """The whole value as one token, folded like query text (for ids/sources)."""

    def __init__(self, lowercase: bool = False) -> None:
        self.lowercase = lowercase

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.lowercase == other.lowercase  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.lowercase))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        yield _whole_value_token(token, value, fold_id(value, lowercase=self.lowercase), start_pos, start_char)


def _whole_value_token(token: Token, value: str, text: str, start_pos: int, start_char: int) -> Token:
    """``token`` set up to stand for the whole of ``value`` as the term ``text``."""
    token.text = text
    token.original = value
    token.boost = 1.0
    token.stopped = False
    if token.positions:
        token.pos = start_pos
    if token.chars:
        token.startchar = start_char
        token.endchar = start_char + len(value)
    return token


class EnglishStemFilter(Filter):
    """English (Snowball) stemming: trade == trading == trades; "us" stays "us".

    Whoosh's StemFilter caches in a structure that is not thread-safe, and a
    TUI may index in one thread while it searches in another.
    """

    is_morph = True

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens):  # type: ignore[override]
        for token in tokens:
            if not token.stopped:
                token.text = stem_english(token.text)
            yield token


@lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    return _english_stemmer()(word)


@lru_cache(maxsize=1)
def _english_stemmer():
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language("en")


def stemming_analyzer():
    """Folding plus English stemming."""
    return FoldingTokenizer() | EnglishStemFilter()


def plain_analyzer():
    """Folding without stemming: prefixes, fuzzy terms and spelling."""
    return FoldingTokenizer()


class TextTokens(NamedTuple):
    """The tokens of a text as ``FoldingTokenizer`` makes them, in order:
    token ``i`` is the folded word ``words[i]`` (UTF-8, as Whoosh stores
    terms), stemmed ``stems[i]``, at ``text[starts[i]:ends[i]]``; its
    position is ``i``."""

    words: list[bytes]
    stems: list[bytes]
    starts: list[int]
    ends: list[int]


# Raw token -> (folded word, stem), both UTF-8. A raw token's kind (word,
# number, acronym) follows from the token itself (see TOKEN_RE), so the raw
# text is key enough. Cleared when full rather than evicted one by one.
_TERMS: dict[str, tuple[bytes, bytes] | None] = {}
_TERMS_MAX = 200_000


def text_tokens(text: str) -> TextTokens:
    """``FoldingTokenizer`` (and ``EnglishStemFilter``) over ``text``, faster:
    no Token objects, and each distinct raw token folded and stemmed once."""
    words: list[bytes] = []
    stems: list[bytes] = []
    starts: list[int] = []
    ends: list[int] = []
    terms = _TERMS
    if len(terms) > _TERMS_MAX:
        terms.clear()
    for match in TOKEN_RE.finditer(_fold_punctuation_quickly(text)):
        raw = match.group()
        try:
            known = terms[raw]
        except KeyError:
            known = terms[raw] = _terms_of(raw, match.lastgroup or "word")
        if known is None:
            continue
        words.append(known[0])
        stems.append(known[1])
        start, end = match.span()
        starts.append(start)
        ends.append(end)
    return TextTokens(words, stems, starts, ends)


# ``fold_punctuation`` with ``str.translate`` looks every character up; the
# characters it changes are rare, so find those instead (the same result).
_FOLDED_PUNCTUATION = re.compile("[%s]" % re.escape("".join(map(chr, _PUNCT_TABLE))))


def _fold_punctuation_quickly(text: str) -> str:
    return _FOLDED_PUNCTUATION.sub(lambda m: _PUNCT_TABLE[ord(m.group())], text)


def _terms_of(raw: str, kind: str) -> tuple[bytes, bytes] | None:
    word = normalize_token(raw, kind)
    if not word:
        return None
    return word.encode("utf-8"), stem_english(word).encode("utf-8")


_WIDE = "I" if array("I").itemsize == 4 else "L"  # 4 bytes: an article is far smaller than 4 GB


def encode_offsets(starts: Sequence[int], ends: Sequence[int]) -> bytes:
    """Where each token of a text is, compactly: the gap before each token
    and its length, interleaved, as little-endian unsigned integers of the
    smallest size that holds them (a typecode byte first). The article body
    keeps positions only; this turns them back into character offsets."""
    flat = [0] * (2 * len(starts))
    flat[0::2] = map(sub, starts, [0, *ends[:-1]])
    flat[1::2] = map(sub, ends, starts)
    biggest = max(flat, default=0)
    code = "B" if biggest < 1 << 8 else "H" if biggest < 1 << 16 else _WIDE
    values = array(code, flat)
    if sys.byteorder == "big":
        values.byteswap()
    return code.encode("ascii") + values.tobytes()


def decode_offsets(data: bytes) -> tuple[list[int], list[int]]:
    """``(starts, ends)`` of the tokens ``encode_offsets`` was given."""
    if not data:
        return [], []
    values = array(chr(data[0]))
    values.frombytes(data[1:])
    if sys.byteorder == "big":
        values.byteswap()
    bounds = list(accumulate(values))
    return bounds[0::2], bounds[1::2]
