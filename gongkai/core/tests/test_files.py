"""check_upload: the kind comes from the bytes, and the name must agree with it.

Every file here is built in the test, byte by byte or with the library that writes the format.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings

from gongkai.core.files import KINDS, UploadValidator, check_upload

ALL = set(KINDS)

# --- Builders ----------------------------------------------------------------------------------


def pdf() -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/%s" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="word/%s" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>示例县人民政府关于公开政府信息的通知</w:t></w:r></w:p></w:body>"
    "</w:document>"
).encode()


def docx(part: bytes = b"document.xml", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal WordprocessingML package, the parts Word itself needs."""
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES % part,
            "_rels/.rels": _RELS % part,
            f"word/{part.decode()}": _DOCUMENT,
            **(extra or {}),
        }
    )


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["申请编号", "收到日期"])
    workbook.active.append(["2025-001", "2025-03-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ofd() -> bytes:
    return _zip(
        {
            "OFD.xml": b'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD '
            b'xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">'
            b"<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
            b"</ofd:OFD>",
            "Doc_0/Document.xml": b'<?xml version="1.0"?><ofd:Document/>',
        }
    )


_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole2(entries: list[tuple[str, int, int, int, int]]) -> bytes:
    """A compound file ([MS-CFB] v3, 512-byte sectors) with the given directory.

    Each entry is (name, type, left, right, child); entry 0 must be the root (type 5). Streams
    are empty: only the directory matters to the check. Sector 0 is the FAT, the directory
    follows in as many sectors as it needs.
    """
    per_sector = 4
    padded = entries + [("", 0, _NOSTREAM, _NOSTREAM, _NOSTREAM)] * (-len(entries) % per_sector)
    dir_sectors = len(padded) // per_sector
    fat = [_FATSECT] + [i + 2 for i in range(dir_sectors - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))

    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 44, 1, 1, 0, 4096)  # FAT sectors, first dir sector
    struct.pack_into("<IIII", header, 60, _END, 0, _END, 0)  # no mini FAT, no extra DIFAT
    struct.pack_into("<109I", header, 76, 0, *([_FREE] * 108))

    directory = bytearray()
    for name, kind, left, right, child in padded:
        entry = bytearray(128)
        encoded = name.encode("utf-16-le")
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded) + 2 if name else 0, kind, 1)
        struct.pack_into("<III", entry, 68, left, right, child)
        struct.pack_into("<I", entry, 116, _END)
        directory += entry
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory)


def doc() -> bytes:
    return ole2(
        [
            ("Root Entry", 5, _NOSTREAM, _NOSTREAM, 2),
            ("1Table", 2, _NOSTREAM, _NOSTREAM, _NOSTREAM),
            ("WordDocument", 2, 1, 3, _NOSTREAM),
            ("\x05SummaryInformation", 2, _NOSTREAM, _NOSTREAM, _NOSTREAM),
        ]
    )


def xls(stream: str = "Workbook") -> bytes:
    return ole2(
        [
            ("Root Entry", 5, _NOSTREAM, _NOSTREAM, 1),
            (stream, 2, _NOSTREAM, 2, _NOSTREAM),
            ("\x05SummaryInformation", 2, _NOSTREAM, _NOSTREAM, _NOSTREAM),
        ]
    )


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xcc\x00\x00")  # filter byte + one red pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def mp3(id3: bool = True) -> bytes:
    frame = b"\xff\xfb\x90\x64" + b"\x00" * 413  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz
    return (b"ID3\x04\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10 + frame) if id3 else frame * 3


def mp4() -> bytes:
    ftyp = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    return ftyp + b"\x00\x00\x00\x08free" + b"\x00\x00\x00\x10mdat" + b"\x00" * 8


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


# --- Accepted files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("通知.pdf", pdf(), "pdf"),
        ("通知.ofd", ofd(), "ofd"),
        ("通知.doc", doc(), "doc"),
        ("通知.docx", docx(), "docx"),
        ("台账.xls", xls(), "xls"),
        ("台账（BIFF5）.xls", xls("Book"), "xls"),
        ("台账.xlsx", xlsx(), "xlsx"),
        ("照片.jpg", jpg(), "jpg"),
        ("照片.JPEG", jpg(), "jpg"),
        ("截图.png", png(), "png"),
        ("录音.mp3", mp3(), "mp3"),
        ("录音-无标签.mp3", mp3(id3=False), "mp3"),
        ("视频.mp4", mp4(), "mp4"),
        ("说明.txt", "政府信息公开申请说明\r\n第二行\n".encode(), "txt"),
        ("说明-bom.txt", "\ufeff带BOM的文本".encode(), "txt"),
        ("说明-gbk.txt", "用GB18030编码的中文文本".encode("gb18030"), "txt"),
        ("台账.csv", "编号,姓名\n1,张三\n".encode("gb18030"), "csv"),
        ("REPORT.PDF", pdf(), "pdf"),
    ],
)
def test_real_files_are_recognised(name, data, kind):
    assert check_upload(upload(name, data), allowed=ALL) == kind


def test_the_file_is_rewound_for_saving():
    file = upload("台账.xlsx", xlsx())
    file.read(10)

    check_upload(file, allowed={"xlsx"})

    assert file.tell() == 0
    assert file.read(4) == b"PK\x03\x04"


def test_files_on_disk_are_checked_the_same_way():
    data = docx()
    file = TemporaryUploadedFile("通知.docx", "application/octet-stream", len(data), None)
    file.write(data)
    file.seek(0)

    try:
        assert check_upload(file, allowed={"docx"}) == "docx"
    finally:
        file.close()


def test_docx_with_a_differently_named_main_part_is_recognised_by_its_content_type():
    assert check_upload(upload("通知.docx", docx(b"body.xml")), allowed={"docx"}) == "docx"


def test_word_embedded_in_a_workbook_does_not_make_it_a_doc():
    data = ole2(
        [
            ("Root Entry", 5, _NOSTREAM, _NOSTREAM, 1),
            ("Workbook", 2, _NOSTREAM, 2, _NOSTREAM),
            ("MBD0001A2B3", 1, _NOSTREAM, _NOSTREAM, 3),
            ("WordDocument", 2, _NOSTREAM, _NOSTREAM, _NOSTREAM),
        ]
    )

    assert check_upload(upload("台账.xls", data), allowed={"doc", "xls"}) == "xls"


def test_a_directory_spanning_several_sectors_is_followed_through_the_fat():
    entries = [("Root Entry", 5, _NOSTREAM, _NOSTREAM, 1)]
    entries += [(f"Stream{i}", 2, _NOSTREAM, i + 2, _NOSTREAM) for i in range(1, 9)]
    entries.append(("WordDocument", 2, _NOSTREAM, _NOSTREAM, _NOSTREAM))  # in the third sector

    assert check_upload(upload("通知.doc", ole2(entries)), allowed={"doc"}) == "doc"


# --- Refused files -----------------------------------------------------------------------------


def _refusal(name: str, data: bytes, allowed: set[str], **kwargs) -> str:
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload(name, data), allowed=allowed, **kwargs)
    return excinfo.value.messages[0]


def test_an_exe_renamed_pdf_is_refused_naming_the_allowed_types():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"PE\x00\x00"

    message = _refusal("通知.pdf", exe, {"pdf", "ofd", "docx"})

    assert message == "无法识别文件内容，或文件已损坏。只能上传 PDF、OFD、DOCX 格式的文件。"


def test_a_plain_zip_renamed_docx_is_refused():
    data = _zip({"readme.txt": b"hello", "word/readme.txt": b"not a document"})

    message = _refusal("通知.docx", data, {"docx"})

    assert "无法识别文件内容" in message and "DOCX" in message


def test_a_png_named_pdf_is_refused_as_a_mismatch():
    message = _refusal("通知.pdf", png(), {"pdf", "png"})

    assert message == "文件扩展名“.pdf”与文件内容（PNG）不符。只能上传 PDF、PNG 格式的文件。"


def test_a_png_where_only_pdf_is_allowed_is_refused_for_its_kind():
    message = _refusal("通知.pdf", png(), {"pdf"})

    assert message == "文件内容为 PNG 格式，不在允许范围内。只能上传 PDF 格式的文件。"


def test_a_workbook_renamed_docx_is_refused():
    message = _refusal("通知.docx", xlsx(), {"docx", "xlsx"})

    assert "与文件内容（XLSX）不符" in message


def test_a_macro_enabled_document_renamed_docx_is_refused():
    data = docx(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})

    assert "无法识别文件内容" in _refusal("通知.docx", data, {"docx"})


def test_a_double_extension_is_judged_by_the_last_one():
    assert "“.exe”" in _refusal("通知.pdf.exe", pdf(), {"pdf"})


def test_a_name_without_extension_is_refused():
    assert "文件扩展名（无）与文件内容（PDF）不符" in _refusal("通知", pdf(), {"pdf"})


def test_text_with_nul_bytes_is_not_text():
    assert "无法识别文件内容" in _refusal("说明.txt", b"abc\x00def\n", {"txt"})


def test_bytes_that_are_neither_utf8_nor_gb18030_are_not_text():
    assert "无法识别文件内容" in _refusal("说明.txt", b"caf\xe9", {"txt"})


def test_an_ole2_file_of_another_program_is_refused():
    data = ole2(
        [
            ("Root Entry", 5, _NOSTREAM, _NOSTREAM, 1),
            ("PowerPoint Document", 2, _NOSTREAM, _NOSTREAM, _NOSTREAM),
        ]
    )

    assert "无法识别文件内容" in _refusal("幻灯片.doc", data, {"doc", "xls"})


def test_a_truncated_compound_file_is_refused_not_crashed():
    assert "无法识别文件内容" in _refusal("通知.doc", doc()[:700], {"doc"})


def test_a_corrupt_zip_is_refused_not_crashed():
    assert "无法识别文件内容" in _refusal("通知.docx", docx()[:40], {"docx"})


def test_an_empty_file_is_refused():
    assert _refusal("通知.pdf", b"", {"pdf"}) == "文件为空，请重新选择文件。"


def test_a_file_over_the_given_limit_is_refused_with_the_limit_in_mb():
    data = pdf() + b"0" * (1024 * 1024)

    message = _refusal("通知.pdf", data, {"pdf"}, max_bytes=1024 * 1024)

    assert message == "文件大小超过 1 MB 的上限，请压缩或拆分后再上传。"


@override_settings(GONGKAI_MAX_UPLOAD_BYTES=2 * 1024 * 1024)
def test_the_default_limit_comes_from_settings():
    small = pdf() + b"0" * (1024 * 1024)
    big = pdf() + b"0" * (2 * 1024 * 1024)

    assert check_upload(upload("通知.pdf", small), allowed={"pdf"}) == "pdf"
    assert "超过 2 MB" in _refusal("通知.pdf", big, {"pdf"})


def test_unknown_kinds_are_a_programming_error():
    with pytest.raises(ValueError, match="unknown upload kinds"):
        check_upload(upload("a.pdf", pdf()), allowed={"pdf", "exe"})


# --- As a form field validator -----------------------------------------------------------------


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label="附件", validators=[UploadValidator({"pdf", "ofd"})])


def test_upload_validator_reports_on_the_form_field():
    good = AttachmentForm(data={}, files={"attachment": upload("通知.pdf", pdf())})
    bad = AttachmentForm(data={}, files={"attachment": upload("通知.pdf", png())})

    assert good.is_valid()
    assert not bad.is_valid()
    assert bad.errors["attachment"] == [
        "文件内容为 PNG 格式，不在允许范围内。只能上传 PDF、OFD 格式的文件。"
    ]


def test_upload_validator_is_comparable_for_migrations():
    assert UploadValidator({"pdf"}) == UploadValidator(["pdf"])
    assert UploadValidator({"pdf"}) != UploadValidator({"pdf"}, max_bytes=10)
    assert UploadValidator({"pdf"}).deconstruct()[0] == "gongkai.core.files.UploadValidator"
