"""Atom feeds, sitemap.xml and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from conftest import OTHER_SITE_HOST
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Column, StandardKey
from gongkai.publications import services as svc

from .conftest import fields_for

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_column_feed_is_atom_with_the_published_items(portal, publish, catalog):
    item = publish(title="关于<低保>标准的通知 & 说明")
    found = entries(portal.get(f"/feeds/lanmu/{catalog['relief'].pk}.xml"))
    assert len(found) == 1
    entry = found[0]
    # Plain text, escaped once by the XML writer: the parsed title is the title.
    assert entry.findtext(f"{ATOM}title") == "关于<低保>标准的通知 & 说明"
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://gk.example.gov.cn/xxgk/{item.pk}/"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "示例县民政局"
    assert entry.findtext(f"{ATOM}updated")
    assert entry.findtext(f"{ATOM}summary") == "自2025年4月起提高城乡低保标准。"


def test_container_column_feed_carries_its_subcolumns(portal, publish, catalog):
    publish()
    assert len(entries(portal.get(f"/feeds/lanmu/{catalog['gov_mandated'].pk}.xml"))) == 1


def test_withdrawn_and_unpublished_items_are_not_in_feeds(portal, publish, draft, leader, catalog):
    kept = publish(title="保留的信息")
    gone = publish(title="撤回的信息")
    draft(title="草稿")
    svc.item_withdraw(item=gone, actor=leader, reason="信息有误")
    for url in (f"/feeds/lanmu/{catalog['relief'].pk}.xml", "/feeds/jg/SLXMZJ.xml"):
        titles = [e.findtext(f"{ATOM}title") for e in entries(portal.get(url))]
        assert titles == [kept.title], url


def test_organisation_feed(portal, publish, catalog):
    publish(catalog["notices"], title="通知一")
    publish(catalog["relief"], title="救助二")
    titles = {e.findtext(f"{ATOM}title") for e in entries(portal.get("/feeds/jg/SLXMZJ.xml"))}
    assert titles == {"通知一", "救助二"}
    assert entries(portal.get("/feeds/jg/SLXCZJ.xml")) == []


def test_feeds_of_unknown_or_foreign_objects_are_not_found(portal, catalog, other_site):
    assert portal.get("/feeds/lanmu/999999.xml").status_code == 404
    assert portal.get("/feeds/jg/NOPE.xml").status_code == 404
    assert portal.get("/feeds/jg/LXZF.xml").status_code == 404
    assert Client(HTTP_HOST=OTHER_SITE_HOST).get("/feeds/jg/LXZF.xml").status_code == 200


def _urls(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_sections_columns_and_published_items_of_this_site(
    portal, publish, leader, catalog, other_site
):
    item = publish()
    gone = publish(title="撤回")
    svc.item_withdraw(item=gone, actor=leader, reason="有误")
    catalog_services.catalog_ensure_standard_columns(organisation=other_site.government, actor=None)
    rules = Column.objects.get(organisation=other_site.government, standard_key=StandardKey.RULES)
    foreign = svc.item_create_draft(
        organisation=other_site.government, actor=None, **fields_for(rules, title="邻县")
    )
    svc.item_submit(item=foreign, actor=None)
    svc.item_approve(item=foreign, actor=None, secrecy_confirmed=True)

    index = _urls(portal, "/sitemap.xml")
    assert index == [
        "http://gk.example.gov.cn/sitemap-sections.xml",
        "http://gk.example.gov.cn/sitemap-columns.xml",
        "http://gk.example.gov.cn/sitemap-items.xml",
    ]
    items = _urls(portal, "/sitemap-items.xml")
    assert items == [f"http://gk.example.gov.cn/xxgk/{item.pk}/"]
    columns = _urls(portal, "/sitemap-columns.xml")
    assert f"http://gk.example.gov.cn/xxgk/lanmu/{catalog['relief'].pk}/" in columns
    assert f"http://gk.example.gov.cn/xxgk/lanmu/{rules.pk}/" not in columns
    sections = _urls(portal, "/sitemap-sections.xml")
    assert "http://gk.example.gov.cn/" in sections
    assert "http://gk.example.gov.cn/xxgk/SLXMZJ/" in sections
    assert "http://gk.example.gov.cn/xxgk/LXZF/" not in sections
    other_items = _urls(Client(HTTP_HOST=OTHER_SITE_HOST), "/sitemap-items.xml")
    assert other_items == [f"http://other.example.gov.cn/xxgk/{foreign.pk}/"]
    assert portal.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt(portal, site):
    response = portal.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/manage/", "/api/", "/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://gk.example.gov.cn/sitemap.xml" in lines
    https = portal.get("/robots.txt", secure=True).content.decode()
    assert "Sitemap: https://gk.example.gov.cn/sitemap.xml" in https
