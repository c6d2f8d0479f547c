"""Progress shows on a terminal for long work, and never in logs or pipes."""

from __future__ import annotations

import io

from irkg.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(10, "articles", stream=stream, delay=0)
    for _ in range(10):
        progress.advance()
    progress.close()
    assert stream.getvalue() == ""


def test_progress_on_a_terminal_says_done_rate_and_time_left_then_clears() -> None:
    stream = Terminal()
    progress = Progress(10, "articles", stream=stream, delay=0, interval=0)
    progress.advance(4)
    assert stream.getvalue().startswith("\rarticles: 4/10, ")
    assert "/s, " in stream.getvalue() and "s left" in stream.getvalue()
    progress.close()
    assert stream.getvalue().endswith("\r\033[K")


def test_quiet_progress_prints_nothing_even_on_a_terminal() -> None:
    stream = Terminal()
    progress = Progress(10, "articles", stream=stream, enabled=False, delay=0)
    progress.advance(10)
    progress.close()
    assert stream.getvalue() == ""
