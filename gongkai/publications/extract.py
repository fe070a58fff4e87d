"""Reading the text of an attachment, for the PII guard and for search.

.docx and .xlsx are ZIP packages of XML: their text is read from the parts directly (python-docx
is not a dependency). PDF text comes from poppler's `pdftotext` (a system package; `make test`
installs it). Anything we cannot read (.doc, .xls, .ofd, a scanned PDF without a text layer, a
missing pdftotext) returns None: the guard then marks the attachment "unscanned" and a reviewer
must look at it.

Decompression is bounded (MAX_PART_BYTES per part, MAX_TEXT_CHARS of output), so a ZIP bomb or a
giant sheet costs at most that much. expat (≥ 2.4.1) refuses entity expansion attacks.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import IO, Any

MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 5_000_000
PDFTOTEXT_TIMEOUT = 60

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOCX_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_SHEET_PART = re.compile(r"^xl/worksheets/sheet\d+\.xml$")


class ExtractionError(Exception):
    pass


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise ExtractionError(f"{name} is too large to read")
    with archive.open(info) as handle:
        data = handle.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise ExtractionError(f"{name} is larger than it claims")
    return data


def _parse(data: bytes) -> ET.Element:
    # Safe without defusedxml: ElementTree resolves no external entities, and expat >= 2.4.1
    # (Python 3.12 ships 2.5+) caps entity amplification (billion laughs).
    try:
        return ET.fromstring(data)  # noqa: S314
    except ET.ParseError as exc:
        raise ExtractionError(str(exc)) from exc


def docx_text(file: IO[bytes] | Any) -> str:
    """Paragraphs of the body, headers, footers and notes, one per line; table cells apart."""
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        names = sorted(
            (n for n in archive.namelist() if _DOCX_PARTS.match(n)),
            key=lambda n: (not n.startswith("word/document"), n),
        )
        lines: list[str] = []
        for name in names:
            root = _parse(_read_part(archive, name))
            for paragraph in root.iter(f"{_W}p"):
                parts: list[str] = []
                for node in paragraph.iter():
                    if node.tag == f"{_W}t" and node.text:
                        parts.append(node.text)
                    elif node.tag == f"{_W}tab":
                        parts.append("\t")
                    elif node.tag in (f"{_W}br", f"{_W}cr"):
                        parts.append("\n")
                lines.append("".join(parts))
    return _cap("\n".join(line for line in lines if line.strip()))


def xlsx_text(file: IO[bytes] | Any) -> str:
    """Every shared string, inline string and literal cell value, cells separated by tabs and
    rows by newlines (so adjacent numbers never run together into one)."""
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            root = _parse(_read_part(archive, "xl/sharedStrings.xml"))
            for si in root.iter(f"{_S}si"):
                shared.append("".join(t.text or "" for t in si.iter(f"{_S}t")))
        rows: list[str] = []
        for name in sorted(n for n in names if _SHEET_PART.match(n)):
            root = _parse(_read_part(archive, name))
            for row in root.iter(f"{_S}row"):
                cells: list[str] = []
                for cell in row.iter(f"{_S}c"):
                    cells.append(_cell_text(cell, shared))
                line = "\t".join(c for c in cells if c)
                if line:
                    rows.append(line)
                    if sum(map(len, rows)) > MAX_TEXT_CHARS:
                        return _cap("\n".join(rows))
    return _cap("\n".join(rows))


def _cell_text(cell: ET.Element, shared: list[str]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_S}t"))
    value = cell.find(f"{_S}v")
    if value is None or value.text is None:
        return ""
    if kind == "s":
        try:
            return shared[int(value.text)]
        except (ValueError, IndexError):
            return ""
    return value.text


def pdf_text(path: str | Path) -> str | None:
    """The PDF's text layer through pdftotext, or None when there is none to read (no
    pdftotext, a broken file, or only images)."""
    binary = shutil.which("pdftotext")
    if binary is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603 - fixed binary, our own temp path
            [binary, "-enc", "UTF-8", "-q", str(path), "-"],
            capture_output=True,
            timeout=PDFTOTEXT_TIMEOUT,
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return None
    if result.returncode != 0:
        return None
    text = result.stdout.decode("utf-8", "replace").replace("\f", "\n")
    return _cap(text) if text.strip() else None


def _cap(text: str) -> str:
    return text[:MAX_TEXT_CHARS]


def extract_text(file: IO[bytes] | Any, kind: str) -> str | None:
    """The text of an uploaded file of `kind` (as detected by check_upload), or None when it
    cannot be read. The file is left at its start."""
    try:
        if kind == "docx":
            return docx_text(file)
        if kind == "xlsx":
            return xlsx_text(file)
        if kind in ("txt", "csv"):
            file.seek(0)
            raw = file.read(MAX_TEXT_CHARS * 4)
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    return _cap(raw.decode(encoding))
                except UnicodeDecodeError:
                    continue
            return None
        if kind == "pdf":
            return _pdf_from_file(file)
    except (ExtractionError, zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        return None
    finally:
        with contextlib.suppress(OSError, ValueError):
            file.seek(0)
    return None


def _pdf_from_file(file: IO[bytes] | Any) -> str | None:
    path = getattr(file, "temporary_file_path", None)
    if callable(path):
        return pdf_text(path())
    file.seek(0)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        shutil.copyfileobj(file, handle)
        handle.flush()
        return pdf_text(handle.name)
