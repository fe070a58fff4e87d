"""The .docx and PDF of an issued letter: rendered once from the stored text, kept in private
storage with their SHA-256, checked against it whenever they are handed out."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..models import Letter
from .rendering import render_docx, render_pdf
from .wording import LetterText, zh_date

logger = logging.getLogger(__name__)

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
_UNSAFE = str.maketrans({c: "_" for c in '/\\:*?"<>|'})


class LetterFileError(RuntimeError):
    """A stored letter file is missing or no longer matches its recorded SHA-256."""


def letter_text(letter: Letter) -> LetterText:
    """The letter as issued, from the stored snapshot (never from a template)."""
    return LetterText(
        title=letter.title,
        number=letter.number,
        recipient=letter.recipient,
        paragraphs=tuple(letter.paragraphs),
        organ_name=letter.organ_name,
        date_text=zh_date(letter.issued_on),
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def letter_files_ensure(letter: Letter) -> Letter:
    """Render and store the letter's files unless they exist. Safe to call twice and from two
    processes at once (the row is locked; the second caller finds the files)."""
    if letter.has_files:
        return letter
    with transaction.atomic():
        row = Letter.objects.select_for_update().select_related("info_request").get(pk=letter.pk)
        if row.has_files:
            return row
        text = letter_text(row)
        docx, pdf = render_docx(text), render_pdf(text)
        try:
            row.docx_file.save("letter.docx", ContentFile(docx), save=False)
            row.pdf_file.save("letter.pdf", ContentFile(pdf), save=False)
            row.docx_sha256, row.pdf_sha256 = sha256(docx), sha256(pdf)
            row.files_rendered_at = timezone.now()
            row.save(
                update_fields=[
                    "docx_file",
                    "docx_sha256",
                    "pdf_file",
                    "pdf_sha256",
                    "files_rendered_at",
                ]
            )
        except BaseException:
            for field in (row.docx_file, row.pdf_file):
                if field.name:
                    field.storage.delete(field.name)
            raise
    return row


def file_name(letter: Letter, fmt: str) -> str:
    """What the download is called: 标题（文号）.docx."""
    return f"{letter.title}（{letter.number}）.{fmt}".translate(_UNSAFE)


def letter_file(letter: Letter, fmt: str = "docx") -> tuple[str, str, str]:
    """(absolute path, download name, content type) of the letter's file in `fmt`, rendered
    first if it has not been yet, and checked against its SHA-256."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown letter format {fmt!r}")
    letter = letter_files_ensure(letter)
    field = letter.docx_file if fmt == "docx" else letter.pdf_file
    expected = letter.docx_sha256 if fmt == "docx" else letter.pdf_sha256
    path = Path(field.path)
    try:
        actual = sha256(path.read_bytes())
    except OSError as exc:
        raise LetterFileError(f"letter {letter.pk}: {fmt} file is missing") from exc
    if actual != expected:
        logger.error("letter %s: %s file does not match its SHA-256", letter.pk, fmt)
        raise LetterFileError(f"letter {letter.pk}: {fmt} file does not match its SHA-256")
    return str(path), file_name(letter, fmt), FORMATS[fmt]
