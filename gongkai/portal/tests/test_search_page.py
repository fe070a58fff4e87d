"""The public search page and the hot searches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from gongkai.publications import services as svc
from gongkai.search.models import SearchLog

pytestmark = pytest.mark.django_db


def hits(portal, query: str) -> list[str]:
    response = portal.get("/search/" + query)
    assert response.status_code == 200
    results = response.context["results"]
    return [hit.url for hit in results.hits] if results else []


def test_two_character_word_inside_a_longer_word_is_found(portal, publish):
    item = publish(
        title="关于调整救助标准的通知",
        keywords="",
        summary="",
        body_html="<p>自4月起，城乡最低生活保障标准统一上调。</p>",
    )
    publish(title="无关的通知", keywords="", summary="", body_html="<p>道路施工。</p>")
    # 保障 sits inside 最低生活保障标准.
    assert hits(portal, "?q=保障") == [f"/xxgk/{item.pk}/"]
    html = portal.get("/search/?q=保障").content.decode()
    assert "<mark>保障</mark>" in html


def test_empty_or_blank_query_shows_the_form_and_logs_nothing(portal, site):
    for query in ("", "?q=", "?q=%20%20", "?q=%EF%BC%8C"):  # nothing, blanks, a full-width comma
        response = portal.get("/search/" + query)
        assert response.status_code == 200
        assert response.context["results"] is None or response.context["results"].total == 0
    assert SearchLog.objects.count() == 0


def test_titles_are_escaped_in_results(portal, publish):
    publish(title="<script>alert(1)</script>低保公示", keywords="", summary="")
    html = portal.get("/search/?q=低保公示").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_filters_and_sorting(portal, publish, catalog, orgs):
    a = publish(title="低保资金公示一", subject_category="16")
    b = publish(catalog["notices"], title="低保资金公示二", subject_category="03")
    c = publish(
        title="低保资金管理办法",
        subject_category="16",
        is_normative=True,
        validity="repealed",
        repealed_on=dt.date(2025, 1, 1),
    )
    assert set(hits(portal, "?q=低保资金")) == {f"/xxgk/{x.pk}/" for x in (a, b, c)}
    assert set(hits(portal, "?q=低保资金&subject=03")) == {f"/xxgk/{b.pk}/"}
    assert set(hits(portal, "?q=低保资金&validity=repealed")) == {f"/xxgk/{c.pk}/"}
    assert set(hits(portal, f"?q=低保资金&lanmu={catalog['notices'].pk}")) == {f"/xxgk/{b.pk}/"}
    assert hits(portal, "?q=低保资金&org=SLXCZJ") == []
    assert len(hits(portal, "?q=低保资金&org=SLXMZJ")) == 3
    today = dt.date.today()
    assert len(hits(portal, f"?q=低保资金&date_from={today}&date_to={today}")) == 3
    yesterday = today - dt.timedelta(days=1)
    assert hits(portal, f"?q=低保资金&date_to={yesterday}") == []
    # Newest first when sorted by date (published one after another: c, b, a).
    by_date = hits(portal, "?q=低保资金&sort=date")
    assert by_date == [f"/xxgk/{x.pk}/" for x in (c, b, a)]


def test_bad_filter_values_are_reported_not_fatal(portal, publish):
    publish()
    response = portal.get("/search/?q=低保&date_from=2025-13-45&org=NOPE&sort=x&page=zz")
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    # The valid part of the request still searches.
    assert response.context["results"].total == 1
    reversed_range = portal.get("/search/?q=低保&date_from=2025-05-01&date_to=2025-01-01")
    assert "结束日期不能早于开始日期" in reversed_range.content.decode()


def test_a_withdrawn_item_is_not_found(portal, publish, leader):
    item = publish(title="即将撤回的低保公示")
    assert hits(portal, "?q=撤回的低保") == [f"/xxgk/{item.pk}/"]
    svc.item_withdraw(item=item, actor=leader, reason="名单有误")
    assert hits(portal, "?q=撤回的低保") == []


def test_searches_are_logged_anonymously_and_become_hot(portal, publish, site):
    publish()
    for _ in range(3):
        portal.get("/search/?q=低保", REMOTE_ADDR="203.0.113.9")
    portal.get("/search/?q=低保&page=2")  # paging is not another search
    portal.get("/search/?q=查无此词xyz")  # found nothing: logged, never hot
    assert SearchLog.objects.filter(text="低保").count() == 3
    # The log holds the text, the site, the time and whether it found something: no IP,
    # user or session can be stored.
    fields = {f.name for f in SearchLog._meta.get_fields()}
    assert fields == {"id", "site_id", "text", "found", "created_at"}
    assert not any("203.0.113.9" in str(v) for v in SearchLog.objects.values_list())

    cache.clear()  # the hot list is cached for a minute; the pages above filled it (empty)
    html = portal.get("/").content.decode()
    assert "热门检索" in html
    assert '<a href="/search/?q=%E4%BD%8E%E4%BF%9D">低保</a>' in html
    assert "查无此词" not in html
    assert "热门检索" in portal.get("/search/").content.decode()


def test_signed_in_staff_searches_are_anonymous_too(client_of, clerk_a, publish):
    publish()
    client_of(clerk_a).get("/search/?q=低保")
    assert list(SearchLog.objects.values_list("text", flat=True)) == ["低保"]
