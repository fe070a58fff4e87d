"""What an item carries and where it shows: 索引号, revisions, the search index, the columns'
freshness, claimed columns, sanitised bodies, metadata rules, interpretations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.catalog.models import Column
from gongkai.publications import services as svc
from gongkai.publications.models import IndexSequence, Item, ItemVersion
from gongkai.publications.numbering import validate_template
from gongkai.publications.services.numbers import publication_settings_update
from gongkai.publications.states import Status
from gongkai.search import index

pytestmark = pytest.mark.django_db


def found(site, text):
    return {h.doc_id for h in index.search(index.SearchQuery(site_id=site.pk, text=text)).hits}


# --- 索引号 -------------------------------------------------------------------------------------


def test_numbers_follow_template_per_organisation(published, orgs, site, gov_column):
    a, b = published(), published(title="第二条")
    gov = published(organisation=orgs["government"], columns=[gov_column], title="县政府文件")
    year = timezone.localtime(a.published_at).year
    assert [a.index_number, b.index_number] == [f"SLXMZJ/{year}-00001", f"SLXMZJ/{year}-00002"]
    assert gov.index_number == f"SLXZF/{year}-00001"
    assert IndexSequence.objects.get(organisation=orgs["dept"], year=year).last == 2


def test_number_never_changes_on_revision(published, leader, clerk_a):
    item = published(is_normative=True)
    number = item.index_number
    svc.item_revise(item=item, actor=leader, secrecy_confirmed=True, title="新标题")
    svc.item_revise(item=item, actor=clerk_a, validity="expired", expires_on=dt.date(2025, 12, 31))
    item.refresh_from_db()
    assert item.index_number == number
    assert item.title == "新标题" and item.validity == "expired"
    assert item.status == Status.PUBLISHED
    assert ItemVersion.objects.filter(item=item, action="revise").count() == 2


def test_clerk_may_not_revise_published_content(published, clerk_a):
    item = published()
    with pytest.raises(PermissionDenied):
        svc.item_revise(item=item, actor=clerk_a, title="擅自修改")
    assert Item.objects.get(pk=item.pk).title != "擅自修改"


def test_content_revision_needs_secrecy_confirmation(published, leader):
    item = published()
    with pytest.raises(ValidationError, match="保密审查"):
        svc.item_revise(item=item, actor=leader, body_html="<p>新正文</p>")


def test_number_unique_per_site_in_database(published, site):
    a, b = published(), published(title="第二条")
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=b.pk).update(index_number=a.index_number)


def test_site_template_is_used_and_checked(site, office, published):
    with pytest.raises(ValidationError):
        publication_settings_update(
            site=site, actor=office, index_template="{org_code}-{seq}",
            interpretation_lag_days=3, publication_deadline_days=20,
        )  # fmt: skip
    publication_settings_update(
        site=site, actor=office, index_template="{credit_code}/{year}{month:02d}-{seq:04d}",
        interpretation_lag_days=3, publication_deadline_days=20,
    )  # fmt: skip
    item = published()
    local = timezone.localtime(item.published_at)
    assert item.index_number == f"{item.organisation.credit_code}/{local:%Y%m}-0001"


@pytest.mark.parametrize(
    "template", ["", "{org_code}/{seq}", "{year}-{seq}", "{org_code}/{year}-{seq}{bad}", "{year"]
)
def test_bad_templates_are_refused(template):
    with pytest.raises(ValidationError):
        validate_template(template)


def test_clerk_may_not_change_settings(site, clerk_a):
    with pytest.raises(PermissionDenied):
        publication_settings_update(
            site=site, actor=clerk_a, index_template="{org_code}/{year}-{seq:05d}",
            interpretation_lag_days=3, publication_deadline_days=20,
        )  # fmt: skip


# --- search -----------------------------------------------------------------------------------


def test_search_follows_publish_edit_withdraw(published, draft, site, leader):
    pending = draft(title="草稿中的殡葬改革通知")
    assert found(site, "殡葬") == set()
    item = published(title="关于推进殡葬改革的通知", body_html="<p>倡导文明节俭办丧事。</p>")
    assert found(site, "殡葬") == {item.pk}
    assert found(site, "节俭") == {item.pk}  # a 2-character word of the body
    assert pending.pk not in found(site, "殡葬")
    svc.item_revise(item=item, actor=leader, secrecy_confirmed=True, title="关于推进婚俗改革的通知")
    assert found(site, "婚俗") == {item.pk}
    assert found(site, "殡葬") == set()
    svc.item_withdraw(item=item, actor=leader, reason="已废止")
    assert found(site, "婚俗") == set()


def test_withheld_items_are_not_searchable_or_counted(published, site, column):
    item = published(
        disclosure_attribute="on_request", attribute_reason="涉及第三方信息（第十五条）"
    )
    assert item.status == Status.PUBLISHED and item.index_number
    assert found(site, "低保") == set()
    column.refresh_from_db()
    assert column.item_count == 0


# --- columns ----------------------------------------------------------------------------------


def test_publication_updates_column_freshness(published, column, leader):
    item = published()
    column.refresh_from_db()
    assert column.item_count == 1
    assert column.last_published_at == Item.objects.get(pk=item.pk).published_at
    svc.item_withdraw(item=item, actor=leader, reason="有误")
    column.refresh_from_db()
    assert (column.item_count, column.last_published_at) == (0, None)


def test_moving_a_published_item_recounts_both_columns(published, column, site, orgs, clerk_a):
    from gongkai.catalog import services as catalog_services

    second = catalog_services.column_create(site=site, name="工作动态", actor=None)
    catalog_services.column_claim(column=second, organisation=orgs["dept"], actor=None)
    item = published()
    svc.item_revise(item=item, actor=clerk_a, columns=[second])
    column.refresh_from_db()
    second.refresh_from_db()
    assert (column.item_count, second.item_count) == (0, 1)


def test_unclaimed_column_is_refused(orgs, clerk_a, other_column):
    with pytest.raises(ValidationError) as exc:
        svc.item_create_draft(
            organisation=orgs["dept"], actor=clerk_a, title="越界", columns=[other_column]
        )
    assert "不是示例县民政局认领的栏目" in str(exc.value)


def test_retired_column_is_refused(orgs, clerk_a, column):
    Column.objects.filter(pk=column.pk).update(is_retired=True)
    with pytest.raises(ValidationError):
        svc.item_create_draft(organisation=orgs["dept"], actor=clerk_a, title="x", columns=[column])


# --- metadata rules ---------------------------------------------------------------------------


def test_body_is_sanitised(draft):
    item = draft(
        body_html='<p onclick="x()" style="color:red">正文<script>alert(1)</script>'
        '<img src="https://evil.example/x.png" alt="外链"><img src="/xxgk/fujian/5/" alt="图">'
        '<a href="javascript:alert(1)">坏</a><a href="https://www.gov.cn/">好</a></p>'
    )
    body = item.body_html
    for bad in ("onclick", "style", "script", "alert", "evil.example", "javascript"):
        assert bad not in body
    assert '<img src="/xxgk/fujian/5/" alt="图">' in body
    assert 'href="https://www.gov.cn/"' in body


def test_attribute_reason_is_mandatory_unless_active(draft):
    with pytest.raises(ValidationError) as exc:
        draft(disclosure_attribute="withheld")
    assert "attribute_reason" in exc.value.message_dict
    item = draft(disclosure_attribute="active", attribute_reason="多余的理由")
    assert item.attribute_reason == ""


def test_attribute_reason_is_mandatory_in_the_database(draft):
    item = draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(disclosure_attribute="withheld")


def test_validity_rules(draft):
    item = draft(is_normative=True)
    assert item.validity == "valid"
    with pytest.raises(ValidationError, match="废止日期"):
        draft(is_normative=True, validity="repealed")
    with pytest.raises(ValidationError, match="失效日期不能早于生效日期"):
        draft(effective_on=dt.date(2025, 5, 1), expires_on=dt.date(2025, 4, 1))
    with pytest.raises(ValidationError, match="成文日期不能晚于今天"):
        draft(written_on=timezone.localdate() + dt.timedelta(days=3))


# --- interpretations --------------------------------------------------------------------------


def test_interpretation_links_both_ways(published, orgs, gov_column, site):
    from gongkai.publications.selectors import public_item_detail

    policy = published(
        organisation=orgs["government"], columns=[gov_column], is_normative=True,
        title="示例县城乡居民最低生活保障办法", genre="measures",
    )  # fmt: skip
    reading = published(
        genre="interpretation", interpretation_kind="graphic", interprets=[policy],
        title="图解：示例县城乡居民最低生活保障办法", columns=[gov_column],
    )  # fmt: skip
    assert reading.interpretation_kind == "graphic"
    assert [i.pk for i in public_item_detail(site, policy.pk).interpretations] == [reading.pk]
    assert [i.pk for i in public_item_detail(site, reading.pk).interprets] == [policy.pk]


def test_only_interpretations_link_to_policies(draft, published):
    policy = published()
    with pytest.raises(ValidationError, match="解读"):
        draft(genre="notice", interprets=[policy])
    reading = draft(genre="interpretation", interprets=[policy])
    with pytest.raises(ValidationError, match="本身是解读"):
        draft(genre="interpretation", interprets=[reading], title="解读的解读")
