"""Saved search profiles: a named query with its filters, sort and view.

Two kinds live side by side:

* **user** profiles in one YAML file (default
  ``$XDG_DATA_HOME/summit-tui/profiles.yaml``), written by summit-tui and
  safe to edit by hand;
* read-only **default** profiles from ``config.yaml`` (``profiles:``). A user
  profile with the same name (compared case-insensitively) overrides one.

Reading goes through the project's strict loader (``yamlio``: text scalars,
no aliases, tags or duplicate keys, 1 MB cap) and every field is checked. A
broken file costs the user nothing but a message: ``load`` returns the
defaults (and whatever entries are valid) plus a ``problem`` naming
``file:line:col``, and the next save first keeps the broken file beside it
as ``profiles.yaml.bak`` -- it is never overwritten silently.

Every change is read-modify-write under a file lock (re-read, merge by name,
write), so two sessions saving at once keep each other's profiles, and the
write is atomic (``fsutil``), so a killed process leaves the old file or the
new one, never a torn one.

The ``profiles`` section of ``config.yaml`` is either a list of default
profiles or a mapping::

    profiles:
      file: ~/notes/summit-profiles.yaml   # where user profiles live
      defaults:                            # read-only profiles for everyone
        - name: Energy deals
          query: gas OR pipeline OR oil
          filters: {types: [MONEY]}
          view: comparison
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from summit_tui.errors import ConfigError, NotFoundError, ProfileError, SummitError
from summit_tui.fsutil import LockTimeout, atomic_backup, atomic_write_text, exclusive_lock, remove_temp_files
from summit_tui.nlp.model import ENTITY_TYPES
from summit_tui.yamlio import MAX_YAML_BYTES, YamlDocument, load_yaml_file

if TYPE_CHECKING:
    from summit_tui.config import Config

APP_NAME = "summit-tui"
PROFILES_FILE_NAME = "profiles.yaml"
STATE_FILE_NAME = "profiles-state.json"
FORMAT_VERSION = "1"

# The search layer's own names (search.query.SORTS; a test keeps them equal):
# importing it here would load the search package for every profile read.
SORT_RELEVANCE, SORT_DATE, SORT_SOURCE = "relevance", "date", "source"
SORTS = (SORT_RELEVANCE, SORT_DATE, SORT_SOURCE)
VIEW_RESULTS, VIEW_FACTS, VIEW_COMPARISON = "results", "facts", "comparison"
VIEWS = (VIEW_RESULTS, VIEW_FACTS, VIEW_COMPARISON)
ORIGIN_USER, ORIGIN_DEFAULT = "user", "default"

MAX_NAME_CHARS = 64
MAX_QUERY_CHARS = 1000  # the search layer's own cap (search.parse.MAX_QUERY_CHARS)
MAX_DESCRIPTION_CHARS = 500
MAX_FILTER_VALUES = 100
MAX_FILTER_VALUE_CHARS = 200

_PROFILE_KEYS = ("name", "query", "description", "filters", "sort", "view", "created", "updated")
_FILTER_KEYS = ("sources", "entities", "types", "date_from", "date_to")
_TOP_KEYS = ("version", "profiles")
_SECTION_KEYS = ("file", "defaults")

# Characters that could act on a terminal or hide what a name says: C0/C1
# controls, zero-width marks, bidi overrides and isolates, line separators.
# A description may span lines, so it keeps tab and newline.
_INVISIBLE = "\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff"
_UNSAFE_RE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
_UNSAFE_MULTILINE_RE = re.compile(f"[\x00-\x08\x0b-\x1f{_INVISIBLE}]")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Entity keys are "type:slug" in lower case (nlp.model).
_ENTITY_KEY_RE = re.compile(f"^({'|'.join(t.lower() for t in ENTITY_TYPES)}):\\S+$")

_HEADER = """\
# summit-tui saved search profiles. summit-tui rewrites this file when you
# save, rename or delete a profile; editing it by hand is fine. A file it
# cannot read is kept as {backup} on the next save, never overwritten.
"""

T = TypeVar("T")


# -- the nouns ------------------------------------------------------------------

@dataclass(frozen=True)
class SearchFilters:
    """What narrows a search. ``sources``: source labels (any of them);
    ``entities``: entity keys every hit must mention; ``types``: entity types
    (hits mention at least one entity of any of them); ``date_from`` /
    ``date_to``: published dates, inclusive (undated articles drop out)."""

    sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    def is_empty(self) -> bool:
        return not (self.sources or self.entities or self.types or self.date_from or self.date_to)

    def to_json(self) -> dict[str, Any]:
        return {
            "sources": list(self.sources),
            "entities": list(self.entities),
            "types": list(self.types),
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }


@dataclass(frozen=True)
class SearchProfile:
    """A saved search. ``created``/``updated`` are UTC (None for a default
    profile that does not give them); ``origin`` is ``"user"`` or
    ``"default"`` and is never written to the file."""

    name: str
    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = SORT_RELEVANCE
    view: str = VIEW_RESULTS
    description: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    origin: str = ORIGIN_USER

    @property
    def key(self) -> str:
        """What names are compared by: "Energy deals" == "energy DEALS"."""
        return name_key(self.name)

    @property
    def is_default(self) -> bool:
        return self.origin == ORIGIN_DEFAULT

    def to_json(self) -> dict[str, Any]:
        """The ``profiles ... --json`` shape (a public contract, see README)."""
        return {
            "name": self.name,
            "query": self.query,
            "filters": self.filters.to_json(),
            "sort": self.sort,
            "view": self.view,
            "description": self.description,
            "created": format_time(self.created),
            "updated": format_time(self.updated),
            "origin": self.origin,
        }


@dataclass(frozen=True)
class LoadedProfiles:
    """Every profile a user can pick, by name, and what is wrong with the
    user's file if anything (``file:line:col: what is wrong``)."""

    profiles: tuple[SearchProfile, ...]
    problem: str | None = None

    def find(self, name: str) -> SearchProfile | None:
        wanted = name_key(name)
        return next((p for p in self.profiles if p.key == wanted), None)


@dataclass(frozen=True)
class ProfileChange:
    """What a save, rename or delete did. ``profile``: the profile as saved
    (or as it was before it was deleted); ``replaced``: the user profile it
    replaced, if any; ``rescued``: where an unreadable profiles file was kept
    before this write replaced it (tell the user)."""

    profile: SearchProfile
    replaced: SearchProfile | None = None
    rescued: Path | None = None


# -- small helpers the faces use too --------------------------------------------

def name_key(name: str) -> str:
    return name.strip().casefold()


def validate_name(name: object) -> str:
    """The trimmed name, or ``ProfileError`` saying what is wrong with it
    (for a "save as" prompt to show as the user types)."""
    problem = _name_problem(name)
    if problem:
        raise ProfileError(f"profile name {problem}")
    assert isinstance(name, str)
    return name.strip()


def format_time(value: datetime | None) -> str | None:
    """ISO 8601 in UTC, to the second: ``2024-05-20T09:30:00Z``."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def default_profiles_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME) / PROFILES_FILE_NAME


def default_state_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path(APP_NAME) / STATE_FILE_NAME


# -- validation -------------------------------------------------------------------

class _Invalid(Exception):
    """One bad value: where (keys relative to the profile) and what is wrong;
    ``at_key``: point at the key itself (an unknown key has no useful value)."""

    def __init__(self, keys: Sequence[str | int], message: str, *, at_key: bool = False) -> None:
        super().__init__(message)
        self.keys = list(keys)
        self.message = message
        self.at_key = at_key


def _name_problem(name: object) -> str | None:
    if not isinstance(name, str):
        return "must be text"
    trimmed = name.strip()
    if not trimmed:
        return "is empty; type a name"
    if len(trimmed) > MAX_NAME_CHARS:
        return f"is {len(trimmed)} characters long; the limit is {MAX_NAME_CHARS}"
    if _UNSAFE_RE.search(trimmed):
        return "contains control characters; use printable text"
    return None


def _text(keys: list[str | int], value: Any, label: str, limit: int, *, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise _Invalid(keys, f"{label} is not valid, expected text")
    value = value.strip()
    if len(value) > limit:
        raise _Invalid(keys, f"{label} is {len(value)} characters long, expected at most {limit}")
    if (_UNSAFE_MULTILINE_RE if multiline else _UNSAFE_RE).search(value):
        raise _Invalid(keys, f"{label} contains control characters, expected printable text")
    return value


def _text_list(keys: list[str | int], value: Any, label: str, expected: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if items is None or items == "":
        return []
    if not isinstance(items, list):
        raise _Invalid(keys, f"{label} is not valid, expected {expected}")
    if len(items) > MAX_FILTER_VALUES:
        raise _Invalid(keys, f"{label} has {len(items)} values, expected at most {MAX_FILTER_VALUES}")
    out: list[str] = []
    for i, item in enumerate(items):
        text = _text([*keys, i], item, f"{label}[{i}]", MAX_FILTER_VALUE_CHARS)
        if not text:
            raise _Invalid([*keys, i], f"{label}[{i}] is empty, expected {expected}")
        if text not in out:
            out.append(text)
    return out


def _choice(keys: list[str | int], value: Any, label: str, choices: Sequence[str]) -> str:
    if value is None:
        return choices[0]
    if isinstance(value, str) and value.strip().lower() in choices:
        return value.strip().lower()
    shown = repr(value) if isinstance(value, str) else "not text"
    raise _Invalid(keys, f"{label} {shown} is not valid, expected one of: {', '.join(choices)}")


def _date(keys: list[str | int], value: Any, label: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and _ISO_DATE_RE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = repr(value) if isinstance(value, str) else "not text"
    raise _Invalid(keys, f"{label} {shown} is not a date, expected YYYY-MM-DD")


def _time(keys: list[str | int], value: Any, label: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is None:  # a hand-written time without a zone is read as UTC
                parsed = parsed.replace(tzinfo=timezone.utc)
            return parsed.astimezone(timezone.utc)
    shown = repr(value) if isinstance(value, str) else "not text"
    raise _Invalid(keys, f"{label} {shown} is not a time, expected ISO 8601 like 2024-05-20T09:30:00Z")


def _mapping(keys: list[str | int], value: Any, label: str, allowed: Sequence[str]) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise _Invalid(keys, f"{label} is not valid, expected a mapping of 'key: value' lines")
    for key in value:
        if key not in allowed:
            raise _Invalid([*keys, key], f"unknown key {key!r} in {label}, expected one of: {', '.join(allowed)}",
                           at_key=True)
    return value


def _profile_from_data(data: Any, origin: str) -> SearchProfile:
    """Check one profile entry field by field; ``_Invalid`` on the first problem."""
    if not isinstance(data, dict):
        raise _Invalid([], "profile is not valid, expected a mapping with name, query, filters ...")
    _mapping([], data, "profile", _PROFILE_KEYS)
    if "name" not in data:
        raise _Invalid([], "profile has no name, expected 'name: ...'")
    problem = _name_problem(data["name"])
    if problem:
        raise _Invalid(["name"], f"name {problem}")
    name = data["name"].strip()
    query = _text(["query"], data.get("query", ""), "query", MAX_QUERY_CHARS) if data.get("query") is not None else ""
    description = data.get("description")
    if description is not None:
        description = _text(["description"], description, "description", MAX_DESCRIPTION_CHARS, multiline=True) or None

    raw = _mapping(["filters"], data.get("filters"), "filters", _FILTER_KEYS)
    sources = _text_list(["filters", "sources"], raw.get("sources"), "filters.sources", "a list of source labels")
    entities = []
    for i, value in enumerate(_text_list(["filters", "entities"], raw.get("entities"), "filters.entities",
                                         "a list of entity keys")):
        key = value.lower()
        if not _ENTITY_KEY_RE.match(key):
            raise _Invalid(["filters", "entities", i],
                           f"filters.entities[{i}] {value!r} is not an entity key, expected a key such as "
                           "person:xi_jinping (`summit-tui entities` lists them)")
        entities.append(key)
    types = []
    for i, value in enumerate(_text_list(["filters", "types"], raw.get("types"), "filters.types",
                                         "a list of entity types")):
        if value.upper() not in ENTITY_TYPES:
            raise _Invalid(["filters", "types", i],
                           f"filters.types[{i}] {value!r} is not an entity type, expected one of: "
                           f"{', '.join(ENTITY_TYPES)}")
        if value.upper() not in types:
            types.append(value.upper())
    date_from = _date(["filters", "date_from"], raw.get("date_from"), "filters.date_from")
    date_to = _date(["filters", "date_to"], raw.get("date_to"), "filters.date_to")
    if date_from and date_to and date_from > date_to:
        raise _Invalid(["filters", "date_to"],
                       f"filters.date_to {date_to.isoformat()} is before date_from {date_from.isoformat()}, "
                       "expected a date on or after it")
    if not query and not entities:
        raise _Invalid(["query"], "profile has neither a query nor entity filters, expected 'query: ...'")
    return SearchProfile(
        name=name,
        query=query,
        filters=SearchFilters(tuple(sources), tuple(entities), tuple(types), date_from, date_to),
        sort=_choice(["sort"], data.get("sort"), "sort", SORTS),
        view=_choice(["view"], data.get("view"), "view", VIEWS),
        description=description,
        created=_time(["created"], data.get("created"), "created"),
        updated=_time(["updated"], data.get("updated"), "updated"),
        origin=origin,
    )


def _profile_to_data(profile: SearchProfile) -> dict[str, Any]:
    """The entry as written: empty filters and a missing description are left
    out so the file stays short to read and to edit."""
    data: dict[str, Any] = {"name": profile.name}
    if profile.description:
        data["description"] = profile.description
    data["query"] = profile.query
    filters = {k: v for k, v in profile.filters.to_json().items() if v}
    if filters:
        data["filters"] = filters
    data["sort"] = profile.sort
    data["view"] = profile.view
    for key in ("created", "updated"):
        value = format_time(getattr(profile, key))
        if value:
            data[key] = value
    return data


def checked(profile: SearchProfile) -> SearchProfile:
    """``profile`` normalised exactly as loading it from the file would
    (trimmed, keys lower-cased, types upper-cased); ``ProfileError`` naming
    the field that is wrong."""
    try:
        result = _profile_from_data(_plain(_profile_to_data(profile)), profile.origin)
    except _Invalid as exc:
        raise ProfileError(f"profile {_shown_name(profile.name)}: {exc.message}") from None
    return replace(result, created=profile.created, updated=profile.updated)


def _plain(value: Any) -> Any:
    """Data as the YAML loader would hand it back (text scalars)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _shown_name(name: object) -> str:
    return repr(name.strip()[:MAX_NAME_CHARS]) if isinstance(name, str) else "(no name)"


# -- reading and writing the file ----------------------------------------------------

class _NoAliasDumper(yaml.SafeDumper):
    """Our loader refuses aliases, so never write one (PyYAML would for a
    list object that appears twice)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_profiles(profiles: Iterable[SearchProfile], backup_name: str = PROFILES_FILE_NAME + ".bak") -> str:
    body = yaml.dump(
        {"version": int(FORMAT_VERSION), "profiles": [_profile_to_data(p) for p in profiles]},
        Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=4096,
    )
    return _HEADER.format(backup=backup_name) + body


def _profiles_in(
    doc: YamlDocument, entries: Any, prefix: list[str | int], label: str, origin: str
) -> tuple[list[SearchProfile], list[str]]:
    """Valid profiles of a list, and a ``file:line:col`` message per bad one."""
    if entries is None or entries == "":
        return [], []
    if not isinstance(entries, list):
        return [], [f"{doc.where(prefix)}: {label} is not valid, expected a list of profiles ('- name: ...')"]
    profiles: list[SearchProfile] = []
    problems: list[str] = []
    first_line: dict[str, str] = {}  # name key -> "line N" where it was first given
    for i, entry in enumerate(entries):
        keys = [*prefix, i]
        try:
            profile = _profile_from_data(entry, origin)
        except _Invalid as exc:
            where = (doc.key_where if exc.at_key else doc.where)([*keys, *exc.keys])
            problems.append(f"{where}: {label}[{i}]: {exc.message}")
            continue
        if profile.key in first_line:
            problems.append(f"{doc.where([*keys, 'name'])}: {label}[{i}]: duplicate profile name "
                            f"{profile.name!r} (names are compared ignoring case; first on "
                            f"{first_line[profile.key]}), expected each name once")
            continue
        first_line[profile.key] = "line " + doc.where([*keys, "name"]).rsplit(":", 2)[1]
        profiles.append(profile)
    return profiles, problems


def read_profiles_file(path: Path) -> tuple[list[SearchProfile], str | None]:
    """The valid user profiles in ``path`` and the problem with it, if any.
    A missing or empty file is simply no profiles."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return [], None
    try:
        doc = load_yaml_file(path)
    except ConfigError as exc:
        return [], str(exc)
    data = doc.data
    if data is None or data == "":
        return [], None
    if not isinstance(data, dict):
        return [], f"{doc.where([])}: not a profiles file, expected 'version: 1' and 'profiles:' with a list"
    for key in data:
        if key not in _TOP_KEYS:
            return [], f"{doc.key_where([key])}: unknown key {key!r}, expected one of: {', '.join(_TOP_KEYS)}"
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        return [], (f"{doc.where(['version'])}: version {version!r} is not one this summit-tui reads, "
                    f"expected {FORMAT_VERSION} (was it written by a newer summit-tui?)")
    profiles, problems = _profiles_in(doc, data.get("profiles"), ["profiles"], "profiles", ORIGIN_USER)
    if not problems:
        return profiles, None
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    return profiles, problems[0] + more


def _merge(defaults: Sequence[SearchProfile], user: Sequence[SearchProfile]) -> tuple[SearchProfile, ...]:
    by_key = {p.key: p for p in defaults}
    by_key.update({p.key: p for p in user})
    return tuple(sorted(by_key.values(), key=lambda p: (p.key, p.name)))


# -- the store ---------------------------------------------------------------------

class ProfileStore:
    """User profiles in one YAML file plus read-only defaults.

    Reads are cheap and always current: ``load`` re-reads the file whenever
    it changed on disk (another session saved), so a profile saved in one
    terminal shows up in the next ``list`` of another. Every change takes a
    lock, re-reads, applies itself by name, and writes atomically.
    """

    def __init__(
        self,
        path: Path,
        defaults: Sequence[SearchProfile] = (),
        *,
        state_path: Path | None = None,
        lock_timeout: float = 10.0,
    ) -> None:
        self.path = Path(path)
        self.defaults = tuple(replace(p, origin=ORIGIN_DEFAULT) for p in defaults)
        self.state_path = Path(state_path) if state_path is not None else default_state_path()
        self.lock_timeout = lock_timeout
        # Parsing is the slow part (pure-Python YAML), so what was read is
        # kept with the file's stamp and read again only when that changes.
        self._read_cache: tuple[tuple[int, ...], tuple[SearchProfile, ...], str | None] | None = None
        self._good_backup: tuple[int, ...] | None = None  # stamp of a .bak known to parse

    @classmethod
    def from_config(cls, config: Config) -> ProfileStore:
        """The store a ``Config`` describes (its ``profiles`` section);
        ``ConfigError`` with ``file:line:col`` if that section is wrong."""
        path, defaults = profiles_section(config)
        return cls(path, defaults)

    @property
    def real_path(self) -> Path:
        """Where saves go: through a symlink (a dotfiles repository, say)
        to its target, so saving never turns the link into a plain file."""
        return Path(os.path.realpath(self.path))

    @property
    def backup_path(self) -> Path:
        real = self.real_path
        return real.with_name(real.name + ".bak")

    @property
    def lock_path(self) -> Path:
        real = self.real_path
        return real.with_name(f".{real.name}.lock")

    # -- reading ---------------------------------------------------------------
    def load(self) -> LoadedProfiles:
        """Defaults and user profiles merged by name (user wins), sorted by
        name, with the problem of the user's file if it has one."""
        user, problem = self._read_user(self.path)
        return LoadedProfiles(_merge(self.defaults, user), problem)

    def _read_user(self, path: Path) -> tuple[tuple[SearchProfile, ...], str | None]:
        stamp = _file_stamp(path)
        cached = self._read_cache
        if stamp is not None and cached is not None and cached[0] == stamp:
            return cached[1], cached[2]
        user, problem = read_profiles_file(path)
        if stamp is not None:
            self._read_cache = (stamp, tuple(user), problem)
        return tuple(user), problem

    def list(self) -> tuple[SearchProfile, ...]:
        return self.load().profiles

    @property
    def problem(self) -> str | None:
        return self.load().problem

    def find(self, name: str) -> SearchProfile | None:
        return self.load().find(name)

    def get(self, name: str) -> SearchProfile:
        """The profile called ``name`` (any case); ``NotFoundError`` listing
        the names there are."""
        found = self.find(name)
        if found is None:
            names = [p.name for p in self.list()]
            known = ", ".join(repr(n) for n in names[:10]) + (" ..." if len(names) > 10 else "")
            hint = f"saved profiles: {known}" if names else "there are no saved profiles yet"
            raise NotFoundError(f"no profile named {_shown_name(name)} ({hint}; `summit-tui profiles list`)")
        return found

    # -- changing -----------------------------------------------------------------
    def save(self, profile: SearchProfile) -> ProfileChange:
        """Add ``profile`` or replace the user profile of the same name (any
        case), keeping its ``created`` time. A default of that name is
        overridden, not changed. ``ProfileError`` if a field is invalid."""
        profile = replace(checked(profile), origin=ORIGIN_USER)

        def change(user: list[SearchProfile]) -> ProfileChange:
            now = utc_now()
            old = _pop(user, profile.key)
            saved = replace(profile, created=old.created if old and old.created else now, updated=now)
            user.append(saved)
            return ProfileChange(saved, replaced=old)

        return self._modify(change)

    def rename(self, old_name: str, new_name: str) -> ProfileChange:
        """Rename a user profile (a change of case alone is allowed)."""
        new_name = validate_name(new_name)

        def change(user: list[SearchProfile]) -> ProfileChange:
            old = _pop(user, name_key(old_name))
            if old is None:
                raise self._missing_or_default(old_name, "renamed")
            taken = next((p for p in (*user, *self.defaults) if p.key == name_key(new_name)), None)
            if taken is not None and taken.key != old.key:
                kind = "default profile" if taken.origin == ORIGIN_DEFAULT else "profile"
                raise ProfileError(f"a {kind} named {taken.name!r} already exists; pick another name "
                                   "(or delete that one first)")
            renamed = replace(old, name=new_name, updated=utc_now())
            user.append(renamed)
            return ProfileChange(renamed, replaced=old)

        result = self._modify(change)
        last = self._last_used_name()
        if result.replaced is not None and last is not None and name_key(last) == result.replaced.key:
            self.set_last_used(result.profile.name)
        return result

    def delete(self, name: str) -> ProfileChange:
        """Delete a user profile. A default profile cannot be deleted (it
        lives in config.yaml); deleting a user profile that overrode one
        brings the default back."""

        def change(user: list[SearchProfile]) -> ProfileChange:
            old = _pop(user, name_key(name))
            if old is None:
                raise self._missing_or_default(name, "deleted")
            return ProfileChange(old, replaced=old)

        return self._modify(change)

    def _missing_or_default(self, name: str, verb: str) -> SummitError:
        default = next((p for p in self.defaults if p.key == name_key(name)), None)
        if default is not None:
            return ProfileError(f"{default.name!r} is a default profile and cannot be {verb}: "
                                "default profiles live in config.yaml (profiles:)")
        return NotFoundError(f"no saved profile named {_shown_name(name)}; `summit-tui profiles list` shows them")

    def _modify(self, change: Callable[[list[SearchProfile]], T]) -> T:
        """Lock, re-read, apply ``change`` to the user profiles, write.

        Re-reading under the lock is what keeps two sessions from losing
        each other's profiles: each applies its own change by name to
        whatever the other wrote last."""
        target = self.real_path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with exclusive_lock(self.lock_path, timeout=self.lock_timeout):
                # Whoever held the lock before us may have died mid-write.
                remove_temp_files(target)  # also the backup's: ".profiles.yaml.bak.*.tmp"
                found, problem = self._read_user(target)
                user = list(found)
                result = change(user)
                written = _merge((), user)
                text = dump_profiles(written, self.backup_path.name)
                if len(text.encode("utf-8")) > MAX_YAML_BYTES:
                    raise ProfileError(f"{self.path}: saving would make the file larger than "
                                       f"{MAX_YAML_BYTES // 1024} KB; delete some profiles first")
                rescued = self._keep_previous(target, problem)
                atomic_write_text(target, text, mode=0o600)
                stamp = _file_stamp(target)
                if stamp is not None:  # what we wrote is what a read would give
                    self._read_cache = (stamp, written, None)
        except LockTimeout:
            raise ProfileError(f"{self.path}: another summit-tui has been saving profiles for "
                               f"{self.lock_timeout:g} s; try again") from None
        except OSError as exc:
            raise ProfileError(f"cannot save profiles to {self.path}: {exc.strerror or exc}") from None
        if rescued is not None and isinstance(result, ProfileChange):
            result = replace(result, rescued=rescued)  # type: ignore[assignment]
        return result

    def _keep_previous(self, target: Path, problem: str | None) -> Path | None:
        """Keep the file we are about to replace as ``.bak``. A file we could
        not read is always kept (returns where); a ``.bak`` that is itself
        such a rescued file is never replaced by an ordinary backup."""
        if not os.path.lexists(target):
            return None
        if not target.is_file():
            raise ProfileError(f"{self.path} is not a regular file; move it away to save profiles there")
        backup_is_rescue = self._backup_is_rescue()
        if problem is None:
            if not backup_is_rescue:
                atomic_backup(target, self.backup_path)
                self._good_backup = _file_stamp(self.backup_path, content_only=True)  # it parsed
            return None
        keep = self.backup_path
        if backup_is_rescue:  # two broken files in a row: keep both
            stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
            keep = target.with_name(f"{target.name}.{stamp}.bak")
        atomic_backup(target, keep)
        return keep

    def _backup_is_rescue(self) -> bool:
        """Does ``.bak`` hold a file that does not parse (one we rescued, or
        one the user broke)? Such a copy is never rotated away."""
        stamp = _file_stamp(self.backup_path, content_only=True)
        if stamp is None:
            return False
        if stamp == self._good_backup:
            return False
        if read_profiles_file(self.backup_path)[1] is not None:
            return True
        self._good_backup = stamp
        return False

    # -- the last used profile --------------------------------------------------------
    def last_used(self) -> SearchProfile | None:
        """The profile last marked used with this profiles file, if it still exists."""
        name = self._last_used_name()
        return self.find(name) if name else None

    def set_last_used(self, name: str | None) -> bool:
        """Remember (or with None forget) the last used profile. Best effort:
        False if the state folder cannot be written; nothing else depends on it."""
        try:
            self.state_path.parent.mkdir(parents=True, exist_ok=True)
            lock = self.state_path.with_name(f".{self.state_path.name}.lock")
            with exclusive_lock(lock, timeout=2.0):
                remove_temp_files(self.state_path)
                state = self._read_state()
                by_file = state.setdefault("last_used", {})
                if name is None:
                    by_file.pop(str(self.path), None)
                else:
                    by_file[str(self.path)] = name.strip()
                atomic_write_text(self.state_path, json.dumps(state, ensure_ascii=False, indent=1) + "\n", 0o600)
        except (OSError, LockTimeout):
            return False
        return True

    def _last_used_name(self) -> str | None:
        value = self._read_state().get("last_used", {}).get(str(self.path))
        return value if isinstance(value, str) and value.strip() else None

    def _read_state(self) -> dict[str, Any]:
        """Our own state file; anything unreadable is treated as empty."""
        try:
            with open(self.state_path, "rb") as fh:
                raw = fh.read(MAX_YAML_BYTES + 1)
            state = json.loads(raw) if len(raw) <= MAX_YAML_BYTES else {}
        except (OSError, ValueError):
            return {}
        if not isinstance(state, dict) or not isinstance(state.get("last_used", {}), dict):
            return {}
        return state


def _file_stamp(path: Path, *, content_only: bool = False) -> tuple[int, ...] | None:
    """Identifies a file's current version: an atomic replace always changes
    the inode, a hand edit the size or times. ``content_only`` leaves out the
    change time, which a new hard link (our backups) moves as well."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    stamp = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    return stamp if content_only else (*stamp, st.st_ctime_ns)


def _pop(profiles: list[SearchProfile], key: str) -> SearchProfile | None:
    for i, p in enumerate(profiles):
        if p.key == key:
            return profiles.pop(i)
    return None


# -- the config section ----------------------------------------------------------------

def profiles_section(config: Config) -> tuple[Path, tuple[SearchProfile, ...]]:
    """``(profiles file, default profiles)`` from ``config.sections["profiles"]``:
    a list of default profiles, or ``{file: PATH, defaults: [...]}``."""
    sections: Mapping[str, Any] = getattr(config, "sections", {}) or {}
    section = sections.get("profiles")
    if section is None or section == "":
        return default_profiles_path(), ()
    doc = _section_document(config)
    base = doc.path.resolve().parent if doc.path.name else Path.cwd()

    def fail(keys: list[str | int], message: str) -> ConfigError:
        return ConfigError(f"{doc.where(['profiles', *keys])}: {message}")

    path = default_profiles_path()
    entries: Any = section
    prefix: list[str | int] = ["profiles"]
    if isinstance(section, dict):
        for key in section:
            if key not in _SECTION_KEYS:
                raise ConfigError(f"{doc.key_where(['profiles', key])}: unknown key {key!r} in profiles, "
                                  f"expected one of: {', '.join(_SECTION_KEYS)}")
        if "file" in section:
            raw = section["file"]
            if not isinstance(raw, str) or not raw.strip():
                raise fail(["file"], "profiles.file is not valid, expected a file path")
            path = base / os.path.expanduser(raw.strip())
        entries = section.get("defaults")
        prefix = ["profiles", "defaults"]
    elif not isinstance(section, list):
        raise fail([], "profiles is not valid, expected a list of profiles or a mapping with file and defaults")
    defaults, problems = _profiles_in(doc, entries, prefix, ".".join(map(str, prefix)), ORIGIN_DEFAULT)
    if problems:
        raise ConfigError(problems[0])
    return path, tuple(defaults)


def _section_document(config: Config) -> YamlDocument:
    """The config file the ``profiles`` section came from (the last layer that
    has one wins), re-read for line numbers; a stand-in without positions
    when the config was built in code."""
    for path in reversed(tuple(getattr(config, "files", ()) or ())):
        try:
            doc = load_yaml_file(path)
        except ConfigError:
            continue
        if isinstance(doc.data, dict) and "profiles" in doc.data:
            return doc
    return YamlDocument(path=Path("config"), data=None, root=None)
