"""Replacing a whole folder in one step: ``out/`` is the old set of files or the new one.

With one file per article, writing file by file would let a killed build
(or a full disk) leave ``out/`` half old and half new: a manifest that
names files that are not there, or an article file from another build. So
a build assembles the complete new folder beside ``out/`` — files it did not
change are hard links to the old ones, so this costs one link per file, not
a copy — and then swaps the two folders with one ``renameat2(RENAME_EXCHANGE)``
call, which Linux performs atomically. Where that call is missing (another
kernel, or a file system without it) the swap is two renames, and a folder
left between them is put back by the next build (:func:`recover`).

Leftover folders are named ``.<name>.irkg-new-<pid>-…`` and
``.<name>.irkg-old-<pid>-…``; only those of processes that are no longer
running are removed (:mod:`irkg.leftovers`), so two builds never delete
each other's work.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from irkg.errors import OutputError
from irkg.leftovers import abandoned, sweep, tagged
from irkg.serialize import umask

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc_exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _tag(folder: Path, kind: str) -> str:
    return f".{folder.name}.irkg-{kind}-"


def recover(folder: Path) -> None:
    """Clean up after a build killed while it published ``folder``.

    A new folder never swapped in is removed; an old one is removed, or put
    back when the kill came between the two renames of the fallback swap.
    """
    parent = folder.parent
    if not parent.is_dir():
        return
    for left in abandoned(parent, _tag(folder, "old")):
        if not folder.exists() and left.is_dir() and not left.is_symlink():
            os.rename(left, folder)
    sweep(parent, _tag(folder, "old"))
    sweep(parent, _tag(folder, "new"))


def _carry(src: Path, dst: Path, skip: set[Path]) -> None:
    """Hard-link (or copy) every file under ``src`` into ``dst``, except ``skip``."""
    for entry in sorted(os.scandir(src), key=lambda e: e.name):
        here, there = Path(entry.path), dst / entry.name
        if here in skip:
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(here), there)
        elif entry.is_dir():
            there.mkdir()
            _carry(here, there, skip)
            shutil.copymode(here, there)
        else:
            try:
                os.link(here, there)
            except OSError:
                shutil.copy2(here, there)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def replacing(folder: Path, drop: set[Path]) -> Iterator[Path]:
    """A copy of ``folder`` without ``drop`` to write into; swapped in when the block ends.

    If the block raises, or the process dies, ``folder`` is untouched.
    """
    recover(folder)
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=tagged(_tag(folder, "new")), dir=parent))
    except OSError as exc:
        raise OutputError(folder, f"cannot create a folder beside it ({exc.strerror})") from None
    try:
        try:
            if folder.is_dir():
                _carry(folder, new, {folder / p for p in drop})
                shutil.copymode(folder, new)
            else:
                os.chmod(new, 0o777 & ~umask())  # as mkdir would make it, not mkdtemp's 0700
            yield new
            _fsync_dir(new)
            _swap(new, folder)
        except OSError as exc:
            raise OutputError(folder, f"cannot write its files ({exc.strerror})") from None
    finally:
        shutil.rmtree(new, ignore_errors=True)  # after the swap: the old files
    with suppress(OSError):
        _fsync_dir(parent)


def _swap(new: Path, folder: Path) -> None:
    if not folder.exists():
        os.rename(new, folder)
        return
    if _libc_exchange(new, folder):
        return
    old = Path(tempfile.mkdtemp(prefix=tagged(_tag(folder, "old")), dir=folder.parent))
    old.rmdir()
    os.rename(folder, old)
    os.rename(new, folder)
    os.rename(old, new)
