"""Run one command and measure it: wall time, peak memory of its process tree, CPU use.

A build may fan out into worker processes, so the peak that matters is the
whole tree's, at one moment. A sampler thread reads ``/proc`` every 50 ms and
sums the resident memory of the command and all its descendants alive at
that moment. ``wait4`` supplies what ``/usr/bin/time`` would report (the
largest single process's peak, and user + system CPU of the command and its
waited-for descendants); that single-process peak is a floor for the tree's,
so a spike shorter than a sample is not lost. Without ``/proc`` only the
``wait4`` figures remain.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05
PROC = Path("/proc")


class BenchError(Exception):
    """A step of the benchmark cannot run or failed; the message says which and why."""


@dataclass(frozen=True)
class Measured:
    argv: tuple[str, ...]
    returncode: int
    wall: float
    peak_mib: float
    cpu_percent: float
    stdout: str
    stderr: str

    def ok(self, what: str) -> Measured:
        """``self``, or a :class:`BenchError` quoting the end of the command's output."""
        if self.returncode != 0:
            tail = (self.stderr.strip() or self.stdout.strip()).splitlines()[-5:]
            raise BenchError(f"{what} failed (exit {self.returncode}): {' '.join(self.argv)}\n  "
                             + "\n  ".join(tail))
        return self


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in (PROC / str(pid) / "task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    pids, i = [pid], 0
    while i < len(pids):
        pids += _children(pids[i])
        i += 1
    return pids


def _rss_kib(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in _tree(self.pid)))
            self.done.wait(SAMPLE_SECONDS)


def measure(argv: Sequence[str | Path], cwd: Path,
            env: Mapping[str, str] | None = None) -> Measured:
    """Run ``argv`` in ``cwd`` to completion and measure it; output is captured, not shown."""
    args = tuple(str(a) for a in argv)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=err)
        except OSError as exc:
            raise BenchError(f"cannot run {args[0]}: {exc.strerror}") from None
        sampler = _Sampler(proc.pid)
        if PROC.is_dir():
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        sampler.done.set()
        if sampler.is_alive():
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    maxrss_kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    peak = max(sampler.peak_kib, maxrss_kib) / 1024
    cpu = 100 * (usage.ru_utime + usage.ru_stime) / wall if wall > 0 else 0.0
    return Measured(args, proc.returncode, wall, peak, cpu, stdout, stderr)
