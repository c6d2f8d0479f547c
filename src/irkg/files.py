"""Reading the files a user hands irkg: regular files only, of bounded size, as UTF-8.

Every input is read through here so that a hostile or mistaken file cannot
hang irkg (a FIFO, a terminal), exhaust memory (``/dev/zero``, a huge file)
or escape as a traceback (a directory, a link loop, a file in UTF-16): each
becomes one located :class:`~irkg.errors.InputError`. The limits are part of
the documented interface (README, "Reliability"), and each message names its
limit.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from io import BufferedReader
from pathlib import Path

from irkg.errors import InputError, Location, display_path

#: The largest annotation, registry or article text irkg reads, in bytes.
MAX_FILE_BYTES = 32 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))
_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
# Characters no text irkg reads may hold: C0 controls but tab, line feed and carriage
# return, DEL, C1 controls but NEL, and the noncharacters U+FFFE and U+FFFF. YAML
# forbids them, they cannot be written to XML-based outputs, and a NUL in a quote
# is never what an annotator meant. (Lone surrogates cannot survive UTF-8 decoding.)
_FORBIDDEN = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x84\\x86-\\x9f\\ufffe\\uffff]")


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_regular(info: os.stat_result, path: Path, what: str,
                  limit: int | None = MAX_FILE_BYTES) -> None:
    """Refuse anything but a regular file of at most ``limit`` bytes; ``info`` is its stat.

    ``what`` names the file's role in messages ("the registry"); empty, the path alone.
    """
    shown = display_path(path)
    subject = f"{what} {shown}" if what else shown
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{subject} is {kind_of(info.st_mode)}, not a regular file",
                         "irkg reads regular files only; replace it with the file itself",
                         Location(shown, 1))
    if limit is not None and info.st_size > limit:
        raise InputError(f"{subject} is {info.st_size:,} bytes, over irkg's limit of "
                         f"{limit:,} bytes", "split it into smaller files", Location(shown, 1))


def open_regular(path: Path, what: str, limit: int | None = None) -> BufferedReader:
    """``path`` opened for reading, which must be a regular file (of at most ``limit`` bytes).

    The file is opened without blocking and checked on the open descriptor, so
    a FIFO put in place between a check and the read cannot block irkg.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read {what} {display_path(path)}: {exc.strerror}",
                         "check that the file exists and is readable, and that no link in "
                         "its path points to itself", Location(display_path(path), 1)) from None
    try:
        check_regular(os.fstat(fd), path, what, limit)
    except InputError:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_bytes(path: Path, what: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit`` bytes."""
    with open_regular(path, what, limit) as fh:
        try:
            # Asking for the size it has (not the limit) keeps the read from allocating
            # the limit's worth of memory for every small file.
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(size + 1)
            if len(data) > size:  # it grew after the check: read on to the limit
                data += fh.read(limit + 1 - len(data))
        except OSError as exc:
            raise InputError(f"cannot read {what} {display_path(path)}: {exc.strerror}",
                             "check that the file is readable", Location(display_path(path), 1)
                             ) from None
    if len(data) > limit:
        raise InputError(f"{what} {display_path(path)} is over irkg's limit of {limit:,} bytes",
                         "split it into smaller files", Location(display_path(path), 1))
    return data


def decode(data: bytes, shown: str, what: str) -> str:
    """UTF-8 text (a UTF-8 byte-order mark is dropped); anything else is an error at its line."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise InputError(f"{what} {shown} is {name}, not UTF-8",
                             "save it as UTF-8", Location(shown, 1))
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{what} {shown} is not UTF-8 (byte 0x{data[exc.start]:02x} at line "
                         f"{line}, column {column})", "save it as UTF-8",
                         Location(shown, line, column)) from None
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise InputError(f"{what} {shown} holds the control character U+{ord(bad.group()):04X} "
                         f"(line {line}, column {column})",
                         "remove it: irkg reads text, never control characters",
                         Location(shown, line, column))
    return text


def read_text(path: Path, what: str) -> str:
    """A regular UTF-8 text file of bounded size, as text."""
    return decode(read_bytes(path, what), display_path(path), what)
