"""The main screen: search bar, article list / search results, reader and
entity pane. It wires the panes together and runs the Workspace calls in
thread workers, so the screen paints first and never waits on the index.

Layout: a navigation column (the article list or the search results, which
Esc closes, above the entity pane) beside the reader, which gets the rest of
the width; below ~100 columns the column narrows and the entity pane
shortens. A comparison screen (issue 4) is a screen of its own pushed from
here, so it needs no room in this layout.

Saved search profiles: ``s`` saves the search on show (screens/save_profile.py),
``p`` opens the picker (screens/profile_picker.py); running a profile sets the
active filters and sort, which stay on for new queries until Esc on the
results clears them. Profile file work runs in thread workers too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, OptionList

from summit_tui.errors import SummitError
from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import filters_summary, plain
from summit_tui.tui.widgets.article_list import ArticleList
from summit_tui.tui.widgets.entity_pane import EntityPane
from summit_tui.tui.widgets.reader import Reader
from summit_tui.tui.widgets.search_bar import SearchBar, SearchInput
from summit_tui.tui.workers import bug_message, call_on_ui, reraise_when_debugging

if TYPE_CHECKING:
    from summit_tui.corpus.model import Article, ArticleSummary
    from summit_tui.facts.model import Fact
    from summit_tui.nlp.aggregate import EntityCount
    from summit_tui.nlp.model import Entity, Mention
    from summit_tui.profiles import ProfileStore, SearchFilters, SearchProfile
    from summit_tui.search.model import SearchResult
    from summit_tui.tui.widgets.results import Results
    from summit_tui.workspace import Workspace

Span = tuple[int, int]
RESULTS_LIMIT = 50  # hits a search shows
FIRST_PAGE = 12  # hits shown first, while the rest are fetched (a tall pane shows ~9)


def article_match_spans(ws: Workspace, article: Article, query: str, entities: Sequence[str] = ()) -> list[Span]:
    """Where ``query`` (and the entities a filter asks for) match in the
    whole of ``article.text``, headings included."""
    if not query.strip() and not entities:
        return []
    return list(ws.match_spans(article.id, query, entities=entities))


class _BuildAbandoned(Exception):
    """Raised from the index build's progress callback when the app is
    quitting: the build cancels its writers and leaves no manifest, so the
    next start builds again (see search/build.py)."""


def search_filter_kwargs(filters: SearchFilters | None, sort: str) -> dict[str, Any]:
    """``Workspace.search`` keyword arguments for ``filters`` and ``sort``;
    none at all for an unfiltered search by relevance."""
    kwargs: dict[str, Any] = {}
    if filters is not None:
        for name in ("sources", "entities", "types"):
            if getattr(filters, name):
                kwargs[name] = tuple(getattr(filters, name))
        for name in ("date_from", "date_to"):
            if getattr(filters, name) is not None:
                kwargs[name] = getattr(filters, name)
    if sort != "relevance":
        kwargs["sort"] = sort
    return kwargs


class MainScreen(Screen[None]):
    BINDINGS = bindings_for("main")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "#articles"

    def __init__(self, workspace: Workspace, *, start_profile: SearchProfile | None = None) -> None:
        """``start_profile``: run this profile once the articles are listed
        (``summit-tui --profile NAME``)."""
        super().__init__(id="main")
        self.workspace = workspace
        self.start_profile = start_profile
        # What lists show: summaries and totals, never the articles' text
        # or the corpus's mentions (hundreds of MB on a large corpus).
        self.articles: list[ArticleSummary] = []
        self.corpus_entities: list[EntityCount] = []
        self.active_query = ""  # the search on show in the results (and the reader)
        # What narrows the search on show: set by running a profile, shown in
        # the results' header, kept for new queries until Esc clears it.
        self.active_filters: SearchFilters | None = None
        self.active_sort = "relevance"
        self.active_profile: SearchProfile | None = None
        self._search_serial = 0  # which search the results are waiting for
        self.loaded_at: float | None = None
        self._ws_lock = threading.Lock()  # one Workspace call at a time
        self._wanted_article: str | None = None
        self._return_focus: str | None = None
        self._facts: list[Fact] | None = None  # Workspace.facts, once asked for (f, the palette)

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
        with Horizontal(id="body"):
            with Vertical(id="nav"):
                with ContentSwitcher(initial="articles", id="side"):
                    yield ArticleList(id="articles")  # Results joins on the first search
                yield EntityPane(id="entities")
            yield Reader(id="reader")
        yield Footer(compact=True)  # 80 columns hold every key shown

    # --- panes ------------------------------------------------------------------

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def results(self) -> Results:
        """The results pane, mounted (and its module imported) on first use:
        one widget fewer to draw in the first frame."""
        from summit_tui.tui.widgets.results import Results

        found = self.query(Results)
        if found:
            return found.first()
        results = Results(id="results")
        self.side.mount(results)
        results.border_title = plain("Results")
        return results

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def entity_pane(self) -> EntityPane:
        return self.query_one(EntityPane)

    @property
    def side(self) -> ContentSwitcher:
        return self.query_one("#side", ContentSwitcher)

    @property
    def results_open(self) -> bool:
        return self.side.current == "results"

    # --- start-up ---------------------------------------------------------------

    def on_mount(self) -> None:
        # A note, not `loading = True`: a loading indicator is one more
        # widget to style and draw before the first frame.
        self.article_list.show_message("Opening the index…")
        self.reader.border_title = plain("Reader")
        self.entity_pane.border_title = plain("Entities")
        self.article_list.border_title = plain("Articles")
        self.article_list.focus()

    def start_loading(self) -> None:
        """Open the index (building it first if there is none) and fill the
        panes. The app calls this once the first frame is on screen, so the
        worker's imports (Whoosh) do not hold up the first paint."""
        if self.loaded_at is None and not self.workers:
            self.load_corpus()

    def _call(self, callback: Callable[..., Any], *args: Any) -> None:
        call_on_ui(self.app, callback, *args)

    @work(thread=True, exclusive=True, group="load")
    def load_corpus(self) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        ws = self.workspace
        try:
            with self._ws_lock:
                reason = ws.needs_build()
                if reason:
                    self._call(self._show_building, reason)
                    last = 0.0

                    def progress(done: int, total: int, path: str) -> None:
                        nonlocal last
                        if worker.is_cancelled:  # the app is quitting: stop now, not after the build
                            raise _BuildAbandoned
                        now = time.monotonic()
                        if now - last > 0.05 or done == total:
                            last = now
                            self._call(self._show_progress, done, total, path)

                    report = ws.build_index(progress=progress)
                    if report.skipped:
                        self._call(self._notify_skipped, len(report.skipped))
                articles = ws.article_summaries()
        except _BuildAbandoned:
            return
        except SummitError as exc:
            self._call(self._load_failed, str(exc))
            return
        except Exception as exc:  # a bug: say so in one line and keep the app
            self._call(self._load_failed, bug_message(exc))
            return
        # The list first: without a current listing in the index folder,
        # counting the corpus's entities reads every article's mentions,
        # seconds on a large corpus.
        self._call(self._loaded, articles)
        try:
            with self._ws_lock:
                entities = ws.entity_counts()
        except SummitError as exc:
            self._call(self.app.notify, str(exc), title="Entities", severity="error", markup=False)
            return
        except Exception as exc:  # a bug: one line; the articles stay usable
            self._call(self.app.notify, bug_message(exc), title="Entities", severity="error", markup=False)
            return
        self._call(self._corpus_entities_loaded, entities)

    def _entities(self, article_id: str) -> list[Entity]:
        with self._ws_lock:
            return self.workspace.entities(article=article_id)

    def _show_building(self, reason: str) -> None:
        from summit_tui.tui.widgets.index_progress import IndexProgress

        progress = IndexProgress(reason, id="building")
        self.side.mount(progress)
        self.side.current = "building"

    def _show_progress(self, done: int, total: int, path: str) -> None:
        from summit_tui.tui.widgets.index_progress import IndexProgress

        for progress in self.query(IndexProgress):
            progress.advance(done, total, path)

    def _notify_skipped(self, count: int) -> None:
        self.app.notify(f"{count} file(s) could not be indexed; `summit-tui index` says why.",
                        title="Index", severity="warning", markup=False, timeout=8)

    def _load_failed(self, message: str) -> None:
        self.side.current = "articles"
        self.article_list.show_message(message)
        self.reader.show_message(plain(message))
        self.app.notify(message, title="Cannot open the corpus", severity="error", markup=False)

    def _loaded(self, articles: list[ArticleSummary]) -> None:
        for building in self.query("#building"):
            building.remove()
        if self.side.current == "building":
            self.side.current = "articles"
            self.article_list.focus()  # hiding the list for the build took the focus away
        self.articles = articles
        self.article_list.show_articles(articles)
        self.loaded_at = time.perf_counter()
        timings = getattr(self.app, "timings", None)
        if timings is not None:
            timings.articles_listed = self.loaded_at
        if self.start_profile is not None:
            profile, self.start_profile = self.start_profile, None
            self.run_profile(profile)
        self._check_profiles_file()

    def _corpus_entities_loaded(self, entities: list[EntityCount]) -> None:
        self.corpus_entities = entities
        if not self.reader.article:
            self.entity_pane.show_entities(entities, "corpus")

    # --- searching ----------------------------------------------------------------

    @property
    def filters_active(self) -> bool:
        return (self.active_filters is not None and not self.active_filters.is_empty()) \
            or self.active_sort != "relevance"

    def run_search(self, query: str) -> None:
        """Search for ``query`` with the active filters (if any)."""
        query = query.strip()
        if not query and not (self.active_filters is not None and self.active_filters.entities):
            self.app.notify("Type some words to search for.", severity="warning", markup=False)
            return
        self.active_query = query
        self.search_bar.set_query(query)
        results = self.results
        self.side.current = "results"
        results.show_searching(query or "the filter")
        results.focus()
        self._search_serial += 1
        self._search(self._search_serial, query, search_filter_kwargs(self.active_filters, self.active_sort))

    @work(thread=True, exclusive=True, group="search")
    def _search(self, serial: int, query: str, filters: dict[str, Any]) -> None:
        from textual.worker import get_current_worker

        # The first screenful first: snippets cost per hit, and on a large
        # corpus the other hits would keep the user waiting for what they
        # cannot see yet. The rest follow unless a newer search came.
        worker = get_current_worker()
        try:
            with self._ws_lock:
                result = self.workspace.search(query, limit=FIRST_PAGE, **filters)
            self._call(self._searched, serial, result)
            if len(result.hits) >= result.total or worker.is_cancelled:
                return
            with self._ws_lock:
                if worker.is_cancelled or serial != self._search_serial:
                    return
                result = self.workspace.search(query, limit=RESULTS_LIMIT, **filters)
            self._call(self._searched_more, serial, result)
        except SummitError as exc:
            self._call(self._search_failed, serial, query, str(exc))
        except Exception as exc:
            self._call(self._search_failed, serial, query, bug_message(exc))

    def _searched(self, serial: int, result: SearchResult) -> None:
        if serial != self._search_serial:
            return  # a newer search is on its way
        self.results.show_result(result, **self._search_notes())
        if not result.hits:  # nothing to preview: the article on show has no matches either
            self.reader.set_matches((), result.query)
            self._update_reader_status()

    def _searched_more(self, serial: int, result: SearchResult) -> None:
        if serial == self._search_serial:
            self.results.extend_result(result)

    def _search_failed(self, serial: int, query: str, message: str) -> None:
        if serial != self._search_serial:
            return
        self.results.show_error(query, message, **self._search_notes())
        self.app.notify(message, title="Search", severity="warning", markup=False)

    def _search_notes(self) -> dict[str, str | None]:
        """For the results' header: the filters in words and the profile's name."""
        return {"filters": filters_summary(self.active_filters, self.active_sort) or None,
                "profile": self.active_profile.name if self.active_profile is not None else None}

    def search_entity(self, entity: Entity | EntityCount) -> None:
        """Every article mentioning ``entity``: the query names it by key so
        it shows (and can be edited or cleared) in the search bar."""
        self.run_search(f"entity:{entity.key}")

    def clear_filters(self) -> None:
        """Esc on filtered results: the same query without the filters."""
        self.active_filters = None
        self.active_sort = "relevance"
        self.active_profile = None
        self.app.notify("Filters cleared.", markup=False, timeout=2)
        if self.active_query:
            self.run_search(self.active_query)
        else:
            self.close_results()

    def close_results(self) -> None:
        self.active_query = ""
        self.active_filters = None
        self.active_sort = "relevance"
        self.active_profile = None
        self._search_serial += 1  # a search still on its way is not wanted now
        self.side.current = "articles"
        self.article_list.focus()
        self.reader.set_matches((), "")
        self._update_reader_status()

    # --- saved search profiles -------------------------------------------------------

    def run_profile(self, profile: SearchProfile) -> None:
        """Run ``profile``: its query in the search bar, its filters and sort
        on the search, and remember it as the last used."""
        self.active_profile = profile
        self.active_filters = profile.filters
        self.active_sort = profile.sort
        self.run_search(profile.query)
        self._remember_profile(profile.name)
        from summit_tui.profiles import VIEW_COMPARISON, VIEW_FACTS

        if profile.view == VIEW_FACTS:  # the results stay behind, for Esc
            self.action_facts()
        elif profile.view == VIEW_COMPARISON and profile.query.strip():
            self.compare(query=profile.query)

    def _store(self) -> ProfileStore:
        """The workspace's profile store (in a worker: it reads the config's
        ``profiles`` section the first time, and may raise ConfigError)."""
        return self.workspace.profiles

    @work(thread=True, group="profiles-state")
    def _remember_profile(self, name: str) -> None:
        try:
            self._store().set_last_used(name)
        except SummitError:  # a bad profiles section was reported when the picker opened
            pass
        except Exception as exc:
            reraise_when_debugging(exc)

    @work(thread=True, group="profiles-check")
    def _check_profiles_file(self) -> None:
        """A profiles file that cannot be read costs nothing but a message:
        say ``file:line:col: what is wrong`` (stderr is hidden under the TUI)."""
        try:
            store = self._store()
            problem = store.problem
        except SummitError as exc:
            self._call(self._profiles_unusable, str(exc))
            return
        except Exception as exc:
            reraise_when_debugging(exc)
            return
        if problem:
            self._call(self._profiles_file_problem, problem, store.backup_path.name)

    def _profiles_file_problem(self, problem: str, backup: str) -> None:
        self.app.notify(f"{problem}\nCarrying on with the profiles that could be read; the next save keeps "
                        f"this file as {backup}.", title="Profiles file", severity="warning", markup=False,
                        timeout=15)

    def _profiles_unusable(self, message: str) -> None:
        self.app.notify(message, title="Profiles", severity="error", markup=False, timeout=15)

    def list_profiles(self) -> tuple[SearchProfile, ...]:
        """Every profile, for the command palette (called in a thread); none
        when they cannot be read (the picker and the start-up say why)."""
        try:
            return self._store().list()
        except SummitError:
            return ()
        except Exception as exc:  # a bug must not take the palette's articles with it
            reraise_when_debugging(exc)
            return ()

    def action_pick_profile(self) -> None:
        self._open_picker()

    @work(thread=True, exclusive=True, group="profiles")
    def _open_picker(self) -> None:
        """Re-read the store (another session may have saved), then show the
        picker with the last used profile highlighted."""
        try:
            store = self._store()
            loaded = store.load()
            last = store.last_used()
        except SummitError as exc:
            self._call(self._profiles_unusable, str(exc))
            return
        except Exception as exc:
            self._call(self._profiles_unusable, bug_message(exc))
            return
        self._call(self._show_picker, store, loaded.profiles, last.name if last else None, loaded.problem)

    def _show_picker(self, store: ProfileStore, profiles: Sequence[SearchProfile], last_used: str | None,
                     problem: str | None) -> None:
        from summit_tui.tui.screens.profile_picker import ProfilePicker

        if self.app.screen is not self:
            return  # something else was opened meanwhile (help, the palette)

        def chosen(profile: SearchProfile | None) -> None:
            if profile is not None:
                self.run_profile(profile)

        self.app.push_screen(ProfilePicker(store, profiles, preselect=last_used, problem=problem), chosen)

    def action_save_profile(self) -> None:
        query = self.active_query or self.search_bar.value.strip()
        has_entities = self.active_filters is not None and bool(self.active_filters.entities)
        if not query and not has_entities:
            self.app.notify("Nothing to save yet: search first (/), then press s to save the search as a profile.",
                            markup=False)
            return
        self._open_save_dialog(query)

    @work(thread=True, exclusive=True, group="profiles")
    def _open_save_dialog(self, query: str) -> None:
        try:
            profiles = self._store().list()
        except SummitError as exc:
            self._call(self._profiles_unusable, str(exc))
            return
        except Exception as exc:
            self._call(self._profiles_unusable, bug_message(exc))
            return
        self._call(self._show_save_dialog, query, profiles)

    def _show_save_dialog(self, query: str, profiles: Sequence[SearchProfile]) -> None:
        from summit_tui.tui.screens.save_profile import SaveProfileScreen

        if self.app.screen is not self:
            return
        filters, sort, base = self.active_filters, self.active_sort, self.active_profile
        suggested = base.name if base is not None and not base.is_default else ""

        def named(name: str | None) -> None:
            if name:
                self._save_profile(name, query, filters, sort, base)

        self.app.push_screen(SaveProfileScreen(query, filters_summary(filters, sort), profiles, suggested), named)

    @work(thread=True, group="profiles-save")
    def _save_profile(self, name: str, query: str, filters: SearchFilters | None, sort: str,
                      base: SearchProfile | None) -> None:
        from summit_tui.profiles import SearchFilters, SearchProfile

        same = base is not None and base.key == name.strip().casefold()
        profile = SearchProfile(
            name=name, query=query, filters=filters or SearchFilters(), sort=sort,
            view=base.view if same and base is not None else "results",
            description=base.description if same and base is not None else None,
        )
        try:
            store = self._store()
            change = store.save(profile)
            store.set_last_used(change.profile.name)
        except SummitError as exc:
            self._call(self._profile_not_saved, str(exc))
            return
        except Exception as exc:
            self._call(self._profile_not_saved, bug_message(exc))
            return
        rescued = change.rescued.name if change.rescued is not None else None
        self._call(self._profile_saved, change.profile, change.replaced is not None, str(store.path), rescued)

    def _profile_saved(self, profile: SearchProfile, replaced: bool, path: str, rescued: str | None) -> None:
        same_search = (self.active_query == profile.query and self.active_sort == profile.sort
                       and (self.active_filters == profile.filters if self.active_filters is not None
                            else profile.filters.is_empty()))
        if same_search:  # the results on show are this profile's now
            self.active_profile = profile
            if self.results_open and self.results.result is not None:
                self.results.show_result(self.results.result, **self._search_notes())
        message = f"{'Replaced' if replaced else 'Saved'} the profile {profile.name} in {path}."
        if rescued:
            message += f" The file it could not read is kept as {rescued}."
        self.app.notify(message, title="Profile saved", markup=False, timeout=5)

    def _profile_not_saved(self, message: str) -> None:
        self.app.notify(message, title="Profile not saved", severity="error", markup=False, timeout=10)

    # --- opening an article ---------------------------------------------------------

    def open_article(self, article_id: str, *, offset: int | None = None, move_focus: bool = True) -> None:
        self._open(article_id, self.active_query, offset, move_focus=move_focus)

    def _open(self, article_id: str, query: str, offset: int | None, *, move_focus: bool) -> None:
        self._wanted_article = article_id
        if move_focus:
            self.reader.focus()
        self._open_worker(article_id, query, offset)

    @work(thread=True, exclusive=True, group="open")
    def _open_worker(self, article_id: str, query: str, offset: int | None) -> None:
        ws = self.workspace
        try:
            with self._ws_lock:
                article = ws.article(article_id)
                mentions = ws.mentions(article_id)
            entities = self._entities(article_id)
        except SummitError as exc:
            self._call(self._open_failed, str(exc))
            return
        except Exception as exc:
            self._call(self._open_failed, bug_message(exc))
            return
        try:
            with self._ws_lock:
                filters = self.active_filters
                wanted = tuple(filters.entities) if filters is not None else ()
                matches = article_match_spans(ws, article, query, wanted)
        except SummitError:  # the query was reported in the results already
            matches = []
        except Exception as exc:
            reraise_when_debugging(exc)
            matches = []
        self._call(self._opened, article, mentions, entities, matches, query, offset)

    def _opened(self, article: Article, mentions: Sequence[Mention], entities: list[Entity],
                matches: list[Span], query: str, offset: int | None) -> None:
        if article.id != self._wanted_article:
            return  # the user has moved on to another article
        self.reader.show_article(article, mentions=mentions, matches=matches, query=query, offset=offset)
        self.entity_pane.show_entities(entities, "this article")
        self._update_reader_status()
        if not self.results_open:
            self.article_list.select_article(article.id)

    def _open_failed(self, message: str) -> None:
        self.app.notify(message, title="Cannot open the article", severity="error", markup=False)

    def _update_reader_status(self) -> None:
        reader = self.reader
        parts = [reader.match_status] if reader.match_status else []
        parts.append("entities on" if reader.entities_on else "entities off")
        reader.border_subtitle = plain(" · ".join(parts))

    # --- events from the panes -------------------------------------------------------

    @on(Input.Submitted, "SearchInput")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_search(event.value)

    @on(ArticleList.Chosen)
    def _article_chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.article_id)

    @on(OptionList.OptionHighlighted, "ArticleList")
    def _article_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through the list previews each article in the reader."""
        if event.option.id is not None and self.reader.article_id != event.option.id:
            self.open_article(event.option.id, move_focus=False)

    # The results pane's messages, by handler name: naming the class in an
    # ``@on`` would import the results module before the first paint.
    def on_results_chosen(self, event: Results.Chosen) -> None:
        self.open_article(event.article_id, offset=event.offset)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through the hits previews each at its best match."""
        if event.option_list.id != "results":
            return
        from summit_tui.tui.widgets.results import hit_offset

        hit = self.results.current_hit
        if hit is not None:
            self.open_article(hit.id, offset=hit_offset(hit), move_focus=False)

    def on_results_suggestion_chosen(self, event: Results.SuggestionChosen) -> None:
        self.run_search(event.query)

    @on(EntityPane.EntityChosen)
    def _entity_chosen(self, event: EntityPane.EntityChosen) -> None:
        self.search_entity(event.entity)

    @on(EntityPane.TypeToggled)
    def _type_toggled(self, event: EntityPane.TypeToggled) -> None:
        self.reader.set_type_visible(event.entity_type, event.visible)
        self.entity_pane.set_highlighting(self.reader.entities_on)
        self._update_reader_status()

    @on(Reader.MatchChanged)
    def _match_changed(self) -> None:
        self._update_reader_status()

    # --- actions (keys) --------------------------------------------------------------

    def action_focus_search(self) -> None:
        focused = self.focused
        if focused is not None and not isinstance(focused, SearchInput):
            self._return_focus = focused.id
        self.search_bar.input.focus()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, SearchInput):
            side = self.results if self.results_open else self.article_list
            widget = {"reader": self.reader, "entities": self.entity_pane}.get(self._return_focus or "", side)
            widget.focus()
        elif isinstance(focused, Reader):
            (self.results if self.results_open else self.article_list).focus()
        elif isinstance(focused, EntityPane):
            self.reader.focus()
        elif focused is not None and focused.id == "results":
            if self.filters_active:
                self.clear_filters()
            else:
                self.close_results()

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if self.reader.next_match(step):
            return
        if not self.active_query:
            self.app.notify("Search first (/): n and N move between the matches.", markup=False)
        else:
            self.app.notify("No matches for the search in this article.", markup=False)

    def action_toggle_entities(self) -> None:
        on_now = self.reader.toggle_entities()
        self.entity_pane.set_highlighting(on_now)
        self._update_reader_status()
        self.app.notify(f"Entity highlighting {'on' if on_now else 'off'}.", markup=False, timeout=2)

    def action_copy(self) -> None:
        """Copy the selected snippet (results focused) or the reader's current
        sentence, over OSC 52 so it works through SSH and tmux."""
        text = None
        if self.focused is not None and self.focused.id == "results":
            text = self.results.current_snippet_text()
        if text is None:
            text = self.reader.current_sentence_text()
        if not text:
            self.app.notify("Nothing to copy: open an article first.", markup=False)
            return
        self.app.copy_to_clipboard(text)
        preview = text if len(text) <= 60 else text[:59] + "…"
        self.app.notify(preview, title="Copied", markup=False, timeout=3)

    # --- facts and comparisons (screens of their own) ------------------------------

    def action_facts(self) -> None:
        from summit_tui.tui.screens.facts import FactsScreen

        if self.app.screen is self:
            self.app.push_screen(FactsScreen(self.list_facts, self.compare_fact))

    def list_facts(self, progress: Callable[..., None] | None = None) -> list[Fact]:
        """Every fact, asked of the workspace once (call in a thread: on a
        cold cache alignment takes seconds)."""
        if self._facts is None:
            with self._ws_lock:
                facts = self.workspace.facts(progress=progress)
            self._facts = list(facts)
        return self._facts

    @property
    def known_facts(self) -> list[Fact]:
        """The facts if they have been listed already (the palette's)."""
        return self._facts or []

    def compare_fact(self, fact: Fact) -> None:
        self.compare(fact=fact)

    def action_compare(self) -> None:
        """On the results: the highlighted hit's sentence (a user reading a
        snippet means that statement), or the query on the count line;
        elsewhere the sentence under the reader's cursor."""
        if self.focused is not None and self.focused.id == "results":
            from summit_tui.tui.widgets.results import hit_offset

            hit = self.results.current_hit
            offset = hit_offset(hit) if hit is not None else None
            if hit is not None and offset is not None:
                self.compare(at_offset=(hit.id, offset))
                return
            if self.active_query:
                self.compare(query=self.active_query)
                return
        reader = self.reader
        if reader.article is not None and reader.cursor is not None:
            self.compare(sentence=(reader.article.id, reader.cursor))
            return
        self.app.notify("Open an article first (or search): c compares the sentence under the reader's cursor "
                        "across the sources.", markup=False)

    def compare(self, **request: Any) -> None:
        """Open a comparison: ``fact=``, ``query=``, ``sentence=(id, n)`` or
        ``at_offset=(id, offset)`` (see ``ComparisonScreen``)."""
        from summit_tui.tui.screens.comparison import ComparisonScreen

        self.app.push_screen(ComparisonScreen(self.workspace, self._ws_lock, self.articles,
                                              open_source=self.show_in_reader, **request))

    def show_in_reader(self, article_id: str, offset: int | None) -> None:
        """From a comparison: back to this screen, the article in the reader
        with its cursor on the sentence at ``offset``."""
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.open_article(article_id, offset=offset)
