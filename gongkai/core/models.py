"""Shared kernel tables: the working-day calendar and the audit log.

Neither table has a foreign key into a context app: core sits at the bottom of the dependency
graph, and an audit row must outlive whatever it describes.
"""

from django.db import models


class CalendarSource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", "chinesecalendar 数据包"
    OFFICIAL = "official", "国务院办公厅放假安排"
    MANUAL = "manual", "管理员修改"
    WEEKEND = "weekend", "按周末推定"


class CalendarDay(models.Model):
    """One date of the working-day calendar (工作日历).

    A year counts as covered when it has a row for every date; `deadlines` computes a year with
    no rows by weekends alone and marks the result provisional.
    """

    date = models.DateField("日期", unique=True)
    is_working = models.BooleanField("是否工作日")
    # Holiday name (国庆节) or make-up day name (国庆节调休上班); empty for ordinary days.
    name = models.CharField("名称", max_length=50, blank=True)
    source = models.CharField("来源", max_length=20, choices=CalendarSource.choices)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self) -> str:
        kind = "工作日" if self.is_working else "休息日"
        return f"{self.date:%Y-%m-%d} {kind} {self.name}".strip()


class AuditEvent(models.Model):
    """An append-only record of one write (操作日志).

    Ids and names are copied, not linked: the row stays true after the organisation is renamed or
    the user removed. A database trigger rejects UPDATE (migration 0002); DELETE is left to the
    retention sweep, which only removes rows older than GONGKAI_AUDIT_RETENTION_DAYS.
    """

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    site_id = models.BigIntegerField("站点", null=True, blank=True)
    organisation_id = models.BigIntegerField("机构", null=True, blank=True)
    organisation_name = models.CharField("机构名称", max_length=200, blank=True)
    actor_id = models.BigIntegerField("操作人", null=True, blank=True)
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=80)
    object_type = models.CharField("对象类型", max_length=80, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    # {"field": [before, after], ...}; for a creation before is null, for a deletion after is.
    changes = models.JSONField("变更内容", default=dict, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The office's log page: one site, newest first.
            models.Index(fields=["site_id", "-created_at"], name="audit_site_time"),
            # A unit's own log page and the per-organisation filter.
            models.Index(fields=["organisation_id", "-created_at"], name="audit_org_time"),
            # "History of this object" links from detail pages.
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )
