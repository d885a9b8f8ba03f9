"""The Textual app: wiring only. The main screen does the work; this holds
the workspace, the keymap, the palette provider, help, and a clean exit on
hang-up (SIGHUP: a dropped SSH connection)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import App
from textual.screen import Screen

from summit_tui.tui.keymap import bindings_for
from summit_tui.tui.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.command import Provider

    from summit_tui.profiles import SearchProfile
    from summit_tui.workspace import Workspace

HANGUP_EXIT = 128 + signal.SIGHUP


def _summit_commands() -> type[Provider]:
    """The palette provider, imported when the palette first opens."""
    from summit_tui.tui.commands import SummitCommands

    return SummitCommands


def process_start() -> float | None:
    """When this process started, on the ``time.perf_counter`` clock (Linux);
    None where /proc cannot tell."""
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        started_ticks = int(fields[19])  # field 22 of stat(5), counted after the ")"
        with open("/proc/uptime", "rb") as f:
            uptime = float(f.read().split()[0])
        age = uptime - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    return time.perf_counter() - max(0.0, age)


@dataclass
class StartupTimings:
    """Start-up milestones on the ``perf_counter`` clock (posting logs the
    same "started in N ms"); ``summit-tui --startup-report`` prints them."""

    origin: float  # process start, or when the CLI chose the TUI
    ui_imported: float | None = None
    first_paint: float | None = None
    first_paint_cpu: float | None = None  # CPU seconds of the process by then (steady on a busy machine)
    articles_listed: float | None = None

    def report(self) -> str:
        def ms(moment: float | None) -> str:
            return "—" if moment is None else f"{(moment - self.origin) * 1000:.0f} ms"

        cpu = "" if self.first_paint_cpu is None else f", {self.first_paint_cpu * 1000:.0f} ms CPU"
        return (f"started in {ms(self.first_paint)} (first paint{cpu}; UI imported at {ms(self.ui_imported)}), "
                f"articles listed at {ms(self.articles_listed)}")


class SummitApp(App[int]):
    CSS_PATH = "summit.tcss"
    TITLE = "summit-tui"
    BINDINGS = bindings_for("app")
    COMMANDS = App.COMMANDS | {_summit_commands}

    def __init__(self, workspace: Workspace, *, keymap: Mapping[str, str] | None = None,
                 timings: StartupTimings | None = None, start_profile: SearchProfile | None = None) -> None:
        """``start_profile``: run this saved profile once the articles are
        listed (``summit-tui --profile NAME``)."""
        super().__init__()
        self.workspace = workspace
        self.start_profile = start_profile
        self.keymap_overrides: dict[str, str] = dict(keymap or {})
        self.timings = timings or StartupTimings(origin=time.perf_counter())
        self.hung_up = False

    def get_default_screen(self) -> Screen:
        return MainScreen(self.workspace, start_profile=self.start_profile)

    def on_mount(self) -> None:
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hang_up)
        except (NotImplementedError, RuntimeError, ValueError):  # no SIGHUP here (Windows)
            pass

    def on_ready(self) -> None:
        self.timings.first_paint = time.perf_counter()
        self.timings.first_paint_cpu = time.process_time()
        main = self.screen_stack[0] if self.screen_stack else None
        if isinstance(main, MainScreen):
            main.start_loading()

    def _hang_up(self) -> None:
        """The terminal is gone: leave the way ``q`` does, so cleanup runs."""
        self.hung_up = True
        self.exit(HANGUP_EXIT)

    def action_help(self) -> None:
        from summit_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def run_app(workspace: Workspace, *, keymap: Mapping[str, str] | None = None,
            timings: StartupTimings | None = None, startup_report: bool = False,
            start_profile: SearchProfile | None = None) -> int:
    """Run the TUI until it quits; the workspace is closed whatever happens.
    ``start_profile``: the profile ``--profile NAME`` named, run on start."""
    app = SummitApp(workspace, keymap=keymap, timings=timings, start_profile=start_profile)
    try:
        code = app.run()
    finally:
        workspace.close()
    if startup_report:
        try:
            print(f"summit-tui: {app.timings.report()}; workspace closed", file=sys.stderr)
        except OSError:  # the terminal hung up: nobody is there to read it
            pass
    return HANGUP_EXIT if app.hung_up else (code or 0)
