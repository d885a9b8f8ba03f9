"""The on-disk shape of the index: two Whoosh indexes in one folder.

``articles`` holds one document per article (enough stored fields to rebuild
the ``Article``); ``sentences`` holds one per sentence, for the cross-source
comparison view. They are separate indexes so that sentence documents do not
skew the article field statistics BM25F scores with.

Bump ``SCHEMA_VERSION`` whenever a field, an analyzer or a stored value
changes: ``build_index`` then rebuilds from scratch and ``SearchIndex.open``
asks for a rebuild instead of misreading an old index.

The build does not run the text fields' analyzers: it analyses each article
once (``analysis.text_tokens``) and makes the ``title``, ``body`` and
``words`` postings of the article and its sentences from that. Change an
analyzer or a format here and ``build.article_postings``/``sentence_postings``
must follow; ``tests/search/test_writer.py`` fails until they do.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whoosh.fields import Schema

SCHEMA_VERSION = 3

ARTICLES = "articles"  # Whoosh index names inside the index folder
SENTENCES = "sentences"

# Field names. ``key`` is the exact article id (for deletes and lookups);
# ``id`` is the folded one that ``id:`` queries match.
KEY = "key"
ID = "id"
SOURCE = "source"
TITLE = "title"
DATE = "date"
BODY = "body"  # stemmed, stored, with positions (phrases)
OFFSETS = "offsets"  # articles: each body token's character offsets (highlighting)
WORDS = "words"  # the same text unstemmed, counts only: prefixes, fuzzy terms, spelling
PATH = "path"
PUBLISHED = "published"  # ISO date string, stored only
SPANS = "spans"  # compact JSON: paragraph and sentence offsets
META = "meta"  # fingerprint, title_derived, notes
SENTENCE = "sentence"  # sentence number within its article
START = "start"
END = "end"
ENTITY = "entity"  # canonical entity keys ("person:xi_jinping"), one token each
MENTIONS = "mentions"  # compact JSON: the article's stored entity mentions

# Fields a query may name (``title:``, ``source:`` ...).
ARTICLE_QUERY_FIELDS = (TITLE, SOURCE, DATE, ID, BODY, WORDS, ENTITY)
SENTENCE_QUERY_FIELDS = (SOURCE, DATE, ID, BODY, ENTITY)


@lru_cache(maxsize=1)
def article_schema() -> Schema:
    from whoosh.columns import VarBytesColumn
    from whoosh.fields import COLUMN, DATETIME, ID as IDField, KEYWORD, STORED, TEXT, Schema

    from summit_tui.search.analysis import FoldedIdTokenizer, plain_analyzer, stemming_analyzer

    return Schema(
        **{
            KEY: IDField(stored=True, unique=True),
            ID: IDField(analyzer=FoldedIdTokenizer()),
            SOURCE: IDField(stored=True, analyzer=FoldedIdTokenizer(lowercase=True)),
            TITLE: TEXT(analyzer=stemming_analyzer(), stored=True, multitoken_query="phrase"),
            DATE: DATETIME(),
            # Positions, not character offsets: with offsets every occurrence
            # of every term carries three numbers through the build. The
            # ``offsets`` column keeps them once per token of the article
            # (analysis.encode_offsets) and is read only for the hits shown.
            BODY: TEXT(analyzer=stemming_analyzer(), stored=True, multitoken_query="phrase"),
            OFFSETS: COLUMN(VarBytesColumn()),
            # Frequencies only (no positions, no offsets): a third of the
            # postings, and cheap ones. Highlights and phrases go through the
            # stems in ``body`` (snippets.highlight_plan, parse.words_phrases_to_body).
            WORDS: TEXT(analyzer=plain_analyzer(), phrase=False, multitoken_query="phrase"),
            PATH: STORED(),
            PUBLISHED: STORED(),
            SPANS: STORED(),
            META: STORED(),
            ENTITY: KEYWORD(lowercase=True, scorable=True),
            MENTIONS: STORED(),
        }
    )


@lru_cache(maxsize=1)
def sentence_schema() -> Schema:
    """No ``words`` field here: it would cost a third of the build time.
    Sentence queries expand wildcards and fuzzy terms against the articles'
    ``words`` field instead (``parse.words_to_body``). The body keeps
    positions (phrases) but no character offsets: a sentence is short, and
    the few shown are analysed again to highlight them."""
    from whoosh.fields import DATETIME, ID as IDField, KEYWORD, STORED, TEXT, Schema

    from summit_tui.search.analysis import FoldedIdTokenizer, stemming_analyzer

    return Schema(
        **{
            KEY: IDField(stored=True),
            ID: IDField(analyzer=FoldedIdTokenizer()),
            SOURCE: IDField(stored=True, analyzer=FoldedIdTokenizer(lowercase=True)),
            DATE: DATETIME(),
            BODY: TEXT(analyzer=stemming_analyzer(), stored=True, multitoken_query="phrase"),
            SENTENCE: STORED(),
            START: STORED(),
            END: STORED(),
            ENTITY: KEYWORD(lowercase=True, stored=True),
        }
    )


@lru_cache(maxsize=1)
def sentence_query_schema() -> Schema:
    """What sentence queries are parsed with: the sentence fields plus
    ``words``, so patterns are folded like words before being expanded."""
    from whoosh.fields import Schema

    fields = dict(sentence_schema().items())
    fields[WORDS] = article_schema()[WORDS]
    return Schema(**fields)


def schema_for(indexname: str) -> Schema:
    return article_schema() if indexname == ARTICLES else sentence_schema()
