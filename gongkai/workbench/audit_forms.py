"""The filter form of the audit log page and its export (GET parameters, nothing is written)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Organisation

from .audit_labels import action_label, object_type_label

# Bounds outside which a date filter is dropped rather than applied: no event predates the
# platform, and converting year 1 or 9999 to UTC would overflow.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput)
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput)
    organisation = forms.ModelChoiceField(
        label="机构", queryset=Organisation.objects.none(), required=False, empty_label="全部机构"
    )
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    action = forms.ChoiceField(label="操作", required=False)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    q = forms.CharField(
        label="关键词", required=False, max_length=200, help_text="在对象名称和备注中查找"
    )

    def __init__(
        self,
        data: Any,
        *,
        events: QuerySet[AuditEvent],
        organisations: QuerySet[Organisation],
    ) -> None:
        """`events` is what the user may read: the action and object-type choices list only
        values present there, so a select never reveals another unit's or site's activity."""
        super().__init__(data, label_suffix="")
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        present = events.order_by()
        actions = present.values_list("action", flat=True).distinct()
        types = present.exclude(object_type="").values_list("object_type", flat=True).distinct()
        self.fields["action"].choices = [("", "全部操作")] + [  # type: ignore[attr-defined]
            (a, action_label(a)) for a in sorted(actions)
        ]
        self.fields["object_type"].choices = [("", "全部类型")] + [  # type: ignore[attr-defined]
            (t, object_type_label(t)) for t in sorted(types)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """`events` narrowed by the cleaned filters (call after is_valid())."""
        data = self.cleaned_data
        start: dt.date | None = data.get("date_from")
        end: dt.date | None = data.get("date_to")
        # Whole days in the site's time zone, as a range on created_at so the
        # (site_id, -created_at) index serves it.
        if start and start > EARLIEST:
            events = events.filter(created_at__gte=_day_start(start))
        if end and end < LATEST:
            events = events.filter(created_at__lt=_day_start(end + dt.timedelta(days=1)))
        if data.get("organisation"):
            events = events.filter(organisation_id=data["organisation"].pk)
        if data.get("actor"):
            events = events.filter(actor_name__icontains=data["actor"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        if data.get("q"):
            events = events.filter(
                Q(object_repr__icontains=data["q"]) | Q(note__icontains=data["q"])
            )
        return events


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
