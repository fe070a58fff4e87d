"""The demo county: its size and shape, valid identifiers, idempotence, working logins."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.test import RequestFactory

from gongkai.core.models import AuditEvent
from gongkai.organizations import demo
from gongkai.organizations.models import Organisation, OrganisationKind, Role, Sector, Site, Staff
from gongkai.organizations.selectors import ab_gaps, site_for_host
from gongkai.organizations.validators import is_valid_credit_code

pytestmark = pytest.mark.django_db
K = OrganisationKind
User = get_user_model()


@pytest.fixture
def county() -> demo.DemoResult:
    return demo.build_demo()


def kinds(site: Site) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in Organisation.objects.filter(site=site).values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def snapshot() -> dict[str, object]:
    return {
        "sites": list(Site.objects.values()),
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
        "staff": list(Staff.objects.order_by("pk").values()),
        "audit": AuditEvent.objects.count(),
    }


def test_shape_of_the_county(county):
    site = county.site
    assert (site.name, site.division_code, site.is_default) == ("示例县", "370899", True)
    assert (site.website_code, site.icp_number, site.security_filing) == (
        "3708990001",
        "鲁ICP备00000000号",
        "鲁公网安备37089902000000号",
    )
    assert site.sponsor == "示例县人民政府办公室"
    assert site.contact_phone and site.contact_email and site.address and site.postcode
    assert site.government.kind == K.GOVERNMENT
    assert site.disclosure_office.full_name == "示例县人民政府办公室"
    counts = kinds(site)
    assert counts[K.GOVERNMENT] == 1
    assert counts[K.OFFICE] == 1
    assert counts[K.DEPARTMENT] >= 40
    assert counts[K.TOWNSHIP] == 10
    assert counts[K.VILLAGE] >= 2
    assert counts[K.ENTERPRISE] == 25
    sectors = set(
        Organisation.objects.filter(site=site, kind=K.ENTERPRISE).values_list("sector", flat=True)
    )
    assert sectors == set(Sector.values)
    for name in ("示例县发展和改革局", "示例县民政局", "示例县行政审批服务局", "示例县医疗保障局"):
        assert Organisation.objects.filter(site=site, full_name=name, kind=K.DEPARTMENT).exists()


def test_villages_hang_under_two_townships(county):
    parents = set(
        Organisation.objects.filter(kind=K.VILLAGE).values_list("parent__kind", "parent__code")
    )
    assert {kind for kind, _ in parents} == {K.TOWNSHIP}
    assert len(parents) == 2


def test_every_unit_is_complete_and_in_the_tree(county):
    codes = set()
    for org in Organisation.objects.filter(site=county.site):
        assert is_valid_credit_code(org.credit_code), org
        assert org.credit_code not in codes, org
        codes.add(org.credit_code)
        assert org.address and org.phone and org.office_hours, org
        expected = f"{org.parent.path}{org.pk}/" if org.parent else f"/{org.pk}/"
        assert org.path == expected, org


def test_every_role_has_a_user(county):
    roles = set(Staff.objects.filter(organisation__site=county.site).values_list("role", flat=True))
    assert roles == set(Role.values)


def test_the_ab_gap_page_shows_a_handful(county):
    gaps = {org.code for org in ab_gaps(county.site)}
    assert 3 <= len(gaps) <= 5
    assert gaps == {f"SLX{code}" for code in demo.AB_GAPS}


def test_hosts_reach_the_demo_site(county):
    assert site_for_host("127.0.0.1:8000") == county.site
    assert site_for_host("localhost") == county.site


def test_second_run_creates_and_changes_nothing(county):
    before = snapshot()
    assert AuditEvent.objects.filter(action="demo.build").count() == 1
    again = demo.build_demo()
    assert not again.created_anything
    assert snapshot() == before


def test_hand_edits_survive_a_rerun(county):
    Organisation.objects.filter(code="SLXMZJ").update(phone="0537-9999999")
    demo.build_demo()
    assert Organisation.objects.get(code="SLXMZJ").phone == "0537-9999999"


def test_demo_password_passes_the_validators(county):
    for username in ("admin", "office", "mzj_a"):
        validate_password(demo.DEMO_PASSWORD, User.objects.get(username=username))


def test_every_login_authenticates(county):
    usernames = [login["username"] for login in county.logins]
    assert len(usernames) == len(set(usernames)) == User.objects.count()
    for user in User.objects.all():
        assert user.check_password(demo.DEMO_PASSWORD), user.username
    for username, *_ in demo.KEY_LOGINS:
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=username, password=demo.DEMO_PASSWORD)
        assert user is not None and user.username == username
        assert user.staff.organisation.site == county.site


def test_the_password_is_hashed_once(county):
    """Hashing each of some 200 users' password would make `gongkai demo` take minutes."""
    hashes = set(User.objects.values_list("password", flat=True))
    assert len(hashes) == 1


def test_command_prints_the_logins_and_is_idempotent(db):
    out = StringIO()
    call_command("demo", stdout=out)
    first = out.getvalue()
    assert "| `mzj_a` | `Gongkai-demo-2025` | A角 | 示例县民政局 |" in first
    assert "新增机构" in first
    out = StringIO()
    call_command("demo", stdout=out)
    assert "未做任何修改" in out.getvalue()


def test_docs_page_is_up_to_date(county):
    """docs/demo.md is generated: `gongkai demo --docs docs/demo.md`."""
    path = Path(settings.BASE_DIR) / "docs" / "demo.md"
    assert path.read_text(encoding="utf-8") == demo.demo_markdown(county)
