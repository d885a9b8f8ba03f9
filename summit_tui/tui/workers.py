"""Handing a worker thread's result back to the UI thread, the one way, and
turning a bug in a worker into one line (or, when debugging, the traceback)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.worker import NoActiveWorker, get_current_worker


def call_on_ui(app: App[Any], callback: Callable[..., Any], *args: Any) -> None:
    """Run ``callback(*args)`` on the UI thread from a thread worker; quietly
    nothing once the worker is cancelled (its screen closed, the app going)
    or the app is gone."""
    try:
        if get_current_worker().is_cancelled:
            return
    except NoActiveWorker:
        pass
    try:
        app.call_from_thread(callback, *args)
    except RuntimeError:  # the app closed while a worker was still busy
        pass


def internal_error(exc: Exception) -> str:
    return f"internal error: {type(exc).__name__}: {exc} (set SUMMIT_TUI_DEBUG=1 for the traceback)"


def reraise_when_debugging(exc: Exception) -> None:
    """With SUMMIT_TUI_DEBUG set, a bug in a worker ends the app with its
    traceback; otherwise the caller shows one line and goes on."""
    if os.environ.get("SUMMIT_TUI_DEBUG"):
        raise exc


def bug_message(exc: Exception) -> str:
    """The one line to show for a bug in a worker (re-raised when debugging)."""
    reraise_when_debugging(exc)
    return internal_error(exc)
