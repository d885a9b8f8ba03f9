"""Search results: the count, "did you mean", and each hit with its
highlighted snippets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import DIM_STYLE, ERROR_STYLE, TITLE_STYLE, clip_lines, highlighted, plain
from summit_tui.tui.styles import component_style

if TYPE_CHECKING:
    from summit_tui.search.model import Hit, SearchResult

SUGGESTION_ID = "suggestion"
NARROW_SNIPPET_LINES = 3
WIDE_SNIPPET_LINES = 4


def result_header(result: SearchResult, filters: str | None = None, profile: str | None = None) -> Text:
    """The count and the query; then the filters that narrow it (``filters``,
    in words) and how to clear them, or how to save the search."""
    shown = len(result.hits)
    if not result.total:
        line = plain("No articles match ")
    else:
        line = plain(f"{result.total} article{'s' if result.total != 1 else ''} match ")
    line.append(plain(result.query or "the filter", TITLE_STYLE))
    if shown < result.total:
        line.append(plain(f" (showing {shown})", DIM_STYLE))
    line.append("\n")
    line.append(filters_line(filters, profile))
    return line


def filters_line(filters: str | None, profile: str | None = None) -> Text:
    """The filters in words, or a hint that ``s`` saves the search. The
    profile's name is in the pane's title, so it is not repeated here."""
    if filters:
        return plain("Filtered: ", "bold").append(plain(f"{filters} · Esc clears · s saves", DIM_STYLE))
    return plain("s saves this search" + ("" if profile else " as a profile"), DIM_STYLE)


def results_title(total: int | None, filters: str | None, profile: str | None) -> Text:
    """"Results (5)", marked with the profile's name or "filtered"."""
    title = "Results" if total is None else f"Results ({total})"
    if profile:
        return plain(f"{title} · {profile}")
    return plain(title + (" · filtered" if filters else ""))


def hit_offset(hit: Hit) -> int | None:
    """Where the reader should open a hit: its best snippet's first match."""
    if not hit.snippets:
        return None
    snippet = hit.snippets[0]
    return snippet.start + (snippet.highlights[0][0] if snippet.highlights else 0)


def hit_prompt(rank: int, hit: Hit, match_style: Style | str, width: int, snippet_lines: int) -> Text:
    """Rank and title on one line (cut to ``width``), source and date, then
    the snippets, each cut to ``snippet_lines`` lines (the reader has the rest)."""
    title = plain(f"{rank}. ", DIM_STYLE)
    title.append(plain(hit.title or hit.id, TITLE_STYLE))
    title.truncate(max(8, width), overflow="ellipsis")
    meta = plain(" · ".join(x for x in (hit.source or hit.id, hit.date or "no date") if x), DIM_STYLE)
    meta.truncate(max(8, width), overflow="ellipsis")
    prompt = title.append("\n").append(meta)
    for snippet in hit.snippets:
        text = highlighted(snippet.text, snippet.highlights, match_style)
        prompt.append("\n").append(clip_lines(text, width, snippet_lines))
    return prompt


class Results(OptionList):
    """The hits of the last search; Enter opens one in the reader, or runs the
    suggested query on the "did you mean" line."""

    BINDINGS = bindings_for("list")
    COMPONENT_CLASSES = {"results--match"}
    DEFAULT_CSS = """
    Results {
        scrollbar-gutter: stable;
    }
    Results > .results--match {
        color: $text-warning;
        text-style: bold underline;
    }
    """

    class Chosen(Message):
        """A hit was chosen: open ``article_id`` at the hit's first snippet."""

        def __init__(self, article_id: str, offset: int | None) -> None:
            super().__init__()
            self.article_id = article_id
            self.offset = offset

    class SuggestionChosen(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.result: SearchResult | None = None
        self.filters: str | None = None
        self.profile: str | None = None
        self.hits: dict[str, Hit] = {}
        self._rendered_width = -1

    def show_result(self, result: SearchResult, *, filters: str | None = None, profile: str | None = None) -> None:
        """``filters``: what narrows the search, in words, or None;
        ``profile``: the name of the profile it came from (both shown in the
        header and marked in the title)."""
        self.result = result
        self.filters = filters
        self.profile = profile
        self.hits = {f"hit-{i}": hit for i, hit in enumerate(result.hits)}
        self._render_result()
        self.border_title = results_title(result.total, filters, profile)
        self.highlighted = 1 if self.option_count > 1 else None
        self.call_after_refresh(self.scroll_home, animate=False)  # keep the count in view

    def extend_result(self, result: SearchResult) -> None:
        """More hits of the search on show (the first page came first, so the
        user sees it sooner): append the new ones and keep the cursor and the
        scroll where they are. Anything else is a new result: show it."""
        shown = self.result
        if shown is None or result.query != shown.query or result.total != shown.total \
                or [h.id for h in result.hits[:len(shown.hits)]] != [h.id for h in shown.hits]:
            self.show_result(result, filters=self.filters, profile=self.profile)
            return
        first_new = len(shown.hits)
        self.result = result
        new = {f"hit-{i}": hit for i, hit in enumerate(result.hits) if i >= first_new}
        self.hits.update(new)
        self.replace_option_prompt_at_index(0, result_header(result, self.filters, self.profile))
        options: list[Option | None] = []
        width, snippet_lines, style = self._layout()
        for i, (key, hit) in enumerate(new.items(), start=first_new):
            options.append(None)  # a rule between hits
            options.append(Option(hit_prompt(i + 1, hit, style, width, snippet_lines), id=key))
        self.add_options(options)

    def _layout(self) -> tuple[int, int, Style | str]:
        """The width hits are wrapped to, their snippet lines, the match style."""
        width = self.scrollable_content_region.width - 1
        # a narrow pane shows more hits, each more briefly
        snippet_lines = NARROW_SNIPPET_LINES if width < 50 else WIDE_SNIPPET_LINES
        return width, snippet_lines, component_style(self, "results--match")

    def _render_result(self) -> None:
        result = self.result
        if result is None:
            return
        width, snippet_lines, style = self._layout()
        self._rendered_width = width
        options: list[Option | None] = [Option(result_header(result, self.filters, self.profile), disabled=True)]
        if result.suggestion:
            line = plain("Did you mean: ")
            line.append(plain(result.suggestion, TITLE_STYLE)).append(plain("?  (Enter to search for it)", DIM_STYLE))
            options.append(Option(line, id=SUGGESTION_ID))
        for i, (key, hit) in enumerate(self.hits.items()):
            options.append(None)  # a rule between hits
            options.append(Option(hit_prompt(i + 1, hit, style, width, snippet_lines), id=key))
        keep = self.highlighted
        self.set_options(options)
        if keep is not None and keep < self.option_count:
            self.highlighted = keep

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        if self.result is not None:
            self.call_after_refresh(self._render_result)

    def on_resize(self) -> None:
        if self.result is not None and self.scrollable_content_region.width - 1 != self._rendered_width:
            self._render_result()

    def show_error(self, query: str, message: str, *, filters: str | None = None,
                   profile: str | None = None) -> None:
        """A query the search could not use: say why, in place of the hits."""
        self.result = None
        self.filters = filters
        self.profile = profile
        self.hits = {}
        line = plain("Cannot search for ")
        line.append(plain(query or "the filter", TITLE_STYLE)).append("\n").append(plain(message, ERROR_STYLE))
        if filters or profile:
            line.append("\n").append(filters_line(filters, profile))
        self.set_options([Option(line, disabled=True)])
        self.border_title = results_title(None, filters, profile)

    def show_searching(self, query: str) -> None:
        line = plain("Searching for ")
        line.append(plain(query, TITLE_STYLE)).append(plain(" …"))
        self.set_options([Option(line, disabled=True)])

    @property
    def current_hit(self) -> Hit | None:
        option = self.highlighted_option
        return self.hits.get(option.id or "") if option is not None else None

    def current_snippet_text(self) -> str | None:
        hit = self.current_hit
        if hit is None or not hit.snippets:
            return None
        return hit.snippets[0].text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == SUGGESTION_ID and self.result is not None and self.result.suggestion:
            self.post_message(self.SuggestionChosen(self.result.suggestion))
            return
        hit = self.hits.get(event.option.id or "")
        if hit is not None:
            self.post_message(self.Chosen(hit.id, hit_offset(hit)))
