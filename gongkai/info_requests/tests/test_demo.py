"""The demo applications: built through the services on the demo county, every kind of outcome
and every open step present, and idempotent."""

from __future__ import annotations

import pytest

from gongkai.core.models import AuditEvent
from gongkai.info_requests import demo
from gongkai.info_requests.models import InfoRequest, InfoRequestEvent
from gongkai.info_requests.query_codes import check_code
from gongkai.info_requests.selectors import (
    application_facts,
    open_requests_by_days_left,
    remedy_facts,
)
from gongkai.info_requests.states import Status
from gongkai.organizations import demo as org_demo
from gongkai.organizations.models import Organisation


@pytest.fixture
def county(calendar):
    return org_demo.build_demo().site


def test_demo_covers_outcomes_and_steps_and_runs_twice(county, django_user_model):
    first = demo.load_demo(county)
    assert 30 <= first.created <= 40
    requests = InfoRequest.objects.filter(site=county)
    assert requests.count() == first.created
    statuses = set(requests.values_list("status", flat=True))
    assert statuses == set(Status)  # every step of the loop is on show
    outcomes = set(requests.exclude(outcome="").values_list("outcome", flat=True))
    assert {"granted", "partial", "denied_process", "unable_not_held", "np_petition",
            "np_repeat", "other_other", "other_no_correction", "other_fee_unpaid",
            "unable_unclear", "np_mass", "np_publication"} <= outcomes  # fmt: skip
    years = {r.year for r in requests.values_list("received_on", flat=True) if r}
    assert {2024, 2025, 2026} <= years
    assert all(check_code(demo.DEMO_QUERY_CODE, r.query_code_hash) for r in requests)
    # Every application went through the services: events and audit records exist.
    assert InfoRequestEvent.objects.filter(info_request__site=county).count() > 3 * first.created
    assert AuditEvent.objects.filter(action="info_request.register").count() == first.created
    # The workbench shows overdue and nearly due cases.
    office = django_user_model.objects.get(username="office")
    rows = open_requests_by_days_left(office)
    assert any(r.overdue for r in rows) and any(r.warning and not r.overdue for r in rows)
    government = Organisation.objects.get(site=county, code="SLXZF")
    assert len(application_facts(government, 2025)) >= 10
    assert remedy_facts(government, 2025)

    again = demo.load_demo(county)
    assert again.created == 0 and again.skipped == first.created
    assert InfoRequest.objects.filter(site=county).count() == first.created
