"""Register import (台账导入): reading .xlsx/.csv, checking every row, all-or-nothing writes,
re-imports, and the `import_register` command."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core.models import AuditEvent
from gongkai.info_requests import services as svc
from gongkai.info_requests.models import (
    FeeNotice,
    InfoRequest,
    InfoRequestEvent,
    Litigation,
    Reconsideration,
    RequestSequence,
)
from gongkai.info_requests.register.importer import register_import
from gongkai.info_requests.register.parse import (
    RegisterFileError,
    parse_amount,
    parse_date,
    read_csv,
    read_xlsx,
)
from gongkai.info_requests.selectors import application_facts, fees_total
from gongkai.info_requests.states import Action, Status

from .register_files import HEADER, csv_bytes, row, serial, xlsx_bytes

D = dt.date
TABLES = (
    InfoRequest,
    InfoRequestEvent,
    Reconsideration,
    Litigation,
    FeeNotice,
    RequestSequence,
    AuditEvent,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def run(site, actor, data: bytes, name: str = "台账.xlsx", **kwargs):
    kind = "xlsx" if name.endswith(".xlsx") else "csv"
    return register_import(
        site=site, actor=actor, source_name=name, file=io.BytesIO(data), kind=kind, **kwargs
    )


@pytest.fixture
def env(site, orgs, office, calendar):
    return site, office


# --- reading cells (pure) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2025, 9, 23, 14, 30), D(2025, 9, 23)),
        (D(2025, 9, 23), D(2025, 9, 23)),
        (45923, D(2025, 9, 23)),
        (45923.0, D(2025, 9, 23)),
        ("45923", D(2025, 9, 23)),
        ("2025-09-23", D(2025, 9, 23)),
        ("2025/9/23", D(2025, 9, 23)),
        ("2025.09.23", D(2025, 9, 23)),
        ("2025年9月23日", D(2025, 9, 23)),
        (" 2025 年 9 月 23 日 ", D(2025, 9, 23)),
        ("２０２５－０９－２３", D(2025, 9, 23)),
        ("20250923", D(2025, 9, 23)),
        ("2025-09-23 00:00:00", D(2025, 9, 23)),
    ],
)
def test_dates_in_every_spelling_offices_use(value, expected):
    assert parse_date(value, "收到日期") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "不是有效的日期"),
        ("下周一", "无法识别为日期"),
        (0, "不是有效的日期"),
        (dt.time(9, 30), "是时间而不是日期"),
    ],
)
def test_unreadable_dates_say_why_in_chinese(value, message):
    with pytest.raises(ValueError, match=message):
        parse_date(value, "收到日期")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, Decimal("100.00")),
        (100.1, Decimal("100.10")),
        ("1,200.50", Decimal("1200.50")),
        ("100元", Decimal("100.00")),
        ("0", Decimal("0.00")),
    ],
)
def test_amounts(value, expected):
    assert parse_amount(value, "收费金额（元）") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "不能为负数"),
        ("10.005", "最多保留两位小数"),
        ("一百", "不是数字"),
        ("nan", "不是数字"),
    ],
)
def test_bad_amounts(value, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(value, "收费金额（元）")


def test_headers_match_whatever_the_order_spacing_and_bracket_width():
    header = [
        " 办理结果 ",
        "受理机关*",
        "申请人",
        "申请人类型",
        "申请方式",
        "收到日期",
        "申请内容",
        "办结日期",
        "收费金额(元)",
        "备注",
    ]
    keys = [
        "办理结果",
        "受理机关",
        "申请人",
        "申请人类型",
        "申请方式",
        "收到日期",
        "申请内容",
        "办结日期",
        "收费金额（元）",
        "备注",
    ]
    sheet = read_xlsx(
        io.BytesIO(xlsx_bytes([row(**{"收费金额（元）": 5, "备注": "x"})], header, keys=keys))
    )
    assert sheet.columns["outcome"] == 1 and sheet.columns["fee"] == 9
    assert sheet.rows[0].values["fee"].value == 5
    assert sheet.warnings == ["第10列的表头“备注”无法识别，该列已忽略。"]


def test_a_field_named_by_two_columns_is_refused():
    header = [*HEADER, "办理结果"]
    with pytest.raises(RegisterFileError) as exc:
        read_xlsx(io.BytesIO(xlsx_bytes([row()], header)))
    assert exc.value.messages == [
        "表头“办理结果”出现在多列（第9、16列），无法确定应读取哪一列，请删除多余的列。"
    ]


def test_missing_required_headers_are_one_error():
    header = [h for h in HEADER if h not in ("受理机关", "办理结果")]
    with pytest.raises(RegisterFileError) as exc:
        read_csv(csv_bytes([row()], header))
    assert len(exc.value.messages) == 1
    assert exc.value.messages[0].startswith("第1行缺少必需的表头：受理机关、办理结果。")


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers():
    data = xlsx_bytes([row(), None, None, row(申请人="李四")])
    sheet = read_xlsx(io.BytesIO(data))
    assert [r.number for r in sheet.rows] == [2, 5]


def test_damaged_and_empty_files():
    with pytest.raises(RegisterFileError, match=r"不是有效的 \.xlsx"):
        read_xlsx(io.BytesIO(b"PK\x03\x04 not really a zip"))
    with pytest.raises(RegisterFileError, match="文件是空的"):
        read_csv(b"")
    with pytest.raises(RegisterFileError, match="编码"):
        read_csv(b"\xff\xfe\x00\x00\x81")


# --- a good file ----------------------------------------------------------------------------


def good_rows() -> list[dict]:
    return [
        # Date cells.
        row(申请编号="2025-A-001", 收到日期=D(2025, 3, 3), 办结日期=D(2025, 3, 20)),
        # Bare serial numbers (a date column whose format was lost), a company.
        row(
            申请编号="2025-A-002",
            申请人类型="商业企业",
            申请人="示例县某某有限公司",
            申请方式="网络",
            收到日期=serial(D(2025, 4, 1)),
            办结日期=serial(D(2025, 4, 25)),
            办理结果="部分公开",
            **{"收费金额（元）": 100},
        ),
        # Text dates, the full official wording, by organisation code.
        row(
            受理机关="SLXCZJ",
            申请方式="邮寄",
            收到日期="2025/5/6",
            办结日期="2025年5月30日",
            办理结果="（三）1.属于国家秘密",
            复议情况="维持",
            复议申请日期="2025-06-10",
            诉讼类型="复议后起诉",
            诉讼情况="尚未审结",
            起诉日期=D(2025, 8, 1),
        ),
        # Still open: no closing date, no result; a direct suit pending.
        row(
            申请人="赵六",
            收到日期=D(2025, 9, 22),
            办结日期=None,
            办理结果=None,
            诉讼类型="直接起诉",
            诉讼情况="尚未审结",
            起诉日期=D(2025, 11, 3),
        ),
        # Abandoned for an unpaid fee: the notice stays unpaid.
        row(
            申请编号="2025-A-005",
            办理结果="申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            **{"收费金额（元）": "200"},
        ),
    ]


def test_a_good_xlsx_imports_every_row(env, orgs):
    site, office = env
    result = run(site, office, xlsx_bytes(good_rows()))
    assert result.errors == []
    assert (result.created, result.skipped, result.rows_read) == (5, 0, 5)
    assert InfoRequest.objects.count() == 5

    first = InfoRequest.objects.get(tracking_number="2025-A-001")
    assert (first.status, first.outcome, first.closed_on) == (
        Status.ARCHIVED,
        "granted",
        D(2025, 3, 20),
    )
    assert first.received_on == first.submitted_on == D(2025, 3, 3)
    assert first.organisation == first.unit == orgs["dept"]
    assert first.legal_basis.startswith("《中华人民共和国政府信息公开条例》第三十六条")
    assert (first.id_type, first.id_number, first.applicant_key, first.query_code_hash) == (
        "other",
        "",
        "",
        "",
    )

    second = InfoRequest.objects.get(tracking_number="2025-A-002")
    assert (second.received_on, second.closed_on, second.outcome, second.channel) == (
        D(2025, 4, 1),
        D(2025, 4, 25),
        "partial",
        "online",
    )
    assert second.applicant_type == "commercial"
    notice = second.fee_notices.get()
    assert (notice.amount, notice.paid_on) == (Decimal("100.00"), D(2025, 4, 25))

    secret = InfoRequest.objects.get(outcome="denied_state_secret")
    assert secret.organisation == orgs["other_dept"]
    assert secret.tracking_number == "YSQ-2025-000001"  # generated: the sequence of 2025
    reconsideration = secret.reconsiderations.get()
    assert (reconsideration.result, reconsideration.filed_on) == ("upheld", D(2025, 6, 10))
    assert reconsideration.decided_on == D(2025, 6, 10)  # not in registers; noted
    assert "未记载决定日期" in reconsideration.note
    suit = secret.litigations.get()
    assert (suit.kind, suit.result, suit.reconsideration) == (
        "after_reconsideration",
        "pending",
        reconsideration,
    )

    still_open = InfoRequest.objects.get(applicant_name="赵六")
    assert (still_open.status, still_open.closed_on, still_open.outcome) == (
        Status.RECEIVED,
        None,
        "",
    )
    assert still_open.unit is None  # the office dispatches it
    assert still_open.due_on == D(2025, 10, 24)  # 20 working days, as intake computes it
    assert still_open.litigations.get().kind == "direct"

    unpaid = InfoRequest.objects.get(tracking_number="2025-A-005")
    assert unpaid.outcome == "other_fee_unpaid"
    assert unpaid.fee_notices.get().paid_on is None
    assert fees_total(orgs["dept"], 2025) == Decimal("100.00")

    assert RequestSequence.objects.get(site=site, year=2025).last == 2
    event = first.events.get()
    assert (event.action, event.from_status, event.to_status) == (Action.REGISTER, "", "archived")
    assert event.data["import"]["row"] == 2 and event.data["import"]["file"] == "台账.xlsx"
    assert len(event.data["import"]["sha256"]) == 64
    audit = AuditEvent.objects.get(action="register.import")
    assert audit.changes["created"] == 5 and audit.changes["file"] == "台账.xlsx"
    assert audit.changes["sha256"] == result.sha256
    assert audit.site_id == site.pk and audit.actor_name == "刘芳"


def test_the_summary_counts_by_organisation_and_result(env):
    site, office = env
    result = run(site, office, xlsx_bytes(good_rows()), dry_run=True)
    assert [(o.name, o.total) for o in result.organisations] == [
        ("示例县民政局", 4),
        ("示例县财政局", 1),
    ]
    dept = result.organisations[0]
    assert dept.by_result == (
        ("予以公开", 1),
        ("部分公开", 1),
        ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1),
        ("未办结", 1),
    )
    assert result.fee_total == Decimal("300.00")


def test_a_dry_run_writes_nothing(env):
    site, office = env
    before = counts()
    result = run(site, office, xlsx_bytes(good_rows()), dry_run=True)
    assert result.ok and result.created == 5
    assert counts() == before


def test_a_gbk_csv_imports(env):
    site, office = env
    rows = [
        row(申请编号="C-1", 收到日期="2025-03-03", 办结日期="2025/3/10"),
        row(申请编号="C-2", 申请人="钱七", 收到日期="45923", 办结日期=None, 办理结果=None),
    ]
    data = csv_bytes(rows, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = run(site, office, data, name="台账.csv")
    assert result.errors == [] and result.created == 2
    assert InfoRequest.objects.get(tracking_number="C-2").received_on == D(2025, 9, 23)


def test_a_utf8_csv_with_bom_and_tabs_imports(env):
    site, office = env
    text = csv_bytes([row(申请编号="T-1")], encoding="utf-8").decode().replace(",", "\t")
    result = run(site, office, b"\xef\xbb\xbf" + text.encode(), name="台账.txt")
    assert result.errors == [] and result.created == 1


# --- bad rows: nothing is written ------------------------------------------------------------


def fifty_with_two_bad() -> list[dict]:
    rows = [row(申请编号=f"B-{n:03d}", 申请人=f"申请人{n}") for n in range(50)]
    rows[9] = {**rows[9], "办理结果": "随便写的结果"}  # spreadsheet row 11
    rows[36] = {**rows[36], "受理机关": "不存在的局", "办结日期": None}  # row 38
    return rows


def test_two_bad_rows_among_fifty_write_nothing(env):
    site, office = env
    before = counts()
    result = run(site, office, xlsx_bytes(fifty_with_two_bad()))
    assert counts() == before
    assert [e.row for e in result.errors] == [11, 38]
    assert "无法识别的办理结果“随便写的结果”" in result.errors[0].messages[0]
    assert result.errors[1].messages == (
        "受理机关“不存在的局”不是本站点的机构，请填写机构全称或机构代码",
        "填写了办理结果但没有办结日期（未办结的申请两者都不填）",
    )
    assert result.created == 0


def test_the_command_lists_every_bad_row_and_fails(env, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx_bytes(fifty_with_two_bad()))
    before = counts()
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 行有错误，未导入任何申请"):
        call_command("import_register", str(path), stdout=stdout, stderr=stderr)
    assert counts() == before
    lines = stderr.getvalue().splitlines()
    assert lines[0].startswith("第11行：无法识别的办理结果“随便写的结果”")
    assert lines[1] == (
        "第38行：受理机关“不存在的局”不是本站点的机构，请填写机构全称或机构代码；"
        "填写了办理结果但没有办结日期（未办结的申请两者都不填）"
    )


def test_every_problem_of_a_row_is_reported(env, orgs):
    site, office = env
    future = dt.date.today() + dt.timedelta(days=30)
    rows = [
        row(申请编号="X-1"),
        row(
            申请编号="X-1",
            申请人类型="外星人",
            申请方式="飞鸽传书",
            收到日期=D(2025, 5, 1),
            办结日期=D(2025, 4, 1),
            复议情况="维持",
            诉讼类型="复议后起诉",
            **{"收费金额（元）": "10.005"},
        ),
        row(申请人=None, 申请内容=None, 收到日期=future, 办结日期=None),
        row(
            复议申请日期=D(2025, 4, 1),
            诉讼类型="直接起诉",
            起诉日期=D(2025, 4, 2),
        ),
        row(
            复议情况="维持",
            复议申请日期=D(2025, 4, 1),
            诉讼类型="复议后起诉",
            诉讼情况="维持",
            起诉日期=D(2025, 3, 30),
        ),
    ]
    result = run(site, office, xlsx_bytes(rows))
    errors = {e.row: e.messages for e in result.errors}
    assert set(errors) == {3, 4, 5, 6}
    assert errors[3] == (
        "申请编号“X-1”与第2行重复",
        "申请人类型“外星人”无法识别（应为自然人/商业企业/科研机构/社会公益组织/法律服务机构/其他）",
        "申请方式“飞鸽传书”无法识别（应为当面/邮寄/网络/传真/电子邮件/其他）",
        "办结日期2025-04-01早于收到日期2025-05-01",
        "填写了复议情况但没有复议申请日期",
        "诉讼类型、诉讼情况、起诉日期应同时填写（缺少诉讼情况、起诉日期）",
        "收费金额（元）“10.005”最多保留两位小数",
    )
    assert errors[4] == (
        "申请人未填写",
        f"收到日期{future:%Y-%m-%d}晚于今天",
        "申请内容未填写",
        "填写了办理结果但没有办结日期（未办结的申请两者都不填）",
    )
    assert errors[5] == (
        "填写了复议申请日期但没有复议情况",
        "诉讼类型、诉讼情况、起诉日期应同时填写（缺少诉讼情况）",
    )
    assert errors[6] == ("起诉日期2025-03-30早于复议申请日期2025-04-01",)
    assert InfoRequest.objects.count() == 0


def test_suit_after_reconsideration_needs_one_on_the_row(env):
    site, office = env
    rows = [row(诉讼类型="复议后起诉", 诉讼情况="纠正", 起诉日期=D(2025, 5, 1))]
    result = run(site, office, xlsx_bytes(rows))
    assert result.errors[0].messages == ("诉讼类型为复议后起诉，但本行没有复议情况和复议申请日期",)


def test_organisations_by_code_full_name_or_unique_short_name(env, orgs):
    site, office = env
    orgs["other_dept"].short_name = "县民政局"  # now two units share the short name
    orgs["other_dept"].save()
    rows = [
        row(受理机关="slxmzj"),
        row(受理机关=" 示例县民政局 "),
        row(受理机关="县民政局"),
    ]
    result = run(site, office, xlsx_bytes(rows))
    assert [(e.row, e.messages) for e in result.errors] == [
        (
            4,
            (
                "受理机关“县民政局”对应多个机构（示例县民政局、示例县财政局），"
                "请填写机构全称或机构代码",
            ),
        )
    ]


def test_another_sites_organisation_is_unknown(env, other_site):
    site, office = env
    result = run(site, office, xlsx_bytes([row(受理机关=other_site.government.full_name)]))
    assert "不是本站点的机构" in result.errors[0].messages[0]


# --- re-imports -----------------------------------------------------------------------------


def test_the_same_file_twice_creates_nothing_the_second_time(env, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx_bytes(good_rows()))
    out = io.StringIO()
    call_command("import_register", str(path), stdout=out)
    assert "已导入 5 件申请" in out.getvalue()
    before = counts()
    out, err = io.StringIO(), io.StringIO()
    call_command("import_register", str(path), "--site", "370899", stdout=out, stderr=err)
    assert "已导入 0 件申请，5 件此前已导入（跳过）" in out.getvalue()
    assert "内容完全相同的文件已于" in err.getvalue()
    after = counts()
    assert after.pop("AuditEvent") == before.pop("AuditEvent") + 1  # the import is logged
    assert after == before


def test_rows_matched_by_number_are_skipped_and_new_rows_added(env):
    site, office = env
    rows = [row(申请编号=f"R-{n}", 申请人=f"申请人{n}") for n in range(3)]
    run(site, office, xlsx_bytes(rows))
    # The office adds a row and saves the register again (the bytes differ).
    again = run(site, office, xlsx_bytes([*rows, row(申请编号="R-9", 申请人="新人")]))
    assert again.errors == []
    assert (again.created, again.skipped) == (1, 3)
    assert InfoRequest.objects.count() == 4


def test_a_changed_value_on_reimport_is_an_error_and_changes_nothing(env):
    site, office = env
    rows = [row(申请编号="R-1"), row(申请编号="R-2", 申请人="李四")]
    run(site, office, xlsx_bytes(rows))
    before = counts()
    stored = list(InfoRequest.objects.values().order_by("pk"))
    rows[1] = {**rows[1], "办理结果": "部分公开", "收费金额（元）": 20}
    result = run(site, office, xlsx_bytes(rows))
    assert [(e.row, e.messages) for e in result.errors] == [
        (
            3,
            (
                "与已导入记录不一致：办理结果（文件：部分公开；系统：予以公开）；"
                "收费金额（文件：20.00；系统：0.00）",
            ),
        )
    ]
    assert counts() == before
    assert list(InfoRequest.objects.values().order_by("pk")) == stored


def test_a_number_of_another_organisation_is_an_error(env, orgs):
    site, office = env
    run(site, office, xlsx_bytes([row(申请编号="R-1")]))
    result = run(site, office, xlsx_bytes([row(申请编号="r-1", 受理机关="示例县财政局")]))
    assert result.errors[0].messages == ("申请编号“R-1”已被示例县民政局的申请使用",)


def test_numbers_in_the_sites_own_format_move_the_sequence_on(env, register):
    site, office = env
    run(site, office, xlsx_bytes([row(申请编号="YSQ-2025-000050"), row(申请人="无编号")]))
    assert InfoRequest.objects.get(applicant_name="无编号").tracking_number == "YSQ-2025-000001"
    later = register()  # an application registered at the counter afterwards
    assert later.tracking_number == "YSQ-2025-000051"


def test_generated_numbers_skip_numbers_already_taken(env):
    site, office = env
    rows = [row(申请编号="YSQ-2025-000002"), row(申请人="甲"), row(申请人="乙")]
    run(site, office, xlsx_bytes(rows))
    numbers = set(InfoRequest.objects.values_list("tracking_number", flat=True))
    assert numbers == {"YSQ-2025-000001", "YSQ-2025-000002", "YSQ-2025-000003"}


# --- who may import; the command's file checks -----------------------------------------------


def test_only_the_office_or_an_administrator_may_import(env, clerk_a, admin, other_office):
    site, _ = env
    data = xlsx_bytes([row()])
    for actor in (clerk_a, other_office):
        with pytest.raises(PermissionDenied):
            run(site, actor, data)
    assert run(site, admin, data).created == 1


def test_the_command_refuses_unknown_extensions_and_disguised_files(env, tmp_path):
    doc = tmp_path / "台账.docx"
    doc.write_bytes(b"whatever")
    with pytest.raises(CommandError, match=r"只能导入 \.xlsx 或 \.csv"):
        call_command("import_register", str(doc))
    fake = tmp_path / "台账.xlsx"
    fake.write_text("申请编号,受理机关\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"扩展名“\.xlsx”与文件内容（TXT）不符"):
        call_command("import_register", str(fake))
    with pytest.raises(CommandError, match="无法打开文件"):
        call_command("import_register", str(tmp_path / "没有.csv"))
    with pytest.raises(CommandError, match="没有行政区划代码"):
        call_command("import_register", str(fake), "--site", "110000")


def test_the_command_dry_run(env, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(good_rows(), encoding="utf-8"))
    before = counts()
    out = io.StringIO()
    call_command("import_register", str(path), "--dry-run", stdout=out)
    assert "（试运行，未写入）示例县：可导入 5 件申请。" in out.getvalue()
    assert "示例县民政局：4 件" in out.getvalue()
    assert counts() == before


def test_the_imported_facts_feed_the_annual_report_selector(env, orgs):
    site, office = env
    run(site, office, xlsx_bytes(good_rows()))
    facts = application_facts(orgs["dept"], 2025)
    assert sorted((f.applicant_type, f.outcome) for f in facts if f.outcome) == [
        ("commercial", "partial"),
        ("natural_person", "granted"),
        ("natural_person", "other_fee_unpaid"),
    ]
    assert [f.closed_on for f in facts if f.outcome is None] == [None]


def test_an_imported_open_application_continues_through_the_services(env, orgs, clerk_a):
    site, office = env
    run(site, office, xlsx_bytes([row(收到日期=D(2025, 9, 22), 办结日期=None, 办理结果=None)]))
    info_request = InfoRequest.objects.get()
    svc.info_request_dispatch(info_request=info_request, unit=orgs["dept"], actor=office)
    svc.info_request_accept(info_request=info_request, actor=clerk_a)
    info_request.refresh_from_db()
    assert info_request.status == Status.DRAFTING
