"""The aligned facts of a corpus, cached as JSON in the index folder.

Alignment is the expensive part of ``facts``; it runs once per corpus and
the result waits in ``<index>/facts.json``, keyed by what it depends on: the
corpus (every article's fingerprint and metadata as the index manifest
records them, and the entity extractor's fingerprint), the alignment
settings and versions, and the config's own facts. Any change to those and
the key no longer matches, so the facts are recomputed.

Reading needs neither Whoosh nor the aligner: the manifest and this file are
plain JSON. A cache file that is damaged, truncated or from another version
is treated as missing (recomputed), never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from summit_tui.facts.model import Agreement, ArticleOrder, Discrepancy, Fact, FactQuantity, SilentArticles, Statement
from summit_tui.fsutil import atomic_write_text
from summit_tui.nlp.model import Quantity

from summit_tui.search.store import FACTS_CACHE_NAME as CACHE_NAME  # the index folder knows it as its own
CACHE_FORMAT = 2  # bump when the file's shape changes


def cache_path(index_dir: Path) -> Path:
    return Path(index_dir) / CACHE_NAME


def cache_key(index_dir: Path, settings: str, definitions: Sequence[tuple[str, str]]) -> str | None:
    """The key facts computed now would be stored under, or None when the
    index has no readable manifest (there is nothing to align yet)."""
    from summit_tui.search.store import read_manifest

    manifest = read_manifest(Path(index_dir))
    if manifest is None:
        return None
    corpus = {
        "schema": manifest.schema_version,
        "cleaner": manifest.cleaner_version,
        "extractor": manifest.extractor,
        "articles": {aid: [e.fingerprint, e.meta] for aid, e in sorted(manifest.articles.items())},
    }
    data = {"format": CACHE_FORMAT, "corpus": corpus, "settings": settings,
            "definitions": [list(d) for d in definitions]}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def read_cache(index_dir: Path, key: str) -> list[Fact] | None:
    """The cached facts if the file is there, whole, and has this key."""
    try:
        raw = cache_path(index_dir).read_text(encoding="utf-8")
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("key") != key:
            return None
        corpus = ArticleOrder(str(a) for a in data["corpus"])  # one, shared by every fact's silent list
        return [fact_from_json(item, corpus) for item in data["facts"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def write_cache(index_dir: Path, key: str, facts: Sequence[Fact]) -> bool:
    """Store the facts atomically; False when the folder cannot be written
    (a read-only index still answers: the facts are just not kept)."""
    corpus = _corpus_order(facts)
    text = json.dumps({"format": CACHE_FORMAT, "key": key, "corpus": list(corpus.ids),
                       "facts": [fact_to_json(f, corpus) for f in facts]},
                      ensure_ascii=True, separators=(",", ":"))
    try:
        atomic_write_text(cache_path(index_dir), text + "\n", mode=0o644)
    except OSError:
        return False
    return True


def remove_cache(index_dir: Path) -> None:
    try:
        os.unlink(cache_path(index_dir))
    except OSError:
        pass


# -- (de)serialising the nouns ------------------------------------------------------
# Lossless: a fact read back equals the fact written. A fact's silent articles
# are the corpus's other articles, in corpus order; the file lists the corpus
# once and a fact spells its silent list out only when it is not that (at
# 2,000 articles, writing it for every fact would make the file ~40 MB).


def _corpus_order(facts: Sequence[Fact]) -> ArticleOrder:
    """The corpus's articles in order, as the facts tell it (every fact
    holds each article as reporting or silent)."""
    if not facts:
        return ArticleOrder(())
    first = facts[0]
    if isinstance(first.silent, SilentArticles):
        return first.silent.order
    reporting = set(first.articles)
    return ArticleOrder(sorted(reporting | set(first.silent)))


def _implied_silent(fact: Fact, corpus: Sequence[str] | ArticleOrder) -> SilentArticles:
    order = corpus if isinstance(corpus, ArticleOrder) else ArticleOrder(corpus)
    return order.silent(fact.articles)


def fact_to_json(fact: Fact, corpus: Sequence[str] | ArticleOrder | None = None) -> dict[str, Any]:
    """``corpus``: the articles in order, when the silent list may be left implied."""
    silent = fact.silent
    implied = corpus is not None and (
        (isinstance(silent, SilentArticles) and isinstance(corpus, ArticleOrder) and silent.order is corpus)
        or _implied_silent(fact, corpus) == silent)
    return {
        "id": fact.id,
        "label": fact.label,
        "statements": [[s.article, s.source, s.sentence, s.text, s.start, s.end, s.score] for s in fact.statements],
        "silent": None if implied else list(fact.silent),
        "entities": list(fact.entities),
        "quantities": [_quantity_to_json(q) for q in fact.quantities],
        "discrepancies": [
            {"kind": d.kind, "detail": d.detail, "values": dict(d.values), "spans": _spans_to_json(d.spans)}
            for d in fact.discrepancies
        ],
        "agreements": [
            {"detail": a.detail, "value": a.value, "articles": list(a.articles), "spans": _spans_to_json(a.spans)}
            for a in fact.agreements
        ],
        "defined": fact.defined,
        "query": fact.query,
    }


def fact_from_json(data: Mapping[str, Any], corpus: Sequence[str] | ArticleOrder = ()) -> Fact:
    fact = Fact(
        id=str(data["id"]),
        label=str(data["label"]),
        statements=tuple(_statement(row) for row in data["statements"]),
        silent=() if data["silent"] is None else tuple(str(a) for a in data["silent"]),
        entities=tuple(str(k) for k in data["entities"]),
        quantities=tuple(_quantity_from_json(q) for q in data["quantities"]),
        discrepancies=tuple(
            Discrepancy(kind=str(d["kind"]), detail=str(d["detail"]),
                        values={str(k): str(v) for k, v in d["values"].items()},
                        spans=_spans_from_json(d["spans"]))
            for d in data["discrepancies"]
        ),
        agreements=tuple(
            Agreement(detail=str(a["detail"]), value=str(a["value"]), articles=tuple(str(x) for x in a["articles"]),
                      spans=_spans_from_json(a["spans"]))
            for a in data["agreements"]
        ),
        defined=bool(data["defined"]),
        query=None if data["query"] is None else str(data["query"]),
    )
    if data["silent"] is None:
        fact = replace(fact, silent=_implied_silent(fact, corpus))
    return fact


def _statement(row: Sequence[Any]) -> Statement:
    article, source, sentence, text, start, end, score = row
    if not (type(article) is type(source) is type(text) is str and type(sentence) is type(start) is type(end) is int):
        raise TypeError("a statement of the wrong shape")
    return Statement(article, source, sentence, text, start, end, float(score))


def _quantity_to_json(q: FactQuantity) -> dict[str, Any]:
    return {"key": q.key, "label": q.label, "type": q.type, "articles": list(q.articles),
            "value": q.value.to_row()}


def _quantity_from_json(data: Mapping[str, Any]) -> FactQuantity:
    return FactQuantity(key=str(data["key"]), label=str(data["label"]), type=str(data["type"]),
                        value=Quantity.from_row(data["value"]),
                        articles=tuple(str(a) for a in data["articles"]))


def _spans_to_json(spans: Mapping[str, Sequence[tuple[int, int]]]) -> dict[str, list[list[int]]]:
    return {article: [[int(a), int(b)] for a, b in group] for article, group in spans.items()}


def _spans_from_json(data: Mapping[str, Any]) -> dict[str, tuple[tuple[int, int], ...]]:
    return {str(article): tuple((int(a), int(b)) for a, b in group) for article, group in data.items()}
