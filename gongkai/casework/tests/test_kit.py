"""The casework kit on its own: actors, authorisation rules, the workflow, the event log, the
step table (one predicate offers and enforces), clock stops and the append-only trigger."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from gongkai.casework.clock import ClockStop, due_after, resolve_stops
from gongkai.casework.endpoints import StepEndpoint, _view
from gongkai.casework.steps import Step, StepTable
from gongkai.casework.workflow import Workflow
from gongkai.core.append_only import trigger_statements
from gongkai.core.deadlines import WorkCalendar
from gongkai.organizations.actors import SYSTEM, ActorKind, actor_of, applicant
from gongkai.organizations.authority import (
    OFFICE,
    Inherit,
    NamedPeople,
    TheApplicant,
    UnitStaff,
    authorise,
    permitted,
)
from gongkai.organizations.factories import OrganisationFactory, UserFactory
from gongkai.organizations.models import OrganisationKind

D = dt.date


class Light(models.TextChoices):
    RED = "red", "红灯"
    GREEN = "green", "绿灯"
    OFF = "off", "关闭"


FLOW = Workflow(
    Light, {Light.RED: {Light.GREEN, Light.OFF}, Light.GREEN: {Light.RED}, Light.OFF: set()}
)


# --- actors ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_actor_of_names_every_kind_of_caller(clerk_a):
    assert actor_of(None) is SYSTEM and SYSTEM.name == "系统"
    assert actor_of(AnonymousUser()).kind == ActorKind.VISITOR
    staff = actor_of(clerk_a)
    assert staff.kind == ActorKind.STAFF and staff.name == "张明" and staff.pk == clerk_a.pk
    assert staff.audit_identity() == (clerk_a.pk, "张明")
    assert actor_of(staff) is staff
    operator = actor_of(UserFactory(username="root", is_superuser=True))
    assert operator.kind == ActorKind.PLATFORM
    assert actor_of(UserFactory(username="nobody")).kind == ActorKind.UNAFFILIATED
    assert applicant().name == "申请人" and applicant().pk is None


# --- authorisation -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_rule_allowing_is_enough_and_the_first_reason_is_given(clerk_a, office, orgs):
    unit = UnitStaff(orgs["dept"], message="不是本单位")
    assert authorise(clerk_a, [unit], site_id=orgs["dept"].site_id).name == "张明"
    with pytest.raises(PermissionDenied, match="不是本单位"):
        authorise(office, [unit], site_id=orgs["dept"].site_id)
    assert permitted(office, [unit, OFFICE], site_id=orgs["dept"].site_id)


@pytest.mark.django_db
def test_staff_of_another_site_and_people_without_staff_are_refused(other_office, orgs, site):
    with pytest.raises(PermissionDenied, match="其他站点"):
        authorise(other_office, [OFFICE], site_id=site.pk)
    with pytest.raises(PermissionDenied, match="没有在岗的工作人员身份"):
        authorise(AnonymousUser(), [OFFICE], site_id=site.pk)
    with pytest.raises(PermissionDenied, match="没有在岗的工作人员身份"):
        authorise(applicant(), [OFFICE], site_id=site.pk)
    assert authorise(applicant(), [TheApplicant()], site_id=site.pk).kind == ActorKind.APPLICANT
    assert authorise(None, [], site_id=site.pk) is SYSTEM


@pytest.mark.django_db
def test_a_platform_operator_may_act_but_not_sign_in_someone_elses_name(site):
    operator = UserFactory(username="root", is_superuser=True)
    assert authorise(operator, [OFFICE], site_id=site.pk).kind == ActorKind.PLATFORM
    head = NamedPeople(frozenset({12345}), "只有负责人可以签发。")
    with pytest.raises(PermissionDenied, match="平台管理员不能"):
        authorise(operator, [head], site_id=site.pk)


@pytest.mark.django_db
def test_named_people_exclude_the_drafter(leader, orgs):
    rule = NamedPeople(
        frozenset({leader.pk}),
        "只有负责人可以签发。",
        frozenset({leader.pk}),
        "不能签发自己起草的答复。",
    )
    with pytest.raises(PermissionDenied, match="不能签发自己起草的答复"):
        authorise(leader, [rule], site_id=orgs["dept"].site_id)


@pytest.mark.django_db
def test_inheritance_down_the_tree_follows_the_rule(site, orgs):
    from conftest import _staff  # the personas' helper
    from gongkai.organizations.models import Role

    town = OrganisationFactory(site=site, parent=site.government, kind=OrganisationKind.TOWNSHIP)
    village = OrganisationFactory(site=site, parent=town, kind=OrganisationKind.VILLAGE)
    town_clerk = _staff("town_clerk", "周一", town, Role.CLERK_A)
    sid = site.pk
    assert permitted(town_clerk, [UnitStaff(village, inherit=Inherit.SUBTREE)], site_id=sid)
    assert not permitted(town_clerk, [UnitStaff(village, inherit=Inherit.NONE)], site_id=sid)
    assert not permitted(town_clerk, [UnitStaff(village, inherit=Inherit.CONFIGURED)], site_id=sid)
    town.acts_for_subunits = True
    town_clerk._gongkai_staff.organisation.acts_for_subunits = True
    assert permitted(town_clerk, [UnitStaff(village, inherit=Inherit.CONFIGURED)], site_id=sid)


# --- workflow and events -----------------------------------------------------------------------


def test_the_workflow_refuses_what_its_table_lacks():
    FLOW.check(Light.RED, Light.GREEN)
    with pytest.raises(ValidationError, match="当前状态为“关闭”，不能变更为“红灯”"):
        FLOW.check(Light.OFF, Light.RED)
    with pytest.raises(ValueError):
        FLOW.check("blue", Light.RED)
    with pytest.raises(ValidationError, match="不能修理"):
        FLOW.require(Light.OFF, {Light.RED}, "修理")
    assert ("red", "off") in FLOW.pairs


# --- the step table ----------------------------------------------------------------------------


def _table(rules):
    steps = [
        Step("go", "放行", "anyone", frozenset({Light.RED, Light.OFF}), Light.GREEN, primary=True),
        Step(
            "stop",
            "拦停",
            "anyone",
            frozenset({Light.GREEN}),
            Light.RED,
            when=lambda case, facts: facts["cars"] > 0,
            refusal="没有车辆，无需拦停。",
        ),
        Step("fix", "检修", "nobody", frozenset(Light)),
    ]
    return StepTable(steps, workflow=FLOW, rules=rules, facts=lambda case: {"cars": case.cars})


def test_the_table_narrows_starting_statuses_by_the_workflow():
    table = _table({"anyone": lambda c, f: [], "nobody": lambda c, f: []})
    assert table.statuses(table["go"]) == {"red"}  # off → green is not in the table


def test_a_table_naming_undefined_rules_is_refused():
    with pytest.raises(ValueError, match="not defined"):
        _table({"anyone": lambda c, f: []})


@pytest.mark.django_db
def test_what_the_table_offers_is_exactly_what_it_enforces(site):
    table = _table({"anyone": lambda c, f: [TheApplicant()], "nobody": lambda c, f: [OFFICE]})
    case = SimpleNamespace(status=Light.GREEN, cars=0, site_id=site.pk)
    who = applicant()
    assert [s.key for s in table.offered(case, who)] == []
    state = table.state(case, who, "stop")
    assert state.permitted and not state.possible and state.reason == "没有车辆，无需拦停。"
    with pytest.raises(ValidationError, match="没有车辆"):
        table.enforce(case, who, "stop")
    case.cars = 3
    assert [s.key for s in table.offered(case, who)] == ["stop"]
    assert table.enforce(case, who, "stop").kind == ActorKind.APPLICANT
    with pytest.raises(PermissionDenied):
        table.enforce(case, who, "fix")
    with pytest.raises(ValidationError, match="当前状态为“绿灯”，不能放行"):
        table.enforce(case, who, "go")


# --- clock stops -------------------------------------------------------------------------------


def _weekdays() -> WorkCalendar:
    days = {}
    day = D(2030, 1, 1)
    while day.year == 2030:
        days[day] = day.weekday() < 5
        day += dt.timedelta(days=1)
    return WorkCalendar.from_rows(days.items())


def test_a_stop_ends_at_its_cap_counted_from_its_own_start():
    calendar = _weekdays()
    # Sent Mon 7 Jan, delivered Wed 9 Jan: 15 working days from the delivery end Wed 30 Jan.
    capped = ClockStop(D(2030, 1, 7), None, 15, D(2030, 1, 9))
    assert resolve_stops([capped], calendar).intervals == ((D(2030, 1, 7), D(2030, 1, 30)),)
    answered = ClockStop(D(2030, 1, 7), D(2030, 1, 10), 15, D(2030, 1, 9))
    assert resolve_stops([answered], calendar).intervals == ((D(2030, 1, 7), D(2030, 1, 10)),)
    with pytest.raises(ValueError):
        ClockStop(D(2030, 1, 7))


def test_due_after_skips_the_stopped_days():
    calendar = _weekdays()
    plain = due_after(D(2030, 1, 4), 5, [], calendar)  # Fri → the 5th working day after
    assert plain.due == D(2030, 1, 11) and not plain.provisional
    stopped = due_after(D(2030, 1, 4), 5, [ClockStop(D(2030, 1, 7), D(2030, 1, 8))], calendar)
    assert stopped.due == D(2030, 1, 15)


# --- the generic endpoint and the trigger helper -----------------------------------------------


def test_a_row_endpoint_must_name_its_row():
    spec = StepEndpoint("/rows/{row_id}/x", "x", "x", service=lambda **kw: None)
    with pytest.raises(ValueError, match="row"):
        _view(spec, case_param="case_id", case_kwarg="case", load=None, answer=None)


def test_the_generated_endpoint_declares_its_parameters_for_ninja():
    class Payload:
        pass

    spec = StepEndpoint(
        "/rows/{row_id}/x",
        "x",
        "x_row",
        service=lambda **kw: None,
        schema=Payload,
        row="rows",
        row_kwarg="row",
    )
    import inspect

    view = _view(spec, case_param="case_id", case_kwarg="case", load=None, answer=None)
    parameters = inspect.signature(view).parameters
    assert list(parameters) == ["request", "case_id", "row_id", "payload"]
    assert parameters["payload"].annotation is Payload and parameters["row_id"].annotation is int


def test_the_trigger_helper_writes_both_databases_and_refuses_others():
    create, drop = trigger_statements("sqlite", "t", when="NEW.a {distinct} OLD.a")
    assert "WHEN NEW.a IS NOT OLD.a" in create[0] and drop == ["DROP TRIGGER IF EXISTS t_no_update"]
    create, drop = trigger_statements("postgresql", "t", when="NEW.a {distinct} OLD.a")
    assert "IS DISTINCT FROM" in create[0] and "restrict_violation" in create[0]
    assert len(drop) == 2
    with pytest.raises(RuntimeError):
        trigger_statements("mysql", "t")
