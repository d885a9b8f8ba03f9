"""The article list: source, title and date of every indexed article."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, plain

if TYPE_CHECKING:
    from summit_tui.corpus.model import Article


def article_prompt(article: Article) -> Text:
    """Title on the first line, ``source · date`` dimmed on the second."""
    prompt = plain(article.title or article.id, TITLE_STYLE)
    meta = [article.source or article.id]
    meta.append(article.published.isoformat() if article.published else "no date")
    prompt.append("\n")
    prompt.append(plain(" · ".join(meta), DIM_STYLE))
    return prompt


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
        self.articles: list[Article] = []

    def show_articles(self, articles: Sequence[Article]) -> None:
        self.articles = list(articles)
        self.set_options(Option(article_prompt(a), id=a.id) for a in self.articles)
        self.border_title = plain(f"Articles ({len(self.articles)})")
        if self.articles:
            self.highlighted = 0
        else:
            self.show_message("No articles in the index: add files to the corpus folder and run `summit-tui index`.")

    def show_message(self, message: str) -> None:
        """A one-option list holding a note (an error, an empty corpus)."""
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
