"""What hangs off an item: attachments, PII hits, versions and workflow events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..choices import ExtractionStatus, PiiKind, PiiLocation, PiiStatus
from ..storage import attachment_path, publication_storage
from .items import Item


class Attachment(models.Model):
    """A file of an item: a document (pdf, ofd, doc/docx, xls/xlsx) or a medium (an image,
    audio or video interpretation). Its kind is judged by content (core.files.check_upload)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        "文件", upload_to=attachment_path, storage=publication_storage, max_length=200
    )
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("文件类型", max_length=10)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    is_media = models.BooleanField("音视频或图片", default=False)
    extraction = models.CharField(
        "文字提取", max_length=20, choices=ExtractionStatus.choices, default=ExtractionStatus.FAILED
    )
    extracted_text = models.TextField("提取的文字", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    # Removed attachments stay as rows: older versions list them.
    removed_at = models.DateTimeField("删除时间", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.original_name


class PiiHit(models.Model):
    """One piece of personal information found in an item (敏感个人信息命中).

    The raw value is never stored: only its masked form, a keyed hash (HMAC with SECRET_KEY, so
    an ID number cannot be recovered by trying all of them) that recognises the same value on
    the next scan, and where it was last seen. One row per distinct value per location; masking
    replaces every occurrence."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="pii_hits")
    location = models.CharField("位置", max_length=12, choices=PiiLocation.choices)
    attachment = models.ForeignKey(
        Attachment, on_delete=models.CASCADE, null=True, blank=True, related_name="pii_hits"
    )
    kind = models.CharField("类型", max_length=12, choices=PiiKind.choices)
    masked = models.CharField("脱敏后", max_length=120)
    value_hash = models.CharField(max_length=64)
    start = models.PositiveIntegerField("位置（字符）", default=0)
    end = models.PositiveIntegerField(default=0)
    occurrences = models.PositiveIntegerField("出现次数", default=1)
    status = models.CharField(
        "处理状态", max_length=10, choices=PiiStatus.choices, default=PiiStatus.OPEN
    )
    cleared_reason = models.CharField("无需脱敏的理由", max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)

    class Meta:
        verbose_name = "敏感个人信息命中"
        verbose_name_plural = "敏感个人信息命中"
        ordering = ["item_id", "location", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cleared") | ~Q(cleared_reason=""),
                name="pii_cleared_has_reason",
                violation_error_message="确认无需脱敏必须填写理由。",
            ),
            models.CheckConstraint(
                condition=Q(location="attachment") | Q(attachment__isnull=True),
                name="pii_attachment_only_for_attachment",
            ),
        ]
        indexes = [
            # The guard (any open hit blocks) and the PII list: open hits of an item.
            models.Index(fields=["item"], condition=Q(status="open"), name="pii_open_by_item"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked}"


class ItemVersion(models.Model):
    """A snapshot of an item after a write (every save, submission, approval, publication,
    revision, masking, withdrawal). Append-only (a trigger rejects UPDATE, migration 0002)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    data = models.JSONField("内容")
    action = models.CharField("操作", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "信息版本"
        verbose_name_plural = "信息版本"
        ordering = ["item_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class ItemEvent(models.Model):
    """One workflow step (who, when, from, to, note). Append-only (migration 0002)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=40)
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "信息流转记录"
        verbose_name_plural = "信息流转记录"
        ordering = ["item_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.from_status}→{self.to_status}"
