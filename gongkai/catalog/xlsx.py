"""Reading and writing a domain's standard catalogue (标准目录) as .xlsx, in the columns of the
published guidelines: 序号, 公开事项 (一级事项/二级事项), 公开内容（要素）, 公开依据, 公开时限,
公开主体, 公开渠道和载体, 公开对象, 公开方式, 公开层级 (县级/乡级, marked "√").

No ORM here: `read_rows` turns a workbook into `RowData` or a list of errors by row number, and
`write_rows` turns rows into a workbook. Reading accepts what offices actually have: a title row
above the header, one or two header rows (merged "公开事项" over 一级/二级), merged cells down a
column (a 一级事项 spanning its 二级事项), continuation rows that only add content lines, the
checkbox style "■政府网站 □政府公报", and the 公开对象/公开方式 split into marked sub-columns.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# The channel checkboxes of the guidelines (公开渠道和载体); domain platforms come on top.
CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
)
AUDIENCES = {"全社会": "society", "特定群体": "specific", "特定群众": "specific"}
AUDIENCE_LABELS = {"society": "全社会", "specific": "特定群体"}
METHODS = {
    "主动": "active",
    "主动公开": "active",
    "依申请": "on_request",
    "依申请公开": "on_request",
}
METHOD_LABELS = {"active": "主动", "on_request": "依申请"}
MARK = "√"
TRUE_MARKS = frozenset({"√", "✓", "✔", "☑", "■", "●", "是", "Y", "y", "1"})
FALSE_MARKS = frozenset({"", "×", "✗", "否", "N", "n", "0", "□"})
LEVEL_MAX = 100
TEXT_MAX = 300
MAX_ROWS = 2000
# The sum of the ZIP members' uncompressed sizes we are willing to parse (a catalogue of a few
# hundred rows is well below 1 MB; this stops a decompression bomb before openpyxl inflates it).
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
HEADER_SCAN_ROWS = 10

# Canonical field → header words that name it (compared without spaces, brackets normalised).
_HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号",),
    "level1": ("一级事项",),
    "level2": ("二级事项",),
    "level3": ("三级事项",),
    "content": ("公开内容",),
    "basis": ("公开依据",),
    "time_limit": ("公开时限",),
    "subject": ("公开主体",),
    "channels": ("公开渠道和载体", "公开渠道"),
    "audience": ("公开对象",),
    "method": ("公开方式",),
    "county": ("县级", "县区级", "县(市、区)级"),
    "township": ("乡级", "乡镇级", "乡、村级", "乡村级", "镇级", "镇(街)级", "乡镇(街道)级"),
    "audience_society": ("全社会",),
    "audience_specific": ("特定群体", "特定群众"),
    "method_active": ("主动", "主动公开"),
    "method_request": ("依申请", "依申请公开"),
}
_REQUIRED = ("level1", "level2", "content", "basis", "time_limit", "subject", "channels")
_LABELS = {
    "level1": "一级事项",
    "level2": "二级事项",
    "content": "公开内容（要素）",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "subject": "公开主体",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "method": "公开方式",
    "levels": "公开层级（县级、乡级）",
}


@dataclass
class RowData:
    """One item as read from, or written to, a spreadsheet."""

    level1: str
    level2: str = ""
    level3: str = ""
    content: str = ""
    basis: str = ""
    time_limit_text: str = ""
    subject: str = ""
    channels: list[str] = field(default_factory=list)
    audience: str = "society"
    method: str = "active"
    level_county: bool = True
    level_township: bool = False
    row_number: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.level1, self.level2, self.level3)


class SheetError(Exception):
    """The workbook cannot be read; `messages` are in Chinese, by row number where there is one."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


# --- writing ----------------------------------------------------------------------------------


def write_rows(title: str, rows: list[RowData]) -> bytes:
    """A workbook laid out as the guidelines print their tables (two header rows)."""
    with_level3 = any(row.level3 for row in rows)
    item_columns = ["一级事项", "二级事项"] + (["三级事项"] if with_level3 else [])
    single = [
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
    ]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "标准目录"
    width = 1 + len(item_columns) + len(single) + 2
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def head(row: int, column: int, text: str) -> None:
        cell = ws.cell(row=row, column=column, value=text)
        cell.font, cell.alignment = bold, centre

    head(2, 1, "序号")
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    head(2, 2, "公开事项")
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=1 + len(item_columns))
    for offset, text in enumerate(item_columns):
        head(3, 2 + offset, text)
    column = 2 + len(item_columns)
    for text in single:
        head(2, column, text)
        ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
        column += 1
    head(2, column, "公开层级")
    ws.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + 1)
    head(3, column, "县级")
    head(3, column + 1, "乡级")

    wrap = Alignment(vertical="top", wrap_text=True)
    for index, row in enumerate(rows, start=1):
        values: list[Any] = [index, row.level1, row.level2]
        if with_level3:
            values.append(row.level3)
        values += [
            row.content,
            row.basis,
            row.time_limit_text,
            row.subject,
            "、".join(row.channels),
            AUDIENCE_LABELS.get(row.audience, row.audience),
            METHOD_LABELS.get(row.method, row.method),
            MARK if row.level_county else "",
            MARK if row.level_township else "",
        ]
        for col, value in enumerate(values, start=1):
            ws.cell(row=3 + index, column=col, value=value).alignment = wrap
    widths = [6, 14, 14] + ([14] if with_level3 else []) + [40, 30, 18, 18, 22, 10, 8, 6, 6]
    for col, value in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = value
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading ----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Cells keep the line breaks an office typed; runs of spaces inside a line go.
    lines = [" ".join(line.split()) for line in str(value).replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _header_key(value: Any) -> str:
    text = unicodedata.normalize("NFKC", _text(value))
    return re.sub(r"\s+", "", text)


def _match_header(text: str) -> str | None:
    if not text:
        return None
    for name, words in _HEADERS.items():
        for word in words:
            normal = unicodedata.normalize("NFKC", word)
            if text == normal or (name == "content" and text.startswith(normal)):
                return name
    return None


def _check_zip(file: IO[bytes]) -> None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SheetError(["文件不是有效的 .xlsx 工作簿。"]) from None
    if total > MAX_UNCOMPRESSED_BYTES:
        raise SheetError(["工作簿内容过大，请只保留一个领域的标准目录后再导入。"])
    file.seek(0)


def _grid(file: IO[bytes]) -> list[list[Any]]:
    """The first sheet as a grid of values, merged ranges filled with their top-left value."""
    _check_zip(file)
    try:
        wb = load_workbook(file, data_only=True)
    except Exception:
        # openpyxl raises many kinds of error on a damaged package; all mean the same here.
        raise SheetError(["无法读取该工作簿，文件可能已损坏。"]) from None
    ws = wb.worksheets[0]
    if ws.max_row > MAX_ROWS + HEADER_SCAN_ROWS:
        raise SheetError([f"工作表超过 {MAX_ROWS} 行，请按领域分别导入。"])
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
        for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
            row = grid[r - 1]
            for c in range(merged.min_col, merged.max_col + 1):
                if c - 1 < len(row):
                    row[c - 1] = top
    return grid


def _columns(grid: list[list[Any]]) -> tuple[int, dict[str, int]]:
    """The header row's index and field → column index."""
    for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        keys = [_header_key(v) for v in row]
        if "一级事项" not in keys:
            continue
        above = [_header_key(v) for v in grid[index - 1]] if index > 0 else []
        mapping: dict[str, int] = {}
        for col, key in enumerate(keys):
            name = _match_header(key)
            if name is None and col < len(above):
                name = _match_header(above[col])
            if name is not None and name not in mapping:
                mapping[name] = col
        missing = [_LABELS[name] for name in _REQUIRED if name not in mapping]
        if "audience" not in mapping and "audience_society" not in mapping:
            missing.append(_LABELS["audience"])
        if "method" not in mapping and "method_active" not in mapping:
            missing.append(_LABELS["method"])
        if "county" not in mapping or "township" not in mapping:
            missing.append(_LABELS["levels"])
        if missing:
            raise SheetError([f"表头缺少以下列：{'、'.join(missing)}。请使用导出的模板。"])
        return index, mapping
    raise SheetError(["找不到表头：前 10 行中没有“一级事项”列。请使用导出的模板。"])


def _mark(value: str) -> bool | None:
    value = value.strip()
    if value in TRUE_MARKS:
        return True
    if value in FALSE_MARKS:
        return False
    return None


def parse_channels(value: str) -> list[str]:
    """ "政府网站、公开查阅点" or the checkbox style "■政府网站 □政府公报" → the chosen labels."""
    text = unicodedata.normalize("NFKC", value)
    text = text.replace("(", "（").replace(")", "）")
    if "■" in text or "□" in text or "☑" in text:
        chosen = re.findall(r"[■☑]\s*([^■□☑\n]+)", text)
        parts = [part.strip() for part in chosen]
    else:
        parts = [part.strip() for part in re.split(r"[、,，;；\n]+", text)]
    result: list[str] = []
    for part in parts:
        label = re.sub(r"\s+", "", part)
        if label and label not in result:
            result.append(label)
    return result


def _choice(
    row: list[Any], mapping: dict[str, int], single: str, pair: tuple[str, str], values: dict
) -> tuple[str | None, str]:
    """A two-way choice written either as one column of words or as two marked sub-columns;
    returns (value, the text read) with value None when it cannot be read."""
    if single in mapping:
        text = _header_key(_cell(row, mapping[single]))
        return values.get(text), text
    first, second = (_mark(_cell(row, mapping[name])) for name in pair)
    words = list(dict.fromkeys(values.values()))
    if first and not second:
        return words[0], "√"
    if second and not first:
        return words[1], "√"
    return None, ""


def _cell(row: list[Any], col: int) -> str:
    return _text(row[col]) if col < len(row) else ""


def read_rows(file: IO[bytes]) -> list[RowData]:
    """Every item of the workbook's first sheet, or SheetError with every problem found."""
    grid = _grid(file)
    header, mapping = _columns(grid)
    errors: list[str] = []
    rows: list[RowData] = []
    seen: dict[tuple[str, str, str], int] = {}
    previous_number = ""
    for offset, raw in enumerate(grid[header + 1 :], start=header + 2):
        values = {name: _cell(raw, col) for name, col in mapping.items()}
        if not any(values.values()):
            continue
        number = values.get("number", "")
        key = (values["level1"], values["level2"], values.get("level3", ""))
        # A row that repeats the previous row's number and item only carries more content lines
        # (the guidelines' tables split long 公开内容 over several rows).
        if rows and number and number == previous_number and key == rows[-1].key:
            extra = values["content"]
            if extra and extra not in rows[-1].content:
                rows[-1].content = f"{rows[-1].content}\n{extra}".strip()
            continue
        previous_number = number
        problems: list[str] = []
        if not values["level1"]:
            problems.append("请填写一级事项")
        for name in ("level1", "level2", "level3"):
            if len(values.get(name, "")) > LEVEL_MAX:
                problems.append(f"{_LABELS.get(name, '三级事项')}不能超过 {LEVEL_MAX} 个字")
        if not values["content"]:
            problems.append("请填写公开内容（要素）")
        for name in ("time_limit", "subject"):
            if len(values[name]) > TEXT_MAX:
                problems.append(f"{_LABELS[name]}不能超过 {TEXT_MAX} 个字")
        audience, audience_text = _choice(
            raw, mapping, "audience", ("audience_society", "audience_specific"), AUDIENCES
        )
        if audience is None:
            shown = f"（现为“{audience_text}”）" if audience_text else ""
            problems.append(f"公开对象应为“全社会”或“特定群体”{shown}")
        method, method_text = _choice(
            raw, mapping, "method", ("method_active", "method_request"), METHODS
        )
        if method is None:
            shown = f"（现为“{method_text}”）" if method_text else ""
            problems.append(f"公开方式应为“主动”或“依申请”{shown}")
        county, township = _mark(values["county"]), _mark(values["township"])
        if county is None or township is None:
            problems.append("公开层级的县级、乡级列应填“√”或留空")
        elif not (county or township):
            problems.append("公开层级至少勾选县级或乡级之一")
        if values["level1"] and key in seen:
            problems.append(f"与第 {seen[key]} 行的事项重复")
        if problems:
            errors.append(f"第 {offset} 行：{'；'.join(problems)}。")
            continue
        seen[key] = offset
        rows.append(
            RowData(
                level1=key[0],
                level2=key[1],
                level3=key[2],
                content=values["content"],
                basis=values["basis"],
                time_limit_text=" ".join(values["time_limit"].split()),
                subject=" ".join(values["subject"].split()),
                channels=parse_channels(values["channels"]),
                audience=audience or "society",
                method=method or "active",
                level_county=bool(county),
                level_township=bool(township),
                row_number=offset,
            )
        )
        if len(rows) > MAX_ROWS:
            raise SheetError([f"事项超过 {MAX_ROWS} 条，请按领域分别导入。"])
    if errors:
        raise SheetError(errors)
    if not rows:
        raise SheetError(["表头以下没有任何事项。"])
    return rows
