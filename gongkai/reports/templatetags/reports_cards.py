"""The workbench card of the annual report deadlines: `{% load reports_cards %}
{% report_reminder_card %}` on the workbench home shows the office every unit whose report on
last year is not yet published, and a unit's staff their own."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import pending_reports_for

register = template.Library()


@register.inclusion_tag("reports/_reminder_card.html", takes_context=True)
def report_reminder_card(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"pending": pending_reports_for(user) if user is not None else []}
