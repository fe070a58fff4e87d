"""The home page: the site's own columns with their newest items, the four first-level columns of
the government's section, the search box."""

from __future__ import annotations

import pytest

from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Column, StandardKey

pytestmark = pytest.mark.django_db


def test_home_shows_the_newest_items_of_the_sites_own_columns(portal, publish, catalog, site, orgs):
    news = catalog_services.column_create(site=site, name="政务动态", actor=None)
    town_news = catalog_services.column_create(site=site, parent=news, name="乡镇动态", actor=None)
    catalog_services.column_claim(column=town_news, organisation=orgs["dept"], actor=None)
    notice = publish(catalog["notices"], title="关于春节期间办公安排的通知")
    policy = publish(catalog["policies"], title="示例县低保实施办法")
    story = publish(town_news, title="东镇开展政策宣讲")
    response = portal.get("/")
    html = response.content.decode()
    blocks = {b.column.name: [i.pk for i in b.items] for b in response.context["blocks"]}
    assert blocks["通知公告"] == [notice.pk]
    assert blocks["政策文件"] == [policy.pk]
    # A container column shows what its sub-columns hold.
    assert blocks["政务动态"] == [story.pk]
    for item in (notice, policy, story):
        assert f'href="/xxgk/{item.pk}/"' in html


def test_home_links_the_governments_four_first_level_columns_and_has_a_search_box(
    portal, catalog, orgs
):
    html = portal.get("/").content.decode()
    for key in StandardKey.values:
        column = Column.objects.get(organisation=orgs["government"], standard_key=key)
        assert f'href="/xxgk/lanmu/{column.pk}/"' in html
    assert 'action="/search/"' in html
    assert 'role="search"' in html


def test_home_without_any_column_still_renders(portal, site, orgs):
    response = portal.get("/")
    assert response.status_code == 200
    # The four cards fall back to the 政府信息公开 page.
    assert response.content.decode().count('href="/xxgk/"') >= 4
