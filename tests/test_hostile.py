"""The hostile-input corpus: every case is refused in one located line, in bounded time.

Each folder of ``tests/hostile/`` is one case: the seed corpus plus a small
break. ``case.toml`` gives the command (argv after ``irkg``, with ``{seeds}``,
``{out}``, ``{cache}`` and ``{work}`` for the case's folders), the exit code,
a pattern for the one line on stderr, optional ``[[edit]]`` replacements in
the copied files, and optional ``setup`` steps (special files, encodings,
large generated inputs) from the registry below. Files under the case's
``files/`` folder are copied over the case's working folder first.

For every case the test checks: the exit code; exactly one line on stderr,
matching the pattern and (unless ``located = false``) naming ``file:line``;
no traceback; a bounded wall time (a hang guard, not a speed test); and that
the ``out/`` of an earlier build, the build cache and the store are
byte-identical afterwards. Cases run in-process unless ``runner = "process"``
(special files, privileges, a memory limit).
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from click.testing import CliRunner

from irkg.cli import main
from irkg.corpus import Options
from irkg.layout import run_build

CASES = Path(__file__).resolve().parent / "hostile"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
TIME_LIMIT = 30  # seconds: a hang guard; every case takes a few seconds at most
MEMORY_LIMIT = 3 * 1024**3  # bytes of address space for a case run in its own process
LOCATED = re.compile(r"^[^:\s][^:]*:[0-9]+(:[0-9]+)?: ")

ARTICLE = "000_0b4d5d3e6978a53b"


# ---------------------------------------------------------------- setup steps
# Each takes the case's working folder and the step's arguments from case.toml.

def _fifo(work: Path, path: str) -> None:
    (work / path).unlink(missing_ok=True)
    os.mkfifo(work / path)


def _link(work: Path, path: str, target: str) -> None:
    (work / path).unlink(missing_ok=True)
    (work / path).symlink_to(target.format(work=work))


def _remove(work: Path, path: str) -> None:
    target = work / path
    shutil.rmtree(target) if target.is_dir() and not target.is_symlink() else target.unlink()


def _mkdir(work: Path, path: str) -> None:
    if (work / path).exists():
        _remove(work, path)
    (work / path).mkdir()


def _chmod(work: Path, path: str, mode: str) -> None:
    os.chmod(work / path, int(mode, 8))


def _encode(work: Path, path: str, codec: str) -> None:
    """Re-encode a file (``utf-16`` writes a byte-order mark, ``utf-16-le`` none)."""
    target = work / path
    target.write_bytes(target.read_text(encoding="utf-8").encode(codec))


def _insert_bytes(work: Path, path: str, after: str, hex_bytes: str) -> None:
    """Put raw bytes (given in hex) into a file right after the first ``after``."""
    target = work / path
    data = target.read_bytes()
    at = data.index(after.encode("utf-8")) + len(after.encode("utf-8"))
    target.write_bytes(data[:at] + bytes.fromhex(hex_bytes) + data[at:])


def _random_bytes(work: Path, path: str, size: str) -> None:
    (work / path).write_bytes(hashlib.shake_256(b"irkg").digest(int(size)))


def _sparse(work: Path, path: str, size: str) -> None:
    """A file of ``size`` bytes that takes no disk space (for the size limits)."""
    with open(work / path, "wb") as fh:
        fh.truncate(int(size))


def _write(work: Path, path: str, text: str, times: str = "1") -> None:
    (work / path).write_text(text * int(times), encoding="utf-8")


def _append(work: Path, path: str, text: str, times: str = "1") -> None:
    with open(work / path, "a", encoding="utf-8") as fh:
        fh.write(text * int(times))


def _replace_repeated(work: Path, path: str, old: str, unit: str, times: str) -> None:
    """Replace ``old`` with ``unit`` repeated: large quotes, labels and lists."""
    target = work / path
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, unit * int(times), 1), encoding="utf-8")


def _reseal(work: Path, name: str = ARTICLE) -> None:
    """Set the annotation's sha256 to its (changed) text's, so the change reaches the quotes."""
    text = (work / "seeds" / f"{name}.txt").read_bytes()
    annotation = work / "seeds" / f"{name}.yaml"
    annotation.write_text(re.sub(r"sha256: [0-9a-f]{64}",
                                 "sha256: " + hashlib.sha256(text).hexdigest(),
                                 annotation.read_text(encoding="utf-8")), encoding="utf-8")


def _deep(work: Path, path: str, kind: str, depth: str) -> None:
    n = int(depth)
    body = {"flow-seq": "[" * n + "]" * n, "flow-map": "{a: " * n + "}" * n}.get(kind)
    if body is None:  # block mappings, one level per line
        body = "\n" + "".join(" " * i + "a:\n" for i in range(n))
    (work / path).write_text("article: " + body + "\n", encoding="utf-8")


def _alias_bomb(work: Path, path: str, key: str) -> None:
    """Nine levels of ten aliases each ("billion laughs"), used as the value of ``key``."""
    target = work / path
    lines = ['  - &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  - &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    text = target.read_text(encoding="utf-8")
    at = re.search(rf"^(\s*){key}: .*$", text, re.M)
    assert at is not None, key
    text = text[:at.start()] + f"{at.group(1)}{key}: *a9" + text[at.end():]
    target.write_text("bomb:\n" + "\n".join(lines) + "\n" + text, encoding="utf-8")


def _big_registry(work: Path, count: str, twin_qid: str = "") -> None:
    """The seed registry with ``count`` more entities; ``twin_qid`` given to the last one."""
    target = work / "seeds" / "registry.yaml"
    n = int(count)
    lines = [f"  - {{id: gen-{i}, type: State, label: Generated {i}, wikidata: Q{10**8 + i}}}\n"
             for i in range(n)]
    if twin_qid:
        lines[-1] = f"  - {{id: gen-last, type: State, label: Last, wikidata: {twin_qid}}}\n"
    target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + "\n" + "".join(lines),
                      encoding="utf-8")


def _big_text(work: Path, unit: str, times: str) -> None:
    """Append ``unit`` repeated to the article text and reseal its annotation."""
    _append(work, f"seeds/{ARTICLE}.txt", unit, times)
    _reseal(work)


SETUP: dict[str, Callable[..., None]] = {
    "fifo": _fifo, "link": _link, "remove": _remove, "mkdir": _mkdir, "chmod": _chmod,
    "encode": _encode, "insert_bytes": _insert_bytes, "random_bytes": _random_bytes,
    "sparse": _sparse, "write": _write, "append": _append,
    "replace_repeated": _replace_repeated, "reseal": _reseal, "deep": _deep,
    "alias_bomb": _alias_bomb, "big_registry": _big_registry, "big_text": _big_text,
}


def case_names() -> list[str]:
    return sorted(p.parent.name for p in CASES.glob("*/case.toml"))


@pytest.fixture(scope="session")
def earlier_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An ``out/`` and a cache from a build of the seeds, for each case to copy."""
    root = tmp_path_factory.mktemp("earlier")
    run_build(SEEDS, root / "out", options=Options(cache=root / "cache", jobs=1, progress=False))
    return root / "out", root / "cache"


def tree_digest(root: Path) -> dict[str, str]:
    """Every file below ``root`` with the SHA-256 of its bytes (links by their target)."""
    found: dict[str, str] = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[rel] = "dir"
    return found


def prepare(name: str, work: Path, out: Path, cache: Path) -> dict[str, Any]:
    case = tomllib.loads((CASES / name / "case.toml").read_text(encoding="utf-8"))
    shutil.copytree(SEEDS, work / "seeds")
    shutil.copytree(out, work / "out")
    shutil.copytree(cache, work / "cache")
    overlay = CASES / name / "files"
    if overlay.is_dir():
        shutil.copytree(overlay, work, dirs_exist_ok=True)
    for edit in case.get("edit", []):
        path = work / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, (name, edit["old"])
        path.write_text(text.replace(edit["old"], edit["new"], edit.get("count", 1)),
                        encoding="utf-8")
    for step in case.get("setup", []):
        SETUP[step[0]](work, *step[1:])
    return case


def argv(case: dict[str, Any], work: Path) -> list[str]:
    names = {"seeds": "seeds", "out": "out", "cache": "cache", "work": str(work)}

    def fill(arg: str) -> str:
        for key, value in names.items():
            arg = arg.replace("{" + key + "}", value)
        return arg

    return [fill(a) for a in case["command"]]


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"no answer in {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_in_process(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    with alarm(TIME_LIMIT):
        result = CliRunner().invoke(main, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_in_process_of_its_own(args: list[str], env: dict[str, str], work: Path,
                              unprivileged: bool) -> tuple[int, str, str]:
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:  # root reads anything: drop that power
        assert shutil.which("setpriv"), "setpriv (util-linux) is needed to run as root"
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    done = subprocess.run([*prefix, sys.executable, "-m", "irkg", *args], cwd=work,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=TIME_LIMIT, preexec_fn=_limit_memory, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name", case_names())
def test_hostile_input_is_refused_in_one_located_line(
        name: str, tmp_path: Path, earlier_build: tuple[Path, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    case = prepare(name, work, *earlier_build)
    kept = {d: tree_digest(work / d) for d in ("out", "cache", ".irkg")}
    env = {"IRKG_CACHE_DIR": "cache", **case.get("env", {})}
    args = argv(case, work)
    run: Callable[[], tuple[int, str, str]]
    if case.get("runner") == "process":
        def run() -> tuple[int, str, str]:
            return run_in_process_of_its_own(args, env, work, case.get("unprivileged", False))
    else:
        monkeypatch.chdir(work)

        def run() -> tuple[int, str, str]:
            return run_in_process(args, env)
    code, stdout, stderr = run()
    lines = stderr.splitlines()
    assert "Traceback" not in stdout + stderr, stderr
    assert code == case["exit"], (code, stderr[-2000:])
    assert len(lines) == 1, lines[:5]
    assert re.search(case["first_line"], lines[0]), lines[0]
    if case.get("located", True):
        assert LOCATED.match(lines[0]), lines[0]
    for folder, digest in kept.items():
        assert tree_digest(work / folder) == digest, f"{folder} changed"


def test_the_corpus_is_large_and_every_setup_step_is_known() -> None:
    names = case_names()
    assert len(names) >= 100
    for name in names:
        case = tomllib.loads((CASES / name / "case.toml").read_text(encoding="utf-8"))
        assert {"command", "exit", "first_line"} <= set(case), name
        assert case["exit"] in (1, 2), name
        for step in case.get("setup", []):
            assert step[0] in SETUP, (name, step[0])
