"""The annual report (政府信息公开工作年度报告) of one organisation for one year, and the reminder
log of the deadline sweep."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.organizations.models import Organisation, Site
from gongkai.publications.models import Item

from .annual import FORMAT_VERSION
from .states import ReportStatus


class AnnualReport(models.Model):
    """Tables 二/三/四 and the text sections of one organisation's report on one year.

    While a draft, Tables 三 and 四 are computed live from the application records; submitting
    freezes them (`table3`/`table4` snapshots, with the checks as they stood), so a record
    corrected later does not silently change a report already sent to the county office.
    Table 二 is entered (the counts live in other registers), except that its normative-document
    counts can be filled in from the published items.
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="annual_reports")
    organisation = models.ForeignKey(
        Organisation, verbose_name="单位", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    # The table format the report follows (国办公开办函〔2021〕30号 = "2021").
    format_version = models.CharField("报表格式", max_length=10, default=FORMAT_VERSION)
    status = models.CharField(
        "状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # Table 二: the ten entries of annual.Table2; counts as integers, the fee amount (万元) as
    # a decimal string.
    table2 = models.JSONField("表二", default=dict, blank=True)
    # Frozen snapshots {row: {column: n}} and {group: {result: n}}; null while live (draft).
    table3 = models.JSONField("表三", null=True, blank=True)
    table4 = models.JSONField("表四", null=True, blank=True)
    # [{"key", "ok", "severity", "message"}] as of the last refresh or the freeze.
    checks = models.JSONField("校验结果", default=list, blank=True)
    section_overview = models.TextField("一、总体情况", blank=True)
    section_problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    section_other = models.TextField("六、其他需要报告的事项", blank=True)
    # Information processing fees paid in the year (元), as of the last refresh or the freeze.
    fees_collected = models.DecimalField(
        "信息处理费（元）", max_digits=12, decimal_places=2, default=0
    )
    # The item that publishes the report in the unit's 政府信息公开年报 column (reviewed and
    # published through the publications workflow).
    published_item = models.ForeignKey(
        Item,
        verbose_name="发布的信息",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    refreshed_at = models.DateTimeField("最近核算", null=True, blank=True)
    frozen_at = models.DateTimeField("数据锁定时间", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "organisation__sort_order", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="annual_report_org_year",
                violation_error_message="该单位本年度的年度报告已存在。",
            ),
            # A submitted or published report carries its frozen tables.
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(table3__isnull=False) & Q(table4__isnull=False)),
                name="annual_report_frozen_tables",
                violation_error_message="已报送的年度报告必须保存表三、表四。",
            ),
        ]
        indexes = [
            # The report list and the reminder selector: one site's reports of a year.
            models.Index(fields=["site", "year", "status"], name="annual_report_site_year"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.full_name}{self.year}年政府信息公开工作年度报告"

    @property
    def is_frozen(self) -> bool:
        return self.table3 is not None and self.table4 is not None

    @property
    def title(self) -> str:
        return str(self)


class ReportReminder(models.Model):
    """One reminder the deadline sweep sent (a unit, a reporting year, a stage). The unique
    constraint makes the sweep safe to run twice: a stage is sent once."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    stage = models.CharField("提醒阶段", max_length=10)
    deadline = models.DateField("截止日期")
    days_left = models.IntegerField("剩余天数")
    sent_at = models.DateTimeField("提醒时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度报告提醒"
        verbose_name_plural = "年度报告提醒"
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "stage"], name="report_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year} {self.stage}"
