"""The 政府信息公开 pages: sections, column lists, the item page and its print view."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import OTHER_SITE_HOST
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Column, StandardKey
from gongkai.publications import services as svc
from gongkai.publications.tests.files import docx_bytes
from gongkai.publications.urls_public import item_public_url

from .conftest import fields_for

pytestmark = pytest.mark.django_db


def rows_of(html: str, caption: str) -> list[str]:
    """The row headers of the table with `caption`, in order."""
    table = re.search(rf"<caption>{caption}</caption>(.*?)</table>", html, re.S)
    assert table, f"no table captioned {caption}"
    return re.findall(r'<th scope="row">(.*?)</th>', table.group(1))


# --- sections --------------------------------------------------------------------------------


def test_site_section_shows_the_government_columns_and_every_units_section(portal, catalog):
    response = portal.get("/xxgk/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert name in html
    # The government's mandated tree and the site's own columns.
    assert f"/xxgk/lanmu/{catalog['relief'].pk}/" in html
    assert f"/xxgk/lanmu/{catalog['notices'].pk}/" in html
    # The directory links each unit's section, not its contact page.
    assert "/xxgk/SLXMZJ/" in html
    assert "/xxgk/SLXCZJ/" in html


def test_organisation_section_lists_its_four_columns_in_order(portal, catalog, orgs):
    response = portal.get("/xxgk/SLXMZJ/")
    assert response.status_code == 200
    html = response.content.decode()
    positions = [
        html.index(f"/xxgk/lanmu/{catalog[key].pk}/")
        for key in ("guide", "rules", "dept_mandated", "annual")
    ]
    assert positions == sorted(positions)
    assert "/feeds/jg/SLXMZJ.xml" in html
    assert "/jg/SLXMZJ/" in html  # contact page


def test_section_of_an_inactive_or_foreign_unit_is_not_found(portal, catalog, orgs, other_site):
    assert portal.get("/xxgk/LXZF/").status_code == 404
    assert Client(HTTP_HOST=OTHER_SITE_HOST).get("/xxgk/LXZF/").status_code == 200
    orgs["other_dept"].is_active = False
    orgs["other_dept"].save()
    assert portal.get("/xxgk/SLXCZJ/").status_code == 404


def test_mandated_tree_is_shown_on_the_government_section(portal, catalog):
    html = portal.get("/xxgk/SLXZF/").content.decode()
    assert "法定主动公开内容目录" in html
    assert "社会救助" in html


# --- column lists ----------------------------------------------------------------------------


def test_column_lists_published_items_with_index_numbers(portal, publish, draft, catalog):
    item = publish()
    draft(title="尚未提交的草稿")
    response = portal.get(f"/xxgk/lanmu/{catalog['relief'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert item.title in html
    assert item.index_number in html
    assert "尚未提交的草稿" not in html
    assert '<th scope="col">索引号</th>' in html


def test_container_column_shows_its_subcolumns_items(portal, publish, catalog):
    item = publish()
    html = portal.get(f"/xxgk/lanmu/{catalog['gov_mandated'].pk}/").content.decode()
    assert item.title in html
    assert "子栏目" in html


def test_column_pagination_is_twenty_per_page(portal, publish, catalog):
    for n in range(21):
        publish(title=f"第{n:02d}号通知", document_number="")
    first = portal.get(f"/xxgk/lanmu/{catalog['relief'].pk}/")
    assert len(first.context["page_obj"].object_list) == 20
    assert first.context["page_obj"].paginator.num_pages == 2
    second = portal.get(f"/xxgk/lanmu/{catalog['relief'].pk}/?page=2")
    titles = [i.title for i in second.context["page_obj"].object_list]
    # Newest first: the first one published is alone on page 2.
    assert titles == ["第00号通知"]
    # A nonsense page number shows a page, not an error.
    assert portal.get(f"/xxgk/lanmu/{catalog['relief'].pk}/?page=abc").status_code == 200


def test_column_filters(portal, publish, catalog):
    publish(title="低保提标通知", subject_category="16")
    publish(
        title="规范性文件甲",
        keywords="规范性文件",
        subject_category="01",
        is_normative=True,
        validity="repealed",
        repealed_on=dt.date(2025, 1, 1),
    )
    url = f"/xxgk/lanmu/{catalog['relief'].pk}/"

    def titles(query: str) -> list[str]:
        response = portal.get(url + query)
        assert response.status_code == 200
        return [i.title for i in response.context["page_obj"].object_list]

    assert titles("?subject=16") == ["低保提标通知"]
    assert titles("?validity=repealed") == ["规范性文件甲"]
    assert titles("?q=提标") == ["低保提标通知"]
    this_year = dt.date.today().year
    assert len(titles(f"?year={this_year}")) == 2
    assert titles(f"?year={this_year - 1}") == []
    # A bad value is reported on the page and ignored, never a 500.
    response = portal.get(url + "?subject=99&year=abc")
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 2
    assert "form-errors" in response.content.decode()


def test_single_page_column_shows_its_current_text(portal, publish, catalog):
    publish(
        catalog["guide"], title="示例县民政局政府信息公开指南（2024年版）", body_html="<p>旧版</p>"
    )
    publish(
        catalog["guide"],
        title="示例县民政局政府信息公开指南（2025年版）",
        body_html="<p>新版指南</p>",
    )
    html = portal.get(f"/xxgk/lanmu/{catalog['guide'].pk}/").content.decode()
    assert "新版指南" in html
    assert "旧版" not in html


def test_link_column_redirects(portal, site, catalog):
    link = catalog_services.column_create(
        site=site, name="省政府信息公开平台", kind="link",
        external_url="https://www.example.gov.cn/xxgk/", actor=None,
    )  # fmt: skip
    response = portal.get(f"/xxgk/lanmu/{link.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "https://www.example.gov.cn/xxgk/"


def test_column_of_another_site_or_retired_is_not_found(portal, catalog, other_site):
    catalog_services.catalog_ensure_standard_columns(organisation=other_site.government, actor=None)
    foreign = Column.objects.get(organisation=other_site.government, standard_key=StandardKey.RULES)
    assert portal.get(f"/xxgk/lanmu/{foreign.pk}/").status_code == 404
    assert Client(HTTP_HOST=OTHER_SITE_HOST).get(f"/xxgk/lanmu/{foreign.pk}/").status_code == 200
    Column.objects.filter(pk=catalog["notices"].pk).update(is_retired=True)
    assert portal.get(f"/xxgk/lanmu/{catalog['notices'].pk}/").status_code == 404


# --- the item page ----------------------------------------------------------------------------


def test_item_url_is_the_one_publications_gives(publish):
    item = publish()
    assert item_public_url(item) == f"/xxgk/{item.pk}/"


def test_item_page_metadata_table_comes_first_in_order(portal, publish):
    item = publish(
        is_normative=True,
        validity="valid",
        effective_on=dt.date(2025, 4, 1),
        expires_on=dt.date(2030, 3, 31),
    )
    response = portal.get(f"/xxgk/{item.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert rows_of(html, "信息索引") == [
        "索引号",
        "发布机构",
        "成文日期",
        "发布日期",
        "文号",
        "主题分类",
        "体裁",
        "有效性",
        "关键词",
    ]
    assert html.index("信息索引") < html.index("城乡低保标准提高到每人每月800元")
    for value in (
        item.index_number,
        "示例县民政局",
        "2025-03-03",
        "示民发〔2025〕3号",
        "民政、扶贫、救灾",
        "生效日期：2025-04-01",
        "失效日期：2030-03-31",
    ):
        assert value in html
    assert "有效" in html


def test_drafts_pending_and_unknown_items_are_not_found(portal, draft, clerk_a):
    item = draft()
    assert portal.get(f"/xxgk/{item.pk}/").status_code == 404
    svc.item_submit(item=item, actor=clerk_a)
    assert portal.get(f"/xxgk/{item.pk}/").status_code == 404
    assert portal.get(f"/xxgk/{item.pk}/print/").status_code == 404
    assert portal.get("/xxgk/999999/").status_code == 404


def test_on_request_item_is_not_on_the_portal(portal, publish):
    item = publish(disclosure_attribute="on_request", attribute_reason="涉及个人隐私，依申请公开。")
    assert item.status == "published"
    assert portal.get(f"/xxgk/{item.pk}/").status_code == 404


def test_item_of_another_site_is_not_found_on_this_host(portal, site, other_site):
    catalog_services.catalog_ensure_standard_columns(organisation=other_site.government, actor=None)
    rules = Column.objects.get(organisation=other_site.government, standard_key=StandardKey.RULES)
    item = svc.item_create_draft(
        organisation=other_site.government, actor=None, **fields_for(rules, title="邻县的制度")
    )
    svc.item_submit(item=item, actor=None)
    svc.item_approve(item=item, actor=None, secrecy_confirmed=True)
    assert portal.get(f"/xxgk/{item.pk}/").status_code == 404
    other = Client(HTTP_HOST=OTHER_SITE_HOST).get(f"/xxgk/{item.pk}/")
    assert other.status_code == 200
    assert "邻县的制度" in other.content.decode()


def test_withdrawn_item_shows_the_notice_and_successor_not_the_body(portal, publish, leader):
    old = publish(title="旧通知", body_html="<p>旧的正文内容</p>")
    new = publish(title="更正后的通知")
    svc.item_withdraw(item=old, actor=leader, reason="内容有误，已重新发布", successor=new)
    response = portal.get(f"/xxgk/{old.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"本信息已于\d{4}年\d{1,2}月\d{1,2}日撤回，原因：内容有误，已重新发布", html)
    assert f'href="/xxgk/{new.pk}/"' in html
    assert "旧的正文内容" not in html
    assert old.index_number in html  # the number stays for good
    assert 'name="robots" content="noindex"' in html


def test_interpretation_links_both_ways(portal, publish, catalog):
    policy = publish(catalog["policies"], title="关于提高低保标准的实施意见")
    reading = publish(
        catalog["policies"],
        title="《关于提高低保标准的实施意见》政策解读",
        genre="interpretation",
        interprets=[policy],
        document_number="",
    )
    policy_html = portal.get(f"/xxgk/{policy.pk}/").content.decode()
    assert "政策解读" in policy_html
    assert f'href="/xxgk/{reading.pk}/"' in policy_html
    reading_html = portal.get(f"/xxgk/{reading.pk}/").content.decode()
    assert "解读的文件" in reading_html
    assert f'href="/xxgk/{policy.pk}/"' in reading_html


def test_attachments_are_listed_with_size_and_type(portal, draft, clerk_a, leader):
    item = draft()
    content = docx_bytes("附件正文内容") + b"\0" * 0
    attachment = svc.item_attachment_add(
        item=item, uploaded=SimpleUploadedFile("低保名单.docx", content), actor=clerk_a
    )
    svc.item_submit(item=item, actor=clerk_a)
    svc.item_approve(item=item, actor=leader, secrecy_confirmed=True)
    html = portal.get(f"/xxgk/{item.pk}/").content.decode()
    assert f'href="/xxgk/fujian/{attachment.pk}/"' in html
    assert "低保名单.docx" in html
    assert "DOCX" in html
    assert f"{max(1, round(len(content) / 1024))} KB" in html


def test_body_images_load_lazily(portal, publish, catalog):
    item = publish(body_html='<p>图示</p><img src="/xxgk/fujian/1/" alt="流程图">')
    html = portal.get(f"/xxgk/{item.pk}/").content.decode()
    assert '<img loading="lazy" src="/xxgk/fujian/1/" alt="流程图">' in html


def test_item_page_query_count_is_small_and_fixed(
    portal, publish, catalog, django_assert_num_queries
):
    policy = publish(catalog["policies"], title="政策")
    publish(catalog["policies"], title="解读一", genre="interpretation", interprets=[policy])
    publish(catalog["policies"], title="解读二", genre="interpretation", interprets=[policy])
    portal.get("/robots.txt")  # warms the per-process site cache
    # Rendered: item (+ unit), attachments, interpretations, interpreted documents, columns.
    with django_assert_num_queries(5):
        assert portal.get(f"/xxgk/{policy.pk}/").status_code == 200
    # From the page cache: no query at all.
    with django_assert_num_queries(0):
        assert portal.get(f"/xxgk/{policy.pk}/").status_code == 200


def test_item_page_supports_conditional_get(portal, publish, leader):
    item = publish()
    first = portal.get(f"/xxgk/{item.pk}/")
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = portal.get(f"/xxgk/{item.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert "public" in again["Cache-Control"]
    # Another accessibility mode is another page.
    portal.cookies["gk_a11y"] = "a11y-large"
    assert portal.get(f"/xxgk/{item.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    del portal.cookies["gk_a11y"]
    # A withdrawal changes the page: the old validator no longer matches.
    svc.item_withdraw(item=item, actor=leader, reason="已失效")
    assert portal.get(f"/xxgk/{item.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_new_interpretation_reaches_the_policy_page_at_once(portal, publish, catalog):
    policy = publish(catalog["policies"], title="政策")
    etag = portal.get(f"/xxgk/{policy.pk}/")["ETag"]
    publish(catalog["policies"], title="解读", genre="interpretation", interprets=[policy])
    # The policy itself did not change, but its page shows the new interpretation.
    response = portal.get(f"/xxgk/{policy.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "政策解读" in response.content.decode()


def test_the_items_own_changes_bypass_the_page_cache(portal, publish, leader):
    item = publish()
    assert "附件" not in portal.get(f"/xxgk/{item.pk}/").content.decode()
    # Adding an attachment to a published item bumps its version (not its updated_at).
    svc.item_attachment_add(
        item=item, uploaded=SimpleUploadedFile("说明.docx", docx_bytes("说明")), actor=leader
    )
    assert "说明.docx" in portal.get(f"/xxgk/{item.pk}/").content.decode()
    svc.item_withdraw(item=item, actor=leader, reason="已废止")
    assert "本信息已于" in portal.get(f"/xxgk/{item.pk}/").content.decode()


def test_only_anonymous_requests_use_the_page_cache(portal, publish, catalog, client_of, clerk_a):
    item = publish()
    assert "社会救助" in portal.get(f"/xxgk/{item.pk}/").content.decode()
    Column.objects.filter(pk=catalog["relief"].pk).update(name="社会救助信息")
    # The anonymous copy is the cached one; a signed-in user's page is rendered afresh.
    assert "社会救助信息" not in portal.get(f"/xxgk/{item.pk}/").content.decode()
    assert "社会救助信息" in client_of(clerk_a).get(f"/xxgk/{item.pk}/").content.decode()


def test_print_view_has_the_metadata_and_body_without_navigation(portal, publish):
    item = publish()
    response = portal.get(f"/xxgk/{item.pk}/print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert rows_of(html, "信息索引")[0] == "索引号"
    assert "城乡低保标准提高到每人每月800元" in html
    assert "main-nav" not in html
    assert "site-footer" not in html
    assert f"http://gk.example.gov.cn/xxgk/{item.pk}/" in html
    assert "public" in response["Cache-Control"]


def test_signed_in_staff_get_private_item_pages(client_of, clerk_a, publish):
    item = publish()
    response = client_of(clerk_a).get(f"/xxgk/{item.pk}/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_public_pages_are_cacheable_for_a_minute(portal, publish, catalog):
    item = publish()
    for url in (
        "/xxgk/",
        "/xxgk/SLXMZJ/",
        f"/xxgk/lanmu/{catalog['relief'].pk}/",
        f"/xxgk/{item.pk}/",
        f"/feeds/lanmu/{catalog['relief'].pk}.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/search/?q=低保",
    ):
        response = portal.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"], url
        assert "max-age=60" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url
