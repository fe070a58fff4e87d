"""Attachments: checked by content with size limits, their text read (docx, xlsx, pdf) and
scanned, unreadable documents flagged, removal, downloads."""

from __future__ import annotations

import shutil

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.publications import extract
from gongkai.publications import services as svc
from gongkai.publications.choices import PiiStatus
from gongkai.publications.models import Attachment, PiiHit
from gongkai.publications.states import Status
from gongkai.search import index

from .conftest import ID_NUMBER, MOBILE, upload
from .files import EXE_BYTES, PNG_BYTES, docx_bytes, ofd_bytes, pdf_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def test_exe_renamed_pdf_is_refused_in_chinese(draft, clerk_a):
    item = draft()
    with pytest.raises(ValidationError) as exc:
        svc.item_attachment_add(item=item, uploaded=upload("通知.pdf", EXE_BYTES), actor=clerk_a)
    assert "无法识别文件内容" in exc.value.messages[0]
    assert not Attachment.objects.exists()


def test_png_named_pdf_is_refused(draft, clerk_a):
    with pytest.raises(ValidationError, match="扩展名"):
        svc.item_attachment_add(item=draft(), uploaded=upload("a.pdf", PNG_BYTES), actor=clerk_a)


def test_document_size_limit(draft, clerk_a, settings):
    settings.GONGKAI_ATTACHMENT_MAX_MB = 0
    with pytest.raises(ValidationError, match="文档类附件不能超过"):
        svc.item_attachment_add(
            item=draft(), uploaded=upload("a.docx", docx_bytes("正文")), actor=clerk_a
        )
    # Media have their own, larger ceiling.
    attachment = svc.item_attachment_add(
        item=draft(), uploaded=upload("图解.png", PNG_BYTES), actor=clerk_a
    )
    assert attachment.is_media and attachment.kind == "png"


def test_docx_text_is_extracted_and_scanned(draft, clerk_a):
    item = draft()
    data = docx_bytes("低保对象名单", f"王五 身份证 {ID_NUMBER}")
    attachment = svc.item_attachment_add(
        item=item, uploaded=upload("名单.docx", data), actor=clerk_a
    )
    assert attachment.kind == "docx" and attachment.extraction == "extracted"
    assert "低保对象名单" in attachment.extracted_text
    hit = PiiHit.objects.get(item=item, location="attachment")
    assert hit.attachment == attachment and hit.kind == "id_number"
    with pytest.raises(ValidationError, match="无法直接脱敏"):
        svc.item_mask_pii(hit=hit, actor=clerk_a)
    with pytest.raises(ValidationError, match="敏感个人信息"):
        svc.item_submit(item=item, actor=clerk_a)
    # Replacing the file resolves it.
    svc.item_attachment_remove(attachment=attachment, actor=clerk_a)
    hit.refresh_from_db()
    assert hit.status == PiiStatus.GONE
    svc.item_submit(item=item, actor=clerk_a)


def test_xlsx_text_includes_numbers_stored_as_numbers(draft, clerk_a):
    item = draft()
    data = xlsx_bytes([["姓名", "电话"], ["赵六", int(MOBILE)]])
    attachment = svc.item_attachment_add(item=item, uploaded=upload("表.xlsx", data), actor=clerk_a)
    assert "赵六" in attachment.extracted_text and MOBILE in attachment.extracted_text
    assert PiiHit.objects.filter(item=item, kind="mobile", location="attachment").exists()


def test_xlsx_cells_do_not_run_together():
    text = extract.xlsx_text(__import__("io").BytesIO(xlsx_bytes([["138", "12345678"]])))
    assert "13812345678" not in text


@needs_pdftotext
def test_pdf_text_layer_is_extracted_and_scanned(draft, clerk_a):
    item = draft()
    data = pdf_bytes(f"Contact {MOBILE} for details")
    attachment = svc.item_attachment_add(item=item, uploaded=upload("a.pdf", data), actor=clerk_a)
    assert attachment.extraction == "extracted"
    assert "Contact" in attachment.extracted_text
    assert PiiHit.objects.get(item=item).masked == "138****5678"


def test_unreadable_document_must_be_cleared(draft, clerk_a):
    item = draft()
    attachment = svc.item_attachment_add(
        item=item, uploaded=upload("文件.ofd", ofd_bytes()), actor=clerk_a
    )
    assert attachment.extraction == "failed"
    hit = PiiHit.objects.get(item=item)
    assert hit.kind == "unscanned"
    with pytest.raises(ValidationError):
        svc.item_submit(item=item, actor=clerk_a)
    svc.item_clear_pii(hit=hit, reason="已人工查看，无个人信息", actor=clerk_a)
    svc.item_submit(item=item, actor=clerk_a)


def test_pdf_without_pdftotext_is_unscanned(draft, clerk_a, monkeypatch):
    monkeypatch.setattr(extract.shutil, "which", lambda name: None)
    item = draft()
    svc.item_attachment_add(item=item, uploaded=upload("a.pdf", pdf_bytes("hello")), actor=clerk_a)
    assert PiiHit.objects.get(item=item).kind == "unscanned"


def test_attachment_text_is_searchable_once_published(draft, clerk_a, leader, site):
    item = draft()
    svc.item_attachment_add(
        item=item, uploaded=upload("细则.docx", docx_bytes("农机购置补贴实施细则")), actor=clerk_a
    )
    svc.item_submit(item=item, actor=clerk_a)
    svc.item_approve(item=item, actor=leader, secrecy_confirmed=True)
    hits = index.search(index.SearchQuery(site_id=site.pk, text="农机")).hits
    assert [h.doc_id for h in hits] == [item.pk]


def test_published_attachments_are_leader_only_and_pii_free(published, clerk_a, leader):
    item = published()
    with pytest.raises(PermissionDenied):
        svc.item_attachment_add(
            item=item, uploaded=upload("a.docx", docx_bytes("x")), actor=clerk_a
        )
    with pytest.raises(ValidationError, match="敏感个人信息"):
        svc.item_attachment_add(
            item=item, uploaded=upload("a.docx", docx_bytes(MOBILE)), actor=leader
        )
    assert not Attachment.objects.filter(item=item).exists()
    svc.item_attachment_add(item=item, uploaded=upload("b.docx", docx_bytes("无")), actor=leader)
    assert item.status == Status.PUBLISHED


def test_removed_draft_attachment_file_is_deleted(
    draft, clerk_a, django_capture_on_commit_callbacks
):
    item = draft()
    attachment = svc.item_attachment_add(
        item=item, uploaded=upload("a.png", PNG_BYTES), actor=clerk_a
    )
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        svc.item_attachment_remove(attachment=attachment, actor=clerk_a)
    assert not storage.exists(name)


def test_zip_bomb_part_is_not_read(monkeypatch):
    monkeypatch.setattr(extract, "MAX_PART_BYTES", 100)
    data = docx_bytes("甲" * 1000)
    assert extract.extract_text(__import__("io").BytesIO(data), "docx") is None
