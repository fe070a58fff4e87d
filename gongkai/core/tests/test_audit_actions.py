"""The registry of audit actions: declared once, labelled, and carrying their page effect."""

import pytest

from gongkai.core import audit_actions
from gongkai.core.audit_actions import Stale, declare


def test_a_declared_action_has_its_key_label_and_effect():
    group = declare(
        "testkit", "测试", {"frob": "处理", "wipe": "清空"}, stale_verbs={"wipe": Stale.ALL}
    )
    assert group.key("frob") == "testkit.frob"
    assert audit_actions.label("testkit.frob") == "测试：处理"
    assert audit_actions.lookup("testkit.frob").stale == Stale.NONE
    assert audit_actions.lookup("testkit.wipe").stale == Stale.ALL
    assert "frob" in group and "nope" not in group
    with pytest.raises(KeyError):
        group.key("nope")


def test_declaring_a_key_again_differently_is_an_error():
    declare("testkit2", "", {"a": "甲"})
    declare("testkit2", "", {"a": "甲"})  # the same meaning twice is harmless (a reload)
    with pytest.raises(ValueError, match="declared twice"):
        declare("testkit2", "", {"a": "乙"})


def test_every_app_declares_its_actions_at_start_up():
    known = audit_actions.declared()
    for key in (
        "organisation.update",
        "catalog.column_create",
        "publication.publish",
        "info_request.dispatch",
        "report.submit",
        "auth.login",
        "calendar.import",
    ):
        assert key in known, key
    assert known["organisation.update"].stale == Stale.ALL
    assert known["publication.publish"].stale == Stale.OBJECT
    assert known["publication.import"].stale == Stale.ALL
    assert known["info_request.dispatch"].stale == Stale.NONE


def test_an_undeclared_action_shows_as_recorded():
    assert audit_actions.label("gadget.frobnicate") == "gadget.frobnicate"
