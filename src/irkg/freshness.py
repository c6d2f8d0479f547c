"""Whether ``out/`` is what the seeds build: ``irkg build --check``.

A pull request that edits annotations must commit the rebuilt graph too, or
``out/`` silently lags the seeds it claims to come from. The check rebuilds
in memory and compares bytes (the serialisers are deterministic), and shows
a unified diff of the files as text, since the point is what to commit.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from irkg.errors import OutOfDate, display_path
from irkg.pipeline import build_validated, render

MAX_DIFF_LINES = 200


def unified(old: str, new: str, name: str, max_lines: int = MAX_DIFF_LINES) -> str:
    """A unified diff of ``name``, cut after ``max_lines`` lines with a note of the rest."""
    lines = list(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                      f"{name} (in out/)", f"{name} (built from the seeds)"))
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:max_lines])
    if len(lines) > max_lines:
        text += f"... {len(lines) - max_lines} more line(s) of diff\n"
    return text


def check_fresh(seeds: Path, out: Path, dataset: str | None = None,
                max_lines: int = MAX_DIFF_LINES) -> list[Path]:
    """Rebuild in memory; raise :class:`OutOfDate` unless ``out`` matches byte for byte.

    Returns the files checked. The rebuilt graph is validated first, as a real
    build would, so a seed change that breaks the shapes fails here too.
    """
    built, _ = build_validated(seeds, display_path(out))
    stale, diffs, checked = [], [], []
    for name, text in render(built, dataset).items():
        path = out / name
        checked.append(path)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            stale.append(display_path(path) + ("" if current is not None else " (missing)"))
            if current is not None:  # a missing file needs no diff to explain it
                diffs.append(unified(current, text, display_path(path), max_lines))
    if stale:
        raise OutOfDate(f"{', '.join(stale)} not what the seeds build",
                        f"run 'irkg build --seeds {display_path(seeds)} --out "
                        f"{display_path(out)}' and commit the result", "".join(diffs))
    return checked
