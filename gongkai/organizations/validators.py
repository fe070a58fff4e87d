"""Validators for identifiers of organisations."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# GB 32100-2015: the unified social credit code (统一社会信用代码) uses 31 characters (no I, O,
# Z, S, V) and ends in a check character computed with these weights, modulo 31.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_CHARSET.index(ch) * w
        for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def is_valid_credit_code(value: str) -> bool:
    value = value.strip().upper()
    if len(value) != 18 or any(ch not in CREDIT_CODE_CHARSET for ch in value):
        return False
    return credit_code_check_char(value[:17]) == value[17]


def validate_credit_code(value: str) -> None:
    if value and not is_valid_credit_code(value):
        raise ValidationError(
            "统一社会信用代码应为18位，且校验位正确（GB 32100-2015）。", code="invalid_credit_code"
        )


_DIVISION = re.compile(r"^[1-8]\d{5}$")


def validate_division_code(value: str) -> None:
    if not _DIVISION.match(value or ""):
        raise ValidationError("行政区划代码应为6位数字。", code="invalid_division_code")
