"""Text folding shared by indexing and querying (no Whoosh here: it is cheap
to import, and the query side folds before it ever loads Whoosh).

One folding, applied to article text at index time and to the query string
before parsing, so that what a person types meets what the article says:

* typographic quotes and dashes fold to ASCII (“no-limits” == "no limits");
  the mapping is one character to one character, so character offsets that
  Whoosh stores for highlighting still index the original text;
* accents and compatibility forms fold (é -> e, ﬁ -> fi), case folds;
* acronyms lose their dots (U.S. == US), numbers lose thousands separators
  (1,000 == 1000) but keep decimals (3.5);
* possessives fold (Putin's == Putin); hyphenated words are separate tokens
  in consecutive positions, so "no-limits" matches the phrase "no limits".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u00b4\u0060\uff07\u2039\u203a"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\u301f\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u2e3a\u2e3b"

# One character in, one character out: offsets survive the translation.
_PUNCT_TABLE = str.maketrans(
    {**{c: "'" for c in _SINGLE_QUOTES}, **{c: '"' for c in _DOUBLE_QUOTES}, **{c: "-" for c in _DASHES}}
)

# Letters that NFKD does not decompose but readers treat as accented forms.
_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE",
     "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i"}
)

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_W = rf"[\w{_MARKS}]"  # a word character, combining accents included
TOKEN_RE = re.compile(
    rf"""
    (?P<acronym>(?<![\w.])[^\W\d_](?:\.[^\W\d_])+\.?(?!\w))      # U.S.  e.g.  U.S
  | (?P<number>\d{{1,3}}(?:,\d{{3}})+(?!\d)(?:\.\d+)?{_W}*        # 1,000  1,000.5
              |\d+(?:\.\d+)*{_W}*)                                # 1000  3.5  5G
  | (?P<word>{_W}+(?:['\u00ad]{_W}+)*)                            # don't  no  limits
    """,
    re.VERBOSE,
)
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3})")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def fold_punctuation(text: str) -> str:
    """Typographic quotes and dashes to ASCII, keeping the length."""
    return text.translate(_PUNCT_TABLE)


@lru_cache(maxsize=65536)
def fold_accents(text: str) -> str:
    """Strip accents and compatibility forms and fold case ("Café" -> "cafe")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def fold_query(text: str) -> str:
    """Fold a query string the way article text is folded, before parsing.

    Control characters become spaces; quotes and dashes become ASCII (so “…”
    still makes a phrase); accents go. Case is kept so AND/OR/NOT still read
    as operators.
    """
    text = _CONTROL_RE.sub(" ", text)
    text = fold_punctuation(text).translate(_EXTRA_FOLDS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def normalize_token(raw: str, kind: str) -> str:
    """The folded form of one token the tokenizer matched as ``kind``."""
    text = fold_accents(raw)
    if kind == "acronym":
        return text.replace(".", "")
    if kind == "number":
        return _THOUSANDS_RE.sub("", text)
    if text.endswith("'s") and len(text) > 2:
        text = text[:-2]
    return text.replace("'", "").replace("\u00ad", "")


def normalize_word(text: str) -> str:
    """The folded form of one query word (used where no tokenizing happens)."""
    text = fold_punctuation(text)
    match = TOKEN_RE.fullmatch(text)
    kind = match.lastgroup if match else "word"
    return normalize_token(text, kind or "word")


def fold_id(value: str, *, lowercase: bool = False) -> str:
    """How an id or source label is indexed, so ``id:…`` queries survive folding."""
    folded = fold_query(value.strip())
    return folded.casefold() if lowercase else folded
