"""Services of sites, organisations and staff: every rule, and one audit row per write."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.organizations import sitecache
from gongkai.organizations.factories import OrganisationFactory, make_credit_code
from gongkai.organizations.models import (
    Organisation,
    OrganisationKind,
    Role,
    Sector,
    Site,
    Staff,
)
from gongkai.organizations.services import (
    api_token_create,
    api_token_user,
    organisation_create,
    organisation_update,
    site_create,
    site_update,
    staff_create,
    staff_update,
)
from gongkai.organizations.validators import (
    is_valid_credit_code,
    normalise_host,
    validate_credit_code,
    validate_org_code,
)

User = get_user_model()
K = OrganisationKind
VALID_CODE = "91350100M000100Y43"  # a published code, as printed on a business licence


def only_event(**filters: Any) -> AuditEvent:
    events = list(AuditEvent.objects.filter(**filters))
    assert len(events) == 1, events
    return events[0]


def messages_of(exc: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return exc.value.message_dict[field]


# --- validators -------------------------------------------------------------------------------


class TestCreditCode:
    def test_published_code_is_valid(self):
        assert is_valid_credit_code(VALID_CODE)
        validate_credit_code(VALID_CODE)

    def test_lower_case_and_spaces_are_tolerated(self):
        assert is_valid_credit_code(" 91350100m000100y43 ")

    @pytest.mark.parametrize("position", [0, 5, 9, 16, 17])
    def test_changing_one_character_breaks_it(self, position):
        original = VALID_CODE[position]
        replacement = "1" if original != "1" else "2"
        changed = VALID_CODE[:position] + replacement + VALID_CODE[position + 1 :]
        assert not is_valid_credit_code(changed)
        with pytest.raises(ValidationError) as exc:
            validate_credit_code(changed)
        assert "统一社会信用代码" in exc.value.messages[0]

    @pytest.mark.parametrize(
        "value",
        ["", "9135010", "91350100M000100Y4", "91350100M000100Y433", "91350100O000100Y43"],
    )
    def test_wrong_length_or_alphabet(self, value):
        assert not is_valid_credit_code(value)

    def test_division_code_must_be_digits(self):
        # A checksum-valid string whose characters 3-8 are not a division code.
        from gongkai.organizations.validators import credit_code_check_char

        first17 = "91A50100M000100Y4"
        assert not is_valid_credit_code(first17 + credit_code_check_char(first17))

    def test_empty_is_allowed_by_the_field_validator(self):
        validate_credit_code("")

    def test_factory_codes_are_valid_for_every_category(self):
        for kind, category in (("1", "1"), ("1", "2"), ("9", "1"), ("5", "4")):
            for serial in (0, 1, 30, 31, 999_999):
                assert is_valid_credit_code(make_credit_code("370899", serial, kind, category))


def test_org_code_validator():
    validate_org_code("SLX-MZJ_1")
    for bad in ("", "-SLX", "示例", "SLX MZJ", "SLX/MZJ"):
        with pytest.raises(ValidationError) as exc:
            validate_org_code(bad)
        assert "机构代码" in exc.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "host"),
    [
        ("GK.Example.gov.cn", "gk.example.gov.cn"),
        ("gk.example.gov.cn:8443", "gk.example.gov.cn"),
        ("gk.example.gov.cn.", "gk.example.gov.cn"),
        ("[::1]:8000", "::1"),
        ("127.0.0.1:8000", "127.0.0.1"),
    ],
)
def test_normalise_host(raw, host):
    assert normalise_host(raw) == host


# --- organisations ----------------------------------------------------------------------------


@pytest.mark.django_db
class TestOrganisationCreate:
    def test_creates_with_path_and_one_audit_event(self, site, orgs, office):
        org = organisation_create(
            site=site,
            parent=site.government,
            kind=K.DEPARTMENT,
            code=" SLXTJJ ",
            full_name="示例县统计局",
            credit_code=make_credit_code("370899", 77).lower(),
            phone="0537-7000001",
            actor=office,
        )
        assert org.path == f"{site.government.path}{org.pk}/"
        assert org.code == "SLXTJJ"
        assert org.credit_code == make_credit_code("370899", 77)
        event = only_event(action="organisation.create")
        assert event.site_id == site.pk
        assert event.organisation_id == org.pk
        assert event.organisation_name == "示例县统计局"
        assert event.actor_id == office.pk
        assert event.changes["full_name"] == [None, "示例县统计局"]
        assert event.changes["parent"] == [None, site.government.pk]

    def test_enterprise_needs_a_sector(self, site, orgs, office):
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site,
                parent=orgs["dept"],
                kind=K.ENTERPRISE,
                code="SLXYLY",
                full_name="示例县养老院",
                actor=office,
            )
        assert "行业" in messages_of(exc, "sector")[0]
        assert not Organisation.objects.filter(code="SLXYLY").exists()
        assert not AuditEvent.objects.exists()

    def test_enterprise_keeps_its_sector_and_others_drop_it(self, site, orgs, office):
        school = organisation_create(
            site=site,
            parent=orgs["dept"],
            kind=K.ENTERPRISE,
            sector=Sector.EDUCATION,
            code="SLXYZ",
            full_name="示例县第一中学",
            actor=office,
        )
        assert school.sector == Sector.EDUCATION
        dept = organisation_create(
            site=site,
            parent=site.government,
            kind=K.DEPARTMENT,
            sector=Sector.WATER,
            code="SLXSLJ",
            full_name="示例县水务局",
            actor=office,
        )
        assert dept.sector == ""

    def test_bad_credit_code_is_a_chinese_error_and_writes_nothing(self, site, orgs, office):
        bad = VALID_CODE[:-1] + "4"
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site,
                parent=site.government,
                kind=K.DEPARTMENT,
                code="SLXSJJ",
                full_name="示例县审计局",
                credit_code=bad,
                actor=office,
            )
        assert "统一社会信用代码" in messages_of(exc, "credit_code")[0]
        assert not Organisation.objects.filter(code="SLXSJJ").exists()
        assert not AuditEvent.objects.exists()

    def test_bad_code_is_rejected(self, site, orgs, office):
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site,
                parent=site.government,
                kind=K.DEPARTMENT,
                code="SLX/SJJ",
                full_name="示例县审计局",
                actor=office,
            )
        assert "机构代码" in messages_of(exc, "code")[0]

    def test_code_and_name_are_unique_per_site_only(self, site, orgs, office, other_site):
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site,
                parent=site.government,
                kind=K.DEPARTMENT,
                code="SLXMZJ",
                full_name="示例县民政事务局",
                actor=office,
            )
        assert "机构代码" in " ".join(exc.value.messages)
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site,
                parent=site.government,
                kind=K.DEPARTMENT,
                code="SLXMZJ2",
                full_name="示例县民政局",
                actor=office,
            )
        assert "同名" in " ".join(exc.value.messages)
        # The same code in another county is another unit.
        other = organisation_create(
            site=other_site,
            parent=other_site.government,
            kind=K.DEPARTMENT,
            code="SLXMZJ",
            full_name="示例县民政局",
            actor=None,
        )
        assert other.site == other_site

    def test_parent_from_another_site_is_rejected(self, site, orgs, office, other_site):
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site,
                parent=other_site.government,
                kind=K.DEPARTMENT,
                code="SLXXFJ",
                full_name="示例县信访局",
                actor=office,
            )
        assert "同一站点" in messages_of(exc, "parent")[0]

    def test_village_only_under_a_township(self, site, orgs, office):
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site,
                parent=orgs["dept"],
                kind=K.VILLAGE,
                code="SLXDGSQ",
                full_name="东关社区居民委员会",
                actor=office,
            )
        assert messages_of(exc, "parent") == ["村居的上级应为镇街。"]
        town = OrganisationFactory(
            site=site, parent=site.government, kind=K.TOWNSHIP, code="CGJD", full_name="城关街道"
        )
        village = organisation_create(
            site=site,
            parent=town,
            kind=K.VILLAGE,
            code="SLXDGSQ",
            full_name="东关社区居民委员会",
            actor=office,
        )
        assert village.path == f"{town.path}{village.pk}/"

    def test_parent_kinds(self, site, orgs, office):
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site, kind=K.DEPARTMENT, code="SLXA", full_name="无上级局", actor=office
            )
        assert messages_of(exc, "parent") == ["请选择上级机构。"]
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site,
                parent=orgs["dept"],
                kind=K.TOWNSHIP,
                code="SLXB",
                full_name="某镇",
                actor=office,
            )
        assert messages_of(exc, "parent") == ["镇街的上级应为县人民政府。"]
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site,
                parent=orgs["dept"],
                kind=K.GOVERNMENT,
                code="SLXC",
                full_name="又一个县政府",
                actor=office,
            )
        assert "根" in messages_of(exc, "parent")[0]
        with pytest.raises(ValidationError) as exc:
            organisation_create(
                site=site, kind=K.GOVERNMENT, code="SLXD", full_name="又一个县政府", actor=office
            )
        assert messages_of(exc, "kind") == ["每个站点只能有一个县人民政府。"]

    def test_only_site_wide_staff_of_the_site_may_create(
        self, site, orgs, clerk_a, leader, admin, other_office
    ):
        fields = {
            "site": site,
            "parent": site.government,
            "kind": K.DEPARTMENT,
            "full_name": "示例县商务局",
        }
        for actor in (clerk_a, leader, other_office):
            with pytest.raises(PermissionDenied):
                organisation_create(code="SLXSWJ", actor=actor, **fields)
        assert not Organisation.objects.filter(code="SLXSWJ").exists()
        organisation_create(code="SLXSWJ", actor=admin, **fields)
        assert only_event(action="organisation.create").actor_id == admin.pk


@pytest.mark.django_db
class TestOrganisationUpdate:
    def test_update_keeps_path_and_audits_before_after(self, site, orgs, office):
        dept = orgs["dept"]
        path = dept.path
        updated = organisation_update(
            organisation=dept, phone="0537-1111111", office_hours="工作日 9:00-17:00", actor=office
        )
        assert updated.path == path
        event = only_event(action="organisation.update")
        assert event.organisation_id == dept.pk
        assert event.site_id == site.pk
        assert event.changes == {
            "phone": ["0537-1234567", "0537-1111111"],
            "office_hours": ["工作日 上午8:30-12:00 下午13:30-17:30", "工作日 9:00-17:00"],
        }

    def test_unchanged_update_writes_no_event(self, site, orgs, office):
        organisation_update(organisation=orgs["dept"], phone=orgs["dept"].phone, actor=office)
        assert not AuditEvent.objects.exists()

    def test_moving_a_unit_moves_its_subtree(self, site, orgs, office):
        dept, other = orgs["dept"], orgs["other_dept"]
        centre = OrganisationFactory(site=site, parent=dept, code="SLXSJZX", full_name="中心")
        home = OrganisationFactory(
            site=site,
            parent=centre,
            kind=K.ENTERPRISE,
            sector=Sector.HEALTH,
            code="SLXYLY",
            full_name="养老院",
        )
        organisation_update(organisation=centre, parent=other, actor=office)
        centre.refresh_from_db()
        home.refresh_from_db()
        assert centre.path == f"{other.path}{centre.pk}/"
        assert home.path == f"{other.path}{centre.pk}/{home.pk}/"
        dept.refresh_from_db()
        assert dept.path == f"{site.government.path}{dept.pk}/"
        event = only_event(action="organisation.update")
        assert event.changes == {"parent": [dept.pk, other.pk]}

    def test_cycles_are_rejected(self, site, orgs, office):
        dept = orgs["dept"]
        centre = OrganisationFactory(site=site, parent=dept, code="SLXSJZX", full_name="中心")
        for parent in (dept, centre):
            with pytest.raises(ValidationError) as exc:
                organisation_update(organisation=dept, parent=parent, actor=office)
            assert "下级" in messages_of(exc, "parent")[0]
        dept.refresh_from_db()
        assert dept.parent == site.government
        assert not AuditEvent.objects.exists()

    def test_parent_from_another_site_is_rejected(self, site, orgs, office, other_site):
        with pytest.raises(ValidationError):
            organisation_update(
                organisation=orgs["dept"], parent=other_site.government, actor=office
            )

    def test_kind_change_must_suit_the_children(self, site, orgs, office):
        town = OrganisationFactory(
            site=site, parent=site.government, kind=K.TOWNSHIP, code="CGJD", full_name="城关街道"
        )
        OrganisationFactory(site=site, parent=town, kind=K.VILLAGE, code="DG", full_name="东关")
        with pytest.raises(ValidationError) as exc:
            organisation_update(organisation=town, kind=K.DEPARTMENT, actor=office)
        assert "村居" in messages_of(exc, "kind")[0]

    def test_becoming_an_enterprise_needs_a_sector(self, site, orgs, office):
        with pytest.raises(ValidationError):
            organisation_update(organisation=orgs["dept"], kind=K.ENTERPRISE, actor=office)
        org = organisation_update(
            organisation=orgs["dept"], kind=K.ENTERPRISE, sector=Sector.WATER, actor=office
        )
        assert org.sector == Sector.WATER

    def test_government_and_office_stay_active(self, site, orgs, admin):
        for org in (site.government, site.disclosure_office):
            with pytest.raises(ValidationError) as exc:
                organisation_update(organisation=org, is_active=False, actor=admin)
            assert "不能停用" in messages_of(exc, "is_active")[0]

    def test_other_site_cannot_update(self, site, orgs, other_office, clerk_a):
        for actor in (other_office, clerk_a):
            with pytest.raises(PermissionDenied):
                organisation_update(organisation=orgs["dept"], phone="1", actor=actor)
        orgs["dept"].refresh_from_db()
        assert orgs["dept"].phone == "0537-1234567"

    def test_unknown_field_is_a_programming_error(self, site, orgs, office):
        with pytest.raises(ValueError):
            organisation_update(organisation=orgs["dept"], site=None, actor=office)


# --- staff ------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestStaffCreate:
    def test_creates_user_and_staff_with_one_event(self, site, orgs, office):
        staff = staff_create(
            organisation=orgs["dept"],
            username="mzj_new",
            full_name=" 周敏 ",
            role=Role.CLERK_B,
            password="Quite-long-pass-77",
            title="科员",
            actor=office,
        )
        assert staff.user.first_name == "周敏"
        assert staff.user.check_password("Quite-long-pass-77")
        event = only_event(action="staff.create")
        assert event.site_id == site.pk
        assert event.organisation_id == orgs["dept"].pk
        assert event.changes["role"] == [None, "clerk_b"]
        assert event.changes["username"] == [None, "mzj_new"]
        assert "Quite-long-pass-77" not in str(event.changes)

    def test_without_password_the_account_cannot_sign_in(self, site, orgs, office):
        staff = staff_create(
            organisation=orgs["dept"],
            username="nopass",
            full_name="无密码",
            role=Role.CLERK_A,
            actor=office,
        )
        assert not staff.user.has_usable_password()

    @pytest.mark.parametrize("password", ["short", "1234567890123", "password123"])
    def test_password_validators_apply(self, site, orgs, office, password):
        with pytest.raises(ValidationError) as exc:
            staff_create(
                organisation=orgs["dept"],
                username="weak",
                full_name="弱密码",
                role=Role.CLERK_A,
                password=password,
                actor=office,
            )
        assert any("密码" in m for m in messages_of(exc, "password"))
        assert not User.objects.filter(username="weak").exists()
        assert not AuditEvent.objects.exists()

    def test_password_like_the_username_is_rejected(self, site, orgs, office):
        with pytest.raises(ValidationError):
            staff_create(
                organisation=orgs["dept"],
                username="zhangsanfeng",
                full_name="张三丰",
                role=Role.CLERK_A,
                password="zhangsanfeng1",
                actor=office,
            )

    def test_role_must_exist(self, site, orgs, office):
        with pytest.raises(ValidationError) as exc:
            staff_create(
                organisation=orgs["dept"],
                username="x1",
                full_name="某",
                role="boss",
                actor=office,
            )
        assert messages_of(exc, "role") == ["角色无效。"]

    @pytest.mark.parametrize("role", [Role.OFFICE, Role.ADMIN])
    def test_site_roles_only_in_government_or_office(self, site, orgs, admin, role):
        with pytest.raises(ValidationError) as exc:
            staff_create(
                organisation=orgs["dept"],
                username="x2",
                full_name="某",
                role=role,
                actor=admin,
            )
        assert "县政府办公室" in messages_of(exc, "role")[0]
        staff = staff_create(
            organisation=orgs["office"], username="x2", full_name="某", role=role, actor=admin
        )
        assert staff.role == role

    def test_office_cannot_create_an_administrator(self, site, orgs, office):
        with pytest.raises(PermissionDenied):
            staff_create(
                organisation=orgs["office"],
                username="sneaky",
                full_name="某",
                role=Role.ADMIN,
                actor=office,
            )
        assert not User.objects.filter(username="sneaky").exists()

    def test_username_rules(self, site, orgs, office, clerk_a):
        for username, message in (
            ("", "请填写登录名。"),
            ("CLERK_A", "该登录名已被使用。"),
            ("has space", "登录名只能包含字母、数字和 @ . + - _ 符号。"),
        ):
            with pytest.raises(ValidationError) as exc:
                staff_create(
                    organisation=orgs["dept"],
                    username=username,
                    full_name="某",
                    role=Role.CLERK_A,
                    actor=office,
                )
            assert message in messages_of(exc, "username")

    def test_inactive_organisation_is_rejected(self, site, orgs, office):
        Organisation.objects.filter(pk=orgs["dept"].pk).update(is_active=False)
        with pytest.raises(ValidationError) as exc:
            staff_create(
                organisation=orgs["dept"],
                username="late",
                full_name="某",
                role=Role.CLERK_A,
                actor=office,
            )
        assert "停用" in messages_of(exc, "organisation")[0]

    def test_other_site_and_unit_staff_cannot_create(self, site, orgs, other_office, leader):
        for actor in (other_office, leader):
            with pytest.raises(PermissionDenied):
                staff_create(
                    organisation=orgs["dept"],
                    username="intruder",
                    full_name="某",
                    role=Role.CLERK_A,
                    actor=actor,
                )


@pytest.mark.django_db
class TestStaffUpdate:
    def test_role_and_unit_change_is_audited(self, site, orgs, office, clerk_b):
        staff = staff_update(
            staff=clerk_b.staff,
            role=Role.CLERK_A,
            organisation=orgs["other_dept"],
            full_name="李红艳",
            actor=office,
        )
        assert staff.organisation == orgs["other_dept"]
        assert User.objects.get(pk=clerk_b.pk).first_name == "李红艳"
        event = only_event(action="staff.update")
        assert event.organisation_id == orgs["other_dept"].pk
        assert event.site_id == site.pk
        assert event.changes == {
            "organisation": [orgs["dept"].pk, orgs["other_dept"].pk],
            "role": ["clerk_b", "clerk_a"],
            "full_name": ["李红", "李红艳"],
        }

    def test_cannot_move_to_another_site(self, site, orgs, clerk_a, other_site):
        with pytest.raises(ValidationError) as exc:
            staff_update(staff=clerk_a.staff, organisation=other_site.disclosure_office, actor=None)
        assert "其他站点" in messages_of(exc, "organisation")[0]
        assert Staff.objects.get(pk=clerk_a.staff.pk).organisation == orgs["dept"]

    def test_site_role_needs_government_or_office(self, site, orgs, admin, clerk_a):
        with pytest.raises(ValidationError):
            staff_update(staff=clerk_a.staff, role=Role.OFFICE, actor=admin)
        staff = staff_update(
            staff=clerk_a.staff, role=Role.OFFICE, organisation=orgs["office"], actor=admin
        )
        assert staff.role == Role.OFFICE

    def test_deactivating_locks_the_account_and_its_tokens(self, site, orgs, office, clerk_a):
        _, key = api_token_create(user=clerk_a, name="脚本", actor=clerk_a)
        assert api_token_user(key) == clerk_a
        staff_update(staff=clerk_a.staff, is_active=False, actor=office)
        clerk_a.refresh_from_db()
        assert not clerk_a.is_active
        assert api_token_user(key) is None
        staff_update(staff=clerk_a.staff, is_active=True, actor=office)
        clerk_a.refresh_from_db()
        assert clerk_a.is_active
        assert AuditEvent.objects.filter(action="staff.update").count() == 2

    def test_nobody_changes_their_own_role(self, site, orgs, office, admin):
        with pytest.raises(ValidationError):
            staff_update(staff=office.staff, role=Role.CLERK_A, actor=office)
        with pytest.raises(ValidationError):
            staff_update(staff=admin.staff, is_active=False, actor=admin)
        # Contact data is fine.
        staff_update(staff=office.staff, phone="0537-2222222", actor=office)

    def test_office_cannot_touch_administrators(self, site, orgs, office, admin, clerk_a):
        with pytest.raises(PermissionDenied):
            staff_update(staff=admin.staff, is_active=False, actor=office)
        with pytest.raises(PermissionDenied):
            staff_update(
                staff=clerk_a.staff, role=Role.ADMIN, organisation=orgs["office"], actor=office
            )

    def test_other_site_cannot_update(self, site, clerk_a, other_office, other_clerk):
        for actor in (other_office, other_clerk):
            with pytest.raises(PermissionDenied):
                staff_update(staff=clerk_a.staff, phone="1", actor=actor)


# --- sites ------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestSites:
    def test_create_moves_the_default_flag(self, site):
        new = site_create(
            name="新县",
            division_code="370897",
            is_default=True,
            hosts=["XIN.example.gov.cn", "xin.example.gov.cn:8000"],
            actor=None,
        )
        site.refresh_from_db()
        assert new.is_default and not site.is_default
        assert Site.objects.filter(is_default=True).count() == 1
        assert list(new.hosts.values_list("host", flat=True)) == ["xin.example.gov.cn"]
        event = only_event(action="site.create")
        assert event.site_id == new.pk
        assert event.changes["hosts"] == [None, ["xin.example.gov.cn"]]
        assert "示例县" in event.note

    def test_hosts_are_unique_across_sites(self, site, other_site):
        from conftest import SITE_HOST

        with pytest.raises(ValidationError) as exc:
            site_create(name="新县", division_code="370897", hosts=[SITE_HOST], actor=None)
        assert SITE_HOST in messages_of(exc, "hosts")[0]
        assert not Site.objects.filter(name="新县").exists()
        with pytest.raises(ValidationError):
            site_update(site=other_site, hosts=[SITE_HOST.upper()], actor=None)
        assert not AuditEvent.objects.exists()

    def test_bad_host_is_rejected(self, db):
        with pytest.raises(ValidationError) as exc:
            site_create(name="新县", division_code="370897", hosts=["http://x/y"], actor=None)
        assert "域名格式不正确" in messages_of(exc, "hosts")[0]

    def test_bad_division_code(self, db):
        with pytest.raises(ValidationError) as exc:
            site_create(name="新县", division_code="12", actor=None)
        assert "行政区划代码" in messages_of(exc, "division_code")[0]

    def test_only_the_platform_creates_sites(self, site, admin):
        with pytest.raises(PermissionDenied):
            site_create(name="新县", division_code="370897", actor=admin)

    def test_update_replaces_hosts_and_audits(
        self, site, other_site, django_capture_on_commit_callbacks
    ):
        sitecache.get("new.example.gov.cn")  # cached: unknown host → default site
        with django_capture_on_commit_callbacks(execute=True):
            site_update(
                site=other_site,
                hosts=["new.example.gov.cn"],
                icp_number="鲁ICP备99999999号",
                actor=None,
            )
        assert list(other_site.hosts.values_list("host", flat=True)) == ["new.example.gov.cn"]
        assert sitecache.get("new.example.gov.cn") == other_site
        event = only_event(action="site.update")
        assert event.site_id == other_site.pk
        assert event.changes["hosts"] == [["other.example.gov.cn"], ["new.example.gov.cn"]]
        assert event.changes["icp_number"][1] == "鲁ICP备99999999号"

    def test_default_can_move_but_not_vanish(self, site, other_site):
        with pytest.raises(ValidationError) as exc:
            site_update(site=site, is_default=False, actor=None)
        assert "默认站点" in messages_of(exc, "is_default")[0]
        site_update(site=other_site, is_default=True, actor=None)
        site.refresh_from_db()
        assert not site.is_default
        assert Site.objects.get(is_default=True) == other_site

    def test_linked_units_must_belong_to_the_site(self, site, other_site):
        with pytest.raises(ValidationError):
            site_update(site=site, disclosure_office=other_site.disclosure_office, actor=None)

    def test_only_the_sites_administrator_updates(self, site, orgs, office, admin, other_office):
        for actor in (office, other_office):
            with pytest.raises(PermissionDenied):
                site_update(site=site, sponsor="某", actor=actor)
        site_update(site=site, sponsor="示例县人民政府办公室（新）", actor=admin)
        assert only_event(action="site.update").actor_id == admin.pk
