"""The one place that turns article data and offsets into styled text.

Article-derived strings are data, never markup: every one goes through
``Text(...)`` and ``stylize(start, end, ...)``. Imports Rich only (the CLI
uses it too), never Textual: the TUI passes in the styles its theme gives it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from summit_tui.facts.model import Agreement, Discrepancy, Fact, Statement
    from summit_tui.profiles import SearchFilters

Span = tuple[int, int]
StyleType = str | Style

# Highlights carry a non-colour cue (bold + underline) so they survive
# NO_COLOR and monochrome terminals.
MATCH_STYLE = "bold underline yellow"
DIM_STYLE = "dim"
TITLE_STYLE = "bold"
ERROR_STYLE = "bold red"

# Entity types, told apart without colour by a text attribute each (a
# monochrome SSH terminal or NO_COLOR still shows them); the colour is a
# second cue. The TUI takes colours from its theme and keeps these cues.
ENTITY_CUES: Mapping[str, str] = {
    "PERSON": "bold",
    "ORG": "underline",
    "GPE": "italic",
    "LOC": "italic underline",
    "NORP": "bold italic",
    "EVENT": "bold underline",
    "MONEY": "bold italic underline",
    "PERCENT": "dim underline",
    "QUANTITY": "dim italic",
    "DATE": "dim",
}
ENTITY_COLOURS: Mapping[str, str] = {  # for the CLI; the TUI uses theme colours
    "PERSON": "magenta",
    "ORG": "blue",
    "GPE": "green",
    "LOC": "green",
    "NORP": "cyan",
    "EVENT": "cyan",
    "MONEY": "yellow",
    "PERCENT": "yellow",
    "QUANTITY": "yellow",
    "DATE": "",
}
ENTITY_TYPE_NAMES: Mapping[str, str] = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Countries & cities",
    "LOC": "Regions",
    "NORP": "Groups",
    "EVENT": "Events",
    "MONEY": "Money",
    "PERCENT": "Percentages",
    "QUANTITY": "Quantities",
    "DATE": "Dates",
}


def plain(text: str, style: StyleType = "") -> Text:
    """Article text as a ``Text`` — brackets and all, shown literally."""
    return Text(text, style=style)


def highlighted(text: str, spans: Iterable[Span], style: StyleType = MATCH_STYLE) -> Text:
    """``text`` with each ``(start, end)`` span styled; out-of-range spans are clipped."""
    out = plain(text)
    stylize_spans(out, spans, style)
    return out


def stylize_spans(text: Text, spans: Iterable[Span], style: StyleType) -> Text:
    """Style each ``(start, end)`` of ``text`` in place (clipped to the text)."""
    size = len(text)
    for start, end in spans:
        start, end = max(0, start), min(size, end)
        if start < end:
            text.stylize(style, start, end)
    return text


def entity_style(entity_type: str) -> str:
    """The CLI's style for an entity type: its cue plus a fixed colour."""
    return f"{ENTITY_CUES.get(entity_type, '')} {ENTITY_COLOURS.get(entity_type, '')}".strip()


def entity_type_name(entity_type: str) -> str:
    return ENTITY_TYPE_NAMES.get(entity_type, entity_type.title())


SORT_NAMES: Mapping[str, str] = {"date": "newest first", "source": "by source"}


def filters_summary(filters: SearchFilters | None, sort: str = "relevance") -> str:
    """A search's filters and order in words, for a title or a list: "types
    MONEY · from 2024-05-01 · newest first"; "" when there are none. Plain
    text: the caller puts it into a ``Text``."""
    parts: list[str] = []
    if filters is not None:
        if filters.sources:
            parts.append("sources " + ", ".join(filters.sources))
        if filters.entities:
            parts.append("mentions " + ", ".join(filters.entities))
        if filters.types:
            parts.append("types " + ", ".join(filters.types))
        if filters.date_from:
            parts.append(f"from {filters.date_from.isoformat()}")
        if filters.date_to:
            parts.append(f"to {filters.date_to.isoformat()}")
    if sort in SORT_NAMES:
        parts.append(SORT_NAMES[sort])
    return " · ".join(parts)


# --- the reader: an article body with its layers of highlighting ------------


@dataclass(frozen=True)
class StyledSpan:
    """A ``(start, end)`` range of ``Article.text`` and the style to give it."""

    start: int
    end: int
    style: StyleType


def article_body(text: str, layers: Sequence[Iterable[StyledSpan]]) -> Text:
    """The article body with each layer of spans applied in order, so a later
    layer (the current match) shows above an earlier one (an entity)."""
    out = plain(text)
    size = len(text)
    for layer in layers:
        for span in layer:
            start, end = max(0, span.start), min(size, span.end)
            if start < end:
                out.stylize(span.style, start, end)
    return out


@dataclass(frozen=True)
class WrappedLine:
    """One screen line of a wrapped text: ``text == source[start:end]``
    (trailing spaces at a break stay on the line they end)."""

    start: int
    end: int
    text: Text


def wrap_with_offsets(text: Text, width: int) -> list[WrappedLine]:
    """Word-wrap ``text`` to ``width`` cells, keeping each line's offsets into
    the original so a character offset (a match, a sentence) maps to a line.
    A word wider than the line is folded; a newline always breaks."""
    return [WrappedLine(start, end, text[start:end]) for start, end in line_spans(text.plain, width)]


def line_spans(plain_text: str, width: int) -> list[Span]:
    """Where ``wrap_with_offsets`` breaks ``plain_text``: (start, end) of each
    line, without building the styled lines (cheap: a results pane clips
    dozens of snippets per search)."""
    width = max(1, width)
    spans: list[Span] = []
    pos = 0
    for para in plain_text.split("\n"):
        spans.extend((pos + start, pos + end) for start, end in _break_points(para, width))
        pos += len(para) + 1
    return spans


def _break_points(line: str, width: int) -> list[Span]:
    """(start, end) of each wrapped piece of one newline-free line."""
    if not line:
        return [(0, 0)]
    pieces: list[Span] = []
    start = 0
    used = 0  # cells on the current piece
    i = 0
    size = len(line)
    while i < size:
        # one word with the spaces that follow it
        j = i
        while j < size and not line[j].isspace():
            j += 1
        k = j
        while k < size and line[k].isspace():
            k += 1
        word_cells = cell_len(line[i:j])
        if used and used + word_cells > width:
            pieces.append((start, i))
            start, used = i, 0
        if word_cells > width:  # fold a word that fits no line
            while cell_len(line[i:j]) > width - used:
                cut = i
                room = width - used
                while cut < j and cell_len(line[i:cut + 1]) <= room:
                    cut += 1
                if cut == i and used == 0:
                    cut = i + 1  # a single character wider than the line
                if cut > i:
                    pieces.append((start, cut))
                    start, i, used = cut, cut, 0
                else:
                    pieces.append((start, i))
                    start, used = i, 0
        used += cell_len(line[i:k])
        i = k
    pieces.append((start, size))
    return pieces


def clip_lines(text: Text, width: int, max_lines: int) -> Text:
    """``text`` cut to what fits in ``max_lines`` lines of ``width`` cells,
    ending in "…" when something was cut (styles kept)."""
    plain_text = text.plain
    lines = line_spans(plain_text, width)
    if len(lines) <= max_lines:
        return text
    last_start, end = lines[max_lines - 1]
    while end > last_start and cell_len(plain_text[last_start:end].rstrip()) > width - 1:
        end -= 1  # leave room for the ellipsis on the last line
    clipped = text[:end]
    clipped.rstrip()
    return clipped.append("…")


# --- comparison: what each source says about one fact -------------------------

DIFFERS_MARK = "≠"  # a value the sources disagree on
SOFT_MARK = "~"  # a softer difference: another baseline, a hedge word
AGREES_MARK = "="  # a value every reporting source gives alike
NOT_REPORTED = "not reported"

# Discrepancy kinds (facts/model.py, a public contract) in words, for people.
DISCREPANCY_KIND_NAMES: Mapping[str, str] = {
    "value": "value",
    "baseline": "baseline (not a contradiction)",
    "hedge": "hedge",
    "description": "description",
    "date": "date",
}
NO_VALUE = "—"  # what a discrepancy's ``values`` give a source that says nothing on it
# Kinds that are framing rather than contradiction: marked, but more softly.
SOFT_DISCREPANCY_KINDS = frozenset({"baseline", "hedge"})


@dataclass(frozen=True)
class ComparisonStyles:
    """How a comparison marks values. Each carries a text attribute besides
    any colour (reverse, bold, italic, underline), so NO_COLOR and a
    monochrome terminal still tell "differs" from "agrees". The TUI passes
    its theme's versions; these defaults serve plain Rich."""

    differs: StyleType = "bold reverse"
    soft: StyleType = "italic reverse"
    agrees: StyleType = "bold underline"
    source: StyleType = TITLE_STYLE
    meta: StyleType = DIM_STYLE
    missing: StyleType = "italic dim"


@dataclass(frozen=True)
class ComparedSource:
    """One source in a comparison: its statements, or None when it does not
    report the fact ("not reported"). ``anchor`` is the sentence index that
    was compared, when this is the source it came from."""

    article: str
    source: str
    published: str | None  # ISO date, or None when unknown
    statements: tuple[Statement, ...] | None
    anchor: int | None = None


def discrepancy_kind_name(kind: str) -> str:
    return DISCREPANCY_KIND_NAMES.get(kind, kind)


def discrepancy_mark(kind: str) -> str:
    return SOFT_MARK if kind in SOFT_DISCREPANCY_KINDS else DIFFERS_MARK


def statement_text(statement: Statement, discrepancies: Sequence[Discrepancy], agreements: Sequence[Agreement],
                   styles: ComparisonStyles = ComparisonStyles()) -> Text:
    """A statement's text with its values marked: agreeing ones, then
    contradictions, and softer differences (another baseline, a hedge word)
    apart from those. ``Discrepancy``/``Agreement`` spans are offsets into
    the article; the statement's ``start`` makes them offsets into its text."""
    out = plain(statement.text)
    layers: list[tuple[Iterable[Discrepancy | Agreement], StyleType]] = [
        (agreements, styles.agrees),
        ([d for d in discrepancies if d.kind not in SOFT_DISCREPANCY_KINDS], styles.differs),
        ([d for d in discrepancies if d.kind in SOFT_DISCREPANCY_KINDS], styles.soft),
    ]
    for items, style in layers:
        for item in items:
            spans = item.spans.get(statement.article, ())
            stylize_spans(out, [(s - statement.start, e - statement.start) for s, e in spans
                                if s < statement.end and e > statement.start], style)
    return out


def difference_lines(discrepancies: Sequence[Discrepancy], agreements: Sequence[Agreement]) -> Text:
    """Each difference (marked, with its kind in words) and each agreement,
    one per line: the same words in the TUI's summary and the CLI's tables."""
    out = Text()
    for discrepancy in discrepancies:
        line = plain(f"\n{discrepancy_mark(discrepancy.kind)} {discrepancy_kind_name(discrepancy.kind)}: ", "bold")
        out.append(line).append(plain(discrepancy.detail))
    for agreement in agreements:
        out.append(plain(f"\n{AGREES_MARK} agree: ", "bold")).append(plain(agreement.detail))
    return out


def _source_heading(source: ComparedSource, styles: ComparisonStyles) -> Text:
    heading = Text()  # unstyled: a Text's own style would cover all that is appended
    heading.append(plain(source.source or source.article, styles.source))
    return heading.append(plain(f" · {source.published or 'no date'}", styles.meta))


def _source_markers(article: str, discrepancies: Sequence[Discrepancy], agreements: Sequence[Agreement]) -> list[str]:
    """What this source says on each disputed or shared value, as text marks
    (they carry the meaning without any styling)."""
    marks = [f"{discrepancy_mark(d.kind)} {d.values[article]}" for d in discrepancies
             if d.values.get(article, NO_VALUE).strip() not in ("", NO_VALUE)]
    marks += [f"{AGREES_MARK} {a.value}" for a in agreements if article in a.articles]
    return marks


def source_block(source: ComparedSource, discrepancies: Sequence[Discrepancy], agreements: Sequence[Agreement],
                 styles: ComparisonStyles, *, show_scores: bool = False) -> Text:
    """A source's column: its name and date, then each statement (values
    marked), its sentence number, and the source's values as text marks; or
    "not reported"."""
    out = _source_heading(source, styles)
    if not source.statements:
        out.append("\n").append(plain(f"— {NOT_REPORTED} —", styles.missing))
        return out
    for statement in source.statements:
        out.append("\n").append(statement_text(statement, discrepancies, agreements, styles))
        # Numbered from 0, as everywhere else (`compare --sentence ID:N`, --json).
        where = [f"sentence {statement.sentence}"]
        if source.anchor == statement.sentence:
            where.append("the sentence compared")
        elif show_scores:
            where.append(f"match {statement.score:.2f}")
        out.append("\n").append(plain(" · ".join(where), styles.meta))
    marks = _source_markers(source.article, discrepancies, agreements)
    if marks:
        out.append("\n").append(plain("\n".join(marks), styles.meta))
    return out


def comparison_summary(title: str, sources: Sequence[ComparedSource], discrepancies: Sequence[Discrepancy],
                       agreements: Sequence[Agreement], styles: ComparisonStyles) -> Text:
    """Above the columns: what is compared, who reports it, each difference
    (with its kind in words) and each agreement, and a legend drawn in the
    very styles the columns use."""
    out = Text()  # unstyled: a Text's own style would cover all that is appended
    out.append(plain(title, TITLE_STYLE))
    reporting = [s for s in sources if s.statements]
    silent = [s for s in sources if not s.statements]
    count = plain(f"\n{len(reporting)} of {len(sources)} sources report it")
    if silent:
        count.append(plain(f" · {NOT_REPORTED}: " + ", ".join(s.source or s.article for s in silent)))
    out.append(count)
    out.append(difference_lines(discrepancies, agreements))
    if not discrepancies and not agreements and len(reporting) > 1:
        out.append(plain("\nNo figures, dates or descriptions to set side by side.", styles.meta))
    legend = plain("\n")
    legend.append(plain("differs", styles.differs)).append(plain(f" ({DIFFERS_MARK})  ", styles.meta))
    legend.append(plain("baseline/hedge", styles.soft)).append(plain(f" ({SOFT_MARK})  ", styles.meta))
    legend.append(plain("agrees", styles.agrees)).append(plain(f" ({AGREES_MARK})", styles.meta))
    return out.append(legend)


def comparison_plain(title: str, sources: Sequence[ComparedSource], discrepancies: Sequence[Discrepancy],
                     agreements: Sequence[Agreement]) -> str:
    """The comparison as plain text, to copy: the summary, then each source's
    statements (or "not reported"), with the text marks for values."""
    styles = ComparisonStyles()
    lines = [comparison_summary(title, sources, discrepancies, agreements, styles).plain.rsplit("\n", 1)[0], ""]
    for source in sources:
        header = f"{source.source or source.article} ({source.published or 'no date'})"
        if not source.statements:
            lines += [f"{header}: {NOT_REPORTED}", ""]
            continue
        lines.append(header)
        for statement in source.statements:
            lines.append(f"  {statement.text} [{statement.article}:{statement.sentence}]")
        lines += [f"  {mark}" for mark in _source_markers(source.article, discrepancies, agreements)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- the facts list -------------------------------------------------------------

DISPUTED_MARK = f"{DIFFERS_MARK} differs"  # glyph and word: readable without colour
DEFINED_MARK = "★"  # a fact from config.yaml (facts:)


def fact_prompt(fact: Fact, *, disputed_style: StyleType = "bold reverse") -> Text:
    """A fact in the list: its label (config facts marked ★), then how many
    sources report it ("4/5 sources"), whether they differ and on what."""
    prompt = Text()  # unstyled: a Text's own style would cover all that is appended
    prompt.append(plain((f"{DEFINED_MARK} " if fact.defined else "") + fact.label, TITLE_STYLE))
    total = fact.source_count + len(fact.silent)
    prompt.append("\n").append(plain(f"{fact.source_count}/{total} sources", DIM_STYLE))
    if fact.disputed:
        kinds = list(dict.fromkeys(d.kind for d in fact.discrepancies))
        hard = [k for k in kinds if k not in SOFT_DISCREPANCY_KINDS]
        mark = DISPUTED_MARK if hard else f"{SOFT_MARK} framing differs"
        prompt.append(plain(" · ", DIM_STYLE)).append(plain(mark, disputed_style if hard else "italic"))
        prompt.append(plain(": " + ", ".join(discrepancy_kind_name(k).split(" (")[0] for k in kinds), DIM_STYLE))
    elif fact.agreements:
        prompt.append(plain(f" · {AGREES_MARK} agree", DIM_STYLE))
    if fact.defined:
        prompt.append(plain(" · defined in config.yaml", DIM_STYLE))
    return prompt
