"""Administrative reconsideration and litigation about an application (行政复议、行政诉讼).
Table 四 of the annual report counts them by the year filed, with the result as recorded."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from ..choices import RemedyResult, SuitKind
from .requests import InfoRequest


class Reconsideration(models.Model):
    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.PROTECT, related_name="reconsiderations"
    )
    filed_on = models.DateField("申请复议日期")
    organ = models.CharField("复议机关", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    result = models.CharField(
        "复议结果", max_length=20, choices=RemedyResult.choices, default=RemedyResult.PENDING
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "行政复议"
        verbose_name_plural = "行政复议"
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="pending", decided_on__isnull=True)
                | (~Q(result="pending") & Q(decided_on__gte=models.F("filed_on"))),
                name="ir_reconsideration_decided",
                violation_error_message="已审结的复议须填写不早于申请日期的决定日期，尚未审结的不填。",
            ),
        ]
        indexes = [
            # Table 四: remedies filed in a year.
            models.Index(fields=["filed_on"], name="ir_reconsideration_filed"),
        ]

    def __str__(self) -> str:
        return f"{self.info_request} 行政复议（{self.organ}）"


class Litigation(models.Model):
    info_request = models.ForeignKey(
        InfoRequest, on_delete=models.PROTECT, related_name="litigations"
    )
    kind = models.CharField("起诉类型", max_length=30, choices=SuitKind.choices)
    # The reconsideration the suit follows, for suits after reconsideration.
    reconsideration = models.ForeignKey(
        Reconsideration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="litigations",
    )
    filed_on = models.DateField("起诉日期")
    court = models.CharField("受理法院", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    result = models.CharField(
        "诉讼结果", max_length=20, choices=RemedyResult.choices, default=RemedyResult.PENDING
    )
    decided_on = models.DateField("裁判日期", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "行政诉讼"
        verbose_name_plural = "行政诉讼"
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="pending", decided_on__isnull=True)
                | (~Q(result="pending") & Q(decided_on__gte=models.F("filed_on"))),
                name="ir_litigation_decided",
                violation_error_message="已审结的诉讼须填写不早于起诉日期的裁判日期，尚未审结的不填。",
            ),
            models.CheckConstraint(
                condition=Q(kind="after_reconsideration") | Q(reconsideration__isnull=True),
                name="ir_litigation_direct_alone",
                violation_error_message="直接起诉的案件不关联行政复议。",
            ),
        ]
        indexes = [
            # Table 四: remedies filed in a year.
            models.Index(fields=["filed_on"], name="ir_litigation_filed"),
        ]

    def __str__(self) -> str:
        return f"{self.info_request} 行政诉讼（{self.court}）"
