"""Sanitised text -> article body: furniture, headline, date, paragraphs, sentences.

The rules are general, not a list of known lines, because corpora come from
outlets we have never seen:

* page furniture is recognised by *shape* (short non-sentence lines before the
  headline or after the last body paragraph), by *vocabulary* (lines made only
  of navigation/account/sharing words) and by a few *patterns* (comment
  counters, cookie and newsletter prompts, credits and moderation notices at
  the end);
* the headline is the title-like line that introduces the body;
* paragraphs come from blank lines, from one-paragraph-per-line files, or from
  re-joining hard-wrapped lines;
* sentences are split at terminal punctuation, except after abbreviations,
  initials and inside elisions.

Everything here is linear in the size of the text: a few regexes per line and
per sentence boundary, never a Python loop per character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from summit_tui.corpus.model import Paragraph, Sentence

# --------------------------------------------------------------------------
# Result


@dataclass(frozen=True, slots=True)
class CleanedArticle:
    """The cleaned body with offsets into ``text``, plus what the head said."""

    title: str | None  # the headline found in the file, if any
    published: date | None  # the page date found in the file, if any
    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]

    @property
    def has_body(self) -> bool:
        return bool(self.sentences)


# --------------------------------------------------------------------------
# Small text predicates

_TERMINAL = ".!?…"
_CLOSING = "”’\"')]»"
_OPENING = "“‘\"'([«"
_BULLET = re.compile(r"^(?:(?:[•·▪▫►▸‣◦●○■□*|»]+|[-–—>](?=\s))\s*)+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")
_WORD = re.compile(r"[\w&][\w&.'’-]*")


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSING)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _starts_lowercase(text: str) -> bool:
    """A continuation line, not a brand such as "iPhone" or "eBay"."""
    if not text[:1].islower():
        return False
    first = text.split(" ", 1)[0]
    return first == first.lower()


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0]


def _tokens(lowered: str) -> list[str]:
    return [t.rstrip(".'’-") for t in _WORD.findall(lowered)]


# --------------------------------------------------------------------------
# Sentence splitting

# The lookbehind makes a long run of "!!!!" cost one attempt, not one per mark.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]+[”’\"')\]»]*\s+")
# Never a sentence end before a capitalised word: titles and addresses.
_ABBREV_ALWAYS = frozenset(
    "mr mrs ms mx dr prof gen lt col maj sgt capt cpt cmdr adm brig gov sen rep rev fr "
    "st mt ft hon pres supt det insp amb messrs mme mlle vs v cf al approx ca e.g i.e "
    "dept univ".split()
)
# Like initials: "Apple Inc. Chief Executive…" goes on, "…Kennedy Jr. He said" ends.
_ABBREV_NAME_SUFFIX = frozenset("jr sr inc ltd co corp llc plc bros".split())
# Not a sentence end before a number: "No. 5", "Jan. 6", "p. 12".
_ABBREV_BEFORE_NUMBER = frozenset(
    "no nos jan feb mar apr jun jul aug sep sept oct nov dec p pp vol art fig ch sec para ed op".split()
)
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
# After "U.S." or an initial, a capitalised word usually continues the name
# ("U.S. Army", "George W. Bush"); these words usually start a new sentence.
_SENTENCE_STARTERS = frozenset(
    "the a an it its he she they we i you his her their our this that these those there here "
    "but and or so yet in on at for from as after before since while when if although though "
    "however meanwhile still also some many most both all no not one what why how who where "
    "then now last next earlier later during under with without despite by to according "
    "officials analysts critics experts".split()
)
_CURRENCY = "$€£¥₹"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in ``text[start:end]``.

    The spans cover every non-space character of the range; a sentence never
    begins or ends with whitespace.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    sent_start = _skip_space(text, start, end)
    for m in _BOUNDARY.finditer(text, sent_start, end):
        nxt = m.end()
        if nxt >= end or not _is_sentence_end(text, m.start(), m.group(), nxt, end):
            continue
        stop = m.start() + len(m.group().rstrip())
        if stop > sent_start:
            spans.append((sent_start, stop))
        sent_start = nxt
    stop = _trim_end(text, sent_start, end)
    if stop > sent_start:
        spans.append((sent_start, stop))
    return spans


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _is_sentence_end(text: str, punct_at: int, boundary: str, nxt: int, end: int) -> bool:
    next_word = text[nxt : min(end, nxt + 40)].split(" ", 1)[0]
    if not _starts_like_sentence(next_word):
        return False
    marks = boundary.rstrip()
    if "…" in marks or "..." in marks:
        # A free-standing "…" marks words left out of a quote, not an end.
        return punct_at > 0 and not text[punct_at - 1].isspace()
    if marks != ".":
        return True
    word_start = text.rfind(" ", 0, punct_at) + 1
    word = text[word_start:punct_at].lstrip(_OPENING)
    lowered = word.lower()
    if lowered in _ABBREV_ALWAYS:
        return False
    bare_next = next_word.lstrip(_OPENING)
    if lowered in _ABBREV_BEFORE_NUMBER and bare_next[:1].isdigit():
        return False
    if lowered in _ABBREV_NAME_SUFFIX or _INITIALISM.fullmatch(word):
        return bare_next.lower().rstrip(",;:") in _SENTENCE_STARTERS
    return True


def _starts_like_sentence(word: str) -> bool:
    bare = word.lstrip(_OPENING)
    if not bare:
        return False
    first = bare[0]
    if first in _CURRENCY:
        return bare[1:2].isdigit()
    return first.isupper() or first.isdigit()


# --------------------------------------------------------------------------
# Dates

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    rf"\b(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})\b"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})\b"
    r"|\b(?P<y3>\d{4})[-/.](?P<m3>\d{1,2})[-/.](?P<d3>\d{1,2})(?!\d)",
    re.IGNORECASE,
)
_DATE_NOISE_WORDS = frozenset(
    "published updated posted last first modified originally on at am pm a.m p.m date time "
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun "
    # "Updated 3 hours ago", "5 min read"
    "ago just now minute minutes min mins hour hours hr hrs day days week weeks read".split()
)
_TIME = re.compile(r"\d{1,2}(?:[:.]\d{2}){0,2}(?:am|pm|a\.m|p\.m)?|t\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?z?")
_ZONE = re.compile(r"(?:utc|gmt)(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}")


def find_date(text: str) -> date | None:
    """The first calendar date written in ``text`` (month names or ISO)."""
    for m in _DATE.finditer(text):
        found = _date_from_match(m)
        if found is not None:
            return found
    return None


def parse_date_line(line: str) -> date | None:
    """The date if ``line`` is nothing but a date ("Published May 16, 2024 at
    3:04 p.m. EDT", "Wednesday, June 19, 2024", "2024-06-19"), else None."""
    if len(line) > 120:
        return None
    found = find_date(line)
    if found is None:
        return None
    rest = _DATE.sub(" ", line)
    for token in rest.split():
        if not _is_date_noise(token):
            return None
    return found


def _is_date_noise(token: str) -> bool:
    bare = token.strip(",.;:()[]|·•–—-/")
    if not bare:
        return True
    lowered = bare.lower()
    return (
        lowered in _DATE_NOISE_WORDS
        or bool(_TIME.fullmatch(lowered))
        or bool(_ZONE.fullmatch(lowered))
        or (bare.isalpha() and bare.isupper() and 2 <= len(bare) <= 5)
    )


def _date_from_match(m: re.Match[str]) -> date | None:
    if m.group("y1"):
        year, month, day = m.group("y1"), _MONTH_NUMBERS[m.group("m1")[:3].lower()], m.group("d1")
    elif m.group("y2"):
        year, month, day = m.group("y2"), _MONTH_NUMBERS[m.group("m2")[:3].lower()], m.group("d2")
    else:
        year, month, day = m.group("y3"), m.group("m3"), m.group("d3")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Page furniture

# Navigation, account and sharing words: a short line made only of these
# (plus filler) is page chrome wherever it appears.
_NAV_WORDS = frozenset(
    """menu home search log login logout logon sign signin signout signup register
    registration reset password forgot account accounts profile settings preferences
    subscribe subscribed subscription subscriptions subscriber subscribers newsletter
    newsletters share shares sharing shared tweet email e-mail print facebook twitter x
    linkedin whatsapp reddit pinterest instagram youtube telegram tiktok bluesky mastodon
    flipboard copy link links url advertisement advertisements advert adverts advertising
    ad ads sponsored promoted skip main content navigation nav close closed open toggle
    back top next previous prev read comments comment replies reply trending popular
    contact terms privacy policy cookie cookies help faq careers feedback donate app apps
    download follow following followers like likes save saved bookmark bookmarks
    notifications alerts premium edition editions topics sections continue reading
    gift unlock""".split()
)
# Section names are chrome in the page head/foot, but a lone "Health" inside
# the body may be a genuine subheading.
_SECTION_WORDS = frozenset(
    """world politics business tech technology science health sport sports opinion culture
    arts lifestyle travel video videos audio podcast podcasts news latest live weather
    markets entertainment economy climate local national international""".split()
)
_FILLER_WORDS = frozenset(
    "a an the of for and or & to in on up out our your my me this that us now here with "
    "via at is are be was has have it page story article site more all free".split()
)
_NAV_SEPARATOR = re.compile(r"\s*[|•·»›>]\s*")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# (pattern, maximum words): furniture anywhere in the file. All anchored at
# the start of the line, so that one combined match rules most lines out.
_LEADING_FURNITURE: tuple[tuple[re.Pattern[str], int], ...] = (  # fmt: skip
    (_rx(r"^skip to\b"), 8),
    (_rx(r"^(?:sign|log) ?(?:in|up|out|on)\b"), 12),
    (_rx(r"^(?:share|follow)\b(?: (?:this|the|our|us))?(?: (?:article|story|page|post|on|us|via|with)\b)"
         r"|^like us\b"), 10),
    (_rx(r"^(?:story|article) continues\b"), 6),
    (_rx(r"^advertisement\b|^scroll to continue\b"), 5),
    (_rx(r"^(?:comments?|replies|responses|reactions|shares?)\s*[:(\[]?\s*\d[\d,.]*k?\s*[)\]]?$"), 3),
    (_rx(r"^\d[\d,.]*k?\s+(?:comments?|replies|responses|reactions|shares)$"), 3),
    (_rx(r"^(?:view|show|load|see|read|hide)(?: all)?(?: \d+)? comments?\b"), 6),
    (_rx(r"^(?:join the (?:conversation|discussion|debate)|(?:leave|add|post|write) a (?:comment|reply)"
         r"|be the first to comment)\b"), 12),
    (_rx(r"^comments? (?:are|is) (?:now )?(?:closed|open|disabled|moderated)\b"), 12),
    (_rx(r"^(?:read more|related(?: articles| stories| coverage| content| topics| links)?|see also"
         r"|more on this(?: story)?|more from|most (?:read|popular|viewed|shared)"
         r"|recommended(?: for you| stories| reading)?|you (?:may|might) also like|trending(?: now)?"
         r"|editor'?s picks|top stories)\s*(?:[:|»›–—-]|$)"), 25),
    (_rx(r"^listen to (?:this|the) (?:article|story)\b"), 10),
    (_rx(r"^\d+\s*(?:min(?:ute)?s?|mins?)\.?\s+(?:read|listen)$"), 4),
    (_rx(r"^(?:click|tap) here\b"), 15),
    (_rx(r"^(?:image|media|video|photo) (?:caption|source|credit)\b"), 15),
    (_rx(r"^(?:photo|image|picture|illustration|graphic)s?(?: credit)?\s*:"), 12),
    (_rx(r"^(?:watch|video|audio|gallery|photos?|podcast)\s*:\s*\S"), 14),
    (_rx(r"^(?:©|\(c\)\s|copyright\b)"), 30),
    (_rx(r"^(?:terms of (?:use|service)|privacy policy|cookie policy|contact us|about us)\b"), 12),
    (_rx(r"^(?:already a (?:subscriber|member)|become a (?:member|subscriber)|create (?:an |a free )?account"
         r"|get (?:unlimited|full|digital) access|subscribe (?:now|today|to|for)"
         r"|support (?:our|independent) journalism)\b"), 30),
    (_rx(r"^this (?:article|story|page) is more than \S+ \w+ old\b"), 12),
    (_rx(r"^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,5})?$"), 3),
    # "Updated 4:12 p.m. ET": a time stamp with no date to pick up
    (_rx(r"^(?:last )?(?:updated|published|posted|modified)(?: on| at)?[:\s]+"
         r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,5})?\.?$"), 6),
    # "Reporting from Washington", "Photographs by Jane Doe"
    (_rx(r"^(?:reporting|reported|writing) from\b"), 6),
    (_rx(r"^(?:photographs?|photos?|videos?|graphics?|illustrations?|maps?) by\b"), 10),
    (_rx(r"^(?:continue reading|keep reading|want to read more"
         r"|this (?:article|story|content) is (?:only )?(?:available|for subscribers))\b"), 14),
)
# (keywords, pattern, maximum words): checked only when a keyword occurs.
_KEYWORD_FURNITURE: tuple[tuple[tuple[str, ...], re.Pattern[str], int], ...] = (
    (("getty", "/afp", "/reuters", "ap photo", "shutterstock"),
     _rx(r"getty images|/afp\b|/reuters\b|\bap photo\b|\bshutterstock\b"), 20),
    (("rights reserved",), _rx(r"\ball rights reserved\b"), 30),
    (("cookie",), _rx(r"\bcookies?\b.*\b(?:accept|consent|policy|settings|preferences|this (?:site|website))\b"
                      r"|\bwe use cookies\b"), 45),
    (("newsletter",), _rx(r"\bnewsletters?\b.*\b(?:sign up|subscribe|inbox|delivered|get|receive)\b"
                          r"|\b(?:sign up|subscribe)\b.*\bnewsletters?\b"), 30),
)  # fmt: skip
# Credits and moderation notices: furniture only among the last paragraphs,
# where a body sentence with the same words is unlikely.
_TAIL_PATTERNS: tuple[re.Pattern[str], ...] = (  # fmt: skip
    _rx(r"\bcomment(?:s| threads?| sections?)\b.{0,80}"
        r"\b(?:monitored|moderated|closed|open|policy|guidelines|rules|standards)\b"),
    _rx(r"\b(?:additional )?reporting by\b|\b(?:editing|edited|writing|written|compiled|produced) by\b"),
    _rx(r"\bcontributed(?: reporting)? to (?:this|the) (?:report|story|article)\b|\bcontributed reporting\b"),
    _rx(r"\b(?:reported|reporting) from\b"),
    _rx(r"^our standards\b|\btrust principles\b"),
    _rx(r"^this (?:story|article|report|piece) (?:has been|was|is|originally) (?:\w+ )?"
        r"(?:updated|corrected|amended|adapted|published|appeared)\b"),
    _rx(r"^(?:correction|clarification|editor'?s note)s?\s*:"),
    _rx(r"^[\w .'’-]{2,60} is an? (?:\w+ ){0,3}"
        r"(?:reporter|correspondent|writer|editor|columnist|journalist)\b"),
    _rx(r"^(?:contact|email|follow) (?:the )?(?:author|reporter|writer)\b"),
    _rx(r"^(?:sign up|subscribe)\b"),
    _rx(r"^a version of this (?:article|story|report) appear(?:s|ed) in print\b"),
)
_TAIL_MAX_WORDS = 60
_TAIL_PEEL_LIMIT = 4


_NOT_FURNITURE, _FURNITURE_AT_EDGES, _FURNITURE_ANYWHERE = 0, 1, 2
_FURNITURE_MAX_WORDS = max(limit for *_, limit in (*_LEADING_FURNITURE, *_KEYWORD_FURNITURE))
# One anchored match rules out the usual case (a body line matching none).
_ANY_LEADING_FURNITURE = re.compile("|".join(f"(?:{rx.pattern})" for rx, _ in _LEADING_FURNITURE), re.IGNORECASE)
_NAV_SEPARATOR_CHAR = re.compile(r"[|•·»›>]")
_ANY_FURNITURE_KEYWORD = re.compile("|".join(re.escape(k) for keywords, *_ in _KEYWORD_FURNITURE for k in keywords))


def _furniture_level(line: str) -> int:
    core = _strip_bullets(line)
    if not core:
        return _FURNITURE_ANYWHERE
    n_words = len(core.split())
    if n_words > _FURNITURE_MAX_WORDS:
        return _NOT_FURNITURE
    if _NAV_SEPARATOR_CHAR.search(core) and _is_nav_line(core):
        return _FURNITURE_ANYWHERE
    lowered = core.lower()
    if n_words <= 8:
        level = _nav_word_level(lowered)
        if level:
            return level
    if _ANY_LEADING_FURNITURE.match(lowered) and any(
        n_words <= limit and rx.match(lowered) for rx, limit in _LEADING_FURNITURE
    ):
        return _FURNITURE_ANYWHERE
    if _ANY_FURNITURE_KEYWORD.search(lowered):
        for keywords, rx, limit in _KEYWORD_FURNITURE:
            if n_words <= limit and any(k in lowered for k in keywords) and rx.search(lowered):
                return _FURNITURE_ANYWHERE
    return _NOT_FURNITURE


def _nav_word_level(lowered: str) -> int:
    """Lines made only of navigation/section words (and filler)."""
    nav = section = 0
    for token in _tokens(lowered):
        if token in _NAV_WORDS:
            nav += 1
        elif token in _SECTION_WORDS:
            section += 1
        elif token not in _FILLER_WORDS:
            return _NOT_FURNITURE
    if nav:
        return _FURNITURE_ANYWHERE
    return _FURNITURE_AT_EDGES if section else _NOT_FURNITURE


def _is_nav_line(core: str) -> bool:
    """Breadcrumbs and menus: "Home | World | Politics", "News › Asia › China"."""
    parts = _NAV_SEPARATOR.split(core)
    if len(parts) < 3:
        return False
    return all(0 < len(p.split()) <= 3 for p in parts)


def _is_tail_furniture(text: str) -> bool:
    if len(text.split()) > _TAIL_MAX_WORDS:
        return False
    return any(rx.search(text) for rx in _TAIL_PATTERNS)


_BULLET_START = frozenset("•·▪▫►▸‣◦●○■□*|»-–—>")


def _strip_bullets(line: str) -> str:
    if line[:1] not in _BULLET_START:
        return line
    return _BULLET.sub("", line, count=1)


# --------------------------------------------------------------------------
# Lines -> units (paragraph candidates)


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    indented: bool


@dataclass(slots=True)
class _Unit:
    text: str  # bullets and markdown markers removed
    md_level: int = 0  # markdown heading level, 0 if none
    # Filled in once by _classify:
    kind: str = ""
    furniture: int = 0
    date: date | None = None


_WRAP_MIN, _WRAP_MAX = 30, 110


def _split_blocks(text: str) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for raw in text.split("\n"):
        words = raw.split()
        if not words:
            if current:
                blocks.append(current)
                current = []
            continue
        # Joining the split words collapses runs of spaces/tabs and strips.
        current.append(_Line(" ".join(words), raw[:1].isspace()))
    if current:
        blocks.append(current)
    return blocks


def _wrap_width(blocks: list[list[_Line]]) -> int | None:
    """The column hard-wrapped blocks were wrapped at, if the file has any.

    A wrapped block has three or more lines, most of similar width (30-110
    columns), most of them ending mid-sentence, and a last line no wider.
    """
    widths: list[int] = []
    for block in blocks:
        if len(block) < 3:
            continue
        lengths = [len(line.text) for line in block[:-1]]
        width = max(lengths)
        if not _WRAP_MIN <= width <= _WRAP_MAX or len(block[-1].text) > width * 1.1:
            continue
        similar = sum(1 for n in lengths if n >= 0.6 * width)
        open_ended = sum(1 for line in block[:-1] if not _ends_sentence(line.text))
        if similar >= 0.7 * len(lengths) and open_ended >= 0.5 * len(lengths):
            widths.append(width)
    return max(widths) if widths else None


_LINE_MARKERS = _BULLET_START | {"#"}
_BULLET_OR_HEADING = re.compile(f"{_BULLET.pattern}|#")


class _Growing:
    """A paragraph being assembled from lines; joined once at the end, so a
    file of a million continuation lines stays linear."""

    __slots__ = ("first", "last", "parts", "words")

    def __init__(self, line: str) -> None:
        self.first = self.last = line
        self.parts = [line]
        self.words = len(line.split())

    def add(self, line: str) -> None:
        last = self.last
        # A line broken after a hyphen ("Russia-" / "Ukraine") joins without a
        # space; the hyphen stays, right for compounds and harmless otherwise.
        hyphenated = last.endswith("-") and len(last) > 1 and last[-2].isalpha() and line[:1].isalpha()
        if not hyphenated:
            self.parts.append(" ")
        self.parts.append(line)
        self.last = line
        self.words += len(line.split())

    @property
    def is_markdown_heading(self) -> bool:
        return self.first.startswith("#")

    def to_unit(self) -> _Unit:
        text = self.first if len(self.parts) == 1 else "".join(self.parts)
        m = _MD_HEADING.match(text) if text.startswith("#") else None
        if m:
            return _Unit(m.group(2).strip(), md_level=len(m.group(1)))
        return _Unit(_strip_bullets(text))


def _continues(para: _Growing, prev: _Line, line: _Line, width: int | None) -> bool:
    """Does ``line`` continue the paragraph whose last line is ``prev``?"""
    if para.is_markdown_heading or (line.text[0] in _LINE_MARKERS and _BULLET_OR_HEADING.match(line.text)):
        return False
    if _starts_lowercase(line.text) and para.words >= 6:
        return True
    if width is None or len(prev.text) < 0.5 * width or (line.indented and not prev.indented):
        return False
    # Greedy wrapping breaks a line only when the next word does not fit;
    # if it would have fitted, the break was the author's.
    return len(prev.text) + 1 + len(_first_word(line.text)) > width


def _continues_after_blank(para: _Growing, line: _Line) -> bool:
    """A paragraph broken by a stray blank line goes on in lowercase."""
    return (
        not para.is_markdown_heading
        and _starts_lowercase(line.text)
        and para.words >= 6
        and not _ends_sentence(para.last)
    )


def _form_units(text: str) -> list[_Unit]:
    blocks = _split_blocks(text)
    width = _wrap_width(blocks)
    paragraphs: list[_Growing] = []
    for block in blocks:
        for j, line in enumerate(block):
            para = paragraphs[-1] if paragraphs else None
            if para is not None and (
                _continues(para, block[j - 1], line, width) if j else _continues_after_blank(para, line)
            ):
                para.add(line.text)
            else:
                paragraphs.append(_Growing(line.text))
    units = (p.to_unit() for p in paragraphs)
    return [u for u in units if u.text]


# --------------------------------------------------------------------------
# Classifying units


def _is_title_like(text: str, max_words: int) -> bool:
    """Short, capitalised, no final period/comma/colon, not a quotation, one
    sentence: the shape of a headline or subheading."""
    n = len(text.split())
    if not 1 <= n <= max_words:
        return False
    first, last = text[0], text[-1]
    if not (first.isupper() or first.isdigit() or (first == "‘" and last != "’")):
        return False
    if last in ".,;:…" or (last in _CLOSING and len(text) > 1 and text[-2] in ".,;:!?…"):
        return False
    return len(split_sentences(text)) == 1


_HEADLINE_MAX_WORDS = 25
_HEADING_MAX_WORDS = 14
_BYLINE = re.compile(r"^(?:by|written by|reported by)\s+\S", re.IGNORECASE)
_HEADER_FIELD = re.compile(
    r"^(title|headline|date|published|updated|author|authors|byline|source|url|link|tags|"
    r"category|section|dateline)\s*:\s*(.*)$",
    re.IGNORECASE,
)


def _is_byline(text: str) -> bool:
    if not _BYLINE.match(text) or len(text.split()) > 16:
        return False
    if text.endswith(".") and find_date(text) is None:
        return False
    names = [w for w in text.split()[1:] if w.lower() not in ("and", "&", "by", "|", "-", "–", "—")]
    capitalised = sum(1 for w in names if w[:1].isupper())
    return bool(names) and capitalised >= 0.5 * len(names)


class _Kind:
    FURNITURE = "furniture"
    FIELD = "field"
    DATE = "date"
    BYLINE = "byline"
    TITLE = "title"
    BODY = "body"


def _classify(unit: _Unit) -> None:
    """What a unit would be if it sat in the page head (before the body)."""
    text = unit.text
    unit.furniture = _furniture_level(text) if not unit.md_level else _NOT_FURNITURE
    if unit.md_level:
        unit.kind = _Kind.TITLE
    elif unit.furniture:
        unit.kind = _Kind.FURNITURE
    elif _HEADER_FIELD.match(text):
        unit.kind = _Kind.FIELD
    elif (found := parse_date_line(text)) is not None:
        unit.kind, unit.date = _Kind.DATE, found
    elif _is_byline(text):
        unit.kind = _Kind.BYLINE
    elif _is_title_like(text, _HEADLINE_MAX_WORDS):
        unit.kind = _Kind.TITLE
    else:
        unit.kind = _Kind.BODY


# --------------------------------------------------------------------------
# Head, body and tail


@dataclass(slots=True)
class _Block:
    text: str
    heading: bool
    sentences: tuple[str, ...] = ()  # filled by _drop_repeats; " ".join(...) == text


@dataclass(slots=True)
class _Head:
    title: str | None = None
    published: date | None = None


def _read_head(units: list[_Unit]) -> tuple[_Head, list[_Block]]:
    """Headline, date and leftovers (a dek) from the units before the body."""
    head = _Head()
    candidates: list[int] = []
    explicit: str | None = None
    for i, unit in enumerate(units):
        kind = unit.kind
        if kind == _Kind.FIELD:
            key, value = _field(unit.text)
            if key in ("title", "headline") and value and explicit is None:
                explicit = value
            elif key in ("date", "published", "updated", "dateline") and head.published is None:
                head.published = find_date(value)
        elif kind == _Kind.DATE:
            head.published = head.published or unit.date
        elif kind == _Kind.BYLINE:
            head.published = head.published or find_date(unit.text)
        elif kind == _Kind.TITLE:
            if unit.md_level == 1 and explicit is None:
                explicit = unit.text
            else:
                candidates.append(i)
    chosen = _choose_headline(units, candidates) if explicit is None else None
    head.title = explicit if explicit is not None else (units[chosen].text if chosen is not None else None)
    if head.title:
        head.title = _strip_site_suffix(head.title)
    leftovers: list[_Block] = []
    for i in candidates:
        text = units[i].text
        # Between headline and body: keep a dek, drop author lines and labels.
        if (
            chosen is not None
            and i > chosen
            and len(text.split()) >= _DEK_MIN_WORDS
            and not _looks_like_names(text)
            and text != head.title
        ):
            leftovers.append(_Block(text, heading=units[i].md_level > 1))
    return head, leftovers


def _strip_site_suffix(title: str) -> str:
    """"Headline words here | The Outlet" -> "Headline words here"."""
    rest, sep, site = title.rpartition(" | ")
    if sep and len(site.split()) <= 4 and len(rest.split()) >= 3:
        return rest
    return title


def _field(text: str) -> tuple[str, str]:
    m = _HEADER_FIELD.match(text)
    assert m is not None
    return m.group(1).lower(), m.group(2).strip()


def _choose_headline(units: list[_Unit], candidates: list[int]) -> int | None:
    """The title-like line that introduces the body.

    Site chrome (menus, section lists) comes before the article, so only
    candidates after the last furniture line count when there are any: a
    site's tagline above its menu is not the headline. Among those, the first
    one of four words or more: a dek or an author line may follow the
    headline, while the short lines before it are kickers and site names
    ("Analysis", "Asia Times"). Failing that, the last one of three words.
    """
    last_chrome = max((i for i, u in enumerate(units) if u.kind == _Kind.FURNITURE), default=-1)
    after_chrome = [i for i in candidates if i > last_chrome]
    if any(len(units[i].text.split()) >= 4 for i in after_chrome):
        candidates = after_chrome
    usable = [i for i in candidates if len(units[i].text.split()) >= 3]
    long_enough = [i for i in usable if len(units[i].text.split()) >= 4]
    if long_enough:
        return long_enough[0]
    return usable[-1] if usable else None


_NAME_CONNECTORS = frozenset("and & in at from for with of the de van von da al bin el".split())


def _looks_like_names(text: str) -> bool:
    """"Amy Hawkins in Taipei and Pjotr Sauer": an author line without "By"."""
    return all(w[:1].isupper() or w.lower().strip(",") in _NAME_CONNECTORS for w in text.split())


_DEK_MIN_WORDS = 8  # shorter lines between headline and body are labels
_EARLY_UNITS = 6  # how far into the body a stray date line or byline may sit


def _body_blocks(units: list[_Unit], first: int, last: int, head: _Head) -> list[_Block]:
    blocks: list[_Block] = []
    for i in range(first, last + 1):
        unit = units[i]
        kind, early = unit.kind, i - first < _EARLY_UNITS
        if unit.furniture == _FURNITURE_ANYWHERE:
            continue
        if kind == _Kind.DATE:
            # A date on a line of its own is a page stamp, not prose.
            if early and head.published is None:
                head.published = unit.date
            continue
        if kind == _Kind.BYLINE and early:
            continue
        if kind == _Kind.BODY:
            heading = False
        elif kind == _Kind.TITLE:
            heading = bool(unit.md_level) or len(unit.text.split()) <= _HEADING_MAX_WORDS
        else:
            heading = _is_title_like(unit.text, _HEADING_MAX_WORDS)
        blocks.append(_Block(unit.text, heading))
    return blocks


def _peel_tail(blocks: list[_Block]) -> list[_Block]:
    """Drop credits, moderation notices and dangling headings at the end."""
    peeled = 0
    while blocks:
        tail = blocks[-1]
        if tail.heading:
            blocks.pop()
        elif peeled < _TAIL_PEEL_LIMIT and _is_tail_furniture(tail.text):
            blocks.pop()
            peeled += 1
        else:
            break
    return blocks


# --------------------------------------------------------------------------
# Front matter

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.{0,4000}?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style ``---`` front matter (Markdown exports): its simple fields."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        fm = _FRONT_FIELD.match(line.strip())
        if fm:
            fields[fm.group(1).lower()] = fm.group(2).strip().strip("\"'")
        elif line.strip() and not line.startswith((" ", "\t", "-")):
            return {}, text  # not front matter after all: a horizontal rule
    return fields, text[m.end() :]


# --------------------------------------------------------------------------
# Putting it together


def clean_article(text: str) -> CleanedArticle:
    """Clean sanitised text (``\\n`` newlines, no controls) into a body."""
    fields, text = _split_front_matter(text)
    units = _form_units(text)
    for unit in units:
        _classify(unit)
    body_indices = [i for i, unit in enumerate(units) if unit.kind == _Kind.BODY]
    if not body_indices:
        head, _ = _read_head(units)
        return CleanedArticle(head.title, head.published, "", (), ())
    first, last = body_indices[0], body_indices[-1]
    head, leftovers = _read_head(units[:first])
    blocks = leftovers + _body_blocks(units, first, last, head)
    blocks = _peel_tail(_drop_repeats(blocks))
    title = fields.get("title") or fields.get("headline") or head.title
    published = _front_matter_date(fields) or head.published
    return _assemble(title, published, blocks)


def _front_matter_date(fields: dict[str, str]) -> date | None:
    for key in ("date", "published", "pubdate", "published_at", "created"):
        if fields.get(key):
            found = find_date(fields[key])
            if found is not None:
                return found
    return None


def _drop_repeats(blocks: list[_Block]) -> list[_Block]:
    """Remove exact repeats and broken fragments that scraping leaves behind.

    Works on sentences across paragraph boundaries: a sentence that is a
    truncated prefix of the next one ("…halted oil and gas." then "…halted oil
    and gas imports from Russia, …") is the broken copy.
    """
    seen_blocks: set[str] = set()
    kept_blocks: list[_Block] = []
    for block in blocks:
        if block.text in seen_blocks:
            continue
        seen_blocks.add(block.text)
        kept_blocks.append(block)

    flat: list[tuple[int, str]] = []
    for bi, block in enumerate(kept_blocks):
        if not block.heading:
            flat.extend((bi, block.text[s:e]) for s, e in split_sentences(block.text))
    keep_by_block: dict[int, list[str]] = {}
    seen_sentences: set[str] = set()
    for k, (bi, sentence) in enumerate(flat):
        following = flat[k + 1][1] if k + 1 < len(flat) else None
        repeated = sentence in seen_sentences and len(sentence.split()) >= 3
        if repeated or (following is not None and _is_broken_prefix(sentence, following)):
            continue
        seen_sentences.add(sentence)
        keep_by_block.setdefault(bi, []).append(sentence)

    out: list[_Block] = []
    for bi, block in enumerate(kept_blocks):
        if block.heading:
            out.append(block)
        elif bi in keep_by_block:
            kept = tuple(keep_by_block[bi])
            out.append(_Block(" ".join(kept), heading=False, sentences=kept))
    return out


def _is_broken_prefix(sentence: str, following: str) -> bool:
    stem = sentence.rstrip(_TERMINAL)
    if len(following) <= len(stem) or not following.startswith(stem):
        return False
    return not following[len(stem)].isalnum() and len(stem.split()) >= 3


def _assemble(title: str | None, published: date | None, blocks: list[_Block]) -> CleanedArticle:
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    pos = 0
    for block in blocks:
        if parts:
            pos += 2  # the "\n\n" between paragraphs
        start, end = pos, pos + len(block.text)
        parts.append(block.text)
        offset = start
        for sentence in block.sentences:
            sentences.append(Sentence(len(sentences), offset, offset + len(sentence), len(paragraphs)))
            offset += len(sentence) + 1  # the single space between sentences
        paragraphs.append(Paragraph(start, end, block.heading))
        pos = end
    return CleanedArticle(title, published, "\n\n".join(parts), tuple(paragraphs), tuple(sentences))


# --------------------------------------------------------------------------
# Titles

_TITLE_SOFT_LIMIT = 90
_TITLE_CUT_AT = 86
_INITIALISM_END = re.compile(r"(?:[A-Za-z]\.){2,}$")


# "WASHINGTON (AP) — ", "BERLIN, Aug 14 (Reuters) - ": a wire dateline says
# where the story was filed, not what it is about.
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w .]{0,20}?\d{0,2})?\s*\([^)]{1,30}\)\s*[-–—:]+\s+(?=\S)"
)


def derive_title(sentence: str) -> str:
    """A short title from a lead sentence: without a wire dateline, cut at a
    word boundary near 80-90 characters, with "…" when cut."""
    text = _WIRE_DATELINE.sub("", " ".join(sentence.split()), count=1)
    if text.endswith(".") and not _INITIALISM_END.search(text):
        text = text[:-1]
    if len(text) <= _TITLE_SOFT_LIMIT:
        return text
    cut = text.rfind(" ", 0, _TITLE_CUT_AT + 1)
    if cut < _TITLE_CUT_AT // 2:
        cut = _TITLE_CUT_AT
    return text[:cut].rstrip(" ,;:–—-(“‘\"'") + "…"

