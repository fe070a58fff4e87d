"""The life of an annual report as data.

草稿 (tables live, sections editable) → 已报送 (tables frozen, sent to the county disclosure
office, Art. 49) → 已发布 (its item in the unit's 年报 column passed review and is public).
The office may return a submitted report to draft for correction. Publication itself happens in
the publications workflow; the report records it when the item is published.
"""

from __future__ import annotations

from django.db import models

from gongkai.casework.workflow import Workflow


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    PUBLISHED = "published", "已发布"


S = ReportStatus

ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.DRAFT, S.PUBLISHED}),
    S.PUBLISHED: frozenset(),
}


WORKFLOW = Workflow(ReportStatus, ALLOWED, noun="年度报告")
check_transition = WORKFLOW.check
