"""The kinds of letter, the number series each belongs to, and which of them the applicant
receives. Pure data (the models and the services both read it)."""

from __future__ import annotations

from django.db import models

from ..outcomes import OUTCOMES, Outcome, OutcomeGroup


class LetterSeries(models.TextChoices):
    """Each organisation numbers its letters in two series a year: replies (答复书, 依申公复)
    and every other notice or letter (告知书/函, 依申公告)."""

    REPLY = "reply", "答复书"
    NOTICE = "notice", "告知书"


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "登记回执"
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION_THIRD_PARTY = "consultation_third_party", "征求第三方意见函"
    CONSULTATION_CO_MAKER = "consultation_co_maker", "征求其他机关意见函"
    CONSULTATION_APPLICANT_NOTICE = "consultation_applicant_notice", "征求意见告知书"
    FEE_NOTICE = "fee_notice", "收费通知书"
    REPLY_GRANTED = "reply_granted", "答复书（予以公开）"
    REPLY_PARTIAL = "reply_partial", "答复书（部分公开）"
    REPLY_DENIED = "reply_denied", "答复书（不予公开）"
    REPLY_UNABLE = "reply_unable", "答复书（无法提供）"
    REPLY_NOT_PROCESSED = "reply_not_processed", "答复书（不予处理）"
    REPLY_OTHER = "reply_other", "答复书（其他处理）"


K = LetterKind

# One reply template per group of Table 三: the leaves of a group share the decision's shape and
# the remedy clause (a refusal, whole or partial, must go to reconsideration first).
REPLY_KIND_BY_GROUP: dict[OutcomeGroup, LetterKind] = {
    OutcomeGroup.GRANTED: K.REPLY_GRANTED,
    OutcomeGroup.PARTIAL: K.REPLY_PARTIAL,
    OutcomeGroup.DENIED: K.REPLY_DENIED,
    OutcomeGroup.UNABLE: K.REPLY_UNABLE,
    OutcomeGroup.NOT_PROCESSED: K.REPLY_NOT_PROCESSED,
    OutcomeGroup.OTHER: K.REPLY_OTHER,
}
REPLY_KINDS: frozenset[LetterKind] = frozenset(REPLY_KIND_BY_GROUP.values())
CONSULTATION_KINDS: frozenset[LetterKind] = frozenset(
    {K.CONSULTATION_THIRD_PARTY, K.CONSULTATION_CO_MAKER}
)
# Kinds an application has at most one of (the step itself happens once).
SINGLE_KINDS: frozenset[LetterKind] = frozenset({K.RECEIPT, K.CORRECTION, K.EXTENSION})
# Letters addressed to the applicant. The consultation letters go to a third party or another
# organ and are internal to the case file: the applicant never downloads them.
APPLICANT_KINDS: frozenset[LetterKind] = frozenset(set(LetterKind) - CONSULTATION_KINDS)


def series_of(kind: LetterKind | str) -> LetterSeries:
    return LetterSeries.REPLY if LetterKind(kind) in REPLY_KINDS else LetterSeries.NOTICE


def reply_kind(outcome: Outcome | str) -> LetterKind:
    return REPLY_KIND_BY_GROUP[OUTCOMES[Outcome(outcome)].group]


def is_refusal_kind(kind: LetterKind | str) -> bool:
    """Replies that refuse disclosure in whole or in part: since 2024-01-01 the applicant must
    seek reconsideration before going to court (行政复议法 2023, Art. 23 para. 1 item 4)."""
    return LetterKind(kind) in (K.REPLY_PARTIAL, K.REPLY_DENIED)
