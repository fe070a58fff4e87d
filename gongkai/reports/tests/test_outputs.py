"""The outputs: JSON in the command's exact shape, .xlsx and .docx read back cell by cell (and
converted by LibreOffice, which proves they open), and the HTML that survives the publication
sanitiser with its spans."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.publications.richtext import sanitise
from gongkai.reports import outputs, selectors, services
from gongkai.reports.annual import (
    TABLE3_COLUMN_KEYS,
    TABLE3_ROW_KEYS,
    TABLE4_COLUMNS,
    TABLE4_GROUP_KEYS,
    TABLE4_RESULT_KEYS,
)
from gongkai.reports.outputs.spreadsheet import TITLE_ROWS

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def data(orgs, application, remedy):
    """A report with something in many cells: every applicant type, several outcomes, an open
    application, remedies of each kind, Table 二 entries."""
    cases = [
        ("natural_person", "granted"), ("natural_person", "partial"),
        ("commercial", "denied_process"), ("research", "unable_not_held"),
        ("public_interest", "np_repeat"), ("legal_service", "other_other"),
        ("other_org", "partial"), ("natural_person", None),
    ]  # fmt: skip
    for i, (kind, outcome) in enumerate(cases):
        received = D(2025, 2, 3) + dt.timedelta(days=7 * i)
        application(
            received_on=received,
            applicant_type=kind,
            closed_on=received + dt.timedelta(days=9) if outcome else None,
            outcome=outcome or "",
        )
    application(received_on=D(2024, 12, 23), closed_on=D(2025, 1, 9), outcome="granted")
    remedy("reconsideration", D(2025, 5, 6), "upheld")
    remedy("litigation_direct", D(2025, 6, 1), "pending")
    remedy("litigation_after_reconsideration", D(2025, 9, 1), "corrected")
    report, _ = services.report_get_or_create(organisation=orgs["dept"], year=2025, actor=None)
    services.report_update_sections(
        report=report, actor=None, overview="第一段。\n第二段。", problems="问题与改进。"
    )
    services.report_update_table2(
        report=report,
        actor=None,
        values={"normative_valid": 9, "licensing_decisions": 431, "fees_amount": "12.3456"},
    )
    return selectors.annual_data(orgs["dept"], 2025)


def test_json_has_exactly_the_commands_shape(data):
    payload = outputs.report_json(data)
    assert list(payload) == [
        "org", "year", "format_version", "checks", "table2", "table3", "table4",
    ]  # fmt: skip
    assert payload["org"] == {"code": "SLXMZJ", "name": "示例县民政局"}
    assert payload["year"] == 2025 and payload["format_version"] == "2021"
    assert list(payload["table3"]) == list(TABLE3_ROW_KEYS) and len(TABLE3_ROW_KEYS) == 25
    assert all(list(cells) == list(TABLE3_COLUMN_KEYS) for cells in payload["table3"].values())
    assert list(payload["table4"]) == list(TABLE4_GROUP_KEYS)
    assert all(list(c) == list(TABLE4_RESULT_KEYS) for c in payload["table4"].values())
    assert payload["table3"]["partial"] == {
        "natural_person": 1, "commercial": 0, "research": 0, "public_interest": 0,
        "legal_service": 0, "other_org": 1, "total": 2,
    }  # fmt: skip
    assert payload["table3"]["carried_over"]["total"] == 1
    assert payload["table3"]["carried_forward"]["natural_person"] == 1
    assert payload["table4"]["litigation_after_reconsideration"]["corrected"] == 1
    assert payload["table2"]["fees_amount"] == "12.3456"
    assert payload["table2"]["licensing_decisions"] == 431
    assert payload["checks"] and set(payload["checks"][0]) == {"key", "ok", "severity", "message"}
    assert all(c["ok"] for c in payload["checks"])


def _sheet_cells(ws):
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row}


def test_xlsx_lays_out_the_official_tables_with_numbers(data):
    wb = load_workbook(io.BytesIO(outputs.report_xlsx(data)))
    assert wb.sheetnames == ["表二", "表三", "表四"]
    t3 = wb["表三"]
    top = TITLE_ROWS + 1
    assert t3.cell(1, 1).value == "三、收到和处理政府信息公开申请情况"
    assert "示例县民政局" in t3.cell(2, 1).value
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert f"A{top}:C{top + 2}" in merged  # the note
    assert f"D{top}:J{top}" in merged  # 申请人情况
    assert f"A{top + 5}:A{top + 26}" in merged  # 三、本年度办理结果 over 22 rows
    for i, row in enumerate(TABLE3_ROW_KEYS):
        values = [t3.cell(top + 3 + i, 4 + j).value for j in range(7)]
        assert values == [data.table3[row][c] for c in TABLE3_COLUMN_KEYS], row
        assert all(isinstance(v, int) for v in values)
    assert t3.cell(top + 3, 1).border.left.style == "thin"
    assert t3.column_dimensions["C"].width == 30
    t4 = wb["表四"]
    assert [t4.cell(top + 3, 1 + i).value for i in range(15)] == [
        data.table4[c.group][c.result] for c in TABLE4_COLUMNS
    ]
    t2 = wb["表二"]
    amount = t2.cell(top + 13, 2)
    assert amount.value == Decimal("12.3456") or amount.value == pytest.approx(12.3456)
    assert t2.cell(top + 6, 2).value == 431
    assert t2.cell(top + 3, 4).value == 9


def test_docx_has_six_sections_and_merged_tables(data):
    document = Document(io.BytesIO(outputs.report_docx(data)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "示例县民政局2025年政府信息公开工作年度报告",
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "第二段。" in texts and "问题与改进。" in texts
    t2, t3, t4 = document.tables
    assert len(t3.rows) == 28 and len(t3.columns) == 10
    # Merged cells: the note spans 3×3, so its slots are one cell.
    assert t3.cell(0, 0)._tc is t3.cell(2, 2)._tc
    assert t3.cell(5, 0)._tc is t3.cell(26, 0)._tc  # 三、本年度办理结果
    assert t3.cell(5, 0).text == "三、本年度办理结果"
    for i, row in enumerate(TABLE3_ROW_KEYS):
        assert [t3.cell(3 + i, 3 + j).text for j in range(7)] == [
            str(data.table3[row][c]) for c in TABLE3_COLUMN_KEYS
        ], row
    assert t4.cell(0, 5)._tc is t4.cell(0, 14)._tc and t4.cell(0, 5).text == "行政诉讼"
    assert [t4.cell(3, i).text for i in range(15)] == [
        str(data.table4[c.group][c.result]) for c in TABLE4_COLUMNS
    ]
    assert t2.cell(13, 1).text == "12.3456"


def _soffice(tmp_path: Path, source: Path, target: str) -> list[Path]:
    """Convert with a throwaway LibreOffice profile; the files it wrote."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    converted = sorted((tmp_path / "out").glob(f"{source.stem}*.{target.split(':')[0]}"))
    assert result.returncode == 0 and converted, result.stderr.decode(errors="replace")
    return converted


def test_docx_converts_to_pdf_with_libreoffice(data, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(outputs.report_docx(data))
    (pdf,) = _soffice(tmp_path, source, "pdf")
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and len(content) > 5000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode()
        assert "本年新收政府信息公开申请数量" in text and "结转下年度继续办理" in text


def test_xlsx_converts_to_csv_with_libreoffice(data, tmp_path):
    source = tmp_path / "report.xlsx"
    source.write_bytes(outputs.report_xlsx(data))
    # Filter options: comma, quote, UTF-8, ..., the last one (-1) writes every sheet to its own
    # file, report-表二.csv and so on.
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    converted = _soffice(tmp_path, source, f"csv:Text - txt - csv (StarCalc):{options}")
    rows = {p.name: list(csv.reader(io.StringIO(p.read_text(encoding="utf-8")))) for p in converted}
    assert len(rows) == 3
    sheet3 = next(r for name, r in rows.items() if "表三" in name)
    partial = next(r for r in sheet3 if r and r[1].startswith("（二）部分公开"))
    assert partial[3:10] == [str(data.table3["partial"][c]) for c in TABLE3_COLUMN_KEYS]
    sheet2 = next(r for name, r in rows.items() if "表二" in name)
    fees = next(r for r in sheet2 if r and r[0] == "行政事业性收费")
    assert fees[1] == "12.3456"


def test_published_body_keeps_its_spans_through_the_sanitiser(data):
    body = outputs.published_body(data)
    assert sanitise(body) == body
    assert body.count("<table>") == 3
    assert 'colspan="7"' in body and 'rowspan="22"' in body
    assert "<h2>一、总体情况</h2>" in body and "<p>第二段。</p>" in body
    assert "本年度收取信息处理费0.00元。" in body


def test_preview_tables_have_captions_and_scopes(data):
    html = str(outputs.tables_html(data))
    assert "<caption>三、收到和处理政府信息公开申请情况</caption>" in html
    assert 'scope="colgroup"' in html and 'class="report-note"' in html


def test_standalone_html_is_a_document(data):
    rendered = outputs.render(data, "html")
    text = rendered.content.decode()
    assert (
        text.startswith("<!DOCTYPE html>")
        and "<h1>示例县民政局2025年政府信息公开工作年度报告</h1>" in text
    )
    with pytest.raises(ValueError, match="不支持的格式"):
        outputs.render(data, "pdf")
