"""The comparison screen on the seeds: what each source says side by side,
differing values highlighted and agreeing ones marked (by attributes and
text marks, not colour alone), silent sources "not reported", stacked on a
narrow terminal with nothing cut off; c from the reader and from a search
hit, y copies, o opens the source in the reader, Esc goes back.
Expected values come from the Workspace (the core), never typed in here,
except the acceptance check on the trade figure (64% vs 63 percent)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.pilot import Pilot

from summit_tui.facts.model import Comparison, Fact
from summit_tui.tui.app import SummitApp
from summit_tui.tui.render import NOT_REPORTED, SOFT_DISCREPANCY_KINDS
from summit_tui.tui.screens.comparison import ComparisonScreen, SourceColumn, sentence_index_at
from summit_tui.tui.screens.main import MainScreen
from summit_tui.tui.widgets.fact_list import FactList
from summit_tui.tui.widgets.reader import Reader
from summit_tui.tui.widgets.results import Results, hit_offset
from summit_tui.workspace import Workspace
from tests.tui.conftest import search, settle

AppFactory = Callable[..., SummitApp]


def trade_fact(ws: Workspace) -> Fact:
    """The fact of the $240 billion trade figure (the issue's example)."""
    facts = [f for f in ws.facts() if sum("240 billion" in s.text for s in f.statements) >= 2]
    assert facts, "the seeds' trade figure should be a fact"
    return max(facts, key=lambda f: f.source_count)


def style_over(text: Text, start: int, end: int) -> Style:
    """Every style applied over all of ``text[start:end]`` (the text's own
    style included), combined."""
    combined = Style.parse(text.style) if isinstance(text.style, str) else text.style
    for span in text.spans:
        if span.start <= start and span.end >= end:
            combined += Style.parse(span.style) if isinstance(span.style, str) else span.style
    return combined


def where(text: Text, statement_text: str, span: tuple[int, int], statement_start: int) -> tuple[int, int]:
    """An article-text span of a statement, as offsets into a column's text."""
    base = text.plain.index(statement_text)
    return base + span[0] - statement_start, base + span[1] - statement_start


def flat(lines: Sequence[str]) -> str:
    """Screen lines as one run of words, without the borders."""
    return " ".join(" ".join(lines).translate(str.maketrans("│┃╭╮╰╯┏┓┗┛━─", "            ")).split())


def drawn_lines(widget: SourceColumn) -> list[str]:
    """What the widget draws, line by line, at its size on screen."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]


def columns(app: SummitApp) -> dict[str, SourceColumn]:
    return {column.source.article: column for column in app.screen.query(SourceColumn)}


def assert_shows(app: SummitApp, sources: dict[str, Sequence[object] | None]) -> None:
    """Each source has its column: its statements, or "not reported"."""
    shown = columns(app)
    assert set(shown) == set(sources)
    for article, statements in sources.items():
        text = shown[article].text.plain
        if statements:
            for statement in statements:
                assert statement.text in text  # type: ignore[attr-defined]
            assert NOT_REPORTED not in text
        else:
            assert NOT_REPORTED in text


async def open_trade_fact(pilot: Pilot, fact: Fact) -> None:
    """f, type "240" in the filter, highlight the fact, Enter."""
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    await pilot.press(*"240")
    await pilot.pause()
    fact_list = pilot.app.screen.query_one(FactList)
    key = next(k for k, f in fact_list.facts.items() if f.id == fact.id)
    fact_list.highlighted = fact_list.get_option_index(key)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_trade_fact_highlights_the_differing_figures_and_marks_the_agreeing_one(
    make_app: AppFactory, seeds_workspace: Workspace
) -> None:
    fact = trade_fact(seeds_workspace)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_trade_fact(pilot, fact)
        assert isinstance(app.screen, ComparisonScreen)
        assert_shows(app, {**{a: s for a, s in fact.by_article().items()}, **{a: None for a in fact.silent}})
        shown = columns(app)
        statements = {s.article: s for s in fact.statements}
        assert fact.discrepancies, "the trade fact's sources differ (growth 64% vs 63 percent)"
        for discrepancy in fact.discrepancies:
            for article, spans in discrepancy.spans.items():
                text, statement = shown[article].text, statements[article]
                for span in spans:
                    style = style_over(text, *where(text, statement.text, span, statement.start))
                    assert style.reverse, (discrepancy, text.plain)  # seen without colour
                    assert style.bold or discrepancy.kind in SOFT_DISCREPANCY_KINDS
                # and a text mark says what this source gives
                assert discrepancy.values[article] in text.plain
        for agreement in fact.agreements:
            for article, spans in agreement.spans.items():
                text, statement = shown[article].text, statements[article]
                for span in spans:
                    style = style_over(text, *where(text, statement.text, span, statement.start))
                    assert style.underline and not style.reverse
        # and the rest of each statement is plain, so the marks stand out
        for article, column in shown.items():
            statement = statements.get(article)
            if statement is None:
                continue
            marked = {i for item in (*fact.discrepancies, *fact.agreements)
                      for a, b in item.spans.get(article, ()) for i in range(a, b)}
            base = column.text.plain.index(statement.text)
            unmarked = [i for i in range(statement.start, statement.end) if i not in marked]
            assert unmarked
            for i in unmarked[:: max(1, len(unmarked) // 10)]:
                style = style_over(column.text, base + i - statement.start, base + i - statement.start + 1)
                assert not (style.bold or style.reverse or style.underline), (article, i)
        # the acceptance check: the growth figures are the highlighted ones
        growth = {a: t for a, t in ((a, c.text) for a, c in shown.items()) if "64%" in t.plain or "63 percent" in
                  t.plain or "63%" in t.plain}
        assert len(growth) >= 2
        for text in growth.values():
            figure = next(f for f in ("64%", "63 percent", "63%") if f in text.plain)
            start = text.plain.index(figure)
            assert style_over(text, start, start + len(figure)).reverse
        summary = str(app.screen.query_one("#comparison-summary").render())
        assert f"{fact.source_count} of {fact.source_count + len(fact.silent)} sources report it" in summary
        for discrepancy in fact.discrepancies:
            assert discrepancy.detail in summary
        for agreement in fact.agreements:
            assert agreement.detail in summary


async def test_c_in_the_reader_compares_the_sentence_under_the_cursor(
    make_app: AppFactory, seeds_workspace: Workspace
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "240 billion")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert isinstance(app.focused, Reader)
        article, cursor = reader.article_id, reader.cursor
        assert article is not None and cursor is not None
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ComparisonScreen)
        expected: Comparison = seeds_workspace.compare(sentence=(article, cursor))
        assert_shows(app, dict(expected.sources))
        focused = app.focused
        assert isinstance(focused, SourceColumn) and focused.source.article == article
        assert reader.current_sentence_text() in focused.text.plain
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert isinstance(app.focused, Reader) and reader.cursor == cursor


async def test_c_on_a_search_hit_compares_the_hit_sentence(make_app: AppFactory,
                                                           seeds_workspace: Workspace) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "trade")
        results = app.screen.query_one(Results)
        assert isinstance(app.focused, Results)
        hit = results.current_hit
        assert hit is not None
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ComparisonScreen)
        article = seeds_workspace.article(hit.id)
        offset = hit_offset(hit)
        assert offset is not None
        expected = seeds_workspace.compare(sentence=(hit.id, sentence_index_at(article, offset)))
        assert_shows(app, dict(expected.sources))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, Results)


@pytest.mark.parametrize("size", [(80, 24), (60, 30)])
async def test_a_narrow_terminal_stacks_the_sources_and_cuts_nothing(
    make_app: AppFactory, seeds_workspace: Workspace, size: tuple[int, int]
) -> None:
    fact = trade_fact(seeds_workspace)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_trade_fact(pilot, fact)
        screen = app.screen
        assert isinstance(screen, ComparisonScreen) and screen.stacked
        shown = list(screen.query(SourceColumn))
        assert len(shown) == fact.source_count + len(fact.silent)
        tops = [column.region.y for column in shown]
        assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one under another
        for column in shown:
            assert column.region.x >= 0 and column.region.right <= size[0]
            drawn = flat(drawn_lines(column))
            for statement in column.source.statements or ():
                assert " ".join(statement.text.split()) in drawn
        # everything can be scrolled to: End brings the last source into view
        await pilot.press("G")
        await pilot.pause()
        assert screen.scroll.scroll_y == screen.scroll.max_scroll_y > 0
        last = shown[-1]
        assert last.region.bottom <= screen.scroll.region.bottom
        # left/right move between the sources, scrolling each into view
        await pilot.press("g")
        for column in shown[1:]:
            await pilot.press("l")
            await pilot.pause()
            assert app.focused is column
            assert screen.scroll.region.contains_region(column.region) or \
                column.region.height > screen.scroll.region.height


async def test_a_wide_terminal_puts_the_sources_side_by_side(make_app: AppFactory,
                                                           seeds_workspace: Workspace) -> None:
    fact = trade_fact(seeds_workspace)
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await open_trade_fact(pilot, fact)
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        reporting = [c for c in screen.query(SourceColumn) if c.source.statements]
        if fact.source_count * 28 <= 156:  # room for every column
            assert not screen.stacked
            assert len({c.region.y for c in reporting}) == 1
            xs = [c.region.x for c in reporting]
            assert xs == sorted(xs)
        for column in reporting:
            drawn = flat(drawn_lines(column))
            for statement in column.source.statements or ():
                assert " ".join(statement.text.split()) in drawn


async def test_y_copies_the_comparison_as_plain_text(make_app: AppFactory, seeds_workspace: Workspace) -> None:
    fact = trade_fact(seeds_workspace)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_trade_fact(pilot, fact)
        await pilot.press("y")
        copied = app.clipboard
        assert fact.label in copied
        for statement in fact.statements:
            assert statement.text in copied
        for article in fact.silent:
            silent_source = columns(app)[article].source.source
            assert f"{silent_source}" in copied and NOT_REPORTED in copied
        for discrepancy in fact.discrepancies:
            assert discrepancy.detail in copied


async def test_o_opens_the_source_in_the_reader_at_its_sentence(make_app: AppFactory,
                                                                seeds_workspace: Workspace) -> None:
    fact = trade_fact(seeds_workspace)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_trade_fact(pilot, fact)
        await pilot.press("l")  # the second source
        column = app.focused
        assert isinstance(column, SourceColumn) and column.source.statements
        statement = column.source.statements[0]
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        reader = app.screen.query_one(Reader)
        assert isinstance(app.focused, Reader)
        assert reader.article_id == statement.article
        assert reader.cursor == statement.sentence
        assert reader.is_offset_visible(statement.start)


async def test_a_slow_comparison_shows_loading_and_the_app_stays_responsive(make_app: AppFactory) -> None:
    import threading

    app = make_app()
    gate = threading.Event()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        real_compare = app.workspace.compare

        def slow_compare(*args: object, **kwargs: object) -> Comparison:
            gate.wait(10)  # a cold cache: alignment takes a while
            return real_compare(*args, **kwargs)  # type: ignore[arg-type]

        app.workspace.compare = slow_compare  # type: ignore[method-assign]
        await pilot.press("enter", "c")  # open the first article; compare its first sentence
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert screen.scroll.loading  # a loading indicator, not a frozen screen
        await pilot.press("escape")  # the event loop answers meanwhile
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
