"""Every allowed transition performed by its service, forbidden ones refused, who may act."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.core.models import AuditEvent
from gongkai.info_requests import services as svc
from gongkai.info_requests.models import InfoRequestEvent
from gongkai.info_requests.outcomes import Outcome
from gongkai.info_requests.states import ALLOWED_PAIRS, STEP_ACTIONS, Status

from .conftest import PERSON, RECEIVED

D = dt.date
S = Status
REPLY = "经审查，您申请的信息属于可以公开的政府信息，现予以提供。"


def _status(info_request):
    info_request.refresh_from_db()
    return info_request.status


def test_every_allowed_transition_is_reachable_through_a_service(
    register, drafting, drafted, approved, served, orgs, office, clerk_a, site
):
    # submitted → received / closed
    online = register(channel="online")
    svc.info_request_confirm_receipt(info_request=online, received_on=RECEIVED, actor=office)
    svc.info_request_withdraw(
        info_request=register(channel="online"), withdrawn_on=RECEIVED, actor=office
    )
    # received → dispatched / awaiting correction / served (on the spot) / closed
    svc.info_request_dispatch(info_request=register(), unit=orgs["dept"], actor=office)
    svc.correction_issue(
        info_request=register(),
        issued_on=D(2025, 9, 24),
        items="请明确年份",
        correct_by=D(2025, 10, 15),
        actor=office,
    )
    svc.info_request_answer_on_the_spot(
        site=site,
        outcome="np_publication",
        reply_content="请到县图书馆查阅《示例县年鉴》。",
        actor=office,
        answered_on=RECEIVED,
        **PERSON,
    )
    svc.info_request_withdraw(info_request=register(), withdrawn_on=RECEIVED, actor=office)
    # awaiting correction → received (not yet dispatched) / drafting / closed
    pending = register()
    svc.correction_issue(
        info_request=pending,
        issued_on=D(2025, 9, 24),
        items="请明确年份",
        correct_by=D(2025, 10, 15),
        actor=office,
    )
    svc.correction_receive(info_request=pending, corrected_on=D(2025, 10, 13), actor=office)
    assert _status(pending) == S.RECEIVED
    in_unit = drafting()
    svc.correction_issue(
        info_request=in_unit,
        issued_on=D(2025, 9, 24),
        items="请明确年份",
        correct_by=D(2025, 10, 15),
        actor=clerk_a,
    )
    svc.correction_receive(info_request=in_unit, corrected_on=D(2025, 10, 13), actor=clerk_a)
    assert _status(in_unit) == S.DRAFTING
    abandoned = register()
    svc.correction_issue(
        info_request=abandoned,
        issued_on=D(2025, 9, 24),
        items="请明确年份",
        correct_by=D(2025, 10, 15),
        actor=office,
    )
    svc.info_request_close_no_correction(
        info_request=abandoned, closed_on=D(2025, 10, 16), actor=office
    )
    # dispatched → drafting / dispatched (transfer) / awaiting correction / closed
    dispatched = register()
    svc.info_request_dispatch(info_request=dispatched, unit=orgs["dept"], actor=office)
    svc.info_request_transfer(
        info_request=dispatched, unit=orgs["other_dept"], reason="属财政局职责", actor=office
    )
    svc.info_request_accept(info_request=dispatched, actor=office)
    for follow_up in ("correction", "withdraw"):
        other = register()
        svc.info_request_dispatch(info_request=other, unit=orgs["dept"], actor=office)
        if follow_up == "correction":
            svc.correction_issue(
                info_request=other,
                issued_on=D(2025, 9, 24),
                items="请明确年份",
                correct_by=D(2025, 10, 15),
                actor=clerk_a,
            )
        else:
            svc.info_request_withdraw(info_request=other, withdrawn_on=RECEIVED, actor=clerk_a)
    # drafting → under review / dispatched / awaiting correction / closed
    svc.info_request_submit_reply(info_request=drafted(), actor=clerk_a)
    svc.info_request_transfer(
        info_request=drafting(), unit=orgs["other_dept"], reason="属财政局职责", actor=clerk_a
    )
    svc.correction_issue(
        info_request=drafting(),
        issued_on=D(2025, 9, 24),
        items="请明确年份",
        correct_by=D(2025, 10, 15),
        actor=clerk_a,
    )
    svc.info_request_withdraw(info_request=drafting(), withdrawn_on=RECEIVED, actor=clerk_a)
    # under review → awaiting approval / drafting / closed
    for passed in (True, False):
        reviewed = drafted()
        svc.info_request_submit_reply(info_request=reviewed, actor=clerk_a)
        svc.info_request_review(
            info_request=reviewed,
            passed=passed,
            note="" if passed else "请补充法律依据",
            actor=office,
        )
    withdrawn = drafted()
    svc.info_request_submit_reply(info_request=withdrawn, actor=clerk_a)
    svc.info_request_withdraw(info_request=withdrawn, withdrawn_on=RECEIVED, actor=office)
    # awaiting approval → approved / drafting / closed
    for approve in (True, False, None):
        waiting = drafted()
        svc.info_request_submit_reply(info_request=waiting, actor=clerk_a)
        svc.info_request_review(info_request=waiting, passed=True, actor=office)
        if approve is None:
            svc.info_request_withdraw(info_request=waiting, withdrawn_on=RECEIVED, actor=office)
        else:
            svc.info_request_approve(
                info_request=waiting,
                approved=approve,
                note="" if approve else "理由不充分",
                approved_on=D(2025, 10, 20),
                actor=office,
            )
    # approved → served / closed; served → archived; closed → archived
    svc.info_request_withdraw(info_request=approved(), withdrawn_on=D(2025, 10, 20), actor=office)
    svc.info_request_archive(info_request=served(), actor=office, archived_on=D(2025, 10, 22))
    svc.info_request_archive(info_request=abandoned, actor=office, archived_on=D(2025, 10, 22))

    performed = {
        (S(e.from_status), S(e.to_status))
        for e in InfoRequestEvent.objects.exclude(action__in=STEP_ACTIONS)
    }
    assert performed == ALLOWED_PAIRS


# --- forbidden transitions through the services ---------------------------------------------


def test_an_unapproved_reply_cannot_be_served(drafted, clerk_a):
    info_request = drafted()
    with pytest.raises(ValidationError, match="当前状态为“办理中”，不能登记送达"):
        svc.info_request_serve(
            info_request=info_request,
            method="in_person",
            served_on=D(2025, 10, 21),
            actor=clerk_a,
        )
    assert _status(info_request) == S.DRAFTING


def test_an_open_application_cannot_be_archived(drafting, office):
    info_request = drafting()
    with pytest.raises(ValidationError, match="当前状态为“办理中”，不能归档"):
        svc.info_request_archive(info_request=info_request, actor=office)


def test_a_closed_application_cannot_be_reopened_or_withdrawn(served, office, orgs):
    info_request = served()
    with pytest.raises(ValidationError, match="当前状态为“已送达”"):
        svc.info_request_withdraw(info_request=info_request, withdrawn_on=RECEIVED, actor=office)
    with pytest.raises(ValidationError, match="当前状态为“已送达”，不能交办"):
        svc.info_request_dispatch(info_request=info_request, unit=orgs["dept"], actor=office)
    assert _status(info_request) == S.SERVED


def test_an_undispatched_application_cannot_be_signed_for_or_transferred(register, office, orgs):
    info_request = register()
    with pytest.raises(ValidationError, match="不能签收"):
        svc.info_request_accept(info_request=info_request, actor=office)
    with pytest.raises(ValidationError, match="不能转办"):
        svc.info_request_transfer(
            info_request=info_request, unit=orgs["dept"], reason="x", actor=office
        )


def test_review_and_approval_happen_only_in_their_step(drafted, office, clerk_a):
    info_request = drafted()
    with pytest.raises(ValidationError, match="不能审核"):
        svc.info_request_review(info_request=info_request, passed=True, actor=office)
    with pytest.raises(ValidationError, match="不能签发"):
        svc.info_request_approve(info_request=info_request, approved=True, actor=office)
    svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
    with pytest.raises(ValidationError, match="不能提交审核"):
        svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)


def test_a_return_needs_a_note(drafted, office, clerk_a):
    info_request = drafted()
    svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
    with pytest.raises(ValidationError) as exc:
        svc.info_request_review(info_request=info_request, passed=False, note=" ", actor=office)
    assert exc.value.message_dict["note"] == ["请填写退回修改意见。"]
    assert _status(info_request) == S.UNDER_REVIEW


# --- who may act ----------------------------------------------------------------------------


def test_only_the_office_dispatches_and_reviews(register, drafted, orgs, clerk_a, leader):
    with pytest.raises(PermissionDenied):
        svc.info_request_dispatch(info_request=register(), unit=orgs["dept"], actor=clerk_a)
    info_request = drafted()
    svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
    with pytest.raises(PermissionDenied):
        svc.info_request_review(info_request=info_request, passed=True, actor=leader)


def test_staff_of_another_unit_or_site_cannot_handle(drafting, other_clerk, other_office):
    info_request = drafting()
    for actor in (other_clerk, other_office):
        with pytest.raises(PermissionDenied):
            svc.info_request_draft_reply(
                info_request=info_request, outcome="granted", reply_content=REPLY, actor=actor
            )


def test_after_a_transfer_the_old_unit_loses_the_application(drafting, orgs, clerk_a, other_clerk):
    info_request = drafting()
    svc.info_request_transfer(
        info_request=info_request, unit=orgs["other_dept"], reason="属财政局职责", actor=clerk_a
    )
    with pytest.raises(PermissionDenied):
        svc.info_request_accept(info_request=info_request, actor=clerk_a)
    svc.info_request_accept(info_request=info_request, actor=other_clerk)
    event = info_request.events.get(action="transfer")
    assert event.note == "属财政局职责"
    assert event.data["unit_name"] == "示例县财政局"
    assert event.data["from_unit_name"] == "示例县民政局"


def test_transfer_to_the_same_unit_or_another_site_is_refused(drafting, orgs, clerk_a, other_site):
    info_request = drafting()
    with pytest.raises(ValidationError, match="已在此单位办理"):
        svc.info_request_transfer(
            info_request=info_request, unit=orgs["dept"], reason="x", actor=clerk_a
        )
    with pytest.raises(ValidationError, match="不属于本站点"):
        svc.info_request_transfer(
            info_request=info_request, unit=other_site.government, reason="x", actor=clerk_a
        )


def test_a_named_head_is_the_only_approver(drafted, site, office, clerk_a, leader, admin):
    svc.request_settings_update(site=site, head_user=leader, actor=admin)
    info_request = drafted()
    svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
    svc.info_request_review(info_request=info_request, passed=True, actor=office)
    with pytest.raises(PermissionDenied, match="政务公开工作机构负责人"):
        svc.info_request_approve(info_request=info_request, approved=True, actor=office)
    svc.info_request_approve(
        info_request=info_request, approved=True, actor=leader, approved_on=D(2025, 10, 20)
    )
    info_request.refresh_from_db()
    assert (info_request.approved_by, info_request.approved_by_name) == (leader, "王强")
    assert info_request.approved_on == D(2025, 10, 20)


def test_without_a_named_head_any_office_member_approves_but_not_a_unit_leader(
    drafted, office, clerk_a, leader
):
    info_request = drafted()
    svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
    svc.info_request_review(info_request=info_request, passed=True, actor=office)
    with pytest.raises(PermissionDenied):
        svc.info_request_approve(info_request=info_request, approved=True, actor=leader)
    svc.info_request_approve(
        info_request=info_request, approved=True, actor=office, approved_on=D(2025, 10, 20)
    )
    assert _status(info_request) == S.APPROVED


def test_head_must_be_office_or_leader_of_the_site(site, admin, clerk_a, other_office):
    for user in (clerk_a, other_office):
        with pytest.raises(ValidationError):
            svc.request_settings_update(site=site, head_user=user, actor=admin)
    with pytest.raises(PermissionDenied):
        svc.request_settings_update(site=site, head_user=None, actor=clerk_a)


# --- events and audit -----------------------------------------------------------------------


def test_each_transition_writes_one_event_and_one_audit_record(drafting, office, clerk_a):
    info_request = drafting()
    events = list(info_request.events.values_list("action", "from_status", "to_status"))
    assert events == [
        ("register", "", "received"),
        ("dispatch", "received", "dispatched"),
        ("accept", "dispatched", "drafting"),
    ]
    actions = list(
        AuditEvent.objects.filter(
            object_type="info_requests.inforequest", object_id=str(info_request.pk)
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["info_request.register", "info_request.dispatch", "info_request.accept"]
    accept = AuditEvent.objects.get(action="info_request.accept")
    assert accept.organisation_name == "示例县民政局"  # the unit's staff can read it
    assert accept.changes == {"status": ["dispatched", "drafting"]}


def test_events_are_append_only(drafting):
    event = drafting().events.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        InfoRequestEvent.objects.filter(pk=event.pk).update(note="rewritten")
    event.refresh_from_db()
    assert event.note == ""


def test_withdrawal_closes_with_outcome_other(drafted, clerk_a):
    info_request = drafted()
    svc.info_request_withdraw(
        info_request=info_request,
        withdrawn_on=D(2025, 10, 1),
        note="申请人书面撤回",
        actor=clerk_a,
    )
    info_request.refresh_from_db()
    assert info_request.status == S.CLOSED
    assert info_request.outcome == Outcome.OTHER_OTHER
    assert info_request.closed_on == D(2025, 10, 1)
    assert not info_request.withheld_parts.exists()
