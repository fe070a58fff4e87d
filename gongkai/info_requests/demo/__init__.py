"""Demo applications (依申请公开) for the demo county built by gongkai/organizations/demo.py.

`load_demo(site)` registers some 35 applications from 2024 to now through the same services
staff use, so every one has its events, audit records and stored due date: closed ones of every
kind of outcome (closed_cases.py) and open ones at every step of the loop, dated back from today so
the workbench shows due, nearly due and overdue cases (open_cases.py). Seed the calendar first, or
every due date is marked provisional.

Only what is missing is added (an application is recognised by its description), so running it
again creates nothing. All demo applications share the query code DEMO_QUERY_CODE, so the
public lookup can be tried.
"""

from __future__ import annotations

from django.db import transaction

from gongkai.organizations.models import Site

from .. import services
from ..models import RequestSettings
from . import closed_cases, open_cases
from .builder import DEMO_QUERY_CODE, Builder, DemoRequests

__all__ = ["DEMO_QUERY_CODE", "DemoRequests", "load_demo"]


@transaction.atomic
def load_demo(site: Site) -> DemoRequests:
    """Add the demo applications missing from `site` (the demo county)."""
    builder = Builder(site)
    head = RequestSettings.objects.filter(site=site).values_list("head_user", flat=True).first()
    if builder.office is not None and head is None:
        # The office's section chief (政务公开科科长) approves, as in most counties.
        services.request_settings_update(site=site, head_user=builder.office, actor=None)
    closed_cases.load(builder)
    open_cases.load(builder)
    return builder.result
