"""INCEpTION's files: UIMA CAS XMI (alone, beside its type system, or zipped) and JSON.

INCEpTION exports a document in "UIMA CAS XMI" as a ZIP holding the XMI and
the ``typesystem.xml`` it needs, and in "UIMA CAS JSON" as one file that
carries its types. irkg reads all of these as they come (an XMI without a
type system beside it is read in the one irkg ships) and writes an XMI with
its ``TypeSystem.xml`` beside it, or a JSON file, for INCEpTION to import.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

import cassis
from cassis.typesystem import TypeNotFoundError
from lxml.etree import LxmlError

from irkg.errors import Errors, IrkgError, Location, OutputError, collect, display_path
from irkg.files import MAX_FILE_BYTES, read_bytes
from irkg.interchange.document import Document, ExportError
from irkg.interchange.inception import article_id, parse_cas
from irkg.interchange.inception_cas import TYPESYSTEM_NAMES, export_files, shipped_typesystem
from irkg.serialize import write_atomic

SUFFIXES = (".xmi", ".json", ".zip")
#: What an export in irkg's INCEpTION layout cannot hold (beyond what no format keeps).
CANNOT_HOLD = (
    "discontinuous spans (an INCEpTION span is one stretch of text)",
    "arcs other than a claim's role filled by a mention (roles are also features)",
)


def _where(path: Path) -> Location:
    return Location(display_path(path))


def format_of(path: Path | PurePosixPath) -> str:
    """``xmi``, ``json`` or ``zip``, from the file name."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"{path.name} is neither UIMA CAS XMI (.xmi, or the .zip INCEpTION "
                          "exports it in) nor UIMA CAS JSON (.json)",
                          "export from INCEpTION in one of these formats",
                          Location(str(path)))
    return suffix[1:]


def typesystem_from(data: bytes, shown: str) -> cassis.TypeSystem:
    """A UIMA type system description, or one line saying it is not one."""
    try:
        return cassis.load_typesystem(data.decode("utf-8"))
    except (LxmlError, ValueError, KeyError, UnicodeDecodeError, TypeNotFoundError) as exc:
        raise ExportError(f"{shown} is not a UIMA type system ({type(exc).__name__})",
                          "use the typesystem.xml INCEpTION exported with the XMI",
                          Location(shown)) from None


def read_cas(path: Path, typesystem: Path | None = None) -> Document:
    """The Document of one ``.xmi`` or ``.json`` file.

    An XMI file is read in ``typesystem``, else in the ``TypeSystem.xml`` (or
    ``typesystem.xml``) beside it, else in the type system irkg ships.
    """
    fmt = format_of(path)
    if fmt == "zip":
        raise ExportError(f"{display_path(path)} is a ZIP", "read it with read()", _where(path))
    data = read_bytes(path, "the INCEpTION export")
    types = None
    if fmt == "xmi":
        beside = [typesystem] if typesystem else [path.parent / n for n in TYPESYSTEM_NAMES]
        found = next((p for p in beside if p.is_file()), None)
        if found is not None:
            types = typesystem_from(read_bytes(found, "the type system"), display_path(found))
    return parse_cas(data, fmt, display_path(path), article_id(path.name), types)


def read(path: Path) -> list[Document]:
    """Every document in an INCEpTION export file: ``.xmi``, ``.json`` or ``.zip``."""
    if format_of(path) != "zip":
        return [read_cas(path)]
    shown = display_path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_zip(archive, shown)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExportError(f"{shown} is not a readable ZIP ({exc})",
                          "export the document from INCEpTION again", _where(path)) from None


def _read_zip(archive: zipfile.ZipFile, shown: str) -> list[Document]:
    entries = {PurePosixPath(i.filename): i for i in archive.infolist() if not i.is_dir()}
    for name, info in entries.items():
        if info.file_size > MAX_FILE_BYTES:
            raise ExportError(f"{shown}/{name} is {info.file_size:,} bytes, over irkg's limit "
                              f"of {MAX_FILE_BYTES:,} bytes", "split the document",
                              Location(f"{shown}/{name}"))
    systems = {name.parent: name for name in entries if name.name in TYPESYSTEM_NAMES}

    def one(name: PurePosixPath) -> Document:
        types = None
        if name.suffix.lower() == ".xmi" and name.parent in systems:
            ts_name = systems[name.parent]
            types = typesystem_from(archive.read(entries[ts_name]), f"{shown}/{ts_name}")
        return parse_cas(archive.read(entries[name]), name.suffix.lower()[1:],
                         f"{shown}/{name}", article_id(name.name), types)

    errors: list[IrkgError] = []
    docs = collect(sorted(n for n in entries if n.suffix.lower() in (".xmi", ".json")), one,
                   errors)
    if errors:
        raise Errors(errors)
    if not docs:
        raise ExportError(f"{shown} holds no .xmi or .json file",
                          "export the documents from INCEpTION as UIMA CAS XMI or JSON",
                          Location(shown))
    return docs


def write_cas(doc: Document, path: Path, fmt: str | None = None) -> list[Path]:
    """Write ``doc`` to ``path`` (XMI with its type system beside it, or JSON), atomically."""
    fmt = fmt or format_of(path)
    written = []
    for name, text in export_files(doc, fmt).items():
        target = path if name.startswith(f"{doc.id}.") else path.parent / name
        try:
            write_atomic(target, text)
        except OSError as exc:
            raise OutputError(path.parent, f"cannot write {target.name}: {exc.strerror}"
                              ) from None
        written.append(target)
    return written


__all__ = ["CANNOT_HOLD", "SUFFIXES", "export_files", "read", "read_cas", "shipped_typesystem",
           "write_cas"]
