"""Progress on a terminal for work that takes more than a moment: done, rate, time left.

Silent when standard error is not a terminal (CI logs, pipes) or with
``--quiet``, so logs and captured output stay exactly the command's own.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, what: str, *, enabled: bool = True,
                 stream: TextIO | None = None, delay: float = 1.0,
                 interval: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.total, self.what, self.done = total, what, 0
        self.started = self._last = time.monotonic()
        self.delay = delay  # nothing is shown for work that ends sooner
        self.interval = interval  # at most one redraw per interval
        self._shown = False

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if not self.enabled or now - self.started < self.delay or now - self._last < self.interval:
            return
        self._last = now
        rate = self.done / max(now - self.started, 1e-9)
        left = (self.total - self.done) / rate if rate else 0.0
        self.stream.write(f"\r{self.what}: {self.done}/{self.total}, {rate:.1f}/s, "
                          f"{left:.0f} s left ")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
