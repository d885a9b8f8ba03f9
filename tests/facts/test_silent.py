"""A fact's silent sources are the corpus's other articles. On a large
corpus (thousands of facts over thousands of articles) they are worked out
from one shared corpus order rather than spelled out per fact, yet read
like the tuple they stand for."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from summit_tui.facts.cache import read_cache, write_cache
from summit_tui.facts.model import ArticleOrder, Fact, Statement


def statement(article: str, sentence: int = 0) -> Statement:
    return Statement(article=article, source=article.upper(), sentence=sentence, text="Trade reached $240 billion.",
                     start=0, end=27, score=0.9)


def test_silent_reads_like_the_tuple_of_the_other_articles() -> None:
    order = ArticleOrder(["a", "b", "c", "d", "e"])
    silent = order.silent(["b", "d", "zzz"])  # an id outside the corpus changes nothing
    assert list(silent) == ["a", "c", "e"]
    assert len(silent) == 3
    assert silent == ("a", "c", "e") and ("a", "c", "e") == silent
    assert silent != ("a", "c")
    assert "c" in silent and "b" not in silent and "zzz" not in silent
    assert silent[1] == "c" and silent[-1] == "e" and silent[:2] == ("a", "c")
    assert hash(silent) == hash(("a", "c", "e"))
    assert set(silent) == {"a", "c", "e"}


def test_facts_read_back_share_the_corpus_order(tmp_path: Path) -> None:
    articles = [f"article-{i:05d}" for i in range(5_000)]
    order = ArticleOrder(articles)
    facts = [
        Fact(id=f"f-{i}", label=f"fact {i}", statements=(statement(articles[i]), statement(articles[i + 1])),
             silent=order.silent([articles[i], articles[i + 1]]))
        for i in range(0, 2_000, 2)
    ]
    assert write_cache(tmp_path, "key", facts)
    tracemalloc.start()
    back = read_cache(tmp_path, "key")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert back == facts
    assert len(back[7].silent) == 4_998 and articles[14] not in back[7].silent and articles[16] in back[7].silent
    # 1,000 facts x 5,000 articles spelled out would be ~40 MB of pointers alone
    assert peak < 15_000_000, f"reading 1,000 facts took {peak / 1e6:.0f} MB"
