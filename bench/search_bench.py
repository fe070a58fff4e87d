"""Search benchmark: load N synthetic county disclosure items into the search index on SQLite
and/or PostgreSQL, then measure search latency per query class and recall against a full
substring scan.

    .venv/bin/python bench/search_bench.py --n 100000 --backend sqlite|postgres|both

Method
* Items come from gongkai.search.synthetic (titles, 文号, bodies of several paragraphs and
  attachment text assembled from county government phrases; fixed seed) and are loaded through
  gongkai.search.index.bulk_index in batches (the path `gongkai rebuild_search_index` uses).
  Load throughput is docs/s for that call, which ends with the index build (FTS5 'optimize' on
  SQLite, CREATE INDEX of the GIN index on PostgreSQL); the statistics pass after it (ANALYZE,
  VACUUM ANALYZE) is timed separately.
* Latency is the wall time of gongkai.search.index.search() for page 1 (20 hits with highlighted
  titles and snippets, and the total), measured in this process over the database's
  ordinary connection, after one untimed warm-up pass; each query runs --repeat times.
* Recall and precision compare the complete result set of every query (all pages, taken from
  the backend without the page cap) with a full scan in SQL: instr()/strpos() of each term over
  every stored normalised title, 文号, body and attachment text of the site.

Each backend runs in a child process with its own DATABASE_URL: a fresh SQLite file under
var/bench/search/ (deleted at the end unless --keep) and the PostgreSQL database gk_bench
(created with createdb and dropped at the end unless --keep). Prints a Markdown report; asserts
nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/gk_bench"

QUERIES: dict[str, list[str]] = {
    "1 char": ["税", "粮", "桥", "林", "矿", "房"],
    "2 chars": ["预算", "低保", "医保", "招聘", "补贴", "征地", "疫苗", "救助"],
    "4 chars": [
        "征地补偿",
        "行政处罚",
        "义务教育",
        "政策解读",
        "三公经费",
        "危房改造",
        "食品安全",
        "量子计算",
    ],
    "6 chars": [
        "最低生活保障",
        "政府信息公开",
        "城乡居民医保",
        "农村危房改造",
        "安全生产检查",
        "行政许可决定",
    ],
    "multi-word": [
        "低保 标准",
        "2025 预算",
        "征地 补偿 标准",
        "医保 报销 比例",
        "学校 招聘",
        "东河镇 低保 公示",
    ],
    "Latin/digits, 文号": ["2025", "示政发〔2025〕3号", "示市监罚", "0537"],
    # Terms in nearly every item: no citizen searches for them, reported apart from the targets.
    "stress (very common)": ["县", "通知", "公开"],
}
# (label, query text, extra SearchQuery arguments) measured as the class "filters & sort".
FILTERED = [
    ("低保 + subject", "低保", {"subject_category": "民政社会救助"}),
    ("预算 + date range", "预算", {"date_from": "2024-01-01", "date_to": "2024-12-31"}),
    ("招聘 + column", "招聘", {"column_id": 17}),
    ("补贴 sorted by date", "补贴", {"sort": "date"}),
    ("征地补偿 + organisation", "征地补偿", {"organisation_id": 8}),
    ("税 page 5", "税", {"page": 5}),
]
TARGET_CLASSES = {
    "1 char",
    "2 chars",
    "4 chars",
    "6 chars",
    "multi-word",
    "Latin/digits, 文号",
    "filters & sort",
}
SITE_ID = 1


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


# --- child: one backend --------------------------------------------------------------------


def run_one(args: argparse.Namespace) -> dict[str, object]:
    import datetime

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from gongkai.search import index, text
    from gongkai.search.backends import Filters, get_backend
    from gongkai.search.synthetic import generate_docs

    call_command("migrate", verbosity=0)
    backend = get_backend()
    index.clear_index()

    started = time.perf_counter()
    loaded = index.bulk_index(
        generate_docs(args.n, site_id=SITE_ID), batch_size=args.batch, suspend_index=True
    )
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        else:
            for table in ("search_searchentry", "search_searchgrams", "search_searchentrycolumn"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    compact_s = time.perf_counter() - started

    size = _size(connection)

    def run(query_text: str, extra: dict[str, object]) -> tuple[float, int]:
        kwargs = dict(extra)
        for key in ("date_from", "date_to"):
            if key in kwargs:
                kwargs[key] = datetime.date.fromisoformat(str(kwargs[key]))
        t0 = time.perf_counter()
        results = index.search(index.SearchQuery(site_id=SITE_ID, text=query_text, **kwargs))
        return (time.perf_counter() - t0) * 1000, results.total

    cases: list[tuple[str, str, str, dict[str, object]]] = [
        (cls, q, q, {}) for cls, queries in QUERIES.items() for q in queries
    ] + [("filters & sort", label, q, extra) for label, q, extra in FILTERED]

    for _, _, q, extra in cases:  # warm-up
        run(q, extra)
    # Other processes share the cores: the load average says how much of the time was ours.
    load_before = os.getloadavg()[0]
    per_query: list[dict[str, object]] = []
    for cls, label, q, extra in cases:
        samples = []
        total = 0
        for _ in range(args.repeat):
            ms, total = run(q, extra)
            samples.append(ms)
        per_query.append({"class": cls, "query": label, "total": total, "samples": samples})

    load_after = os.getloadavg()[0]

    # Recall: complete result sets against the SQL substring scan (unfiltered queries).
    recall_rows = []
    func = "instr" if connection.vendor == "sqlite" else "strpos"
    for cls, queries in QUERIES.items():
        for q in queries:
            parsed = text.parse_query(q)
            page = backend.search(parsed, Filters(site_id=SITE_ID), "date", 10**9, 0)
            found = {row[0] for row in page.rows}
            conditions = " AND ".join(
                f"({func}(search_head, %s) > 0 OR {func}(search_text, %s) > 0)"
                for _ in parsed.terms
            )
            params: list[object] = [SITE_ID]
            for term in parsed.terms:
                params += [term.text, term.text]
            t0 = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id FROM search_searchentry WHERE site_id = %s AND {conditions}",  # noqa: S608
                    params,
                )
                expected = {row[0] for row in cursor.fetchall()}
            scan_ms = (time.perf_counter() - t0) * 1000
            recall_rows.append(
                {
                    "class": cls,
                    "query": q,
                    "expected": len(expected),
                    "found": len(found),
                    "missing": len(expected - found),
                    "extra": len(found - expected),
                    "scan_ms": scan_ms,
                }
            )
    return {
        "backend": connection.vendor,
        "server": _server_version(connection),
        "n": loaded,
        "load_s": load_s,
        "compact_s": compact_s,
        "size_mb": size,
        "per_query": per_query,
        "recall": recall_rows,
        "load": (load_before, load_after),
    }


def _size(connection) -> float:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            return pages * cursor.fetchone()[0] / 1e6
        cursor.execute(
            "SELECT pg_total_relation_size('search_searchentry') "
            "+ pg_total_relation_size('search_searchgrams') "
            "+ pg_total_relation_size('search_searchentrycolumn')"
        )
        return cursor.fetchone()[0] / 1e6


def _server_version(connection) -> str:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return "SQLite " + cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


# --- parent: orchestration and report ------------------------------------------------------


def _pg_tool(name: str, *args: str, check: bool = True) -> None:
    tool = shutil.which(name)
    if tool is None:
        raise SystemExit(f"{name} not found: install the PostgreSQL client tools")
    subprocess.run([tool, "-h", "127.0.0.1", "-U", "postgres", *args], check=check)  # noqa: S603


def child(backend: str, args: argparse.Namespace) -> dict[str, object]:
    env = dict(os.environ)
    env.pop("GONGKAI_TESTING", None)
    # Production settings (DEBUG off: no query log kept in memory) with a throwaway key.
    env["DEBUG"] = "0"
    env["SECRET_KEY"] = os.urandom(24).hex()
    sqlite_dir = ROOT / "var" / "bench" / "search"
    if backend == "sqlite":
        sqlite_dir.mkdir(parents=True, exist_ok=True)
        db_file = sqlite_dir / f"search-{args.n}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{db_file}"
    else:
        _pg_tool("dropdb", "--if-exists", "gk_bench")
        _pg_tool("createdb", "gk_bench")
        env["DATABASE_URL"] = PG_URL
    try:
        out = subprocess.run(  # noqa: S603
            [
                sys.executable,
                __file__,
                "--child",
                "--n",
                str(args.n),
                "--repeat",
                str(args.repeat),
                "--batch",
                str(args.batch),
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError as error:
        sys.stderr.write(error.stderr)
        raise
    finally:
        if not args.keep:
            if backend == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            else:
                _pg_tool("dropdb", "--if-exists", "gk_bench", check=False)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(results: list[dict[str, object]], args: argparse.Namespace) -> str:
    lines = [
        f"Search benchmark, {args.n:,} items, {os.cpu_count()} CPU cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}",
        "",
        "| backend | load (docs/s) | compaction | database size |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['server']} | {r['n'] / r['load_s']:,.0f} ({r['load_s']:.0f} s) | "
            f"{r['compact_s']:.0f} s | {r['size_mb']:,.0f} MB |"
        )
    loads = ", ".join(
        f"{r['backend']} {r['load'][0]:.1f} → {r['load'][1]:.1f}"  # type: ignore[index]
        for r in results
        if "load" in r
    )
    lines += [
        "",
        f"Load average (1 min) before → after the latency runs: {loads}.",
        "",
        "Latency of `search()` (page 1 with snippets and the total), ms:",
        "",
    ]
    header = "| class | " + " | ".join(f"{r['backend']} p50 | p95 | max" for r in results) + " |"
    lines += [header, "| --- |" + " ---: | ---: | ---: |" * len(results)]
    classes = list(dict.fromkeys(q["class"] for q in results[0]["per_query"]))  # type: ignore[index]
    overall: dict[str, list[float]] = {str(r["backend"]): [] for r in results}
    for cls in classes:
        cells = []
        for r in results:
            samples = [s for q in r["per_query"] if q["class"] == cls for s in q["samples"]]  # type: ignore[index]
            if cls in TARGET_CLASSES:
                overall[str(r["backend"])] += samples
            p50, p95 = percentile(samples, 50), percentile(samples, 95)
            cells.append(f"{p50:.1f} | {p95:.1f} | {max(samples):.1f}")
        lines.append(f"| {cls} | " + " | ".join(cells) + " |")
    cells = [
        f"**{percentile(v, 50):.1f}** | **{percentile(v, 95):.1f}** | **{max(v):.1f}**"
        for v in overall.values()
    ]
    lines.append("| all target classes | " + " | ".join(cells) + " |")
    lines += ["", "Per query (median ms; results):", ""]
    lines += [
        "| class | query | " + " | ".join(f"{r['backend']} ms | total" for r in results) + " |"
    ]
    lines += ["| --- | --- |" + " ---: | ---: |" * len(results)]
    for i, q in enumerate(results[0]["per_query"]):  # type: ignore[index]
        cells = []
        for r in results:
            rq = r["per_query"][i]  # type: ignore[index]
            cells.append(f"{statistics.median(rq['samples']):.1f} | {rq['total']:,}")
        lines.append(f"| {q['class']} | {q['query']} | " + " | ".join(cells) + " |")
    lines += ["", "Recall against the SQL substring scan (all unfiltered queries):", ""]
    lines += [
        "| backend | queries | expected hits | missing | extra | recall | scan ms (p50) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        rows = r["recall"]
        expected = sum(x["expected"] for x in rows)  # type: ignore[union-attr]
        missing = sum(x["missing"] for x in rows)  # type: ignore[union-attr]
        extra = sum(x["extra"] for x in rows)  # type: ignore[union-attr]
        recall = 100.0 * (expected - missing) / expected if expected else 100.0
        scan = statistics.median(x["scan_ms"] for x in rows)  # type: ignore[union-attr]
        lines.append(
            f"| {r['backend']} | {len(rows)} | {expected:,} | {missing} | {extra} | "  # type: ignore[arg-type]
            f"{recall:.2f} % | {scan:,.0f} |"
        )
        for x in rows:  # type: ignore[union-attr]
            if x["missing"] or x["extra"]:
                lines.append(
                    f"|  ↳ {x['query']} | | {x['expected']} | {x['missing']} | {x['extra']} | | |"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args)))
        return
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = [child(b, args) for b in backends]
    print(report(results, args))


if __name__ == "__main__":
    main()
