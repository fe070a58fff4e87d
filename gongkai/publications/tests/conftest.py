"""Fixtures for the publications tests: claimed columns, files kept in a temporary directory,
valid personal numbers to plant, and helpers that bring an item to a given status through the
services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Column
from gongkai.core.pii import id_check_char
from gongkai.publications import services as svc
from gongkai.publications.models import Item

ID_NUMBER = "37088119900101123" + id_check_char("37088119900101123")
ID_MASKED = ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
MOBILE = "13812345678"
MOBILE_MASKED = "138****5678"


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.GONGKAI_PUBLICATION_FILES_ROOT = str(tmp_path / "publications")


@pytest.fixture
def column(site: Any, orgs: dict[str, Any]) -> Column:
    """通知公告, claimed by 示例县民政局 (the clerks' unit)."""
    column = catalog_services.column_create(site=site, name="通知公告", actor=None)
    catalog_services.column_claim(column=column, organisation=orgs["dept"], actor=None)
    return column


@pytest.fixture
def other_column(site: Any, orgs: dict[str, Any]) -> Column:
    """财政信息, claimed only by 示例县财政局."""
    column = catalog_services.column_create(site=site, name="财政信息", actor=None)
    catalog_services.column_claim(column=column, organisation=orgs["other_dept"], actor=None)
    return column


@pytest.fixture
def gov_column(site: Any, orgs: dict[str, Any]) -> Column:
    """政策文件, claimed by the county government and by 示例县民政局 (for interpretations)."""
    column = catalog_services.column_create(site=site, name="政策文件", actor=None)
    catalog_services.column_claim(column=column, organisation=orgs["government"], actor=None)
    catalog_services.column_claim(column=column, organisation=orgs["dept"], actor=None)
    return column


def complete_fields(column: Column, **overrides: Any) -> dict[str, Any]:
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
def draft(orgs: dict[str, Any], clerk_a: Any, column: Column) -> Callable[..., Item]:
    def make(**overrides: Any) -> Item:
        actor = overrides.pop("actor", clerk_a)
        organisation = overrides.pop("organisation", orgs["dept"])
        return svc.item_create_draft(
            organisation=organisation, actor=actor, **complete_fields(column, **overrides)
        )

    return make


@pytest.fixture
def published(
    draft: Callable[..., Item], orgs: dict[str, Any], clerk_a: Any, leader: Any
) -> Callable[..., Item]:
    """A published item of 示例县民政局 (drafted by clerk_a, approved by the leader); of another
    unit, every step is taken by the system (actor None)."""

    def make(**overrides: Any) -> Item:
        ours = overrides.get("organisation", orgs["dept"]) == orgs["dept"]
        clerk, approver = (clerk_a, leader) if ours else (None, None)
        item = draft(actor=clerk, **overrides)
        svc.item_submit(item=item, actor=clerk)
        return svc.item_approve(item=item, actor=approver, secrecy_confirmed=True)

    return make


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
