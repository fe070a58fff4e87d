"""Bulk import benchmark: items/s for the .xlsx import path (migrating an old site) with N rows,
on SQLite and/or PostgreSQL.

    .venv/bin/python bench/import_bench.py --n 100000 --backend sqlite|postgres|both

Method
* A county with 20 departments, each claiming 3 columns (built with the factories and the
  catalog services), in a fresh database: a SQLite file under var/bench/ or the PostgreSQL
  database gk_import_bench (created with createdb, dropped at the end unless --keep).
* N rows are generated from gongkai.search.synthetic (titles, 文号 and bodies assembled from
  county government phrases, ~500 characters each; fixed seed) and written to an .xlsx with
  openpyxl (not timed). Rows whose text the PII guard would refuse are left out while the file
  is generated, so the whole file imports; the guard still scans every row during the import.
* Timed, as `items_import_file` runs them: (1) reading the workbook (python-calamine) and
  checking every row (lookups, dates, vocabularies, sanitising, the PII scan of title, summary
  and body); (2) writing in one transaction, up to its commit: 索引号 blocks, items, column
  links, events, first versions, column counters, the audit record. items/s to commit =
  N / (1 + 2). (3) The search indexing that follows: an import of 5,000 public items or more
  dispatches indexing tasks on commit (ADR 0014), eager here, so they run right after the
  commit in this process; their time gives docs/s, and (1) + (2) + (3) is the time until every
  item is searchable. With Redis, workers would do (3) while the import has returned.
* Production settings (DEBUG off), in a child process per backend. Besides wall time the report
  gives the CPU time of the importing process (on SQLite that includes the database work; on
  PostgreSQL the server's share is not in it) and the machine's load average, because a shared
  machine stretches wall time. Prints a Markdown report; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _child import run_child

ROOT = Path(__file__).resolve().parent.parent
PG_NAME = "gk_import_bench"
DEPARTMENTS = 20
SUBJECTS = ["01", "03", "08", "09", "10", "12", "14", "16"]
GENRES = ["通知", "公告", "意见", "办法", "报告", "公示"]


def run_one(args: argparse.Namespace) -> dict[str, object]:
    import datetime as dt

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.core.management import call_command
    from django.db import connection, transaction
    from openpyxl import Workbook

    from gongkai.catalog import services as catalog
    from gongkai.core.pii import find_pii
    from gongkai.organizations.factories import OrganisationFactory, SiteFactory
    from gongkai.publications.models import Item
    from gongkai.publications.services import importing
    from gongkai.publications.services.import_rows import HEADERS, parse_rows, read_workbook
    from gongkai.search.models import SearchEntry
    from gongkai.search.synthetic import generate_docs

    call_command("migrate", verbosity=0)
    site = SiteFactory(name="基准县", division_code="379999")
    government = OrganisationFactory(
        site=site, kind="government", code="JZZF", full_name="基准县人民政府"
    )
    orgs = []
    for k in range(DEPARTMENTS):
        orgs.append(
            OrganisationFactory(
                site=site, parent=government, code=f"JZ{k:03d}", full_name=f"基准县第{k}局"
            )
        )
    column_names = ["通知公告", "政策文件", "工作动态"]
    for name in column_names:
        column = catalog.column_create(site=site, name=name, actor=None)
        for org in orgs:
            catalog.column_claim(column=column, organisation=org, actor=None)

    started = time.perf_counter()
    path = ROOT / "var" / "bench" / f"import-{args.n}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(HEADERS))
    today = dt.date.today()
    written = 0
    skipped = 0
    for doc in generate_docs(args.n * 2, site_id=site.pk, seed=11):
        if written == args.n:
            break
        if find_pii(doc.title) or find_pii(doc.body):
            skipped += 1
            continue
        k = doc.doc_id
        published = min(doc.published_on or today, today)
        sheet.append(
            [
                doc.title, orgs[k % DEPARTMENTS].full_name, doc.document_number,
                published - dt.timedelta(days=k % 15), published, SUBJECTS[k % len(SUBJECTS)],
                GENRES[k % len(GENRES)], "", "", doc.body, column_names[k % 3],
                "有效" if k % 10 == 0 else "", "", "", "",
            ]
        )  # fmt: skip
        written += 1
    workbook.save(path)
    generation = time.perf_counter() - started

    # A large import indexes in tasks dispatched on commit (eager here: they run right after
    # the commit, in this process); time them on their own.
    index_s: list[float] = []
    task_module = importlib.import_module("gongkai.publications.tasks")
    index_batch = task_module.items_index_imported

    def timed_index(item_ids):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return index_batch(item_ids)
        finally:
            if not index_s:
                index_s.append(start)  # when the first batch started: the import had committed
            index_s.append(time.perf_counter() - start)

    task_module.items_index_imported = timed_index
    load_before = os.getloadavg()[0]
    c0 = time.process_time()
    t0 = time.perf_counter()
    with path.open("rb") as handle:
        missing, rows = read_workbook(handle)
        assert not missing
        parsed = parse_rows(site.pk, rows)
    t1 = time.perf_counter()
    if parsed.errors:
        raise SystemExit(f"rows refused: {parsed.errors[:3]}")
    with transaction.atomic():
        created = importing._write(site, parsed.rows, None)
    t3 = time.perf_counter()
    c3 = time.process_time()
    committed = index_s[0] if index_s else t3
    indexing = sum(index_s[1:])
    assert created == written == Item.objects.count() == SearchEntry.objects.count()
    result = {
        "backend": connection.vendor,
        "n": written,
        "skipped_pii": skipped,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "generation_s": round(generation, 1),
        "read_check_s": round(t1 - t0, 1),
        "write_s": round(committed - t1, 1),
        "commit_s": round(committed - t0, 1),
        "items_per_s": round(written / (committed - t0)),
        "index_s": round(indexing, 1),
        "docs_per_s": round(written / indexing) if indexing else None,
        "searchable_s": round(t3 - t0, 1),
        "cpu_s": round(c3 - c0, 1),
        "load": f"{load_before:.1f}–{os.getloadavg()[0]:.1f}",
    }
    path.unlink()
    return result


def child(backend: str, args: argparse.Namespace) -> dict[str, object]:
    return run_child(
        __file__,
        ["--n", str(args.n)],
        backend=backend,
        sqlite_name=f"import-{args.n}.sqlite3",
        pg_name=PG_NAME,
        keep=args.keep,
    )


def report(results: list[dict[str, object]], args: argparse.Namespace) -> str:
    lines = [
        f"Bulk import benchmark, {args.n:,} rows, {os.cpu_count()} CPU cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}",
        "",
        "| backend | rows | .xlsx | read + check (incl. PII scan) | write | to commit "
        "| **items/s to commit** | search indexing after commit | docs/s | until all searchable "
        "| CPU of this process | load average |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['backend']} | {r['n']:,} | {r['file_mb']} MB | {r['read_check_s']} s "
            f"| {r['write_s']} s | {r['commit_s']} s | **{r['items_per_s']:,}** "
            f"| {r['index_s']} s | {r['docs_per_s']} | {r['searchable_s']} s "
            f"| {r['cpu_s']} s | {r['load']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
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
