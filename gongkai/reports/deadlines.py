"""When an annual report must be published (条例 Art. 49). Pure: no ORM.

* County departments (and, in practice, townships: provinces give them the same date) publish
  last year's report by 31 January; the county government by 31 March. The county government's
  office (县政府办公室) is one of its working departments and reports as a department.
* Villages and communities (村居) are self-governing bodies, not administrative organs, and
  public enterprises and institutions (公共企事业单位) disclose under their sector's rules
  (国办发〔2020〕50号), not Art. 49: neither has a statutory annual report, so neither gets a
  deadline or a reminder.
"""

from __future__ import annotations

import datetime as dt

from gongkai.organizations.models import OrganisationKind

# The format of 国办公开办函〔2021〕30号 applies from the 2021 report on; earlier years used
# the 2019 trial format, which this module does not produce.
FIRST_YEAR = 2021

# Organisation kinds that publish an annual report, and the (month, day) of the year after the
# reporting year by which they must.
DEADLINES: dict[str, tuple[int, int]] = {
    OrganisationKind.GOVERNMENT: (3, 31),
    OrganisationKind.OFFICE: (1, 31),
    OrganisationKind.DEPARTMENT: (1, 31),
    OrganisationKind.TOWNSHIP: (1, 31),
}
REPORTING_KINDS: frozenset[str] = frozenset(DEADLINES)

# Reminder stages by days left to the deadline, the most urgent first: a sweep sends only the
# most urgent stage a unit has reached, once.
STAGES: tuple[tuple[str, int, str], ...] = (
    ("overdue", -1, "已逾期"),
    ("due_7", 7, "距截止不足7天"),
    ("due_30", 30, "距截止不足30天"),
)
STAGE_LABELS = {key: label for key, _, label in STAGES}


def report_deadline(organisation_kind: str, year: int) -> dt.date:
    """The last day to publish the report on `year`. ValueError (in Chinese) for kinds that
    have no statutory report."""
    try:
        month, day = DEADLINES[organisation_kind]
    except KeyError:
        label = (
            OrganisationKind(organisation_kind).label
            if organisation_kind in OrganisationKind.values
            else organisation_kind
        )
        raise ValueError(f"“{label}”不需要编制政府信息公开工作年度报告。") from None
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValueError("年度必须是整数。")
    return dt.date(year + 1, month, day)


def reminder_stage(days_left: int) -> str | None:
    """The reminder stage of a report with `days_left` calendar days to its deadline (0 = the
    deadline is today, negative = overdue), or None when it is not yet time to remind."""
    for key, threshold, _ in STAGES:
        if key == "overdue":
            if days_left < 0:
                return key
        elif days_left <= threshold:
            return key
    return None
