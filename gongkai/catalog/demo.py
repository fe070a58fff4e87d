"""The demo county's disclosure catalog: the four standard columns for every unit, the county's
法定主动公开内容 sub-columns (Art. 20/21 items and the "1+N+1" columns) claimed by the units that
publish them, the site's own news and notice columns, the shipped standard catalogue and a few
mappings from columns to standard items.

`load_demo(site)` only adds what is missing: run it again and nothing changes, even after an
office edited the demo catalog by hand. Columns are matched by section, parent and name; a
mapping is only set on a column that has none. Item counts stay at zero here: publications
fills them when its demo publishes items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.organizations.demo import PREFIX
from gongkai.organizations.models import Organisation, OrganisationKind, Site

from . import services
from .models import Column, ColumnKind, StandardItem, StandardKey
from .models import UpdateCategory as U
from .standard import standard_catalog_load

K = OrganisationKind
ALL_DEPARTMENTS = "*departments"
ALL_TOWNSHIPS = "*townships"
ALL_ENTERPRISES = "*enterprises"


@dataclass(frozen=True)
class Spec:
    """A demo column: name, update category, claimant codes (without the county prefix, or one
    of the * groups), content requirements, kind, children."""

    name: str
    category: str = U.NONE
    claims: tuple[str, ...] = ()
    requirements: str = ""
    kind: str = ColumnKind.LIST
    children: tuple[Spec, ...] = ()
    interval: int | None = None


# Sub-columns of the county government's 法定主动公开内容: the items of 条例 Art. 20 and 21, then
# the "1+N+1" columns most county catalogs carry.
MANDATED: tuple[Spec, ...] = (
    Spec(
        "机构职能",
        U.PERSONNEL_PLAN,
        ("ZFB",),
        "机构职能、内设机构、办公地址、办公时间、联系方式、负责人姓名（条例第二十条第二项）。",
    ),
    Spec(
        "规范性文件",
        U.NOTICE_POLICY,
        ("ZFB", "SFJ"),
        "行政规范性文件全文，标注有效性（条例第二十条第一项）。",
    ),
    Spec(
        "政策解读",
        U.NOTICE_POLICY,
        ("ZFB", ALL_DEPARTMENTS),
        "与政策文件同步发布，最迟在文件发布后3个工作日内发布，与原文双向关联。",
    ),
    Spec(
        "规划信息",
        U.PERSONNEL_PLAN,
        ("FGJ", "ZRJ"),
        "国民经济和社会发展规划、专项规划、区域规划及相关政策（条例第二十条第三项）。",
    ),
    Spec(
        "统计信息", U.NOTICE_POLICY, ("TJJ",), "国民经济和社会发展统计信息（条例第二十条第四项）。"
    ),
    Spec(
        "财政信息",
        U.NONE,
        (),
        "财政预算、决算信息（条例第二十条第七项）。",
        children=(
            Spec(
                "政府预决算",
                U.PERSONNEL_PLAN,
                ("CZJ",),
                "县人大或其常委会批准后20日内公开政府预算、决算。",
            ),
            Spec(
                "部门预决算",
                U.PERSONNEL_PLAN,
                ("CZJ", ALL_DEPARTMENTS, ALL_TOWNSHIPS),
                "财政部门批复后20日内由各部门公开本部门预算、决算及“三公”经费。",
            ),
        ),
    ),
    Spec(
        "行政事业性收费",
        U.PERSONNEL_PLAN,
        ("CZJ", "FGJ"),
        "收费项目、依据、标准（条例第二十条第八项）。",
    ),
    Spec(
        "政府采购",
        U.NOTICE_POLICY,
        ("CZJ", "GGZY"),
        "政府集中采购项目目录、标准及实施情况（条例第二十条第九项）。",
    ),
    Spec(
        "重大建设项目",
        U.NOTICE_POLICY,
        ("FGJ", "ZJJ", "ZRJ"),
        "批准服务信息、批准结果、招标投标、征收土地、重大设计变更、施工管理、质量安全监督、竣工等信息。",
    ),
    Spec(
        "社会救助",
        U.NOTICE_POLICY,
        ("MZJ", ALL_TOWNSHIPS),
        "低保、特困人员供养、临时救助等政策、办事指南、审核审批信息。名单只公开必要信息，不公开身份证号码。",
    ),
    Spec(
        "社会公益事业",
        U.NOTICE_POLICY,
        ("JTJ", "WJJ", "RSJ", "YBJ"),
        "教育、卫生健康、社会保障、促进就业等方面的政策措施及实施情况（条例第二十条第十一项）。",
    ),
    Spec(
        "应急管理",
        U.NOTICE_POLICY,
        ("YJJ",),
        "突发公共事件应急预案、预警信息及应对情况（条例第二十条第十二项）。",
    ),
    Spec(
        "公共监管",
        U.NOTICE_POLICY,
        ("STHJ", "SCJ", "WJJ"),
        "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况（条例第二十条第十三项）。",
    ),
    Spec(
        "公务员招考",
        U.PERSONNEL_PLAN,
        ("RSJ",),
        "公务员招考的职位、名额、报考条件等事项以及录用结果（条例第二十条第十四项）。",
    ),
    Spec(
        "重大决策",
        U.NOTICE_POLICY,
        ("ZFB",),
        "重大行政决策事项目录、决策草案征求意见（一般不少于30日）、意见采纳情况和决策结果。",
    ),
    Spec(
        "会议公开",
        U.NOTICE_POLICY,
        ("ZFB",),
        "政府常务会议等会议的议题、决定事项和利益相关方列席情况。",
    ),
    Spec(
        "建议提案办理",
        U.PERSONNEL_PLAN,
        ("ZFB", ALL_DEPARTMENTS),
        "人大代表建议、政协委员提案的办理复文和总体办理情况。",
    ),
    Spec(
        "行政执法公示",
        U.NOTICE_POLICY,
        ("SFJ", "ZHZF", "SCJ", "GAJ", "SPJ"),
        "执法主体、依据、程序、救济渠道；行政许可、行政处罚决定作出之日起7个工作日内公示。",
    ),
    Spec("权责清单", U.PERSONNEL_PLAN, ("SPJ", "SFJ"), "政府部门权力清单和责任清单，动态调整。"),
    Spec(
        "公共企事业单位信息公开",
        U.NOTICE_POLICY,
        (ALL_ENTERPRISES,),
        "教育、医疗卫生、供水、供电、供气、供热、环保、公共交通等单位的服务信息。",
    ),
)

# The site's own columns, outside any unit's 政府信息公开 section: the portal's news and notices.
SITE_COLUMNS: tuple[Spec, ...] = (
    Spec(
        "政务动态",
        U.NONE,
        (),
        children=(
            Spec("工作动态", U.NEWS, ("ZFB",), "县政府重要工作动态。"),
            Spec("部门动态", U.NEWS, (ALL_DEPARTMENTS,), "各部门工作动态。"),
            Spec("乡镇动态", U.NEWS, (ALL_TOWNSHIPS,), "各镇街工作动态。"),
        ),
    ),
    Spec("通知公告", U.NOTICE_POLICY, ("ZFB", ALL_DEPARTMENTS), "面向社会的通知、公告、公示。"),
    Spec("政策文件", U.NOTICE_POLICY, ("ZFB",), "县政府及县政府办公室文件。"),
)

# Column name → (domain number, 二级事项) of the standard items it is the home of.
MAPPINGS: dict[str, tuple[int, tuple[str, ...] | None]] = {
    "社会救助": (17, None),
    "政府预决算": (4, ("政府预算", "政府决算")),
    "部门预决算": (4, ("部门预算", "部门决算")),
}


@dataclass
class DemoCatalog:
    columns_created: int = 0
    claims_created: int = 0
    standard_items_created: int = 0
    mappings_set: int = 0


class _Builder:
    def __init__(self, site: Site, result: DemoCatalog) -> None:
        self.site = site
        self.result = result
        orgs = list(Organisation.objects.filter(site=site, is_active=True))
        self.by_code = {org.code: org for org in orgs}
        self.groups = {
            ALL_DEPARTMENTS: [o for o in orgs if o.kind == K.DEPARTMENT],
            ALL_TOWNSHIPS: [o for o in orgs if o.kind == K.TOWNSHIP],
            ALL_ENTERPRISES: [o for o in orgs if o.kind == K.ENTERPRISE],
        }

    def claimants(self, codes: tuple[str, ...]) -> list[Organisation]:
        result: list[Organisation] = []
        for code in codes:
            found = self.groups.get(code)
            if found is None:
                single = self.by_code.get(f"{PREFIX}{code}")
                found = [single] if single is not None else []
            result.extend(org for org in found if org not in result)
        return result

    def column(self, spec: Spec, parent: Column | None, section: Organisation | None) -> Column:
        column = Column.objects.filter(
            site=self.site, organisation=section, parent=parent, name=spec.name
        ).first()
        if column is None:
            column = services.column_create(
                site=self.site,
                organisation=section,
                parent=parent,
                name=spec.name,
                kind=spec.kind,
                update_category=spec.category,
                update_interval_days=spec.interval,
                requirements=spec.requirements,
                actor=None,
            )
            self.result.columns_created += 1
        if not column.is_retired:
            claimed = set(column.claims.values_list("organisation_id", flat=True))
            for org in self.claimants(spec.claims):
                if org.pk not in claimed:
                    services.column_claim(column=column, organisation=org, actor=None)
                    self.result.claims_created += 1
            for child in spec.children:
                self.column(child, column, section)
        return column


@transaction.atomic
def load_demo(site: Site) -> DemoCatalog:
    """Build (or complete) the demo catalog of `site`; see the module docstring."""
    result = DemoCatalog()
    for organisation in Organisation.objects.filter(site=site, is_active=True).order_by("path"):
        created = services.catalog_ensure_standard_columns(organisation=organisation, actor=None)
        result.columns_created += len(created)
    result.standard_items_created = standard_catalog_load(site=site, actor=None).created
    builder = _Builder(site, result)
    government = site.government
    if government is not None:
        mandated = Column.objects.get(organisation=government, standard_key=StandardKey.MANDATED)
        for spec in MANDATED:
            builder.column(spec, mandated, government)
    for spec in SITE_COLUMNS:
        builder.column(spec, None, None)
    _map(site, result)
    return result


def _map(site: Site, result: DemoCatalog) -> None:
    for name, (number, level2s) in MAPPINGS.items():
        column = Column.objects.filter(
            site=site, name=name, is_retired=False, organisation=site.government
        ).first()
        if column is None or column.standard_items.exists():
            continue
        items: Any = StandardItem.objects.filter(site=site, domain__number=number)
        if level2s is not None:
            items = items.filter(level2__in=level2s)
        if items.exists():
            services.column_set_standard_items(column=column, items=items, actor=None)
            result.mappings_set += 1
