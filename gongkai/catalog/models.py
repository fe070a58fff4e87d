"""The disclosure catalog (公开目录): columns (栏目) and who claimed them (认领); the standard
catalog of the 26 pilot domains (标准目录, 国办发〔2019〕54号)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.organizations.models import Organisation, Site


class ColumnKind(models.TextChoices):
    LIST = "list", "信息列表"
    PAGE = "page", "单页"
    LINK = "link", "外部链接"


class UpdateCategory(models.TextChoices):
    """Update periods used by the inspectors (检查指标 国办秘函〔2019〕19号)."""

    NEWS = "news", "动态要闻（14天）"
    NOTICE_POLICY = "notice_policy", "通知公告、政策文件（6个月）"
    PERSONNEL_PLAN = "personnel_plan", "人事、规划（1年）"
    NONE = "none", "不定期更新"


class StandardKey(models.TextChoices):
    """The four first-level columns of every 政府信息公开 section (国办公开办函〔2019〕61号)."""

    GUIDE = "guide", "政府信息公开指南"
    RULES = "rules", "政府信息公开制度"
    MANDATED = "mandated", "法定主动公开内容"
    ANNUAL_REPORT = "annual_report", "政府信息公开年报"


class Column(models.Model):
    """A node of the disclosure catalog (栏目).

    `organisation` is whose 政府信息公开 section the column belongs to (a department's or a
    township's sub-site); null means a site-level column of the county catalog. A child always
    belongs to its parent's section. Who may publish into it is decided by the claims, not by
    `organisation`: the county's 财政信息 column sits in the government's section and every
    department claims it for its own budget.
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="catalog_columns")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalog_columns",
    )
    name = models.CharField("栏目名称", max_length=100)
    kind = models.CharField("栏目类型", max_length=10, choices=ColumnKind.choices)
    external_url = models.URLField("链接地址", max_length=500, blank=True)
    standard_key = models.CharField(
        "标准栏目", max_length=20, choices=StandardKey.choices, blank=True
    )
    update_category = models.CharField(
        "更新类别", max_length=20, choices=UpdateCategory.choices, default=UpdateCategory.NONE
    )
    # Overrides the category's period when set (e.g. a weekly column: 7).
    update_interval_days = models.PositiveIntegerField("更新周期（天）", null=True, blank=True)
    requirements = models.TextField("内容要求", blank=True)
    format = models.TextField("格式要求", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_retired = models.BooleanField("已停用", default=False)
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)
    # Materialised path of ids, "/3/12/40/", kept by the services: subtree = path__startswith.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # Denormalised from publications (which sit above catalog) through column_record_publication
    # and column_recount, so freshness and emptiness are read without a join upwards.
    last_published_at = models.DateTimeField("最近发布", null=True, blank=True)
    item_count = models.PositiveIntegerField("信息条数", default=0)
    standard_items: models.ManyToManyField[StandardItem, Any] = models.ManyToManyField(
        "StandardItem", verbose_name="对应标准目录事项", blank=True, related_name="columns"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "standard_key"],
                condition=~Q(standard_key=""),
                name="column_standard_key_per_org",
                violation_error_message="该单位已有这一标准栏目。",
            ),
            models.CheckConstraint(
                condition=Q(standard_key="") | Q(organisation__isnull=False),
                name="column_standard_needs_org",
                violation_error_message="标准栏目必须属于某个单位。",
            ),
            models.CheckConstraint(
                condition=Q(update_interval_days__isnull=True) | Q(update_interval_days__gte=1),
                name="column_interval_positive",
                violation_error_message="更新周期至少为 1 天。",
            ),
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(external_url=""),
                name="column_link_has_url",
                violation_error_message="外部链接栏目必须填写链接地址。",
            ),
        ]
        indexes = [
            # The tree pages and the public tree: one site's (or one section's) columns.
            models.Index(fields=["site", "organisation", "is_retired"], name="column_section"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    @property
    def is_standard(self) -> bool:
        return bool(self.standard_key)

    @property
    def is_publishable_kind(self) -> bool:
        return self.kind in (ColumnKind.LIST, ColumnKind.PAGE)


class Claim(models.Model):
    """An organisation's right and duty to publish into a column (认领)."""

    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="claims")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="column_claims"
    )
    claimed_at = models.DateTimeField("认领时间", auto_now_add=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "栏目认领"
        verbose_name_plural = "栏目认领"
        ordering = ["column_id", "organisation__sort_order", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["column", "organisation"],
                name="claim_unique_pair",
                violation_error_message="该单位已认领此栏目。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}认领{self.column}"


class StandardDomain(models.Model):
    """One of the 26 pilot domains of grassroots standardisation (试点领域). Platform-wide data,
    shipped by a migration."""

    number = models.PositiveSmallIntegerField("序号", unique=True)
    name = models.CharField("领域名称", max_length=60, unique=True)
    # The name a later ministry guideline uses, e.g. 农村集体土地征收 for 征地补偿.
    later_name = models.CharField("后续指引名称", max_length=60, blank=True)

    class Meta:
        verbose_name = "试点领域"
        verbose_name_plural = "试点领域"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.name}［{self.later_name}］" if self.later_name else self.name


class Audience(models.TextChoices):
    SOCIETY = "society", "全社会"
    SPECIFIC = "specific", "特定群体"


class Method(models.TextChoices):
    ACTIVE = "active", "主动"
    ON_REQUEST = "on_request", "依申请"


class StandardItem(models.Model):
    """One row of a site's standard catalogue of disclosure items (标准目录事项)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="standard_items")
    domain = models.ForeignKey(StandardDomain, on_delete=models.PROTECT, related_name="items")
    level1 = models.CharField("一级事项", max_length=100)
    level2 = models.CharField("二级事项", max_length=100, blank=True)
    level3 = models.CharField("三级事项", max_length=100, blank=True)
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据", blank=True)
    time_limit_text = models.CharField("公开时限", max_length=300, blank=True)
    # {"unit": "working_days"|"days"|"months", "n": 10, "from": "creation"|..., "posting_days": 7}
    # as parsed by catalog.time_limits.parse_time_limit; null when the text has no relative
    # period ("长期公开").
    time_limit_rule = models.JSONField("公开时限规则", null=True, blank=True)
    subject = models.CharField("公开主体", max_length=300, blank=True)
    channels = models.JSONField("公开渠道和载体", default=list, blank=True)
    audience = models.CharField(
        "公开对象", max_length=10, choices=Audience.choices, default=Audience.SOCIETY
    )
    method = models.CharField(
        "公开方式", max_length=12, choices=Method.choices, default=Method.ACTIVE
    )
    level_county = models.BooleanField("县级", default=True)
    level_township = models.BooleanField("乡级", default=False)
    # False for a shipped row we could not check against a published guideline.
    confirmed = models.BooleanField("已核实", default=True)
    source_note = models.TextField("来源说明", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录事项"
        ordering = ["domain__number", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "domain", "level1", "level2", "level3"],
                name="standard_item_unique_key",
                violation_error_message="本领域已有相同的一级、二级、三级事项。",
            ),
        ]

    def __str__(self) -> str:
        return " / ".join(part for part in (self.level1, self.level2, self.level3) if part)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.level1, self.level2, self.level3)
