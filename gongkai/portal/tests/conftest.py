"""Fixtures of the portal tests: a small catalog (the government's and the 民政局's four standard
columns, a 社会救助 sub-column, the site's own 通知公告), and items brought to publication through
the publications services, as a clerk and a leader would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from conftest import SITE_HOST
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Column, StandardKey
from gongkai.core.pii import id_check_char
from gongkai.core.tests.browsing import new_page
from gongkai.publications import services as svc
from gongkai.publications.models import Item

ID_NUMBER = "37088119900101123" + id_check_char("37088119900101123")


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.GONGKAI_PUBLICATION_FILES_ROOT = str(tmp_path / "publications")


@pytest.fixture
def portal() -> Client:
    return Client(HTTP_HOST=SITE_HOST)


@pytest.fixture
def catalog(site: Any, orgs: dict[str, Any]) -> dict[str, Column]:
    """The columns the tests publish into, keyed by a short name."""
    for org in (orgs["government"], orgs["dept"]):
        catalog_services.catalog_ensure_standard_columns(organisation=org, actor=None)
    gov_mandated = Column.objects.get(
        organisation=orgs["government"], standard_key=StandardKey.MANDATED
    )
    relief = catalog_services.column_create(
        site=site, parent=gov_mandated, name="社会救助", actor=None
    )
    catalog_services.column_claim(column=relief, organisation=orgs["dept"], actor=None)
    notices = catalog_services.column_create(site=site, name="通知公告", actor=None)
    catalog_services.column_claim(column=notices, organisation=orgs["dept"], actor=None)
    policies = catalog_services.column_create(site=site, name="政策文件", actor=None)
    catalog_services.column_claim(column=policies, organisation=orgs["dept"], actor=None)
    dept = {c.standard_key: c for c in Column.objects.filter(organisation=orgs["dept"])}
    return {
        "relief": relief,
        "gov_mandated": gov_mandated,
        "notices": notices,
        "policies": policies,
        "guide": dept[StandardKey.GUIDE],
        "rules": dept[StandardKey.RULES],
        "dept_mandated": dept[StandardKey.MANDATED],
        "annual": dept[StandardKey.ANNUAL_REPORT],
    }


def fields_for(column: Column, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "关于做好2025年城乡低保提标工作的通知",
        "document_number": "示民发〔2025〕3号",
        "written_on": dt.date(2025, 3, 3),
        "subject_category": "16",
        "genre": "notice",
        "keywords": "低保 提标",
        "summary": "自2025年4月起提高城乡低保标准。",
        "body_html": "<p>各镇街：自2025年4月1日起，城乡低保标准提高到每人每月800元。</p>",
        "columns": [column],
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def draft(orgs: dict[str, Any], clerk_a: Any, catalog: dict[str, Column]) -> Callable[..., Item]:
    """A draft of 示例县民政局 in 社会救助 (or `column=`)."""

    def make(column: Column | None = None, **overrides: Any) -> Item:
        return svc.item_create_draft(
            organisation=orgs["dept"],
            actor=clerk_a,
            **fields_for(column or catalog["relief"], **overrides),
        )

    return make


@pytest.fixture
def publish(draft: Callable[..., Item], clerk_a: Any, leader: Any) -> Callable[..., Item]:
    """A published item of 示例县民政局, through submit and approval."""

    def make(column: Column | None = None, **overrides: Any) -> Item:
        item = draft(column, **overrides)
        svc.item_submit(item=item, actor=clerk_a)
        return svc.item_approve(item=item, actor=leader, secrecy_confirmed=True)

    return make


# --- browser journeys ---------------------------------------------------------------------------


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    page = new_page(browser, live_server.url)
    try:
        yield page
    finally:
        page.context.close()
