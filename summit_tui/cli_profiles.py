"""``summit-tui profiles ...`` and the ``--profile`` options: saved searches
on the command line. ``cli.py`` registers these; the store lives in
``summit_tui.profiles``.

A profiles file summit-tui cannot read never stops a command: its problem
is printed as one note on stderr and the command carries on with what it
could read (at least the default profiles).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from summit_tui.errors import ProfileError, QueryError

# The argparse choices: summit_tui.profiles.SORTS / VIEWS, spelled out here so
# building the parser (every start, the TUI's too) does not import the
# profiles store (tests/test_profiles_cli.py checks they agree).
SORTS = ("relevance", "date", "source")
VIEWS = ("results", "facts", "comparison")

if TYPE_CHECKING:
    from summit_tui.profiles import ProfileChange, ProfileStore, SearchProfile
    from summit_tui.workspace import Workspace

_ENTITY_KEY_RE = re.compile(r"^[a-z]+:\S+$")


# -- argument parsing -------------------------------------------------------------

def _filter_options(p: argparse.ArgumentParser) -> None:
    """The filters a profile can hold, shared by ``search`` and ``profiles save``."""
    p.add_argument("--type", metavar="TYPE", action="append", default=[],
                   help="only articles mentioning an entity of this type (MONEY, PERCENT, PERSON ...); "
                        "repeatable or comma-separated: any of them")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", default=None,
                   help="only articles published on or after this date")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", default=None,
                   help="only articles published on or before this date")


def add_search_options(p: argparse.ArgumentParser) -> None:
    """``search --profile NAME`` and the filters and sort a profile can set."""
    p.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS,
                   help="run this saved profile (its query, filters and sort); options given here win")
    _filter_options(p)
    p.add_argument("--sort", choices=SORTS, default=None,
                   help="relevance (default), date (newest first) or source")


def add_global_profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", metavar="NAME", default=None,
                        help="start the TUI in this saved search profile (with `search`: run it)")


def add_profiles_command(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Register ``profiles`` through ``cli.build_parser``'s ``command`` helper."""
    p = command("profiles", "list, show, save, rename and delete saved search profiles")
    actions = p.add_subparsers(dest="profiles_action", metavar="ACTION")
    actions.required = True

    from summit_tui.cli import _global_options  # cli imports this module; by now it is loaded

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=help_text, description=help_text)
        _global_options(a, suppress=True)
        a.add_argument("--json", action="store_true", help="print the result as JSON")
        return a

    action("list", "list the saved profiles (yours and the defaults from config.yaml)")
    a = action("show", "show one profile")
    a.add_argument("name", metavar="NAME")
    a = action("save", "save a search as a profile (an existing profile of that name is replaced, "
                       "keeping its creation time)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--query", metavar="QUERY", default="", help="the search query (may be left out with --entity)")
    a.add_argument("--source", metavar="ID", action="append", default=[],
                   help="only this source (label, article id, or a unique prefix); repeatable")
    a.add_argument("--entity", metavar="KEY", action="append", default=[],
                   help="only articles mentioning this entity (a key such as person:xi_jinping, "
                        "or a name the corpus uses); repeatable")
    _filter_options(a)
    a.add_argument("--sort", choices=SORTS, default=SORTS[0], help="result order (default relevance)")
    a.add_argument("--view", choices=VIEWS, default=VIEWS[0], help="what the TUI opens (default results)")
    a.add_argument("--description", metavar="TEXT", default=None, help="a note to yourself")
    a = action("rename", "rename one of your profiles")
    a.add_argument("name", metavar="NAME")
    a.add_argument("new_name", metavar="NEW_NAME")
    a = action("delete", "delete one of your profiles (default profiles live in config.yaml)")
    a.add_argument("name", metavar="NAME")


# -- shared helpers -----------------------------------------------------------------

def _store(ws: Workspace) -> ProfileStore:
    """The workspace's store, after telling the user (once, on stderr) what
    is wrong with their profiles file, if anything."""
    from summit_tui.cli import _note

    store = ws.profiles
    problem = store.problem
    if problem:
        _note(f"note: {problem} -- carrying on without the profiles it could not read; "
              f"the next save keeps this file as {store.backup_path.name}")
    return store


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise QueryError(f"{option} {value!r} is not a date; expected YYYY-MM-DD, e.g. 2024-05-16")


def _parse_types(values: Sequence[str]) -> tuple[str, ...]:
    from summit_tui.nlp.aggregate import parse_types

    try:
        types = parse_types(t for value in values for t in value.split(",") if t.strip())
    except ValueError as exc:
        raise QueryError(str(exc)) from None
    return tuple(dict.fromkeys(types))


def _date_range(args: argparse.Namespace) -> tuple[date | None, date | None]:
    date_from = _parse_date(args.date_from, "--from")
    date_to = _parse_date(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise QueryError(f"--to {date_to.isoformat()} is before --from {date_from.isoformat()}")
    return date_from, date_to


# -- search --profile and the TUI's --profile ------------------------------------------

def search_options(ws: Workspace, args: argparse.Namespace) -> dict[str, Any]:
    """Fold ``--profile`` into ``args`` (its query, sources and entities where
    the command line gives none) and return the other keyword arguments for
    ``Workspace.search``: types, date range and sort, options winning."""
    profile = _store(ws).get(args.profile) if getattr(args, "profile", None) else None
    types = _parse_types(args.type)
    date_from, date_to = _date_range(args)
    sort = args.sort
    if profile is not None:
        f = profile.filters
        if not args.query.strip():
            args.query = profile.query
        args.source = args.source or list(f.sources)
        args.entity = args.entity or list(f.entities)
        types = types or f.types
        date_from = date_from or f.date_from
        date_to = date_to or f.date_to
        sort = sort or profile.sort
    return {"types": types, "date_from": date_from, "date_to": date_to, "sort": sort or SORTS[0]}


def startup_profile(ws: Workspace, args: argparse.Namespace) -> SearchProfile | None:
    """The profile ``summit-tui --profile NAME`` starts in (``NotFoundError``,
    one line and exit 2, for an unknown name)."""
    name = getattr(args, "profile", None)
    if not name:
        return None
    return _store(ws).get(name)


# -- the profiles command ------------------------------------------------------------------

def cmd_profiles(ws: Workspace, args: argparse.Namespace) -> int:
    handlers = {"list": _list, "show": _show, "save": _save, "rename": _rename, "delete": _delete}
    return handlers[args.profiles_action](ws, args)


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    from summit_tui.cli import _emit_json

    store = _store(ws)
    loaded = store.load()
    if args.json:
        _emit_json({"profiles": [p.to_json() for p in loaded.profiles], "problem": loaded.problem})
        return 0
    _print_list(loaded.profiles, str(store.path))
    return 0


def _show(ws: Workspace, args: argparse.Namespace) -> int:
    from summit_tui.cli import _emit_json

    profile = _store(ws).get(args.name)
    if args.json:
        _emit_json(profile.to_json())
        return 0
    _print_profile(profile)
    return 0


def _save(ws: Workspace, args: argparse.Namespace) -> int:
    from summit_tui.profiles import SearchFilters, SearchProfile

    store = _store(ws)
    query = args.query.strip()
    if query:
        from summit_tui.search.parse import parse_query

        parse_query(query, "articles")  # a query that cannot run is refused now, not when it is used
    entities = _entity_keys(ws, args.entity)
    if not query and not entities:
        raise ProfileError("a profile needs something to search for: give --query QUERY (or --entity KEY)")
    date_from, date_to = _date_range(args)
    profile = SearchProfile(
        name=args.name,
        query=query,
        filters=SearchFilters(
            sources=tuple(_source_labels(ws, args.source)),
            entities=tuple(entities),
            types=_parse_types(args.type),
            date_from=date_from,
            date_to=date_to,
        ),
        sort=args.sort,
        view=args.view,
        description=args.description,
    )
    change = store.save(profile)
    verb = "Updated" if change.replaced is not None else "Saved"
    _report(change, args, f"{verb} profile {change.profile.name!r} in {store.path}.")
    return 0


def _rename(ws: Workspace, args: argparse.Namespace) -> int:
    change = _store(ws).rename(args.name, args.new_name)
    assert change.replaced is not None
    _report(change, args, f"Renamed profile {change.replaced.name!r} to {change.profile.name!r}.")
    return 0


def _delete(ws: Workspace, args: argparse.Namespace) -> int:
    store = _store(ws)
    change = store.delete(args.name)
    message = f"Deleted profile {change.profile.name!r}."
    default = next((p for p in store.defaults if p.key == change.profile.key), None)
    if default is not None:
        message += f" The default profile {default.name!r} from config.yaml applies again."
    _report(change, args, message)
    return 0


def _report(change: ProfileChange, args: argparse.Namespace, message: str) -> None:
    """The changed profile as JSON on stdout, or one line for a person; a
    rescued broken file is always mentioned on stderr."""
    from summit_tui.cli import _emit_json, _note

    if change.rescued is not None:
        _note(f"note: the profiles file could not be read, so it was kept as {change.rescued} before saving")
    if args.json:
        _emit_json(change.profile.to_json())
        return
    from summit_tui.cli import _console
    from summit_tui.tui.render import plain

    _console().print(plain(message), soft_wrap=True)


def _usable_index(ws: Workspace) -> bool:
    return ws.has_index() and ws.needs_build() is None


def _entity_keys(ws: Workspace, values: Sequence[str]) -> list[str]:
    """Keys as given; a name ("Putin") is looked up in the index, as
    ``search --entity`` does."""
    keys: list[str] = []
    for value in values:
        key = value.strip().lower()
        if not _ENTITY_KEY_RE.match(key):
            found = ws.entity_for(value) if _usable_index(ws) else None
            if not found:
                raise QueryError(f"no entity {value!r} in the index; give a key such as person:xi_jinping "
                                 "(`summit-tui entities` lists them)")
            key = found
        if key not in keys:
            keys.append(key)
    return keys


def _source_labels(ws: Workspace, values: Sequence[str]) -> list[str]:
    """Sources as labels: through the index when there is one (so ids and
    prefixes work, as with ``search --source``), else as given."""
    if not values:
        return []
    if not _usable_index(ws):
        return [v.strip() for v in values]
    from summit_tui.cli import _resolve_sources

    return list(dict.fromkeys(_resolve_sources(ws, values)))


# -- terminal output -------------------------------------------------------------------------

def _summary(profile: SearchProfile) -> str:
    """The search in one line: query, then the filters that are set."""
    f = profile.filters
    parts = [profile.query] if profile.query else []
    parts += [f"source:{s}" for s in f.sources] + [f"entity:{k}" for k in f.entities]
    if f.types:
        parts.append("types:" + ",".join(f.types))
    if f.date_from or f.date_to:
        parts.append(f"dates:{f.date_from or '…'}..{f.date_to or '…'}")
    return "  ".join(parts)


def _print_list(profiles: Sequence[SearchProfile], path: str) -> None:
    from rich.table import Table

    from summit_tui.cli import _console
    from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, plain

    console = _console()
    if not profiles:
        console.print(plain("No saved profiles yet: summit-tui profiles save NAME --query QUERY"))
        console.print(plain(f"(they are kept in {path})", DIM_STYLE), soft_wrap=True)
        return
    name_width = min(32, max(len(p.name) for p in profiles))
    table = Table(box=None, pad_edge=False, show_edge=False, header_style=TITLE_STYLE, expand=True)
    table.add_column("name", no_wrap=True, overflow="ellipsis", min_width=max(4, name_width))
    table.add_column("origin", no_wrap=True, min_width=7)
    table.add_column("sort", no_wrap=True, min_width=9)
    table.add_column("view", no_wrap=True, min_width=10)
    table.add_column("search", no_wrap=True, overflow="ellipsis", ratio=1, min_width=10)
    for p in profiles:
        table.add_row(plain(p.name), plain(p.origin, DIM_STYLE if p.is_default else ""), plain(p.sort),
                      plain(p.view), plain(_summary(p)))
    console.print(table)
    defaults = sum(p.is_default for p in profiles)
    console.print(plain(f"{len(profiles)} profile(s), {defaults} from config.yaml; yours are in {path}", DIM_STYLE),
                  soft_wrap=True)


def _print_profile(profile: SearchProfile) -> None:
    from summit_tui.cli import _console
    from summit_tui.profiles import format_time
    from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, plain

    console = _console()
    f = profile.filters
    rows = [
        ("query", profile.query or "—"),
        ("sources", ", ".join(f.sources) or "any"),
        ("entities", ", ".join(f.entities) or "—"),
        ("types", ", ".join(f.types) or "any"),
        ("dates", f"{f.date_from or '…'} to {f.date_to or '…'}" if f.date_from or f.date_to else "any"),
        ("sort", profile.sort),
        ("view", profile.view),
        ("description", profile.description or "—"),
        ("origin", profile.origin + (" (config.yaml)" if profile.is_default else "")),
        ("created", format_time(profile.created) or "—"),
        ("updated", format_time(profile.updated) or "—"),
    ]
    console.print(plain(profile.name, TITLE_STYLE))
    for label, value in rows:
        line = plain(f"  {label:<12}", DIM_STYLE)
        line.append(plain(value))
        console.print(line)
