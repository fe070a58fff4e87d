"""AB角缺位: units with fewer than two active A/B staff, for the disclosure office only."""

from __future__ import annotations

import pytest

from conftest import OTHER_SITE_HOST
from gongkai.organizations.factories import OrganisationFactory, StaffFactory, UserFactory
from gongkai.organizations.models import OrganisationKind, Role

pytestmark = pytest.mark.django_db


def _codes(response) -> list[str]:
    return [row["org"].code for row in response.context["rows"]]


def _missing(response, code) -> str:
    return next(row["missing"] for row in response.context["rows"] if row["org"].code == code)


@pytest.mark.parametrize("persona", ["clerk_a", "clerk_b", "leader"])
def test_unit_staff_are_refused(client_of, persona, request):
    user = request.getfixturevalue(persona)
    response = client_of(user).get("/manage/ab-gaps/")
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["office", "admin"])
def test_office_and_admin_may_read(client_of, persona, request):
    user = request.getfixturevalue(persona)
    assert client_of(user).get("/manage/ab-gaps/").status_code == 200


def test_a_with_inactive_b_is_a_gap(client_of, office, clerk_a, clerk_b):
    clerk_b.staff.is_active = False
    clerk_b.staff.save()
    response = client_of(office).get("/manage/ab-gaps/")
    assert "SLXMZJ" in _codes(response)
    assert _missing(response, "SLXMZJ") == "缺B角"
    row = next(r for r in response.context["rows"] if r["org"].code == "SLXMZJ")
    assert (row["org"].clerk_a_count, row["org"].clerk_b_count) == (1, 0)


def test_a_and_b_active_is_not_a_gap(client_of, office, clerk_a, clerk_b):
    response = client_of(office).get("/manage/ab-gaps/")
    assert "SLXMZJ" not in _codes(response)
    assert "示例县民政局" not in response.content.decode()


def test_what_is_missing_is_named(client_of, office, orgs, other_clerk):
    b_only = OrganisationFactory(
        site=orgs["government"].site,
        parent=orgs["government"],
        code="SLXJYJ",
        full_name="示例县教育局",
    )
    StaffFactory(user=UserFactory(username="b_only"), organisation=b_only, role=Role.CLERK_B)
    response = client_of(office).get("/manage/ab-gaps/")
    assert _missing(response, "SLXCZJ") == "缺B角"  # other_clerk is its A角
    assert _missing(response, "SLXJYJ") == "缺A角"
    assert _missing(response, "SLXZF") == "A/B均缺"
    html = response.content.decode()
    assert "A/B均缺" in html
    assert "缺A角" in html


def test_other_sites_units_never_appear(client_of, office, other_office):
    response = client_of(office).get("/manage/ab-gaps/")
    assert _codes(response)
    assert not any(code.startswith("LX") for code in _codes(response))
    assert "邻县" not in response.content.decode()
    other = client_of(other_office, host=OTHER_SITE_HOST).get("/manage/ab-gaps/")
    assert set(_codes(other)) == {"LXZF", "LXZFB"}


def test_filter_by_kind(client_of, office, orgs):
    response = client_of(office).get("/manage/ab-gaps/", {"kind": OrganisationKind.DEPARTMENT})
    assert set(_codes(response)) == {"SLXMZJ", "SLXCZJ"}


def test_invalid_kind_is_a_form_error_not_a_crash(client_of, office, orgs):
    response = client_of(office).get("/manage/ab-gaps/", {"kind": "planet"})
    assert response.status_code == 200
    assert "请选择有效的机构类型。" in response.content.decode()
    assert "SLXZF" in _codes(response)  # the unfiltered list is still shown


def test_two_a_and_no_b_is_a_gap(client_of, office, orgs, clerk_a):
    StaffFactory(
        user=UserFactory(username="second_a"), organisation=orgs["dept"], role=Role.CLERK_A
    )
    response = client_of(office).get("/manage/ab-gaps/")
    assert "SLXMZJ" in _codes(response)
    assert _missing(response, "SLXMZJ") == "缺B角"
