"""The article list: source, title and date of every indexed article
(``ArticleSummary``s: the list never holds an article's text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, plain

if TYPE_CHECKING:
    from summit_tui.corpus.model import Article, ArticleSummary


# Options made at once when the list is filled: a screenful and more. The
# rest follow in batches between refreshes, so on a large corpus the first
# titles show (and keys work) while the list fills; every option costs
# Textual a layout of its prompt (~80 µs: 0.8 s at 10,000 articles).
FIRST_BATCH = 200
BATCH = 1000


def article_prompt(article: Article | ArticleSummary) -> Content:
    """Title on the first line, ``source · date`` dimmed on the second.
    Content (literal text, never markup), not a Rich ``Text``: the option
    list would convert each ``Text`` to Content anyway, a third of its cost."""
    meta = [article.source or article.id]
    meta.append(article.published.isoformat() if article.published else "no date")
    # The whole prompt bold, the second line dim too (as the Rich Text
    # this replaces, styled on creation and appended to, showed it).
    return Content.assemble(article.title or article.id, "\n", (" · ".join(meta), DIM_STYLE)).stylize_before(TITLE_STYLE)


class ArticleList(OptionList):
    """Every article; Enter opens the highlighted one in the reader."""

    BINDINGS = bindings_for("list")
    DEFAULT_CSS = """
    ArticleList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class Chosen(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.articles: list[ArticleSummary] = []
        self._filling = 0  # which fill the pending batches belong to

    def show_articles(self, articles: Sequence[ArticleSummary]) -> None:
        self.articles = list(articles)
        self._filling += 1
        self.set_options(self._batch_options(0, FIRST_BATCH))
        self.border_title = plain(f"Articles ({len(self.articles)})")
        if self.articles:
            self.highlighted = 0
            if len(self.articles) > FIRST_BATCH:
                self.call_after_refresh(self._fill, self._filling, FIRST_BATCH)
        else:
            self.show_message("No articles in the index: add files to the corpus folder and run `summit-tui index`.")

    def _batch_options(self, start: int, stop: int) -> list[Option]:
        return [Option(article_prompt(a), id=a.id) for a in self.articles[start:stop]]

    def _fill(self, filling: int, start: int) -> None:
        """Add the next batch of options, unless the list was refilled."""
        if filling != self._filling:
            return
        self.add_options(self._batch_options(start, start + BATCH))
        if start + BATCH < len(self.articles):
            self.call_after_refresh(self._fill, filling, start + BATCH)

    @property
    def filled(self) -> bool:
        """Every article has its option (the last batch is in)."""
        return self.option_count >= len(self.articles)

    def show_message(self, message: str) -> None:
        """A one-option list holding a note (an error, an empty corpus)."""
        self._filling += 1  # batches still to come are of a list no longer shown
        self.set_options([Option(plain(message), disabled=True)])

    def select_article(self, article_id: str) -> None:
        """Move the highlight to ``article_id`` (after opening it elsewhere)."""
        try:
            self.highlighted = self.get_option_index(article_id)
        except OptionDoesNotExist:  # not listed (yet): nothing to move to
            pass

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
