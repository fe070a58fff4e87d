"""Two clocks of active disclosure, as pure functions over dates and the working-day calendar.

* Art. 26: information is published within 20 working days of its creation (成文日期). Lateness
  is shown as a warning, never a block: a late publication is still better than none.
* Interpretation (国办发〔2016〕80号 "三同步", decisions table): a normative document's
  interpretation follows within 3 working days of the document's publication.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.core.deadlines import WorkCalendar, add_working_days, working_days_between


@dataclass(frozen=True)
class Lateness:
    due: dt.date
    working_days: int  # from 成文日期 to publication
    late_by: int  # working days past the due date (0 when on time)
    provisional: bool

    @property
    def late(self) -> bool:
        return self.late_by > 0


def publication_lateness(
    written_on: dt.date, published_on: dt.date, calendar: WorkCalendar, deadline_days: int = 20
) -> Lateness:
    due = add_working_days(written_on, deadline_days, calendar)
    taken = working_days_between(written_on, published_on, calendar)
    return Lateness(
        due=due.due,
        working_days=taken.count,
        late_by=max(taken.count - deadline_days, 0),
        provisional=due.provisional or taken.provisional,
    )


@dataclass(frozen=True)
class InterpretationClock:
    due: dt.date
    overdue: bool  # today is after the due date
    overdue_by: int  # working days after the due date as of `today` (0 if not yet due)
    provisional: bool


def interpretation_clock(
    published_on: dt.date, today: dt.date, calendar: WorkCalendar, lag_days: int = 3
) -> InterpretationClock:
    due = add_working_days(published_on, lag_days, calendar)
    past = working_days_between(due.due, today, calendar) if today > due.due else None
    return InterpretationClock(
        due=due.due,
        overdue=today > due.due,
        overdue_by=max(past.count, 0) if past is not None else 0,
        provisional=due.provisional or bool(past and past.provisional),
    )
