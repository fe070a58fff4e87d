"""Personas shared by every test: one county ("示例县", the default site) with two departments,
and a second county ("邻县") to prove that sites do not see each other.

citizen      an anonymous browser
clerk_a      A角 of 示例县民政局
clerk_b      B角 of 示例县民政局
leader       分管领导 of 示例县民政局
other_clerk  A角 of 示例县财政局 (another unit of the same site)
office       政务公开办公室 (site-wide)
admin        系统管理员 (site-wide)
other_office 政务公开办公室 of 邻县
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.test import Client

from gongkai.organizations import sitecache
from gongkai.organizations.factories import (
    OrganisationFactory,
    SiteFactory,
    StaffFactory,
    UserFactory,
    build_site_skeleton,
)
from gongkai.organizations.models import OrganisationKind, Role

PASSWORD = "Gongkai-test-2025"
SITE_HOST = "gk.example.gov.cn"
OTHER_SITE_HOST = "other.example.gov.cn"


@pytest.fixture(autouse=True)
def _fresh_caches() -> Any:
    # The database rolls back after each test; caches (Redis in the production run) do not.
    cache.clear()
    caches["pages"].clear()
    sitecache.clear()
    yield
    sitecache.clear()


@pytest.fixture
def site(db: Any) -> Any:
    site = SiteFactory(
        name="示例县",
        division_code="370899",
        is_default=True,
        hosts=[SITE_HOST],
        website_code="3708990001",
        icp_number="鲁ICP备00000001号",
        security_filing="鲁公网安备37089902000001号",
        sponsor="示例县人民政府办公室",
    )
    build_site_skeleton(site, prefix="SLX")
    return site


@pytest.fixture
def orgs(site: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"government": site.government, "office": site.disclosure_office}
    result["dept"] = OrganisationFactory(
        site=site,
        parent=site.government,
        kind=OrganisationKind.DEPARTMENT,
        code="SLXMZJ",
        full_name="示例县民政局",
        short_name="县民政局",
    )
    result["other_dept"] = OrganisationFactory(
        site=site,
        parent=site.government,
        kind=OrganisationKind.DEPARTMENT,
        code="SLXCZJ",
        full_name="示例县财政局",
        short_name="县财政局",
    )
    return result


def _staff(username: str, full_name: str, org: Any, role: Role) -> Any:
    user = UserFactory(username=username, first_name=full_name, password=PASSWORD)
    StaffFactory(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def citizen() -> Client:
    return Client()


@pytest.fixture
def clerk_a(orgs: dict[str, Any]) -> Any:
    return _staff("clerk_a", "张明", orgs["dept"], Role.CLERK_A)


@pytest.fixture
def clerk_b(orgs: dict[str, Any]) -> Any:
    return _staff("clerk_b", "李红", orgs["dept"], Role.CLERK_B)


@pytest.fixture
def leader(orgs: dict[str, Any]) -> Any:
    return _staff("leader", "王强", orgs["dept"], Role.LEADER)


@pytest.fixture
def other_clerk(orgs: dict[str, Any]) -> Any:
    return _staff("other_clerk", "赵刚", orgs["other_dept"], Role.CLERK_A)


@pytest.fixture
def office(orgs: dict[str, Any]) -> Any:
    return _staff("office", "刘芳", orgs["office"], Role.OFFICE)


@pytest.fixture
def admin(orgs: dict[str, Any]) -> Any:
    return _staff("admin", "陈静", orgs["office"], Role.ADMIN)


@pytest.fixture
def other_site(db: Any) -> Any:
    site = SiteFactory(name="邻县", division_code="370898", hosts=[OTHER_SITE_HOST])
    build_site_skeleton(site, prefix="LX")
    return site


@pytest.fixture
def other_office(other_site: Any) -> Any:
    return _staff("other_office", "孙伟", other_site.disclosure_office, Role.OFFICE)


@pytest.fixture
def client_of() -> Callable[..., Client]:
    """A test client signed in as `user`, talking to `host` (the default site by default)."""

    def make(user: Any, host: str = SITE_HOST) -> Client:
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        return client

    return make


# --- browser journeys ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright, one per test module."""
    from gongkai.core.tests.browsing import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        # A missing browser must fail loudly: a skipped journey looks like a passing one.
        pytest.fail(
            f"{CHROMIUM} not found. Install Debian's Chromium and a CJK font "
            "(`make system-deps`, i.e. apt-get install chromium fonts-wqy-zenhei)."
        )
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told it is safe (fixtures and assertions use the ORM).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        # Later tests in this worker get Django's guard back.
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
