"""The PII guard: hits block submission until masked or cleared, masking follows the decisions
table, raw values never reach the database rows of hits or the audit log, the sweep command."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from gongkai.core.models import AuditEvent
from gongkai.publications import services as svc
from gongkai.publications.choices import PiiStatus
from gongkai.publications.models import Item, PiiHit
from gongkai.publications.states import Status

from .conftest import ID_MASKED, ID_NUMBER, MOBILE, MOBILE_MASKED

pytestmark = pytest.mark.django_db


def _body_with_pii() -> str:
    return f"<p>联系人张三，身份证号{ID_NUMBER}，手机{MOBILE}，再次注明手机{MOBILE}。</p>"


def test_hits_found_on_create_and_block_submit(draft, clerk_a):
    item = draft(body_html=_body_with_pii())
    hits = {h.kind: h for h in PiiHit.objects.filter(item=item)}
    assert set(hits) == {"id_number", "mobile"}
    assert hits["id_number"].masked == ID_MASKED
    assert hits["mobile"].masked == MOBILE_MASKED
    assert hits["mobile"].occurrences == 2
    with pytest.raises(ValidationError, match="2 处待处理的敏感个人信息"):
        svc.item_submit(item=item, actor=clerk_a)
    assert Item.objects.get(pk=item.pk).status == Status.DRAFT


def test_raw_values_are_never_stored_outside_the_text(draft, clerk_a):
    item = draft(title=f"关于{MOBILE}的说明", body_html=_body_with_pii())
    for hit in PiiHit.objects.filter(item=item):
        for value in (ID_NUMBER, MOBILE):
            assert value not in hit.masked and value not in hit.value_hash
    for event in AuditEvent.objects.filter(object_id=str(item.pk)):
        assert MOBILE not in str(event.changes) + event.note + event.object_repr
        assert ID_NUMBER not in str(event.changes)


def test_mask_one_click_then_submit(draft, clerk_a, clerk_b):
    item = draft(body_html=_body_with_pii())
    for hit in PiiHit.objects.filter(item=item, status=PiiStatus.OPEN):
        svc.item_mask_pii(hit=hit, actor=clerk_b)
    item.refresh_from_db()
    assert ID_NUMBER not in item.body_html and MOBILE not in item.body_html
    assert ID_MASKED in item.body_html
    assert item.body_html.count(MOBILE_MASKED) == 2
    assert not PiiHit.objects.filter(item=item, status=PiiStatus.OPEN).exists()
    svc.item_submit(item=item, actor=clerk_a)


def test_mask_in_title(draft, clerk_a):
    item = draft(title=f"关于举报电话{MOBILE}的公告")
    hit = PiiHit.objects.get(item=item, location="title")
    svc.item_mask_pii(hit=hit, actor=clerk_a)
    assert Item.objects.get(pk=item.pk).title == f"关于举报电话{MOBILE_MASKED}的公告"


def test_clear_needs_reason_and_stays_cleared_on_rescan(draft, clerk_a):
    item = draft(body_html="<p>单位对公收款账号 6222021234567890128。</p>")
    hit = PiiHit.objects.get(item=item)
    assert hit.kind == "bank_card"
    with pytest.raises(ValidationError):
        svc.item_clear_pii(hit=hit, reason="  ", actor=clerk_a)
    svc.item_clear_pii(hit=hit, reason="本单位公开的收款账户", actor=clerk_a)
    svc.item_update(item=item, actor=clerk_a, summary="补充概述")  # rescans
    hit.refresh_from_db()
    assert hit.status == PiiStatus.CLEARED
    assert PiiHit.objects.filter(item=item).count() == 1
    svc.item_submit(item=item, actor=clerk_a)


def test_editing_the_value_away_makes_the_hit_gone(draft, clerk_a):
    item = draft(body_html=_body_with_pii())
    svc.item_update(item=item, actor=clerk_a, body_html="<p>联系人张某。</p>")
    assert set(PiiHit.objects.filter(item=item).values_list("status", flat=True)) == {"gone"}
    svc.item_submit(item=item, actor=clerk_a)


def test_reintroduced_value_after_masking_is_a_new_hit(draft, clerk_a):
    item = draft(body_html=f"<p>手机{MOBILE}</p>")
    svc.item_mask_pii(hit=PiiHit.objects.get(item=item), actor=clerk_a)
    svc.item_update(item=item, actor=clerk_a, body_html=f"<p>手机{MOBILE}（重写）</p>")
    assert PiiHit.objects.filter(item=item, status=PiiStatus.OPEN).count() == 1


def test_other_unit_may_not_resolve_hits(draft, other_clerk, office):
    item = draft(body_html=_body_with_pii())
    hit = PiiHit.objects.filter(item=item).first()
    with pytest.raises(PermissionDenied):
        svc.item_mask_pii(hit=hit, actor=other_clerk)
    svc.item_mask_pii(hit=hit, actor=office)  # the disclosure office may


def test_resolved_hit_cannot_be_resolved_again(draft, clerk_a):
    item = draft(body_html=f"<p>手机{MOBILE}</p>")
    hit = PiiHit.objects.get(item=item)
    svc.item_mask_pii(hit=hit, actor=clerk_a)
    with pytest.raises(ValidationError, match="已处理"):
        svc.item_clear_pii(hit=hit, reason="x", actor=clerk_a)


def test_publication_is_refused_while_hits_are_open(draft, clerk_a, leader):
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    # A hit that appears after submission (written behind the services' back) still blocks.
    Item.objects.filter(pk=item.pk).update(body_html=f"<p>{MOBILE}</p>")
    with pytest.raises(ValidationError, match="敏感个人信息"):
        svc.item_approve(item=item, actor=leader, secrecy_confirmed=True)


def test_revising_a_published_item_with_pii_is_refused(published, leader):
    item = published()
    with pytest.raises(ValidationError, match="敏感个人信息"):
        svc.item_revise(
            item=item, actor=leader, secrecy_confirmed=True, body_html=f"<p>{ID_NUMBER}</p>"
        )
    item.refresh_from_db()
    assert ID_NUMBER not in item.body_html


def test_scan_command_finds_hits_in_published_items_once(published, site):
    item = published()
    Item.objects.filter(pk=item.pk).update(body_html=f"<p>手机{MOBILE}</p>")
    out = io.StringIO()
    call_command("scan_pii", stdout=out)
    assert "新发现 1 处" in out.getvalue()
    assert PiiHit.objects.filter(item=item, status=PiiStatus.OPEN).count() == 1
    out = io.StringIO()
    call_command("scan_pii", "--site", site.pk, stdout=out)
    assert "新发现 0 处" in out.getvalue()
    assert PiiHit.objects.filter(item=item).count() == 1


def test_masking_a_published_item_updates_it_in_place(published, clerk_a):
    item = published()
    Item.objects.filter(pk=item.pk).update(body_html=f"<p>手机{MOBILE}</p>")
    svc.pii_scan_published()
    svc.item_mask_pii(hit=PiiHit.objects.get(item=item), actor=clerk_a)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert MOBILE_MASKED in item.body_html
