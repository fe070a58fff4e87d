"""Government information items (政府信息), their 索引号 sequences, the per-site settings and the
interpretation links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from gongkai.catalog.models import Column, StandardItem
from gongkai.organizations.models import Organisation, Site

from ..choices import DisclosureAttribute, Genre, InterpretationKind, SubjectCategory, Validity
from ..states import Status

DEFAULT_INDEX_TEMPLATE = "{org_code}/{year}-{seq:05d}"


class PublicationSettings(models.Model):
    """Per-site rules of publication (the decisions table's defaults, changeable per province)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="publication_settings")
    index_template = models.CharField(
        "索引号格式",
        max_length=100,
        default=DEFAULT_INDEX_TEMPLATE,
        help_text="可用字段：{org_code} 机构代码、{credit_code} 统一社会信用代码、{year} 年份、"
        "{month} 月份、{seq} 顺序号（如 {seq:05d} 补足5位）。",
    )
    interpretation_lag_days = models.PositiveSmallIntegerField(
        "政策解读时限（工作日）",
        default=3,
        validators=[MaxValueValidator(60)],
        help_text="规范性文件发布后，应在此期限内发布政策解读。",
    )
    # Art. 26: within 20 working days of creation or change.
    publication_deadline_days = models.PositiveSmallIntegerField(
        "主动公开时限（工作日）", default=20, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "信息发布设置"
        verbose_name_plural = "信息发布设置"

    def __str__(self) -> str:
        return f"{self.site}信息发布设置"


class IndexSequence(models.Model):
    """The last 索引号 serial used by one organisation in one year. Locked (select_for_update)
    while a number is taken, so two publications never get the same serial; never decremented,
    so a number is never reused."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="index_sequences"
    )
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用顺序号", default=0)

    class Meta:
        verbose_name = "索引号顺序"
        verbose_name_plural = "索引号顺序"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="index_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last}"


class Item(models.Model):
    """One piece of government information (政府信息条目) with its catalogue metadata."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="items")
    # 发布机构: the publishing unit; for a joint document, the organ that assigned the number.
    organisation = models.ForeignKey(
        Organisation, verbose_name="发布机构", on_delete=models.PROTECT, related_name="items"
    )
    title = models.CharField("标题", max_length=300)
    # Assigned at publication from the site's template, never changed or reused afterwards.
    index_number = models.CharField("索引号", max_length=100, null=True, blank=True)
    index_year = models.PositiveSmallIntegerField("索引号年份", null=True, blank=True)
    index_seq = models.PositiveIntegerField("索引号顺序号", null=True, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    scheduled_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    subject_category = models.CharField(
        "主题分类", max_length=2, choices=SubjectCategory.choices, blank=True
    )
    genre = models.CharField("体裁", max_length=20, choices=Genre.choices, blank=True)
    interpretation_kind = models.CharField(
        "解读形式", max_length=10, choices=InterpretationKind.choices, blank=True
    )
    keywords = models.CharField("关键词", max_length=200, blank=True)
    summary = models.TextField("内容概述", blank=True)
    is_normative = models.BooleanField("规范性文件", default=False)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    expires_on = models.DateField("失效日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    disclosure_attribute = models.CharField(
        "公开属性",
        max_length=12,
        choices=DisclosureAttribute.choices,
        default=DisclosureAttribute.ACTIVE,
    )
    attribute_reason = models.TextField("不公开理由", blank=True)
    columns: models.ManyToManyField[Column, Any] = models.ManyToManyField(
        Column, verbose_name="栏目", blank=True, related_name="items"
    )
    standard_item = models.ForeignKey(
        StandardItem,
        verbose_name="对应标准目录事项",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    body_html = models.TextField("正文", blank=True)
    interprets: models.ManyToManyField[Item, Any] = models.ManyToManyField(
        "self",
        verbose_name="解读的文件",
        through="Interpretation",
        through_fields=("interpretation", "policy"),
        symmetrical=False,
        blank=True,
        related_name="interpreted_by",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    # 保密审查: the approving leader's confirmation, recorded with the approval.
    secrecy_reviewed = models.BooleanField("已通过保密审查", default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回理由", blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="替代信息",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    version = models.PositiveIntegerField("版本", default=1)
    imported = models.BooleanField("批量导入", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "index_number"],
                name="item_index_number_unique",
                violation_error_message="本站点已有使用该索引号的信息。",
            ),
            models.UniqueConstraint(
                fields=["organisation", "index_year", "index_seq"],
                name="item_index_serial_unique",
                violation_error_message="该机构本年度的索引号顺序号已被使用。",
            ),
            # 80号: an attribute other than 主动公开 needs its (legal) reason.
            models.CheckConstraint(
                condition=Q(disclosure_attribute="active") | ~Q(attribute_reason=""),
                name="item_attribute_reason_required",
                violation_error_message="依申请公开或不予公开的信息必须填写理由。",
            ),
            models.CheckConstraint(
                condition=Q(is_normative=False) | ~Q(validity=""),
                name="item_normative_has_validity",
                violation_error_message="规范性文件必须标注有效性。",
            ),
            # Released items carry their number; a number exists only once published.
            models.CheckConstraint(
                condition=~Q(status__in=["published", "withdrawn"]) | Q(index_number__isnull=False),
                name="item_released_has_index_number",
                violation_error_message="已发布的信息必须有索引号。",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="item_withdrawal_reason_required",
                violation_error_message="撤回信息必须填写撤回理由。",
            ),
        ]
        indexes = [
            # Public lists and feeds: one site's published items, newest first.
            models.Index(fields=["site", "status", "-published_at"], name="item_site_published"),
            # The workbench: a unit's items by status.
            models.Index(fields=["organisation", "status"], name="item_org_status"),
            # The scheduled-publication sweep reads only items waiting for their time.
            models.Index(
                fields=["scheduled_at"],
                condition=Q(status="scheduled"),
                name="item_scheduled_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return (
            self.status in (Status.PUBLISHED, Status.WITHDRAWN)
            and self.disclosure_attribute == DisclosureAttribute.ACTIVE
        )

    @property
    def is_interpretation(self) -> bool:
        return self.genre == Genre.INTERPRETATION


class Interpretation(models.Model):
    """A link from a policy interpretation (政策解读) to a document it interprets; both pages show
    it (the link goes both ways, as the inspectors require)."""

    interpretation = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政策解读关联"
        verbose_name_plural = "政策解读关联"
        constraints = [
            models.UniqueConstraint(
                fields=["interpretation", "policy"], name="interpretation_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(interpretation=models.F("policy")),
                name="interpretation_not_self",
            ),
        ]
        indexes = [
            # missing_interpretations: does this policy have an interpretation?
            models.Index(fields=["policy"], name="interpretation_policy"),
        ]

    def __str__(self) -> str:
        return f"{self.interpretation_id} → {self.policy_id}"
