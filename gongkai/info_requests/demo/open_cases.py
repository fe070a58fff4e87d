"""Open demo applications, dated back from today: one at every step of the loop, and due
dates overdue, nearly due and comfortably ahead."""

from __future__ import annotations

import datetime as dt

from .. import services
from .builder import GRANTED, Builder


def load(b: Builder) -> None:
    back = b.back
    b.register("zhang", "2026年示例县城乡公益性岗位补贴发放名单", back(1), channel="online")
    b.register("li", "示例县2026年第二批农村危房改造补助对象名单", back(3))
    dispatched = b.register("wang", "城关街道2026年度老旧小区加装电梯补贴发放情况", back(4))
    if dispatched is not None:
        services.info_request_dispatch(
            info_request=dispatched,
            unit=b.org("CGJD"),
            actor=b.office,
            dispatched_on=back(4),
        )
    consulting = b.register(
        "company", "示例县行政审批服务局核发给某建材企业的排污许可证副本", back(8)
    )
    if consulting is not None:
        b.handle(consulting, "SPJ", back(8))
        b.consult(consulting, "SPJ", back(5), None, "")
    correcting = b.register("liu", "社会救助有关的文件", back(4))
    if correcting is not None:
        b.handle(correcting, "MZJ", back(4))
        services.correction_issue(
            info_request=correcting,
            issued_on=back(2),
            items="请写明所需社会救助信息的类别、年份和地域范围。",
            correct_by=b.today + dt.timedelta(days=14),
            actor=b.clerk("MZJ"),
        )
    for who, description, received, unit, step in (
        ("institute", "示例县2025年教育经费投入及使用情况统计", 12, "JTJ", "review"),
        ("chen", "示例县人民医院2025年度医疗服务收费项目及价格清单", 16, "WJJ", "approval"),
        ("lawfirm", "示例县2025年法律援助案件数量及经费支出", 15, "SFJ", "approved"),
        ("zhang", "示例县2026年城市更新项目资金来源及支出明细", 25, "ZJJ", "drafting"),
    ):
        info_request = b.register(who, description, back(received))
        if info_request is None:
            continue
        b.handle(info_request, unit, back(received))
        if step == "drafting":
            continue
        b.reply(info_request, unit, "granted", GRANTED)
        services.info_request_submit_reply(info_request=info_request, actor=b.clerk(unit))
        if step == "review":
            continue
        services.info_request_review(info_request=info_request, passed=True, actor=b.office)
        if step == "approved":
            services.info_request_approve(
                info_request=info_request, approved=True, actor=b.office, approved_on=back(1)
            )
    paying = b.register(
        "ngo", "示例县2025年各乡镇饮用水水源地水质监测报告（共计约260页）", back(10)
    )
    if paying is not None:
        b.handle(paying, "SLJ", back(10))
        b.fee(paying, "SLJ", 260, back(3), None)
    extended = b.register("wang", "示例县2026年度土地征收成片开发方案及征收补偿情况", back(19))
    if extended is not None:
        b.handle(extended, "ZRJ", back(19))
        services.extension_grant(
            info_request=extended,
            days=20,
            reason="涉及多个乡镇，需要汇总核实。",
            notified_on=back(1),
            approved_on=back(2),
            actor=b.clerk("ZRJ"),
            approver=b.office,
        )
