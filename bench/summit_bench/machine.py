"""The machine a run happened on, recorded beside every figure."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


def _git(project: Path, *args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:
        return "?"


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def describe_machine(project: Path) -> dict[str, Any]:
    import sqlite3

    commit = _git(project, "rev-parse", "--short", "HEAD")
    dirty = bool(_git(project, "status", "--porcelain", "--untracked-files=no"))
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": affinity,
        "ram_gb": _ram_gb(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "os": platform.platform(),
        "git_commit": commit + ("+uncommitted" if dirty and commit else ""),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "versions": {
            "whoosh-reloaded": _version("whoosh-reloaded"),
            "textual": _version("textual"),
            "sqlite": sqlite3.sqlite_version,
        },
        "load_average_start": load_average(),
    }
