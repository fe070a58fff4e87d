"""The transition table itself: every pair it allows passes, every other pair is refused in
Chinese, and the table has no dead ends. (The services that perform each transition are tested
in test_workflow.py.)"""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from gongkai.info_requests.states import (
    ALLOWED,
    ALLOWED_PAIRS,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Status,
    check_transition,
    is_open,
)

S = Status
FORBIDDEN = sorted(
    (a, b) for a, b in itertools.product(Status, Status) if (a, b) not in ALLOWED_PAIRS
)


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED_PAIRS))
def test_every_allowed_transition_passes(source, target):
    check_transition(source, target)


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_every_other_transition_is_refused_in_chinese(source, target):
    with pytest.raises(ValidationError) as exc:
        check_transition(source, target)
    assert exc.value.messages == [f"当前状态为“{source.label}”，不能变更为“{target.label}”。"]


def test_table_covers_every_status_and_only_archive_is_final():
    assert set(ALLOWED) == set(Status)
    assert [s for s, targets in ALLOWED.items() if not targets] == [S.ARCHIVED]


def test_every_open_status_can_close_and_closed_ones_only_archive():
    for status in OPEN_STATUSES:
        assert S.CLOSED in ALLOWED[status] or S.SERVED in ALLOWED[status], status
    assert ALLOWED[S.SERVED] == ALLOWED[S.CLOSED] == {S.ARCHIVED}
    assert is_open(S.DRAFTING) and not is_open(S.SERVED)
    assert set(Status) == OPEN_STATUSES | CLOSED_STATUSES


def test_a_reply_is_served_only_after_approval_except_on_the_spot():
    assert {s for s, targets in ALLOWED.items() if S.SERVED in targets} == {S.APPROVED, S.RECEIVED}


def test_unknown_status_is_an_error():
    with pytest.raises(ValueError):
        check_transition("lost", S.RECEIVED)
