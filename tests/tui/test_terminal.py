"""``summit-tui`` with no command, as a real process: the full screen only on
a terminal (else a note and the article list), start-up timings on request,
and a clean exit (cleanup included) when the terminal hangs up."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from tests.conftest import REPO, run_cli

ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")


class Terminal:
    """``python -m summit_tui ARGS`` on a pseudo-terminal of its own."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, size: tuple[int, int] = (100, 30)) -> None:
        master, slave = pty.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
        full_env.pop("COLUMNS", None)
        full_env.pop("LINES", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "summit_tui", *args], cwd=REPO, env=full_env,
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = b""

    @property
    def text(self) -> str:
        return ANSI.sub("", self.output.decode("utf-8", "replace"))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the other side is closed
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, needle: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text:
            assert time.monotonic() < deadline, f"{needle!r} never appeared:\n{self.text[-2000:]}"
            if not self._read(0.2) and self.proc.poll() is not None:
                raise AssertionError(f"exited ({self.proc.returncode}) before {needle!r}:\n{self.text[-2000:]}")

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self, timeout: float = 20) -> int:
        """Read until the process exits; its return code."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            assert time.monotonic() < deadline, f"still running:\n{self.text[-2000:]}"
            self._read(0.1)
        while self._read(0.1) and select.select([self.master], [], [], 0)[0]:
            pass
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def test_without_a_terminal_it_prints_a_note_and_the_article_list(seeds_index: Path,
                                                                 seeds_workspace) -> None:  # noqa: ANN001
    proc = run_cli("--index", seeds_index)
    assert proc.returncode == 0
    assert proc.stderr.strip() == (
        "summit-tui: not a terminal: printing the article list; use `summit-tui search ...`"
    )
    for article in seeds_workspace.articles():
        assert article.id in proc.stdout


def test_term_dumb_prints_the_article_list_on_a_terminal_too(seeds_index: Path) -> None:
    term = Terminal("--index", str(seeds_index), env={"TERM": "dumb"})
    try:
        assert term.finish() == 0
        assert "TERM=dumb: printing the article list" in term.text
        assert "article(s) in" in term.text
    finally:
        term.close()


def test_q_quits_and_the_startup_report_says_how_long_start_up_took(seeds_index: Path) -> None:
    term = Terminal("--index", str(seeds_index), "--startup-report")
    try:
        term.wait_for("Articles (5)")
        term.send("q")
        assert term.finish() == 0
        report = re.search(r"summit-tui: started in (\d+) ms \(first paint", term.text)
        assert report, term.text[-1000:]
        assert "workspace closed" in term.text
    finally:
        term.close()


def test_a_hang_up_ends_the_app_cleanly(seeds_index: Path) -> None:
    """SIGHUP (a dropped SSH connection): the app exits by itself, its
    cleanup runs (the report is printed after the workspace is closed) and
    no traceback appears."""
    term = Terminal("--index", str(seeds_index), "--startup-report")
    try:
        term.wait_for("Articles (5)")
        os.killpg(term.proc.pid, signal.SIGHUP)
        assert term.finish() == 128 + signal.SIGHUP
        assert "workspace closed" in term.text
        assert "Traceback" not in term.text
    finally:
        term.close()


def test_a_bad_keymap_stops_before_the_screen_opens(seeds_index: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("keymap:\n  serch: ctrl+f\n", encoding="utf-8")
    term = Terminal("--index", str(seeds_index), "--config", str(config))
    try:
        assert term.finish() == 2
        assert "unknown binding id 'serch' (did you mean 'search'?)" in term.text
        assert "Traceback" not in term.text
    finally:
        term.close()


def test_q_during_the_first_index_build_quits_without_waiting_for_it(tmp_path: Path) -> None:
    """The index build is abandoned (it is atomic: nothing half-written is
    taken for an index) and the next start builds it again."""
    from tests.conftest import SEEDS
    from tests.tui.conftest import seeds_config_at
    from summit_tui.workspace import Workspace

    corpus = tmp_path / "many"
    corpus.mkdir()
    seeds = sorted(SEEDS.iterdir())
    for i in range(40):  # long enough to build that q lands in the middle
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (corpus / f"copy_{i:02d}.txt").write_text(f"{text}\n\nCopy number {i} of the seed articles.\n",
                                                 encoding="utf-8")
    index = tmp_path / "index"
    term = Terminal("--corpus", str(corpus), "--index", str(index))
    try:
        term.wait_for("Building the search index")
        term.send("q")
        assert term.finish(timeout=20) == 0
        assert "Traceback" not in term.text
    finally:
        term.close()
    assert Workspace(seeds_config_at(index, corpus)).needs_build()  # no index was left as if complete

    again = Terminal("--corpus", str(corpus), "--index", str(index))
    try:
        again.wait_for("Building the search index")
        again.wait_for("Articles (40)", timeout=90)
        again.send("q")
        assert again.finish() == 0
    finally:
        again.close()
    assert not Workspace(seeds_config_at(index, corpus)).needs_build()


def test_a_profile_saved_in_one_terminal_opens_in_another_and_survives_a_kill(seeds_index: Path) -> None:
    from summit_tui.workspace import Workspace
    from tests.tui.conftest import seeds_config_at

    first = Terminal("--index", str(seeds_index))
    second = None
    try:
        first.wait_for("Articles (5)")
        first.send("/")
        time.sleep(0.5)  # keys sent in one burst can overtake the focus change "/" makes
        first.send("trade\r")
        first.wait_for("articles match")
        first.send("s")
        first.wait_for("Save the search as a profile")
        first.send("From A\r")
        first.wait_for("Saved the profile From A")
        second = Terminal("--index", str(seeds_index), "--profile", "from a")
        second.wait_for("From A")  # the results' title names the profile
        second.wait_for("articles match")
        first.proc.kill()  # SIGKILL: no clean-up at all
        first.proc.wait()
        second.send("p")
        second.wait_for("last used")
        second.send("\x1b")  # Esc (alone: Esc then a letter at once reads as Alt+letter)
        time.sleep(0.5)
        second.send("q")
        assert second.finish() == 0
    finally:
        first.close()
        if second is not None:
            second.close()
    saved = Workspace(seeds_config_at(seeds_index)).profiles.get("From A")
    assert saved.query == "trade"
