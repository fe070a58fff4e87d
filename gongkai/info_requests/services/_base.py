"""What every service of this app shares: locking, the step table's check, transitions with
their event rows, audit records, date checks and the due-date recompute."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.casework.events import EventLog
from gongkai.core import audit
from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import WorkCalendar
from gongkai.organizations.actors import actor_name
from gongkai.organizations.models import Organisation, Site

from .. import deadlines
from ..actions import STEPS
from ..audit_actions import INFO_REQUEST
from ..choices import CONSULTATION_BASIS, FEE_BASIS, ConsultationKind
from ..deadlines import ClockStop, consultation_stop, due_date, fee_stop
from ..models import Consultation, Correction, Extension, FeeNotice, InfoRequest, InfoRequestEvent
from ..models import RequestSettings as RequestSettingsModel
from ..states import WORKFLOW, Status

# Fields an audit record may copy. Identity numbers and contact details are left out: the log
# is read by more people than the case file.
AUDIT_FIELDS = (
    "status",
    "organisation",
    "unit",
    "channel",
    "submitted_on",
    "received_on",
    "applicant_type",
    "provision_form",
    "delivery_method",
    "due_on",
    "due_provisional",
    "custom_due_on",
    "outcome",
    "legal_basis",
    "responsible_organ",
    "approved_by_name",
    "approved_on",
    "closed_on",
    "archived_on",
)


DUE_FIELDS = ["due_on", "due_provisional", "due_missing_years", "updated_at"]


def today() -> dt.date:
    return timezone.localdate()


def zh_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def request_settings(site: Site | int) -> RequestSettingsModel | None:
    site_id = site if isinstance(site, int) else site.pk
    return RequestSettingsModel.objects.filter(site_id=site_id).first()


# --- locking, transitions, events, audit ----------------------------------------------------


__all__ = ["STEPS", "actor_name"]


def lock(info_request: InfoRequest) -> InfoRequest:
    """The application re-read under a row lock (the caller is inside a transaction)."""
    return (
        InfoRequest.objects.select_for_update(of=("self",))
        .select_related("site", "organisation", "unit")
        .get(pk=info_request.pk)
    )


# Every move and step of an application leaves an InfoRequestEvent (casework.events).
LOG = EventLog(InfoRequestEvent, "info_request", WORKFLOW)
event, move, step = LOG.event, LOG.move, LOG.step


def snapshot(info_request: InfoRequest) -> dict[str, Any]:
    return audit.snapshot(info_request, AUDIT_FIELDS)


def record(
    info_request: InfoRequest,
    action: str,
    *,
    actor: Any,
    before: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> None:
    """One audit event, filed under the handling unit so its staff can read it."""
    if changes is None:
        changes = audit.diff(before or {}, snapshot(info_request))
    audit.record(
        actor=actor,
        action=INFO_REQUEST.key(action),
        obj=info_request,
        organisation=info_request.unit or info_request.organisation,
        changes=changes,
        note=note,
    )


def require_status(info_request: InfoRequest, allowed: Iterable[str], what: str) -> None:
    """A step that is not a transition still has statuses it belongs to."""
    WORKFLOW.require(info_request.status, allowed, what)


# --- dates ----------------------------------------------------------------------------------


def check_date(
    value: Any,
    field: str,
    *,
    not_before: dt.date | None = None,
    not_before_label: str = "",
    allow_future: bool = False,
) -> dt.date:
    """A date of a legal step: a real date, not in the future (steps are recorded after they
    happen), not before the step it follows."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError({field: "请填写有效的日期。"})
    if not allow_future and value > today():
        raise ValidationError({field: "日期不能晚于今天。"})
    if not_before is not None and value < not_before:
        raise ValidationError({field: f"日期不能早于{not_before_label}（{zh_date(not_before)}）。"})
    return value


def check_text(value: Any, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError({field: f"{label}必须是文字。"})
    if required and not text:
        raise ValidationError({field: f"请填写{label}。"})
    if len(text) > max_length:
        raise ValidationError({field: f"{label}最多 {max_length} 个字。"})
    return text


def check_unit(unit: Any, site_id: int, field: str = "unit") -> Organisation:
    if not isinstance(unit, Organisation):
        raise ValidationError({field: "请选择承办单位。"})
    if unit.site_id != site_id:
        raise ValidationError({field: "所选单位不属于本站点。"})
    if not unit.is_active:
        raise ValidationError({field: "所选单位已停用。"})
    return unit


# --- the clock ------------------------------------------------------------------------------


def clock_stops(info_request: InfoRequest) -> list[ClockStop]:
    stops = [
        consultation_stop(c.sent_on, c.answered_on, CONSULTATION_BASIS[ConsultationKind(c.kind)])
        for c in Consultation.objects.filter(info_request=info_request)
    ]
    for notice in FeeNotice.objects.filter(info_request=info_request, cancelled_on__isnull=True):
        stops.append(fee_stop(notice.sent_on, notice.notice_received_on, notice.paid_on, FEE_BASIS))
    # A notice cancelled before payment stopped the clock until the day it was withdrawn.
    for notice in FeeNotice.objects.filter(
        info_request=info_request, cancelled_on__isnull=False, paid_on__isnull=True
    ):
        stops.append(ClockStop(notice.sent_on, notice.cancelled_on, basis=FEE_BASIS))
    return stops


def received_date(info_request: InfoRequest) -> dt.date:
    """The receipt date of an application whose clock runs (every status past `submitted`)."""
    if info_request.received_on is None:
        raise ValidationError("尚未确认收到该申请。")
    return info_request.received_on


def clock_start_of(info_request: InfoRequest) -> dt.date:
    return deadlines.clock_start(received_date(info_request), corrected_on(info_request))


def corrected_on(info_request: InfoRequest) -> dt.date | None:
    correction = Correction.objects.filter(info_request=info_request).first()
    return correction.corrected_on if correction is not None else None


def recompute_due(info_request: InfoRequest, calendar: WorkCalendar | None = None) -> bool:
    """Set due_on (and its provisional flag) from the stored dates, stops and extension; the
    caller saves. True when anything changed. A closed application keeps its last due date."""
    if info_request.closed_on is not None:
        return False
    before = (info_request.due_on, info_request.due_provisional, info_request.due_missing_years)
    received = info_request.received_on
    if received is None or info_request.status == Status.AWAITING_CORRECTION:
        info_request.due_on, info_request.due_provisional = None, False
        info_request.due_missing_years = []
    else:
        extension = Extension.objects.filter(info_request=info_request).first()
        deadline = due_date(
            received,
            corrected_on(info_request),
            clock_stops(info_request),
            extension.days if extension is not None else 0,
            calendar or load_calendar(),
            info_request.custom_due_on,
        )
        info_request.due_on = deadline.due
        info_request.due_provisional = deadline.provisional
        info_request.due_missing_years = list(deadline.missing_years)
    after = (info_request.due_on, info_request.due_provisional, info_request.due_missing_years)
    return before != after
