"""The acceptance journey of active disclosure, in Debian's Chromium:

a clerk drafts an item whose body holds a valid ID number and cannot submit it until it is
masked; the leader approves it with the 保密审查; a citizen finds it in its column with its 索引号
and metadata, in the column's Atom feed and by a 2-character word in the search; the leader
withdraws it (withdrawal is the leader's, like approval) and the citizen then sees the notice
page and no search result.

Three people, three browser contexts (own cookies, own cache). The live server's host
("localhost") is served by the default site, 示例县.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from gongkai.core.tests.browsing import log_in, new_page, screenshot
from gongkai.publications.models import Item

from .conftest import ID_NUMBER

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "关于东河镇2025年第二季度城乡低保新增对象的公示"
ID_MASKED = ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]


def test_active_disclosure_from_draft_to_withdrawal(
    browser, live_server, page, site, orgs, catalog, clerk_a, leader
):
    notices = catalog["notices"]

    # --- the clerk drafts, is stopped by the PII guard, masks with one click, submits -------
    log_in(page, "clerk_a")
    page.goto("/manage/publications/new/")
    page.get_by_label("标题:", exact=True).fill(TITLE)
    page.get_by_label("文号:", exact=True).fill("示民发〔2025〕18号")
    page.get_by_label("成文日期:", exact=True).fill("2025-06-30")
    page.get_by_label("主题分类:", exact=True).select_option("16")
    page.get_by_label("体裁:", exact=True).select_option("publicity")
    page.get_by_label("正文:", exact=True).fill(
        "<p>经东河镇审核，王庄村张某某（身份证号码"
        f"{ID_NUMBER}）家庭符合城乡最低生活保障条件，现予公示。</p>"
    )
    page.get_by_label("通知公告（本站）").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/manage/publications/\d+/$"))
    item_pk = int(re.search(r"/(\d+)/$", page.url).group(1))
    assert page.get_by_role("alert").filter(has_text="敏感个人信息待处理").is_visible()
    assert page.get_by_role("cell", name=ID_MASKED).is_visible()

    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert page.get_by_text("敏感个人信息").first.is_visible()
    assert Item.objects.get(pk=item_pk).status == "draft"
    screenshot(page, "journey-1-pii-blocked")

    page.get_by_role("button", name="一键脱敏").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"已脱敏为 {ID_MASKED}").is_visible()
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert page.get_by_text("已提交分管领导审核。").is_visible()
    assert Item.objects.get(pk=item_pk).status == "pending"

    # --- the leader approves, confirming the 保密审查 -------------------------------------
    boss = new_page(browser, live_server.url)
    log_in(boss, "leader")
    boss.goto(f"/manage/publications/{item_pk}/")
    boss.get_by_label(re.compile("已完成保密审查")).check()
    boss.get_by_role("button", name="审核通过").click()
    boss.wait_for_load_state()
    item = Item.objects.get(pk=item_pk)
    assert item.status == "published"
    assert boss.get_by_text(f"已审核通过并发布，索引号 {item.index_number}。").is_visible()

    # --- a citizen finds it in its column, with its 索引号 and metadata -------------------------
    citizen = new_page(browser, live_server.url)
    citizen.goto("/")
    citizen.get_by_role("link", name="更多通知公告 ›").click()
    citizen.wait_for_url(f"**/xxgk/lanmu/{notices.pk}/")
    row = citizen.get_by_role("row").filter(has_text=TITLE)
    assert row.get_by_role("cell", name=item.index_number).is_visible()
    row.get_by_role("link", name=TITLE).click()
    citizen.wait_for_url(f"**/xxgk/{item_pk}/")
    meta = citizen.get_by_role("table", name="信息索引")
    headers = meta.get_by_role("rowheader").all_inner_texts()
    assert headers[:6] == ["索引号", "发布机构", "成文日期", "发布日期", "文号", "主题分类"]
    assert meta.get_by_role("cell", name=item.index_number).is_visible()
    assert meta.get_by_role("cell", name="示例县民政局").is_visible()
    assert meta.get_by_role("cell", name="示民发〔2025〕18号").is_visible()
    body = citizen.locator(".item-body").inner_text()
    assert ID_MASKED in body
    assert ID_NUMBER not in citizen.content()
    screenshot(citizen, "journey-2-item-page")

    # ... in the column's Atom feed ...
    feed = citizen.request.get(f"/feeds/lanmu/{notices.pk}.xml")
    assert feed.ok
    entries = ET.fromstring(feed.body()).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [TITLE]
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"/xxgk/{item_pk}/")

    # ... and by a 2-character word that sits inside a longer one (最低生活保障).
    citizen.goto("/")
    citizen.get_by_role("searchbox", name="检索政府信息").fill("保障")
    citizen.get_by_role("searchbox", name="检索政府信息").press("Enter")
    citizen.wait_for_url(re.compile(r"/search/\?q="))
    results = citizen.locator(".search-results")
    assert results.get_by_role("link", name=TITLE).is_visible()
    assert results.locator("mark", has_text="保障").first.is_visible()
    screenshot(citizen, "journey-3-search")

    # --- withdrawn with a public reason -----------------------------------------------------
    boss.goto(f"/manage/publications/{item_pk}/")
    boss.get_by_label("撤回理由（将向公众公示）:", exact=True).fill(
        "公示对象信息有误，核实后重新公示"
    )
    boss.get_by_role("button", name="撤回信息").click()
    boss.wait_for_load_state()
    assert Item.objects.get(pk=item_pk).status == "withdrawn"

    # A reload revalidates the cached page (its ETag changed with the withdrawal).
    citizen.goto(f"/xxgk/{item_pk}/")
    citizen.reload()
    notice = citizen.get_by_role("note")
    assert re.search(
        r"本信息已于\d{4}年\d{1,2}月\d{1,2}日撤回，原因：公示对象信息有误，核实后重新公示",
        notice.inner_text(),
    )
    assert citizen.locator(".item-body").count() == 0
    assert citizen.get_by_role("cell", name=item.index_number).is_visible()
    screenshot(citizen, "journey-4-withdrawn")

    citizen.goto("/search/?q=保障")
    citizen.reload()
    assert citizen.get_by_text("没有找到与“保障”相关的信息").is_visible()
    assert citizen.locator(".search-results").count() == 0
    feed = citizen.request.get(f"/feeds/lanmu/{notices.pk}.xml")
    assert ET.fromstring(feed.body()).findall(f"{ATOM}entry") == []

    for other in (boss, citizen):
        other.context.close()
