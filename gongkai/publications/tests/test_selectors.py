"""Who sees what: workbench visibility, the public selectors, the workbench lists, the
missing-interpretation flag and the Art. 26 lateness warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core.deadlines import WorkCalendar
from gongkai.publications import services as svc
from gongkai.publications.selectors import (
    filter_items,
    items_awaiting_approval,
    items_visible_to,
    lateness,
    missing_interpretations,
    missing_interpretations_for,
    my_pii_hits,
    public_attachment,
    public_item_detail,
    public_items,
)
from gongkai.publications.timeliness import interpretation_clock, publication_lateness

from .conftest import MOBILE, upload
from .files import PNG_BYTES

pytestmark = pytest.mark.django_db


def test_other_clerk_cannot_see_our_drafts(draft, clerk_a, clerk_b, other_clerk, leader, office):
    item = draft()
    assert list(items_visible_to(clerk_a)) == [item]
    assert list(items_visible_to(clerk_b)) == [item]
    assert list(items_visible_to(leader)) == [item]
    assert list(items_visible_to(office)) == [item]
    assert not items_visible_to(other_clerk).exists()


def test_other_site_sees_nothing(draft, published, other_office, site):
    draft()
    published(title="已发布")
    assert not items_visible_to(other_office).exists()
    assert not items_visible_to(None).exists()


def test_public_items_only_published_active_and_withdrawn(
    draft, published, clerk_a, leader, site, other_site
):
    d = draft(title="草稿")
    pending = draft(title="待审")
    svc.item_submit(item=pending, actor=clerk_a)
    live = published(title="公开")
    withheld = published(
        title="不公开", disclosure_attribute="withheld", attribute_reason="国家秘密"
    )
    gone = published(title="已撤回")
    svc.item_withdraw(item=gone, actor=leader, reason="有误")
    ids = set(public_items(site).values_list("pk", flat=True))
    assert ids == {live.pk, gone.pk}
    assert not public_items(other_site).exists()
    assert public_item_detail(site, d.pk) is None
    assert public_item_detail(site, withheld.pk) is None
    assert public_item_detail(other_site, live.pk) is None
    notice = public_item_detail(site, gone.pk)
    assert notice.withdrawn and notice.body_html == "" and notice.item.withdrawal_reason == "有误"


def test_public_attachment_only_while_published(draft, clerk_a, leader):
    item = draft()
    attachment = svc.item_attachment_add(
        item=item, uploaded=upload("图.png", PNG_BYTES), actor=clerk_a
    )
    assert public_attachment(attachment.pk) is None
    svc.item_submit(item=item, actor=clerk_a)
    svc.item_approve(item=item, actor=leader, secrecy_confirmed=True)
    assert public_attachment(attachment.pk) == attachment
    svc.item_withdraw(item=item, actor=leader, reason="有误")
    assert public_attachment(attachment.pk) is None


def test_filters(published, site, orgs):
    a = published(title="甲通知", subject_category="16", genre="notice")
    b = published(title="乙办法", subject_category="03", genre="measures", is_normative=True)
    qs = public_items(site)
    assert list(filter_items(qs, subject_category="03")) == [b]
    assert list(filter_items(qs, genre="notice")) == [a]
    assert list(filter_items(qs, validity="valid")) == [b]
    assert list(filter_items(qs, keyword="甲")) == [a]
    assert set(filter_items(qs, organisation=orgs["dept"])) == {a, b}
    today = timezone.localdate()
    assert filter_items(qs, date_from=today, date_to=today).count() == 2
    assert not filter_items(qs, date_to=today - dt.timedelta(days=1)).exists()


def test_awaiting_approval_is_the_leaders_list(draft, clerk_a, leader, office):
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    assert list(items_awaiting_approval(leader)) == [item]
    assert not items_awaiting_approval(clerk_a).exists()
    assert not items_awaiting_approval(office).exists()


def test_pii_list_follows_visibility(draft, clerk_a, other_clerk, office):
    item = draft(body_html=f"<p>{MOBILE}</p>")
    assert [h.item_id for h in my_pii_hits(clerk_a)] == [item.pk]
    assert [h.item_id for h in my_pii_hits(office)] == [item.pk]
    assert not my_pii_hits(other_clerk).exists()


def test_missing_interpretation_flagged_after_three_working_days(
    published, orgs, gov_column, site, office, clerk_a
):
    policy = published(
        organisation=orgs["government"], columns=[gov_column], is_normative=True,
        genre="measures", title="示例县农村宅基地管理办法",
    )  # fmt: skip
    published(organisation=orgs["government"], columns=[gov_column], title="普通通知")
    published(is_normative=True, title="部门规范性文件")  # not in the government's name
    day = timezone.localdate()
    assert missing_interpretations(site, day) == []
    later = day + dt.timedelta(days=14)
    flagged = missing_interpretations(site, later)
    assert [m.item.pk for m in flagged] == [policy.pk]
    assert flagged[0].clock.overdue
    assert [m.item.pk for m in missing_interpretations_for(office, later)] == [policy.pk]
    assert missing_interpretations_for(clerk_a, later) == []
    published(genre="interpretation", interprets=[policy], columns=[gov_column], title="解读")
    assert missing_interpretations(site, later) == []


def test_interpretation_clock_counts_working_days():
    calendar = WorkCalendar()  # weekends only
    friday = dt.date(2025, 3, 7)
    clock = interpretation_clock(friday, dt.date(2025, 3, 12), calendar, 3)
    assert clock.due == dt.date(2025, 3, 12) and not clock.overdue
    late = interpretation_clock(friday, dt.date(2025, 3, 14), calendar, 3)
    assert late.overdue and late.overdue_by == 2


def test_art26_lateness():
    calendar = WorkCalendar()
    on_time = publication_lateness(dt.date(2025, 3, 3), dt.date(2025, 3, 31), calendar, 20)
    assert on_time.due == dt.date(2025, 3, 31) and not on_time.late
    late = publication_lateness(dt.date(2025, 3, 3), dt.date(2025, 4, 2), calendar, 20)
    assert late.late and late.late_by == 2 and late.working_days == 22


def test_lateness_of_an_item(published):
    item = published(written_on=timezone.localdate() - dt.timedelta(days=60))
    result = lateness(item)
    assert result is not None and result.late
