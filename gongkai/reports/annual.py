"""Tables 二, 三 and 四 of the annual report in the national format (国办公开办函〔2021〕30号).

Pure: plain records in, plain dicts out, no ORM. The rules (docs/domain-rules.md 2.2–2.4 and
the decisions table):

* An application counts as new in the year of its receipt date. After a correction (补正) the
  reply clock restarts, but the report keeps the ORIGINAL receipt date, so callers pass that.
* Its outcome counts in the year it is closed; open on 31 Dec it is carried forward, and it is
  carried over (上年结转) into the next year. This makes check 1 (new + carried over = handled +
  carried forward, per column) hold by construction; `checks` still verifies tables typed in by
  hand or imported from earlier years.
* Table 四 counts a reconsideration or suit in the year it was filed, with the result as
  recorded when the report is made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Literal, NamedTuple

from gongkai.info_requests.choices import RemedyKind, RemedyResult
from gongkai.info_requests.outcomes import (
    OUTCOMES,
    ApplicantType,
    Outcome,
    OutcomeGroup,
)

FORMAT_VERSION = "2021"

Table3 = dict[str, dict[str, int]]
Table4 = dict[str, dict[str, int]]

# ---------------------------------------------------------------------------------------------
# Table 三: layout as data, for the renderers and the checks.

TABLE3_HEADER_NOTE = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
TABLE3_COLUMN_HEADER = "申请人情况"
ORGANISATIONS_HEADER = "法人或其他组织"


class Table3Column(NamedTuple):
    key: str
    label: str
    parent_label: str | None  # the spanning header above it, if any


TABLE3_COLUMNS: tuple[Table3Column, ...] = (
    Table3Column(ApplicantType.NATURAL_PERSON.value, "自然人", None),
    Table3Column(ApplicantType.COMMERCIAL.value, "商业企业", ORGANISATIONS_HEADER),
    Table3Column(ApplicantType.RESEARCH.value, "科研机构", ORGANISATIONS_HEADER),
    Table3Column(ApplicantType.PUBLIC_INTEREST.value, "社会公益组织", ORGANISATIONS_HEADER),
    Table3Column(ApplicantType.LEGAL_SERVICE.value, "法律服务机构", ORGANISATIONS_HEADER),
    Table3Column(ApplicantType.OTHER_ORG.value, "其他", ORGANISATIONS_HEADER),
    Table3Column("total", "总计", None),
)
APPLICANT_COLUMNS: tuple[str, ...] = tuple(c.key for c in TABLE3_COLUMNS[:-1])
TABLE3_COLUMN_KEYS: tuple[str, ...] = (*APPLICANT_COLUMNS, "total")
# "其他" alone is ambiguous in a sentence (it is also a row); messages name the header too.
_COLUMN_NAMES = {c.key: c.label for c in TABLE3_COLUMNS} | {"other_org": "其他（法人或其他组织）"}


class Table3Row(NamedTuple):
    """One line of Table 三. `level` 0 is 一–四, 1 is （一）–（七）, 2 the numbered leaves.
    Rows with `has_cells=False` are headings that span rows and carry no numbers."""

    key: str
    label: str
    level: int
    has_cells: bool


def _table3_rows() -> tuple[Table3Row, ...]:
    rows = [
        Table3Row("new_received", "一、本年新收政府信息公开申请数量", 0, True),
        Table3Row("carried_over", "二、上年结转政府信息公开申请数量", 0, True),
        Table3Row("results", "三、本年度办理结果", 0, False),
    ]
    for group in OutcomeGroup:
        leaves = [info for info in OUTCOMES.values() if info.group == group]
        if group in (OutcomeGroup.GRANTED, OutcomeGroup.PARTIAL):
            rows.append(Table3Row(leaves[0].outcome.value, leaves[0].row_label, 1, True))
            continue
        rows.append(Table3Row(group.value, str(group.label), 1, False))
        rows.extend(Table3Row(info.outcome.value, info.row_label, 2, True) for info in leaves)
    rows.append(Table3Row("total_handled", "（七）总计", 1, True))
    rows.append(Table3Row("carried_forward", "四、结转下年度继续办理", 0, True))
    return tuple(rows)


TABLE3_ROWS: tuple[Table3Row, ...] = _table3_rows()
TABLE3_ROW_KEYS: tuple[str, ...] = tuple(r.key for r in TABLE3_ROWS if r.has_cells)
LEAF_ROW_KEYS: tuple[str, ...] = tuple(o.value for o in Outcome)
_ROW_NAMES = {r.key: r.label for r in TABLE3_ROWS}

# ---------------------------------------------------------------------------------------------
# Table 四: one data row, three groups of five.


class Table4Column(NamedTuple):
    group: str
    result: str  # a RemedyResult value or "total"
    label: str
    group_label: str
    parent_label: str | None  # "行政诉讼" spans the two litigation groups


_LITIGATION = "行政诉讼"
TABLE4_GROUP_KEYS: tuple[str, ...] = tuple(k.value for k in RemedyKind)
TABLE4_RESULT_KEYS: tuple[str, ...] = (*(r.value for r in RemedyResult), "total")
TABLE4_COLUMNS: tuple[Table4Column, ...] = tuple(
    Table4Column(
        kind.value,
        result,
        "总计" if result == "total" else str(RemedyResult(result).label),
        str(kind.label),
        None if kind == RemedyKind.RECONSIDERATION else _LITIGATION,
    )
    for kind in RemedyKind
    for result in TABLE4_RESULT_KEYS
)

# ---------------------------------------------------------------------------------------------
# Input records.


def _as_date(value: object, what: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError(f"{what}必须是日期。")
    return value


@dataclass(frozen=True)
class ApplicationFact:
    """One application as the report sees it. `received_on` is the ORIGINAL receipt date even
    when a correction restarted the reply clock (decisions table)."""

    applicant_type: ApplicantType
    received_on: dt.date
    closed_on: dt.date | None = None
    outcome: Outcome | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "applicant_type", ApplicantType(self.applicant_type))
        except ValueError:
            raise ValueError(f"未知的申请人类型“{self.applicant_type}”。") from None
        _as_date(self.received_on, "收到申请日期")
        if (self.closed_on is None) != (self.outcome is None):
            raise ValueError("已办结的申请必须同时有办结日期和办理结果，未办结的申请两者都不能有。")
        if self.closed_on is not None:
            _as_date(self.closed_on, "办结日期")
            if self.closed_on < self.received_on:
                raise ValueError("办结日期不能早于收到申请日期。")
            try:
                object.__setattr__(self, "outcome", Outcome(str(self.outcome)))
            except ValueError:
                raise ValueError(f"未知的办理结果“{self.outcome}”。") from None


@dataclass(frozen=True)
class RemedyFact:
    """One reconsideration or suit about disclosure, with its result as recorded now."""

    kind: RemedyKind
    filed_on: dt.date
    result: RemedyResult = RemedyResult.PENDING

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", RemedyKind(self.kind))
        except ValueError:
            raise ValueError(f"未知的救济类型“{self.kind}”。") from None
        try:
            object.__setattr__(self, "result", RemedyResult(self.result))
        except ValueError:
            raise ValueError(f"未知的复议或诉讼结果“{self.result}”。") from None
        _as_date(self.filed_on, "申请复议或起诉日期")


# ---------------------------------------------------------------------------------------------
# Computation.


def empty_table3() -> Table3:
    return {row: dict.fromkeys(TABLE3_COLUMN_KEYS, 0) for row in TABLE3_ROW_KEYS}


def table3(facts: Iterable[ApplicationFact], year: int) -> Table3:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = empty_table3()
    for fact in facts:
        if fact.received_on > last:
            continue  # next year's business
        if fact.closed_on is not None and fact.closed_on < first:
            continue  # finished before this year began
        column = fact.applicant_type.value
        start_row = "new_received" if fact.received_on >= first else "carried_over"
        table[start_row][column] += 1
        if fact.closed_on is not None and fact.outcome is not None and fact.closed_on <= last:
            table[fact.outcome.value][column] += 1
            table["total_handled"][column] += 1
        else:
            table["carried_forward"][column] += 1
    for cells in table.values():
        cells["total"] = sum(cells[c] for c in APPLICANT_COLUMNS)
    return table


def empty_table4() -> Table4:
    return {group: dict.fromkeys(TABLE4_RESULT_KEYS, 0) for group in TABLE4_GROUP_KEYS}


def table4(remedies: Iterable[RemedyFact], year: int) -> Table4:
    table = empty_table4()
    for remedy in remedies:
        if remedy.filed_on.year == year:
            table[remedy.kind.value][remedy.result.value] += 1
            table[remedy.kind.value]["total"] += 1
    return table


# ---------------------------------------------------------------------------------------------
# Checks (domain-rules 2.3 checks 1–5 and 2.4; check 6 is how `table3` counts, not a property a
# finished table can show).

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Check:
    key: str
    ok: bool
    severity: Severity
    message: str


def failures(checks: Iterable[Check]) -> list[Check]:
    return [c for c in checks if not c.ok]


def _value(table: Mapping[str, Mapping[str, object]] | None, row: str, col: str) -> int | None:
    """The cell if it is an integer (negative too: the arithmetic can still be checked), else
    None. Missing rows and columns are None."""
    cells = table.get(row) if isinstance(table, Mapping) else None
    value = cells.get(col) if isinstance(cells, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _describe(value: object) -> str:
    return "缺少数值" if value is None else f"数值“{value}”不是非负整数"


def _integer_checks(
    prefix: str,
    table: Mapping[str, Mapping[str, object]] | None,
    rows: Iterable[tuple[str, str]],
    cols: Iterable[tuple[str, str]],
) -> list[Check]:
    cols = list(cols)
    result = []
    for row, row_name in rows:
        cells = table.get(row) if isinstance(table, Mapping) else None
        problems = []
        for col, col_name in cols:
            raw = cells.get(col) if isinstance(cells, Mapping) else None
            value = _value(table, row, col)
            if value is None or value < 0:
                problems.append(f"{col_name}{_describe(raw)}")
        message = (
            f"“{row_name}”：" + "；".join(problems)
            if problems
            else f"“{row_name}”各项均为非负整数。"
        )
        result.append(Check(f"{prefix}.integers.{row}", not problems, "error", message))
    return result


def _sum(values: Iterable[int | None]) -> int | None:
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


_UNCHECKABLE = "含缺失或非整数的数值，无法核对"


def checks(
    table3: Mapping[str, Mapping[str, object]],
    table4: Mapping[str, Mapping[str, object]],
    previous_table3: Mapping[str, Mapping[str, object]] | None = None,
) -> list[Check]:
    """Every check of Tables 三 and 四, passing or not, in a stable order."""
    t3, t4 = table3, table4
    result = _integer_checks(
        "t3",
        t3,
        [(r, _ROW_NAMES[r]) for r in TABLE3_ROW_KEYS],
        [(c, f"“{_COLUMN_NAMES[c]}”列") for c in TABLE3_COLUMN_KEYS],
    )
    for col in TABLE3_COLUMN_KEYS:
        name = _COLUMN_NAMES[col]
        a, b, c, d = (
            _value(t3, row, col)
            for row in ("new_received", "carried_over", "total_handled", "carried_forward")
        )
        if a is None or b is None or c is None or d is None:
            ok, message = False, f"“{name}”列{_UNCHECKABLE}勾稽关系。"
        else:
            ok = a + b == c + d
            message = (
                f"“{name}”列：本年新收{a}＋上年结转{b}＝{a + b}，"
                f"{'等于' if ok else '不等于'}办理结果总计{c}＋结转下年度{d}＝{c + d}。"
            )
        result.append(Check(f"t3.column_identity.{col}", ok, "error", message))
    for row in TABLE3_ROW_KEYS:
        name = _ROW_NAMES[row]
        parts = _sum(_value(t3, row, col) for col in APPLICANT_COLUMNS)
        total = _value(t3, row, "total")
        if parts is None or total is None:
            ok, message = False, f"“{name}”行{_UNCHECKABLE}总计。"
        else:
            ok = parts == total
            verb = "等于" if ok else "不等于"
            message = f"“{name}”行：总计{total}{verb}六类申请人之和{parts}。"
        result.append(Check(f"t3.row_total.{row}", ok, "error", message))
    for col in TABLE3_COLUMN_KEYS:
        name = _COLUMN_NAMES[col]
        leaves = _sum(_value(t3, row, col) for row in LEAF_ROW_KEYS)
        total = _value(t3, "total_handled", col)
        if leaves is None or total is None:
            ok, message = False, f"“{name}”列{_UNCHECKABLE}办理结果总计。"
        else:
            ok = leaves == total
            verb = "等于" if ok else "不等于"
            message = f"“{name}”列：办理结果总计{total}{verb}各项办理结果之和{leaves}。"
        result.append(Check(f"t3.total_handled.{col}", ok, "error", message))
    if previous_table3 is not None:
        for col in TABLE3_COLUMN_KEYS:
            name = _COLUMN_NAMES[col]
            now = _value(t3, "carried_over", col)
            before = _value(previous_table3, "carried_forward", col)
            if now is None or before is None:
                ok, message = False, f"“{name}”列{_UNCHECKABLE}上年结转与上年度报告的衔接。"
            else:
                ok = now == before
                verb = "等于" if ok else "不等于"
                message = f"“{name}”列：上年结转{now}{verb}上年度报告的结转下年度{before}。"
            result.append(Check(f"t3.carried_over.{col}", ok, "warning", message))
    result.extend(
        _integer_checks(
            "t4",
            t4,
            [(g, str(RemedyKind(g).label)) for g in TABLE4_GROUP_KEYS],
            [
                (r, "“总计”" if r == "total" else f"“{RemedyResult(r).label}”")
                for r in TABLE4_RESULT_KEYS
            ],
        )
    )
    for group in TABLE4_GROUP_KEYS:
        name = RemedyKind(group).label
        parts = _sum(_value(t4, group, r.value) for r in RemedyResult)
        total = _value(t4, group, "total")
        if parts is None or total is None:
            ok, message = False, f"“{name}”{_UNCHECKABLE}总计。"
        else:
            ok = parts == total
            verb = "等于" if ok else "不等于"
            message = f"“{name}”：总计{total}{verb}维持、纠正、其他结果、尚未审结之和{parts}。"
        result.append(Check(f"t4.group_total.{group}", ok, "error", message))
    return result


# ---------------------------------------------------------------------------------------------
# Table 二: active disclosure. Entered by hand (the counts come from other registers).


@dataclass(frozen=True)
class Table2:
    regulations_issued: int = 0  # 规章: 本年制发件数
    regulations_repealed: int = 0  # 本年废止件数
    regulations_valid: int = 0  # 现行有效件数
    normative_issued: int = 0  # 行政规范性文件
    normative_repealed: int = 0
    normative_valid: int = 0
    licensing_decisions: int = 0  # 行政许可: 本年处理决定数量
    penalty_decisions: int = 0  # 行政处罚
    coercion_decisions: int = 0  # 行政强制
    fees_amount: Decimal = Decimal(0)  # 行政事业性收费: 本年收费金额, in 万元


class Table2Section(NamedTuple):
    caption: str
    column_labels: tuple[str, ...]  # after the first column, 信息内容
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (row label, Table2 field per column)


TABLE2_FIRST_COLUMN = "信息内容"
TABLE2_SECTIONS: tuple[Table2Section, ...] = (
    Table2Section(
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        (
            ("规章", ("regulations_issued", "regulations_repealed", "regulations_valid")),
            ("行政规范性文件", ("normative_issued", "normative_repealed", "normative_valid")),
        ),
    ),
    Table2Section(
        "第二十条第（五）项", ("本年处理决定数量",), (("行政许可", ("licensing_decisions",)),)
    ),
    Table2Section(
        "第二十条第（六）项",
        ("本年处理决定数量",),
        (("行政处罚", ("penalty_decisions",)), ("行政强制", ("coercion_decisions",))),
    ),
    Table2Section(
        "第二十条第（八）项",
        ("本年收费金额（单位：万元）",),
        (("行政事业性收费", ("fees_amount",)),),
    ),
)
_TABLE2_COUNT_NAMES = {
    "regulations_issued": "规章本年制发件数",
    "regulations_repealed": "规章本年废止件数",
    "regulations_valid": "规章现行有效件数",
    "normative_issued": "行政规范性文件本年制发件数",
    "normative_repealed": "行政规范性文件本年废止件数",
    "normative_valid": "行政规范性文件现行有效件数",
    "licensing_decisions": "行政许可本年处理决定数量",
    "penalty_decisions": "行政处罚本年处理决定数量",
    "coercion_decisions": "行政强制本年处理决定数量",
}


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def table2_checks(current: Table2, previous: Table2 | None = None) -> list[Check]:
    """Counts are integers ≥ 0; the fee amount is an exact decimal ≥ 0 in 万元 (an int is exact
    too; a float is refused because 0.1 is not 0.1); and, as a warning only because documents
    issued last year may be repealed retroactively or recounted (practice), last year's valid +
    issued − repealed = this year's valid."""
    result = []
    for field, name in _TABLE2_COUNT_NAMES.items():
        value = getattr(current, field, None)
        ok = _count(value) is not None
        message = f"{name}为{value}。" if ok else f"{name}{_describe(value)}。"
        result.append(Check(f"t2.integers.{field}", ok, "error", message))
    amount = current.fees_amount
    exact = isinstance(amount, Decimal | int) and not isinstance(amount, bool)
    if exact and isinstance(amount, Decimal) and not amount.is_finite():
        exact = False
    ok = exact and amount >= 0
    message = (
        f"行政事业性收费本年收费金额为{amount}万元。"
        if ok
        else f"行政事业性收费本年收费金额“{amount}”应为不小于0的金额（单位：万元）。"
    )
    result.append(Check("t2.fees_amount", ok, "error", message))
    if previous is not None:
        for kind, name in (("regulations", "规章"), ("normative", "行政规范性文件")):
            before = _count(getattr(previous, f"{kind}_valid", None))
            issued = _count(getattr(current, f"{kind}_issued", None))
            repealed = _count(getattr(current, f"{kind}_repealed", None))
            valid = _count(getattr(current, f"{kind}_valid", None))
            if before is None or issued is None or repealed is None or valid is None:
                ok, message = False, f"{name}{_UNCHECKABLE}现行有效件数。"
            else:
                expected = before + issued - repealed
                ok = expected == valid
                verb = "等于" if ok else "不等于"
                message = (
                    f"{name}：上年现行有效{before}＋本年制发{issued}－本年废止{repealed}"
                    f"＝{expected}，{verb}本年现行有效{valid}。"
                )
            result.append(Check(f"t2.valid_count.{kind}", ok, "warning", message))
    return result


# ---------------------------------------------------------------------------------------------
# Serialisation and sums (additions for the stored report, its outputs and the county overview).

# The six sections of the report (2.1); 二–四 are the tables.
SECTION_TITLES: dict[str, str] = {
    "overview": "一、总体情况",
    "table2": "二、主动公开政府信息情况",
    "table3": "三、收到和处理政府信息公开申请情况",
    "table4": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
TABLE2_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Table2))
TABLE2_COUNT_FIELDS: tuple[str, ...] = tuple(_TABLE2_COUNT_NAMES)
TABLE2_NORMATIVE_FIELDS = ("normative_issued", "normative_repealed", "normative_valid")


def table2_to_json(table: Table2) -> dict[str, int | str]:
    """Counts as integers, the fee amount as a decimal string (JSON has no exact decimals)."""
    data: dict[str, int | str] = {}
    for name, value in asdict(table).items():
        data[name] = str(value) if name == "fees_amount" else value
    return data


def table2_from_json(data: Mapping[str, object] | None) -> Table2:
    """The stored entries as a Table2; a missing entry is 0. Values are kept as stored (a bad
    one is for `table2_checks` to report, not for this function to hide), except that a fee
    amount given as text becomes a Decimal when it is one."""
    data = data if isinstance(data, Mapping) else {}
    values: dict[str, object] = {}
    for name in TABLE2_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "fees_amount" and isinstance(value, str):
            with contextlib.suppress(InvalidOperation):
                value = Decimal(value)
        values[name] = value
    return Table2(**values)  # type: ignore[arg-type]


def check_to_json(check: Check) -> dict[str, object]:
    return {"key": check.key, "ok": check.ok, "severity": check.severity, "message": check.message}


def check_from_json(data: Mapping[str, object]) -> Check:
    severity: Severity = "warning" if data.get("severity") == "warning" else "error"
    return Check(str(data.get("key", "")), bool(data.get("ok")), severity, str(data.get("message")))


def sum_table3(tables: Iterable[Mapping[str, Mapping[str, int]]]) -> Table3:
    """Cell by cell sum of several units' Tables 三 (the county overview). Missing or
    non-integer cells count as 0 here; each unit's own checks report them."""
    total = empty_table3()
    for table in tables:
        for row in TABLE3_ROW_KEYS:
            for col in TABLE3_COLUMN_KEYS:
                total[row][col] += _value(table, row, col) or 0
    return total


def sum_table4(tables: Iterable[Mapping[str, Mapping[str, int]]]) -> Table4:
    total = empty_table4()
    for table in tables:
        for group in TABLE4_GROUP_KEYS:
            for result in TABLE4_RESULT_KEYS:
                total[group][result] += _value(table, group, result) or 0
    return total
