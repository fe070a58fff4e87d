"""Reads with rules: visibility, the applicant's lookup and what it shows, the workbench list,
and the facts the annual report counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib

import pytest
import time_machine

from gongkai.info_requests import services as svc
from gongkai.info_requests.choices import RemedyKind, RemedyResult
from gongkai.info_requests.factories import (
    InfoRequestFactory,
    LitigationFactory,
    ReconsiderationFactory,
)
from gongkai.info_requests.outcomes import ApplicantType, Outcome
from gongkai.info_requests.selectors import (
    ApplicationRecord,
    RemedyRecord,
    application_facts,
    info_request_for_applicant,
    info_requests_visible_to,
    open_requests_by_days_left,
    overdue_requests,
    public_status,
    remedy_facts,
)
from gongkai.info_requests.states import Status
from gongkai.organizations.factories import OrganisationFactory
from gongkai.organizations.models import OrganisationKind

from .conftest import PERSON, RECEIVED

D = dt.date


# --- visibility -----------------------------------------------------------------------------


def test_visibility_by_role_unit_and_site(
    register, orgs, office, admin, clerk_a, clerk_b, leader, other_clerk, other_office, site
):
    mine = register()
    svc.info_request_dispatch(info_request=mine, unit=orgs["dept"], actor=office)
    theirs = register()
    svc.info_request_dispatch(info_request=theirs, unit=orgs["other_dept"], actor=office)
    undispatched = register()
    everything = {mine, theirs, undispatched}
    assert set(info_requests_visible_to(office)) == everything
    assert set(info_requests_visible_to(admin)) == everything
    for unit_staff in (clerk_a, clerk_b, leader):
        assert set(info_requests_visible_to(unit_staff)) == {mine}
    assert set(info_requests_visible_to(other_clerk)) == {theirs}
    assert not info_requests_visible_to(other_office).exists()
    assert not info_requests_visible_to(None).exists()


def test_a_township_sees_what_is_dispatched_to_its_villages(register, site, orgs, office):
    from gongkai.organizations.factories import StaffFactory, UserFactory
    from gongkai.organizations.models import Role

    town = OrganisationFactory(site=site, parent=site.government, kind=OrganisationKind.TOWNSHIP)
    village = OrganisationFactory(site=site, parent=town, kind=OrganisationKind.VILLAGE)
    town_clerk = UserFactory()
    StaffFactory(user=town_clerk, organisation=town, role=Role.CLERK_A)
    village_clerk = UserFactory()
    StaffFactory(user=village_clerk, organisation=village, role=Role.CLERK_A)
    info_request = register()
    svc.info_request_dispatch(info_request=info_request, unit=village, actor=office)
    assert list(info_requests_visible_to(town_clerk)) == [info_request]
    assert list(info_requests_visible_to(village_clerk)) == [info_request]


# --- the applicant's lookup -----------------------------------------------------------------


def test_applicant_finds_the_application_with_number_and_code_only(
    site, orgs, office, calendar, other_site
):
    registration = svc.info_request_register(
        site=site, channel="in_person", submitted_on=RECEIVED, actor=office, **PERSON
    )
    number, code = registration.info_request.tracking_number, registration.query_code
    found = info_request_for_applicant(site, f" {number.lower()} ", code.lower())
    assert found == registration.info_request
    assert info_request_for_applicant(site, number, "WRONGCOD") is None
    assert info_request_for_applicant(site, number, "") is None
    assert info_request_for_applicant(site, "YSQ-2025-999999", code) is None
    assert info_request_for_applicant(other_site, number, code) is None


def test_public_status_never_shows_identity_or_contact_details(drafting, clerk_a, orgs):
    info_request = drafting()
    svc.correction_issue(
        info_request=info_request,
        issued_on=D(2025, 9, 24),
        items="请明确年份",
        correct_by=D(2025, 10, 15),
        actor=clerk_a,
    )
    info_request.refresh_from_db()
    status = public_status(info_request)
    assert status.tracking_number == info_request.tracking_number
    assert status.status_label == "待补正"
    assert status.unit_name == "示例县民政局"
    assert [letter.title for letter in status.letters] == [
        "政府信息公开申请登记回执",
        "补正申请告知书",
    ]
    text = repr(dataclasses.asdict(status))
    for secret in (
        PERSON["id_number"],
        PERSON["phone"],
        PERSON["email"],
        PERSON["address"],
        PERSON["applicant_name"],
        PERSON["description"],
    ):
        assert secret not in text


# --- the workbench --------------------------------------------------------------------------


def test_workbench_sorts_by_working_days_left_and_warns_at_five(
    register, office, orgs, clerk_a, site
):
    late = register(submitted_on=D(2025, 9, 15))  # due 10-17
    soon = register(submitted_on=D(2025, 9, 22))  # due 10-24
    later = register(submitted_on=D(2025, 10, 13))  # due 11-10
    waiting = register(channel="online")  # no clock yet
    with time_machine.travel(dt.datetime(2025, 10, 20, 9, 0, tzinfo=dt.UTC)):
        rows = open_requests_by_days_left(office)
        overdue = set(overdue_requests(info_requests_visible_to(office), D(2025, 10, 20)))
    assert [r.info_request for r in rows] == [late, soon, later, waiting]
    assert [r.days_left for r in rows] == [-1, 4, 15, None]
    assert [r.overdue for r in rows] == [True, False, False, False]
    assert [r.warning for r in rows] == [True, True, False, False]
    assert overdue == {late}
    assert open_requests_by_days_left(clerk_a) == []  # nothing dispatched to the unit


def test_closed_applications_leave_the_workbench(served, office):
    served()
    assert open_requests_by_days_left(office, today=D(2025, 10, 22)) == []


# --- the annual report ----------------------------------------------------------------------


def test_application_facts_keep_the_original_receipt_date_after_correction(
    drafting, served, register, clerk_a, office, orgs, site
):
    corrected = drafting()
    svc.correction_issue(
        info_request=corrected,
        issued_on=D(2025, 9, 24),
        items="请明确年份",
        correct_by=D(2025, 10, 15),
        actor=clerk_a,
    )
    svc.correction_receive(info_request=corrected, corrected_on=D(2025, 10, 13), actor=clerk_a)
    closed = served(served_on=D(2025, 10, 21))
    company = register(
        applicant_type="commercial",
        applicant_name="示例建材有限公司",
        id_type="credit_code",
        id_number="91350100M000100Y43",
        contact_person="赵经理",
    )
    InfoRequestFactory(
        site=site,
        organisation=orgs["dept"],
        submitted_on=D(2024, 12, 30),
        status=Status.SERVED,
        closed_on=D(2025, 1, 10),
        outcome="partial",
    )
    InfoRequestFactory(
        site=site,
        organisation=orgs["dept"],
        submitted_on=D(2024, 3, 1),
        status=Status.SERVED,
        closed_on=D(2024, 3, 20),
        outcome="granted",
    )
    InfoRequestFactory(site=site, organisation=orgs["other_dept"])  # another organ
    register(channel="online")  # never received: not counted
    facts = application_facts(orgs["dept"], 2025)
    assert facts == [
        ApplicationRecord(
            ApplicantType.NATURAL_PERSON, D(2024, 12, 30), D(2025, 1, 10), Outcome.PARTIAL
        ),
        ApplicationRecord(ApplicantType.NATURAL_PERSON, RECEIVED, None, None),
        ApplicationRecord(ApplicantType.NATURAL_PERSON, RECEIVED, D(2025, 10, 21), Outcome.GRANTED),
        ApplicationRecord(ApplicantType.COMMERCIAL, RECEIVED, None, None),
    ]
    assert corrected.pk and closed.pk and company.pk


def test_facts_feed_the_national_table_three_and_four(served, orgs, site):
    served()
    ReconsiderationFactory(
        info_request=InfoRequestFactory(site=site, organisation=orgs["dept"]),
        result=RemedyResult.UPHELD,
        decided_on=D(2025, 12, 20),
    )
    # Imported by name: this layer may not import reports (import-linter), but the records must
    # stay what reports.annual counts.
    annual = importlib.import_module("gongkai.reports.annual")
    facts = [
        annual.ApplicationFact(**dataclasses.asdict(f))
        for f in application_facts(orgs["dept"], 2025)
    ]
    table = annual.table3(facts, 2025)
    assert table["new_received"]["natural_person"] == 2
    assert table["granted"]["total"] == 1
    assert table["carried_forward"]["total"] == 1
    remedies = [
        annual.RemedyFact(**dataclasses.asdict(r)) for r in remedy_facts(orgs["dept"], 2025)
    ]
    assert annual.table4(remedies, 2025)["reconsideration"]["upheld"] == 1
    assert set(RemedyKind.values) == set(annual.RemedyKind.values)
    assert set(RemedyResult.values) == set(annual.RemedyResult.values)


def test_remedy_facts_by_year_filed(served, office, orgs, site):
    info_request = served()
    reconsideration = svc.reconsideration_record(
        info_request=info_request, filed_on=D(2025, 11, 3), organ="示例县人民政府", actor=office
    )
    svc.reconsideration_update(
        reconsideration=reconsideration,
        result="corrected",
        decided_on=D(2025, 12, 29),
        actor=office,
    )
    svc.litigation_record(
        info_request=info_request,
        kind="after_reconsideration",
        reconsideration=reconsideration,
        filed_on=D(2026, 1, 8),
        court="示例县人民法院",
        actor=office,
    )
    LitigationFactory(info_request=info_request, filed_on=D(2025, 12, 1))
    LitigationFactory(info_request=InfoRequestFactory(site=site, organisation=orgs["other_dept"]))
    assert remedy_facts(orgs["dept"], 2025) == [
        RemedyRecord(RemedyKind.RECONSIDERATION, D(2025, 11, 3), RemedyResult.CORRECTED),
        RemedyRecord(RemedyKind.LITIGATION_DIRECT, D(2025, 12, 1), RemedyResult.PENDING),
    ]
    assert remedy_facts(orgs["dept"], 2026) == [
        RemedyRecord(
            RemedyKind.LITIGATION_AFTER_RECONSIDERATION, D(2026, 1, 8), RemedyResult.PENDING
        )
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"result": "upheld"}, "decided_on", "请填写决定或裁判日期"),
        ({"decided_on": D(2025, 12, 1)}, "decided_on", "尚未审结"),
        ({"filed_on": D(2025, 9, 1)}, "filed_on", "不能早于收到申请日期"),
        ({"organ": ""}, "organ", "请填写复议机关。"),
    ],
)
def test_bad_reconsideration_is_refused(served, office, kwargs, field, message):
    params = {"filed_on": D(2025, 11, 3), "organ": "示例县人民政府", **kwargs}
    with pytest.raises(Exception) as exc:
        svc.reconsideration_record(info_request=served(), actor=office, **params)
    assert message in exc.value.message_dict[field][0]


def test_a_direct_suit_cannot_follow_a_reconsideration(served, office):
    info_request = served()
    reconsideration = svc.reconsideration_record(
        info_request=info_request, filed_on=D(2025, 11, 3), organ="示例县人民政府", actor=office
    )
    with pytest.raises(Exception) as exc:
        svc.litigation_record(
            info_request=info_request,
            kind="direct",
            reconsideration=reconsideration,
            filed_on=D(2025, 12, 1),
            court="示例县人民法院",
            actor=office,
        )
    assert "reconsideration" in exc.value.message_dict
