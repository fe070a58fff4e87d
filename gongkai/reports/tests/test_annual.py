"""Annual report Tables 二, 三, 四 (国办公开办函〔2021〕30号): exact cells, identities, checks."""

from __future__ import annotations

import copy
import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest

from gongkai.info_requests.outcomes import ApplicantType, Outcome
from gongkai.reports.annual import (
    APPLICANT_COLUMNS,
    FORMAT_VERSION,
    LEAF_ROW_KEYS,
    TABLE2_SECTIONS,
    TABLE3_COLUMN_KEYS,
    TABLE3_COLUMNS,
    TABLE3_HEADER_NOTE,
    TABLE3_ROW_KEYS,
    TABLE3_ROWS,
    TABLE4_COLUMNS,
    ApplicationFact,
    Check,
    RemedyFact,
    RemedyKind,
    RemedyResult,
    Table2,
    checks,
    empty_table4,
    failures,
    table2_checks,
    table3,
    table4,
)

D = dt.date
NP, COM, RES, PUB, LEG, ORG = (
    ApplicantType.NATURAL_PERSON,
    ApplicantType.COMMERCIAL,
    ApplicantType.RESEARCH,
    ApplicantType.PUBLIC_INTEREST,
    ApplicantType.LEGAL_SERVICE,
    ApplicantType.OTHER_ORG,
)

# ---------------------------------------------------------------------------------------------
# Layout


def test_row_keys_in_official_order() -> None:
    assert TABLE3_ROW_KEYS == (
        "new_received",
        "carried_over",
        "granted",
        "partial",
        "denied_state_secret",
        "denied_law_forbidden",
        "denied_security",
        "denied_third_party",
        "denied_internal",
        "denied_process",
        "denied_case_file",
        "denied_admin_query",
        "unable_not_held",
        "unable_needs_creation",
        "unable_unclear",
        "np_petition",
        "np_repeat",
        "np_publication",
        "np_mass",
        "np_confirm_reissue",
        "other_no_correction",
        "other_fee_unpaid",
        "other_other",
        "total_handled",
        "carried_forward",
    )
    assert TABLE3_COLUMN_KEYS == (
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_service",
        "other_org",
        "total",
    )


def test_table3_rows_with_heading_rows() -> None:
    headings = [(r.key, r.label, r.level) for r in TABLE3_ROWS if not r.has_cells]
    assert headings == [
        ("results", "三、本年度办理结果", 0),
        ("denied", "（三）不予公开", 1),
        ("unable", "（四）无法提供", 1),
        ("not_processed", "（五）不予处理", 1),
        ("other", "（六）其他处理", 1),
    ]
    by_key = {r.key: r for r in TABLE3_ROWS}
    assert by_key["new_received"].label == "一、本年新收政府信息公开申请数量"
    assert by_key["carried_over"].label == "二、上年结转政府信息公开申请数量"
    assert by_key["total_handled"][:3] == ("total_handled", "（七）总计", 1)
    assert by_key["carried_forward"].label == "四、结转下年度继续办理"
    assert by_key["denied_security"][1:3] == ("3.危及“三安全一稳定”", 2)
    assert by_key["partial"].level == 1
    # Under 三: 21 leaves + （七）总计 = 22 data rows.
    results = TABLE3_ROWS[3:-1]
    assert sum(1 for r in results if r.has_cells) == 22
    assert len(LEAF_ROW_KEYS) == 21
    assert TABLE3_HEADER_NOTE == "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
    assert FORMAT_VERSION == "2021"


def test_table3_columns() -> None:
    assert [(c.label, c.parent_label) for c in TABLE3_COLUMNS] == [
        ("自然人", None),
        ("商业企业", "法人或其他组织"),
        ("科研机构", "法人或其他组织"),
        ("社会公益组织", "法人或其他组织"),
        ("法律服务机构", "法人或其他组织"),
        ("其他", "法人或其他组织"),
        ("总计", None),
    ]


def test_table4_columns() -> None:
    assert len(TABLE4_COLUMNS) == 15
    assert [c.label for c in TABLE4_COLUMNS[:5]] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert [(c.group_label, c.parent_label) for c in TABLE4_COLUMNS[::5]] == [
        ("行政复议", None),
        ("未经复议直接起诉", "行政诉讼"),
        ("复议后起诉", "行政诉讼"),
    ]


def test_table2_layout() -> None:
    assert [s.caption for s in TABLE2_SECTIONS] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert TABLE2_SECTIONS[3].column_labels == ("本年收费金额（单位：万元）",)
    fields = {f for s in TABLE2_SECTIONS for _, row in s.rows for f in row}
    assert fields == set(Table2.__dataclass_fields__)


# ---------------------------------------------------------------------------------------------
# A hand-built county over 2024–2026


def scenario() -> list[ApplicationFact]:
    return [
        # Received and closed in 2024.
        ApplicationFact(NP, D(2024, 3, 1), D(2024, 3, 20), Outcome.GRANTED),
        # Received in 2024, closed in 2025.
        ApplicationFact(NP, D(2024, 12, 20), D(2025, 1, 15), Outcome.PARTIAL),
        ApplicationFact(COM, D(2024, 11, 1), D(2025, 2, 10), Outcome.DENIED_THIRD_PARTY),
        # Corrected: first received 2024-12-30, corrected application received 2025-01-06.
        # The report keeps the original date, so it is new in 2024, not in 2025.
        ApplicationFact(RES, D(2024, 12, 30), D(2025, 1, 20), Outcome.UNABLE_UNCLEAR),
        # Received 2023, closed on the first day of 2024: carried over into 2024.
        ApplicationFact(ORG, D(2023, 12, 1), D(2024, 1, 1), Outcome.NP_PETITION),
        # Finished entirely in 2023: in none of the tables below.
        ApplicationFact(RES, D(2023, 5, 5), D(2023, 6, 1), Outcome.GRANTED),
        # Received and closed in 2025.
        ApplicationFact(PUB, D(2025, 3, 3), D(2025, 3, 10), Outcome.NP_REPEAT),
        ApplicationFact(LEG, D(2025, 6, 1), D(2025, 6, 30), Outcome.DENIED_ADMIN_QUERY),
        ApplicationFact(ORG, D(2025, 7, 1), D(2025, 7, 5), Outcome.OTHER_OTHER),  # withdrawn
        ApplicationFact(NP, D(2025, 1, 1), D(2025, 12, 31), Outcome.GRANTED),
        # Received in 2025, open at the year's end.
        ApplicationFact(NP, D(2025, 12, 15)),  # still open in 2026
        ApplicationFact(COM, D(2025, 12, 31), D(2026, 1, 5), Outcome.OTHER_NO_CORRECTION),
        ApplicationFact(LEG, D(2025, 12, 29)),  # corrected, still open
        # 2026.
        ApplicationFact(NP, D(2026, 2, 1), D(2026, 2, 10), Outcome.GRANTED),
    ]


def nonzero(table: dict[str, dict[str, int]]) -> dict[tuple[str, str], int]:
    return {
        (row, col): value
        for row, cells in table.items()
        for col, value in cells.items()
        if value and col != "total"
    }


def totals(table: dict[str, dict[str, int]]) -> dict[str, int]:
    return {row: cells["total"] for row, cells in table.items() if cells["total"]}


def test_2024() -> None:
    t = table3(scenario(), 2024)
    assert nonzero(t) == {
        ("new_received", "natural_person"): 2,
        ("new_received", "commercial"): 1,
        ("new_received", "research"): 1,  # the corrected one, by its original date
        ("carried_over", "other_org"): 1,
        ("granted", "natural_person"): 1,
        ("np_petition", "other_org"): 1,
        ("total_handled", "natural_person"): 1,
        ("total_handled", "other_org"): 1,
        ("carried_forward", "natural_person"): 1,
        ("carried_forward", "commercial"): 1,
        ("carried_forward", "research"): 1,
    }
    assert totals(t) == {
        "new_received": 4,
        "carried_over": 1,
        "granted": 1,
        "np_petition": 1,
        "total_handled": 2,
        "carried_forward": 3,
    }
    assert failures(checks(t, empty_table4())) == []


def test_2025() -> None:
    t = table3(scenario(), 2025)
    assert nonzero(t) == {
        ("new_received", "natural_person"): 2,
        ("new_received", "commercial"): 1,
        ("new_received", "public_interest"): 1,
        ("new_received", "legal_service"): 2,
        ("new_received", "other_org"): 1,
        ("carried_over", "natural_person"): 1,
        ("carried_over", "commercial"): 1,
        ("carried_over", "research"): 1,
        ("granted", "natural_person"): 1,
        ("partial", "natural_person"): 1,
        ("denied_third_party", "commercial"): 1,
        ("denied_admin_query", "legal_service"): 1,
        ("unable_unclear", "research"): 1,
        ("np_repeat", "public_interest"): 1,
        ("other_other", "other_org"): 1,
        ("total_handled", "natural_person"): 2,
        ("total_handled", "commercial"): 1,
        ("total_handled", "research"): 1,
        ("total_handled", "public_interest"): 1,
        ("total_handled", "legal_service"): 1,
        ("total_handled", "other_org"): 1,
        ("carried_forward", "natural_person"): 1,
        ("carried_forward", "commercial"): 1,
        ("carried_forward", "legal_service"): 1,
    }
    assert t["new_received"]["total"] == 7
    assert t["carried_over"]["total"] == 3
    assert t["total_handled"]["total"] == 7
    assert t["carried_forward"]["total"] == 3
    assert t["new_received"]["research"] == 0  # the correction did not make it new in 2025
    previous = table3(scenario(), 2024)
    assert failures(checks(t, empty_table4(), previous)) == []


def test_2026() -> None:
    t = table3(scenario(), 2026)
    assert nonzero(t) == {
        ("new_received", "natural_person"): 1,
        ("carried_over", "natural_person"): 1,
        ("carried_over", "commercial"): 1,
        ("carried_over", "legal_service"): 1,
        ("granted", "natural_person"): 1,
        ("other_no_correction", "commercial"): 1,
        ("total_handled", "natural_person"): 1,
        ("total_handled", "commercial"): 1,
        ("carried_forward", "natural_person"): 1,
        ("carried_forward", "legal_service"): 1,
    }
    result = checks(t, empty_table4(), table3(scenario(), 2025))
    assert failures(result) == []
    assert sum(1 for c in result if c.key.startswith("t3.carried_over.")) == 7


def test_table3_has_every_cell_even_when_empty() -> None:
    t = table3([], 2025)
    assert list(t) == list(TABLE3_ROW_KEYS)
    assert all(list(cells) == list(TABLE3_COLUMN_KEYS) for cells in t.values())
    assert all(v == 0 for cells in t.values() for v in cells.values())


def test_application_fact_validation() -> None:
    with pytest.raises(ValueError, match="不能早于"):
        ApplicationFact(NP, D(2025, 3, 2), D(2025, 3, 1), Outcome.GRANTED)
    with pytest.raises(ValueError, match="同时有办结日期和办理结果"):
        ApplicationFact(NP, D(2025, 3, 2), D(2025, 3, 3))
    with pytest.raises(ValueError, match="同时有办结日期和办理结果"):
        ApplicationFact(NP, D(2025, 3, 2), None, Outcome.GRANTED)
    with pytest.raises(ValueError, match="申请人类型"):
        ApplicationFact("alien", D(2025, 3, 2))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="办理结果"):
        ApplicationFact(NP, D(2025, 3, 2), D(2025, 3, 3), "nonsense")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="必须是日期"):
        ApplicationFact(NP, dt.datetime(2025, 3, 2, 9, 0))  # type: ignore[arg-type]
    fact = ApplicationFact("commercial", D(2025, 3, 2), D(2025, 3, 3), "granted")  # type: ignore[arg-type]
    assert fact.applicant_type is COM
    assert fact.outcome is Outcome.GRANTED


# ---------------------------------------------------------------------------------------------
# Identities over random data


def random_facts(rng: random.Random) -> list[ApplicationFact]:
    facts = []
    start = D(2022, 1, 1)
    for _ in range(rng.randint(0, 60)):
        received = start + dt.timedelta(days=rng.randint(0, 5 * 365))
        if rng.random() < 0.25:
            facts.append(ApplicationFact(rng.choice(list(ApplicantType)), received))
            continue
        closed = received + dt.timedelta(days=rng.choice([0, 1, 5, 20, 40, 200, 400]))
        facts.append(
            ApplicationFact(
                rng.choice(list(ApplicantType)), received, closed, rng.choice(list(Outcome))
            )
        )
    return facts


def test_identities_hold_for_random_fact_sets() -> None:
    rng = random.Random(20250101)
    for _ in range(200):
        facts = random_facts(rng)
        previous = None
        for year in range(2022, 2028):
            t = table3(facts, year)
            assert failures(checks(t, empty_table4(), previous)) == [], (year, facts)
            # Counted directly from the facts, not from the table's own arithmetic.
            closed = sum(1 for f in facts if f.closed_on and f.closed_on.year == year)
            received = sum(1 for f in facts if f.received_on.year == year)
            assert t["total_handled"]["total"] == closed
            assert t["new_received"]["total"] == received
            previous = t


# ---------------------------------------------------------------------------------------------
# Table 四


def test_table4_counts_by_year_filed_with_result_as_recorded() -> None:
    remedies = [
        RemedyFact(RemedyKind.RECONSIDERATION, D(2025, 1, 3), RemedyResult.UPHELD),
        RemedyFact(RemedyKind.RECONSIDERATION, D(2025, 6, 3), RemedyResult.CORRECTED),
        RemedyFact(RemedyKind.RECONSIDERATION, D(2025, 12, 31), RemedyResult.PENDING),
        RemedyFact(RemedyKind.RECONSIDERATION, D(2024, 12, 31), RemedyResult.UPHELD),
        RemedyFact(RemedyKind.LITIGATION_DIRECT, D(2025, 2, 1), RemedyResult.OTHER),
        RemedyFact("litigation_after_reconsideration", D(2025, 3, 1), "pending"),  # type: ignore[arg-type]
        RemedyFact(RemedyKind.LITIGATION_AFTER_RECONSIDERATION, D(2026, 1, 1), "upheld"),  # type: ignore[arg-type]
    ]
    t = table4(remedies, 2025)
    assert t == {
        "reconsideration": {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3},
        "litigation_direct": {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1},
        "litigation_after_reconsideration": {
            "upheld": 0,
            "corrected": 0,
            "other": 0,
            "pending": 1,
            "total": 1,
        },
    }
    assert failures(checks(table3([], 2025), t)) == []
    assert table4(remedies, 2024)["reconsideration"]["total"] == 1


def test_remedy_fact_validation() -> None:
    with pytest.raises(ValueError, match="救济类型"):
        RemedyFact("appeal", D(2025, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="复议或诉讼结果"):
        RemedyFact(RemedyKind.RECONSIDERATION, D(2025, 1, 1), "won")  # type: ignore[arg-type]
    assert RemedyFact(RemedyKind.RECONSIDERATION, D(2025, 1, 1)).result is RemedyResult.PENDING


# ---------------------------------------------------------------------------------------------
# Each check fails on a table broken for it


def good_2025() -> dict[str, Any]:
    return copy.deepcopy(table3(scenario(), 2025))


def failing(result: list[Check]) -> dict[str, Check]:
    return {c.key: c for c in result if not c.ok}


def test_all_checks_are_reported_when_passing() -> None:
    result = checks(good_2025(), empty_table4())
    # 25 rows' integers + 7 column identities + 25 row totals + 7 handled totals
    # + 3 Table 四 integer rows + 3 group totals.
    assert len(result) == 25 + 7 + 25 + 7 + 3 + 3
    assert all(c.ok and c.message for c in result)
    assert len({c.key for c in result}) == len(result)


def test_check1_column_identity() -> None:
    t = good_2025()
    t["new_received"]["research"] += 1
    t["new_received"]["total"] += 1
    bad = failing(checks(t, empty_table4()))
    assert set(bad) == {"t3.column_identity.research", "t3.column_identity.total"}
    check = bad["t3.column_identity.research"]
    assert check.severity == "error"
    assert check.message == (
        "“科研机构”列：本年新收1＋上年结转1＝2，不等于办理结果总计1＋结转下年度0＝1。"
    )


def test_check2_row_total() -> None:
    t = good_2025()
    t["carried_forward"]["total"] = 4  # the six columns add to 3
    bad = failing(checks(t, empty_table4()))
    assert "t3.row_total.carried_forward" in bad
    assert bad["t3.row_total.carried_forward"].message == (
        "“四、结转下年度继续办理”行：总计4不等于六类申请人之和3。"
    )
    assert "t3.row_total.granted" not in bad


def test_check3_total_handled_is_the_sum_of_the_leaves() -> None:
    t = good_2025()
    # Move one from 结转 to 总计 without a leaf: every column still balances (check 1 passes).
    for col in ("natural_person", "total"):
        t["total_handled"][col] += 1
        t["carried_forward"][col] -= 1
    bad = failing(checks(t, empty_table4()))
    assert set(bad) == {"t3.total_handled.natural_person", "t3.total_handled.total"}
    assert bad["t3.total_handled.natural_person"].message == (
        "“自然人”列：办理结果总计3不等于各项办理结果之和2。"
    )


@pytest.mark.parametrize("bad_value", [-1, 1.5, "1", None, True])
def test_check4_cells_are_non_negative_integers(bad_value: object) -> None:
    t = good_2025()
    t["np_mass"]["other_org"] = bad_value
    bad = failing(checks(t, empty_table4()))
    assert "t3.integers.np_mass" in bad
    assert bad["t3.integers.np_mass"].severity == "error"
    assert "其他（法人或其他组织）" in bad["t3.integers.np_mass"].message


def test_check4_a_missing_row_fails_and_arithmetic_cannot_be_checked() -> None:
    t = good_2025()
    del t["carried_over"]
    bad = failing(checks(t, empty_table4()))
    assert "缺少数值" in bad["t3.integers.carried_over"].message
    assert "无法核对" in bad["t3.column_identity.natural_person"].message
    assert "无法核对" in bad["t3.row_total.carried_over"].message


def test_check5_carried_over_equals_last_years_carried_forward_as_a_warning() -> None:
    previous = table3(scenario(), 2024)
    previous["carried_forward"]["commercial"] = 2
    previous["carried_forward"]["total"] = 4
    result = checks(good_2025(), empty_table4(), previous)
    bad = failing(result)
    assert set(bad) == {"t3.carried_over.commercial", "t3.carried_over.total"}
    assert {c.severity for c in bad.values()} == {"warning"}
    assert bad["t3.carried_over.commercial"].message == (
        "“商业企业”列：上年结转1不等于上年度报告的结转下年度2。"
    )
    # Without last year's table the check is not made at all.
    assert not any(c.key.startswith("t3.carried_over.") for c in checks(good_2025(), {}))


def test_check6_open_at_year_end_is_carried_forward_and_its_outcome_counts_next_year() -> None:
    fact = ApplicationFact(PUB, D(2025, 12, 31), D(2026, 1, 2), Outcome.NP_MASS)
    t2025, t2026 = table3([fact], 2025), table3([fact], 2026)
    assert t2025["carried_forward"]["public_interest"] == 1
    assert t2025["np_mass"]["public_interest"] == 0
    assert t2026["carried_over"]["public_interest"] == 1
    assert t2026["np_mass"]["public_interest"] == 1


def test_table4_group_total() -> None:
    t4 = empty_table4()
    t4["litigation_direct"]["upheld"] = 2
    t4["litigation_direct"]["total"] = 1
    bad = failing(checks(good_2025(), t4))
    assert set(bad) == {"t4.group_total.litigation_direct"}
    assert bad["t4.group_total.litigation_direct"].message == (
        "“未经复议直接起诉”：总计1不等于维持、纠正、其他结果、尚未审结之和2。"
    )


def test_table4_cells_are_non_negative_integers() -> None:
    t4 = empty_table4()
    t4["reconsideration"]["pending"] = -1
    t4["reconsideration"]["total"] = -1
    bad = failing(checks(good_2025(), t4))
    assert set(bad) == {"t4.integers.reconsideration"}
    assert "“尚未审结”" in bad["t4.integers.reconsideration"].message


# ---------------------------------------------------------------------------------------------
# Table 二


def table2_2024() -> Table2:
    return Table2(
        regulations_valid=0,
        normative_issued=3,
        normative_repealed=1,
        normative_valid=20,
        licensing_decisions=1520,
        penalty_decisions=87,
        coercion_decisions=4,
        fees_amount=Decimal("12.35"),
    )


def table2_2025(**changes: Any) -> Table2:
    values: dict[str, Any] = {
        "normative_issued": 5,
        "normative_repealed": 2,
        "normative_valid": 23,  # 20 + 5 − 2
        "licensing_decisions": 1610,
        "fees_amount": Decimal("0"),
    }
    values.update(changes)
    return Table2(**values)


def test_table2_passes() -> None:
    result = table2_checks(table2_2025(), table2_2024())
    assert failures(result) == []
    assert len(result) == 9 + 1 + 2
    assert failures(table2_checks(table2_2025(fees_amount=0))) == []


def test_table2_valid_count_arithmetic_is_a_warning() -> None:
    bad = failing(table2_checks(table2_2025(normative_valid=25), table2_2024()))
    assert set(bad) == {"t2.valid_count.normative"}
    assert bad["t2.valid_count.normative"].severity == "warning"
    assert bad["t2.valid_count.normative"].message == (
        "行政规范性文件：上年现行有效20＋本年制发5－本年废止2＝23，不等于本年现行有效25。"
    )
    # Not made without last year's table.
    assert failing(table2_checks(table2_2025(normative_valid=25))) == {}


@pytest.mark.parametrize(
    "amount", [Decimal("-0.01"), 1.5, "3", None, Decimal("NaN"), Decimal("Infinity"), True]
)
def test_table2_fee_amount_is_a_non_negative_decimal(amount: object) -> None:
    bad = failing(table2_checks(table2_2025(fees_amount=amount)))
    assert set(bad) == {"t2.fees_amount"}
    assert bad["t2.fees_amount"].severity == "error"
    assert "万元" in bad["t2.fees_amount"].message


@pytest.mark.parametrize("value", [-1, 2.0, "7", None])
def test_table2_counts_are_non_negative_integers(value: object) -> None:
    bad = failing(table2_checks(table2_2025(penalty_decisions=value)))
    assert set(bad) == {"t2.integers.penalty_decisions"}
    assert "行政处罚本年处理决定数量" in bad["t2.integers.penalty_decisions"].message


def test_applicant_columns_match_applicant_types() -> None:
    assert tuple(t.value for t in ApplicantType) == APPLICANT_COLUMNS
