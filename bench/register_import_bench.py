"""Register import benchmark: build a synthetic register (台账) of N rows as .xlsx and .csv and
time `register_import` on SQLite and/or PostgreSQL.

    .venv/bin/python bench/register_import_bench.py --n 10000 --backend sqlite|postgres|both

Method
* The register has N rows over 20 organs of one county, received 2024-01-02 … 2025-12-31
  (fixed seed): every applicant type and channel, 90 % closed across all 21 outcomes of
  Table 三, 10 % still open, 5 % with a reconsideration, 2 % with a suit (half of them after the
  reconsideration), 3 % with a fee; half of the rows carry a 申请编号, the others get one
  from the site's sequence. Closed rows use Excel date cells, a tenth of the rows bare serial
  numbers and text dates. The calendar of 2024–2026 is seeded from chinesecalendar, so open
  rows get real due dates.
* Timed, each a fresh run of `register_import` on the file (wall time, this process, the
  database's ordinary connection):
  - preview: a dry run (read + check every row, nothing written);
  - import: the real import of the .xlsx (one transaction, bulk inserts);
  - same file again: the identical file, recognised by its SHA-256 and skipped;
  Wall time and the CPU time of the benchmark process (the database server's CPU, for
  PostgreSQL, is not in the latter) are both reported: on a shared machine the wall time
  depends on the load.
  - re-saved file: the same rows as .csv (other bytes), so every numbered row is compared with
    the stored application and skipped, and the rows without 申请编号 are imported again
    (documented: only numbered rows can be matched), into a second, empty site.
* Each backend runs in a child process with its own DATABASE_URL: a fresh SQLite file under
  var/bench/ (deleted at the end unless --keep) or the PostgreSQL database gk_bench_register
  (created with createdb and dropped at the end unless --keep). Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _child import run_child

ROOT = Path(__file__).resolve().parent.parent
PG_DB = "gk_bench_register"


def build_rows(n: int, org_names: list[str]) -> list[dict[str, object]]:
    import datetime as dt

    from gongkai.info_requests.choices import Channel
    from gongkai.info_requests.outcomes import OUTCOMES, ApplicantType

    rng = random.Random(20251122)
    first, span = dt.date(2024, 1, 2), 729
    outcomes = [info.row_label for info in OUTCOMES.values()]
    types = [str(t.label) for t in ApplicantType]
    channels = [str(c.label) for c in Channel]
    rows: list[dict[str, object]] = []
    for i in range(n):
        received = first + dt.timedelta(days=rng.randrange(span))
        closed = received + dt.timedelta(days=rng.randrange(1, 40))
        row: dict[str, object] = {
            "申请编号": f"TZ-{received.year}-{i:06d}" if i % 2 == 0 else None,
            "受理机关": org_names[i % len(org_names)],
            "申请人类型": types[0] if rng.random() < 0.8 else rng.choice(types),
            "申请人": f"申请人{i}",
            "申请方式": rng.choice(channels),
            "收到日期": received,
            "申请内容": f"关于{received.year - 1}年度第{i}项政府信息的公开申请，请提供相关文件",
            "办结日期": closed,
            "办理结果": rng.choice(outcomes),
        }
        if rng.random() < 0.10 or closed > dt.date(2025, 12, 31):
            row["办结日期"] = row["办理结果"] = None
        elif rng.random() < 0.05:
            row["复议情况"] = rng.choice(["维持", "纠正", "其他", "尚未审结"])
            row["复议申请日期"] = closed + dt.timedelta(days=10)
            if rng.random() < 0.4:
                row["诉讼类型"] = "复议后起诉"
                row["诉讼情况"] = "尚未审结"
                row["起诉日期"] = closed + dt.timedelta(days=40)
        elif rng.random() < 0.01:
            row["诉讼类型"] = "直接起诉"
            row["诉讼情况"] = rng.choice(["维持", "纠正", "其他", "尚未审结"])
            row["起诉日期"] = closed + dt.timedelta(days=20)
        if rng.random() < 0.03 and row["办结日期"] is not None:
            row["收费金额（元）"] = rng.choice([100, 200, 350.5])
        if i % 10 == 1:  # a serial number in one date column, text in the other
            row["收到日期"] = (received - dt.date(1899, 12, 30)).days
            if row["办结日期"] is not None:
                row["办结日期"] = f"{closed.year}年{closed.month}月{closed.day}日"
        rows.append(row)
    return rows


def run_one(args: argparse.Namespace) -> dict[str, object]:
    import datetime as dt
    import io

    import chinese_calendar
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from gongkai.core.models import CalendarDay, CalendarSource
    from gongkai.info_requests.models import InfoRequest
    from gongkai.info_requests.register.importer import register_import
    from gongkai.info_requests.tests.register_files import csv_bytes, xlsx_bytes
    from gongkai.organizations.factories import (
        OrganisationFactory,
        SiteFactory,
        build_site_skeleton,
    )
    from gongkai.organizations.models import OrganisationKind

    call_command("migrate", verbosity=0)
    CalendarDay.objects.bulk_create(
        CalendarDay(
            date=day,
            is_working=chinese_calendar.is_workday(day),
            source=CalendarSource.CHINESECALENDAR,
        )
        for day in (dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(366 + 365 + 365))
    )
    sites = []
    for code, name in (("370899", "示例县"), ("370898", "邻县")):
        site = SiteFactory(name=name, division_code=code, is_default=code == "370899")
        build_site_skeleton(site, prefix="B" + code[-2:])
        org_names = []
        for k in range(20):
            org = OrganisationFactory(
                site=site,
                parent=site.government,
                kind=OrganisationKind.DEPARTMENT,
                code=f"B{code[-2:]}D{k:02d}",
                full_name=f"{name}第{k + 1}局",
            )
            org_names.append(org.full_name)
        sites.append(site)
    rows = build_rows(args.n, [f"示例县第{k + 1}局" for k in range(20)])

    started = time.perf_counter()
    xlsx = xlsx_bytes(rows)
    write_s = time.perf_counter() - started
    csv_rows = [{**r, "受理机关": str(r["受理机关"]).replace("示例县", "邻县")} for r in rows]
    csv = csv_bytes(csv_rows, encoding="gb18030")

    def timed(label: str, data: bytes, kind: str, site: object, **kw: object) -> dict[str, object]:
        started, cpu = time.perf_counter(), time.process_time()
        result = register_import(
            site=site,  # type: ignore[arg-type]
            actor=None,
            source_name=f"bench.{kind}",
            file=io.BytesIO(data),
            kind=kind,
            **kw,  # type: ignore[arg-type]
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        if result.errors:
            raise SystemExit(f"{label}: {[str(e) for e in result.errors[:5]]}")
        return {
            "label": label,
            "seconds": seconds,
            "cpu": cpu,
            "created": result.created,
            "skipped": result.skipped,
        }

    steps = [
        timed("preview (dry run), .xlsx", xlsx, "xlsx", sites[0], dry_run=True),
        timed("import, .xlsx", xlsx, "xlsx", sites[0]),
        timed("same file again (SHA-256 match)", xlsx, "xlsx", sites[0]),
        timed("import, .csv (GB18030), second site", csv, "csv", sites[1]),
        timed("re-saved .csv again (row by row comparison)", csv + b"\r\n", "csv", sites[1]),
    ]
    assert InfoRequest.objects.filter(site=sites[0]).count() == args.n
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            server = "PostgreSQL " + cursor.fetchone()[0].split()[1]
    else:
        import sqlite3

        server = f"SQLite {sqlite3.sqlite_version}"
    return {
        "backend": args.backend,
        "server": server,
        "n": args.n,
        "xlsx_kb": len(xlsx) / 1024,
        "csv_kb": len(csv) / 1024,
        "write_s": write_s,
        "steps": steps,
    }


def child(backend: str, args: argparse.Namespace) -> dict[str, object]:
    return run_child(
        __file__,
        ["--backend", backend, "--n", str(args.n)],
        backend=backend,
        sqlite_name=f"register-{args.n}.sqlite3",
        pg_name=PG_DB,
        keep=args.keep,
    )


def report(results: list[dict[str, object]], args: argparse.Namespace) -> str:
    first = results[0]
    lines = [
        f"Register import benchmark, {args.n:,} rows, {os.cpu_count()} CPU cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}, "
        f"load average at the end {os.getloadavg()[0]:.1f}",
        "",
        f"Files: .xlsx {first['xlsx_kb']:,.0f} KB (written by openpyxl in "
        f"{first['write_s']:.1f} s), .csv {first['csv_kb']:,.0f} KB.",
        "",
        "| step | "
        + " | ".join(f"{r['server']} wall | CPU of this process" for r in results)
        + " | created / skipped |",
        "| --- |" + " ---: | ---: |" * len(results) + " --- |",
    ]
    for i, step in enumerate(first["steps"]):  # type: ignore[arg-type]
        cells = [
            f"{r['steps'][i]['seconds']:.1f} s | {r['steps'][i]['cpu']:.1f} s"  # type: ignore[index]
            for r in results
        ]
        lines.append(
            f"| {step['label']} | "
            + " | ".join(cells)
            + f" | {step['created']:,} / {step['skipped']:,} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args)))
        return
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(report([child(b, args) for b in backends], args))


if __name__ == "__main__":
    main()
