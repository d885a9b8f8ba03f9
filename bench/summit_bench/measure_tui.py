"""The TUI in a real terminal: tmux runs it, the harness polls the pane.

* First paint: from asking tmux to start the program to the pane showing
  its first frame, as a ratio to a minimal Textual app (one Static and a
  Footer) measured in the same run, alternating A/B then B/A. The minimal
  app's first frame is its Static's text; summit-tui's is its search bar
  (``Search words…``, the label and the placeholder) or its footer
  (``? Help``), whichever shows first: the app paints, then opens the index
  and lists the articles in workers, so the list is not part of the frame.
* Articles listed: in the same launches, the time until the article list
  shows known titles (what "first paint" measured before): reported beside
  it, without a target.
* Keystroke → results: with summit-tui open, ``/``, the box cleared, and
  all but the last letter of a one-word query typed and settled; then the
  last letter and Enter are sent, and the time until the pane shows the top
  hit's title (found in-process beforehand) is taken, so search-as-you-type
  and search-on-Enter are both timed to the results' paint. One session:
  the first search is untimed (warm-up).
* Resident memory of the summit-tui process (VmRSS and its peak, VmHWM)
  after those searches.

Its own tmux server (``tmux -L summit-bench-<pid>``) so nobody's sessions
are touched; it is killed at the end.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from summit_bench.context import Context
from summit_bench.model import Figure, Planned, Unavailable, at_most, median, p95

TUI = "TUI (tmux, 120×40)"
_WIDTH, _HEIGHT = 120, 40
_POLL = 0.004  # between pane captures
_QUIET = 0.3  # a pane unchanged this long has finished painting
_TIMEOUT = 60.0

MINIMAL_APP = Path(__file__).with_name("minimal_app.py")
MINIMAL_READY = "summit-bench minimal app ready"  # minimal_app.READY_TEXT
# Text of summit-tui's first frame: the search bar's label and the start of
# its placeholder, and the footer's help key (the footer shows a moment
# after the search bar). Either one on screen means the first frame is.
SUMMIT_FIRST_FRAME = ("Search words", "? Help")

TUI_FIGURES = (
    Planned("tui.first_paint", "first paint: summit-tui ÷ minimal Textual app, first frame each (median of paired "
            "ratios)", "×", at_most(1.25, "≤ 1.25×")),
    Planned("tui.first_paint_summit", "first paint: summit-tui (first frame: search bar or footer shown)", "ms"),
    Planned("tui.first_paint_minimal", "first paint: minimal Textual app (Static + Footer; its Static shown)", "ms"),
    Planned("tui.articles_listed", "articles listed: summit-tui (first titles in the article list)", "ms"),
    Planned("tui.keystroke", "keystroke → results painted", "ms", at_most(50, "≤ 50 ms")),
    Planned("tui.rss", "summit-tui resident memory after searching (VmRSS)", "MB", at_most(150, "≤ 150 MB")),
    Planned("tui.rss_peak", "summit-tui peak resident memory (VmHWM)", "MB"),
    Planned("tui.rss_minimal", "minimal Textual app resident memory", "MB"),
)


class Tmux:
    """One private tmux server with one pane of a fixed size."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.base = ["tmux", "-L", f"summit-bench-{os.getpid()}", "-f", "/dev/null"]
        self.target = "bench:0.0"
        self._run("new-session", "-d", "-s", "bench", "-x", str(_WIDTH), "-y", str(_HEIGHT), "exec sleep 1000000")
        self._run("set-option", "-g", "remain-on-exit", "on")
        self._run("set-option", "-g", "escape-time", "0")
        self.socket = self._run("display-message", "-p", "#{socket_path}").strip()

    def _run(self, *args: str) -> str:
        out = subprocess.run([*self.base, *args], capture_output=True, text=True, env=self.env, timeout=30)
        if out.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {out.stderr.strip()}")
        return out.stdout

    def start(self, command: str) -> None:
        self._run("respawn-pane", "-k", "-t", self.target, f"exec {command}")

    def blank(self) -> None:
        self.start("sleep 1000000")

    def capture(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.target)

    def send(self, *keys: str, literal: bool = False) -> None:
        self._run("send-keys", "-t", self.target, *(("-l",) if literal else ()), *keys)

    def pane(self, field: str) -> str:
        return self._run("display-message", "-p", "-t", self.target, f"#{{{field}}}").strip()

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, env=self.env, timeout=30)
        if self.socket:  # tmux leaves its socket file behind
            Path(self.socket).unlink(missing_ok=True)


def _wait_for(tmux: Tmux, ready: Callable[[str], bool], t0: float, timeout: float = _TIMEOUT) -> tuple[float, str]:
    while True:
        text = tmux.capture()
        if ready(text):
            return time.perf_counter() - t0, text
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"nothing recognisable painted in {timeout:.0f} s; pane shows: {text.strip()[:300]!r}")
        time.sleep(_POLL)


def _ascii_head(title: str, most: int = 14) -> str:
    head = title[:most]
    for i, c in enumerate(head):
        if not c.isascii():
            return head[:i].rstrip()
    return head


def _wait_for_results(tmux: Tmux, baseline: str, probes: list[str], t0: float, timeout: float = 10.0) -> float | None:
    """Seconds until the pane differs from ``baseline`` and shows one of
    ``probes`` (the top hits' titles); None if it never does."""
    while time.perf_counter() - t0 < timeout:
        text = tmux.capture()
        if text != baseline and any(p in text for p in probes):
            return time.perf_counter() - t0
        time.sleep(_POLL)
    return None


# Typed to see that the search box takes keys: digits, because a letter
# could be a key binding (q quits) while the box does not have the focus.
_SENTINEL = "73519"


def _until_search_takes_keys(tmux: Tmux) -> None:
    """Right after its first paint the app may not take keys yet: type a
    sentinel into the search box until it shows, then clear it."""
    for _ in range(15):
        tmux.send("/")
        tmux.send("End", "C-u")  # a Textual Input: cursor to the end, delete to the start
        tmux.send(_SENTINEL, literal=True)
        try:
            _wait_for(tmux, lambda pane: _SENTINEL in pane, time.perf_counter(), timeout=2.0)
        except TimeoutError:
            tmux.send("Escape")
            continue
        tmux.send("End", "C-u")
        _quiet(tmux)
        return
    raise RuntimeError("the search box never showed typed text: has the TUI's search key (/) changed?")


def _type_into_search(tmux: Tmux, text: str) -> str:
    """Focus the search box (``/`` may move the focus after a moment: keys
    sent at once can be lost), clear it, type ``text``; the settled pane."""
    _until_search_takes_keys(tmux)
    tmux.send(text, literal=True)
    return _quiet(tmux)


def _quiet(tmux: Tmux) -> str:
    """The pane's text once it has not changed for ``_QUIET`` s."""
    text, since = tmux.capture(), time.perf_counter()
    t0 = since
    while time.perf_counter() - since < _QUIET:
        time.sleep(_POLL)
        now_text = tmux.capture()
        if now_text != text:
            text, since = now_text, time.perf_counter()
        if time.perf_counter() - t0 > _TIMEOUT:
            raise TimeoutError("the pane never settled")
    return text


def first_paint(tmux: Tmux, command: str, ready: Callable[[str], bool]) -> float:
    return first_paints(tmux, command, ready)[0]


def first_paints(tmux: Tmux, command: str, *stages: Callable[[str], bool]) -> list[float]:
    """Start ``command`` on a blank pane; milliseconds until each of
    ``stages`` (predicates on the pane's text) first holds, from one launch.
    A later stage seen first also marks the earlier ones (they cannot be
    seen any sooner)."""
    tmux.blank()
    _wait_for(tmux, lambda text: not any(ready(text) for ready in stages), time.perf_counter())
    t0 = time.perf_counter()
    tmux.start(command)
    seen: list[float | None] = [None] * len(stages)
    while True:
        text = tmux.capture()
        now = time.perf_counter() - t0
        for i in range(len(stages) - 1, -1, -1):
            if seen[i] is None and (stages[i](text) or (i + 1 < len(stages) and seen[i + 1] is not None)):
                seen[i] = now
        if all(s is not None for s in seen):
            return [s * 1000 for s in seen if s is not None]
        if now > _TIMEOUT:
            waiting = [i for i, s in enumerate(seen) if s is None]
            raise TimeoutError(f"stage(s) {waiting} never painted in {_TIMEOUT:.0f} s; "
                               f"pane shows: {text.strip()[:300]!r}")
        time.sleep(_POLL)


def _rss_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _index_state(index: Path) -> list[tuple[str, int, int]]:
    return sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in index.iterdir() if p.is_file())


def _title_probes(titles: list[str]) -> list[str]:
    """Start-of-title snippets a list row would show (ASCII, so quotes and
    accents the terminal may draw differently do not matter)."""
    probes = set()
    for title in titles:
        head = title[:14]
        if len(head) == 14 and head.isascii():
            probes.add(head)
    return sorted(probes)


def _check_available() -> None:
    if shutil.which("tmux") is None:
        raise Unavailable("tmux not installed")
    if importlib.util.find_spec("textual") is None:
        raise Unavailable("textual not installed")
    if importlib.util.find_spec("summit_tui.tui.app") is None:
        raise Unavailable("the Textual app (summit_tui.tui.app) is not there yet")


def measure_tui(ctx: Context) -> list[Figure]:
    _check_available()
    if MINIMAL_READY not in MINIMAL_APP.read_text(encoding="utf-8"):
        raise RuntimeError("MINIMAL_READY no longer matches minimal_app.READY_TEXT")
    index = ctx.index()
    probes = _title_probes([a.title for a in ctx.articles()])
    summit_cmd = shlex.join(ctx.summit_args(index))
    minimal_cmd = shlex.join([sys.executable, str(MINIMAL_APP)])

    def summit_ready(text: str) -> bool:  # the article list shows titles
        return sum(p in text for p in probes) >= 2

    def summit_first_frame(text: str) -> bool:
        return any(marker in text for marker in SUMMIT_FIRST_FRAME)

    def minimal_ready(text: str) -> bool:
        return MINIMAL_READY in text

    by_id = {p.id: p for p in TUI_FIGURES}
    index_before = _index_state(index)
    tmux = Tmux(ctx.child_env())
    try:
        # Untimed first runs: .pyc files and the page cache, and a check
        # that summit-tui stays open (a CLI listing would also show titles).
        first_paint(tmux, minimal_cmd, minimal_ready)
        first_paint(tmux, summit_cmd, summit_ready)
        time.sleep(0.5)
        if tmux.pane("pane_dead") == "1":
            raise Unavailable("summit-tui printed the list and exited: the TUI does not open yet")
        summit_ms: list[float] = []
        listed_ms: list[float] = []
        minimal_ms: list[float] = []
        ratios: list[float] = []
        for i in range(ctx.preset.tui_rounds):
            if i % 2 == 0:
                a = first_paint(tmux, minimal_cmd, minimal_ready)
                b, listed = first_paints(tmux, summit_cmd, summit_first_frame, summit_ready)
            else:
                b, listed = first_paints(tmux, summit_cmd, summit_first_frame, summit_ready)
                a = first_paint(tmux, minimal_cmd, minimal_ready)
            minimal_ms.append(a)
            summit_ms.append(b)
            listed_ms.append(listed)
            ratios.append(b / a)
        first_paint(tmux, minimal_cmd, minimal_ready)
        time.sleep(0.3)
        minimal_rss, _ = _rss_mb(int(tmux.pane("pane_pid")))
        rounds = ctx.preset.tui_rounds
        n = len(ctx.articles())
        listed_ratios = [listed / a for listed, a in zip(listed_ms, minimal_ms)]
        figures = [
            by_id["tui.first_paint"].figure(
                TUI, value=median(ratios), p95=p95(ratios), samples=rounds,
                note=f"{n:,}-article index; ratio of medians {median(summit_ms) / median(minimal_ms):.2f}"),
            by_id["tui.first_paint_summit"].figure(
                TUI, value=median(summit_ms), p95=p95(summit_ms), samples=rounds,
                note="until `Search words` (search bar) or `? Help` (footer) shows"),
            by_id["tui.first_paint_minimal"].figure(TUI, value=median(minimal_ms), p95=p95(minimal_ms), samples=rounds),
            by_id["tui.articles_listed"].figure(
                TUI, value=median(listed_ms), p95=p95(listed_ms), samples=rounds,
                note=(f"same launches as the first paint; until two known titles show; "
                      f"÷ minimal app's first frame {median(listed_ratios):.2f}× (median of paired ratios)")),
        ]
        figures += _keystrokes(ctx, tmux, summit_cmd, summit_ready, by_id, n)
        figures.append(by_id["tui.rss_minimal"].figure(TUI, value=minimal_rss, samples=1))
        if _index_state(index) != index_before:
            for f in figures:
                f.note = ("summit-tui wrote to the index during these runs (did it re-index at start-up?); "
                          + f.note).strip("; ")
        return figures
    finally:
        tmux.close()


def _keystrokes(ctx: Context, tmux: Tmux, summit_cmd: str, summit_ready: Callable[[str], bool],
                by_id: dict[str, Planned], n: int) -> list[Figure]:
    """Keystroke → results, then the memory of that (searched) process."""
    workspace = ctx.workspace()
    qs = ctx.queries()
    # Each query with the heads of its top three titles: any of them on
    # screen means the results are painted (near-ties may be ordered
    # differently by the TUI).
    probes: list[tuple[str, list[str]]] = []
    for q in qs.kinds["term"]:
        heads = [_ascii_head(h.title) for h in workspace.search(q.summit, limit=3).hits]
        heads = [h for h in heads if len(h) >= 8]
        if heads:
            probes.append((q.summit, heads))
    samples: list[float] = []
    missed: list[str] = []
    first_paint(tmux, summit_cmd, summit_ready)
    # One session: an untimed search first (imports, searcher warm-up), then
    # the timed ones, each typed into the cleared search box.
    warmed = False
    for query, probe in probes:
        if len(samples) >= ctx.preset.tui_rounds:
            break
        baseline = _type_into_search(tmux, query[:-1])
        if any(p in baseline for p in probe):  # on screen already: cannot tell when results arrive
            continue
        t0 = time.perf_counter()
        tmux.send(query[-1], "Enter")
        elapsed = _wait_for_results(tmux, baseline, probe, t0)
        _quiet(tmux)
        if not warmed:
            warmed = True
            continue
        if elapsed is None:
            missed.append(query)
        else:
            samples.append(elapsed * 1000)
    if not samples:
        raise RuntimeError(f"no search result ever showed its top hit's title (queries {missed}); "
                           "has the TUI's search key (/) or box changed?")
    rss, peak = _rss_mb(int(tmux.pane("pane_pid")))
    note = (f"{n:,} articles; {len(samples)} one-word queries in one session after an untimed one; until "
            "one of the top 3 titles shows" + (f"; never showed for {', '.join(missed)}" if missed else ""))
    return [
        by_id["tui.keystroke"].figure(TUI, value=median(samples), p95=p95(samples), samples=len(samples), note=note),
        by_id["tui.rss"].figure(TUI, value=rss, samples=1, note=f"{n:,}-article index, after {len(samples)} searches"),
        by_id["tui.rss_peak"].figure(TUI, value=peak, samples=1),
    ]
