"""Management pages: who may open them, the happy paths, bad input as form errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import OTHER_SITE_HOST
from gongkai.core.models import AuditEvent
from gongkai.organizations.factories import (
    OrganisationFactory,
    StaffFactory,
    make_credit_code,
)
from gongkai.organizations.models import Organisation, OrganisationKind, Role, Sector, Staff

pytestmark = pytest.mark.django_db
User = get_user_model()
K = OrganisationKind

LIST = reverse("organizations:list")
CREATE = reverse("organizations:create")
STAFF_LIST = reverse("organizations:staff_list")
STAFF_CREATE = reverse("organizations:staff_create")
MY_UNIT = reverse("organizations:my_unit")


def writes() -> Any:
    """Audit events of writes (signing in is audited too, by the accounts receivers)."""
    return AuditEvent.objects.exclude(action__startswith="auth.")


def org_post(parent_org: Organisation, **overrides: Any) -> dict[str, Any]:
    data = {
        "parent": parent_org.pk,
        "kind": K.DEPARTMENT,
        "sector": "",
        "code": "SLXTJJ",
        "full_name": "示例县统计局",
        "short_name": "县统计局",
        "credit_code": make_credit_code("370899", 501),
        "address": "示例县人民路1号",
        "postcode": "272000",
        "phone": "0537-7000001",
        "fax": "",
        "email": "tjj@example.gov.cn",
        "office_hours": "工作日 8:30-17:30",
        "sort_order": 50,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def staff_post(org: Organisation, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": "mzj_c",
        "full_name": "周敏",
        "role": Role.CLERK_B,
        "organisation": org.pk,
        "title": "科员",
        "phone": "",
        "email": "",
        "password1": "Quite-long-pass-77",
        "password2": "Quite-long-pass-77",
    }
    data.update(overrides)
    return data


class TestPermissions:
    @pytest.mark.parametrize("persona", ["clerk_a", "clerk_b", "leader", "other_clerk"])
    @pytest.mark.parametrize("url", [LIST, CREATE, STAFF_LIST, STAFF_CREATE])
    def test_unit_staff_get_403(self, request, client_of, persona, url):
        response = client_of(request.getfixturevalue(persona)).get(url)
        assert response.status_code == 403
        assert "无权" in response.content.decode()

    def test_unit_staff_cannot_post_either(self, client_of, clerk_a, orgs):
        response = client_of(clerk_a).post(CREATE, org_post(orgs["government"]))
        assert response.status_code == 403
        assert not Organisation.objects.filter(code="SLXTJJ").exists()

    def test_anonymous_is_sent_to_login(self, client, site):
        response = client.get(LIST, HTTP_HOST="gk.example.gov.cn")
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    @pytest.mark.parametrize("persona", ["office", "admin"])
    @pytest.mark.parametrize("url", [LIST, CREATE, STAFF_LIST, STAFF_CREATE])
    def test_managers_may_open(self, request, client_of, persona, url):
        assert client_of(request.getfixturevalue(persona)).get(url).status_code == 200

    def test_office_on_another_sites_host_gets_403_in_chinese(self, client_of, office, other_site):
        response = client_of(office, host=OTHER_SITE_HOST).get(LIST)
        assert response.status_code == 403
        assert "此账号不属于本站点" in response.content.decode()

    def test_host_with_port_and_capitals_reaches_its_site(self, client_of, office, other_site):
        assert client_of(office, host="GK.Example.gov.cn:8443").get(LIST).status_code == 200
        response = client_of(office, host="OTHER.Example.gov.cn:8443").get(LIST)
        assert response.status_code == 403

    def test_other_office_cannot_open_this_sites_objects(
        self, client_of, orgs, clerk_a, other_office
    ):
        client = client_of(other_office, host=OTHER_SITE_HOST)
        edit = reverse("organizations:edit", args=[orgs["dept"].pk])
        assert client.get(edit).status_code == 404
        assert client.post(edit, org_post(orgs["government"])).status_code == 404
        staff_edit = reverse("organizations:staff_edit", args=[clerk_a.staff.pk])
        assert client.get(staff_edit).status_code == 404
        assert not writes().exists()


class TestOrganisationPages:
    def test_list_is_the_sites_tree(self, client_of, office, orgs, other_site):
        town = OrganisationFactory(
            site=orgs["government"].site,
            parent=orgs["government"],
            kind=K.TOWNSHIP,
            code="CGJD",
            full_name="城关街道",
        )
        OrganisationFactory(
            site=town.site, parent=town, kind=K.VILLAGE, code="DGSQ", full_name="东关社区"
        )
        content = client_of(office).get(LIST).content.decode()
        assert "示例县民政局" in content
        assert "邻县" not in content
        # The village is indented below its township.
        assert "\u3000\u3000└ 东关社区" in content
        assert content.index("城关街道") < content.index("东关社区")

    def test_filter_by_kind_and_search(self, client_of, office, orgs):
        OrganisationFactory(
            site=orgs["government"].site,
            parent=orgs["government"],
            kind=K.TOWNSHIP,
            code="CGJD",
            full_name="城关街道",
        )
        client = client_of(office)
        content = client.get(LIST, {"kind": K.TOWNSHIP}).content.decode()
        assert "城关街道" in content and "示例县民政局" not in content
        content = client.get(LIST, {"q": "SLXCZJ"}).content.decode()
        assert "示例县财政局" in content and "示例县民政局" not in content
        # An unknown kind is ignored, not an error.
        assert client.get(LIST, {"kind": "nonsense"}).status_code == 200

    def test_office_creates_an_organisation(self, client_of, office, orgs):
        response = client_of(office).post(CREATE, org_post(orgs["government"]))
        assert response.status_code == 302
        org = Organisation.objects.get(code="SLXTJJ")
        assert org.parent == orgs["government"]
        assert org.path == f"{orgs['government'].path}{org.pk}/"
        event = AuditEvent.objects.get(action="organisation.create")
        assert (event.organisation_id, event.actor_id) == (org.pk, office.pk)

    def test_enterprise_with_sector(self, client_of, admin, orgs):
        data = org_post(
            orgs["dept"],
            kind=K.ENTERPRISE,
            sector=Sector.HEALTH,
            code="SLXFLY",
            full_name="示例县福利院",
        )
        assert client_of(admin).post(CREATE, data).status_code == 302
        org = Organisation.objects.get(code="SLXFLY")
        assert org.sector == Sector.HEALTH
        content = client_of(admin).get(reverse("organizations:edit", args=[org.pk])).content
        assert "所属行业：<strong>医疗卫生</strong>" in content.decode()

    def test_bad_credit_code_is_a_form_error(self, client_of, office, orgs):
        good = make_credit_code("370899", 501)
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        response = client_of(office).post(CREATE, org_post(orgs["government"], credit_code=bad))
        assert response.status_code == 200
        assert "统一社会信用代码应为18位" in response.content.decode()
        assert not Organisation.objects.filter(code="SLXTJJ").exists()
        assert not writes().exists()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"kind": K.ENTERPRISE}, "公共企事业单位须选择所属行业。"),
            ({"kind": K.VILLAGE}, "村居的上级应为镇街。"),
            ({"code": "SLXMZJ"}, "本站点已有使用该机构代码的机构。"),
            ({"full_name": ""}, "这个字段是必填项。"),
            ({"parent": "999999"}, "选择一个有效的选项"),
            ({"postcode": "abc"}, "邮政编码应为6位数字。"),
            ({"code": "统计局"}, "机构代码只能由字母、数字"),
        ],
    )
    def test_bad_input_is_a_chinese_form_error(self, client_of, office, orgs, overrides, message):
        response = client_of(office).post(CREATE, org_post(orgs["government"], **overrides))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not writes().exists()

    def test_parent_from_another_site_is_not_a_choice(self, client_of, office, orgs, other_site):
        client = client_of(office)
        content = client.get(CREATE).content.decode()
        assert "邻县人民政府" not in content
        response = client.post(CREATE, org_post(other_site.government))
        assert response.status_code == 200
        assert not Organisation.objects.filter(code="SLXTJJ").exists()

    def test_edit_changes_and_audits(self, client_of, office, orgs):
        dept = orgs["dept"]
        url = reverse("organizations:edit", args=[dept.pk])
        client = client_of(office)
        page = client.get(url).content.decode()
        assert 'value="示例县民政局"' in page
        # The unit and its subtree are not offered as its own parent.
        assert f'<option value="{dept.pk}"' not in page
        data = org_post(
            orgs["government"],
            code=dept.code,
            full_name=dept.full_name,
            credit_code=dept.credit_code,
            phone="0537-3210000",
        )
        assert client.post(url, data).status_code == 302
        dept.refresh_from_db()
        assert dept.phone == "0537-3210000"
        event = AuditEvent.objects.get(action="organisation.update")
        assert event.changes["phone"] == ["0537-1234567", "0537-3210000"]

    def test_moving_under_own_child_is_a_form_error(self, client_of, office, orgs):
        dept = orgs["dept"]
        child = OrganisationFactory(site=dept.site, parent=dept, code="SUB", full_name="下属中心")
        data = org_post(child, code=dept.code, full_name=dept.full_name)
        response = client_of(office).post(reverse("organizations:edit", args=[dept.pk]), data)
        assert response.status_code == 200
        dept.refresh_from_db()
        assert dept.parent == orgs["government"]


class TestStaffPages:
    def test_list_filters(self, client_of, office, clerk_a, clerk_b, leader, other_clerk):
        client = client_of(office)
        content = client.get(STAFF_LIST).content.decode()
        for name in ("张明", "李红", "王强", "赵刚", "刘芳"):
            assert name in content
        content = client.get(STAFF_LIST, {"organisation": other_clerk.staff.organisation_id})
        assert "赵刚" in content.content.decode() and "张明" not in content.content.decode()
        content = client.get(STAFF_LIST, {"role": Role.LEADER}).content.decode()
        assert "王强" in content and "张明" not in content
        content = client.get(STAFF_LIST, {"q": "clerk_b"}).content.decode()
        assert "李红" in content and "张明" not in content

    def test_active_and_inactive(self, client_of, office, clerk_a, clerk_b):
        Staff.objects.filter(user=clerk_b).update(is_active=False)
        client = client_of(office)
        assert "李红" not in client.get(STAFF_LIST).content.decode()
        inactive = client.get(STAFF_LIST, {"status": "inactive"}).content.decode()
        assert "李红" in inactive and "张明" not in inactive
        everyone = client.get(STAFF_LIST, {"status": "all"}).content.decode()
        assert "李红" in everyone and "张明" in everyone

    def test_other_site_staff_are_not_listed(self, client_of, office, other_office):
        assert "孙伟" not in client_of(office).get(STAFF_LIST, {"status": "all"}).content.decode()

    def test_pagination(self, client_of, office, orgs):
        for _ in range(55):
            StaffFactory(organisation=orgs["other_dept"])
        client = client_of(office)
        first = client.get(STAFF_LIST, {"organisation": orgs["other_dept"].pk})
        assert "第 1 / 2 页" in first.content.decode()
        second = client.get(STAFF_LIST, {"organisation": orgs["other_dept"].pk, "page": 2})
        assert second.status_code == 200
        assert "第 2 / 2 页" in second.content.decode()

    def test_office_creates_staff(self, client_of, office, orgs):
        response = client_of(office).post(STAFF_CREATE, staff_post(orgs["dept"]))
        assert response.status_code == 302
        user = User.objects.get(username="mzj_c")
        assert user.check_password("Quite-long-pass-77")
        assert user.staff.organisation == orgs["dept"]
        event = AuditEvent.objects.get(action="staff.create")
        assert (event.organisation_id, event.actor_id) == (orgs["dept"].pk, office.pk)

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"password1": "short", "password2": "short"}, "密码"),
            ({"password2": "Other-long-pass-77"}, "两次输入的密码不一致。"),
            ({"username": "clerk_a"}, "该登录名已被使用。"),
            ({"role": Role.OFFICE}, "政务公开办公室和系统管理员应隶属"),
            ({"role": Role.ADMIN}, "选择一个有效的选项"),
        ],
    )
    def test_bad_staff_input_is_a_form_error(
        self, client_of, office, orgs, clerk_a, overrides, message
    ):
        response = client_of(office).post(STAFF_CREATE, staff_post(orgs["dept"], **overrides))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not User.objects.filter(username="mzj_c").exists()
        assert not writes().exists()

    def test_only_administrators_are_offered_the_admin_role(self, client_of, office, admin):
        assert 'value="admin"' not in client_of(office).get(STAFF_CREATE).content.decode()
        assert 'value="admin"' in client_of(admin).get(STAFF_CREATE).content.decode()

    def test_edit_role_unit_and_status(self, client_of, office, orgs, clerk_b):
        url = reverse("organizations:staff_edit", args=[clerk_b.staff.pk])
        client = client_of(office)
        assert "李红" in client.get(url).content.decode()
        response = client.post(
            url,
            {
                "full_name": "李红",
                "role": Role.CLERK_A,
                "organisation": orgs["other_dept"].pk,
                "title": "",
                "phone": "",
            },
        )
        assert response.status_code == 302
        staff = Staff.objects.select_related("user").get(user=clerk_b)
        assert (staff.role, staff.organisation, staff.is_active) == (
            Role.CLERK_A,
            orgs["other_dept"],
            False,
        )
        assert not staff.user.is_active
        event = AuditEvent.objects.get(action="staff.update")
        assert event.changes["is_active"] == [True, False]

    def test_editing_oneself_is_a_form_error(self, client_of, office, orgs):
        url = reverse("organizations:staff_edit", args=[office.staff.pk])
        response = client_of(office).post(
            url,
            {
                "full_name": "刘芳",
                "role": Role.OFFICE,
                "organisation": orgs["office"].pk,
                "title": "",
                "phone": "",
            },
        )
        assert response.status_code == 200
        assert "不能修改自己的" in response.content.decode()

    def test_office_cannot_edit_an_administrator(self, client_of, office, admin, orgs):
        url = reverse("organizations:staff_edit", args=[admin.staff.pk])
        response = client_of(office).post(
            url,
            {
                "full_name": "陈静",
                "role": Role.ADMIN,
                "organisation": orgs["office"].pk,
                "title": "",
                "phone": "",
            },
        )
        assert response.status_code == 403
        assert Staff.objects.get(user=admin).is_active


class TestMyUnit:
    def test_shows_own_unit_and_staff_only(self, client_of, clerk_a, clerk_b, leader, other_clerk):
        content = client_of(clerk_a).get(MY_UNIT).content.decode()
        assert "示例县民政局" in content
        for name in ("张明", "李红", "王强"):
            assert name in content
        assert "赵刚" not in content
        assert "缺少" not in content

    def test_points_out_a_missing_b(self, client_of, other_clerk):
        content = client_of(other_clerk).get(MY_UNIT).content.decode()
        assert "示例县财政局" in content
        assert "本单位缺少B角" in content

    def test_township_lists_its_villages(self, client_of, site):
        town = OrganisationFactory(
            site=site, parent=site.government, kind=K.TOWNSHIP, code="CGJD", full_name="城关街道"
        )
        OrganisationFactory(site=site, parent=town, kind=K.VILLAGE, code="DG", full_name="东关社区")
        clerk = StaffFactory(organisation=town, role=Role.LEADER).user
        content = client_of(clerk).get(MY_UNIT).content.decode()
        assert "所辖村居" in content and "东关社区" in content

    def test_is_read_only(self, client_of, clerk_a):
        assert client_of(clerk_a).post(MY_UNIT).status_code == 405
