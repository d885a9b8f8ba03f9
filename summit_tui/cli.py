"""``summit-tui`` command line: the scriptable face over ``Workspace``.

JSON goes to stdout, messages to stderr. Errors a user can cause print one
line and exit 2. Rich is imported only when terminal output is drawn, and
Textual never (tests/test_imports.py holds us to that).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summit_tui import __version__
from summit_tui.errors import ProfileError, QueryError, SummitError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from summit_tui.corpus.model import Article
    from summit_tui.facts.model import Comparison, Fact, Statement
    from summit_tui.nlp.model import Entity
    from summit_tui.profiles import ProfileChange, ProfileStore, SearchProfile
    from summit_tui.search import IndexReport, SearchResult, SentenceResult
    from summit_tui.workspace import Workspace

PROG = "summit-tui"
MAX_LIMIT = 1000

# The argparse choices: summit_tui.profiles.SORTS / VIEWS, spelled out here so
# building the parser (every start, the TUI's too) does not import the
# profiles store (tests/test_profiles_cli.py checks they agree).
SORTS = ("relevance", "date", "source")
VIEWS = ("results", "facts", "comparison")
_ENTITY_KEY_RE = re.compile(r"^[a-z]+:\S+$")


# -- argument parsing -------------------------------------------------------

def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted before or after the sub-command. On sub-parsers the
    defaults are suppressed so they don't overwrite values given earlier."""
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument("--config", metavar="FILE", type=Path, default=default,
                        help="read this config file on top of the defaults and your own")
    parser.add_argument("--corpus", metavar="DIR", action="append", type=Path,
                        default=argparse.SUPPRESS if suppress else [],
                        help="corpus folder or file (repeatable); replaces the configured folders")
    parser.add_argument("--index", metavar="DIR", type=Path, default=default,
                        help="index folder (default: from config; with --corpus, one per corpus)")


def _positive_limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read, search and compare how news outlets report the same event.",
        epilog="Run without a command to list the articles. `summit-tui COMMAND --help` for details.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--startup-report", action="store_true",
                        help="with the TUI (no command): print start-up timings to stderr on exit")
    add_global_profile_option(parser)
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _global_options(p, suppress=True)
        return p

    p = command("index", "build or update the full-text index of the corpus folders")
    p.add_argument("--rebuild", action="store_true", help="build from scratch (into a temporary folder, then swap)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = command("articles", "list the indexed articles")
    p.add_argument("--json", action="store_true", help="print the articles (with their text) as JSON")

    p = command("search", "search the articles (Whoosh query language)")
    p.add_argument("query", metavar="QUERY", nargs="?", default="",
                   help='words, "phrases", AND/OR/NOT, field:value (title, source, date, id, entity), '
                        'wild*, fuzzy~ (may be left out with --entity)')
    p.add_argument("--source", metavar="ID", action="append", default=[],
                   help="only this source (label, article id, or a unique prefix); repeatable")
    p.add_argument("--entity", metavar="KEY", action="append", default=[],
                   help="only articles mentioning this entity (a key such as person:xi_jinping, "
                        "or a name the corpus uses); repeatable")
    p.add_argument("--widen", action="store_true",
                   help='a query that names an entity ("Xi", "US") also finds its other names')
    p.add_argument("--limit", metavar="N", type=_positive_limit, default=10, help="at most N hits (default 10)")
    p.add_argument("--sentences", action="store_true", help="return matching sentences instead of articles")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    add_search_options(p)  # --profile, --type, --from, --to, --sort

    p = command("entities", "list the people, places, organisations, figures and dates the articles mention")
    p.add_argument("--article", metavar="ID", help="only this article (its id, or a unique prefix)")
    p.add_argument("--type", metavar="TYPE", action="append", default=[],
                   help="only this type (PERSON, ORG, GPE, LOC, NORP, EVENT, DATE, MONEY, PERCENT, "
                        "QUANTITY); repeatable or comma-separated")
    p.add_argument("--limit", metavar="N", type=_positive_limit, default=None,
                   help="at most N entities per type in the table, N in all with --json (default: all)")
    p.add_argument("--json", action="store_true", help="print the entities with every mention as JSON")

    p = command("facts", "list the facts two or more sources report, with where they differ and who is silent")
    p.add_argument("fact", metavar="ID", nargs="?", default=None,
                   help="show only this fact (its id, or a unique prefix)")
    p.add_argument("--min-sources", metavar="N", type=_positive_limit, default=2,
                   help="only facts reported by at least N sources (default 2)")
    p.add_argument("--disputed", action="store_true", help="only facts on which sources disagree")
    p.add_argument("--limit", metavar="N", type=_positive_limit, default=None,
                   help="at most N facts (default: all)")
    p.add_argument("--json", action="store_true", help="print the facts as JSON")

    p = command("compare", "what every source says about a query or one sentence, and who says nothing")
    p.add_argument("query", metavar="QUERY", nargs="?", default="",
                   help="words to compare across the sources (or give --sentence)")
    p.add_argument("--sentence", metavar="ARTICLE:N",
                   help="compare this sentence (article id or unique prefix, sentence number from 0)")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    add_profiles_command(command)
    return parser


# -- output helpers ----------------------------------------------------------

def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _emit_json(data: Any) -> None:
    """Readable UTF-8 JSON; a file name that is not valid UTF-8 keeps its
    undecodable bytes as ``\\udcXX`` escapes (``surrogateescape`` recovers them)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text + "\n")


def _note(message: str) -> None:
    """One line on stderr. Messages can quote file names found on disk, so
    nothing in them may reach the terminal as a control sequence."""
    from summit_tui.corpus.text import safe_label

    print(f"{PROG}: {safe_label(message)}", file=sys.stderr)


def _progress_bar() -> tuple[Callable[[int, int, str], None] | None, Callable[[], None]]:
    """A Rich progress bar on stderr when it is a terminal; else nothing."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=_console(stderr=True), transient=True)
    task = bar.add_task("index", total=None)
    bar.start()

    def update(done: int, total: int, path: str) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar.stop


def _build(ws: Workspace, *, rebuild: bool) -> IndexReport:
    update, stop = _progress_bar()
    try:
        return ws.build_index(rebuild=rebuild, progress=update)
    finally:
        stop()


def _ensure_index(ws: Workspace) -> None:
    reason = ws.needs_build()
    if reason:
        _note(f"{reason}; building it now")
        report = _build(ws, rebuild=False)
        _print_skipped(report, _console(stderr=True))


def _report_json(report: IndexReport) -> dict[str, Any]:
    return {
        "indexed": list(report.indexed),
        "unchanged": list(report.unchanged),
        "removed": list(report.removed),
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "notes": {k: list(v) for k, v in report.notes.items()},
        "rebuilt": report.rebuilt,
        "index": str(report.index_dir),
    }


def _print_skipped(report: IndexReport, console: Console) -> None:
    from summit_tui.corpus.text import safe_label
    from summit_tui.tui.render import DIM_STYLE, plain

    if report.skipped:
        console.print(plain(f"Skipped {len(report.skipped)} file(s):"))
        for s in report.skipped:
            line = plain("  ")
            line.append(plain(safe_label(s.path)))
            line.append(plain(f" — {s.reason}", DIM_STYLE))
            console.print(line)
    for art_id, notes in report.notes.items():
        for note in notes:
            console.print(plain(f"Note: {art_id}: {note}", DIM_STYLE))


# -- commands ------------------------------------------------------------------

def cmd_index(ws: Workspace, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    report = _build(ws, rebuild=args.rebuild)
    if args.json:
        _emit_json(_report_json(report))
        return 0
    from summit_tui.tui.render import plain

    console = _console()
    elapsed = f"{time.perf_counter() - started:.2f} s"
    if not report.indexed and not report.removed:
        summary = f"Index at {report.index_dir} is up to date ({len(report.unchanged)} article(s), {elapsed})."
    else:
        verb = "Rebuilt" if args.rebuild else "Indexed"
        summary = (
            f"{verb} {len(report.indexed)} article(s) into {report.index_dir} "
            f"({len(report.unchanged)} unchanged, {len(report.removed)} removed) in {elapsed}."
        )
    console.print(plain(summary))
    _print_skipped(report, console)
    return 0


def _article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "path": article.path,
        "paragraphs": len(article.paragraphs),
        "sentences": len(article.sentences),
        "chars": len(article.text),
        "text": article.text,
        "title_derived": article.title_derived,
        "headings": [article.text[p.start:p.end] for p in article.headings],
        "sentence_spans": [[s.start, s.end] for s in article.sentences],
        "notes": list(article.notes),
    }


def cmd_articles(ws: Workspace, args: argparse.Namespace) -> int:
    _ensure_index(ws)
    articles = ws.articles()
    if args.json:
        _emit_json([_article_json(a) for a in articles])
        return 0
    from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, plain

    console = _console()
    show_source = any(a.source != a.id for a in articles)
    id_width = min(32, max([len(a.id) for a in articles] + [2]))  # long ids end in "…"
    src_width = min(24, max([len(a.source) for a in articles] + [6]))
    columns = [("ID", id_width)] + ([("Source", src_width)] if show_source else []) + [("Date", 10), ("Sent.", 5)]

    def row(cells: list[Text], title: Text) -> Text:
        line = plain("")
        for cell, (_, width) in zip(cells, columns):
            cell.truncate(width, overflow="ellipsis", pad=True)
            line.append(cell).append("  ")
        room = max(10, console.width - line.cell_len)
        title.truncate(room, overflow="ellipsis")  # one line per article
        return line.append(title)

    head = [plain(name, TITLE_STYLE) for name, _ in columns]
    head[-1] = plain("Sent.".rjust(5), TITLE_STYLE)
    console.print(row(head, plain("Title", TITLE_STYLE)), no_wrap=True)
    for a in articles:
        cells = [plain(a.id)] + ([plain(a.source)] if show_source else [])
        cells += [
            plain(a.published.isoformat()) if a.published else plain("—", DIM_STYLE),
            plain(str(len(a.sentences)).rjust(5)),
        ]
        console.print(row(cells, plain(a.title)), no_wrap=True)
    console.print(plain(f"{len(articles)} article(s) in {ws.index_dir}", DIM_STYLE))
    return 0


def _resolve_sources(ws: Workspace, wanted: Sequence[str]) -> list[str]:
    """Map each --source value (label, article id or unique prefix) to a label."""
    if not wanted:
        return []
    articles = ws.articles()
    by_name: dict[str, str] = {}
    for a in articles:
        by_name.setdefault(a.source, a.source)
        by_name.setdefault(a.id, a.source)
    resolved: list[str] = []
    for value in wanted:
        if value in by_name:
            resolved.append(by_name[value])
            continue
        matches = sorted({src for name, src in by_name.items() if name.startswith(value)})
        if len(matches) == 1:
            resolved.append(matches[0])
        elif matches:
            raise QueryError(f"--source {value!r} is ambiguous: it could be {', '.join(matches)}")
        else:
            known = ", ".join(sorted({a.source for a in articles})) or "none indexed"
            raise QueryError(f"unknown source {value!r} (known sources: {known})")
    return resolved


def _search_json(result: SearchResult | SentenceResult, sentences: bool) -> dict[str, Any]:
    if sentences:
        hits = [
            {"id": h.id, "sentence": h.sentence, "text": h.text, "score": round(h.score, 4),
             "highlights": [list(s) for s in h.highlights], "source": h.source,
             "start": h.start, "end": h.end}
            for h in result.hits
        ]
    else:
        hits = [
            {"id": h.id, "source": h.source, "title": h.title, "score": round(h.score, 4),
             "snippets": [{"text": s.text, "highlights": [list(x) for x in s.highlights],
                           "start": s.start, "end": s.end} for s in h.snippets],
             "date": h.date}
            for h in result.hits
        ]
    out: dict[str, Any] = {"query": result.query, "total": result.total, "suggestion": result.suggestion,
                           "hits": hits}
    if getattr(result, "widened", ()):
        out["widened"] = list(result.widened)
    return out


def _resolve_entities(ws: Workspace, wanted: Sequence[str]) -> list[str]:
    """Each --entity value (a key, or a name the corpus uses) as a key."""
    if not wanted:
        return []
    known = {e.key for e in ws.entity_counts()}  # the keys only: no mention decoded
    keys = []
    for value in wanted:
        key = value.strip().lower()
        if key not in known:
            key = ws.entity_for(value) or ""
        if not key:
            raise QueryError(f"no entity {value!r} in the index; `summit-tui entities` lists them "
                             "(use a key such as person:xi_jinping)")
        keys.append(key)
    return keys


def cmd_search(ws: Workspace, args: argparse.Namespace) -> int:
    extra = search_options(ws, args)  # --profile folded in; types, dates, sort
    _ensure_index(ws)
    sources = _resolve_sources(ws, args.source)
    entities = _resolve_entities(ws, args.entity)
    if not args.query.strip() and not entities:
        raise QueryError("the query is empty; type some words to search for (or give --entity KEY)")
    if args.sentences:
        result: SearchResult | SentenceResult = ws.search_sentences(
            args.query, sources=sources, entities=entities, limit=args.limit, widen=args.widen, **extra)
    else:
        result = ws.search(args.query, sources=sources, entities=entities, limit=args.limit, widen=args.widen,
                           **extra)
    if args.json:
        _emit_json(_search_json(result, args.sentences))
        return 0
    _print_search(result, args.sentences, " ".join([args.query.strip(), *(f"entity:{k}" for k in entities)]).strip())
    return 0


def _resolve_article(ws: Workspace, wanted: str) -> str:
    ids = [a.id for a in ws.article_summaries()]
    if wanted in ids:
        return wanted
    matches = [i for i in ids if i.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise QueryError(f"--article {wanted!r} is ambiguous: it could be {', '.join(matches[:5])}")
    raise QueryError(f"no article {wanted!r} in the index; `summit-tui articles` lists them")


def _entity_json(entity: Entity) -> dict[str, Any]:
    mentions = []
    for m in entity.mentions:
        row: dict[str, Any] = {"article": m.article, "start": m.start, "end": m.end, "text": m.text,
                               "sentence": m.sentence}
        if m.quantity is not None:
            row.update(m.quantity.detail_json())
        mentions.append(row)
    out: dict[str, Any] = {"key": entity.key, "label": entity.label, "type": entity.type, "count": entity.count,
                           "articles": dict(entity.articles), "mentions": mentions}
    if entity.value is not None:
        out["value"] = entity.value.value_json()
    return out


def cmd_entities(ws: Workspace, args: argparse.Namespace) -> int:
    from summit_tui.nlp.aggregate import parse_types

    _ensure_index(ws)
    try:
        types = parse_types(t for value in args.type for t in value.split(",") if t.strip())
    except ValueError as exc:
        raise QueryError(str(exc)) from None
    article = _resolve_article(ws, args.article) if args.article else None
    entities = ws.entities(article=article, types=types)
    if args.json:
        shown = entities[: args.limit] if args.limit else entities
        _emit_json({"entities": [_entity_json(e) for e in shown]})
        return 0
    _print_entities(ws, entities, args.limit, article)
    return 0


def _print_entities(ws: Workspace, entities: Sequence[Entity], limit: int | None, article: str | None) -> None:
    """One table, grouped by type, with a count column per source when the
    sources fit on the screen (else the number of articles)."""
    from rich.table import Table

    from summit_tui.nlp.model import ENTITY_TYPES
    from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, plain

    console = _console()
    if not entities:
        console.print(plain("No entities found" + (f" in {article}." if article else ".")))
        return
    articles = ws.article_summaries()
    source_of = {a.id: a.source or a.id for a in articles}
    sources = sorted({source_of.get(aid, aid) for e in entities for aid in e.articles})
    per_source = article is None and 34 + 9 * len(sources) <= console.width
    table = Table(box=None, pad_edge=False, show_edge=False, header_style=TITLE_STYLE, expand=True)
    table.add_column("entity", no_wrap=True, overflow="ellipsis", ratio=1, min_width=20)
    table.add_column("total", justify="right", no_wrap=True, min_width=5)
    if per_source:
        for source in sources:
            short = source if len(source) <= 7 else source[:6] + "…"
            table.add_column(plain(short), justify="right", min_width=7, no_wrap=True)
    elif article is None:
        table.add_column("articles", justify="right", no_wrap=True)
    for kind in ENTITY_TYPES:
        group = [e for e in entities if e.type == kind]
        if not group:
            continue
        table.add_row(plain(f"{kind} ({len(group)})", TITLE_STYLE), end_section=False)
        for entity in group[:limit] if limit else group:
            name = plain("  ").append(plain(entity.label)).append(plain(f"  {entity.key}", DIM_STYLE))
            cells = [name, plain(str(entity.count))]
            if per_source:
                by_source: dict[str, int] = {}
                for aid, n in entity.articles.items():
                    by_source[source_of.get(aid, aid)] = by_source.get(source_of.get(aid, aid), 0) + n
                cells += [plain(str(by_source[s]) if s in by_source else "·", "" if s in by_source else DIM_STYLE)
                          for s in sources]
            elif article is None:
                cells.append(plain(str(len(entity.articles))))
            table.add_row(*cells)
        hidden = len(group) - limit if limit else 0
        if hidden > 0:
            table.add_row(plain(f"  … {hidden} more (--limit)", DIM_STYLE))
    console.print(table)
    where = f"article {article}" if article else f"{len(articles)} article(s)"
    console.print(plain(f"{len(entities)} entities in {where}", DIM_STYLE))


def _print_search(result: SearchResult | SentenceResult, sentences: bool, asked: str) -> None:
    from rich.console import Group
    from rich.table import Table

    from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, highlighted, plain

    console = _console()
    unit = "sentence" if sentences else "article"
    if not result.hits:
        line = plain(f"No {unit}s match ")
        line.append(plain(asked, TITLE_STYLE))
        line.append(plain("."))
        if result.suggestion:
            line.append(plain(" Did you mean: "))
            line.append(plain(result.suggestion, TITLE_STYLE))
            line.append(plain("?"))
        console.print(line)
        return
    shown = len(result.hits)
    head = f"{result.total} {unit}{'s' if result.total != 1 else ''} match "
    header = plain(head)
    header.append(plain(asked, TITLE_STYLE))
    if result.widened:
        header.append(plain(f" (widened to {', '.join(result.widened)})", DIM_STYLE))
    if shown < result.total:
        header.append(plain(f" (showing {shown}; --limit for more)", DIM_STYLE))
    console.print(header)
    for rank, hit in enumerate(result.hits, 1):
        console.print()
        # A two-column grid gives every wrapped line a hanging indent.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right", no_wrap=True)
        grid.add_column(ratio=1)
        if sentences:
            head = plain(f"{hit.id}:{hit.sentence}", TITLE_STYLE).append(plain(f"  score {hit.score:.2f}", DIM_STYLE))
            grid.add_row(plain(f"{rank}."), Group(head, highlighted(hit.text, hit.highlights)))
        else:
            meta = " · ".join(x for x in (hit.source, hit.date or "", f"score {hit.score:.2f}") if x)
            body = [plain(hit.title, TITLE_STYLE), plain(meta, DIM_STYLE)]
            body += [highlighted(s.text, s.highlights) for s in hit.snippets]
            grid.add_row(plain(f"{rank}."), Group(*body))
        console.print(grid)


def cmd_default(ws: Workspace, args: argparse.Namespace) -> int:
    """No command: the TUI on a terminal; otherwise a note and the article list."""
    args.start_profile = startup_profile(ws, args)  # --profile NAME: unknown names fail here
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        reason = "not a terminal"
    elif os.environ.get("TERM", "") == "dumb":
        reason = "TERM=dumb"
    else:
        chosen = time.perf_counter()
        from summit_tui.tui.app import StartupTimings, process_start, run_app
        from summit_tui.tui.keymap import keymap_from_config

        timings = StartupTimings(origin=process_start() or chosen, ui_imported=time.perf_counter())
        keymap = keymap_from_config(ws.config.sections.get("keymap"))
        return run_app(ws, keymap=keymap, timings=timings, startup_report=getattr(args, "startup_report", False),
                       start_profile=args.start_profile)
    _note(f"{reason}: printing the article list; use `summit-tui search ...`")
    args.json = False
    return cmd_articles(ws, args)


# -- facts and comparisons -------------------------------------------------------

def _statement_json(s: Statement, *, score: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"sentence": s.sentence, "text": s.text}
    if score:
        out["score"] = round(s.score, 4)
    out.update({"start": s.start, "end": s.end})
    return out


def _analysis_json(item: Fact | Comparison) -> dict[str, Any]:
    return {
        "quantities": [q.to_json() for q in item.quantities],
        "discrepancies": [d.to_json() for d in item.discrepancies],
        "agreements": [a.to_json() for a in item.agreements],
    }


def _fact_json(fact: Fact) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": fact.id,
        "label": fact.label,
        "sources": {aid: [_statement_json(s, score=False) for s in group]
                    for aid, group in fact.by_article().items()},
        "silent": list(fact.silent),
        "entities": list(fact.entities),
    }
    out.update(_analysis_json(fact))
    out["defined"] = fact.defined
    out["query"] = fact.query
    return out


def _comparison_json(comparison: Comparison) -> dict[str, Any]:
    out: dict[str, Any] = {
        "query": comparison.query,
        "sources": {aid: [_statement_json(s, score=True) for s in group] if group else None
                    for aid, group in comparison.sources.items()},
        "anchor": ({"article": comparison.anchor[0], "sentence": comparison.anchor[1]}
                   if comparison.anchor else None),
    }
    out.update(_analysis_json(comparison))
    return out


def _resolve_fact(facts: Sequence[Fact], wanted: str) -> Fact:
    exact = [f for f in facts if f.id == wanted]
    matches = exact or [f for f in facts if f.id.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise QueryError(f"fact {wanted!r} is ambiguous: it could be {', '.join(f.id for f in matches[:5])}")
    raise QueryError(f"no fact {wanted!r}; `summit-tui facts` lists them with their ids")


def cmd_facts(ws: Workspace, args: argparse.Namespace) -> int:
    _ensure_index(ws)
    if args.fact:
        facts = [_resolve_fact(ws.facts(), args.fact)]
    else:
        facts = ws.facts(min_sources=args.min_sources)
    if args.disputed:
        facts = [f for f in facts if f.disputed]
    if args.limit:
        facts = facts[: args.limit]
    if args.json:
        _emit_json({"facts": [_fact_json(f) for f in facts]})
        return 0
    from summit_tui.tui.render import DIM_STYLE, plain

    console = _console()
    articles = ws.articles()
    if not facts:
        console.print(plain("No facts found" + (" with --disputed" if args.disputed else "")
                            + (f" reported by {args.min_sources} or more sources." if args.min_sources > 2 else ".")))
        return 0
    for rank, fact in enumerate(facts, 1):
        if rank > 1:
            console.print()
        _print_comparison_table(console, articles, fact, heading=_fact_heading(fact, rank, len(articles)))
    disputed = sum(1 for f in facts if f.disputed)
    console.print()
    console.print(plain(f"{len(facts)} fact(s), {disputed} with differences, across {len(articles)} article(s)",
                        DIM_STYLE))
    return 0


def _sentence_ref(ws: Workspace, ref: str) -> tuple[str, int]:
    """``ARTICLE:N`` with the article as an id or a unique prefix of one."""
    from summit_tui.facts.compare import parse_sentence_ref

    try:
        article, number = parse_sentence_ref(ref)
    except QueryError:  # said in the option's own terms, with the prefix the CLI allows
        raise QueryError(f"--sentence {ref!r}: expected ARTICLE:N, e.g. 003:12 (an article id or a unique "
                         "prefix of one; sentences count from 0)") from None
    return _resolve_article(ws, article), number


def cmd_compare(ws: Workspace, args: argparse.Namespace) -> int:
    _ensure_index(ws)
    if args.sentence and args.query.strip():
        raise QueryError("give either a QUERY or --sentence ARTICLE:N, not both")
    if args.sentence:
        comparison = ws.compare(sentence=_sentence_ref(ws, args.sentence))
    elif args.query.strip():
        comparison = ws.compare(args.query)
    else:
        raise QueryError("nothing to compare: give a QUERY, or --sentence ARTICLE:N")
    if args.json:
        _emit_json(_comparison_json(comparison))
        return 0
    from summit_tui.tui.render import TITLE_STYLE, plain

    console = _console()
    reporting = len([g for g in comparison.sources.values() if g])
    heading = plain("Compare ", TITLE_STYLE).append(plain(comparison.query, TITLE_STYLE))
    if comparison.anchor:
        heading = plain(f"Compare sentence {comparison.anchor[1]} of {comparison.anchor[0]}", TITLE_STYLE)
    heading.append(plain(f"  ·  reported by {reporting} of {len(comparison.sources)} sources", "dim"))
    _print_comparison_table(console, ws.articles(), comparison, heading=heading)
    return 0


def _fact_heading(fact: Fact, rank: int, total: int) -> Text:
    from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, plain

    number = f"{rank}. "
    line = plain(number, TITLE_STYLE).append(plain(fact.label, TITLE_STYLE))
    meta = [fact.id, f"{fact.source_count}/{total} sources"]
    if fact.defined:
        meta.append("from config")
    if fact.disputed:
        meta.append("sources differ")
    return line.append("\n").append(plain(" " * len(number) + " · ".join(meta), DIM_STYLE))


def _print_comparison_table(console: Console, articles: Sequence[Article], item: Fact | Comparison,
                            *, heading: Text) -> None:
    """One row per source: its statement(s), differing values highlighted,
    agreeing ones marked; silent sources say so. Then what differs, in words."""
    from rich.console import Group
    from rich.table import Table

    from summit_tui.facts.model import Comparison, Fact
    from summit_tui.tui.render import DIM_STYLE, TITLE_STYLE, difference_lines, plain, statement_text

    console.print(heading)
    statements = item.by_article() if isinstance(item, Fact) else {
        aid: group for aid, group in item.sources.items() if group}
    silent = set(item.silent)
    table = Table(box=None, pad_edge=False, show_header=False, padding=(0, 1))
    table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=max(10, console.width // 4))
    table.add_column("statement")
    scored = isinstance(item, Comparison)
    for article in articles:
        source = plain(article.source or article.id, TITLE_STYLE)
        group = statements.get(article.id)
        if group:
            cells = []
            for s in group:
                body = statement_text(s, item.discrepancies, item.agreements)
                # The source column names the article unless an outlet has several.
                ref = f"sentence {s.sentence}" if article.source in ("", article.id) else f"{article.id}:{s.sentence}"
                suffix = f"  [{ref}" + (f" · score {s.score:.2f}]" if scored else "]")
                cells.append(body.append(plain(suffix, DIM_STYLE)))
            table.add_row(source, Group(*cells))
        elif article.id in silent:
            table.add_row(source, plain("— not reported", DIM_STYLE))
    console.print(table)
    differences = difference_lines(item.discrepancies, item.agreements)
    if differences.plain:
        console.print(differences[1:])  # it starts with a line break


# -- saved search profiles: `profiles ...` and the --profile options ------------------
#
# A profiles file summit-tui cannot read never stops a command: its problem is
# printed as one note on stderr and the command carries on with what it could
# read (at least the default profiles).


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
    store = _store(ws)
    loaded = store.load()
    if args.json:
        _emit_json({"profiles": [p.to_json() for p in loaded.profiles], "problem": loaded.problem})
        return 0
    _print_list(loaded.profiles, str(store.path))
    return 0


def _show(ws: Workspace, args: argparse.Namespace) -> int:
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
    if change.rescued is not None:
        _note(f"note: the profiles file could not be read, so it was kept as {change.rescued} before saving")
    if args.json:
        _emit_json(change.profile.to_json())
        return
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


COMMANDS: dict[str | None, Callable[[Workspace, argparse.Namespace], int]] = {
    "index": cmd_index,
    "articles": cmd_articles,
    "search": cmd_search,
    "entities": cmd_entities,
    "facts": cmd_facts,
    "compare": cmd_compare,
    "profiles": cmd_profiles,
    None: cmd_default,
}


# -- entry point -----------------------------------------------------------------

def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from summit_tui.config import load_config
    from summit_tui.workspace import Workspace

    config = load_config(args.config, corpus=args.corpus or (), index=args.index)
    with Workspace(config) as ws:
        return COMMANDS[args.command](ws, args)


def main(argv: Sequence[str] | None = None) -> int:
    debug = bool(os.environ.get("SUMMIT_TUI_DEBUG"))
    try:
        return run(argv)
    except SummitError as exc:
        _note(f"error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _note("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: say so in one line, trace on demand
        if debug:
            raise
        _note(f"internal error: {type(exc).__name__}: {exc} (set SUMMIT_TUI_DEBUG=1 for the traceback)")
        return 1
