"""Helpers for the page and API tests of 依申请公开: form data, a fixed "today", files."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .conftest import PERSON

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Thursday of 2025: the calendar fixture covers it, and the dates of a whole case fit before.
TODAY = dt.date(2025, 11, 20)
NOW = dt.datetime(2025, 11, 20, 10, 0, tzinfo=SHANGHAI)

# The applicant of the PII tests: nothing of this may ever reach a public page or answer.
SECRET_PHONE = "13912345678"
SECRET_EMAIL = "wxm@example.com"
SECRET_ADDRESS = "示例县人民路8号"


def png_bytes() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def png_upload(name: str = "身份证.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def fake_pdf(name: str = "委托书.pdf") -> SimpleUploadedFile:
    """Called .pdf, but an executable inside: refused by content."""
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")


def application_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "legal_representative": "",
        "contact_person": "",
        "document_number": "",
        **PERSON,
    }
    data.update(overrides)
    return data


def d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def detail(info_request: Any) -> str:
    return reverse("info_requests:detail", args=[info_request.pk])


def step(info_request: Any, action: str, row: Any = None) -> str:
    if row is not None:
        return reverse("info_requests:row_step", args=[info_request.pk, action, row.pk])
    return reverse("info_requests:step", args=[info_request.pk, action])
