from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from gongkai.organizations.access import staff_of

from .navigation import NAV


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.path.startswith("/manage/"):
        return {}
    staff = staff_of(getattr(request, "user", None))
    if staff is None:
        return {"workbench_nav": []}
    items = []
    for item in NAV:
        if staff.role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url or (url != "/manage/" and request.path.startswith(url))
        items.append({"label": item.label, "url": url, "active": active})
    return {"workbench_nav": items}
