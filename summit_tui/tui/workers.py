"""Handing a worker thread's result back to the UI thread, the one way."""

from __future__ import annotations

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
