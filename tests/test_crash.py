"""Killing ``irkg build`` at any moment leaves ``out/`` as the old set of files or the new one.

Real processes, killed with SIGKILL at delays spread over an uninterrupted
build's own duration (measured in the same run), so some kills land while
the cache is read, some while the new folder is assembled, some around the
swap. After each kill the folder is compared, byte for byte, with the two
complete sets; then a normal build must finish the job and leave nothing
behind.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from irkg.swap import recover

IRKG = [sys.executable, "-m", "irkg"]
KILLS = 14


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name → SHA-256); {} when it does not exist."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(seeds: Path, out: Path, cache: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*IRKG, "build", "--seeds", str(seeds), "--out", str(out), "-q",
                             "--cache-dir", str(cache), "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.irkg-*"))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Two corpora whose builds share no file, and a cache holding both builds."""
    root = tmp_path_factory.mktemp("crash")
    old, new, cache = root / "old", root / "new", root / "cache"
    write_corpus(10, old, seed=0, jobs=1)
    write_corpus(8, new, seed=1, jobs=1)
    for seeds in (old, new):
        scratch = root / f"scratch-{seeds.name}"
        assert build(seeds, scratch, cache).wait() == 0
        shutil.move(scratch, root / f"out-{seeds.name}")
    return old, new, cache


def test_a_killed_build_leaves_the_old_or_the_new_out(corpora: tuple[Path, Path, Path],
                                                      tmp_path: Path) -> None:
    old_seeds, new_seeds, cache = corpora
    before, after = (corpora[0].parent / "out-old", corpora[0].parent / "out-new")
    old_set, new_set = tree(before), tree(after)
    assert old_set and new_set and not set(old_set.items()) & set(new_set.items())
    out = tmp_path / "out"

    shutil.copytree(before, out)
    started = time.monotonic()
    assert build(new_seeds, out, cache).wait() == 0
    duration = time.monotonic() - started
    assert tree(out) == new_set and not leftovers(out)

    seen = []
    for i in range(KILLS):
        shutil.rmtree(out)
        shutil.copytree(before, out)
        proc = build(new_seeds, out, cache)
        time.sleep(duration * 1.3 * i / (KILLS - 1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = tree(out)
        assert state in (old_set, new_set), f"kill {i} left a mixed out/: {sorted(state)[:5]}"
        seen.append("old" if state == old_set else "new")
    assert {"old", "new"} <= set(seen), f"the kills never landed on both sides: {seen}"

    assert build(new_seeds, out, cache).wait() == 0
    assert tree(out) == new_set
    assert not leftovers(out)
    assert old_seeds.is_dir()


def test_a_build_killed_while_filling_the_cache_leaves_nothing_a_later_build_trusts(
        corpora: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Kills during a cold build tear cache entries; the next build detects them and is exact."""
    _, new_seeds, _ = corpora
    new_set = tree(corpora[0].parent / "out-new")
    cache, out = tmp_path / "cache", tmp_path / "out"
    started = time.monotonic()
    assert build(new_seeds, tmp_path / "timing", tmp_path / "timing-cache").wait() == 0
    duration = time.monotonic() - started
    for i in range(KILLS // 2):
        proc = build(new_seeds, out, cache)
        time.sleep(duration * (i + 1) / (KILLS // 2 + 1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert tree(out) in ({}, new_set)
    assert build(new_seeds, out, cache).wait() == 0
    assert tree(out) == new_set and not leftovers(out)
    assert not list(cache.rglob(".tmp-*")), "half-written cache entries were left behind"


def test_a_folder_left_between_the_two_renames_is_put_back(tmp_path: Path) -> None:
    """The fallback swap (no atomic exchange) moves out/ aside first; the next run restores it."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "out"
    aside = tmp_path / f".out.irkg-old-{dead.pid}-x1"
    aside.mkdir()
    (aside / "manifest.json").write_text("{}", encoding="utf-8")
    half = tmp_path / f".out.irkg-new-{dead.pid}-x2"
    half.mkdir()
    mine = tmp_path / f".out.irkg-new-{os.getpid()}-x3"  # a live build's: never touched
    mine.mkdir()

    recover(out)

    assert (out / "manifest.json").read_text(encoding="utf-8") == "{}"
    assert leftovers(out) == [mine.name]


def _small_files_only() -> None:
    """In the child: files may not grow past 64 kB, as on a disk that is full."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))


@pytest.mark.parametrize("cache_too", [False, True], ids=["out-full", "cache-full"])
def test_a_full_disk_is_one_clear_line_and_out_is_untouched(
        corpora: tuple[Path, Path, Path], tmp_path: Path, cache_too: bool) -> None:
    _, new_seeds, warm = corpora
    before = corpora[0].parent / "out-old"
    out = tmp_path / "out"
    shutil.copytree(before, out)
    cache = tmp_path / "cold" if cache_too else warm
    proc = subprocess.run([*IRKG, "build", "--seeds", str(new_seeds), "--out", str(out), "-q",
                           "--cache-dir", str(cache), "-j", "1"], capture_output=True,
                          text=True, preexec_fn=_small_files_only, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "cannot write" in proc.stderr and "File too large" in proc.stderr
    assert tree(out) == tree(before) and not leftovers(out)
