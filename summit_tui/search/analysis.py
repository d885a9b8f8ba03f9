"""Whoosh analyzers built on ``folding``: what the index and queries share.

The tokenizer folds each word (see ``summit_tui.search.folding``) and keeps
the word's original character offsets, which Whoosh stores for highlighting.
There is deliberately no stop list: Whoosh's default drops "us" and "not".
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Filter, Token, Tokenizer

from summit_tui.search.folding import TOKEN_RE, fold_id, fold_punctuation, normalize_token, normalize_word


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
