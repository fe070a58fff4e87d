"""Checking an uploaded file by what it contains, not by what it is called.

A file name is whatever the sender typed, so the kind is decided from the bytes: magic numbers for
PDF and images, the member names of a ZIP for OOXML and OFD, the directory of an OLE2 compound file
for legacy Word and Excel, and a strict decode for plain text. The extension must then agree with
the content: a PNG called .pdf or an .exe called .docx is refused, because the name is what the
portal later serves the file under.

Nothing here decompresses ZIP members (only the central directory is read), so a ZIP bomb costs
nothing to check.
"""

from __future__ import annotations

import codecs
import struct
import zipfile
from collections.abc import Iterable
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from filetype.types.video import Mp4

# Display order and labels used in messages ("只能上传 PDF、DOCX 格式的文件").
KINDS: dict[str, str] = {
    "pdf": "PDF",
    "ofd": "OFD",
    "doc": "DOC",
    "docx": "DOCX",
    "xls": "XLS",
    "xlsx": "XLSX",
    "jpg": "JPG",
    "png": "PNG",
    "mp3": "MP3",
    "mp4": "MP4",
    "txt": "TXT",
    "csv": "CSV",
}
EXTENSIONS: dict[str, frozenset[str]] = {
    kind: frozenset({f".{kind}"}) for kind in KINDS if kind != "jpg"
} | {"jpg": frozenset({".jpg", ".jpeg"})}

# Handy sets for callers.
DOCUMENT_KINDS = frozenset({"pdf", "ofd", "doc", "docx", "xls", "xlsx"})
IMAGE_KINDS = frozenset({"jpg", "png"})
MEDIA_KINDS = frozenset({"mp3", "mp4"})
TEXT_KINDS = frozenset({"txt", "csv"})

_HEAD_BYTES = 8192
_CHUNK_BYTES = 1 << 16
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# [Content_Types].xml is tiny in real files; anything larger is not worth reading.
_CONTENT_TYPES_MAX = 256 * 1024
# Plain text may hold tab, line feed, vertical tab, form feed, carriage return and the old DOS
# end-of-file mark; any other C0 control byte (NUL above all) means the file is binary.
_TEXT_CONTROLS_ALLOWED = frozenset(b"\t\n\x0b\x0c\r\x1a")
_BINARY_CONTROLS = bytes(b for b in range(32) if b not in _TEXT_CONTROLS_ALLOWED)


def _size_text(num_bytes: int) -> str:
    if num_bytes < 1024 * 1024:
        return f"{num_bytes / 1024:.0f} KB"
    value = num_bytes / (1024 * 1024)
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def _labels(kinds: Iterable[str]) -> str:
    return "、".join(label for kind, label in KINDS.items() if kind in set(kinds))


def check_upload(uploaded_file: Any, *, allowed: set[str], max_bytes: int | None = None) -> str:
    """The kind of `uploaded_file` detected from its content, one of `allowed`.

    Raises ValidationError (in Chinese, naming the allowed kinds) when the file is empty, larger
    than `max_bytes` (default GONGKAI_MAX_UPLOAD_BYTES), of no allowed kind, or named with an
    extension that contradicts its content. The file is left positioned at its start.
    """
    unknown = set(allowed) - KINDS.keys()
    if unknown or not allowed:
        raise ValueError(f"unknown upload kinds: {sorted(unknown) or 'none given'}")
    limit = settings.GONGKAI_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    allowed_text = f"只能上传 {_labels(allowed)} 格式的文件。"

    size = uploaded_file.size
    if not size:
        raise ValidationError("文件为空，请重新选择文件。", code="empty")
    if size > limit:
        raise ValidationError(
            f"文件大小超过 {_size_text(limit)} 的上限，请压缩或拆分后再上传。", code="too_large"
        )

    extension = PurePath(uploaded_file.name or "").suffix.lower()
    try:
        kind = detect_kind(uploaded_file, extension=extension)
    finally:
        uploaded_file.seek(0)

    if kind is None:
        raise ValidationError(
            f"无法识别文件内容，或文件已损坏。{allowed_text}", code="unrecognised"
        )
    if kind not in allowed:
        raise ValidationError(
            f"文件内容为 {KINDS[kind]} 格式，不在允许范围内。{allowed_text}",
            code="kind_not_allowed",
        )
    if extension not in EXTENSIONS[kind]:
        shown = f"“{extension}”" if extension else "（无）"
        raise ValidationError(
            f"文件扩展名{shown}与文件内容（{KINDS[kind]}）不符。{allowed_text}",
            code="extension_mismatch",
        )
    return kind


def detect_kind(file: IO[bytes] | Any, *, extension: str = "") -> str | None:
    """The kind of `file` judged by its bytes, or None.

    Content cannot tell a CSV from other plain text, so for text the extension decides between
    "csv" and "txt".
    """
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    if not head:
        return None
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(file)
    if head.startswith(_OLE2_MAGIC):
        return _ole2_kind(file)
    if Mp4().match(head):
        return "mp4"
    if _is_mp3(head):
        return "mp3"
    if _is_text(file):
        return "csv" if extension == ".csv" else "txt"
    return None


def _is_mp3(head: bytes) -> bool:
    if len(head) < 10:
        return False
    if head.startswith(b"ID3"):
        # ID3v2.2-2.4 header: the size is "syncsafe", so each of its four bytes is below 0x80.
        return head[3] in (2, 3, 4) and all(b < 0x80 for b in head[6:10])
    # A bare MPEG audio frame: 11 sync bits, a defined version, layer III, a usable bitrate and
    # sample rate.
    return (
        head[0] == 0xFF
        and head[1] & 0xE0 == 0xE0
        and (head[1] >> 3) & 0x03 != 0x01
        and (head[1] >> 1) & 0x03 == 0x01
        and head[2] >> 4 not in (0x0, 0xF)
        and (head[2] >> 2) & 0x03 != 0x03
    )


def _zip_kind(file: Any) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if "OFD.xml" in infos:
                return "ofd"
            if "[Content_Types].xml" not in infos:
                return None
            # Macro-enabled documents (.docm/.xlsm) carry a VBA project; they are not .docx/.xlsx
            # and Office itself refuses them under those names.
            if "word/vbaProject.bin" in infos or "xl/vbaProject.bin" in infos:
                return None
            if "word/document.xml" in infos:
                return "docx"
            if "xl/workbook.xml" in infos:
                return "xlsx"
            # A generator may name the main part differently; its content type still says what
            # the package is.
            content_types = infos["[Content_Types].xml"]
            if content_types.file_size > _CONTENT_TYPES_MAX:
                return None
            declared = archive.read(content_types).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    if "wordprocessingml.document.main+xml" in declared:
        return "docx"
    if "spreadsheetml.sheet.main+xml" in declared:
        return "xlsx"
    return None


def _ole2_kind(file: Any) -> str | None:
    """doc or xls, told apart by the streams at the root of the compound file.

    Word 97-2003 keeps its text in a root stream "WordDocument", Excel its workbook in "Workbook"
    (BIFF8) or "Book" (BIFF5). Only the root's own children count: a workbook with an embedded
    Word object has a WordDocument stream too, inside a sub-storage.
    """
    try:
        names = _ole2_root_names(file)
    except (struct.error, ValueError, OSError):
        return None
    if "WordDocument" in names:
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "xls"
    return None


_OLE_MAX_SECTOR = 0xFFFFFFFA  # ids at or above this are markers (free, end of chain, FAT, DIFAT)
_OLE_NOSTREAM = 0xFFFFFFFF
_OLE_MAX_DIR_SECTORS = 4096  # a directory this long is not an office file; stop reading


def _ole2_root_names(file: Any) -> set[str]:
    """Names of the root storage's children in a compound file ([MS-CFB])."""
    file.seek(0)
    header = file.read(512)
    if len(header) < 512:
        return set()
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    if sector_shift not in (9, 12):
        return set()
    sector_size = 1 << sector_shift
    ids_per_sector = sector_size // 4
    first_dir_sector = struct.unpack_from("<I", header, 48)[0]
    first_difat_sector, difat_sector_count = struct.unpack_from("<II", header, 68)

    def read_sector(sector: int) -> bytes:
        # Sector 0 starts right after the header, which occupies one sector's worth of space.
        file.seek((sector + 1) * sector_size)
        data: bytes = file.read(sector_size)
        if len(data) < sector_size:
            raise ValueError("truncated compound file")
        return data

    fat_sectors = list(struct.unpack_from("<109I", header, 76))
    difat_sector = first_difat_sector
    for _ in range(min(difat_sector_count, _OLE_MAX_DIR_SECTORS)):
        if difat_sector >= _OLE_MAX_SECTOR:
            break
        ids = struct.unpack(f"<{ids_per_sector}I", read_sector(difat_sector))
        fat_sectors.extend(ids[:-1])
        difat_sector = ids[-1]
    fat_sectors = [s for s in fat_sectors if s < _OLE_MAX_SECTOR]

    def next_sector(sector: int) -> int:
        index, offset = divmod(sector, ids_per_sector)
        if index >= len(fat_sectors):
            raise ValueError("sector outside the FAT")
        return int(struct.unpack_from("<I", read_sector(fat_sectors[index]), offset * 4)[0])

    entries: list[bytes] = []
    sector, seen = first_dir_sector, set[int]()
    while sector < _OLE_MAX_SECTOR and sector not in seen and len(seen) < _OLE_MAX_DIR_SECTORS:
        seen.add(sector)
        data = read_sector(sector)
        entries.extend(data[i : i + 128] for i in range(0, sector_size, 128))
        sector = next_sector(sector)
    if not entries:
        return set()

    def name_of(entry: bytes) -> str:
        length = struct.unpack_from("<H", entry, 64)[0]
        return entry[: max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")

    # The children of a storage form a tree through left/right sibling ids, rooted at its child id.
    names: set[str] = set()
    pending, visited = [struct.unpack_from("<I", entries[0], 76)[0]], set[int]()
    while pending:
        entry_id = pending.pop()
        if entry_id == _OLE_NOSTREAM or entry_id >= len(entries) or entry_id in visited:
            continue
        visited.add(entry_id)
        entry = entries[entry_id]
        if entry[66] in (1, 2):  # storage or stream
            names.add(name_of(entry))
        left, right = struct.unpack_from("<II", entry, 68)
        pending.extend((left, right))
    return names


def _is_text(file: Any) -> bool:
    """UTF-8 (with or without BOM) or GB18030 throughout, with no binary control bytes."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        file.seek(0)
        try:
            while chunk := file.read(_CHUNK_BYTES):
                if len(chunk.translate(None, _BINARY_CONTROLS)) != len(chunk):
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return True
    return False


@deconstructible
class UploadValidator:
    """`check_upload` as a field validator: `FileField(validators=[UploadValidator({"pdf"})])`."""

    def __init__(self, allowed: Iterable[str], max_bytes: int | None = None) -> None:
        self.allowed = set(allowed)
        self.max_bytes = max_bytes

    def __call__(self, value: Any) -> None:
        check_upload(value, allowed=self.allowed, max_bytes=self.max_bytes)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.allowed == other.allowed
            and self.max_bytes == other.max_bytes
        )

    def __hash__(self) -> int:
        return hash((frozenset(self.allowed), self.max_bytes))
