"""What a killed process leaves behind, and when it is safe to remove.

Half-written cache entries and half-assembled ``out/`` folders are named
with the PID of the process that writes them. Another build may be writing
its own at the same moment, so only those whose process is gone are removed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path


def tagged(prefix: str) -> str:
    """The start of a leftover's name for this process: ``prefix`` and its PID."""
    return f"{prefix}{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def abandoned(folder: Path, prefix: str) -> Iterator[Path]:
    """Entries of ``folder`` named ``prefix<PID>-…`` whose process no longer runs."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        if not name.startswith(prefix):
            continue
        pid = name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            yield folder / name


def sweep(folder: Path, prefix: str) -> None:
    """Remove the abandoned folders ``prefix<PID>-…`` under ``folder``."""
    for left in abandoned(folder, prefix):
        if left.is_dir() and not left.is_symlink():
            shutil.rmtree(left, ignore_errors=True)
