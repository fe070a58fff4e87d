"""The whole-page cache (ADR 0013): what it serves, to whom, and what makes a page stale."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory

from conftest import OTHER_SITE_HOST, SITE_HOST
from gongkai.catalog import services as catalog_services
from gongkai.core.tests.test_deploy_check import _env, _run
from gongkai.organizations import services as org_services
from gongkai.portal import pagecache
from gongkai.portal.invalidation import item_pages, stale_pages
from gongkai.publications import services as svc
from gongkai.publications.models import Item

pytestmark = pytest.mark.django_db


def url(item: Item) -> str:
    return f"/xxgk/{item.pk}/"


def state(response: Any) -> str:
    return response.get(pagecache.HEADER, "")


def test_a_hit_replays_the_whole_response_without_a_query(
    portal, publish, django_assert_num_queries
):
    item = publish()
    first = portal.get(url(item))
    assert state(first) == "miss"
    with django_assert_num_queries(0):
        again = portal.get(url(item))
    assert state(again) == "hit"
    assert again.content == first.content
    assert int(again["Content-Length"]) == len(again.content)
    # Every header the middleware stack put on the rendered page comes back.
    for name in (
        "Content-Type",
        "Cache-Control",
        "ETag",
        "Last-Modified",
        "Vary",
        "X-Frame-Options",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert again[name] == first[name], name
    assert not again.cookies


def test_a_hit_answers_conditional_requests(portal, publish):
    item = publish()
    etag = portal.get(url(item))["ETag"]
    response = portal.get(url(item), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert state(response) == "hit"
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]
    assert "Content-Type" not in response
    assert response.content == b""


def test_print_view_is_cached_as_its_own_page(portal, publish):
    item = publish()
    assert state(portal.get(url(item))) == "miss"
    printed = portal.get(f"{url(item)}print/")
    assert state(printed) == "miss"
    assert state(portal.get(f"{url(item)}print/")) == "hit"
    assert "main-nav" not in printed.content.decode()


@pytest.mark.parametrize(
    "cookie",
    ["sessionid", "messages", "gk_analytics"],
)
def test_requests_carrying_other_cookies_go_through_the_stack(portal, publish, cookie):
    item = publish()
    portal.get(url(item))
    portal.cookies[cookie] = "x"
    response = portal.get(url(item))
    assert response.status_code == 200
    assert state(response) == ""


def test_csrf_and_accessibility_cookies_still_use_the_cache(portal, publish):
    item = publish()
    portal.get(url(item))
    portal.cookies["csrftoken"] = "a" * 32
    assert state(portal.get(url(item))) == "hit"
    # The accessibility classes are another page, cached on its own.
    portal.cookies["gk_a11y"] = "a11y-large"
    large = portal.get(url(item))
    assert state(large) == "miss"
    assert 'class="a11y-large"' in large.content.decode()
    assert state(portal.get(url(item))) == "hit"


def test_query_strings_post_and_authorization_bypass_the_cache(portal, publish):
    item = publish()
    portal.get(url(item))
    assert state(portal.get(url(item), {"from": "weibo"})) == ""
    assert state(portal.get(url(item), HTTP_AUTHORIZATION="Bearer x")) == ""
    assert portal.post(url(item)).status_code == 405


def test_signed_in_staff_neither_read_nor_leave_copies(portal, publish, client_of, clerk_a):
    item = publish()
    staff = client_of(clerk_a)
    response = staff.get(url(item))
    assert state(response) == ""
    assert "private" in response["Cache-Control"]
    # Nothing was stored by the signed-in request: the visitor's page is rendered.
    assert state(portal.get(url(item))) == "miss"


def test_pages_are_kept_per_host(portal, publish, site, other_site):
    item = publish()
    assert state(portal.get(url(item))) == "miss"
    # The other site's host is a different key; and the item is not on that site.
    other = Client(HTTP_HOST=OTHER_SITE_HOST)
    assert other.get(url(item)).status_code == 404
    assert state(portal.get(url(item))) == "hit"


def test_not_found_pages_are_not_stored(portal, draft):
    item = draft()
    assert portal.get(url(item)).status_code == 404
    assert not any(k for k in _page_keys())


def _page_keys() -> list[str]:
    store = getattr(caches["pages"], "_cache", None)
    if isinstance(store, dict):  # the in-process cache
        return [k for k in store if pagecache.PAGE_KEY in k]
    client = store.get_client(write=False)  # type: ignore[union-attr]  # Redis: ask the server
    return [k.decode() for k in client.keys(f"*{pagecache.PAGE_KEY}*")]


# --- invalidation ---------------------------------------------------------------------------------


def test_the_items_own_changes_show_at_once(portal, publish, leader):
    item = publish()
    portal.get(url(item))
    svc.item_withdraw(item=item, actor=leader, reason="已废止")
    response = portal.get(url(item))
    assert state(response) == "miss"
    assert "本信息已于" in response.content.decode()


def test_interpretation_publish_and_withdrawal_reach_the_policy_page(
    portal, publish, catalog, leader
):
    policy = publish(catalog["policies"], title="政策")
    assert "政策解读" not in portal.get(url(policy)).content.decode()
    reading = publish(
        catalog["policies"], title="一图读懂", genre="interpretation", interprets=[policy]
    )
    assert "一图读懂" in portal.get(url(policy)).content.decode()
    assert state(portal.get(url(policy))) == "hit"
    svc.item_withdraw(item=reading, actor=leader, reason="内容有误")
    assert "一图读懂" not in portal.get(url(policy)).content.decode()


def test_a_replaced_items_page_follows_its_successors_title(portal, publish, leader):
    old = publish(title="旧办法")
    new = publish(title="新办法")
    svc.item_withdraw(item=old, actor=leader, reason="已被替代", successor=new)
    assert "新办法" in portal.get(url(old)).content.decode()
    assert set(item_pages(new.pk)) >= {old.pk, new.pk}


def test_unlinking_an_interpretation_reaches_the_former_policy(publish, catalog):
    policy = publish(catalog["policies"], title="政策")
    event: Any = type(
        "Event",
        (),
        {
            "object_type": "publications.item",
            "object_id": "999999",
            "action": "publication.update",
            "changes": {"interprets": [[policy.pk], []]},
        },
    )()
    assert pagecache.item_tag(policy.pk) in stale_pages(event)


def test_a_column_rename_reaches_every_page(portal, publish, catalog):
    item = publish()
    column = f"/xxgk/lanmu/{catalog['relief'].pk}/"
    child = catalog_services.column_create(
        site=catalog["relief"].site, parent=catalog["relief"], name="低保", actor=None
    )
    portal.get(url(item))
    portal.get(f"/xxgk/lanmu/{child.pk}/")
    portal.get(column)
    catalog_services.column_update(column=catalog["relief"], actor=None, name="社会救助信息")
    assert "社会救助信息" in portal.get(url(item)).content.decode()
    # The sub-column's breadcrumb comes from the cached section tree: a fresh one is built.
    assert "社会救助信息" in portal.get(f"/xxgk/lanmu/{child.pk}/").content.decode()
    assert "<h1>社会救助信息</h1>" in portal.get(column).content.decode()


def test_a_unit_rename_reaches_its_pages(portal, publish, orgs, admin):
    item = publish()
    portal.get(url(item))
    org_services.organisation_update(
        organisation=orgs["dept"], actor=admin, full_name="示例县民政局（新）"
    )
    assert "民政局（新）" in portal.get(url(item)).content.decode()


def test_unrelated_writes_leave_pages_cached(portal, publish, draft):
    item = publish()
    portal.get(url(item))
    draft(title="另一份草稿")
    assert state(portal.get(url(item))) == "hit"


def test_a_write_committed_while_a_page_renders_is_not_kept(rf_site, publish):
    """The stamp is read before the view runs: a page rendered from data that changes meanwhile
    is stored under the old stamp and never served."""
    item = publish()

    def render_during_a_write(request: Any) -> HttpResponse:
        pagecache.bump_tags([pagecache.item_tag(item.pk)])  # the write commits mid-render
        return HttpResponse("旧内容", headers={"Cache-Control": "public, max-age=60"})

    middleware = pagecache.PageCacheMiddleware(render_during_a_write)
    assert state(middleware(rf_site(url(item)))) == "miss"
    assert len(_page_keys()) == 1  # stored, under the stamp read before the write

    def render(request: Any) -> HttpResponse:
        return HttpResponse("新内容", headers={"Cache-Control": "public, max-age=60"})

    fresh = pagecache.PageCacheMiddleware(render)(rf_site(url(item)))
    assert state(fresh) == "miss"
    assert fresh.content.decode() == "新内容"
    # Had the stamp been read after rendering, the old page would have been served here.
    assert state(pagecache.PageCacheMiddleware(render)(rf_site(url(item)))) == "hit"


def test_responses_that_set_cookies_or_are_private_are_not_stored(rf_site, publish):
    item = publish()

    def with_cookie(request: Any) -> HttpResponse:
        response = HttpResponse("x")
        response.set_cookie("csrftoken", "secret")
        return response

    assert state(pagecache.PageCacheMiddleware(with_cookie)(rf_site(url(item)))) == ""

    def private(request: Any) -> HttpResponse:
        return HttpResponse("x", headers={"Cache-Control": "private, no-cache"})

    assert state(pagecache.PageCacheMiddleware(private)(rf_site(url(item)))) == ""
    assert not _page_keys()


def test_a_lost_generation_key_makes_every_page_stale(portal, publish):
    item = publish()
    portal.get(url(item))
    caches["pages"].delete(pagecache.GEN_KEY)  # evicted or expired
    assert state(portal.get(url(item))) == "miss"
    assert state(portal.get(url(item))) == "hit"


def test_a_new_release_does_not_serve_old_markup(portal, publish, settings):
    item = publish()
    portal.get(url(item))
    settings.GONGKAI_RELEASE = "2026.12"
    pagecache.release.cache_clear()
    try:
        assert state(portal.get(url(item))) == "miss"
    finally:
        pagecache.release.cache_clear()


# --- the command --------------------------------------------------------------------------------


def test_warm_renders_every_public_page_then_clear_makes_them_stale(
    portal, publish, draft, capsys, django_assert_num_queries
):
    items = [publish(title=f"第{n}份通知") for n in range(3)]
    draft(title="草稿不在门户上")
    call_command("portal_pages", "warm", "--url", f"http://{SITE_HOST}")
    out = capsys.readouterr().out
    assert "3 个信息页面，新生成 3，已在缓存 0" in out
    with django_assert_num_queries(0):
        for item in items:
            assert state(portal.get(url(item))) == "hit"
    call_command("portal_pages", "warm", "--url", f"http://{SITE_HOST}")
    assert "新生成 0，已在缓存 3" in capsys.readouterr().out
    call_command("portal_pages", "clear")
    assert state(portal.get(url(items[0]))) == "miss"


def test_warm_refuses_a_bad_address():
    with pytest.raises(CommandError, match="不是有效的网址"):
        call_command("portal_pages", "warm", "--url", "ftp://x")


@pytest.fixture
def rf_site(site: Any) -> Any:
    factory = RequestFactory(HTTP_HOST=SITE_HOST)

    def make(path: str) -> Any:
        return factory.get(path)

    return make


# --- lists ----------------------------------------------------------------------------------------


def test_column_lists_are_cached_and_follow_their_items(portal, publish, catalog, leader):
    first = publish(title="第一份通知")
    column = f"/xxgk/lanmu/{catalog['relief'].pk}/"
    parent = f"/xxgk/lanmu/{catalog['gov_mandated'].pk}/"
    assert state(portal.get(column)) == "miss"
    assert state(portal.get(parent)) == "miss"
    assert state(portal.get(column)) == "hit"
    # Filtered and later pages carry a query string: always rendered.
    assert state(portal.get(column, {"page": 2})) == ""
    second = publish(title="第二份通知")
    # The column and its parent (a container lists its sub-columns' items) show it at once.
    assert "第二份通知" in portal.get(column).content.decode()
    assert "第二份通知" in portal.get(parent).content.decode()
    svc.item_withdraw(item=first, actor=leader, reason="已失效")
    assert "第一份通知" not in portal.get(column).content.decode()
    assert second.pk


def test_other_columns_lists_stay_cached(portal, publish, catalog):
    notices = f"/xxgk/lanmu/{catalog['notices'].pk}/"
    portal.get(notices)
    publish(title="社会救助的通知")  # into 社会救助 only
    assert state(portal.get(notices)) == "hit"


def test_home_page_is_cached_for_a_minute_and_follows_new_items(portal, publish, catalog):
    home = portal.get("/")
    assert state(home) == "miss"
    assert state(portal.get("/")) == "hit"
    publish(catalog["notices"], title="关于开展春季防火的通告")
    assert state(portal.get("/")) == "miss"
    assert pagecache.plan(RequestFactory(HTTP_HOST=SITE_HOST).get("/")).seconds == 60


_LAPTOP_PROCESS = """
import django
django.setup()
from django.core.cache import caches
from gongkai.portal import pagecache
if "{step}" == "bump":
    pagecache.bump_all()
print(type(caches["pages"]).__name__, caches["pages"].get(pagecache.GEN_KEY))
"""


def test_the_laptop_page_cache_is_shared_between_processes(tmp_path):
    """Without Redis, a command's write (another process) must still reach the web process's
    pages: the embedded default keeps them in files, not in per-process memory."""
    env = _env(tmp_path, DEBUG="1")
    bumped = _run(["-c", _LAPTOP_PROCESS.format(step="bump")], env).stdout.split()
    seen = _run(["-c", _LAPTOP_PROCESS.format(step="read")], env).stdout.split()
    assert bumped[0] == "FileBasedCache"
    assert seen == bumped


def test_a_single_page_column_follows_its_item(portal, publish, catalog, leader):
    guide_url = f"/xxgk/lanmu/{catalog['guide'].pk}/"
    guide = publish(catalog["guide"], title="政府信息公开指南", body_html="<p>第一版指南</p>")
    assert "第一版指南" in portal.get(guide_url).content.decode()
    assert state(portal.get(guide_url)) == "hit"
    svc.item_withdraw(item=guide, actor=leader, reason="指南已更新")
    assert "第一版指南" not in portal.get(guide_url).content.decode()


def test_pages_rendered_just_after_a_site_wide_change_live_only_through_the_settling_window():
    assert pagecache._settling("abc@1000", now=1000) == pagecache.SETTLE_SECONDS
    assert pagecache._settling("abc@1000", now=1000 + pagecache.SETTLE_SECONDS) is None
    assert pagecache._settling("abc", now=1000) is None  # a token without a time


def test_a_page_stored_during_the_settling_window_expires_with_it(portal, publish, monkeypatch):
    item = publish()
    pagecache.bump_all()  # a site-wide change just now
    stored: dict[str, int] = {}
    real_set = caches["pages"].set

    def spy(key: str, value: Any, timeout: int | None = None) -> None:
        if pagecache.PAGE_KEY in key:
            stored[key] = timeout or 0
        real_set(key, value, timeout)

    monkeypatch.setattr(caches["pages"], "set", spy)
    portal.get(url(item))
    assert stored and all(0 < t <= pagecache.SETTLE_SECONDS for t in stored.values())
