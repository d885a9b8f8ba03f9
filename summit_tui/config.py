"""Configuration: ``config.yaml`` files -> one frozen ``Config``.

Layers, later ones win: the project's ``config.yaml`` (beside the package in
a source checkout), the user's ``$XDG_CONFIG_HOME/summit-tui/config.yaml``,
``--config FILE``, then ``--corpus``/``--index`` on the command line.
Relative paths are relative to the file that names them.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from summit_tui.corpus.model import ArticleMeta
from summit_tui.errors import ConfigError
from summit_tui.yamlio import YamlDocument, load_yaml_file

APP_NAME = "summit-tui"
DEFAULT_PATTERNS = ("*.txt", "*.md", "*.text")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024

# Sections later features read; accepted here so a config written for them
# does not fail validation (each feature validates its own section).
_FEATURE_SECTIONS = {"entities", "facts", "profiles", "keymap", "tui"}
_TOP_KEYS = {"corpus", "index", "articles"} | _FEATURE_SECTIONS
_CORPUS_KEYS = {"folders", "patterns", "max_file_size"}
_ARTICLE_KEYS = {"source", "published", "title"}

_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b|bytes?)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "b": 1, "byte": 1, "bytes": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


@dataclass(frozen=True)
class Config:
    corpus: tuple[Path, ...]
    patterns: tuple[str, ...] = DEFAULT_PATTERNS
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    index: Path = Path("index")
    articles: Mapping[str, ArticleMeta] = field(default_factory=lambda: MappingProxyType({}))
    sections: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    files: tuple[Path, ...] = ()


def project_config_path() -> Path | None:
    """The top-level ``config.yaml`` of a source checkout, if there is one."""
    candidate = Path(__file__).resolve().parent.parent / "config.yaml"
    return candidate if candidate.is_file() else None


def user_config_path() -> Path:
    from platformdirs import user_config_path as _ucp

    return _ucp(APP_NAME) / "config.yaml"


def derived_index_path(corpus: Sequence[Path]) -> Path:
    """Where the index of an ad-hoc ``--corpus`` lives when ``--index`` is not
    given: one folder per set of corpus folders, so pointing summit-tui at a
    new folder never overwrites the index of another."""
    from platformdirs import user_cache_path

    key = "\n".join(sorted(str(p) for p in corpus)).encode()
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", corpus[0].name or "corpus").strip("-") or "corpus"
    return user_cache_path(APP_NAME) / "indexes" / f"{slug}-{hashlib.sha256(key).hexdigest()[:10]}"


def parse_size(text: str) -> int:
    """``"10 MB"`` -> 10485760; binary units, ``B``/``KB``/``MB``/``GB``."""
    m = _SIZE_RE.match(text)
    if not m:
        raise ValueError(text)
    unit = (m.group(2) or "").lower()
    unit = unit if unit in _SIZE_UNITS else unit[:1]
    value = float(m.group(1)) * _SIZE_UNITS[unit]
    if value < 1:
        raise ValueError(text)
    return int(value)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _text_list(doc: YamlDocument, keys: list[str | int], value: Any, what: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(_is_text(v) for v in items):
        raise ConfigError(f"{doc.where(keys)}: {'.'.join(map(str, keys))} is not valid, expected {what}")
    return [v.strip() for v in items]


def _expect_mapping(doc: YamlDocument, keys: list[str | int], value: Any, allowed: set[str]) -> dict:
    name = ".".join(map(str, keys)) or "the file"
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{doc.where(keys)}: {name} is not valid, expected a mapping of 'key: value' lines")
    for key in value:
        if allowed and key not in allowed:
            raise ConfigError(
                f"{doc.key_where(keys + [key])}: unknown key {key!r} in {name}, "
                f"expected one of: {', '.join(sorted(allowed))}"
            )
    return value


def _parse_layer(doc: YamlDocument) -> dict[str, Any]:
    """Validate one file into resolved values (paths made absolute)."""
    base = doc.path.resolve().parent
    data = _expect_mapping(doc, [], doc.data, _TOP_KEYS)
    out: dict[str, Any] = {}

    corpus_raw = data.get("corpus")
    shorthand = isinstance(corpus_raw, (str, list))  # corpus: [folder, ...]
    corpus = {"folders": corpus_raw} if shorthand else _expect_mapping(doc, ["corpus"], corpus_raw, _CORPUS_KEYS)
    if "folders" in corpus:
        keys: list[str | int] = ["corpus"] if shorthand else ["corpus", "folders"]
        folders = _text_list(doc, keys, corpus["folders"], "a list of folders")
        out["corpus"] = tuple(base / os.path.expanduser(f) for f in folders)
    if "patterns" in corpus:
        out["patterns"] = tuple(_text_list(doc, ["corpus", "patterns"], corpus["patterns"], 'a list of file patterns like "*.txt"'))
    if "max_file_size" in corpus:
        raw = corpus["max_file_size"]
        try:
            out["max_file_size"] = parse_size(raw if isinstance(raw, str) else "")
        except ValueError:
            raise ConfigError(
                f"{doc.where(['corpus', 'max_file_size'])}: corpus.max_file_size {raw!r} is not valid, "
                "expected a size like 10 MB, 512 KB or a number of bytes"
            ) from None

    if "index" in data:
        if not _is_text(data["index"]):
            raise ConfigError(f"{doc.where(['index'])}: index is not valid, expected a folder path")
        out["index"] = base / os.path.expanduser(data["index"].strip())

    articles = _expect_mapping(doc, ["articles"], data.get("articles"), set())
    metas: dict[str, dict[str, Any]] = {}
    for art_id, fields in articles.items():
        fields = _expect_mapping(doc, ["articles", art_id], fields, _ARTICLE_KEYS)
        meta: dict[str, Any] = {}
        for key, value in fields.items():
            where = doc.where(["articles", art_id, key])
            if not _is_text(value):
                raise ConfigError(f"{where}: articles.{art_id}.{key} is not valid, expected text")
            if key == "published":
                try:
                    meta[key] = date.fromisoformat(value.strip())
                except ValueError:
                    raise ConfigError(
                        f"{where}: articles.{art_id}.published {value!r} is not a date, expected YYYY-MM-DD"
                    ) from None
            else:
                meta[key] = value.strip()
        metas[art_id] = meta
    if metas:
        out["articles"] = metas

    for section in _FEATURE_SECTIONS & data.keys():
        out.setdefault("sections", {})[section] = data[section]
    return out


def _merge(layers: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Later layers win; per-article metadata merges field by field."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if key == "articles":
                target = merged.setdefault(key, {})
                for art_id, fields in value.items():
                    target[art_id] = {**target.get(art_id, {}), **fields}
            elif key == "sections":
                merged.setdefault(key, {}).update(value)
            else:
                merged[key] = value
    return merged


def load_config(
    config_file: Path | None = None,
    corpus: Sequence[Path] = (),
    index: Path | None = None,
    *,
    project_file: Path | None | bool = True,
    user_file: Path | None | bool = True,
) -> Config:
    """Build the effective ``Config``. ``project_file``/``user_file``: ``True``
    for the usual location, ``None``/``False`` to skip, or a path."""
    paths: list[Path] = []
    if project_file is True:
        project_file = project_config_path()
    if project_file:
        paths.append(Path(project_file))
    if user_file is True:
        candidate = user_config_path()
        user_file = candidate if candidate.is_file() else None
    if user_file:
        paths.append(Path(user_file))
    if config_file is not None:
        paths.append(Path(config_file))

    layers = [_parse_layer(load_yaml_file(p)) for p in paths]
    cli: dict[str, Any] = {}
    if corpus:
        cli["corpus"] = tuple(Path(os.path.abspath(os.path.expanduser(c))) for c in corpus)
        if index is None:
            cli["index"] = derived_index_path(cli["corpus"])
    if index is not None:
        cli["index"] = Path(os.path.abspath(os.path.expanduser(index)))
    merged = _merge([*layers, cli])

    if "index" not in merged:
        from platformdirs import user_data_path

        merged["index"] = user_data_path(APP_NAME) / "index"
    articles = {
        art_id: ArticleMeta(**fields) for art_id, fields in merged.get("articles", {}).items()
    }
    return Config(
        corpus=tuple(merged.get("corpus", ())),
        patterns=tuple(merged.get("patterns", DEFAULT_PATTERNS)),
        max_file_size=merged.get("max_file_size", DEFAULT_MAX_FILE_SIZE),
        index=merged["index"],
        articles=MappingProxyType(articles),
        sections=MappingProxyType(merged.get("sections", {})),
        files=tuple(paths),
    )
