"""Demo annual reports for the demo county (gongkai/organizations/demo.py), on 2025, from the
demo applications of gongkai/info_requests/demo (load those first: the county government's
Tables 三 and 四 are computed from them).

`load_demo(site)` starts, through the same services staff use, the 2025 reports of the county
government (a draft with its text and Table 二 filled in), the civil affairs bureau (an empty
draft), the finance bureau (submitted, so its tables are frozen) and 城关街道 (an empty draft).
Running it again adds nothing and changes nothing it already wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gongkai.organizations.models import Organisation, Site

from . import services
from .models import AnnualReport
from .states import ReportStatus

DEMO_YEAR = 2025
PREFIX = "SLX"

OVERVIEW = {
    "ZF": (
        "2025年，示例县人民政府深入贯彻《中华人民共和国政府信息公开条例》，"
        "围绕县委、县政府中心工作，持续深化政务公开，全面推进决策、执行、管理、服务、结果公开。\n"
        "（一）主动公开。全年通过县政府门户网站主动公开政府信息，及时发布政策文件及其解读，"
        "做好财政预决算、重大建设项目、公共资源配置、社会公益事业等重点领域信息公开。\n"
        "（二）依申请公开。严格执行收件登记、下发调度、审核签发、送达归档的办理流程，"
        "依法依规答复每一件申请。\n"
        "（三）政府信息管理。落实公开前保密审查，动态更新政府信息公开目录和政策文件库。\n"
        "（四）平台建设。依托县政府门户网站集约化平台，统一发布各部门、各镇街政府信息。\n"
        "（五）监督保障。将政务公开纳入年度综合考核，组织业务培训，开展网站常态化检查。"
    ),
    "CZJ": (
        "2025年，示例县财政局认真落实政府信息公开各项要求，"
        "按时公开部门预决算和“三公”经费，全年未收到政府信息公开申请。"
    ),
}
PROBLEMS = {
    "ZF": (
        "一是部分单位政策解读形式较为单一；二是个别栏目更新不够及时。"
        "下一步将加强业务培训和日常检查，推动政务公开工作提质增效。"
    ),
    "CZJ": "个别预算公开表格说明不够详细。下一步将细化公开内容，提升可读性。",
}
TABLE2 = {
    "ZF": {
        "normative_issued": 6,
        "normative_repealed": 2,
        "normative_valid": 41,
        "licensing_decisions": 0,
        "penalty_decisions": 0,
        "coercion_decisions": 0,
        "fees_amount": "0",
    },
}
# code, submit it
UNITS = (("ZF", False), ("MZJ", False), ("CZJ", True), ("CGJD", False))


@dataclass
class DemoReports:
    created: int = 0
    skipped: int = 0
    reports: list[str] = field(default_factory=list)


@transaction.atomic
def load_demo(site: Site) -> DemoReports:
    result = DemoReports()
    if timezone.localdate().year <= DEMO_YEAR:
        return result  # the 2025 report cannot be written before 2025 is over
    for code, submit in UNITS:
        org = Organisation.objects.filter(site=site, code=PREFIX + code).first()
        if org is None:
            continue
        report, created = services.report_get_or_create(
            organisation=org, year=DEMO_YEAR, actor=None
        )
        result.reports.append(str(report))
        if not created:
            result.skipped += 1
            continue
        result.created += 1
        _fill(report, code)
        if submit:
            services.report_submit(report=report, actor=None)
    return result


def _fill(report: AnnualReport, code: str) -> None:
    if report.status != ReportStatus.DRAFT:
        return
    if code in OVERVIEW:
        services.report_update_sections(
            report=report, actor=None, overview=OVERVIEW[code], problems=PROBLEMS[code]
        )
    if code in TABLE2:
        services.report_update_table2(report=report, actor=None, values=TABLE2[code])
    services.report_refresh(report=report, actor=None)
