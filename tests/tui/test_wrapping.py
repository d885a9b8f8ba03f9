"""Wrapping article text to the pane: the reader maps matches to lines with
it, and the results pane clips each snippet to a few lines with it."""

from __future__ import annotations

from rich.text import Text

from summit_tui.tui.render import clip_lines, line_spans, wrap_with_offsets

SENTENCE = ("Bilateral trade reached $240 billion last year, a 64% rise since February 2022, "
            "according to the Chinese customs agency in Beijing.")


def test_lines_keep_their_offsets_and_fit_the_width() -> None:
    text = Text(SENTENCE + "\nA second paragraph.")
    lines = wrap_with_offsets(text, 24)
    assert [(line.start, line.end) for line in lines] == line_spans(text.plain, 24)
    for line in lines:
        assert line.text.plain == text.plain[line.start:line.end]
        assert len(line.text.plain.rstrip()) <= 24
    assert "".join(line.text.plain for line in lines[:-1]).startswith("Bilateral trade reached")
    assert lines[-1].text.plain == "A second paragraph."


def test_a_word_wider_than_the_line_is_folded() -> None:
    spans = line_spans("x" * 25, 10)
    assert spans == [(0, 10), (10, 20), (20, 25)]


def test_clipping_keeps_styles_and_ends_in_an_ellipsis() -> None:
    text = Text(SENTENCE)
    start = SENTENCE.index("$240 billion")
    text.stylize("reverse", start, start + len("$240 billion"))
    clipped = clip_lines(text, 30, 2)
    assert clipped.plain.endswith("…")
    assert len(line_spans(clipped.plain, 30)) == 2
    assert SENTENCE.startswith(clipped.plain[:-1].rstrip())
    short = clip_lines(text, 200, 2)
    assert short.plain == SENTENCE  # fits: untouched
    wide = clip_lines(text, 40, 2)
    styled = [s for s in wide.spans if s.style == "reverse"]
    assert [wide.plain[s.start:s.end] for s in styled] == ["$240 billion"]
