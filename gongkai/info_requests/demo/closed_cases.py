"""Closed demo applications, 2024 to mid-2026: one or more of every kind of outcome, with a
consultation, an extension, a correction, fees paid and unpaid, an Art. 35 review, a withdrawal,
an on-the-spot answer, reconsiderations and a suit."""

from __future__ import annotations

from .. import services
from ..models import InfoRequest
from ..services import WithheldPartInput as Part
from .builder import _CONTACT, _PERSON, APPLICANTS, GRANTED, Builder, D

SPOT = "示例县2025年政府工作报告"


def load(b: Builder) -> None:
    c = b.closed
    c(
        "wang",
        "2023年度示例县城乡最低生活保障资金发放明细",
        D(2024, 3, 11),
        "MZJ",
        "granted",
        GRANTED,
        approved=D(2024, 3, 25),
        served=D(2024, 3, 28),
    )
    c(
        "company",
        "城关街道东关片区旧城改造项目国有土地上房屋征收补偿方案及征收决定",
        D(2024, 5, 13),
        "ZRJ",
        "partial",
        "经审查，现提供征收补偿方案及征收决定；被征收人个人信息不予公开。",
        approved=D(2024, 6, 20),
        served=D(2024, 6, 25),
        before_reply=lambda r: b.consult(r, "ZRJ", D(2024, 5, 15), D(2024, 5, 24), "objection"),
        withheld_parts=[Part("被征收人的身份证号码、银行账号等个人信息", "denied_third_party")],
    )
    c(
        "zhang",
        "县住建局关于示例县老旧小区改造项目的内部讨论记录和领导批示",
        D(2024, 6, 3),
        "ZJJ",
        "denied_process",
        "您申请的信息属于过程性信息，不予公开。",
        approved=D(2024, 6, 24),
        served=D(2024, 6, 27),
        withheld_parts=[Part("局党组会议讨论记录、领导批示", "denied_process")],
    )
    c(
        "liu",
        "示例市中心城区控制性详细规划调整的审批文件",
        D(2024, 7, 8),
        "ZRJ",
        "unable_not_held",
        "经检索，本机关不掌握该信息，请向示例市自然资源和规划局申请。",
        approved=D(2024, 7, 22),
        served=D(2024, 7, 25),
        responsible_organ="示例市自然资源和规划局",
    )
    c(
        "chen",
        "举报杨庄镇某村干部违规发放补贴，要求查处并公开处理结果",
        D(2024, 8, 5),
        "YZZ",
        "np_petition",
        "您反映的问题属于信访举报事项，请通过信访渠道提出。",
        approved=D(2024, 8, 12),
        served=D(2024, 8, 15),
    )
    withdrawn = b.register("li", "2024年县级部门预算明细及“三公”经费支出", D(2024, 9, 2))
    if withdrawn is not None:
        b.handle(withdrawn, "CZJ", D(2024, 9, 2))
        services.info_request_withdraw(
            info_request=withdrawn,
            withdrawn_on=D(2024, 9, 6),
            note="申请人书面撤回申请",
            actor=b.office,
        )
        services.info_request_archive(
            info_request=withdrawn, actor=b.office, archived_on=D(2024, 9, 10)
        )
    abandoned = b.register("zhang", "示例县某项目的有关材料", D(2024, 10, 14))
    if abandoned is not None:
        services.correction_issue(
            info_request=abandoned,
            issued_on=D(2024, 10, 16),
            items="请写明所需信息的项目名称、年份等特征性描述。",
            correct_by=D(2024, 10, 31),
            actor=b.office,
        )
        services.info_request_close_no_correction(
            info_request=abandoned, closed_on=D(2024, 11, 1), actor=b.office
        )
        services.info_request_archive(
            info_request=abandoned, actor=b.office, archived_on=D(2024, 11, 5)
        )
    c(
        "institute",
        "2019年至2023年示例县义务教育阶段学校布局调整的评估报告及相关统计数据",
        D(2024, 11, 4),
        "JTJ",
        "granted",
        GRANTED,
        approved=D(2024, 12, 16),
        served=D(2024, 12, 19),
        before_reply=lambda r: services.extension_grant(
            info_request=r,
            days=15,
            reason="涉及多个年度的档案，需要调取汇总。",
            notified_on=D(2024, 11, 25),
            approved_on=D(2024, 11, 22),
            actor=b.clerk("JTJ"),
            approver=b.office,
        ),
    )
    c(
        "wang",
        "2023年度示例县城乡最低生活保障资金发放明细。",
        D(2024, 12, 2),
        "MZJ",
        "np_repeat",
        "您的申请与本机关已答复的申请相同，不予重复处理。",
        approved=D(2024, 12, 9),
        served=D(2024, 12, 12),
    )
    c(
        "lawfirm",
        "示例县2024年度行政复议案件办理情况统计",
        D(2024, 12, 23),
        "SFJ",
        "granted",
        GRANTED,
        approved=D(2025, 1, 10),
        served=D(2025, 1, 15),
    )
    c(
        "company",
        "示例县鲁兴建材有限公司周边地块环境影响评价报告书全文",
        D(2025, 2, 17),
        "STHJ",
        "granted",
        GRANTED,
        approved=D(2025, 3, 14),
        served=D(2025, 3, 19),
        before_reply=lambda r: b.consult(r, "STHJ", D(2025, 2, 19), D(2025, 2, 28), "consent"),
    )
    fined = c(
        "lawfirm",
        "示例县综合行政执法局2024年对某餐饮企业作出的行政处罚决定书",
        D(2025, 3, 10),
        "ZHZF",
        "partial",
        "现提供行政处罚决定书，当事人个人信息已作处理。",
        approved=D(2025, 3, 28),
        served=D(2025, 4, 2),
        withheld_parts=[Part("当事人的个人信息", "denied_third_party")],
    )
    if fined is not None:
        services.reconsideration_record(
            info_request=fined,
            filed_on=D(2025, 5, 6),
            organ="示例县人民政府",
            result="upheld",
            decided_on=D(2025, 7, 1),
            actor=b.office,
        )
    case_file = c(
        "zhang",
        "县公安局对本人所涉治安案件的全部执法案卷",
        D(2025, 3, 17),
        "GAJ",
        "denied_case_file",
        "您申请的信息属于行政执法案卷，不予公开。",
        approved=D(2025, 4, 3),
        served=D(2025, 4, 8),
        withheld_parts=[Part("治安案件执法案卷材料", "denied_case_file")],
    )
    if case_file is not None:
        reconsideration = services.reconsideration_record(
            info_request=case_file,
            filed_on=D(2025, 5, 12),
            organ="示例县人民政府",
            result="upheld",
            decided_on=D(2025, 6, 30),
            actor=b.office,
        )
        services.litigation_record(
            info_request=case_file,
            kind="after_reconsideration",
            reconsideration=reconsideration,
            filed_on=D(2025, 7, 15),
            court="示例县人民法院",
            actor=b.office,
        )
    c(
        "institute",
        "要求对示例县近十年人口流动数据进行汇总分析并形成报告",
        D(2025, 4, 14),
        "FGJ",
        "unable_needs_creation",
        "您申请的信息需要另行加工、分析，本机关不予提供。",
        approved=D(2025, 4, 28),
        served=D(2025, 5, 6),
    )
    c(
        "liu",
        "2024年示例县城区供热管网改造工程招标文件及中标结果",
        D(2025, 5, 12),
        "ZJJ",
        "granted",
        GRANTED,
        approved=D(2025, 6, 13),
        served=D(2025, 6, 18),
        before_reply=lambda r: b.fee(
            r, "ZJJ", 150, D(2025, 5, 14), D(2025, 5, 16), paid=D(2025, 5, 23)
        ),
    )
    unpaid = b.register("chen", "2015年至2024年示例县全部建设工程规划许可证及附图", D(2025, 6, 9))
    if unpaid is not None:
        b.handle(unpaid, "ZRJ", D(2025, 6, 9))
        b.fee(unpaid, "ZRJ", 600, D(2025, 6, 11), D(2025, 6, 13))
        services.info_request_close_fee_unpaid(
            info_request=unpaid, closed_on=D(2025, 7, 21), actor=b.clerk("ZRJ")
        )
        # Left unarchived: the office's list shows a closed case waiting to be filed.
    if InfoRequest.objects.filter(site=b.site, description=SPOT).exists():
        b.result.skipped += 1
    else:
        spot = services.info_request_answer_on_the_spot(
            site=b.site,
            outcome="granted",
            answered_on=D(2025, 7, 7),
            reply_content="已当场提供《示例县2025年政府工作报告》文本。",
            actor=b.office,
            organisation=b.org("ZF"),
            description=SPOT,
            **{**_PERSON, **_CONTACT, **APPLICANTS["li"]},
        ).info_request
        b.remember(spot)
    c(
        "wang",
        "《示例县志（1990—2010）》全文",
        D(2025, 8, 4),
        "DAG",
        "np_publication",
        "您申请的信息属于公开出版物，可到县图书馆、县档案馆查阅。",
        approved=D(2025, 8, 11),
        served=D(2025, 8, 14),
    )
    c(
        "zhang",
        "关于那个项目的文件",
        D(2025, 9, 1),
        "ZJJ",
        "unable_unclear",
        "经补正后您的申请内容仍不明确，本机关无法提供。",
        approved=D(2025, 9, 29),
        served=D(2025, 10, 10),
        before_reply=lambda r: b.correct(r, "ZJJ", D(2025, 9, 3), D(2025, 9, 19), D(2025, 9, 15)),
    )
    c(
        "liu",
        "示例县2025年第三季度食品安全监督抽检结果",
        D(2025, 10, 9),
        "SCJ",
        "granted",
        GRANTED,
        approved=D(2025, 10, 24),
        served=D(2025, 10, 29),
        intake={"channel": "online", "submitted": D(2025, 9, 30)},
    )
    c(
        "chen",
        "2025年1月至10月示例县各部门收到的全部政府信息公开申请及答复书（数百件）",
        D(2025, 11, 3),
        "ZFB",
        "np_mass",
        "您的申请数量明显超过合理范围且理由不合理，不予处理。",
        approved=D(2025, 11, 21),
        served=D(2025, 11, 26),
        before_reply=lambda r: b.mass(r, "ZFB", D(2025, 11, 5), D(2025, 11, 14)),
    )
    c(
        "ngo",
        "示例县综合行政执法局2025年内部考勤管理制度及后勤采购审批流程",
        D(2025, 12, 1),
        "ZHZF",
        "denied_internal",
        "您申请的信息属于内部事务信息，不予公开。",
        approved=D(2025, 12, 15),
        served=D(2025, 12, 18),
        withheld_parts=[Part("内部考勤管理制度、后勤采购审批流程", "denied_internal")],
    )
    c(
        "wang",
        "2025年示例县城乡居民医疗保险财政补助资金使用情况",
        D(2026, 1, 12),
        "YBJ",
        "granted",
        GRANTED,
        approved=D(2026, 1, 26),
        served=D(2026, 1, 29),
    )
    c(
        "lawfirm",
        "示例县市场监管局对某企业的行政处罚案件调查终结报告",
        D(2026, 3, 2),
        "SCJ",
        "denied_case_file",
        "您申请的信息属于行政执法案卷，不予公开。",
        approved=D(2026, 3, 16),
        served=D(2026, 3, 19),
        withheld_parts=[Part("案件调查终结报告", "denied_case_file")],
    )
    disputed = c(
        "ngo",
        "示例县2025年度重点排污单位名录及自行监测数据",
        D(2026, 5, 11),
        "STHJ",
        "granted",
        GRANTED,
        approved=D(2026, 5, 25),
        served=D(2026, 5, 28),
        archive=False,
    )
    if disputed is not None:
        services.reconsideration_record(
            info_request=disputed,
            filed_on=D(2026, 6, 15),
            organ="示例县人民政府",
            actor=b.office,
        )
