"""The comparison: what each source says about one fact, side by side.

Opened on a ``Fact`` (from the facts list or the palette), or on a question
the workspace answers in a worker: a sentence (``c`` in the reader, or on a
search hit) or a query (``c`` on the results' count line, a profile whose
view is ``comparison``). The TUI aligns nothing itself: ``Workspace.compare``
does; this screen only lays the answer out.

One column per reporting source (its name and date, its statements with
differing values highlighted and agreeing ones marked), then the silent
sources as a row, "not reported". Where the columns would be narrower than
``MIN_COLUMN_TEXT`` cells (or the terminal is under ``STACK_BELOW``
columns), they stack, one block per source: everything scrolls, nothing is
cut off.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from summit_tui.errors import SummitError
from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import (
    ERROR_STYLE,
    ComparedSource,
    ComparisonStyles,
    comparison_plain,
    comparison_summary,
    plain,
    source_block,
)
from summit_tui.tui.styles import component_style
from summit_tui.tui.workers import bug_message, call_on_ui

if TYPE_CHECKING:
    from summit_tui.corpus.model import Article, ArticleSummary
    from summit_tui.facts.model import Agreement, Comparison, Discrepancy, Fact
    from summit_tui.workspace import Workspace

STACK_BELOW = 100  # terminal columns under which sources always stack
MIN_COLUMN_TEXT = 24  # cells of text a side-by-side column needs
COLUMN_CHROME = 4  # a column's border and padding, in cells

OpenSource = Callable[[str, "int | None"], None]  # article id, offset into its text (or None: the top)


@dataclass(frozen=True)
class ComparisonView:
    """What the screen shows, from a ``Fact`` or a ``Comparison`` alike:
    every source of the corpus in corpus order, silent ones included."""

    title: str
    sources: tuple[ComparedSource, ...]
    discrepancies: tuple[Discrepancy, ...]
    agreements: tuple[Agreement, ...]
    scored: bool  # an ad-hoc comparison: show how well each statement matched

    @property
    def reporting(self) -> tuple[ComparedSource, ...]:
        return tuple(s for s in self.sources if s.statements)

    @property
    def silent(self) -> tuple[ComparedSource, ...]:
        return tuple(s for s in self.sources if not s.statements)

    def plain_text(self) -> str:
        return comparison_plain(self.title, self.sources, self.discrepancies, self.agreements)


def _published(article: Article | ArticleSummary | None) -> str | None:
    return article.published.isoformat() if article is not None and article.published else None


def view_of_fact(fact: Fact, articles: Sequence[Article | ArticleSummary]) -> ComparisonView:
    """Sources in corpus order: the reporting ones with their statements,
    the silent ones empty. Articles the corpus list lacks (it is still
    loading) follow in the fact's own order."""
    by_article = fact.by_article()
    by_id = {a.id: a for a in articles}
    order = [a.id for a in articles if a.id in by_article or a.id in fact.silent]
    placed = set(order)  # a set: a large corpus has thousands of silent sources
    order += [i for i in dict.fromkeys((*by_article, *fact.silent)) if i not in placed]
    sources = []
    for article_id in order:
        statements = by_article.get(article_id)
        article = by_id.get(article_id)
        label = statements[0].source if statements else (article.source if article is not None else article_id)
        sources.append(ComparedSource(article_id, label, _published(article), statements))
    title = f"Fact: {fact.label}" + ("  (from config)" if fact.defined else "")
    return ComparisonView(title, tuple(sources), fact.discrepancies, fact.agreements, scored=False)


def view_of_comparison(comparison: Comparison, articles: Sequence[Article | ArticleSummary]) -> ComparisonView:
    by_id = {a.id: a for a in articles}
    sources = []
    for article_id, statements in comparison.sources.items():
        article = by_id.get(article_id)
        label = statements[0].source if statements else (article.source if article is not None else article_id)
        anchor = comparison.anchor[1] if comparison.anchor and comparison.anchor[0] == article_id else None
        sources.append(ComparedSource(article_id, label, _published(article), statements or None, anchor))
    if comparison.anchor is not None:
        anchor_source = next((s.source for s in sources if s.article == comparison.anchor[0]), comparison.anchor[0])
        title = f"Compare the sentence from {anchor_source}: {comparison.query}"
    else:
        title = f"Compare: {comparison.query}"
    return ComparisonView(title, tuple(sources), comparison.discrepancies, comparison.agreements, scored=True)


def sentence_index_at(article: Article, offset: int) -> int:
    """The sentence of ``article`` holding ``offset`` (the last one starting
    at or before it)."""
    starts = [s.start for s in article.sentences]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def should_stack(width: int, reporting: int) -> bool:
    """Stack the sources when the terminal is narrow or the columns would
    be too narrow to read."""
    if width < STACK_BELOW:
        return True
    return (width - 2) // max(1, reporting) - COLUMN_CHROME < MIN_COLUMN_TEXT


class SourceColumn(Static, can_focus=True):
    """One source of a comparison: focus it (left/right, Tab) and Enter or
    ``o`` opens its article at its statement."""

    COMPONENT_CLASSES = {
        "source-column--differs",
        "source-column--soft",
        "source-column--agrees",
        "source-column--meta",
    }
    DEFAULT_CSS = """
    SourceColumn > .source-column--differs { text-style: bold reverse; color: $text-error; }
    SourceColumn > .source-column--soft { text-style: italic reverse; color: $text-warning; }
    SourceColumn > .source-column--agrees { text-style: bold underline; color: $text-success; }
    SourceColumn > .source-column--meta { color: $text-muted; }
    """

    def __init__(self, source: ComparedSource, view: ComparisonView, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source = source
        self.view = view
        self.text = plain("")  # what the column shows, once mounted
        self.set_class(not source.statements, "-silent")

    def on_mount(self) -> None:
        self._paint()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._paint))

    def styles_for_marks(self) -> ComparisonStyles:
        return ComparisonStyles(
            differs=component_style(self, "source-column--differs"),
            soft=component_style(self, "source-column--soft"),
            agrees=component_style(self, "source-column--agrees"),
            meta=component_style(self, "source-column--meta"),
            missing=component_style(self, "source-column--meta") + Style(italic=True),
        )

    def _paint(self) -> None:
        self.text = source_block(self.source, self.view.discrepancies, self.view.agreements,
                                 self.styles_for_marks(), show_scores=self.view.scored)
        self.update(self.text)

    @property
    def offset(self) -> int | None:
        """Where the reader should open this source: its first statement."""
        if not self.source.statements:
            return None
        anchored = [s for s in self.source.statements if s.sentence == self.source.anchor]
        return (anchored or list(self.source.statements))[0].start


class ComparisonScroll(VerticalScroll, can_focus=False):
    """Scrolls the whole comparison with the list keys, whichever source
    has the focus. Each key scrolls at once: Textual's own ``scroll_down``
    waits for the next frame, so keys arriving together (a held key, tmux
    sending a burst) would count once."""

    BINDINGS = bindings_for("list", actions={"select": ""})

    def _scroll_by(self, lines: int) -> None:
        self.scroll_to(y=max(0, min(self.max_scroll_y, round(self.scroll_y) + lines)), animate=False,
                       immediate=True)

    def action_cursor_down(self) -> None:
        self._scroll_by(1)

    def action_cursor_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._scroll_by(-max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)


class ComparisonScreen(Screen[None]):
    BINDINGS = bindings_for("comparison")

    def __init__(self, workspace: Workspace, lock: threading.Lock, articles: Sequence[Article | ArticleSummary], *,
                 fact: Fact | None = None, query: str | None = None, sentence: tuple[str, int] | None = None,
                 at_offset: tuple[str, int] | None = None, open_source: OpenSource | None = None) -> None:
        """Show ``fact``, or ask the workspace to compare ``query``, the
        ``sentence`` (article id, sentence index), or the sentence holding
        ``at_offset`` (article id, offset into its text: a search hit).
        ``lock``: held around each workspace call (the workspace is shared).
        ``open_source``: opens an article in the reader at an offset."""
        super().__init__()
        self.workspace = workspace
        self.lock = lock
        self.articles = tuple(articles)
        self.fact = fact
        self.compare_query = query
        self.compare_sentence = sentence
        self.compare_at_offset = at_offset
        self.open_source = open_source
        self.view: ComparisonView | None = view_of_fact(fact, articles) if fact is not None else None
        self.stacked = False

    def compose(self) -> ComposeResult:
        with ComparisonScroll(id="comparison-scroll"):
            yield Static(plain("Comparing the sources…"), id="comparison-summary")
            yield Container(id="comparison-columns")
            yield Container(id="comparison-silent")
        yield Footer(compact=True)

    @property
    def scroll(self) -> ComparisonScroll:
        return self.query_one(ComparisonScroll)

    @property
    def columns(self) -> list[SourceColumn]:
        return list(self.query(SourceColumn))

    def on_mount(self) -> None:
        self.scroll.border_title = plain("Comparison")
        self._layout(self.app.size.width)
        if self.view is not None:
            self._show(self.view)
        else:
            self.scroll.loading = True
            self._compare()

    # --- asking the workspace (a thread: alignment may take seconds) -------------

    @work(thread=True, exclusive=True, group="compare")
    def _compare(self) -> None:
        query, sentence, at_offset = self.compare_query, self.compare_sentence, self.compare_at_offset
        try:
            with self.lock:
                if at_offset is not None:
                    article = self.workspace.article(at_offset[0])
                    sentence = (article.id, sentence_index_at(article, at_offset[1]))
                if sentence is not None:
                    comparison = self.workspace.compare(sentence=sentence)
                else:
                    comparison = self.workspace.compare(query)
                articles = self.articles or tuple(self.workspace.article_summaries())
        except SummitError as exc:
            self._call(self._failed, str(exc))
            return
        except Exception as exc:  # a bug: one line, and the app goes on
            self._call(self._failed, bug_message(exc))
            return
        self._call(self._show, view_of_comparison(comparison, articles))

    def _call(self, callback: Callable[..., Any], *args: Any) -> None:
        call_on_ui(self.app, callback, *args)

    def _failed(self, message: str) -> None:
        if not self.is_attached:  # closed while the workspace was busy
            return
        self.scroll.loading = False
        self.query_one("#comparison-summary", Static).update(
            plain("Cannot compare: ").append(plain(message, ERROR_STYLE)).append(plain("\nEsc goes back.")))
        self.app.notify(message, title="Compare", severity="error", markup=False)

    # --- showing ------------------------------------------------------------------

    def _show(self, view: ComparisonView) -> None:
        if not self.is_attached:  # closed while the workspace was busy
            return
        self.view = view
        self.scroll.loading = False
        columns = self.query_one("#comparison-columns", Container)
        silent = self.query_one("#comparison-silent", Container)
        columns.remove_children()
        silent.remove_children()
        columns.mount_all([SourceColumn(s, view, classes="source") for s in view.reporting])
        silent.mount_all([SourceColumn(s, view, classes="source -silent") for s in view.silent])
        silent.display = bool(view.silent)
        self._layout(self.app.size.width)
        self.call_after_refresh(self._after_show)

    def _after_show(self) -> None:
        view = self.view
        first = next(iter(self.columns), None)
        if view is None or first is None:
            return
        # the summary's legend is drawn in the columns' own (theme) styles
        summary = comparison_summary(view.title, view.sources, view.discrepancies, view.agreements,
                                     first.styles_for_marks())
        self.query_one("#comparison-summary", Static).update(summary)
        anchored = next((c for c in self.columns if c.source.anchor is not None), first)
        anchored.focus(scroll_visible=False)
        self.scroll.scroll_home(animate=False)

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        reporting = len(self.view.reporting) if self.view is not None else 1
        self.stacked = should_stack(width, reporting)
        self.set_class(self.stacked, "-stacked")

    # --- actions (keys) -------------------------------------------------------------

    def _focused_column(self) -> SourceColumn | None:
        return self.focused if isinstance(self.focused, SourceColumn) else None

    def action_next_source(self) -> None:
        self._step_source(1)

    def action_previous_source(self) -> None:
        self._step_source(-1)

    def _step_source(self, step: int) -> None:
        columns = self.columns
        if not columns:
            return
        current = self._focused_column()
        index = columns.index(current) + step if current in columns else 0
        columns[max(0, min(len(columns) - 1, index))].focus()

    def action_open_source(self) -> None:
        column = self._focused_column()
        if column is None or self.open_source is None:
            self.app.bell()
            return
        self.open_source(column.source.article, column.offset)

    def action_copy(self) -> None:
        if self.view is None:
            self.app.notify("Nothing to copy yet: the comparison is still on its way.", markup=False)
            return
        self.app.copy_to_clipboard(self.view.plain_text())
        reporting = len(self.view.reporting)
        self.app.notify(f"The comparison of {reporting} source{'s' if reporting != 1 else ''}, as plain text.",
                        title="Copied", markup=False, timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)
