"""The yardstick: the same articles in SQLite FTS5 (stdlib ``sqlite3``).

Articles are parsed with the project's own ingestion first, so both engines
index identical text: one table of articles (title, body) and one of
sentences, porter stemming over unicode61 (which folds diacritics), ranked
by bm25, with ``snippet()``/``highlight()`` marking matches.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SNIPPET_TOKENS = 32  # FTS5's snippet() allows at most 64; a sentence-sized window

_SCHEMA = (
    "CREATE VIRTUAL TABLE articles USING fts5(title, body, tokenize='porter unicode61')",
    "CREATE VIRTUAL TABLE sentences USING fts5(body, article UNINDEXED, tokenize='porter unicode61')",
)

# Top 10 by bm25 with a highlighted snippet, and the number of matches
# (summit's result carries the total too, and the TUI shows it).
SEARCH_SQL = (
    "SELECT rowid, title, snippet(articles, 1, char(2), char(3), '…', ?) "
    "FROM articles WHERE articles MATCH ? ORDER BY rank LIMIT ?"
)
COUNT_SQL = "SELECT count(*) FROM articles WHERE articles MATCH ?"
QUERY_ONLY_SQL = "SELECT rowid FROM articles WHERE articles MATCH ? ORDER BY rank LIMIT ?"
SENTENCE_SQL = (
    "SELECT article, highlight(sentences, 0, char(2), char(3)) "
    "FROM sentences WHERE sentences MATCH ? ORDER BY rank LIMIT ?"
)
SENTENCE_COUNT_SQL = "SELECT count(*) FROM sentences WHERE sentences MATCH ?"


@dataclass(frozen=True)
class Fts5Build:
    path: Path
    insert_s: float  # inserting and committing (text already parsed)
    cpu_s: float
    bytes: int


def build_fts5(path: Path, articles: Sequence[Any]) -> Fts5Build:
    """Index ``articles`` (``summit_tui.corpus.model.Article``) into a new
    database at ``path``, in one transaction."""
    if path.exists():
        path.unlink()
    cpu0, t0 = time.process_time(), time.perf_counter()
    con = sqlite3.connect(path)
    try:
        for statement in _SCHEMA:
            con.execute(statement)
        with con:
            con.executemany(
                "INSERT INTO articles(rowid, title, body) VALUES (?, ?, ?)",
                ((i, a.title, a.text) for i, a in enumerate(articles)),
            )
            con.executemany(
                "INSERT INTO sentences(body, article) VALUES (?, ?)",
                ((a.text[s.start : s.end], i) for i, a in enumerate(articles) for s in a.sentences),
            )
    finally:
        con.close()
    return Fts5Build(path, time.perf_counter() - t0, time.process_time() - cpu0, _size(path))


def _size(path: Path) -> int:
    return sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal")) if p.exists())


class Fts5Searcher:
    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def close(self) -> None:
        self.con.close()

    def query_only(self, match: str, limit: int = 10) -> int:
        return len(self.con.execute(QUERY_ONLY_SQL, (match, limit)).fetchall())

    def search(self, match: str, limit: int = 10) -> tuple[int, list[tuple]]:
        rows = self.con.execute(SEARCH_SQL, (SNIPPET_TOKENS, match, limit)).fetchall()
        total = self.con.execute(COUNT_SQL, (match,)).fetchone()[0]
        return total, rows

    def search_sentences(self, match: str, limit: int = 10) -> tuple[int, list[tuple]]:
        rows = self.con.execute(SENTENCE_SQL, (match, limit)).fetchall()
        total = self.con.execute(SENTENCE_COUNT_SQL, (match,)).fetchone()[0]
        return total, rows


# What a fresh process runs for "open + first query" (python -c).
OPEN_FIRST_QUERY_CODE = """
import sys, time, json
t0 = time.perf_counter()
import sqlite3
con = sqlite3.connect(f"file:{{sys.argv[1]}}?mode=ro", uri=True)
rows = con.execute({search!r}, ({tokens}, sys.argv[2], 10)).fetchall()
total = con.execute({count!r}, (sys.argv[2],)).fetchone()[0]
print(json.dumps({{"ms": (time.perf_counter() - t0) * 1000, "total": total}}))
""".format(search=SEARCH_SQL, count=COUNT_SQL, tokens=SNIPPET_TOKENS)
