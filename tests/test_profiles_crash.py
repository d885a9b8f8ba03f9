"""Profiles under stress: processes killed mid-save and sessions saving at
the same moment. The file must always be the old or the new version, and
nobody's profile may go missing."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from summit_tui.profiles import ProfileStore, SearchProfile

# One Python process (imports paid once) forks a fresh saver per round; the
# test SIGKILLs that saver at a random moment. Each saver reports every save
# that returned ("saved N"), so the test knows the last version that must be
# on disk and the one that may be.
FORKING_SAVER = r"""
import os, sys
from pathlib import Path
from summit_tui.profiles import ProfileStore, SearchProfile

path = Path(sys.argv[1])
out = sys.stdout.fileno()
os.write(out, b"ready\n")
for line in sys.stdin:
    start = int(line.split()[1])
    pid = os.fork()
    if pid == 0:
        try:
            store = ProfileStore(path)
            n = start
            while True:
                n += 1
                store.save(SearchProfile(name="counter", query=f"version {n}",
                                         description="x" * (n % 400)))
                os.write(out, b"saved %d\n" % n)
        except BaseException as exc:  # a save must never fail: tell the test why it did
            os.write(out, b"failed %r\n" % repr(exc).encode())
        finally:
            os._exit(0)
    os.write(out, b"pid %d\n" % pid)
    os.waitpid(pid, 0)
    os.write(out, b"reaped\n")
"""

CONCURRENT_SAVER = r"""
import sys
from pathlib import Path
from summit_tui.profiles import ProfileStore, SearchProfile

store = ProfileStore(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()  # start together
for i in range(20):
    store.save(SearchProfile(name=f"{sys.argv[2]} {i}", query=f"query {i}"))
print("done", flush=True)
"""


class LineReader:
    """Lines from a pipe, with a deadline so a hung child fails the test."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def next(self, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            assert left > 0, "the saver stopped talking"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 65536)
                assert chunk, "the saver exited"
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()


def version_on_disk(path: Path) -> int:
    """The counter in the file, after checking it parses cleanly and that
    the profile saved once at the start is still there."""
    loaded = ProfileStore(path).load()
    assert loaded.problem is None, loaded.problem
    assert loaded.find("kept") is not None
    counter = loaded.find("counter")
    return int(counter.query.split()[1]) if counter else 0


def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "profiles.yaml"
    ProfileStore(path).save(SearchProfile(name="kept", query="saved before the chaos"))
    rng = random.Random(20240516)
    proc = subprocess.Popen([sys.executable, "-c", FORKING_SAVER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    lines = LineReader(proc.stdout.fileno())
    kills = 0
    torn_writes_cleaned = 0
    try:
        assert lines.next(30) == "ready"
        on_disk = 0
        for _ in range(60):
            proc.stdin.write(f"go {on_disk}\n".encode())
            proc.stdin.flush()
            line = lines.next()
            assert line.startswith("pid "), line
            saver = int(line.split()[1])
            time.sleep(rng.uniform(0.0, 0.08))  # a save takes some 10-30 ms: kill before, during, between
            try:
                os.kill(saver, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it already stopped: the lines below say why
            kills += 1
            confirmed = on_disk
            while (line := lines.next()) != "reaped":
                assert not line.startswith("failed"), line
                confirmed = int(line.split()[1])
            now = version_on_disk(path)
            # Old or new: every save that returned is there, and at most the
            # one in flight when the kill came.
            assert now in (confirmed, confirmed + 1), (now, confirmed)
            torn_writes_cleaned += len(list(tmp_path.glob(".profiles.yaml.*.tmp")))
            on_disk = now
    finally:
        proc.kill()
        proc.wait()
    assert kills >= 50
    assert on_disk > 0, "no save ever completed: the kills proved nothing"
    # The next save sweeps away whatever the killed savers left half-written.
    ProfileStore(path).save(SearchProfile(name="after", query="x"))
    assert list(tmp_path.glob(".profiles.yaml.*.tmp")) == []
    assert ProfileStore(path.with_name("profiles.yaml.bak")).load().problem is None
    print(f"{kills} kills, {on_disk} saves, {torn_writes_cleaned} temp files left by killed savers")


def test_two_sessions_saving_at_once_keep_each_others_profiles(tmp_path: Path) -> None:
    path = tmp_path / "profiles.yaml"
    savers = [subprocess.Popen([sys.executable, "-c", CONCURRENT_SAVER, str(path), who],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
              for who in ("left", "right")]
    try:
        for saver in savers:
            assert saver.stdout is not None and saver.stdout.readline().strip() == "ready"
        for saver in savers:
            assert saver.stdin is not None
            saver.stdin.write("go\n")
            saver.stdin.flush()
        for saver in savers:
            out, _ = saver.communicate(timeout=60)
            assert saver.returncode == 0 and out.strip() == "done"
    finally:
        for saver in savers:
            saver.kill()
            saver.wait()
    loaded = ProfileStore(path).load()
    assert loaded.problem is None
    expected = {f"{who} {i}" for who in ("left", "right") for i in range(20)}
    assert {p.name for p in loaded.profiles} == expected
