"""Which steps the pages offer: derived from the transition table, the facts of the case and the
services' own authorisation."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.info_requests import services as svc
from gongkai.info_requests.actions import (
    ACTIONS,
    BY_KEY,
    STEPS,
    action_state,
    available_actions,
)
from gongkai.info_requests.states import ALLOWED, Status

D = dt.date


def keys(info_request, user):
    info_request.refresh_from_db()  # the services changed it through their own locked copy
    return {a.key for a in available_actions(info_request, user)}


@pytest.mark.parametrize(
    "action", [a for a in ACTIONS if a.target is not None], ids=lambda a: a.key
)
def test_every_offered_transition_is_in_the_table(action):
    assert STEPS.statuses(action), f"{action.key} is offered from no status at all"
    for status in STEPS.statuses(action):
        assert action.target in ALLOWED[status]


def test_a_step_is_never_offered_from_a_status_the_table_forbids():
    archive = BY_KEY["archive"]
    assert STEPS.statuses(archive) == {Status.SERVED, Status.CLOSED}
    assert Status.ARCHIVED not in STEPS.statuses(BY_KEY["withdraw"])


def test_the_office_registers_and_dispatches_the_unit_signs_for_it(
    register, office, clerk_a, clerk_b, leader, other_clerk, admin, orgs
):
    ir = register()
    assert {"dispatch", "correction_issue", "withdraw", "reset_query_code"} <= keys(ir, office)
    assert keys(ir, clerk_a) == set()  # not dispatched to the unit yet
    svc.info_request_dispatch(info_request=ir, unit=orgs["dept"], actor=office)
    for unit_staff in (clerk_a, clerk_b, leader):
        offered = keys(ir, unit_staff)
        assert "accept" in offered and "transfer" in offered
        assert "dispatch" not in offered and "reset_query_code" not in offered
    assert keys(ir, other_clerk) == set()
    assert keys(ir, admin) == set()


def test_facts_switch_steps_on_and_off(drafting, clerk_a):
    ir = drafting()
    assert "correction_issue" in keys(ir, clerk_a)
    assert "submit_reply" not in keys(ir, clerk_a)  # nothing drafted yet
    svc.consultation_start(
        info_request=ir, kind="third_party", party="某公司", sent_on=D(2025, 9, 23), actor=clerk_a
    )
    assert "consultation_answer" in keys(ir, clerk_a)
    svc.fee_notice_issue(
        info_request=ir, method="per_volume", pages=50, sent_on=D(2025, 9, 24), actor=clerk_a
    )
    offered = keys(ir, clerk_a)
    assert {"fee_notice_paid", "close_fee_unpaid"} <= offered and "fee_notice_issue" not in offered
    svc.correction_issue(
        info_request=ir,
        issued_on=D(2025, 9, 25),
        items="请写明年份",
        correct_by=D(2025, 10, 20),
        actor=clerk_a,
    )
    offered = keys(ir, clerk_a)
    assert "correction_issue" not in offered and "correction_receive" in offered
    assert "close_no_correction" in offered  # today is long after the correction period


def test_approval_follows_the_named_head(drafted, clerk_a, office, leader, site):
    ir = drafted()
    svc.info_request_submit_reply(info_request=ir, actor=clerk_a)
    svc.info_request_review(info_request=ir, passed=True, actor=office)
    assert "approve" in keys(ir, office) and "approve" not in keys(ir, leader)
    svc.request_settings_update(site=site, head_user=leader, actor=office)
    ir.refresh_from_db()
    state = action_state(ir, office, "approve")
    assert state.possible and not state.permitted
    assert "approve" in keys(ir, leader)
    assert BY_KEY["approve"].who == "head"
