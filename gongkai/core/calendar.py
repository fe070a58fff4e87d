"""The working-day calendar (工作日历): loading it for deadline arithmetic, and every write to it.

One calendar serves the whole platform: statutory holidays are national, so `CalendarDay` has no
site. Rows come from three places, in rising order of authority:

* `calendar_seed_from_package` — the `chinesecalendar` package (needs a yearly upgrade);
* `calendar_import_year` — an administrator types in the State Council's schedule for a year
  (the package lags behind each December's notice);
* `calendar_day_set` — an administrator corrects one day (a local extra day off, a typo).

The seed never overwrites an official or manual row. Every write, inside its transaction, calls
the functions registered with `register_deadline_recompute` with the dates whose status changed,
so open deadlines are recomputed together with the calendar change (architecture rule 6); and on
commit it moves the cache to a new version key, so every process (Redis in production) loads the
new calendar on its next call.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from . import audit
from .audit_actions import CALENDAR
from .deadlines import WorkCalendar
from .models import CalendarDay, CalendarSource

# Bump the schema part when WorkCalendar's pickled shape changes, so old entries are never read.
_CACHE_PREFIX = "gongkai:calendar:v1"
_VERSION_KEY = f"{_CACHE_PREFIX}:version"
# A safety net for writes that bypass the services (a shell, a restored backup): the cached
# calendar is reloaded at least daily even without a version bump.
_CACHE_SECONDS = 24 * 3600
# Marks a connection whose open transaction wrote calendar rows: until it commits, readers on
# that connection (the recompute hooks above all) must see the uncommitted rows, not the cache.
_DIRTY_ATTR = "_gongkai_calendar_dirty"
# Serialises calendar writers on PostgreSQL, where select_for_update cannot lock rows that do
# not exist yet (a year being imported). SQLite's IMMEDIATE transactions already serialise them.
_ADVISORY_LOCK_ID = 0x676B_6361  # "gkca"

NAME_MAX = CalendarDay._meta.get_field("name").max_length or 50
MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_IMPORT_LINES = 200
MAX_IMPORT_CHARS = 20_000
MAX_UPLOAD_BYTES = 64 * 1024

# chinesecalendar's English holiday names → the names used in State Council notices.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
MAKE_UP_SUFFIX = "调休上班"
WEEKDAYS_ZH = "一二三四五六日"

RecomputeHook = Callable[[frozenset[dt.date]], Any]
_recompute_hooks: list[RecomputeHook] = []


# --- Reading --------------------------------------------------------------------------------


def _version() -> str:
    version = cache.get(_VERSION_KEY)
    if version is None:
        # add() so two processes starting together agree on one version.
        cache.add(_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(_VERSION_KEY) or "0"
    return str(version)


def _bump_version() -> None:
    setattr(connection, _DIRTY_ATTR, False)
    cache.set(_VERSION_KEY, uuid.uuid4().hex, None)


def _from_database() -> WorkCalendar:
    rows = CalendarDay.objects.order_by().values_list("date", "is_working")
    return WorkCalendar.from_rows(rows.iterator(chunk_size=2000))


def load_calendar() -> WorkCalendar:
    """The whole calendar as a WorkCalendar, from the cache when it is current.

    A reader that loads the database just before a write commits stores its result under the
    old version key, which nobody reads after the commit's bump, so a stale calendar is never
    served after a write.
    """
    if getattr(connection, _DIRTY_ATTR, False):
        if connection.in_atomic_block:
            return _from_database()
        setattr(connection, _DIRTY_ATTR, False)
    key = f"{_CACHE_PREFIX}:{_version()}"
    calendar = cache.get(key)
    if calendar is None:
        calendar = _from_database()
        cache.set(key, calendar, _CACHE_SECONDS)
    return calendar


def calendar_days_of_year(year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(date__year=year).order_by("date"))


# --- The recompute hook ---------------------------------------------------------------------


def register_deadline_recompute(fn: RecomputeHook) -> RecomputeHook:
    """Call `fn(changed_dates)` inside every calendar write's transaction.

    Apps with stored due dates register "recompute open due dates touching these dates" from
    their AppConfig.ready(). A hook that raises rolls the calendar change back. Registering the
    same function twice (ready() can run more than once in tests) has no effect.
    """
    if fn not in _recompute_hooks:
        _recompute_hooks.append(fn)
    return fn


def unregister_deadline_recompute(fn: RecomputeHook) -> None:
    if fn in _recompute_hooks:
        _recompute_hooks.remove(fn)


def _after_write(changed: set[dt.date]) -> None:
    """Hooks, then cache invalidation on commit. Runs inside the writer's transaction."""
    setattr(connection, _DIRTY_ATTR, True)
    transaction.on_commit(_bump_version)
    if changed:
        frozen = frozenset(changed)
        for hook in list(_recompute_hooks):
            hook(frozen)


def _lock_calendar() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_ID])


# --- Helpers --------------------------------------------------------------------------------


def _year_dates(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days)]


def _weekend_default(date: dt.date) -> bool:
    return date.weekday() < 5


def _check_year(year: Any, field: str = "year") -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({field: f"年份应在 {MIN_YEAR}–{MAX_YEAR} 之间。"})
    return year


@dataclass(frozen=True)
class WriteSummary:
    """What a bulk calendar write did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # rows left alone because an administrator or an official import set them
    changed_dates: frozenset[dt.date] = frozenset()


def _apply(
    targets: dict[dt.date, tuple[bool, str]],
    source: str,
    *,
    keep_sources: Iterable[str] = (),
) -> tuple[WriteSummary, dict[str, list[Any]]]:
    """Make the rows of `targets` say (is_working, name) with `source`. Caller holds the lock.

    Returns the summary and, for the audit event, {date: [was working, is working]} for every
    date whose working status changed (a date without a row "was" what the weekend rule said).
    """
    keep = set(keep_sources)
    existing = {
        row.date: row
        for row in CalendarDay.objects.select_for_update().filter(
            date__gte=min(targets), date__lte=max(targets)
        )
    }
    to_create: list[CalendarDay] = []
    to_update: list[CalendarDay] = []
    kept = unchanged = 0
    changed: set[dt.date] = set()
    flips: dict[str, list[Any]] = {}
    for date, (is_working, name) in sorted(targets.items()):
        row = existing.get(date)
        if row is None:
            to_create.append(
                CalendarDay(date=date, is_working=is_working, name=name, source=source)
            )
            changed.add(date)
            if is_working != _weekend_default(date):
                flips[date.isoformat()] = [_weekend_default(date), is_working]
            continue
        if row.source in keep:
            kept += 1
            continue
        if (row.is_working, row.name, row.source) == (is_working, name, source):
            unchanged += 1
            continue
        if row.is_working != is_working:
            changed.add(date)
            flips[date.isoformat()] = [row.is_working, is_working]
        row.is_working, row.name, row.source = is_working, name, source
        to_update.append(row)
    # bulk_update skips auto_now; set it so the page's "updated" column stays true.
    now = timezone.now()
    for row in to_update:
        row.updated_at = now
    CalendarDay.objects.bulk_create(to_create, batch_size=1000)
    CalendarDay.objects.bulk_update(
        to_update, ["is_working", "name", "source", "updated_at"], batch_size=1000
    )
    summary = WriteSummary(
        created=len(to_create),
        updated=len(to_update),
        unchanged=unchanged,
        kept=kept,
        changed_dates=frozenset(changed),
    )
    return summary, flips


# --- Seeding from chinesecalendar -----------------------------------------------------------


def package_years() -> tuple[int, int]:
    """The first and last year chinesecalendar holds data for."""
    from chinese_calendar import constants

    return min(constants.holidays).year, max(constants.holidays).year


def package_day(date: dt.date) -> tuple[bool, str]:
    """(is_working, Chinese name) for one date, from chinesecalendar."""
    import chinese_calendar

    is_holiday, english = chinese_calendar.get_holiday_detail(date)
    if english is None:
        return (not is_holiday), ""
    name = HOLIDAY_NAMES.get(english, english)
    if not is_holiday:
        # A named working day is a make-up day (调休上班) for that holiday.
        name = f"{name}{MAKE_UP_SUFFIX}"
    return (not is_holiday), name[:NAME_MAX]


@transaction.atomic
def calendar_seed_from_package(
    *, first_year: int, last_year: int, actor: Any, organisation: Any = None
) -> WriteSummary:
    """Write every date of the years from chinesecalendar. Idempotent.

    Rows an administrator set by hand or imported from the official schedule are left alone:
    the package is the least authoritative source.
    """
    low, high = package_years()
    if not (low <= first_year <= last_year <= high):
        raise ValidationError(
            f"chinesecalendar 数据包只含 {low}–{high} 年的数据，"
            f"无法写入 {first_year}–{last_year} 年；更新的年份请由管理员导入放假安排。"
        )
    _lock_calendar()
    targets = {
        date: package_day(date)
        for year in range(first_year, last_year + 1)
        for date in _year_dates(year)
    }
    summary, flips = _apply(
        targets,
        CalendarSource.CHINESECALENDAR,
        keep_sources=(CalendarSource.MANUAL, CalendarSource.OFFICIAL),
    )
    if summary.created or summary.updated:
        audit.record(
            actor=actor,
            action=CALENDAR.key("seed"),
            organisation=organisation,
            object_repr=f"{first_year}–{last_year}年工作日历",
            changes=flips if summary.updated else {},
            note=(
                f"从 chinesecalendar 写入 {first_year}–{last_year} 年：新增 {summary.created} 天，"
                f"更新 {summary.updated} 天，保留人工或官方设置 {summary.kept} 天"
            ),
        )
        _after_write(set(summary.changed_dates))
    return summary


# --- An administrator's edit of one day -----------------------------------------------------

DAY_FIELDS = ("is_working", "name", "source")


@transaction.atomic
def calendar_day_set(
    *, date: dt.date, is_working: bool, name: str = "", actor: Any, organisation: Any = None
) -> CalendarDay:
    """Set one date's status by hand (source "manual"); audited with before and after.

    `organisation` (the administrator's unit) files the audit event under their site's log;
    the calendar itself is shared by every site.
    """
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        raise ValidationError({"date": "请填写有效的日期。"})
    _check_year(date.year, "date")
    name = (name or "").strip()
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"名称最多 {NAME_MAX} 个字。"})
    _lock_calendar()
    row = CalendarDay.objects.select_for_update().filter(date=date).first()
    if row is None:
        before: dict[str, Any] = {}
        was_working = _weekend_default(date)
        row = CalendarDay(date=date, is_working=bool(is_working), name=name)
    else:
        before = audit.snapshot(row, DAY_FIELDS)
        was_working = row.is_working
        # Re-saving the same values still turns a seeded row manual, so a later seed keeps it.
        if (row.is_working, row.name, row.source) == (
            bool(is_working),
            name,
            CalendarSource.MANUAL,
        ):
            return row
        row.is_working, row.name = bool(is_working), name
    row.source = CalendarSource.MANUAL
    row.save()
    audit.record(
        actor=actor,
        action=CALENDAR.key("day_set"),
        obj=row,
        organisation=organisation,
        changes=audit.diff(before, audit.snapshot(row, DAY_FIELDS)),
    )
    # A new row changes the year's coverage even when the status matches the weekend rule.
    changed = {date} if (not before or was_working != row.is_working) else set()
    _after_write(changed)
    return row


# --- Importing a year's official schedule ---------------------------------------------------


@dataclass(frozen=True)
class ScheduleLine:
    line: int
    start: dt.date
    end: dt.date
    name: str
    is_working: bool


_KINDS = {"休": False, "休息": False, "放假": False, "班": True, "上班": True, "工作日": True}
_SPLIT = re.compile(r"[\s,，;；\t]+")
# Only between two leading dates, so a name containing 至 is left alone.
_RANGE = re.compile(r"^(\S+?)\s*(?:\.\.|~|～|至)\s*(?=\d)")
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


def _parse_date(text: str) -> dt.date | None:
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_schedule(year: int, text: str) -> list[ScheduleLine]:
    """Parse a year's schedule, one range per line: `2027-01-01..2027-01-03 元旦 休`.

    Fields may be separated by spaces, tabs or commas (a .csv saved from Excel); the last field
    is 休 (a day off) or 班 (a make-up working day); the name in between is optional. Blank lines
    and lines starting with # are ignored. All errors are collected, each with its line number.
    """
    _check_year(year)
    if len(text) > MAX_IMPORT_CHARS:
        raise ValidationError(f"内容过长（最多 {MAX_IMPORT_CHARS} 字）。")
    errors: list[str] = []
    lines: list[ScheduleLine] = []
    taken: dict[dt.date, int] = {}
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        content = raw.strip()
        if not content or content.startswith("#"):
            continue
        if len(lines) + len(errors) >= MAX_IMPORT_LINES:
            errors.append(f"行数过多（最多 {MAX_IMPORT_LINES} 行）。")
            break
        # A range written with spaces around ".." is still one field.
        content = _RANGE.sub(r"\1..", content, count=1)
        fields = [f.strip("\"'") for f in _SPLIT.split(content) if f.strip("\"'")]
        prefix = f"第{number}行："
        if len(fields) < 2:
            errors.append(
                f"{prefix}应包含日期和“休”或“班”，例如“{year}-01-01..{year}-01-03 元旦 休”。"
            )
            continue
        kind = fields[-1]
        if kind not in _KINDS:
            errors.append(f"{prefix}最后一项应为“休”或“班”，而不是“{kind}”。")
            continue
        name = " ".join(fields[1:-1])
        if len(name) > NAME_MAX:
            errors.append(f"{prefix}名称过长（最多 {NAME_MAX} 字）。")
            continue
        parts = fields[0].split("..")
        if len(parts) > 2:
            errors.append(f"{prefix}日期范围“{fields[0]}”格式不正确。")
            continue
        start = _parse_date(parts[0])
        end = _parse_date(parts[-1])
        if start is None or end is None:
            errors.append(
                f"{prefix}日期“{fields[0]}”无效，"
                f"应写作 {year}-01-01 或 {year}-01-01..{year}-01-03。"
            )
            continue
        if end < start:
            errors.append(f"{prefix}结束日期早于开始日期。")
            continue
        if start.year != year or end.year != year:
            errors.append(f"{prefix}日期不在 {year} 年内。")
            continue
        clash = next((d for d in _dates(start, end) if d in taken), None)
        if clash is not None:
            errors.append(f"{prefix}{clash:%Y-%m-%d} 与第{taken[clash]}行重复。")
            continue
        for d in _dates(start, end):
            taken[d] = number
        lines.append(ScheduleLine(number, start, end, name, _KINDS[kind]))
    if not lines and not errors:
        errors.append("没有填写任何放假或调休安排。")
    if errors:
        raise ValidationError(errors)
    return lines


def _dates(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def decode_schedule_upload(data: bytes) -> str:
    """The text of an uploaded .txt/.csv schedule. Excel on Chinese Windows saves CSV in GB18030,
    so that is tried after UTF-8."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"文件过大（最多 {MAX_UPLOAD_BYTES // 1024} KB），放假安排只需几行文字。"
        )
    if b"\x00" in data:
        raise ValidationError("文件不是文本文件，请上传 .txt 或 .csv 文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            break
        return text
    raise ValidationError("无法识别文件内容，请上传 UTF-8 或 GBK 编码的 .txt 或 .csv 文件。")


@transaction.atomic
def calendar_import_year(
    *, year: int, text: str, actor: Any, organisation: Any = None
) -> WriteSummary:
    """Replace a year's calendar with the official schedule typed in `text`. All or nothing.

    The year gets a row for every date (so it becomes covered): weekends off and weekdays on by
    default, then the lines applied. Every row of the year takes source "official", including
    earlier manual edits: the State Council's notice is the authority an import records.
    """
    lines = parse_schedule(year, text)
    targets = {date: (_weekend_default(date), "") for date in _year_dates(year)}
    for line in lines:
        for date in _dates(line.start, line.end):
            targets[date] = (line.is_working, line.name)
    _lock_calendar()
    summary, flips = _apply(targets, CalendarSource.OFFICIAL)
    if summary.created or summary.updated:
        audit.record(
            actor=actor,
            action=CALENDAR.key("import"),
            organisation=organisation,
            object_repr=f"{year}年工作日历",
            changes=flips,
            note=(
                f"导入 {year} 年放假安排 {len(lines)} 行：新增 {summary.created} 天，"
                f"更新 {summary.updated} 天"
            ),
        )
        _after_write(set(summary.changed_dates))
    return summary


def weekday_zh(date: dt.date) -> str:
    return "星期" + WEEKDAYS_ZH[date.weekday()]
