"""The review workflow per role: who may draft, submit, approve, reject, publish, withdraw; the
events, versions and audit rows every step leaves; scheduled publication."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.publications import services as svc
from gongkai.publications.models import Item, ItemEvent, ItemVersion
from gongkai.publications.states import ALLOWED, Status

pytestmark = pytest.mark.django_db


def test_allowed_table_covers_every_status():
    assert set(ALLOWED) == set(Status.values)
    assert ALLOWED[Status.WITHDRAWN] == frozenset()


@pytest.mark.parametrize("who", ["clerk_a", "clerk_b", "leader"])
def test_unit_staff_draft_and_submit(request, who, draft):
    actor = request.getfixturevalue(who)
    item = draft(actor=actor)
    assert item.status == Status.DRAFT
    assert item.created_by == actor
    svc.item_submit(item=item, actor=actor)
    item.refresh_from_db()
    assert item.status == Status.PENDING


def test_clerk_b_submits_what_clerk_a_drafted(draft, clerk_b):
    item = draft()
    svc.item_submit(item=item, actor=clerk_b)
    assert Item.objects.get(pk=item.pk).status == Status.PENDING


def test_other_unit_clerk_may_not_draft_for_us(orgs, other_clerk, column):
    with pytest.raises(PermissionDenied):
        svc.item_create_draft(organisation=orgs["dept"], actor=other_clerk, title="越权")


def test_other_unit_clerk_may_not_touch_our_draft(draft, other_clerk):
    item = draft()
    for call in (
        lambda: svc.item_update(item=item, actor=other_clerk, title="改"),
        lambda: svc.item_submit(item=item, actor=other_clerk),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_office_views_but_does_not_draft_or_approve(orgs, office, draft, clerk_a):
    with pytest.raises(PermissionDenied):
        svc.item_create_draft(organisation=orgs["dept"], actor=office, title="办公室")
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    with pytest.raises(PermissionDenied):
        svc.item_approve(item=item, actor=office, secrecy_confirmed=True)


@pytest.mark.parametrize("who", ["clerk_a", "clerk_b"])
def test_clerks_may_not_approve(request, who, draft, clerk_a):
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    with pytest.raises(PermissionDenied, match="分管领导"):
        svc.item_approve(item=item, actor=request.getfixturevalue(who), secrecy_confirmed=True)


def test_leader_approves_and_item_is_published_with_number(draft, clerk_a, leader, column):
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    svc.item_approve(item=item, actor=leader, secrecy_confirmed=True, note="同意发布")
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.published_at is not None
    year = timezone.localtime(item.published_at).year
    assert item.index_number == f"SLXMZJ/{year}-00001"
    assert item.secrecy_reviewed and item.approved_by == leader
    steps = list(
        ItemEvent.objects.filter(item=item).values_list("action", "from_status", "to_status")
    )
    assert steps == [
        ("create", "", "draft"),
        ("submit", "draft", "pending"),
        ("approve", "pending", "published"),
    ]
    assert ItemEvent.objects.get(item=item, action="approve").note == "同意发布"
    actions = set(
        AuditEvent.objects.filter(object_id=str(item.pk)).values_list("action", flat=True)
    )
    assert {"publication.create", "publication.submit", "publication.approve"} <= actions
    assert "publication.publish" in actions
    assert item.version == ItemVersion.objects.filter(item=item).count()


def test_approval_needs_secrecy_review(draft, clerk_a, leader):
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    with pytest.raises(ValidationError) as exc:
        svc.item_approve(item=item, actor=leader, secrecy_confirmed=False)
    assert "保密审查" in str(exc.value)
    assert Item.objects.get(pk=item.pk).status == Status.PENDING


def test_leader_of_other_unit_may_not_approve(draft, clerk_a, orgs):
    from gongkai.organizations.factories import StaffFactory, UserFactory
    from gongkai.organizations.models import Role

    stranger = UserFactory(username="czj_leader")
    StaffFactory(user=stranger, organisation=orgs["other_dept"], role=Role.LEADER)
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    with pytest.raises(PermissionDenied):
        svc.item_approve(item=item, actor=stranger, secrecy_confirmed=True)


def test_reject_returns_to_draft_with_reason(draft, clerk_a, leader):
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    with pytest.raises(ValidationError):
        svc.item_reject(item=item, actor=leader, note="  ")
    svc.item_reject(item=item, actor=leader, note="标题不规范")
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert ItemEvent.objects.filter(item=item, action="reject", note="标题不规范").exists()
    svc.item_update(item=item, actor=clerk_a, title="关于调整城乡低保标准的通知")
    svc.item_submit(item=item, actor=clerk_a)


def test_forbidden_transitions(draft, published, clerk_a, leader):
    item = draft()
    with pytest.raises(ValidationError):
        svc.item_approve(item=item, actor=leader, secrecy_confirmed=True)  # not submitted
    with pytest.raises(ValidationError):
        svc.item_withdraw(item=item, actor=leader, reason="x")  # never published
    svc.item_submit(item=item, actor=clerk_a)
    with pytest.raises(ValidationError):
        svc.item_update(item=item, actor=clerk_a, title="审核中修改")
    with pytest.raises(ValidationError):
        svc.item_submit(item=item, actor=clerk_a)
    live = published(title="另一条信息")
    svc.item_withdraw(item=live, actor=leader, reason="内容有误")
    with pytest.raises(ValidationError):
        svc.item_withdraw(item=live, actor=leader, reason="再撤一次")
    with pytest.raises(ValidationError):
        svc.item_revise(item=live, actor=leader, secrecy_confirmed=True, title="复活")


def test_incomplete_draft_cannot_be_submitted(orgs, clerk_a):
    item = svc.item_create_draft(organisation=orgs["dept"], actor=clerk_a, title="只有标题")
    with pytest.raises(ValidationError) as exc:
        svc.item_submit(item=item, actor=clerk_a)
    message = str(exc.value)
    for part in ("成文日期", "主题分类", "体裁", "正文或附件", "发布栏目"):
        assert part in message


def test_withdrawal_keeps_number_and_records_notice(published, draft, leader, clerk_a):
    item = published()
    number = item.index_number
    successor = published(title="关于调整城乡低保标准的通知（修订）")
    with pytest.raises(ValidationError):
        svc.item_withdraw(item=item, actor=leader, reason="")
    with pytest.raises(PermissionDenied):
        svc.item_withdraw(item=item, actor=clerk_a, reason="错误")
    svc.item_withdraw(item=item, actor=leader, reason="文件已修订", successor=successor)
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    assert item.index_number == number
    assert item.withdrawal_reason == "文件已修订"
    assert item.successor == successor
    # The next number is new: a withdrawn item's number is never handed out again.
    third = published(title="第三条")
    assert third.index_number.endswith("-00003")


def test_withdrawn_status_needs_reason_in_database(published):
    item = published()
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(status=Status.WITHDRAWN, withdrawal_reason="")


def test_scheduled_publication_runs_once(draft, clerk_a, leader):
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    when = timezone.now() + dt.timedelta(hours=2)
    svc.item_approve(item=item, actor=leader, secrecy_confirmed=True, scheduled_at=when)
    item.refresh_from_db()
    assert item.status == Status.SCHEDULED
    assert item.index_number is None
    assert svc.items_publish_due() == 0
    with time_machine.travel(when + dt.timedelta(minutes=1)):
        assert svc.items_publish_due() == 1
        assert svc.items_publish_due() == 0  # idempotent
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.index_number
    assert ItemEvent.objects.filter(item=item, action="publish").count() == 1


def test_leader_may_publish_early_or_take_back_a_scheduled_item(draft, clerk_a, leader):
    later = timezone.now() + dt.timedelta(days=1)
    first, second = draft(), draft(title="第二条")
    for item in (first, second):
        svc.item_submit(item=item, actor=clerk_a)
        svc.item_approve(item=item, actor=leader, secrecy_confirmed=True, scheduled_at=later)
    with pytest.raises(PermissionDenied):
        svc.item_publish_now(item=first, actor=clerk_a)
    svc.item_publish_now(item=first, actor=leader)
    svc.item_unschedule(item=second, actor=leader, note="暂缓发布")
    assert Item.objects.get(pk=first.pk).status == Status.PUBLISHED
    second.refresh_from_db()
    assert second.status == Status.DRAFT and not second.secrecy_reviewed


def test_clerk_proposed_time_is_used_at_approval(draft, clerk_a, leader):
    when = timezone.now() + dt.timedelta(hours=5)
    item = draft(scheduled_at=when)
    svc.item_submit(item=item, actor=clerk_a)
    svc.item_approve(item=item, actor=leader, secrecy_confirmed=True)
    assert Item.objects.get(pk=item.pk).status == Status.SCHEDULED


def test_versions_are_append_only(draft):
    item = draft()
    version = ItemVersion.objects.filter(item=item).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemVersion.objects.filter(pk=version.pk).update(action="tampered")
    event = ItemEvent.objects.filter(item=item).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemEvent.objects.filter(pk=event.pk).update(note="tampered")


def test_beat_task_and_command_run_the_sweep(draft, clerk_a, leader):
    from io import StringIO

    from django.core.management import call_command

    from gongkai.publications.tasks import publish_due_items

    items = [draft(title=f"定时{n}") for n in range(2)]
    soon = timezone.now() + dt.timedelta(minutes=5)
    for item in items:
        svc.item_submit(item=item, actor=clerk_a)
        svc.item_approve(item=item, actor=leader, secrecy_confirmed=True, scheduled_at=soon)
    with time_machine.travel(soon + dt.timedelta(seconds=1)):
        Item.objects.filter(pk=items[1].pk).update(scheduled_at=soon + dt.timedelta(hours=1))
        assert publish_due_items.delay().get() == 1
        out = StringIO()
        call_command("publish_due_items", stdout=out)
        assert "已发布 0 条" in out.getvalue()
