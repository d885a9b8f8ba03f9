"""The build's own segment writer: it must write what Whoosh's writer would.

The build hands ready-made postings to ``BulkSegmentWriter`` (one analysis per
article for all its fields). A reader must not be able to tell: the same
terms, postings, weights, positions, field lengths and stored fields as
Whoosh's ``add_document`` gives for the same text, also when the postings
spill to disk, and when an update merges old segments in.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summit_tui.corpus import load
from summit_tui.corpus.model import Article
from summit_tui.search import SearchIndex, build_index
from summit_tui.search import build as b
from summit_tui.search import schema as sch
from summit_tui.search import writer as bulk
from summit_tui.search.analysis import text_tokens
from summit_tui.search.store import INDEX_NAMES, open_storage
from tests.conftest import SEEDS
from tests.search.conftest import METADATA, write_corpus


def corpus_articles(tmp_path: Path) -> list[Article]:
    """The test corpus and the seed articles, as the build parses them."""
    scan = load.scan_corpus([write_corpus(tmp_path / "corpus"), SEEDS])
    return [load.parse_article(f, load.read_bytes(f), METADATA.get(f.article_id)) for f in scan.files]


def index_both_ways(folder: Path, batches: list[list[Article]], **bulk_options: Any) -> dict[str, dict[str, Any]]:
    """Index each batch of articles in turn, with Whoosh's writer and with
    ours: {way: {name: index}}. Every batch after the first commits with
    ``optimize=True``, so the segments already there are merged in."""
    from whoosh.index import FileIndex

    extractor = b._Extractor(None)
    indexes: dict[str, dict[str, Any]] = {"runs": {}}
    for way in ("whoosh", "bulk"):
        (folder / way).mkdir(parents=True)
        storage = open_storage(folder / way, readonly=False)
        made = {name: FileIndex.create(storage, sch.schema_for(name), name) for name in INDEX_NAMES}
        for n, articles in enumerate(batches):
            if way == "whoosh":
                writers = {name: ix.writer() for name, ix in made.items()}
            else:
                writers = {name: bulk.BulkSegmentWriter(ix, **bulk_options) for name, ix in made.items()}
            for article in articles:
                mentions = extractor.mentions(article)
                tokens = text_tokens(article.text)
                doc = b.article_document(article, mentions, tokens)
                sentences = zip(
                    b.sentence_documents(article, mentions), b.sentence_postings(article, tokens, mentions)
                )
                if way == "whoosh":  # Whoosh analyses the text itself
                    writers[sch.ARTICLES].add_document(**doc, **{sch.WORDS: article.text})
                    for sentence, _ in sentences:
                        writers[sch.SENTENCES].add_document(**sentence)
                else:
                    writers[sch.ARTICLES].add_analysed(doc, b.article_postings(article, tokens, mentions))
                    for sentence, postings in sentences:
                        writers[sch.SENTENCES].add_analysed(sentence, postings)
            if way == "bulk":
                indexes["runs"] = {name: len(w._runs) for name, w in writers.items()}
            for writer in writers.values():
                writer.commit(optimize=n > 0)
        indexes[way] = made
    return indexes


def _postings(matcher: Any) -> Iterator[tuple[int, float, bytes]]:
    while matcher.is_active():
        yield matcher.id(), matcher.weight(), matcher.value()
        matcher.next()


def contents(index: Any) -> dict[str, Any]:
    """Everything a reader can see of an index."""
    with index.reader() as reader:
        postings = {
            (name, term): (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight(),
                tuple(_postings(reader.postings(name, term))),
            )
            for name in reader.indexed_field_names()
            for term in reader.lexicon(name)
            for info in [reader.term_info(name, term)]
        }
        docs = range(reader.doc_count_all())
        scorable = reader.schema.scorable_names()
        return {
            "postings": postings,
            "stored": list(reader.iter_docs()),
            "lengths": {name: [reader.doc_field_length(d, name) for d in docs] for name in scorable},
            "totals": {name: reader.field_length(name) for name in scorable},
            "columns": {
                name: [reader.column_reader(name)[d] for d in docs]
                for name, field in reader.schema.items() if field.column_type
            },
        }


def assert_same_index(indexes: dict[str, dict[str, Any]]) -> None:
    for name in INDEX_NAMES:
        ours, theirs = contents(indexes["bulk"][name]), contents(indexes["whoosh"][name])
        assert ours["postings"], f"the {name} index is empty"
        for part in ours:
            assert ours[part] == theirs[part], f"{name}: {part} differ"


def test_the_bulk_writer_writes_what_whoosh_would(tmp_path: Path) -> None:
    assert_same_index(index_both_ways(tmp_path / "ix", [corpus_articles(tmp_path)]))


def test_segments_merged_in_at_commit_come_out_the_same(tmp_path: Path) -> None:
    articles = corpus_articles(tmp_path)
    assert_same_index(index_both_ways(tmp_path / "ix", [articles[::2], articles[1::2]]))


def test_postings_spilled_to_disk_come_back_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_MIN_SPILL_POSTINGS", 300)
    indexes = index_both_ways(tmp_path / "ix", [corpus_articles(tmp_path)], limitmb=0)
    assert min(indexes["runs"].values()) >= 3  # each index spilled several runs
    assert_same_index(indexes)


def test_updates_that_merge_segments_find_what_a_fresh_build_finds(tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "source")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index_dir = tmp_path / "index"
    build_index(index_dir, [corpus], metadata=METADATA)
    segment_counts = []
    for i, path in enumerate(sorted(source.iterdir())):  # one small update per file
        shutil.copyfile(path, corpus / path.name)
        if i == 2:
            (corpus / "alpha.txt").write_text("A zebra crossed the road in Harbin.\n", encoding="utf-8")
        if i == 3:
            (corpus / "beta.txt").unlink()
        build_index(index_dir, [corpus], metadata=METADATA)
        segment_counts.append(len(list(index_dir.glob("articles_*.seg"))))
    assert any(later < earlier for earlier, later in zip(segment_counts, segment_counts[1:]))  # merged
    fresh = tmp_path / "fresh"
    build_index(fresh, [corpus], metadata=METADATA)

    def seen(index: SearchIndex, query: str) -> tuple[Any, ...]:
        articles = index.search(query, limit=100)
        sentences = index.search_sentences(query, limit=1000)
        return (
            articles.total, sorted((h.id, h.snippets) for h in articles.hits),
            sentences.total, sorted((h.id, h.sentence, h.highlights) for h in sentences.hits),
        )

    with SearchIndex.open(index_dir) as updated, SearchIndex.open(fresh) as rebuilt:
        for query in ("trade", '"no limits"', "negotiat*", "zebra", "Putin AND Xi", "pastries", "Harbin"):
            assert seen(updated, query) == seen(rebuilt, query), query
