"""The official layout of Tables 二, 三 and 四 as grids of cells with their row and column spans.

One layout feeds every output (the HTML page and the published item, the .xlsx and the .docx),
so the merged header cells are the same everywhere. A grid is written like an HTML table: each
row lists only the cells that start in it; `positioned` places them on the full grid the way a
browser does, for the renderers that address cells by row and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .annual import (
    ORGANISATIONS_HEADER,
    SECTION_TITLES,
    TABLE2_FIRST_COLUMN,
    TABLE2_SECTIONS,
    TABLE3_COLUMN_HEADER,
    TABLE3_COLUMNS,
    TABLE3_HEADER_NOTE,
    TABLE3_ROWS,
    TABLE4_COLUMNS,
    TABLE4_GROUP_KEYS,
    TABLE4_RESULT_KEYS,
    Table2,
)

Number = int | Decimal


@dataclass(frozen=True)
class Cell:
    text: str = ""
    value: Number | object | None = None  # a number cell's value (as stored, even if bad)
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    scope: str = ""  # th scope: col, colgroup, row, rowgroup
    note: bool = False  # Table 三's top-left note

    @property
    def is_number(self) -> bool:
        return not self.header

    @property
    def display(self) -> str:
        if self.header:
            return self.text
        value = self.value
        if isinstance(value, Decimal):
            return format_amount(value)
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Placed:
    row: int
    col: int
    cell: Cell


@dataclass(frozen=True)
class Grid:
    key: str
    title: str
    n_cols: int
    head_rows: int  # leading rows that form the table head
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # relative column widths (characters), for .xlsx and .docx

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def head(self) -> tuple[tuple[Cell, ...], ...]:
        return self.rows[: self.head_rows]

    @property
    def body(self) -> tuple[tuple[Cell, ...], ...]:
        return self.rows[self.head_rows :]

    def positioned(self) -> list[Placed]:
        """Every cell with its top-left (row, column), 0-based, skipping the slots taken by
        spans from above, as an HTML table lays them out. Raises if a row overflows."""
        taken: set[tuple[int, int]] = set()
        placed: list[Placed] = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                if c + cell.colspan > self.n_cols or r + cell.rowspan > self.n_rows:
                    raise ValueError(f"{self.key}: cell {cell.text!r} at {r},{c} overflows")
                placed.append(Placed(r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        if len(taken) != self.n_rows * self.n_cols:
            raise ValueError(f"{self.key}: the grid has holes")
        return placed


def format_amount(value: Decimal) -> str:
    """万元 with 2 to 4 decimals: 1.5 → 1.50, 0.12345 stays as entered by the checks."""
    if not value.is_finite():
        return str(value)
    text = f"{value:f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    return f"{whole}.{frac.ljust(2, '0')}"


def _th(text: str, *, rowspan: int = 1, colspan: int = 1, scope: str = "") -> Cell:
    return Cell(text=text, rowspan=rowspan, colspan=colspan, header=True, scope=scope)


def _td(value: object, *, colspan: int = 1) -> Cell:
    return Cell(value=value, colspan=colspan)


# --- Table 二 ---------------------------------------------------------------------------------

_T2_COLS = 4


def table2_grid(table: Table2) -> Grid:
    rows: list[tuple[Cell, ...]] = []
    for section in TABLE2_SECTIONS:
        rows.append((_th(section.caption, colspan=_T2_COLS, scope="colgroup"),))
        first = _T2_COLS - len(section.column_labels)  # a single value column spans three
        header = [_th(TABLE2_FIRST_COLUMN, scope="col")]
        header += [
            _th(label, colspan=first if i == 0 else 1, scope="col")
            for i, label in enumerate(section.column_labels)
        ]
        rows.append(tuple(header))
        for label, names in section.rows:
            cells = [_th(label, scope="row")]
            cells += [
                _td(getattr(table, name, None), colspan=first if i == 0 else 1)
                for i, name in enumerate(names)
            ]
            rows.append(tuple(cells))
    return Grid("table2", SECTION_TITLES["table2"], _T2_COLS, 0, tuple(rows), (22, 16, 16, 16))


# --- Table 三 ---------------------------------------------------------------------------------

_T3_LABEL_COLS = 3


def table3_grid(table: Mapping[str, Mapping[str, object]]) -> Grid:
    applicant_cols = TABLE3_COLUMNS[:-1]
    org_cols = [c for c in applicant_cols if c.parent_label == ORGANISATIONS_HEADER]
    n_cols = _T3_LABEL_COLS + len(TABLE3_COLUMNS)
    note = Cell(
        text=TABLE3_HEADER_NOTE,
        rowspan=3,
        colspan=_T3_LABEL_COLS,
        header=True,
        note=True,
    )
    head: list[tuple[Cell, ...]] = [
        (note, _th(TABLE3_COLUMN_HEADER, colspan=len(TABLE3_COLUMNS), scope="colgroup")),
        (
            _th(applicant_cols[0].label, rowspan=2, scope="col"),
            _th(ORGANISATIONS_HEADER, colspan=len(org_cols), scope="colgroup"),
            _th(TABLE3_COLUMNS[-1].label, rowspan=2, scope="col"),
        ),
        tuple(_th(c.label, scope="col") for c in org_cols),
    ]
    keys = [c.key for c in TABLE3_COLUMNS]
    spans = _rowgroup_spans()
    body: list[tuple[Cell, ...]] = []
    # A spanning heading ("三、本年度办理结果", "（三）不予公开") has no numbers of its own: it is
    # written at the start of the first data row it spans, as in an HTML table.
    pending: list[Cell] = []
    for row in TABLE3_ROWS:
        if not row.has_cells:
            pending.append(_th(row.label, rowspan=spans[row.key], scope="rowgroup"))
            continue
        label_cols = _T3_LABEL_COLS - row.level
        label = _th(row.label, colspan=label_cols, scope="row")
        values = tuple(_td(_cell(table, row.key, k)) for k in keys)
        body.append((*pending, label, *values))
        pending = []
    widths = (8, 10, 30, *([9] * len(TABLE3_COLUMNS)))
    return Grid("table3", SECTION_TITLES["table3"], n_cols, 3, (*head, *body), widths)


def _rowgroup_spans() -> dict[str, int]:
    """How many data rows each heading row spans: the rows below it, up to the next row of its
    own level or higher."""
    rows = list(TABLE3_ROWS)
    spans: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row.has_cells:
            continue
        count = 0
        for below in rows[i + 1 :]:
            if below.level <= row.level:
                break
            count += below.has_cells
        spans[row.key] = count
    return spans


def _cell(table: Mapping[str, Mapping[str, object]], row: str, col: str) -> object:
    cells = table.get(row) if isinstance(table, Mapping) else None
    return cells.get(col) if isinstance(cells, Mapping) else None


# --- Table 四 ---------------------------------------------------------------------------------


def table4_grid(table: Mapping[str, Mapping[str, object]]) -> Grid:
    per_group = len(TABLE4_RESULT_KEYS)
    recon = [c for c in TABLE4_COLUMNS if c.parent_label is None]
    litigation_groups = [g for g in TABLE4_GROUP_KEYS if g != TABLE4_COLUMNS[0].group]
    group_labels = {c.group: c.group_label for c in TABLE4_COLUMNS}
    litigation_label = next(c.parent_label for c in TABLE4_COLUMNS if c.parent_label)
    head: list[tuple[Cell, ...]] = [
        (
            _th(recon[0].group_label, colspan=per_group, scope="colgroup"),
            _th(str(litigation_label), colspan=per_group * 2, scope="colgroup"),
        ),
        (
            *(_th(c.label, rowspan=2, scope="col") for c in recon),
            *(_th(group_labels[g], colspan=per_group, scope="colgroup") for g in litigation_groups),
        ),
        tuple(_th(c.label, scope="col") for c in TABLE4_COLUMNS if c.parent_label is not None),
    ]
    body = (tuple(_td(_cell(table, c.group, c.result)) for c in TABLE4_COLUMNS),)
    n_cols = len(TABLE4_COLUMNS)
    return Grid("table4", SECTION_TITLES["table4"], n_cols, 3, (*head, *body), (7,) * n_cols)


def grids(
    table2: Table2,
    table3: Mapping[str, Mapping[str, object]],
    table4: Mapping[str, Mapping[str, object]],
) -> tuple[Grid, Grid, Grid]:
    return table2_grid(table2), table3_grid(table3), table4_grid(table4)
