"""The one YAML loader: safe, strict, and with ``file:line:col`` errors.

Every scalar is loaded as text (no implicit booleans, numbers or dates), so a
hand-written ``query: NO`` stays the string "NO" and ``published: 2024-05-16``
is parsed by the schema that knows it is a date. Aliases (billion-laughs
bombs), duplicate keys, tags and oversized files are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from summit_tui.errors import ConfigError

MAX_YAML_BYTES = 1024 * 1024


class _TextLoader(yaml.SafeLoader):
    """SafeLoader with every implicit type resolver removed: scalars stay str."""

    yaml_implicit_resolvers: dict = {}

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None, None, "mapping keys must be plain text", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first defined on line {seen[key].start_mark.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _reject_tag(loader: _TextLoader, suffix: str, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"YAML tags like {node.tag!r} are not allowed", node.start_mark
    )


_TextLoader.add_multi_constructor("!", _reject_tag)
_TextLoader.add_multi_constructor("tag:yaml.org,2002:python/", _reject_tag)
for _tag in ("binary", "timestamp", "set", "omap", "pairs", "int", "float", "bool", "null", "merge"):
    _TextLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", lambda l, n: _reject_tag(l, "", n))


@dataclass(frozen=True)
class YamlDocument:
    """Loaded data plus the node tree, so later validation can point at
    the line and column of a bad value."""

    path: Path
    data: Any
    root: yaml.Node | None

    def where(self, keys: Sequence[str | int]) -> str:
        """``file:line:col`` of the value at ``keys`` (or of the nearest parent)."""
        node = self.root
        mark = node.start_mark if node is not None else None
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == key:
                        node, mark = v, v.start_mark
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                mark = node.start_mark
            else:
                break
        if mark is None:
            return f"{self.path}:1:1"
        return f"{self.path}:{mark.line + 1}:{mark.column + 1}"

    def key_where(self, keys: Sequence[str | int]) -> str:
        """``file:line:col`` of the *key* at the end of ``keys``."""
        *parents, last = keys
        node = self.root
        for key in parents:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key] if key < len(node.value) else None
            if node is None:
                return self.where(parents)
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if k.value == last:
                    return f"{self.path}:{k.start_mark.line + 1}:{k.start_mark.column + 1}"
        return self.where(keys)


_HINTS = (
    ("duplicate key", "each key once"),
    ("aliases", "plain values (anchors and aliases are not supported)"),
    ("tags like", "plain values without tags"),
    ("'\\t'", "spaces, not tabs, for indentation"),
    ("mapping values are not allowed", "'key: value' on its own line, or quotes around a value that contains ': '"),
    ("mapping keys must be plain text", "a plain text key"),
)


def _format_yaml_error(path: Path, exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else f"{path}:1:1"
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = problem.strip()
    if context:
        message += f" ({context.strip()})"
    if "expected" not in message:
        hint = next((h for needle, h in _HINTS if needle in message), "plain 'key: value' YAML")
        message += f", expected {hint}"
    return f"{where}: {' '.join(message.split())}"


def parse_yaml_text(text: str, path: Path) -> YamlDocument:
    """Parse YAML text strictly; ``ConfigError`` with ``file:line:col`` on failure."""
    loader = _TextLoader(text)
    try:
        # Compose once and build the data from that node tree: parsing twice
        # doubled the cost of every load (pure-Python PyYAML is slow).
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise ConfigError(_format_yaml_error(path, exc)) from None
    except RecursionError:
        raise ConfigError(f"{path}:1:1: nested too deeply, expected a flat configuration") from None
    finally:
        loader.dispose()
    return YamlDocument(path=path, data=data, root=root)


def load_yaml_file(path: Path, max_bytes: int = MAX_YAML_BYTES) -> YamlDocument:
    """Read and parse a YAML file; every failure is a one-line ``ConfigError``."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, expected a YAML file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise ConfigError(f"{path}:1:1: file is larger than {max_bytes // 1024} KB, expected a small YAML file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}:1:1: not valid UTF-8 (byte {exc.start}), expected a UTF-8 text file") from None
    return parse_yaml_text(text, path)
