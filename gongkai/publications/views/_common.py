"""What the publication pages share: the acting staff, item lookup through the visibility
selector (another unit's or site's item is a 404), and which actions a user may take on an
item (asked of the services' own authorisation, so the buttons never promise what the service
would refuse)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from gongkai.organizations.models import UNIT_ROLES, Role, Staff

from ..models import Item
from ..selectors import items_visible_to
from ..services._base import LEADER_ONLY, authorise
from ..states import Status

UNIT = tuple(UNIT_ROLES)


def staff(request: HttpRequest) -> Staff:
    return request.staff  # type: ignore[attr-defined]


def visible_item(request: HttpRequest, pk: int) -> Item:
    return get_object_or_404(
        items_visible_to(request.user).select_related("organisation", "site"), pk=pk
    )


def detail_url(item: Item) -> str:
    return reverse("publications:detail", args=[item.pk])


def back_to(item: Item) -> HttpResponseRedirect:
    return HttpResponseRedirect(detail_url(item))


def service_error(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, PermissionDenied):
        messages.error(request, str(error) or "您无权进行此操作。")
        return
    for message in error.messages:
        messages.error(request, message)


def _may(user: Any, item: Item, roles: Any = UNIT_ROLES, office: bool = False) -> bool:
    try:
        authorise(user, item.organisation, roles, office=office)
    except PermissionDenied:
        return False
    return True


def actions_for(user: Any, item: Item) -> dict[str, bool]:
    unit = _may(user, item)
    leader = _may(user, item, LEADER_ONLY)
    s = item.status
    return {
        "edit": (s == Status.DRAFT and unit) or (s == Status.PUBLISHED and unit),
        "submit": s == Status.DRAFT and unit,
        "approve": s == Status.PENDING and leader,
        "reject": s == Status.PENDING and leader,
        "publish_now": s == Status.SCHEDULED and leader,
        "unschedule": s == Status.SCHEDULED and leader,
        "withdraw": s == Status.PUBLISHED and leader,
        "attach": (s == Status.DRAFT and unit) or (s == Status.PUBLISHED and leader),
        "resolve_pii": s in (Status.DRAFT, Status.PUBLISHED) and _may(user, item, office=True),
        "leader": leader,
    }


def is_leader(request: HttpRequest) -> bool:
    return staff(request).role == Role.LEADER
