"""gongkai.core.audit: snapshots, diffs, and what `record` writes (including the request IP)."""

import datetime as dt
import decimal
import uuid
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser, Permission, User
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from gongkai.core import audit
from gongkai.core.middleware import AuditContextMiddleware
from gongkai.core.models import AuditEvent, CalendarDay, CalendarSource

pytestmark = pytest.mark.django_db


def _day() -> CalendarDay:
    return CalendarDay.objects.create(
        date=dt.date(2025, 10, 1), is_working=False, name="国庆节", source=CalendarSource.OFFICIAL
    )


def test_snapshot_copies_the_named_fields_as_json_safe_values():
    day = _day()
    assert audit.snapshot(day, ["date", "is_working", "name"]) == {
        "date": "2025-10-01",
        "is_working": False,
        "name": "国庆节",
    }


def test_snapshot_reads_a_foreign_key_by_its_id_without_loading_it():
    perm = Permission.objects.first()
    assert perm is not None
    assert audit.snapshot(perm, ["content_type"]) == {"content_type": perm.content_type_id}


def test_diff_keeps_only_changed_fields_in_order():
    before = {"a": 1, "b": "x", "c": None}
    after = {"a": 1, "b": "y", "c": None}
    assert audit.diff(before, after) == {"b": ["x", "y"]}


def test_diff_of_a_creation_and_of_a_deletion():
    assert audit.diff({}, {"name": "国庆节", "empty": None}) == {"name": [None, "国庆节"]}
    assert audit.diff({"name": "国庆节"}, {}) == {"name": ["国庆节", None]}


def test_diff_of_identical_snapshots_is_empty():
    day = _day()
    assert audit.diff(audit.snapshot(day, ["name"]), audit.snapshot(day, ["name"])) == {}


def test_record_copies_actor_organisation_and_object():
    user = User.objects.create_user("zhang", first_name="张明")
    org = SimpleNamespace(pk=41, site_id=7, full_name="示例县民政局")
    day = _day()

    event = audit.record(
        actor=user,
        action="calendar.day_set",
        obj=day,
        organisation=org,
        changes={"is_working": [True, False]},
        note="国务院办公厅通知",
    )

    event.refresh_from_db()
    assert (event.actor_id, event.actor_name) == (user.pk, "张明")
    assert (event.site_id, event.organisation_id, event.organisation_name) == (
        7,
        41,
        "示例县民政局",
    )
    assert (event.object_type, event.object_id) == ("core.calendarday", str(day.pk))
    assert event.object_repr == str(day)
    assert event.changes == {"is_working": [True, False]}
    assert event.note == "国务院办公厅通知"
    assert event.created_at is not None


def test_record_names_the_system_and_anonymous_visitors():
    system = audit.record(actor=None, action="audit.purge", site_id=3)
    citizen = audit.record(actor=AnonymousUser(), action="auth.lockout", site_id=3)
    assert (system.actor_id, system.actor_name) == (None, "系统")
    assert (citizen.actor_id, citizen.actor_name) == (None, "匿名访客")
    assert system.site_id == 3 and system.organisation_id is None


def test_record_falls_back_to_the_username_without_a_full_name():
    user = User.objects.create_user("li")
    assert audit.record(actor=user, action="audit.purge").actor_name == "li"


def test_an_explicit_site_wins_over_the_organisations():
    org = SimpleNamespace(pk=1, site_id=7, full_name="单位")
    assert audit.record(actor=None, action="audit.purge", organisation=org, site_id=9).site_id == 9


def test_record_makes_changes_json_safe():
    event = audit.record(
        actor=None,
        action="audit.purge",
        changes={
            "fee": [decimal.Decimal("1.50"), None],
            "at": dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.UTC),
            "key": uuid.UUID(int=1),
            "tags": ("a", "b"),
        },
    )
    event.refresh_from_db()
    assert event.changes == {
        "fee": ["1.50", None],
        "at": "2025-01-02T03:04:00+00:00",
        "key": "00000000-0000-0000-0000-000000000001",
        "tags": ["a", "b"],
    }


def test_record_truncates_long_texts_to_their_columns():
    event = audit.record(actor=None, action="audit.purge", object_repr="长" * 400, note="注" * 600)
    event.refresh_from_db()
    assert len(event.object_repr) == 300 and len(event.note) == 500


def test_ip_is_empty_outside_a_request():
    assert audit.record(actor=None, action="audit.purge").ip is None


def test_ip_comes_from_the_request_context_and_is_restored_after_it():
    with audit.request_context("203.0.113.9"):
        inner = audit.record(actor=None, action="audit.purge")
        with audit.request_context("2001:db8::1"):
            nested = audit.record(actor=None, action="audit.purge")
        after_nested = audit.record(actor=None, action="audit.purge")
    outside = audit.record(actor=None, action="audit.purge")
    assert [e.ip for e in (inner, nested, after_nested, outside)] == [
        "203.0.113.9",
        "2001:db8::1",
        "203.0.113.9",
        None,
    ]


def _through_middleware(**meta: str) -> AuditEvent:
    captured: list[AuditEvent] = []

    def view(request):
        captured.append(audit.record(actor=None, action="audit.purge"))
        return HttpResponse("")

    AuditContextMiddleware(view)(RequestFactory().get("/", **meta))
    return captured[0]


def test_the_middleware_hands_the_client_address_to_record():
    assert _through_middleware(REMOTE_ADDR="198.51.100.4").ip == "198.51.100.4"
    assert audit.current_ip() is None


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_forwarded_address_is_recorded():
    event = _through_middleware(
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    assert event.ip == "198.51.100.7"


def test_record_refuses_an_action_nobody_declared():
    with pytest.raises(ValueError, match="undeclared audit action"):
        audit.record(actor=None, action="gadget.frobnicate")
    assert not AuditEvent.objects.filter(action="gadget.frobnicate").exists()


def test_an_actor_that_knows_its_name_is_recorded_by_it():
    applicant = SimpleNamespace(audit_identity=lambda: (None, "申请人"))
    event = audit.record(actor=applicant, action="audit.purge")
    assert (event.actor_id, event.actor_name) == (None, "申请人")
