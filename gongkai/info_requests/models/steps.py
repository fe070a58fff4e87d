"""The legal steps of an application that carry dates: correction, extension, consultations and
fee notices (the clock reads these rows), the Art. 35 review, the withheld parts of a reply, and
the service of the reply."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..choices import (
    ConsultationAnswer,
    ConsultationKind,
    MassReviewDecision,
    ServiceMethod,
)
from ..fees import FeeMethod
from ..outcomes import Outcome
from .requests import InfoRequest


class Correction(models.Model):
    """补正: the single correction notice (Art. 30). One per application, enforced by the
    one-to-one key. The clock restarts from `corrected_on`."""

    info_request = models.OneToOneField(
        InfoRequest, on_delete=models.PROTECT, related_name="correction"
    )
    issued_on = models.DateField("告知日期")
    items = models.TextField("需要补正的事项")
    correct_by = models.DateField("补正期限")
    corrected_on = models.DateField("收到补正日期", null=True, blank=True)
    # Issued after the 7th working day from receipt: allowed, but on record.
    issued_late = models.BooleanField("超过七个工作日告知", default=False)
    issued_by_name = models.CharField("告知人", max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "补正告知"
        verbose_name_plural = "补正告知"
        constraints = [
            models.CheckConstraint(
                condition=Q(correct_by__gte=models.F("issued_on")),
                name="ir_correction_period",
                violation_error_message="补正期限不能早于告知日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.info_request} 补正告知 {self.issued_on:%Y-%m-%d}"


class Extension(models.Model):
    """延期答复: the one extension (Art. 33 para. 2) of at most 20 working days, approved by
    the head of the disclosure work organ, notified before the original due date."""

    info_request = models.OneToOneField(
        InfoRequest, on_delete=models.PROTECT, related_name="extension"
    )
    days = models.PositiveSmallIntegerField("延长工作日数")
    reason = models.TextField("延期理由")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by_name = models.CharField("批准人", max_length=150)
    approved_on = models.DateField("批准日期")
    notified_on = models.DateField("告知申请人日期")
    original_due_on = models.DateField("原答复期限")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "延期答复"
        verbose_name_plural = "延期答复"
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=20),
                name="ir_extension_days",
                violation_error_message="延期不得超过20个工作日。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.info_request} 延期 {self.days} 个工作日"


class Consultation(models.Model):
    """征求意见: a third party (Art. 32) or a co-maker organ (Art. 34) is consulted. Stops the
    clock from `sent_on` until `answered_on` or 15 working days, whichever is first."""

    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.PROTECT, related_name="consultations"
    )
    kind = models.CharField("类型", max_length=20, choices=ConsultationKind.choices)
    party = models.CharField("征求意见对象", max_length=200)
    sent_on = models.DateField("发函日期")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer = models.CharField("意见", max_length=20, choices=ConsultationAnswer.choices, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("sent_on")),
                name="ir_consultation_dates",
                violation_error_message="答复日期不能早于发函日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.party}"


class FeeNotice(models.Model):
    """收费通知 (Art. 42, 国办函〔2020〕109号). Stops the clock from `sent_on` until `paid_on`,
    at most until the payment period ends. One method per notice; one open notice at a time."""

    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.PROTECT, related_name="fee_notices"
    )
    method = models.CharField("收费方式", max_length=20, choices=FeeMethod.choices)
    n_in_month = models.PositiveIntegerField("当月申请序号", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    sent_on = models.DateField("发出日期")
    notice_received_on = models.DateField("申请人收到日期", null=True, blank=True)
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    receipt_number = models.CharField("财政票据号", max_length=60, blank=True)
    cancelled_on = models.DateField("撤销日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"
        ordering = ["sent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        method=FeeMethod.PER_APPLICATION,
                        n_in_month__isnull=False,
                        pages__isnull=True,
                    )
                    | Q(method=FeeMethod.PER_VOLUME, pages__isnull=False, n_in_month__isnull=True)
                ),
                name="ir_fee_one_method",
                violation_error_message="同一申请只能选择按件或按量中的一种方式计收。",
            ),
            models.UniqueConstraint(
                fields=["info_request"],
                condition=Q(paid_on__isnull=True, cancelled_on__isnull=True),
                name="ir_fee_one_open",
                violation_error_message="该申请已有未缴费的收费通知。",
            ),
        ]
        indexes = [
            # fees_total: paid fees of a year.
            models.Index(fields=["paid_on"], name="ir_fee_paid_on"),
        ]

    def __str__(self) -> str:
        return f"{self.info_request} 收费 {self.amount} 元"

    @property
    def is_open(self) -> bool:
        return self.paid_on is None and self.cancelled_on is None


class MassReview(models.Model):
    """Art. 35: the organ asked a mass or repeated applicant for reasons, and decided."""

    info_request = models.OneToOneField(
        InfoRequest, on_delete=models.PROTECT, related_name="mass_review"
    )
    reasons_requested_on = models.DateField("要求说明理由日期")
    reasons_received_on = models.DateField("收到理由日期", null=True, blank=True)
    reasons = models.TextField("申请人说明的理由", blank=True)
    decision = models.CharField(
        "决定",
        max_length=20,
        choices=MassReviewDecision.choices,
        default=MassReviewDecision.PENDING,
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    custom_due_on = models.DateField("另行确定的答复期限", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "大量反复申请审查"
        verbose_name_plural = "大量反复申请审查"

    def __str__(self) -> str:
        return f"{self.info_request} {self.get_decision_display()}"


class WithheldPart(models.Model):
    """A part of the requested information not disclosed, with its reason (Art. 36 (3), 37).
    The reason is a leaf of the 不予公开 group of Table 三."""

    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="withheld_parts"
    )
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField("不予公开的内容", max_length=500)
    reason = models.CharField("理由", max_length=30, choices=Outcome.choices)
    legal_basis = models.CharField("法律依据", max_length=500)

    class Meta:
        verbose_name = "不予公开部分"
        verbose_name_plural = "不予公开部分"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class ServiceRecord(models.Model):
    """送达: how and when the reply reached the applicant. For post (China Post only) the
    signature date is `served_on`; the tracking number is required."""

    info_request = models.OneToOneField(
        InfoRequest, on_delete=models.PROTECT, related_name="service"
    )
    method = models.CharField("送达方式", max_length=20, choices=ServiceMethod.choices)
    served_on = models.DateField("送达日期")
    sent_on = models.DateField("寄出日期", null=True, blank=True)
    carrier = models.CharField("承运单位", max_length=30, blank=True)
    tracking_number = models.CharField("邮件号码", max_length=40, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    recorded_by_name = models.CharField("登记人", max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        constraints = [
            models.CheckConstraint(
                condition=~Q(method="post") | ~Q(tracking_number=""),
                name="ir_post_tracking_number",
                violation_error_message="邮寄送达须填写邮件号码。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.info_request} {self.get_method_display()} {self.served_on:%Y-%m-%d}"
