"""Validators for identifiers of sites and organisations. Messages are shown to staff as they are,
so they are in Chinese and say what a valid value looks like."""

from __future__ import annotations

import ipaddress
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


def normalise_credit_code(value: str) -> str:
    """Codes are copied from certificates and web pages: drop spaces, use upper case."""
    return "".join((value or "").split()).upper()


def is_valid_credit_code(value: str) -> bool:
    value = normalise_credit_code(value)
    if len(value) != 18 or any(ch not in CREDIT_CODE_CHARSET for ch in value):
        return False
    # Characters 3-8 are the registering authority's administrative division code.
    if not value[2:8].isdigit():
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


# The organisation code goes into index numbers (索引号 "{org_code}/{year}-{seq}") and letter
# numbers, so it is limited to characters that survive URLs, file names and spreadsheets.
_ORG_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def validate_org_code(value: str) -> None:
    if not _ORG_CODE.match(value or ""):
        raise ValidationError(
            "机构代码只能由字母、数字、连字符和下划线组成，且以字母或数字开头。",
            code="invalid_org_code",
        )


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_host(value: str) -> str:
    """A Host header or typed host name as stored in SiteHost: lower case, no port, no
    trailing dot, IPv6 without brackets."""
    host = (value or "").strip().lower()
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def validate_host(value: str) -> None:
    """A host name (gk.example.gov.cn, localhost) or an IP address, already normalised."""
    try:
        ipaddress.ip_address(value)
        return
    except ValueError:
        pass
    labels = (value or "").split(".")
    if len(value or "") > 253 or not all(_HOST_LABEL.match(label) for label in labels):
        raise ValidationError(
            "域名格式不正确（例如 www.example.gov.cn，不含 http:// 和端口）。",
            code="invalid_host",
        )
