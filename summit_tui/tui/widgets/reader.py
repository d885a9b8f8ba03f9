"""The reader: one article, with query matches and entities highlighted, a
sentence cursor (j/k) and n/N between matches.

A Line API widget: the body is wrapped once per width with each screen
line's offsets into ``Article.text`` kept, so a match or a sentence maps to
the line to scroll to. Styling comes from ``render.article_body``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import DIM_STYLE, StyledSpan, article_body, plain, wrap_with_offsets
from summit_tui.tui.styles import component_style, entity_styles

if TYPE_CHECKING:
    from summit_tui.corpus.model import Article
    from summit_tui.nlp.model import Mention

Span = tuple[int, int]
GUTTER = 2  # "▌ " beside the lines of the sentence under the cursor
CURSOR_MARK = "▌"


@dataclass(frozen=True)
class _Line:
    start: int  # offset into Article.text; -1 for the header lines
    end: int
    text: Text


class Reader(ScrollView, can_focus=True):
    """Shows one article. The screen feeds it with ``show_article``."""

    BINDINGS = bindings_for("reader")
    COMPONENT_CLASSES = {
        "reader--title",
        "reader--meta",
        "reader--heading",
        "reader--match",
        "reader--current-match",
        "reader--cursor",
        "reader--gutter",
    }
    DEFAULT_CSS = """
    Reader > .reader--title { text-style: bold; color: $text; }
    Reader > .reader--meta { color: $text-muted; }
    Reader > .reader--heading { text-style: bold underline; }
    Reader > .reader--match { text-style: reverse; }
    Reader > .reader--current-match { text-style: reverse bold underline; color: $text-warning; }
    Reader > .reader--cursor { background: $boost; }
    Reader > .reader--gutter { color: $text-accent; }
    """

    class MatchChanged(Message):
        """The current match or the match count changed (for the status line)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.mentions: tuple[Mention, ...] = ()
        self.matches: list[Span] = []
        self.search_query = ""
        self.match_index: int | None = None
        self.cursor: int | None = None  # index into article.sentences
        self.entities_on = True
        self.hidden_types: set[str] = set()
        self._message: Text = plain("Choose an article and press Enter, or press / to search.", DIM_STYLE)
        self._breaks: list[Span] = []  # wrapped body lines, for the current width
        self._header: list[tuple[str, Text]] = []
        self._body_starts: list[int] = []
        self._first_body_line = 0
        self._lines: list[_Line] = []
        self._wrapped_width = -1

    @property
    def article_id(self) -> str | None:
        return self.article.id if self.article is not None else None

    # --- feeding ----------------------------------------------------------------

    def show_article(
        self,
        article: Article,
        *,
        mentions: Sequence[Mention] = (),
        matches: Iterable[Span] = (),
        query: str = "",
        offset: int | None = None,
    ) -> None:
        """Show ``article``; with ``offset`` (a match or snippet start), put the
        cursor and the current match there and scroll to it."""
        same = self.article is not None and self.article.id == article.id
        self.article = article
        self.mentions = tuple(mentions)
        self.matches = sorted(set(matches))
        self.search_query = query
        self.match_index = None
        if self.matches:
            starts = [s for s, _ in self.matches]
            self.match_index = min(bisect.bisect_left(starts, offset or 0), len(self.matches) - 1)
        if offset is None and self.match_index is not None:
            offset = self.matches[self.match_index][0]
        if offset is not None:
            self.cursor = self.sentence_at(offset)
        elif not same:
            self.cursor = 0 if article.sentences else None
        if not same:
            self.scroll_to(y=0, animate=False)
        self._wrapped_width = -1
        self._relayout()
        self._scroll_to_cursor(center=offset is not None)
        self.post_message(self.MatchChanged())

    def set_matches(self, matches: Iterable[Span], query: str) -> None:
        """New query matches for the article on show (a new search)."""
        if self.article is None:
            return
        self.show_article(self.article, mentions=self.mentions, matches=matches, query=query)

    def show_message(self, message: Text | str) -> None:
        self.article = None
        self.mentions = ()
        self.matches = []
        self.match_index = None
        self.cursor = None
        self._message = message if isinstance(message, Text) else plain(message, DIM_STYLE)
        self._wrapped_width = -1
        self._relayout()
        self.post_message(self.MatchChanged())

    # --- entity highlighting ------------------------------------------------------

    def toggle_entities(self) -> bool:
        self.entities_on = not self.entities_on
        self._restyle()
        return self.entities_on

    def set_type_visible(self, entity_type: str, visible: bool) -> None:
        if visible:
            self.hidden_types.discard(entity_type)
        else:
            self.hidden_types.add(entity_type)
        if visible and not self.entities_on:
            self.entities_on = True
        self._restyle()

    # --- what is under the cursor ---------------------------------------------------

    def sentence_at(self, offset: int) -> int | None:
        if self.article is None or not self.article.sentences:
            return None
        starts = [s.start for s in self.article.sentences]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def current_sentence_text(self) -> str | None:
        if self.article is None or self.cursor is None:
            return None
        return self.article.sentence_text(self.cursor)

    def rendered_text(self) -> str:
        """Every line the reader draws, as plain text (what a user can read)."""
        return "\n".join(line.text.plain for line in self._lines)

    def is_offset_visible(self, offset: int) -> bool:
        """Is the line holding ``offset`` of the article text on screen?"""
        line = self._line_of(offset)
        top = round(self.scroll_y)
        return top <= line < top + self.scrollable_content_region.height

    @property
    def current_match(self) -> Span | None:
        if self.match_index is None or not self.matches:
            return None
        return self.matches[self.match_index]

    @property
    def match_status(self) -> str:
        if self.article is None or not self.search_query:
            return ""
        if not self.matches:
            return "no matches here"
        current = (self.match_index or 0) + 1
        return f"match {current}/{len(self.matches)}"

    # --- actions (keys) -----------------------------------------------------------

    def next_match(self, step: int = 1) -> bool:
        """Move to the next (``step`` 1) or previous (-1) match, wrapping round.
        False when there is nothing to move to."""
        if not self.matches:
            return False
        if self.match_index is None:
            self.match_index = 0
        else:
            self.match_index = (self.match_index + step) % len(self.matches)
        self.cursor = self.sentence_at(self.matches[self.match_index][0])
        self._restyle()
        self._scroll_to_offset(self.matches[self.match_index][0], center=True)
        self.post_message(self.MatchChanged())
        return True

    def action_cursor_down(self) -> None:
        self._move_cursor(1)

    def action_cursor_up(self) -> None:
        self._move_cursor(-1)

    def action_first(self) -> None:
        if self.article is not None and self.article.sentences:
            self.cursor = 0
            self._restyle()
        self.scroll_to(y=0, animate=False)

    def action_last(self) -> None:
        if self.article is not None and self.article.sentences:
            self.cursor = len(self.article.sentences) - 1
            self._restyle()
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _move_cursor(self, step: int) -> None:
        if self.article is None or not self.article.sentences:
            self.scroll_to(y=self.scroll_y + step, animate=False)
            return
        last = len(self.article.sentences) - 1
        self.cursor = min(last, max(0, (self.cursor or 0) + step))
        self._restyle()
        self._scroll_to_cursor(center=False)

    def _page(self, direction: int) -> None:
        """Scroll a page (keeping one line of context); a cursor left off
        screen moves to the first (or last) sentence that starts in view."""
        view = max(1, self.scrollable_content_region.height)
        top = min(self.max_scroll_y, max(0, round(self.scroll_y) + direction * max(1, view - 1)))
        self.scroll_to(y=top, animate=False)
        if self.article is None or self.cursor is None:
            return
        bottom = top + view - 1
        first, last = self._sentence_lines(self.cursor)
        if first < top or first > bottom:
            visible = [i for i, s in enumerate(self.article.sentences)
                       if top <= self._line_of(s.start) <= bottom]
            if visible:
                self.cursor = visible[0] if direction > 0 else visible[-1]
                self._restyle()

    # --- layout and drawing -------------------------------------------------------

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        self.call_after_refresh(self._restyle)  # after the new theme's CSS is applied

    def on_resize(self) -> None:
        self._relayout()
        self._scroll_to_cursor(center=False)

    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - GUTTER)

    def _relayout(self) -> None:
        """Wrap for the current width (once per width) and restyle."""
        width = self._text_width()
        if width != self._wrapped_width:
            self._wrapped_width = width
            if self.article is not None:
                lines = wrap_with_offsets(plain(self.article.text), width)
                self._breaks = [(line.start, line.end) for line in lines]
                header = plain(self.article.title or self.article.id)
                header_lines = [line.text for line in wrap_with_offsets(header, width)]
                meta = " · ".join(
                    x for x in (self.article.source or self.article.id,
                                self.article.published.isoformat() if self.article.published else "no date",
                                f"{len(self.article.sentences)} sentences") if x
                )
                meta_lines = [line.text for line in wrap_with_offsets(plain(meta), width)]
                self._header = [("title", t) for t in header_lines] + [("meta", t) for t in meta_lines]
            else:
                self._breaks = []
                self._header = []
        self._restyle()

    def _style(self, name: str) -> Style:
        return component_style(self, name)

    def _restyle(self) -> None:
        """Rebuild the styled lines from the state (cursor, matches, entities)."""
        width = self._text_width()
        lines: list[_Line] = []
        if self.article is None:
            lines = [_Line(-1, -1, t.text) for t in wrap_with_offsets(self._message, width)]
        else:
            for kind, text in self._header:
                text = text.copy()
                text.stylize(self._style(f"reader--{kind}"))
                lines.append(_Line(-1, -1, text))
            lines.append(_Line(-1, -1, plain("")))
            body = article_body(self.article.text, self._layers())
            lines += [_Line(s, e, body[s:e]) for s, e in self._breaks]
        self._lines = lines
        self._body_starts = [line.start for line in lines if line.start >= 0]
        self._first_body_line = next((i for i, line in enumerate(lines) if line.start >= 0), len(lines))
        self.virtual_size = Size(width + GUTTER, len(lines))
        self.refresh()

    def _layers(self) -> list[list[StyledSpan]]:
        assert self.article is not None
        article = self.article
        headings = [StyledSpan(p.start, p.end, self._style("reader--heading"))
                    for p in article.paragraphs if p.heading]
        cursor: list[StyledSpan] = []
        if self.cursor is not None and self.cursor < len(article.sentences):
            s = article.sentences[self.cursor]
            cursor = [StyledSpan(s.start, s.end, self._style("reader--cursor"))]
        entities: list[StyledSpan] = []
        if self.entities_on:
            styles = entity_styles(self.app.theme_variables)
            entities = [StyledSpan(m.start, m.end, styles[m.type]) for m in self.mentions
                        if m.type in styles and m.type not in self.hidden_types]
        match_style = self._style("reader--match")
        matches = [StyledSpan(s, e, match_style) for s, e in self.matches]
        current: list[StyledSpan] = []
        if self.match_index is not None and self.matches:
            s, e = self.matches[self.match_index]
            current = [StyledSpan(s, e, self._style("reader--current-match"))]
        return [headings, cursor, entities, matches, current]

    def _line_of(self, offset: int) -> int:
        """The screen line holding ``offset`` of the article text."""
        i = bisect.bisect_right(self._body_starts, offset) - 1
        return self._first_body_line + max(0, i)

    def _sentence_lines(self, index: int) -> Span:
        assert self.article is not None
        s = self.article.sentences[index]
        return self._line_of(s.start), self._line_of(max(s.start, s.end - 1))

    def _scroll_to_cursor(self, *, center: bool) -> None:
        if self.article is None or self.cursor is None or self.cursor >= len(self.article.sentences):
            return
        first, last = self._sentence_lines(self.cursor)
        self._scroll_to_lines(first, last, center=center)

    def _scroll_to_offset(self, offset: int, *, center: bool) -> None:
        line = self._line_of(offset)
        self._scroll_to_lines(line, line, center=center)

    def _scroll_to_lines(self, first: int, last: int, *, center: bool) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        if center:
            target = max(0, first - height // 3)
        elif first < top:
            target = first
        elif last >= top + height:
            target = max(first - max(0, height - 1 - (last - first)), last - height + 1)
            target = min(first, target)
        else:
            return
        self.scroll_to(y=target, animate=False, force=True)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        in_cursor = False
        if self.article is not None and self.cursor is not None and line.start >= 0 \
                and self.cursor < len(self.article.sentences):
            s = self.article.sentences[self.cursor]
            in_cursor = line.start < s.end and line.end > s.start
        gutter = Segment(CURSOR_MARK + " " if in_cursor else " " * GUTTER,
                         base + self._style("reader--gutter") if in_cursor else base)
        text = line.text.copy()
        text.style = base
        # No segment without a style: Textual's NO_COLOR filter needs one on each.
        segments = [gutter, *(Segment(seg.text, seg.style or base) for seg in text.render(self.app.console, end="")
                              if seg.text)]
        strip = Strip(segments)
        return strip.crop_extend(scroll_x, scroll_x + width, base)
