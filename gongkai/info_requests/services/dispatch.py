"""下发调度: the office dispatches an application to the responsible unit, the unit signs for it,
and an application in the wrong unit is transferred (转办) to the right one within the site.

An organ outside the site is not a transfer: the reply says the information is not held here
and names the responsible organ (outcome unable_not_held, `responsible_organ`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.organizations.models import Organisation

from ..models import InfoRequest
from ..states import Action, Status
from ._base import (
    STEPS,
    check_date,
    check_text,
    check_unit,
    lock,
    move,
    record,
    snapshot,
    today,
)


def _step_date(info_request: InfoRequest, value: dt.date | None, field: str) -> dt.date:
    """Today, or the day the step happened (imports and back-filled records)."""
    if value is None:
        return today()
    return check_date(
        value, field, not_before=info_request.received_on, not_before_label="收到申请日期"
    )


def _unit_data(unit: Organisation) -> dict[str, Any]:
    return {"unit": unit.pk, "unit_name": unit.full_name}


@transaction.atomic
def info_request_dispatch(
    *,
    info_request: InfoRequest,
    unit: Organisation,
    actor: Any,
    note: str = "",
    dispatched_on: dt.date | None = None,
) -> InfoRequest:
    """交办: the office sends a registered application to the unit that holds the information;
    that unit's A/B staff and leader see it from now on."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "dispatch")
    before = snapshot(info_request)
    info_request.unit = check_unit(unit, info_request.site_id)
    note = check_text(note, "note", "交办说明", 500, required=False)
    move(
        info_request,
        Status.DISPATCHED,
        Action.DISPATCH,
        actor=actor,
        on=_step_date(info_request, dispatched_on, "dispatched_on"),
        note=note,
        data=_unit_data(unit),
    )
    info_request.save()
    record(info_request, "dispatch", actor=actor, before=before, note=note)
    return info_request


@transaction.atomic
def info_request_accept(
    *, info_request: InfoRequest, actor: Any, accepted_on: dt.date | None = None
) -> InfoRequest:
    """签收: the unit takes the application up and starts drafting the reply."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "accept")
    before = snapshot(info_request)
    on = _step_date(info_request, accepted_on, "accepted_on")
    move(info_request, Status.DRAFTING, Action.ACCEPT, actor=actor, on=on)
    info_request.save()
    record(info_request, "accept", actor=actor, before=before)
    return info_request


@transaction.atomic
def info_request_transfer(
    *,
    info_request: InfoRequest,
    unit: Organisation,
    reason: str,
    actor: Any,
    transferred_on: dt.date | None = None,
) -> InfoRequest:
    """转办: the application belongs to another unit of the site. The office, or the unit that
    has it, re-dispatches it with the reason; the clock keeps running."""
    info_request = lock(info_request)
    STEPS.enforce(info_request, actor, "transfer")
    before = snapshot(info_request)
    unit = check_unit(unit, info_request.site_id)
    if unit.pk == info_request.unit_id:
        raise ValidationError({"unit": "该申请已在此单位办理，请选择其他单位。"})
    reason = check_text(reason, "reason", "转办理由", 500)
    previous = info_request.unit
    info_request.unit = unit
    move(
        info_request,
        Status.DISPATCHED,
        Action.TRANSFER,
        actor=actor,
        on=_step_date(info_request, transferred_on, "transferred_on"),
        note=reason,
        data={
            **_unit_data(unit),
            "from_unit": previous.pk if previous else None,
            "from_unit_name": previous.full_name if previous else "",
        },
    )
    info_request.save()
    record(info_request, "transfer", actor=actor, before=before, note=reason)
    return info_request
