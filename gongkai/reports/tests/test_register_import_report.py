"""A register imported with `gongkai import_register` yields the expected Table 三 and 四 cells,
and every check of the annual report holds (the register import's acceptance criterion). Here
rather than in info_requests because reports sits above info_requests."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict

from django.core.management import call_command

from gongkai.info_requests.selectors import application_facts, remedy_facts
from gongkai.info_requests.tests.register_files import row, serial, xlsx_bytes
from gongkai.reports.annual import (
    ApplicationFact,
    RemedyFact,
    checks,
    failures,
    table3,
    table4,
)

D = dt.date


def register_rows() -> list[dict]:
    return [
        # 2024, closed in 2024: not in the 2025 table.
        row(申请编号="A", 收到日期=D(2024, 3, 1), 办结日期=D(2024, 3, 20)),
        # 2024, closed in 2025: carried over, then partial.
        row(
            申请编号="B",
            申请人类型="商业企业",
            收到日期=D(2024, 12, 10),
            办结日期=serial(D(2025, 1, 8)),
            办理结果="部分公开",
        ),
        # 2024, still open.
        row(申请编号="C", 收到日期="2024年12月20日", 办结日期=None, 办理结果=None),
        row(
            申请编号="D",
            收到日期=D(2025, 2, 1),
            办结日期=D(2025, 2, 20),
            办理结果="本机关不掌握相关政府信息",
        ),
        row(
            申请编号="E",
            申请人类型="科研机构",
            收到日期=D(2025, 3, 1),
            办结日期=D(2025, 3, 5),
            办理结果="（五）不予处理-2.重复申请",
        ),
        row(
            申请编号="F",
            申请人类型="法律服务机构",
            收到日期=D(2025, 4, 1),
            办结日期=D(2025, 4, 2),
            办理结果="其他",
        ),
        row(
            申请编号="G",
            申请人类型="社会公益组织",
            收到日期=D(2025, 5, 1),
            办结日期=D(2025, 5, 20),
            办理结果="（三）6.属于四类过程性信息",
        ),
        row(申请编号="H", 收到日期=D(2025, 12, 29), 办结日期=None, 办理结果=None),
        row(
            申请编号="I",
            申请人类型="其他",
            收到日期=D(2025, 6, 1),
            办结日期=D(2025, 6, 20),
            复议情况="纠正",
            复议申请日期=D(2025, 7, 1),
            诉讼类型="复议后起诉",
            诉讼情况="维持",
            起诉日期=D(2025, 8, 1),
        ),
        row(
            申请编号="J",
            收到日期=D(2025, 1, 10),
            办结日期=D(2025, 1, 20),
            诉讼类型="直接起诉",
            诉讼情况="其他",
            起诉日期=D(2025, 3, 1),
            **{"收费金额（元）": 100},
        ),
        # Another organ: not in the department's report.
        row(申请编号="K", 受理机关="示例县财政局", 收到日期=D(2025, 2, 1), 办结日期=D(2025, 2, 3)),
    ]


def tables(org, year):
    t3 = table3((ApplicationFact(**asdict(r)) for r in application_facts(org, year)), year)
    t4 = table4((RemedyFact(**asdict(r)) for r in remedy_facts(org, year)), year)
    return t3, t4


def test_an_imported_register_gives_the_expected_tables_and_passes_every_check(
    site, orgs, office, tmp_path
):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx_bytes(register_rows()))
    out = io.StringIO()
    call_command("import_register", str(path), stdout=out)
    assert "已导入 11 件申请" in out.getvalue()

    dept = orgs["dept"]
    t3_2024, t4_2024 = tables(dept, 2024)
    t3, t4 = tables(dept, 2025)

    assert t3_2024["new_received"]["total"] == 3
    assert t3_2024["granted"]["natural_person"] == 1
    assert t3_2024["carried_forward"] == {
        **t3_2024["carried_forward"],
        "natural_person": 1,
        "commercial": 1,
        "total": 2,
    }

    assert t3["new_received"] == {
        "natural_person": 3,
        "commercial": 0,
        "research": 1,
        "public_interest": 1,
        "legal_service": 1,
        "other_org": 1,
        "total": 7,
    }
    assert t3["carried_over"]["natural_person"] == 1
    assert t3["carried_over"]["commercial"] == 1
    assert t3["carried_over"]["total"] == 2
    assert t3["partial"]["commercial"] == 1
    assert t3["unable_not_held"]["natural_person"] == 1
    assert t3["np_repeat"]["research"] == 1
    assert t3["other_other"]["legal_service"] == 1
    assert t3["denied_process"]["public_interest"] == 1
    assert t3["granted"] == {**t3["granted"], "natural_person": 1, "other_org": 1, "total": 2}
    assert t3["total_handled"]["total"] == 7
    assert t3["carried_forward"]["natural_person"] == 2
    assert t3["carried_forward"]["total"] == 2

    assert t4["reconsideration"] == {
        "upheld": 0,
        "corrected": 1,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert t4["litigation_after_reconsideration"]["upheld"] == 1
    assert t4["litigation_direct"]["other"] == 1
    assert t4["litigation_direct"]["total"] == 1

    assert failures(checks(t3_2024, t4_2024)) == []
    assert failures(checks(t3, t4, previous_table3=t3_2024)) == []

    other_t3, _ = tables(orgs["other_dept"], 2025)
    assert other_t3["granted"]["total"] == 1
    assert failures(checks(other_t3, t4)) == []
