"""Sites (集约化), the organisation tree, staff and their roles, API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .validators import (
    validate_credit_code,
    validate_division_code,
    validate_host,
    validate_org_code,
)


class Site(models.Model):
    """One county (or the city) on the intensive platform.

    Every page, query, sequence and permission is scoped to a site. Exactly one site is the
    default: it serves any host name that matches no site.
    """

    name = models.CharField("站点名称", max_length=100)
    # 6-digit administrative division code (行政区划代码), e.g. 370881.
    division_code = models.CharField(
        "行政区划代码", max_length=6, validators=[validate_division_code]
    )
    is_default = models.BooleanField("默认站点", default=False)
    website_code = models.CharField("网站标识码", max_length=20, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=60, blank=True)
    security_filing = models.CharField("公安机关备案号", max_length=60, blank=True)
    sponsor = models.CharField("主办单位", max_length=200, blank=True)
    contact_phone = models.CharField("联系电话", max_length=60, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    government = models.ForeignKey(
        "Organisation",
        verbose_name="县人民政府",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The organisation that hosts the disclosure office (县政府办公室).
    disclosure_office = models.ForeignKey(
        "Organisation",
        verbose_name="政务公开办公室所在单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "站点"
        verbose_name_plural = "站点"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_site",
                violation_error_message="只能有一个默认站点。",
            ),
            models.UniqueConstraint(
                fields=["division_code"],
                name="site_division_code_unique",
                violation_error_message="该行政区划代码已有站点。",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SiteHost(models.Model):
    """A host name that serves a site (lower case, without port)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="hosts")
    host = models.CharField("域名", max_length=253, unique=True, validators=[validate_host])

    class Meta:
        verbose_name = "站点域名"
        verbose_name_plural = "站点域名"

    def __str__(self) -> str:
        return self.host


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", "县人民政府"
    OFFICE = "office", "县政府办公室"
    DEPARTMENT = "department", "部门"
    TOWNSHIP = "township", "镇街"
    VILLAGE = "village", "村居"
    ENTERPRISE = "enterprise", "公共企事业单位"


class Sector(models.TextChoices):
    """Sectors of public enterprises and institutions (公共企事业单位, 国办发〔2020〕50号)."""

    EDUCATION = "education", "教育"
    HEALTH = "health", "医疗卫生"
    WATER = "water", "供水"
    POWER = "power", "供电"
    GAS = "gas", "供气"
    HEATING = "heating", "供热"
    TRANSPORT = "transport", "公共交通"
    ENVIRONMENT = "environment", "环保"


class Organisation(models.Model):
    """A unit in a site's tree (机构/单位)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="organisations")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField("机构类型", max_length=20, choices=OrganisationKind.choices)
    sector = models.CharField("行业", max_length=20, choices=Sector.choices, blank=True)
    # Short code used in 索引号 and letter numbers; unique within the site.
    code = models.CharField("机构代码", max_length=40, validators=[validate_org_code])
    full_name = models.CharField("全称", max_length=200)
    short_name = models.CharField("简称", max_length=60, blank=True)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=60, blank=True)
    fax = models.CharField("传真", max_length=60, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)
    # Materialised path of ids, "/1/4/17/", kept by the services: subtree = path__startswith.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "code"],
                name="org_code_unique_per_site",
                violation_error_message="本站点已有使用该机构代码的机构。",
            ),
            models.UniqueConstraint(
                fields=["site", "full_name"],
                name="org_name_unique_per_site",
                violation_error_message="本站点已有同名机构。",
            ),
            models.CheckConstraint(
                condition=Q(kind="enterprise") | Q(sector=""),
                name="org_sector_only_enterprise",
                violation_error_message="只有公共企事业单位才填写所属行业。",
            ),
        ]
        indexes = [
            # Directory pages: one site's active units of one kind, in display order.
            models.Index(fields=["site", "kind", "is_active", "sort_order"], name="org_directory"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def display_name(self) -> str:
        return self.short_name or self.full_name


class Role(models.TextChoices):
    LEADER = "leader", "分管领导"
    CLERK_A = "clerk_a", "A角"
    CLERK_B = "clerk_b", "B角"
    OFFICE = "office", "政务公开办公室"
    ADMIN = "admin", "系统管理员"


# Roles that act for their own unit (either of A and B may act; the leader approves).
UNIT_ROLES = frozenset({Role.LEADER, Role.CLERK_A, Role.CLERK_B})
CLERK_ROLES = frozenset({Role.CLERK_A, Role.CLERK_B})
# Roles that see the whole site.
SITE_ROLES = frozenset({Role.OFFICE, Role.ADMIN})


class Staff(models.Model):
    """A user's membership of one organisation, with one role (工作人员)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    title = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    is_active = models.BooleanField("在岗", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["organisation_id", "role", "id"]
        indexes = [
            # The AB-gap page counts active A/B staff per organisation.
            models.Index(fields=["organisation", "role", "is_active"], name="staff_org_role"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.user.get_full_name() or self.user.get_username()}（{self.get_role_display()}）"
        )

    @property
    def site_id(self) -> int:
        return self.organisation.site_id


class ApiToken(models.Model):
    """A bearer token for a staff member's API client. Only a hash of the key is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=60)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
