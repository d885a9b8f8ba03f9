"""What a user does on the main screen, driven with Pilot on the seeds:
search, open, next match, sentence cursor, entities, copy, back, quit.
Expected values come from the Workspace (the core), never typed in here."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import OptionList

from summit_tui.tui.app import SummitApp
from summit_tui.tui.widgets.article_list import ArticleList
from summit_tui.tui.widgets.entity_pane import ENTITY_PREFIX, TYPE_PREFIX, EntityPane
from summit_tui.tui.widgets.reader import Reader
from summit_tui.tui.widgets.results import Results
from summit_tui.tui.widgets.search_bar import SearchInput
from summit_tui.workspace import Workspace
from tests.tui.conftest import search, settle

AppFactory = Callable[..., SummitApp]


def option_texts(widget: OptionList) -> list[str]:
    return [str(getattr(o.prompt, "plain", o.prompt)) for o in widget.options]


async def test_start_lists_every_article_and_previews_the_first(
    make_app: AppFactory, seeds_workspace: Workspace
) -> None:
    articles = seeds_workspace.articles()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listed = option_texts(app.screen.query_one(ArticleList))
        assert len(listed) == len(articles) == 5
        for text, article in zip(listed, articles):
            assert text.startswith(article.title)
            assert article.source in text
        reader = app.screen.query_one(Reader)
        assert reader.article_id == articles[0].id
        assert isinstance(app.focused, ArticleList)


async def test_moving_through_the_list_previews_and_enter_opens(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList).articles
        await pilot.press("j", "j")
        await settle(pilot)
        assert app.screen.query_one(Reader).article_id == articles[2].id
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, Reader)
        await pilot.press("G")
        await settle(pilot)
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("g", "enter")
        await settle(pilot)
        assert app.screen.query_one(Reader).article_id == articles[0].id


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_search_shows_the_core_hits_with_their_snippets(
    make_app: AppFactory, seeds_workspace: Workspace, size: tuple[int, int]
) -> None:
    expected = seeds_workspace.search("trade", limit=50)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "trade")
        results = app.screen.query_one(Results)
        assert isinstance(app.focused, Results)
        texts = option_texts(results)
        assert texts[0].startswith(f"{expected.total} articles match trade")
        hit_texts = texts[1:]
        assert len(hit_texts) == len(expected.hits)
        for text, hit in zip(hit_texts, expected.hits):
            assert hit.title[:20] in text
            for snippet in hit.snippets:  # each snippet shows (long ones cut, ending in "…")
                assert snippet.text[:24] in text
        # The acceptance check on the seeds: the $240 billion figure in four hits.
        assert sum("240 billion" in t for t in hit_texts) >= 4
        assert app.screen.query_one(SearchInput).value == "trade"


async def test_open_a_hit_then_n_and_shift_n_step_through_matches(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "trade")
        results = app.screen.query_one(Results)
        hit = results.current_hit
        assert hit is not None
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert isinstance(app.focused, Reader)
        assert reader.article_id == hit.id
        assert len(reader.matches) >= 2
        article_text = reader.article.text  # type: ignore[union-attr]
        first = reader.current_match
        assert first is not None
        assert "trad" in article_text[first[0]:first[1]].lower()
        assert reader.is_offset_visible(first[0])
        seen = [first]
        for _ in range(len(reader.matches) - 1):
            await pilot.press("n")
            seen.append(reader.current_match)  # type: ignore[arg-type]
            assert reader.is_offset_visible(seen[-1][0])
            assert "trad" in article_text[seen[-1][0]:seen[-1][1]].lower()
        assert sorted(seen) == reader.matches  # every match, once
        # the reader finds (at least) every match the hit's snippets show
        for snippet in hit.snippets:
            for start, end in snippet.highlights:
                assert (snippet.start + start, snippet.start + end) in reader.matches
        await pilot.press("n")
        assert reader.current_match == first  # wraps round
        await pilot.press("N")
        assert reader.current_match == seen[-1]
        # the sentence cursor follows the match
        assert reader.cursor == reader.sentence_at(seen[-1][0])
        assert f"match {len(seen)}/{len(seen)}" in str(reader.border_subtitle)


async def test_n_without_a_search_says_what_to_do(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("Search first" in str(m) for m in messages)


async def test_sentence_cursor_moves_with_j_k_and_copy_takes_that_sentence(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.cursor == 0
        await pilot.press("j", "j", "down", "k")
        assert reader.cursor == 2
        await pilot.press("y")
        assert app.clipboard == reader.article.sentence_text(2)  # type: ignore[union-attr]
        await pilot.press("G")
        assert reader.cursor == len(reader.article.sentences) - 1  # type: ignore[union-attr]
        last = reader.article.sentences[-1]  # type: ignore[union-attr]
        assert reader.is_offset_visible(last.start)
        await pilot.press("g")
        assert reader.cursor == 0
        assert reader.scroll_y == 0
        await pilot.press("space")
        assert reader.scroll_y > 0
        cursor_start = reader.article.sentences[reader.cursor].start  # type: ignore[union-attr]
        assert reader.cursor > 0 and reader.is_offset_visible(cursor_start)
        await pilot.press("b")
        assert reader.scroll_y == 0


async def test_copy_in_results_takes_the_selected_snippet(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "trade")
        hit = app.screen.query_one(Results).current_hit
        assert hit is not None
        await pilot.press("y")
        assert app.clipboard == hit.snippets[0].text


async def test_escape_goes_back_step_by_step(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)
        await search(pilot, "trade")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, Reader)
        await pilot.press("escape")
        assert isinstance(app.focused, Results)
        await pilot.press("escape")  # closes the results
        assert isinstance(app.focused, ArticleList)
        assert not app.screen.query_one(Reader).matches


async def test_tab_cycles_through_the_panes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(type(app.focused).__name__)
        assert set(seen) == {"SearchInput", "ArticleList", "EntityPane", "Reader"}
        await pilot.press("shift+tab")
        assert type(app.focused).__name__ == seen[-2]


async def test_a_bad_query_is_explained_and_the_app_carries_on(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "date:someday")
        text = "\n".join(option_texts(app.screen.query_one(Results)))
        assert "Cannot search for" in text
        assert app.is_running
        await search(pilot, "trade")
        assert app.screen.query_one(Results).hits


async def test_did_you_mean_runs_the_suggestion(make_app: AppFactory, seeds_workspace: Workspace) -> None:
    suggestion = seeds_workspace.search("trde").suggestion
    assert suggestion  # the core offers one for this misspelling
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "trde")
        results = app.screen.query_one(Results)
        assert any(suggestion in t and "Did you mean" in t for t in option_texts(results))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(SearchInput).value == suggestion
        assert results.hits


async def test_entity_pane_groups_the_articles_entities_by_type(
    make_app: AppFactory, seeds_workspace: Workspace
) -> None:
    first = seeds_workspace.articles()[0]
    entities = seeds_workspace.entities(article=first.id)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(EntityPane)
        ids = [o.id for o in pane.options]
        assert {f"{ENTITY_PREFIX}{e.key}" for e in entities} == {i for i in ids if i.startswith(ENTITY_PREFIX)}
        types = [i[len(TYPE_PREFIX):] for i in ids if i.startswith(TYPE_PREFIX)]
        assert set(types) == {e.type for e in entities}
        # each entity sits under its own type's heading, with its count
        current = None
        for option in pane.options:
            if option.id.startswith(TYPE_PREFIX):
                current = option.id[len(TYPE_PREFIX):]
                continue
            entity = pane.entities[option.id[len(ENTITY_PREFIX):]]
            assert entity.type == current
            assert str(entity.count) in option.prompt.plain and entity.label in option.prompt.plain


async def test_choosing_an_entity_searches_the_corpus_for_it(
    make_app: AppFactory, seeds_workspace: Workspace
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(EntityPane)
        pane.focus()
        await pilot.press("down")  # from the first heading to its first entity
        option = pane.highlighted_option
        assert option is not None and option.id.startswith(ENTITY_PREFIX)
        key = option.id[len(ENTITY_PREFIX):]
        await pilot.press("enter")
        await settle(pilot)
        query = app.screen.query_one(SearchInput).value
        assert query == f"entity:{key}"
        expected = seeds_workspace.search(query, limit=50)
        results = app.screen.query_one(Results)
        assert [h.id for h in results.hits.values()] == [h.id for h in expected.hits]
        assert expected.hits  # the article it came from mentions it, at least
        assert isinstance(app.focused, Results)


async def test_entity_highlighting_toggles_all_and_per_type(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        person = next(m for m in reader.mentions if m.type == "PERSON")

        def person_is_bold() -> bool:
            line = reader._line_of(person.start)
            strip = reader.render_line(line - round(reader.scroll_y))
            return any(seg.text and person.text.startswith(seg.text.strip() or "\0") and seg.style.bold
                       for seg in strip)

        assert person_is_bold()
        await pilot.press("e")
        assert not reader.entities_on and not person_is_bold()
        await pilot.press("e")
        assert reader.entities_on and person_is_bold()
        pane = app.screen.query_one(EntityPane)
        pane.focus()
        pane.highlighted = [o.id for o in pane.options].index(f"{TYPE_PREFIX}PERSON")
        await pilot.press("enter")  # on a heading: the type on/off
        assert "PERSON" in reader.hidden_types and not person_is_bold()
        assert "off" in pane.highlighted_option.prompt.plain
        await pilot.press("t")
        assert "PERSON" not in reader.hidden_types and person_is_bold()


async def test_the_entity_pane_shows_when_e_has_turned_highlighting_off(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(EntityPane)
        reader = app.screen.query_one(Reader)

        def headings() -> list[str]:
            return [o.prompt.plain for o in pane.options if o.id.startswith(TYPE_PREFIX)]

        assert headings() and not any(h.endswith(" off") for h in headings())
        assert not pane.border_subtitle
        await pilot.press("e")
        assert not reader.entities_on
        assert all(h.startswith("○") and h.endswith(" off") for h in headings())
        assert "highlighting off" in str(pane.border_subtitle)
        await pilot.press("e")
        assert not any(h.endswith(" off") for h in headings()) and not pane.border_subtitle
        # with everything off, turning one type on turns highlighting back on
        await pilot.press("e")
        pane.focus()
        pane.highlighted = [o.id for o in pane.options].index(f"{TYPE_PREFIX}PERSON")
        await pilot.press("t")
        assert reader.entities_on and "PERSON" not in reader.hidden_types
        assert not pane.border_subtitle
        assert not pane.highlighted_option.prompt.plain.endswith(" off")


async def test_quit_with_q(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_q_in_the_search_box_is_a_letter(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        assert app.is_running
        assert app.screen.query_one(SearchInput).value == "q"


async def test_a_bug_in_the_core_is_one_line_on_screen_not_a_crash() -> None:
    from tests.conftest import SEEDS
    from tests.tui.fakes import FakeWorkspace

    fake = FakeWorkspace(SEEDS)

    def broken_search(*args: object, **kwargs: object) -> None:
        raise TypeError("unsupported operand")

    fake.search = broken_search  # type: ignore[method-assign]
    app = SummitApp(fake)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "trade")
        text = "\n".join(option_texts(app.screen.query_one(Results)))
        assert "internal error: TypeError: unsupported operand" in text
        assert app.is_running
