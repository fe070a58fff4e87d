"""The services that move the clock: correction, consultation, fee notice, extension, Art. 35,
and the recompute when the calendar changes. Dates counted by hand (see test_deadlines.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.calendar import calendar_day_set, calendar_import_year
from gongkai.core.models import AuditEvent
from gongkai.info_requests import services as svc
from gongkai.info_requests.factories import InfoRequestFactory
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.outcomes import Outcome
from gongkai.info_requests.selectors import applicant_month_position, fees_total
from gongkai.info_requests.states import Status

from .conftest import PERSON, RECEIVED

D = dt.date


def _due(info_request):
    info_request.refresh_from_db()
    return info_request.due_on


ISSUED_ON, CORRECT_BY = D(2025, 9, 24), D(2025, 10, 15)


def _correction(info_request, actor, issued_on=ISSUED_ON, correct_by=CORRECT_BY):
    return svc.correction_issue(
        info_request=info_request,
        issued_on=issued_on,
        items="请写明所需信息的年份和地域范围",
        correct_by=correct_by,
        actor=actor,
    )


# --- correction -----------------------------------------------------------------------------


def test_correction_restarts_the_clock_from_the_corrected_application(drafting, clerk_a):
    info_request = drafting()
    _correction(info_request, clerk_a)
    assert _due(info_request) is None  # no clock while the applicant corrects
    svc.correction_receive(info_request=info_request, corrected_on=D(2025, 10, 13), actor=clerk_a)
    assert _due(info_request) == D(2025, 11, 10)
    assert info_request.received_on == RECEIVED  # the original date stays


def test_only_one_correction_notice(drafting, clerk_a):
    info_request = drafting()
    _correction(info_request, clerk_a)
    svc.correction_receive(info_request=info_request, corrected_on=D(2025, 10, 13), actor=clerk_a)
    with pytest.raises(ValidationError, match="补正只能一次性告知"):
        _correction(info_request, clerk_a, issued_on=D(2025, 10, 14), correct_by=D(2025, 10, 30))


def test_correction_after_the_seventh_working_day_is_recorded_as_late(drafting, clerk_a):
    on_time = _correction(drafting(), clerk_a, issued_on=D(2025, 9, 30))  # day 7
    late = drafting()
    correction = _correction(late, clerk_a, issued_on=D(2025, 10, 9))  # day 8
    assert on_time.issued_late is False
    assert correction.issued_late is True
    event = late.events.get(action="issue_correction")
    assert event.note == "超过收到申请后7个工作日（2025年9月30日）才告知补正。"


def test_correction_period_cannot_end_before_the_notice(drafting, clerk_a):
    with pytest.raises(ValidationError) as exc:
        _correction(drafting(), clerk_a, issued_on=D(2025, 9, 24), correct_by=D(2025, 9, 23))
    assert "不能早于告知日期" in exc.value.message_dict["correct_by"][0]


def test_abandonment_only_after_the_correction_period(drafting, clerk_a):
    info_request = drafting()
    _correction(info_request, clerk_a)
    with pytest.raises(ValidationError, match="补正期限（2025年10月15日）尚未届满"):
        svc.info_request_close_no_correction(
            info_request=info_request, closed_on=D(2025, 10, 15), actor=clerk_a
        )
    svc.info_request_close_no_correction(
        info_request=info_request, closed_on=D(2025, 10, 16), actor=clerk_a
    )
    info_request.refresh_from_db()
    assert (info_request.status, info_request.outcome) == (
        Status.CLOSED,
        Outcome.OTHER_NO_CORRECTION,
    )
    assert "第三十条" in info_request.legal_basis


# --- consultation ---------------------------------------------------------------------------


def test_consultation_stops_the_clock_and_the_answer_pulls_it_back(drafting, clerk_a):
    info_request = drafting()
    consultation = svc.consultation_start(
        info_request=info_request,
        kind="third_party",
        party="示例县某某建材有限公司",
        sent_on=D(2025, 9, 25),
        actor=clerk_a,
    )
    # open: the stop runs to its cap, 15 working days after 09-25 = 10-22
    # (26, 28 make-up, 29, 30 = 4; 10-09..11 = 7; 13..17 = 12; 20..22 = 15), so
    # 09-23, 24 = 2; 10-23, 24 = 4; 27..31 = 9; 11-03..07 = 14; 10..14 = 19; 17 = 20
    assert _due(info_request) == D(2025, 11, 17)
    svc.consultation_answer(
        consultation=consultation, answered_on=D(2025, 9, 29), answer="objection", actor=clerk_a
    )
    assert _due(info_request) == D(2025, 10, 30)
    with pytest.raises(ValidationError, match="已登记答复"):
        svc.consultation_answer(
            consultation=consultation, answered_on=D(2025, 9, 30), answer="consent", actor=clerk_a
        )


def test_consultation_answer_cannot_predate_the_letter(drafting, clerk_a):
    consultation = svc.consultation_start(
        info_request=drafting(),
        kind="co_maker",
        party="示例县财政局",
        sent_on=D(2025, 9, 25),
        actor=clerk_a,
    )
    with pytest.raises(ValidationError) as exc:
        svc.consultation_answer(
            consultation=consultation, answered_on=D(2025, 9, 24), answer="consent", actor=clerk_a
        )
    assert "不能早于发函日期" in exc.value.message_dict["answered_on"][0]


# --- fees -----------------------------------------------------------------------------------


def _earlier_applications(site, organisation, count, month=9):
    for day in range(1, count + 1):
        InfoRequestFactory(
            site=site,
            organisation=organisation,
            id_number=PERSON["id_number"],
            submitted_on=D(2025, month, day),
        )


def test_per_application_fee_counts_the_applicants_month_across_the_site(
    drafting, site, orgs, clerk_a, other_site
):
    _earlier_applications(site, orgs["other_dept"], 10)  # another organ of the same site
    _earlier_applications(site, orgs["dept"], 3, month=8)  # another month
    _earlier_applications(other_site, other_site.government, 5)  # another site
    info_request = drafting()
    assert applicant_month_position(info_request) == 11
    notice = svc.fee_notice_issue(
        info_request=info_request,
        method="per_application",
        sent_on=D(2025, 9, 24),
        actor=clerk_a,
    )
    assert (notice.n_in_month, notice.amount) == (11, Decimal("100.00"))


def test_the_first_ten_applications_of_a_month_are_free(drafting, clerk_a):
    with pytest.raises(ValidationError, match="本月第 1 件申请在免费范围内"):
        svc.fee_notice_issue(
            info_request=drafting(),
            method="per_application",
            sent_on=D(2025, 9, 24),
            actor=clerk_a,
        )


def test_per_volume_fee_and_one_method_only(drafting, clerk_a):
    info_request = drafting()
    with pytest.raises(ValidationError, match="只能选择按件或按量中的一种"):
        svc.fee_notice_issue(
            info_request=info_request,
            method="per_application",
            pages=120,
            sent_on=D(2025, 9, 24),
            actor=clerk_a,
        )
    notice = svc.fee_notice_issue(
        info_request=info_request,
        method="per_volume",
        pages=120,
        sent_on=D(2025, 9, 24),
        notice_received_on=D(2025, 9, 26),
        actor=clerk_a,
    )
    assert notice.amount == Decimal("1100.00")  # 70 × ¥10 + 20 × ¥20
    with pytest.raises(ValidationError, match="已有未缴费的收费通知"):
        svc.fee_notice_issue(
            info_request=info_request,
            method="per_volume",
            pages=300,
            sent_on=D(2025, 9, 25),
            actor=clerk_a,
        )


def test_fee_notice_stops_the_clock_until_payment(drafted, site, orgs, clerk_a):
    info_request = drafted()
    notice = svc.fee_notice_issue(
        info_request=info_request,
        method="per_volume",
        pages=120,
        sent_on=D(2025, 9, 24),
        notice_received_on=D(2025, 9, 26),
        actor=clerk_a,
    )
    assert _due(info_request) == D(2025, 11, 26)  # unpaid: stop to the end of payment period
    with pytest.raises(ValidationError, match="信息处理费尚未缴纳"):
        svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
    svc.fee_notice_paid(
        fee_notice=notice, paid_on=D(2025, 10, 10), receipt_number="NO.0012345", actor=clerk_a
    )
    assert _due(info_request) == D(2025, 11, 5)
    svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
    assert fees_total(orgs["dept"], 2025) == Decimal("1100.00")
    assert fees_total(orgs["dept"], 2024) == Decimal("0.00")


def test_unpaid_fee_closes_the_application_after_the_payment_period(drafting, clerk_a):
    info_request = drafting()
    svc.fee_notice_issue(
        info_request=info_request,
        method="per_volume",
        pages=50,
        sent_on=D(2025, 9, 24),
        notice_received_on=D(2025, 9, 26),
        actor=clerk_a,
    )
    with pytest.raises(ValidationError, match="缴费期限（2025年10月30日）尚未届满"):
        svc.info_request_close_fee_unpaid(
            info_request=info_request, closed_on=D(2025, 10, 30), actor=clerk_a
        )
    svc.info_request_close_fee_unpaid(
        info_request=info_request, closed_on=D(2025, 10, 31), actor=clerk_a
    )
    info_request.refresh_from_db()
    assert (info_request.status, info_request.outcome, info_request.closed_on) == (
        Status.CLOSED,
        Outcome.OTHER_FEE_UNPAID,
        D(2025, 10, 31),
    )


def test_cancelled_fee_notice_stops_the_clock_only_until_cancelled(drafting, clerk_a):
    info_request = drafting()
    notice = svc.fee_notice_issue(
        info_request=info_request,
        method="per_volume",
        pages=50,
        sent_on=D(2025, 9, 24),
        actor=clerk_a,
    )
    svc.fee_notice_cancel(
        fee_notice=notice, cancelled_on=D(2025, 9, 29), reason="按规定减免", actor=clerk_a
    )
    # stop 09-24..29: 23 (1), 30 (2), 10-09..11 (5), 13..17 (10), 20..24 (15), 27..31 (20)
    assert _due(info_request) == D(2025, 10, 31)
    with pytest.raises(ValidationError, match="没有未缴费的收费通知"):
        svc.info_request_close_fee_unpaid(
            info_request=info_request, closed_on=D(2025, 12, 1), actor=clerk_a
        )


# --- extension ------------------------------------------------------------------------------


def _extend(info_request, actor, **kwargs):
    params = {
        "days": 20,
        "reason": "需要调取多个年度的档案",
        "notified_on": D(2025, 10, 20),
        "approved_on": D(2025, 10, 17),
        "actor": actor,
        **kwargs,
    }
    return svc.extension_grant(info_request=info_request, **params)


def test_extension_by_the_head_before_the_original_due_date(drafting, office):
    info_request = drafting()
    extension = _extend(info_request, office)
    assert extension.original_due_on == D(2025, 10, 24)
    assert extension.approved_by_name == "刘芳"
    assert _due(info_request) == D(2025, 11, 21)
    with pytest.raises(ValidationError, match="只能延长一次"):
        _extend(info_request, office, days=5)


def test_extension_notified_after_the_original_due_date_is_refused(drafting, office):
    info_request = drafting()
    with pytest.raises(ValidationError) as exc:
        _extend(info_request, office, notified_on=D(2025, 10, 27))
    assert "原答复期限（2025年10月24日）届满前" in exc.value.message_dict["notified_on"][0]
    assert _due(info_request) == D(2025, 10, 24)


def test_extension_on_the_original_due_date_itself_is_allowed(drafting, office):
    info_request = drafting()
    _extend(info_request, office, notified_on=D(2025, 10, 24), days=3)
    assert _due(info_request) == D(2025, 10, 29)


def test_extension_needs_the_heads_approval_and_at_most_twenty_days(
    drafting, clerk_a, office, leader, site, admin
):
    info_request = drafting()
    with pytest.raises(PermissionDenied):
        _extend(info_request, clerk_a)  # the unit's clerk is not the head
    with pytest.raises(ValidationError) as exc:
        _extend(info_request, office, days=21)
    assert exc.value.message_dict["days"] == ["延长的期限应为1至20个工作日。"]
    svc.request_settings_update(site=site, head_user=leader, actor=admin)
    with pytest.raises(PermissionDenied):
        _extend(info_request, clerk_a, approver=office)
    extension = _extend(info_request, clerk_a, approver=leader)  # recorded by the clerk
    assert extension.approved_by == leader


# --- Art. 35 --------------------------------------------------------------------------------


def test_mass_request_with_reasonable_reasons_gets_a_custom_deadline(drafting, clerk_a, office):
    info_request = drafting()
    with pytest.raises(ValidationError, match="请先要求申请人说明理由"):
        svc.mass_review_decide(
            info_request=info_request,
            decision="reasonable",
            decided_on=D(2025, 9, 30),
            actor=clerk_a,
        )
    svc.mass_review_request_reasons(
        info_request=info_request, requested_on=D(2025, 9, 24), actor=clerk_a
    )
    review = svc.mass_review_decide(
        info_request=info_request,
        decision="reasonable",
        decided_on=D(2025, 9, 30),
        reasons="为撰写学术论文需要系统数据",
        reasons_received_on=D(2025, 9, 29),
        custom_due_on=D(2025, 12, 31),
        actor=clerk_a,
    )
    assert review.get_decision_display() == "理由合理"
    assert _due(info_request) == D(2025, 12, 31)
    with pytest.raises(ValidationError, match="不再延期"):
        _extend(info_request, office)


def test_custom_deadline_cannot_shorten_the_legal_one(drafting, clerk_a):
    info_request = drafting()
    svc.mass_review_request_reasons(
        info_request=info_request, requested_on=D(2025, 9, 24), actor=clerk_a
    )
    with pytest.raises(ValidationError) as exc:
        svc.mass_review_decide(
            info_request=info_request,
            decision="reasonable",
            decided_on=D(2025, 9, 30),
            custom_due_on=D(2025, 10, 20),
            actor=clerk_a,
        )
    assert "不能早于原答复期限" in exc.value.message_dict["custom_due_on"][0]


# --- the calendar changes -------------------------------------------------------------------


def test_a_calendar_change_recomputes_open_due_dates_only(register, served, admin, orgs):
    open_request = register()
    closed = served()
    before_closed = closed.due_on
    calendar_day_set(date=D(2025, 10, 20), is_working=False, name="临时休假", actor=admin)
    assert _due(open_request) == D(2025, 10, 27)
    closed.refresh_from_db()
    assert closed.due_on == before_closed
    event = AuditEvent.objects.get(action="info_request.recompute_due")
    assert event.object_id == str(open_request.pk)
    assert event.changes["due_on"] == ["2025-10-24", "2025-10-27"]
    assert event.note == "工作日历调整"


def test_importing_next_years_schedule_makes_a_provisional_due_date_final(site, orgs, calendar):
    info_request = InfoRequestFactory(
        site=site, organisation=orgs["dept"], submitted_on=D(2026, 12, 10)
    )
    assert (info_request.due_on, info_request.due_provisional) == (D(2027, 1, 7), True)
    assert info_request.due_missing_years == [2027]
    calendar_import_year(year=2027, text="2027-01-01..2027-01-03 元旦 休\n", actor=None)
    info_request = InfoRequest.objects.get(pk=info_request.pk)
    assert (info_request.due_on, info_request.due_provisional) == (D(2027, 1, 8), False)
    assert info_request.due_missing_years == []
