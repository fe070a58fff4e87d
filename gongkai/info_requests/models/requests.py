"""The application itself, its tracking-number sequence, its event log and its files."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from gongkai.casework.events import CaseEvent
from gongkai.organizations.models import Organisation, Site

from ..choices import (
    AttachmentKind,
    Channel,
    DeliveryMethod,
    IdType,
    ProvisionForm,
)
from ..outcomes import ApplicantType, Outcome
from ..states import Action, Status
from ..storage import private_storage


class RequestSettings(models.Model):
    """Per-site settings of the application workflow.

    `head_user` is the head of the disclosure work organ (政府信息公开工作机构负责人) whose
    approval Art. 33 requires for an extension and who signs replies off (ADR 0008). Unset,
    any disclosure-office member may approve and is recorded by name.
    """

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="request_settings")
    head_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="政务公开工作机构负责人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    tracking_prefix = models.CharField(
        "受理编号前缀",
        max_length=10,
        default="YSQ",
        validators=[RegexValidator(r"^[A-Z]{2,10}$", "前缀应为2–10个大写英文字母。")],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "依申请公开设置"
        verbose_name_plural = "依申请公开设置"

    def __str__(self) -> str:
        return f"{self.site}依申请公开设置"


class RequestSequence(models.Model):
    """The last tracking-number serial of a site and year. Intake locks this row
    (select_for_update), so concurrent registrations get consecutive, unique serials."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="ir_sequence_site_year"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id}-{self.year}: {self.last}"


class InfoRequest(models.Model):
    """政府信息公开申请: one application, from intake to archive.

    `organisation` is the organ the application is addressed to (受理机关: its name heads the
    letters and its annual report counts the application); `unit` the unit currently handling
    it (承办单位), set by dispatch and transfer.
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="info_requests")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="info_requests_received",
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name="承办单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="info_requests_handled",
    )
    tracking_number = models.CharField("受理编号", max_length=30)
    query_code_hash = models.CharField(max_length=128, editable=False)
    status = models.CharField(
        "办理状态", max_length=30, choices=Status.choices, default=Status.SUBMITTED
    )
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    # 收到申请之日 by the channel's rule (Art. 31). The ORIGINAL date: a correction restarts
    # the clock (Correction.corrected_on) but the annual report counts this one.
    received_on = models.DateField("收到申请日期", null=True, blank=True)

    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人", max_length=200)
    id_type = models.CharField("身份证明类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=50)
    applicant_key = models.CharField(max_length=64, editable=False)
    legal_representative = models.CharField("法定代表人", max_length=60, blank=True)
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    description = models.TextField("所需信息的名称或描述")
    document_number = models.CharField("文号", max_length=100, blank=True)
    provision_form = models.CharField("信息提供形式", max_length=20, choices=ProvisionForm.choices)
    delivery_method = models.CharField(
        "获取信息方式", max_length=20, choices=DeliveryMethod.choices
    )

    # The reply clock, recomputed by the services on every clock-relevant write and when the
    # calendar changes. Null while no clock runs (submitted, awaiting correction).
    due_on = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限暂定", default=False)
    due_missing_years = models.JSONField(default=list, blank=True)
    custom_due_on = models.DateField("另行确定的答复期限", null=True, blank=True)

    outcome = models.CharField("办理结果", max_length=30, choices=Outcome.choices, blank=True)
    legal_basis = models.TextField("法律依据", blank=True)
    reply_content = models.TextField("答复内容", blank=True)
    # Art. 36 (5): the organ responsible for the information, when it is not this one.
    responsible_organ = models.CharField("负责公开的机关", max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by_name = models.CharField("签发人", max_length=150, blank=True)
    approved_on = models.DateField("签发日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "tracking_number"],
                name="ir_tracking_number_unique",
                violation_error_message="受理编号已存在。",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(outcome=""),
                name="ir_closed_has_outcome",
                violation_error_message="办结的申请必须有办理结果。",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(received_on__isnull=True)
                | Q(closed_on__gte=models.F("received_on")),
                name="ir_closed_after_received",
                violation_error_message="办结日期不能早于收到申请日期。",
            ),
        ]
        indexes = [
            # The office's lists: one site's applications by status.
            models.Index(fields=["site", "status"], name="ir_site_status"),
            # A unit's workbench: the applications dispatched to it.
            models.Index(fields=["unit", "status"], name="ir_unit_status"),
            # Workbench sorting and the overdue selector: open applications by due date.
            models.Index(
                fields=["site", "due_on"],
                condition=Q(closed_on__isnull=True),
                name="ir_open_due",
            ),
            # The monthly fee counter and the repeat suggestion: one applicant's applications.
            models.Index(fields=["site", "applicant_key", "received_on"], name="ir_applicant"),
            # The annual report: one organ's applications by receipt date.
            models.Index(fields=["organisation", "received_on"], name="ir_org_received"),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class InfoRequestEvent(CaseEvent):
    """One step of an application's history (casework.events): a transition (from → to) or a
    step that leaves the status unchanged (from == to). Append-only: a trigger (migration 0002)
    rejects UPDATE."""

    info_request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("操作", max_length=30, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=30, choices=Status.choices)

    class Meta(CaseEvent.Meta):
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        indexes = [
            # An application's timeline, oldest first.
            models.Index(fields=["info_request", "created_at"], name="ir_event_timeline"),
        ]

    def __str__(self) -> str:
        return f"{self.info_request_id} {self.get_action_display()}"


def attachment_path(instance: RequestAttachment, filename: str) -> str:
    # Never the sender's file name: it may carry the applicant's name or ID number.
    extension = PurePath(filename).suffix.lower()
    return f"info_requests/{instance.info_request.site_id}/{uuid.uuid4().hex}{extension}"


class RequestAttachment(models.Model):
    """A file the applicant handed in (ID copy, power of attorney ...). Checked by content."""

    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField("材料类型", max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    content_kind = models.CharField("文件格式", max_length=10)
    size = models.PositiveIntegerField("大小")
    uploaded_by_name = models.CharField("上传人", max_length=150, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"
