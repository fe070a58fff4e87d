from typing import Any

from django.http import HttpRequest

from .access import staff_of


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site": getattr(request, "site", None),
        "current_staff": staff_of(getattr(request, "user", None)),
    }
