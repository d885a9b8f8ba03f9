"""A corpus folder that tries everything: encodings, escapes, links, FIFOs.

Every good file must become an Article, every bad one a SkippedFile with a
reason a person can read, and nothing may raise or hang.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import sys
import tempfile
import threading
import unicodedata
from pathlib import Path

import pytest

from summit_tui.corpus import load as load_module
from summit_tui.corpus.load import FoundFile, load_corpus, read_bytes, scan_corpus
from summit_tui.corpus.model import Article, SkippedFile

BODY = (
    "Russian President Vladimir Putin arrived in Beijing on Thursday for talks with Xi Jinping. "
    "The two leaders discussed trade, which reached $240 billion last year."
)
SECOND = "Officials said the visit would last two days and end in Harbin."


def article_text(headline: str, body: str = BODY) -> str:
    return f"{headline}\n\n{body}\n\n{SECOND}\n"


def run_with_timeout(fn, timeout: float = 20.0):
    """Run ``fn`` in a daemon thread so a blocking open cannot hang the suite."""
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - reported below
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "loading the corpus hung (a FIFO or device was opened blocking?)"
    error = result.get("error")
    if isinstance(error, Exception):
        raise AssertionError(f"an exception escaped: {error!r}") from error
    if isinstance(error, BaseException):
        raise error  # pytest.skip() and friends
    return result["value"]


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    w = lambda name, data: (corpus / name).write_bytes(data)  # noqa: E731

    w("bom_utf8.txt", b"\xef\xbb\xbf" + article_text("BOM headline about the summit").encode())
    w("utf16le.txt", b"\xff\xfe" + article_text("UTF-16 LE headline about the summit").encode("utf-16-le"))
    w("utf16be.txt", b"\xfe\xff" + article_text("UTF-16 BE headline about the summit").encode("utf-16-be"))
    w("utf32le.txt", b"\xff\xfe\x00\x00" + article_text("UTF-32 LE headline about the summit").encode("utf-32-le"))
    w("utf32be.txt", b"\x00\x00\xfe\xff" + article_text("UTF-32 BE headline about the summit").encode("utf-32-be"))
    w("utf16_nobom.txt", article_text("BOM-less UTF-16 headline about the summit").encode("utf-16-le"))
    w("cp1252.txt", article_text("Smart quotes headline from Windows").encode("ascii") + b"\x93Quoted words,\x94 he said.\n")
    w("invalid.txt", article_text("Invalid bytes headline for the test").encode() + b"Broken \x81\x8d bytes here.\n")
    w("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    w("empty.txt", b"")
    w("blank.txt", b"   \n\t\n  \r\n")
    w("only_controls.txt", b"\x1b[31m\x07\x7f\xe2\x80\x8b\n")
    w(
        "escapes.txt",
        article_text(
            "Escape \x1b[31mred\x1b[0m headline for the test",
            "Putin \x1b]52;c;SGVsbG8=\x07arrived in \u009b31mBeijing on Thursday.\x7f "
            "Xi\u202e greeted\u2066 him\u200b warmly\ufeff at the Great Hall.",
        ).encode(),
    )
    w("markup.txt", article_text("Ukraine [/] talks [@click=app.quit]").encode())
    w("crlf.txt", article_text("CRLF newlines headline for the test").replace("\n", "\r\n").encode())
    w("cr.txt", article_text("CR newlines headline for the test").replace("\n", "\r").encode())
    w("furniture_only.txt", b"Menu\n\nLog In\nSubscribe\n\xe2\x80\xa2 Share\nAdvertisement\nComments 3\n")
    w("notes.pdf", b"%PDF-1.4 not an article")
    w(".hidden.txt", article_text("Hidden file headline not to be read").encode())
    (corpus / ".git").mkdir()
    (corpus / ".git" / "config.txt").write_text(article_text("Hidden folder headline not read"))
    w("big.txt", article_text("Big file headline for the cap").encode() + b"x " * 4000)

    (corpus / "a").mkdir()
    (corpus / "b").mkdir()
    (corpus / "a" / "story.txt").write_text(article_text("First story with a shared stem"))
    (corpus / "b" / "story.txt").write_text(article_text("Second story with a shared stem"))
    (corpus / "b" / "story_copy.txt").write_text(article_text("First story with a shared stem"))

    # Names are data too: an escape sequence and bytes that are not UTF-8.
    w("esc\x1b[31m.txt", article_text("Escape in the file name headline").encode())
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_bytes(article_text("Latin-1 file name headline").encode())

    os.mkfifo(corpus / "pipe.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text(article_text("Outside file headline not to be read"))
    os.symlink(outside, corpus / "outside_link.txt")
    os.symlink(tmp_path, corpus / "outside_dir")
    os.symlink(corpus, corpus / "loop")
    os.symlink("self_loop.txt", corpus / "self_loop.txt")
    os.symlink(corpus / "does_not_exist.txt", corpus / "broken.txt")
    os.symlink(corpus / "a" / "story.txt", corpus / "z_alias.txt")
    return corpus


EXPECTED_ARTICLES = {
    "bom_utf8": "BOM headline about the summit",
    "utf16le": "UTF-16 LE headline about the summit",
    "utf16be": "UTF-16 BE headline about the summit",
    "utf32le": "UTF-32 LE headline about the summit",
    "utf32be": "UTF-32 BE headline about the summit",
    "utf16_nobom": "BOM-less UTF-16 headline about the summit",
    "cp1252": "Smart quotes headline from Windows",
    "invalid": "Invalid bytes headline for the test",
    "escapes": "Escape red headline for the test",
    "markup": "Ukraine [/] talks [@click=app.quit]",
    "crlf": "CRLF newlines headline for the test",
    "cr": "CR newlines headline for the test",
    "story": "First story with a shared stem",
    "b/story": "Second story with a shared stem",
    "esc": "Escape in the file name headline",
    "caf\ufffd": "Latin-1 file name headline",
}

EXPECTED_SKIPS = {
    "binary.txt": "binary file (contains NUL bytes)",
    "empty.txt": "empty file",
    "blank.txt": "empty file",
    "only_controls.txt": "empty file",
    "furniture_only.txt": "no article text left after removing page furniture",
    "notes.pdf": "not an article file (name does not match *.txt, *.md, *.text)",
    "big.txt": "larger than the 4 KB size cap",
    "pipe.txt": "not a regular file (FIFO)",
    "outside_link.txt": "symlink points outside the corpus folder",
    "outside_dir": "symlink points outside the corpus folder",
    "loop": "symlink loop",
    "self_loop.txt": "symlink loop",
    "broken.txt": "broken symlink",
}


def load_hostile(corpus: Path) -> tuple[list[Article], list[SkippedFile]]:
    return run_with_timeout(lambda: load_corpus([corpus], max_bytes=4096))


def test_every_good_file_becomes_an_article(hostile: Path) -> None:
    articles, _ = load_hostile(hostile)
    titles = {a.id: a.title for a in articles}
    assert titles == EXPECTED_ARTICLES


def test_every_bad_file_is_skipped_with_a_readable_reason(hostile: Path) -> None:
    _, skipped = load_hostile(hostile)
    reasons = {Path(s.path).relative_to(hostile).as_posix(): s.reason for s in skipped}
    for name, reason in EXPECTED_SKIPS.items():
        assert reasons.get(name) == reason, name
    assert reasons["b/story_copy.txt"] == f"same content as {hostile / 'a' / 'story.txt'}"
    assert reasons["z_alias.txt"] == f"same file as {hostile / 'a' / 'story.txt'}"
    expected = set(EXPECTED_SKIPS) | {"b/story_copy.txt", "z_alias.txt"}
    assert set(reasons) == expected, "unexpected skips"


def test_hidden_files_are_ignored_silently(hostile: Path) -> None:
    articles, skipped = load_hostile(hostile)
    everything = [Path(p).relative_to(hostile).as_posix() for p in [a.path for a in articles] + [s.path for s in skipped]]
    assert everything and not any(p.startswith(".") for p in everything)


def test_no_terminal_control_reaches_the_text(hostile: Path) -> None:
    articles, _ = load_hostile(hostile)
    forbidden = {"\x1b", "\x07", "\x7f", "\x9b", "\u202e", "\u2066", "\u200b", "\ufeff", "\r"}
    for article in articles:
        for value in (article.text, article.title):
            assert not forbidden & set(value), article.id
            assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in value), article.id
    escapes = next(a for a in articles if a.id == "escapes")
    # Whole escape sequences go, not just the ESC: no "[31m" or "52;c;" left behind.
    assert "[31m" not in escapes.text and "31m" not in escapes.title and "52;c" not in escapes.text
    assert "Putin arrived in Beijing on Thursday." in escapes.text
    assert "Xi greeted him warmly at the Great Hall." in escapes.text
    assert any("control or invisible characters removed" in n for n in escapes.notes)


def test_markup_is_kept_literally(hostile: Path) -> None:
    articles, _ = load_hostile(hostile)
    markup = next(a for a in articles if a.id == "markup")
    assert markup.title == "Ukraine [/] talks [@click=app.quit]"
    assert not markup.title_derived


def test_decoding_notes_and_text(hostile: Path) -> None:
    articles = {a.id: a for a in load_hostile(hostile)[0]}
    assert "“Quoted words,” he said." in articles["cp1252"].text
    assert articles["cp1252"].notes == ("not valid UTF-8: decoded as Windows-1252",)
    assert "2 undecodable bytes replaced" in articles["invalid"].notes
    assert "Broken \ufffd\ufffd bytes here." in articles["invalid"].text
    assert any("UTF-16 LE" in n for n in articles["utf16_nobom"].notes)
    for name in ("bom_utf8", "utf16le", "utf16be", "utf32le", "utf32be", "crlf", "cr"):
        assert articles[name].notes == (), name
        assert articles[name].text == articles["bom_utf8"].text, name
        assert len(articles[name].paragraphs) == 2 and len(articles[name].sentences) == 3, name


def test_duplicate_stems_get_unique_ids(hostile: Path) -> None:
    scan = run_with_timeout(lambda: scan_corpus([hostile], max_bytes=4096))
    ids = [f.article_id for f in scan.files]
    assert len(ids) == len(set(ids))
    by_path = {f.path.relative_to(hostile).as_posix(): f.article_id for f in scan.files}
    assert by_path["a/story.txt"] == "story"
    assert by_path["b/story.txt"] == "b/story"
    assert by_path["b/story_copy.txt"] == "story_copy"


def test_scan_order_is_stable(hostile: Path) -> None:
    first = run_with_timeout(lambda: scan_corpus([hostile]))
    second = run_with_timeout(lambda: scan_corpus([hostile]))
    assert first == second
    paths = [f.path.relative_to(hostile).as_posix() for f in first.files]
    assert paths.index("a/story.txt") < paths.index("b/story.txt") < paths.index("bom_utf8.txt")


def test_missing_root_and_single_file_roots(tmp_path: Path, hostile: Path) -> None:
    missing = tmp_path / "nowhere"
    roots = [missing, hostile / "markup.txt", hostile / "pipe.txt", hostile / "notes.pdf"]
    articles, skipped = run_with_timeout(lambda: load_corpus(roots))
    assert skipped == [
        SkippedFile(str(missing), "corpus folder not found"),
        SkippedFile(str(hostile / "pipe.txt"), "not a regular file (FIFO)"),
        SkippedFile(str(hostile / "notes.pdf"), "not an article file (name does not match *.txt, *.md, *.text)"),
    ]
    assert [a.id for a in articles] == ["markup"]


def test_size_cap_is_reported_in_human_units(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (10 * 1024 * 1024 + 1))
    scan = scan_corpus([tmp_path])
    assert scan.skipped == (SkippedFile(str(big), "larger than the 10 MB size cap"),)


def test_read_bytes_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    # The scan saw a regular file, then it was swapped for a FIFO.
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    result = run_with_timeout(lambda: read_bytes(FoundFile(fifo, "swapped")))
    assert result == SkippedFile(str(fifo), "not a regular file (FIFO)")


def test_read_bytes_cap_applies_to_what_is_read(tmp_path: Path) -> None:
    path = tmp_path / "grown.txt"
    path.write_bytes(b"x" * 100)
    assert read_bytes(FoundFile(path, "grown"), max_bytes=99) == SkippedFile(str(path), "larger than the 99 bytes size cap")
    assert read_bytes(FoundFile(path, "grown"), max_bytes=100) == b"x" * 100


def test_read_errors_become_skips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "flaky.txt"
    path.write_text(article_text("Flaky disk headline for the test"))
    vanished = tmp_path / "vanished.txt"

    def failing_read(fd: int, n: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    assert read_bytes(FoundFile(vanished, "vanished")) == SkippedFile(
        str(vanished), "file disappeared before it could be read"
    )
    monkeypatch.setattr(load_module.os, "read", failing_read)
    assert read_bytes(FoundFile(path, "flaky")) == SkippedFile(str(path), "cannot read file: input/output error")


def _permission_corpus() -> Path:
    # Outside pytest's private (0700) tmp folder, so an unprivileged child can
    # reach it.
    base = Path(tempfile.mkdtemp(prefix="summit-perm-"))
    base.chmod(0o755)
    (base / "ok.txt").write_text(article_text("Readable headline for the test"))
    (base / "secret.txt").write_text(article_text("Secret headline for the test"))
    (base / "locked").mkdir()
    (base / "locked" / "inside.txt").write_text(article_text("Locked folder headline"))
    for path in (base / "ok.txt",):
        path.chmod(0o644)
    (base / "secret.txt").chmod(0o000)
    (base / "locked").chmod(0o000)
    return base


def _summarise(corpus: Path) -> dict[str, object]:
    articles, skipped = load_corpus([corpus])
    return {
        "articles": [a.id for a in articles],
        "skipped": {Path(s.path).relative_to(corpus).as_posix(): s.reason for s in skipped},
    }


def _load_unprivileged(corpus: Path) -> dict[str, object]:
    """Root reads through chmod 000, so run the load in a forked child that
    has dropped to ``nobody`` (fork, not exec: the interpreter under /root
    would not be reachable for ``nobody``)."""
    if os.geteuid() != 0:
        return _summarise(corpus)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 0
        try:
            os.close(read_end)
            try:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            except OSError:
                os._exit(CANNOT_DEMOTE)
            os.write(write_end, json.dumps(_summarise(corpus)).encode())
        except BaseException:  # noqa: BLE001 - any failure is reported by exit code
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        payload = fh.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == CANNOT_DEMOTE:
        pytest.skip("cannot drop root privileges here (user namespace?)")
    assert code == 0, "unprivileged child failed"
    return json.loads(payload)


CANNOT_DEMOTE = 3


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_file_and_folder_are_skipped() -> None:
    corpus = _permission_corpus()
    try:
        result = run_with_timeout(lambda: _load_unprivileged(corpus))
    finally:
        (corpus / "locked").chmod(stat.S_IRWXU)
        shutil.rmtree(corpus)
    assert result["articles"] == ["ok"]
    assert result["skipped"] == {
        "locked": "cannot read folder: permission denied",
        "secret.txt": "cannot read file: permission denied",
    }


def test_control_heavy_bytes_and_line_dumps_are_not_articles(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    corpus = tmp_path / "dumps"
    corpus.mkdir()
    (corpus / "noise.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(50_000)))
    (corpus / "lines.txt").write_text("a\n" * 250_000)
    (corpus / "coloured.txt").write_text(article_text("A log-ish story with \x1b[1mcolour\x1b[0m codes"))
    articles, skipped = run_with_timeout(lambda: load_corpus([corpus]))
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons["noise.txt"].startswith("binary file (") and "control codes" in reasons["noise.txt"]
    assert reasons["lines.txt"].startswith("too many lines for an article (250,000 lines")
    assert [a.id for a in articles] == ["coloured"]
