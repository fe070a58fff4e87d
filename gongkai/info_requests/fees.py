"""Information processing fee (信息处理费). Pure: no ORM, no clock.

Sources: Art. 42 of the Regulation and 国办函〔2020〕109号 (domain-rules 1.4). Both methods are
excess-progressive (超额累进): every unit is charged at the rate of the band it falls in, so the
11th application of a month costs ¥100 while the first ten stay free, and the 101st page costs
¥20 while pages 31–100 stay at ¥10. One application is charged by one method, never both.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from gongkai.core.deadlines import Deadline, WorkCalendar, add_working_days

ZERO = Decimal(0)

# Per application (按件), counted per applicant per calendar month.
FREE_APPLICATIONS_PER_MONTH = 10
FIRST_PAID_BAND_END = 30  # applications 11–30
FIRST_PAID_BAND_RATE = Decimal(100)
LATER_BAND_SIZE = 10  # 31–40, 41–50, ... each ¥100 dearer than the one before
LATER_BAND_STEP = Decimal(100)

# Per page (按量), per application: (last page of the band or None for open-ended, rate).
FREE_PAGES = 30
PAGE_BANDS: tuple[tuple[int | None, Decimal], ...] = (
    (100, Decimal(10)),
    (200, Decimal(20)),
    (None, Decimal(40)),
)

# 20 working days to pay, from the day after the notice is received; then the application is
# treated as abandoned (Table 三 （六）2).
PAYMENT_WORKING_DAYS = 20


class FeeMethod(models.TextChoices):
    PER_APPLICATION = "per_application", "按件计收"
    PER_VOLUME = "per_volume", "按量计收"


def _count(value: object, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what}必须是整数。")
    if value < minimum:
        raise ValueError(f"{what}不能小于{minimum}。")
    return value


def per_application_fee(n_in_month: int) -> Decimal:
    """The fee for an applicant's `n_in_month`-th application of a calendar month (yuan)."""
    n = _count(n_in_month, "当月申请序号", 1)
    if n <= FREE_APPLICATIONS_PER_MONTH:
        return ZERO
    if n <= FIRST_PAID_BAND_END:
        return FIRST_PAID_BAND_RATE
    band = (n - FIRST_PAID_BAND_END - 1) // LATER_BAND_SIZE + 1  # 31–40 → 1, 41–50 → 2
    return FIRST_PAID_BAND_RATE + LATER_BAND_STEP * band


def per_page_fee(pages: int) -> Decimal:
    """The fee for one application of `pages` pages (yuan), each page at its band's rate."""
    remaining = _count(pages, "页数", 0)
    total = ZERO
    band_start = FREE_PAGES  # pages up to here are free
    for band_end, rate in PAGE_BANDS:
        if remaining <= band_start:
            break
        top = remaining if band_end is None else min(remaining, band_end)
        total += (top - band_start) * rate
        if band_end is None:
            break
        band_start = band_end
    return total


def fee_for(
    method: FeeMethod | str,
    *,
    n_in_month: int | None = None,
    pages: int | None = None,
) -> Decimal:
    """The fee of one application under its one method. Giving the other method's count too is
    refused: the rules forbid charging one application both ways."""
    try:
        method = FeeMethod(method)
    except ValueError:
        raise ValueError(f"未知的收费方式“{method}”，应为按件或按量。") from None
    if n_in_month is not None and pages is not None:
        raise ValueError("同一申请只能选择按件或按量中的一种方式计收，不得同时适用。")
    if method == FeeMethod.PER_APPLICATION:
        if n_in_month is None:
            raise ValueError("按件计收须提供该申请人当月的申请序号。")
        return per_application_fee(n_in_month)
    if pages is None:
        raise ValueError("按量计收须提供页数。")
    return per_page_fee(pages)


def payment_due(notice_received_on: dt.date, calendar: WorkCalendar) -> Deadline:
    """The last day to pay: the 20th working day counted from the day after the applicant
    received the fee notice (`add_working_days` never counts its start day)."""
    return add_working_days(notice_received_on, PAYMENT_WORKING_DAYS, calendar)
