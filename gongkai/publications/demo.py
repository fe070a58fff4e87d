"""The demo county's government information.

`load_demo(site)` publishes about 150 items into the columns the demo units claimed (through the
same bulk import an old site's migration uses), then builds the cases a visitor should see through
the workflow services: normative documents of the county government with and without their
interpretation, withdrawn items pointing to their successors, drafts, an item waiting for the
leader, and a draft with an ID number the PII guard has caught.

Publication dates are spread over the last eighteen months. The service-built items are published
today and then back-dated in place (as the factories write data that "already exists"); their
search entries and the column counters are refreshed afterwards.

Idempotent: every item is matched by title; run it again and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.catalog.demo import load_demo as load_catalog_demo
from gongkai.catalog.models import Column
from gongkai.catalog.selectors import columns_publishable_by
from gongkai.core.pii import id_check_char
from gongkai.organizations.demo import PREFIX
from gongkai.organizations.models import Organisation, OrganisationKind, Site

from . import services as svc
from .demo_data import COMMON_CLOSING, PATTERNS, Pattern
from .models import Item
from .richtext import text_to_html
from .services.indexing import recount_columns, reindex

TARGET_IMPORTED = 140
SEED = 20250101


@dataclass
class DemoPublications:
    imported: int = 0
    built: int = 0


def _orgs(site: Site) -> dict[str, Organisation]:
    return {
        org.code.removeprefix(PREFIX): org
        for org in Organisation.objects.filter(site=site, is_active=True)
    }


def _rows(site: Site, today: dt.date) -> list[tuple[int, dict[str, Any]]]:
    """Deterministic rows for the import: round-robin over (unit, column) pairs that have a
    pattern, dates spread back over 540 days."""
    rng = random.Random(SEED)
    pairs: list[tuple[Organisation, Column, Pattern]] = []
    for org in Organisation.objects.filter(site=site, is_active=True).order_by("path"):
        if org.kind == OrganisationKind.VILLAGE:
            continue
        for column in columns_publishable_by(org).order_by("pk"):
            pattern = PATTERNS.get(column.name)
            if pattern is not None:
                pairs.append((org, column, pattern))
    rng.shuffle(pairs)
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: set[str] = set()
    n = 0
    while pairs and len(rows) < TARGET_IMPORTED and n < TARGET_IMPORTED * 5:
        org, column, pattern = pairs[n % len(pairs)]
        n += 1
        published = today - dt.timedelta(days=rng.randint(1, 540))
        written = published - dt.timedelta(days=rng.randint(0, 12))
        values = {
            "org": org.full_name,
            "short": org.display_name,
            "year": published.year,
            "month": published.month,
            "n": n % 9 + 1,
        }
        title = rng.choice(pattern.titles).format(**values)
        if title in seen:
            continue
        seen.add(title)
        body = "\n".join([p.format(**values) for p in pattern.paragraphs] + list(COMMON_CLOSING))
        rows.append(
            (
                len(rows) + 2,
                {
                    "标题": title,
                    "发布机构": org.full_name,
                    "文号": "",
                    "成文日期": written,
                    "发布日期": published,
                    "主题分类": pattern.subject,
                    "体裁": pattern.genre,
                    "关键词": column.name,
                    "内容概述": "",
                    "正文": body,
                    "栏目": column.name,
                },
            )
        )
    return rows


def _column(org: Organisation, name: str) -> Column | None:
    return columns_publishable_by(org).filter(name=name).order_by("pk").first()


def _publish(
    org: Organisation, title: str, days_ago: int, columns: list[Column], **fields: Any
) -> Item:
    existing = Item.objects.filter(site_id=org.site_id, title=title).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    fields.setdefault("written_on", today - dt.timedelta(days=days_ago + 2))
    fields.setdefault("subject_category", "01")
    fields.setdefault("genre", "notice")
    item = svc.item_create_draft(
        organisation=org, actor=None, title=title, columns=columns, **fields
    )
    svc.item_submit(item=item, actor=None)
    svc.item_approve(item=item, actor=None, secrecy_confirmed=True)
    when = timezone.now() - dt.timedelta(days=days_ago)
    # Back-dated like factory data: the workflow above happened "back then".
    Item.objects.filter(pk=item.pk).update(published_at=when)
    item.refresh_from_db()
    reindex(item)
    recount_columns([c.pk for c in columns])
    return item


def _body(*paragraphs: str) -> str:
    return text_to_html("\n".join(paragraphs))


def _normative(orgs: dict[str, Organisation], result: DemoPublications) -> None:
    office = orgs.get("ZFB")
    if office is None:
        return
    policy_column = _column(office, "规范性文件") or _column(office, "政策文件")
    reading_column = _column(office, "政策解读")
    if policy_column is None:
        return
    # (title, the document's own name, 文号, 主题分类, days ago, interpreted)
    docs = [
        ("示例县人民政府办公室关于印发示例县城乡居民最低生活保障办法的通知",
         "示例县城乡居民最低生活保障办法", "示政办发〔2025〕5号", "16", 60, True),
        ("示例县人民政府办公室关于印发示例县农村宅基地管理办法的通知",
         "示例县农村宅基地管理办法", "示政办发〔2025〕9号", "04", 30, False),
        ("示例县人民政府办公室关于进一步规范行政事业性收费管理的通知",
         "关于进一步规范行政事业性收费管理的通知", "示政办发〔2025〕12号", "03", 10, False),
    ]  # fmt: skip
    before = Item.objects.filter(site_id=office.site_id).count()
    for title, name, number, subject, days_ago, interpreted in docs:
        body = _body(
            "各镇人民政府、街道办事处，县政府各部门：",
            f"《{name}》已经县政府同意，现印发给你们，请认真贯彻执行。",
        )
        policy = _publish(
            office, title, days_ago, [policy_column],
            document_number=number, subject_category=subject, genre="notice",
            is_normative=True, validity="valid",
            effective_on=timezone.localdate() - dt.timedelta(days=days_ago), body_html=body,
        )  # fmt: skip
        if interpreted and reading_column is not None:
            _publish(
                office, f"图解：{name}", days_ago - 1, [reading_column],
                genre="interpretation", interpretation_kind="graphic", interprets=[policy],
                subject_category=subject,
                body_html=_body("一、制定背景", "二、主要内容", "三、政策亮点"),
            )  # fmt: skip
    result.built += Item.objects.filter(site_id=office.site_id).count() - before


def _withdrawn(orgs: dict[str, Organisation], result: DemoPublications) -> None:
    mzj = orgs.get("MZJ")
    column = _column(mzj, "社会救助") if mzj else None
    if mzj is None or column is None:
        return
    old_title = "示例县民政局关于2024年城乡低保标准的通知"
    if Item.objects.filter(site_id=mzj.site_id, title=old_title).exists():
        return
    old = _publish(
        mzj, old_title, 200, [column], subject_category="16",
        body_html=_body("城乡低保标准调整为城市每人每月780元、农村每人每月620元。"),
    )  # fmt: skip
    new = _publish(
        mzj, "示例县民政局关于2024年城乡低保标准的通知（更正）", 198, [column],
        subject_category="16",
        body_html=_body("城乡低保标准调整为城市每人每月800元、农村每人每月640元。"),
    )  # fmt: skip
    svc.item_withdraw(
        item=old, actor=None, reason="原通知中农村低保标准有误，已发布更正通知。", successor=new
    )
    result.built += 2


def _work_in_progress(orgs: dict[str, Organisation], result: DemoPublications) -> None:
    mzj = orgs.get("MZJ")
    column = _column(mzj, "通知公告") if mzj else None
    if mzj is None or column is None:
        return
    site_id = mzj.site_id
    plans = [
        ("关于开展2025年度养老服务机构等级评定工作的通知（草稿）", "draft", ""),
        ("关于2025年第二季度临时救助资金使用情况的公示", "pending", ""),
        ("关于困难群众冬季取暖补助发放情况的公示（含个人信息，待脱敏）", "draft", "pii"),
    ]
    fake_id = "37089919800101002"
    fake_id += id_check_char(fake_id)
    for title, status, kind in plans:
        if Item.objects.filter(site_id=site_id, title=title).exists():
            continue
        body = (
            _body("经审核，下列对象符合取暖补助条件：", f"王某，身份证号{fake_id}，补助500元。")
            if kind == "pii"
            else _body("各镇（街道）：请按照通知要求认真组织实施，确保各项工作落到实处。")
        )
        item = svc.item_create_draft(
            organisation=mzj, actor=None, title=title, columns=[column],
            written_on=timezone.localdate(), subject_category="16", genre="notice",
            body_html=body,
        )  # fmt: skip
        if status == "pending":
            svc.item_submit(item=item, actor=None)
        result.built += 1


@transaction.atomic
def load_demo(site: Site) -> DemoPublications:
    """Publish the demo county's items (see the module docstring)."""
    load_catalog_demo(site)
    result = DemoPublications()
    today = timezone.localdate()
    # The dates (and so some titles) depend on the day; the import runs once per site.
    rows = [] if Item.objects.filter(site=site, imported=True).exists() else _rows(site, today)
    if rows:
        outcome = svc.items_import_rows(site=site, rows=rows, actor=None)
        if not outcome.ok:  # pragma: no cover - the demo's own data must import
            raise RuntimeError(f"demo import failed: {outcome.errors[:3]} {outcome.header_errors}")
        result.imported = outcome.created
    orgs = _orgs(site)
    _normative(orgs, result)
    _withdrawn(orgs, result)
    _work_in_progress(orgs, result)
    return result
