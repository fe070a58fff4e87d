"""Reading a register (台账) of applications from .xlsx or .csv. No ORM.

`read_register` turns a file into a `Sheet`: which column holds which field, and the data rows
with the spreadsheet's own row numbers (the header is row 1), cell values as the file has them
(text, numbers, dates). Anything that stops the whole file from being read raises
`RegisterFileError` with every problem found, in Chinese. The per-cell readers (`parse_date`,
`parse_amount`, `cell_text`) raise ValueError in Chinese; `validate.py` collects those per row.

What offices actually have: Excel dates as date cells, as bare serial numbers (a date column
whose format was lost) or as text in several spellings; CSV saved by Excel on Chinese Windows
(GB18030/GBK) or by anything else (UTF-8, with or without BOM); headers with stray spaces,
full-width brackets and "*" marks for required columns, in any order.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

# A register is a few thousand rows a year; ten years of a big county stay far below this.
MAX_ROWS = 50_000
# The sum of the ZIP members' uncompressed sizes openpyxl may inflate (50,000 rows of a register
# are about 25 MB of sheet XML); anything above is refused before parsing (decompression bomb).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Excel's serial date range: 1 = 1900-01-01, 2958465 = 9999-12-31.
MAX_SERIAL = 2_958_465


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # the header as the template writes it
    aliases: tuple[str, ...] = ()
    required: bool = True


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("tracking_number", "申请编号", ("受理编号",), required=False),
    FieldSpec("organisation", "受理机关"),
    FieldSpec("applicant_type", "申请人类型"),
    FieldSpec("applicant_name", "申请人", ("申请人姓名", "申请人名称", "申请人姓名或名称")),
    FieldSpec("channel", "申请方式"),
    FieldSpec("received_on", "收到日期", ("收到申请日期",)),
    FieldSpec("description", "申请内容"),
    FieldSpec("closed_on", "办结日期"),
    FieldSpec("outcome", "办理结果"),
    # Remedies and fees are empty for most applications; a register without these columns
    # simply has none.
    FieldSpec("reconsideration_result", "复议情况", required=False),
    FieldSpec("reconsideration_filed_on", "复议申请日期", ("申请复议日期",), required=False),
    FieldSpec("litigation_kind", "诉讼类型", required=False),
    FieldSpec("litigation_result", "诉讼情况", required=False),
    FieldSpec("litigation_filed_on", "起诉日期", required=False),
    FieldSpec("fee", "收费金额（元）", ("收费金额",), required=False),
)
FIELD_LABELS: dict[str, str] = {spec.name: spec.label for spec in FIELDS}
HEADERS: tuple[str, ...] = tuple(spec.label for spec in FIELDS)


class RegisterFileError(Exception):
    """The file cannot be read as a register at all (wrong kind, damaged, headers missing)."""

    def __init__(self, messages: Iterable[str]) -> None:
        self.messages = list(messages)
        super().__init__("；".join(self.messages))


@dataclass(frozen=True)
class RawRow:
    number: int  # the spreadsheet's row number (the header is row 1)
    values: dict[str, Any]  # field name → cell value (None when empty)


@dataclass
class Sheet:
    columns: dict[str, int]  # field name → 1-based column number
    rows: list[RawRow]
    warnings: list[str] = field(default_factory=list)


# --- headers --------------------------------------------------------------------------------


def header_key(value: Any) -> str:
    """A header as compared: NFKC (full-width brackets become ASCII), no spaces, no "*" marks."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return re.sub(r"[\s*]+", "", text)


_HEADER_LOOKUP: dict[str, str] = {
    header_key(word): spec.name for spec in FIELDS for word in (spec.label, *spec.aliases)
}


def match_headers(header: list[Any]) -> tuple[dict[str, int], list[str]]:
    """Field → column number, and warnings about ignored columns. Raises RegisterFileError when a
    required header is missing or a field is named by two columns (which one to read?)."""
    found: dict[str, list[int]] = {}
    warnings: list[str] = []
    for number, value in enumerate(header, start=1):
        key = header_key(value)
        if not key:
            continue
        name = _HEADER_LOOKUP.get(key)
        if name is None:
            warnings.append(f"第{number}列的表头“{str(value).strip()}”无法识别，该列已忽略。")
            continue
        found.setdefault(name, []).append(number)
    errors = [
        f"表头“{FIELD_LABELS[name]}”出现在多列（第{'、'.join(map(str, numbers))}列），"
        "无法确定应读取哪一列，请删除多余的列。"
        for name, numbers in found.items()
        if len(numbers) > 1
    ]
    missing = [spec.label for spec in FIELDS if spec.required and spec.name not in found]
    if missing:
        errors.insert(
            0,
            f"第1行缺少必需的表头：{'、'.join(missing)}。"
            f"表头应为：{'、'.join(HEADERS)}（申请编号及复议、诉讼、收费各列可省略）。",
        )
    if errors:
        raise RegisterFileError(errors)
    return {name: numbers[0] for name, numbers in found.items()}, warnings


# --- reading files --------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet(rows: Iterator[tuple[Any, ...] | list[Any]]) -> Sheet:
    try:
        header = list(next(rows))
    except StopIteration:
        raise RegisterFileError(["文件是空的：第1行应为表头。"]) from None
    if all(_blank(v) for v in header):
        raise RegisterFileError(["第1行是空行：第1行应为表头。"])
    columns, warnings = match_headers(header)
    data: list[RawRow] = []
    for number, row in enumerate(rows, start=2):
        values = {
            name: (row[col - 1] if col - 1 < len(row) else None) for name, col in columns.items()
        }
        values = {name: None if _blank(v) else v for name, v in values.items()}
        if all(v is None for v in values.values()):
            continue  # blank lines between blocks of a register carry nothing
        if len(data) >= MAX_ROWS:
            raise RegisterFileError([f"文件超过 {MAX_ROWS} 行数据，请分成几个文件导入。"])
        data.append(RawRow(number, values))
    return Sheet(columns, data, warnings)


def _check_zip(file: IO[bytes]) -> None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise RegisterFileError(["文件不是有效的 .xlsx 工作簿。"]) from None
    if total > MAX_UNCOMPRESSED_BYTES:
        raise RegisterFileError(["工作簿内容过大，请分成几个文件导入。"])
    file.seek(0)


def read_xlsx(file: IO[bytes]) -> Sheet:
    """The first worksheet. Date-formatted cells arrive as datetimes; other numbers as they are
    (a bare serial in a date column is converted by `parse_date` with the workbook's epoch)."""
    _check_zip(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:
        # openpyxl raises many kinds of error on a damaged package; all mean the same here.
        raise RegisterFileError(["无法读取该工作簿，文件可能已损坏。"]) from None
    try:
        if not workbook.worksheets:
            raise RegisterFileError(["工作簿中没有工作表。"])
        sheet = workbook.worksheets[0]
        # The stored dimension is wrong in files from some generators; read what is there.
        sheet.reset_dimensions()
        epoch = workbook.epoch
        try:
            result = _sheet(
                tuple(_serial_marker(v, epoch) for v in row)
                for row in sheet.iter_rows(values_only=True)
            )
        except RegisterFileError:
            raise
        except Exception:
            raise RegisterFileError(["无法读取该工作簿，文件可能已损坏。"]) from None
    finally:
        workbook.close()
    return result


@dataclass(frozen=True)
class ExcelNumber:
    """A numeric cell of a workbook: read as a serial date in a date column (with the
    workbook's epoch, 1900 or 1904), as a number elsewhere."""

    value: int | float
    epoch: dt.datetime

    def __str__(self) -> str:
        value = self.value
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


def _serial_marker(value: Any, epoch: dt.datetime) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ExcelNumber(value, epoch)
    return value


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK, which Excel on Chinese
    Windows writes)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return codecs.decode(data, encoding)
        except UnicodeDecodeError:
            continue
    raise RegisterFileError(["无法识别文件的文字编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件。"])


def read_csv(data: bytes) -> Sheet:
    """Comma- or tab-separated text (a tab-separated header is what copying from Excel gives)."""
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [[cell.strip() for cell in row] for row in reader]
    except csv.Error:
        raise RegisterFileError(["CSV 文件格式有误（引号不配对等），无法读取。"]) from None
    return _sheet(iter(rows))


def read_register(file: IO[bytes], *, kind: str) -> Sheet:
    """`kind` is what the content check said: "xlsx", or "csv"/"txt" for delimited text."""
    file.seek(0)
    if kind == "xlsx":
        return read_xlsx(file)
    if kind in ("csv", "txt"):
        return read_csv(file.read())
    raise RegisterFileError(["只能导入 .xlsx 或 .csv 格式的台账。"])


# --- cell values ----------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as one line of text: numbers without a trailing ".0", runs of spaces squashed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
DATE_FORMATS_HINT = "应为日期单元格或 YYYY-MM-DD、YYYY/MM/DD、YYYY年M月D日 形式的文字"


def _date(year: int, month: int, day: int, label: str, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{label}“{shown}”不是有效的日期。") from None


def _from_serial(value: float, epoch: dt.datetime, label: str, shown: str) -> dt.date:
    if not 1 <= value <= MAX_SERIAL:
        raise ValueError(f"{label}“{shown}”不是有效的日期（{DATE_FORMATS_HINT}）。")
    converted = from_excel(int(value), epoch=epoch)
    return converted.date() if isinstance(converted, dt.datetime) else converted


def parse_date(value: Any, label: str) -> dt.date:
    """A date from a cell: a date or datetime, an Excel serial number (45923 = 2025-09-23), or
    text: 2025-09-23, 2025/9/23, 2025.9.23, 2025年9月23日, 20250923 (a time part is ignored)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, ExcelNumber):
        compact = _COMPACT_DATE.match(str(value))
        if compact:  # 20250923 typed as a number; serials stay below 3,000,000
            year, month, day = (int(g) for g in compact.groups())
            return _date(year, month, day, label, str(value))
        return _from_serial(value.value, value.epoch, label, str(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parse_date(ExcelNumber(value, dt.datetime(1899, 12, 30)), label)
    if isinstance(value, dt.timedelta | dt.time):
        raise ValueError(f"{label}是时间而不是日期（{DATE_FORMATS_HINT}）。")
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    match = _DATE_TEXT.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _date(year, month, day, label, text)
    match = _COMPACT_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _date(year, month, day, label, text)
    if _NUMBER.match(text):
        # A date column pasted into text (CSV): the serial Excel showed instead of the date.
        return _from_serial(float(text), dt.datetime(1899, 12, 30), label, text)
    raise ValueError(f"{label}“{text}”无法识别为日期（{DATE_FORMATS_HINT}）。")


_AMOUNT_MAX = Decimal("99999999.99")  # FeeNotice.amount: 10 digits, 2 decimals


def parse_amount(value: Any, label: str) -> Decimal:
    """A non-negative amount in yuan with at most two decimals ("1,200.50", "100元" accepted)."""
    if isinstance(value, ExcelNumber):
        value = value.value
    if isinstance(value, bool):
        raise ValueError(f"{label}应为金额数字。")
    if isinstance(value, float):
        # repr is the shortest text that reads back as this float: 100.1, not 100.0999….
        text = repr(value)
    else:
        text = unicodedata.normalize("NFKC", cell_text(value))
        text = text.replace(",", "").replace("¥", "").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{label}“{cell_text(value)}”不是数字。") from None
    if not amount.is_finite():
        raise ValueError(f"{label}“{cell_text(value)}”不是数字。")
    if amount < 0:
        raise ValueError(f"{label}不能为负数。")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{label}“{cell_text(value)}”最多保留两位小数。")
    if amount > _AMOUNT_MAX:
        raise ValueError(f"{label}“{cell_text(value)}”超出范围。")
    return amount.quantize(Decimal("0.01"))
