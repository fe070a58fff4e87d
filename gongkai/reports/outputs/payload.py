"""The report as JSON: the shape `gongkai annual_report --format json` prints and the API
returns.

{"org": {"code", "name"}, "year", "format_version", "checks": [{"key", "ok", "severity",
"message"}], "table2": {field: n, "fees_amount": "decimal string"}, "table3": {row: {column: n}}
(25 rows × 7 columns), "table4": {group: {result: n}} (3 × 5)}
"""

from __future__ import annotations

from typing import Any

from ..annual import (
    TABLE3_COLUMN_KEYS,
    TABLE3_ROW_KEYS,
    TABLE4_GROUP_KEYS,
    TABLE4_RESULT_KEYS,
    check_to_json,
    table2_to_json,
)
from ..selectors import AnnualData


def report_json(data: AnnualData) -> dict[str, Any]:
    # Rows and columns in the official order, whatever order a stored snapshot has.
    table3 = {
        row: {col: data.table3.get(row, {}).get(col) for col in TABLE3_COLUMN_KEYS}
        for row in TABLE3_ROW_KEYS
    }
    table4 = {
        group: {result: data.table4.get(group, {}).get(result) for result in TABLE4_RESULT_KEYS}
        for group in TABLE4_GROUP_KEYS
    }
    return {
        "org": {"code": data.organisation.code, "name": data.organisation.full_name},
        "year": data.year,
        "format_version": data.format_version,
        "checks": [check_to_json(c) for c in data.checks],
        "table2": table2_to_json(data.table2),
        "table3": table3,
        "table4": table4,
    }
