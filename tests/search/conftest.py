"""Small corpora written to tmp folders, and indexes built from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from summit_tui.corpus.model import ArticleMeta
from summit_tui.search import SearchIndex, build_index

# Five reports of one summit, each typesetting "no limits" differently
# (delta has both words, but apart).
ARTICLES: dict[str, str] = {
    "alpha": (
        "Russian President Vladimir Putin and Chinese leader Xi Jinping reaffirmed their “no limits” "
        "partnership in Beijing on Thursday. Trade between the two countries reached a record 240 billion "
        "dollars last year.\n\n"
        "The U.S. has warned both countries against deepening their military cooperation. Officials said "
        "1,000 delegates attended the summit.\n"
    ),
    "beta": (
        "Beijing hailed the ‘no-limits’ friendship with Moscow during the state visit. Trading in energy "
        "and grain dominated the talks, officials said.\n\n"
        "The US is watching the summit closely. Analysts said growth reached 3.5 percent this spring.\n"
    ),
    "gamma": (
        'Xi called the "no-limits" relationship a force for stability in the world. The leaders did not '
        "discuss sanctions in public.\n\n"
        "Negotiations on a gas pipeline continued without a deal. A café in Harbin served Russian pastries "
        "to the visiting press.\n"
    ),
    "delta": (
        "Putin arrived in Harbin for a trade expo after the talks. Limits on exports were not mentioned, "
        "and no agreement was signed.\n\n"
        "The visit ended with a concert for students.\n"
    ),
    "epsilon": (
        "Diplomats described the no–limits bond as unusual for two large powers. Several of them spoke on "
        "condition of anonymity.\n\n"
        "One diplomat said 1000 pages of agreements were prepared.\n"
    ),
}

METADATA: dict[str, ArticleMeta] = {
    "alpha": ArticleMeta(source="reuters", title="Putin and Xi reaffirm partnership", published=date(2024, 5, 16)),
    "beta": ArticleMeta(source="ap", title="Beijing hails friendship with Moscow"),
    "gamma": ArticleMeta(source="guardian", title="A force for stability, says Xi"),
    "delta": ArticleMeta(source="bbc", title="Expo in Harbin"),
    "epsilon": ArticleMeta(source="ft", title="Diplomats weigh the bond"),
}


def write_corpus(folder: Path, articles: Mapping[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


@dataclass
class Built:
    corpus: Path
    index_dir: Path

    def build(self, **kwargs):
        kwargs.setdefault("metadata", METADATA)
        return build_index(self.index_dir, [self.corpus], **kwargs)

    def open(self) -> SearchIndex:
        return SearchIndex.open(self.index_dir)


@pytest.fixture
def built(tmp_path: Path) -> Built:
    """A private corpus and a fresh index of it that a test may change."""
    result = Built(write_corpus(tmp_path / "corpus"), tmp_path / "index")
    result.build()
    return result


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    """A shared read-only index of the five-article corpus."""
    root = tmp_path_factory.mktemp("search")
    corpus = write_corpus(root / "corpus")
    build_index(root / "index", [corpus], metadata=METADATA)
    with SearchIndex.open(root / "index") as opened:
        yield opened
