"""The on-disk shape of the index: two Whoosh indexes in one folder.

``articles`` holds one document per article (enough stored fields to rebuild
the ``Article``); ``sentences`` holds one per sentence, for the cross-source
comparison view. They are separate indexes so that sentence documents do not
skew the article field statistics BM25F scores with.

Bump ``SCHEMA_VERSION`` whenever a field, an analyzer or a stored value
changes: ``build_index`` then rebuilds from scratch and ``SearchIndex.open``
asks for a rebuild instead of misreading an old index.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whoosh.fields import Schema

SCHEMA_VERSION = 1

ARTICLES = "articles"  # Whoosh index names inside the index folder
SENTENCES = "sentences"

# Field names. ``key`` is the exact article id (for deletes and lookups);
# ``id`` is the folded one that ``id:`` queries match.
KEY = "key"
ID = "id"
SOURCE = "source"
TITLE = "title"
DATE = "date"
BODY = "body"  # stemmed, stored, with character offsets
WORDS = "words"  # the same text unstemmed: prefixes, fuzzy terms, spelling
PATH = "path"
PUBLISHED = "published"  # ISO date string, stored only
SPANS = "spans"  # compact JSON: paragraph and sentence offsets
META = "meta"  # fingerprint, title_derived, notes
SENTENCE = "sentence"  # sentence number within its article
START = "start"
END = "end"

# Fields a query may name (``title:``, ``source:`` ...).
ARTICLE_QUERY_FIELDS = (TITLE, SOURCE, DATE, ID, BODY, WORDS)
SENTENCE_QUERY_FIELDS = (SOURCE, DATE, ID, BODY)


@lru_cache(maxsize=1)
def article_schema() -> Schema:
    from whoosh.fields import DATETIME, ID as IDField, STORED, TEXT, Schema

    from summit_tui.search.analysis import FoldedIdTokenizer, plain_analyzer, stemming_analyzer

    return Schema(
        **{
            KEY: IDField(stored=True, unique=True),
            ID: IDField(analyzer=FoldedIdTokenizer()),
            SOURCE: IDField(stored=True, analyzer=FoldedIdTokenizer(lowercase=True)),
            TITLE: TEXT(analyzer=stemming_analyzer(), stored=True, multitoken_query="phrase"),
            DATE: DATETIME(),
            BODY: TEXT(analyzer=stemming_analyzer(), stored=True, chars=True, multitoken_query="phrase"),
            WORDS: TEXT(analyzer=plain_analyzer(), chars=True, multitoken_query="phrase"),
            PATH: STORED(),
            PUBLISHED: STORED(),
            SPANS: STORED(),
            META: STORED(),
        }
    )


@lru_cache(maxsize=1)
def sentence_schema() -> Schema:
    """No ``words`` field here: it would cost a third of the build time.
    Sentence queries expand wildcards and fuzzy terms against the articles'
    ``words`` field instead (``parse.words_to_body``)."""
    from whoosh.fields import DATETIME, ID as IDField, STORED, TEXT, Schema

    from summit_tui.search.analysis import FoldedIdTokenizer, stemming_analyzer

    return Schema(
        **{
            KEY: IDField(stored=True),
            ID: IDField(analyzer=FoldedIdTokenizer()),
            SOURCE: IDField(stored=True, analyzer=FoldedIdTokenizer(lowercase=True)),
            DATE: DATETIME(),
            BODY: TEXT(analyzer=stemming_analyzer(), stored=True, chars=True, multitoken_query="phrase"),
            SENTENCE: STORED(),
            START: STORED(),
            END: STORED(),
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
