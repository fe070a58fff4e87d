"""The official layout of Tables 二, 三, 四 as grids: every slot covered once, the merged
header cells where the official tables have them, the numbers where the rows say."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.reports.annual import (
    TABLE3_COLUMN_KEYS,
    TABLE3_HEADER_NOTE,
    TABLE3_ROW_KEYS,
    Table2,
    empty_table3,
    empty_table4,
)
from gongkai.reports.layout import Cell, Grid, format_amount, table2_grid, table3_grid, table4_grid


def cells_at(grid):
    return {(p.row, p.col): p.cell for p in grid.positioned()}


def test_table3_header_is_the_official_one():
    grid = table3_grid(empty_table3())
    assert (grid.n_rows, grid.n_cols, grid.head_rows) == (3 + 25, 10, 3)
    at = cells_at(grid)
    note = at[(0, 0)]
    assert note.note and note.text == TABLE3_HEADER_NOTE
    assert (note.rowspan, note.colspan) == (3, 3)
    assert (at[(0, 3)].text, at[(0, 3)].colspan) == ("申请人情况", 7)
    assert (at[(1, 3)].text, at[(1, 3)].rowspan) == ("自然人", 2)
    assert (at[(1, 4)].text, at[(1, 4)].colspan) == ("法人或其他组织", 5)
    assert (at[(1, 9)].text, at[(1, 9)].rowspan) == ("总计", 2)
    assert [at[(2, c)].text for c in range(4, 9)] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    ]  # fmt: skip


def test_table3_row_labels_span_like_the_official_table():
    at = cells_at(table3_grid(empty_table3()))
    assert (at[(3, 0)].text, at[(3, 0)].colspan) == ("一、本年新收政府信息公开申请数量", 3)
    results = at[(5, 0)]
    assert (results.text, results.rowspan) == ("三、本年度办理结果", 22)
    assert (at[(5, 1)].text, at[(5, 1)].colspan) == ("（一）予以公开", 2)
    assert at[(6, 1)].text.startswith("（二）部分公开")
    assert (at[(7, 1)].text, at[(7, 1)].rowspan) == ("（三）不予公开", 8)
    assert at[(7, 2)].text == "1.属于国家秘密"
    assert (at[(15, 1)].text, at[(15, 1)].rowspan) == ("（四）无法提供", 3)
    assert (at[(18, 1)].text, at[(18, 1)].rowspan) == ("（五）不予处理", 5)
    assert (at[(23, 1)].text, at[(23, 1)].rowspan) == ("（六）其他处理", 3)
    assert (at[(26, 1)].text, at[(26, 1)].colspan) == ("（七）总计", 2)
    assert (at[(27, 0)].text, at[(27, 0)].colspan) == ("四、结转下年度继续办理", 3)


def test_table3_numbers_land_in_their_row_and_column():
    table = empty_table3()
    for i, row in enumerate(TABLE3_ROW_KEYS):
        for j, col in enumerate(TABLE3_COLUMN_KEYS):
            table[row][col] = 100 * i + j
    at = cells_at(table3_grid(table))
    for i in range(len(TABLE3_ROW_KEYS)):
        assert [at[(3 + i, 3 + j)].value for j in range(7)] == [100 * i + j for j in range(7)]


def test_table4_has_three_groups_of_five():
    table = empty_table4()
    table["litigation_after_reconsideration"]["corrected"] = 7
    grid = table4_grid(table)
    at = cells_at(grid)
    assert (grid.n_rows, grid.n_cols) == (4, 15)
    assert (at[(0, 0)].text, at[(0, 0)].colspan) == ("行政复议", 5)
    assert (at[(0, 5)].text, at[(0, 5)].colspan) == ("行政诉讼", 10)
    assert [(at[(1, c)].text, at[(1, c)].rowspan) for c in range(5)] == [
        ("结果维持", 2), ("结果纠正", 2), ("其他结果", 2), ("尚未审结", 2), ("总计", 2),
    ]  # fmt: skip
    assert (at[(1, 5)].text, at[(1, 5)].colspan) == ("未经复议直接起诉", 5)
    assert (at[(1, 10)].text, at[(1, 10)].colspan) == ("复议后起诉", 5)
    assert at[(2, 11)].text == "结果纠正" and at[(3, 11)].value == 7


def test_table2_sections_and_spans():
    grid = table2_grid(Table2(normative_valid=12, penalty_decisions=3, fees_amount=Decimal("1.5")))
    at = cells_at(grid)
    assert (grid.n_rows, grid.n_cols) == (14, 4)
    assert (at[(0, 0)].text, at[(0, 0)].colspan) == ("第二十条第（一）项", 4)
    assert [at[(1, c)].text for c in range(4)] == [
        "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
    ]  # fmt: skip
    assert at[(3, 0)].text == "行政规范性文件" and at[(3, 3)].value == 12
    assert (at[(5, 1)].text, at[(5, 1)].colspan) == ("本年处理决定数量", 3)
    assert at[(9, 0)].text == "行政处罚" and at[(9, 1)].value == 3
    assert at[(12, 1)].text == "本年收费金额（单位：万元）"
    assert at[(13, 1)].display == "1.50"


def test_a_grid_with_a_hole_or_an_overflow_is_refused():
    with pytest.raises(ValueError, match="holes"):
        Grid("x", "x", 2, 0, ((Cell("a"),),), (1, 1)).positioned()
    with pytest.raises(ValueError, match="overflows"):
        Grid("x", "x", 1, 0, ((Cell("a", colspan=2),),), (1,)).positioned()


@pytest.mark.parametrize(
    ("value", "shown"),
    [("0", "0.00"), ("1.5", "1.50"), ("12.3456", "12.3456"), ("2.10", "2.10"), ("3.000", "3.00")],
)
def test_amounts_show_two_to_four_decimals(value, shown):
    assert format_amount(Decimal(value)) == shown
