"""What every service of this app shares: who may act, locking, transitions with their event
rows, audit records, date checks and the due-date recompute."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import WorkCalendar
from gongkai.organizations.access import staff_of
from gongkai.organizations.models import UNIT_ROLES, Organisation, Role, Site

from .. import deadlines
from ..choices import CONSULTATION_BASIS, FEE_BASIS, ConsultationKind
from ..deadlines import ClockStop, consultation_stop, due_date, fee_stop
from ..models import Consultation, Correction, Extension, FeeNotice, InfoRequest, InfoRequestEvent
from ..models import RequestSettings as RequestSettingsModel
from ..states import Action, Status, check_transition

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


def actor_name(actor: Any) -> str:
    if actor is None:
        return "系统"
    if not getattr(actor, "is_authenticated", False):
        return "申请人"
    return (actor.get_full_name() or actor.get_username())[:150]


# --- who may act ----------------------------------------------------------------------------


def platform_user(actor: Any) -> bool:
    return (
        staff_of(actor) is None and bool(getattr(actor, "is_superuser", False)) and actor.is_active
    )


def authorise_office(actor: Any, site_id: int) -> None:
    """The disclosure office of the site (or the system, or a platform superuser)."""
    if actor is None or platform_user(actor):
        return
    staff = staff_of(actor)
    if staff is None:
        raise PermissionDenied("此账号没有在岗的工作人员身份，请联系系统管理员。")
    if staff.organisation.site_id != site_id:
        raise PermissionDenied("不能办理其他站点的申请。")
    if staff.role != Role.OFFICE:
        raise PermissionDenied("只有政务公开办公室可以进行此操作。")


def authorise_handler(actor: Any, info_request: InfoRequest) -> None:
    """The disclosure office, or staff of the unit handling the application (or of a unit
    above it: a township acts for its villages)."""
    if actor is None or platform_user(actor):
        return
    staff = staff_of(actor)
    if staff is None:
        raise PermissionDenied("此账号没有在岗的工作人员身份，请联系系统管理员。")
    if staff.organisation.site_id != info_request.site_id:
        raise PermissionDenied("不能办理其他站点的申请。")
    if staff.role == Role.OFFICE:
        return
    unit = info_request.unit
    if (
        staff.role in UNIT_ROLES
        and unit is not None
        and unit.path.startswith(staff.organisation.path)
    ):
        return
    raise PermissionDenied("该申请未交办给您所在的单位。")


def request_settings(site: Site | int) -> RequestSettingsModel | None:
    site_id = site if isinstance(site, int) else site.pk
    return RequestSettingsModel.objects.filter(site_id=site_id).first()


def authorise_head(user: Any, site_id: int) -> None:
    """The head of the disclosure work organ approves replies and extensions (Art. 33): the
    user named in the site's settings, or, when none is named, any disclosure-office member."""
    if user is None or platform_user(user):
        return
    staff = staff_of(user)
    if staff is None or staff.organisation.site_id != site_id:
        raise PermissionDenied("审批人不是本站点的在岗工作人员。")
    configured = request_settings(site_id)
    if configured is not None and configured.head_user_id is not None:
        if configured.head_user_id != user.pk:
            raise PermissionDenied("只有政务公开工作机构负责人可以审批。")
        return
    if staff.role != Role.OFFICE:
        raise PermissionDenied("只有政务公开工作机构负责人可以审批。")


# --- locking, transitions, events, audit ----------------------------------------------------


def lock(info_request: InfoRequest) -> InfoRequest:
    """The application re-read under a row lock (the caller is inside a transaction)."""
    return (
        InfoRequest.objects.select_for_update(of=("self",))
        .select_related("site", "organisation", "unit")
        .get(pk=info_request.pk)
    )


def event(
    info_request: InfoRequest,
    action: Action,
    *,
    actor: Any,
    from_status: str,
    on: dt.date | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> InfoRequestEvent:
    return InfoRequestEvent.objects.create(
        info_request=info_request,
        action=action,
        from_status=from_status,
        to_status=info_request.status,
        actor_id=getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None,
        actor_name=actor_name(actor),
        on_date=on,
        note=note[:500],
        data=data or {},
    )


def move(
    info_request: InfoRequest,
    target: Status,
    action: Action,
    *,
    actor: Any,
    on: dt.date | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> InfoRequestEvent:
    """Check source → target against the table, set it (the caller saves), log the event."""
    source = info_request.status
    check_transition(source, target)
    info_request.status = target
    return event(info_request, action, actor=actor, from_status=source, on=on, note=note, data=data)


def step(
    info_request: InfoRequest,
    action: Action,
    *,
    actor: Any,
    on: dt.date | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> InfoRequestEvent:
    """A step that leaves the status as it is (the event's from and to are equal)."""
    return event(
        info_request,
        action,
        actor=actor,
        from_status=info_request.status,
        on=on,
        note=note,
        data=data,
    )


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
        action=f"info_request.{action}",
        obj=info_request,
        organisation=info_request.unit or info_request.organisation,
        changes=changes,
        note=note,
    )


def require_status(info_request: InfoRequest, allowed: Iterable[str], what: str) -> None:
    """A step that is not a transition still has statuses it belongs to."""
    if info_request.status not in set(allowed):
        status = Status(info_request.status).label
        raise ValidationError(f"当前状态为“{status}”，不能{what}。")


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
