"""Portal page throughput: item pages and a column list under gunicorn, against nginx serving a
static file of the same size as the ceiling, all in one run.

    .venv/bin/python bench/portal_bench.py [--n 100000] [--backend postgres|sqlite]
        [--duration 20] [--connections 32] [--workers 4] [--worker-class sync] [--threads 1]
        [--warm-jobs 2] [--search-index] [--keep] [--no-docs] [--report-only]

Method
* A throwaway database (PostgreSQL `gk_portal_bench`, created with createdb and dropped at the
  end; or a SQLite file under var/bench/) is migrated and given the demo county (organisations
  and catalog, `gongkai demo`'s own loaders). N published items are then written with
  bulk_create in batches: titles, 文号 and bodies from gongkai.search.synthetic (the search
  benchmark's generator, fixed seed), 索引号 `{org}/{year}-{seq:05d}`, one claimed column each
  (a column the item's unit has claimed), the columns' counters set from the data. With
  --search-index the search index is rebuilt as well (`bulk_index`, not needed by these pages).
* gunicorn (`config.wsgi --preload`, --workers workers of --worker-class, each warmed up by a
  few requests in turn) runs with production settings: DEBUG=0, a throwaway SECRET_KEY,
  ALLOWED_HOSTS=127.0.0.1, GONGKAI_SSL_REDIRECT=0, Redis as the cache and the page cache,
  WhiteNoise over a collectstatic into a temp dir. Requests are anonymous (no cookies), so the
  pages are the public, cacheable variant; nothing in front of gunicorn caches them.
* `gongkai portal_pages warm --url <gunicorn> --jobs <warm-jobs>` then renders every public item
  page into the page cache (ADR 0013) through the WSGI handler, as after a deploy or an import;
  its time is reported.
* wrk (-t2 -c<connections> -d<duration>s --timeout 10s --latency) measures, after a 5 s
  warm-up of each:
  (a) item pages, a Lua script picking a random item id per request, over all N items (from the
      page cache);
  (a') the same over 1,000 items only (a few pages everyone reads);
  (a'') item pages over all N right after `gongkai portal_pages clear` (no warm-up): nearly every
      request renders its page, the cost of a first visit after a change;
  (b) the busiest column's list page 1 (count + 20 rows; from the page cache after the warm-up);
  (c) nginx (`nginx -c <temp conf>`, 2 workers, access log off) serving a static file with the
      byte size of a rendered item page: the ceiling of this machine for a response that size.
  wrk runs on the same machine and shares its cores with the servers, as do PostgreSQL and
  Redis: the figures are for the whole box, not for gunicorn alone.
* Prints a Markdown report, and (unless --no-docs) replaces the "Portal pages (<backend>)"
  section of docs/benchmarks.md with it, keeping the other sections. The raw figures are kept in
  var/bench/portal-<backend>.json; --report-only prints the report again from them.

wrk and nginx are installed with apt-get (wrk, nginx-light) when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
DB_NAME = "gk_portal_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SECTION = "## Portal pages"  # + the backend: one section each in docs/benchmarks.md
BACKEND_NAMES = {"postgres": "PostgreSQL", "sqlite": "SQLite"}
# Items read again and again (a policy everyone talks about): served from the page cache.
HOT_SET = 1000

# gongkai.search.synthetic names subjects and validity in words; the items store codes.
SUBJECT_CODES = {
    "综合政务": "01",
    "财政金融": "03",
    "民政社会救助": "16",
    "教育": "10",
    "卫生健康": "12",
    "城乡建设": "09",
    "国土资源": "04",
    "农业农村": "05",
    "劳动就业": "14",
    "市场监管": "08",
    "安全生产": "08",
    "医疗保障": "12",
    "交通运输": "06",
    "水利": "05",
    "生态环境": "09",
}
VALIDITY_CODES = {"有效": "valid", "失效": "expired", "废止": "repealed", "": ""}


# --- child: load the data ----------------------------------------------------------------------


def load(n: int, batch: int, search_index: bool) -> dict[str, object]:
    import datetime as dt

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.db import connection, transaction
    from django.db.models import Count, Max
    from django.utils import timezone

    from gongkai.catalog import demo as catalog_demo
    from gongkai.catalog.models import Claim, Column, ColumnKind
    from gongkai.organizations.demo import build_demo
    from gongkai.publications.models import IndexSequence, Item
    from gongkai.publications.richtext import text_to_html
    from gongkai.search.synthetic import generate_docs

    started = time.perf_counter()
    site = build_demo().site
    catalog_demo.load_demo(site)
    pairs = list(
        Claim.objects.filter(
            column__site=site, column__is_retired=False, column__kind=ColumnKind.LIST
        ).values_list("organisation_id", "column_id", "organisation__code")
    )
    rng = random.Random(7)
    tz = timezone.get_current_timezone()
    seq: dict[tuple[int, int], int] = {}
    Through = Item.columns.through
    loaded = 0
    docs = generate_docs(n, site_id=site.pk)
    while True:
        chunk = [d for _, d in zip(range(batch), docs, strict=False)]
        if not chunk:
            break
        items, columns = [], []
        for doc in chunk:
            org_id, column_id, code = rng.choice(pairs)
            published_on = doc.published_on or dt.date(2025, 1, 1)
            key = (org_id, published_on.year)
            seq[key] = seq.get(key, 0) + 1
            validity = VALIDITY_CODES.get(doc.validity, "")
            published_at = dt.datetime.combine(
                published_on, dt.time(8 + rng.randint(0, 9), rng.randint(0, 59)), tzinfo=tz
            )
            items.append(
                Item(
                    site_id=site.pk,
                    organisation_id=org_id,
                    title=doc.title[:300],
                    index_number=f"{code}/{published_on.year}-{seq[key]:05d}",
                    index_year=published_on.year,
                    index_seq=seq[key],
                    document_number=doc.document_number,
                    written_on=published_on - dt.timedelta(days=rng.randint(1, 15)),
                    published_at=published_at,
                    subject_category=SUBJECT_CODES.get(doc.subject_category, "21"),
                    genre="notice",
                    summary=doc.body.splitlines()[1][:200] if "\n" in doc.body else "",
                    is_normative=bool(validity),
                    validity=validity,
                    expires_on=published_on if validity == "expired" else None,
                    repealed_on=published_on if validity == "repealed" else None,
                    body_html=text_to_html(doc.body),
                    status="published",
                    secrecy_reviewed=True,
                    approved_at=published_at,
                    imported=True,
                )
            )
            columns.append(column_id)
        with transaction.atomic():
            Item.objects.bulk_create(items)
            Through.objects.bulk_create(
                Through(item_id=item.pk, column_id=column_id)
                for item, column_id in zip(items, columns, strict=True)
            )
        loaded += len(items)
    IndexSequence.objects.bulk_create(
        IndexSequence(organisation_id=org_id, year=year, last=last)
        for (org_id, year), last in seq.items()
    )
    counts = (
        Through.objects.filter(item__site_id=site.pk)
        .values("column_id")
        .annotate(n=Count("item_id"), last=Max("item__published_at"))
    )
    for row in counts:
        Column.objects.filter(pk=row["column_id"]).update(
            item_count=row["n"], last_published_at=row["last"]
        )
    load_s = time.perf_counter() - started
    index_s = 0.0
    if search_index:
        from gongkai.publications.services.indexing import iter_search_docs
        from gongkai.search.index import bulk_index

        t0 = time.perf_counter()
        bulk_index(iter_search_docs(), suspend_index=True)
        index_s = time.perf_counter() - t0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SHOW server_version")
            server = "PostgreSQL " + cursor.fetchone()[0]
        else:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT sqlite_version()")
            server = "SQLite " + cursor.fetchone()[0]
    ids = Item.objects.filter(site_id=site.pk).order_by("pk").values_list("pk", flat=True)
    busiest = max(counts, key=lambda row: row["n"])
    cpu = cpu_per_request(ids.first() + loaded // 2, busiest["column_id"])
    return {
        "cpu_ms": cpu,
        "n": loaded,
        "load_s": load_s,
        "index_s": index_s,
        "server": server,
        "first_id": ids.first(),
        "last_id": ids.last(),
        "column_id": busiest["column_id"],
        "column_items": busiest["n"],
        "column_name": Column.objects.get(pk=busiest["column_id"]).name,
    }


def cpu_per_request(start_id: int, column_id: int, n: int = 200) -> dict[str, float]:
    """CPU time of this process per request through Django's test client (middleware, views,
    templates, the ORM; the database's own work is in its process): a figure that other load
    on the machine inflates far less than throughput."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")

    def measure(paths: list[str]) -> float:
        for path in paths[:5]:
            client.get(path)
        started = time.process_time()
        for path in paths[5:]:
            assert client.get(path).status_code == 200, path
        return (time.process_time() - started) / (len(paths) - 5) * 1000

    items = [f"/xxgk/{start_id + i}/" for i in range(n + 5)]
    return {
        "robots": measure(["/robots.txt"] * (n + 5)),
        "item_rendered": measure(items),
        "item_cached": measure(items),
        # Page 1 comes from the page cache after its first rendering; ?page=1 is always rendered.
        "column": measure([f"/xxgk/lanmu/{column_id}/"] * (n // 4 + 5)),
        "column_rendered": measure([f"/xxgk/lanmu/{column_id}/?page=1"] * (n // 4 + 5)),
    }


# --- parent: servers and wrk ---------------------------------------------------------------------


def ensure_tools() -> None:
    missing = [name for name in ("wrk", "nginx") if shutil.which(name) is None]
    if missing:
        packages = ["wrk" if m == "wrk" else "nginx-light" for m in missing]
        print(f"installing {' '.join(packages)} with apt-get", file=sys.stderr)
        subprocess.run(["apt-get", "update"], check=True)  # noqa: S607
        subprocess.run(["apt-get", "install", "-y", *packages], check=True)  # noqa: S603,S607


def pg(tool: str, *args: str, check: bool = True) -> None:
    subprocess.run([tool, "-h", "127.0.0.1", "-U", "postgres", *args], check=check)  # noqa: S603


def environment(args: argparse.Namespace, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_TESTING"}
    env.update(
        DEBUG="0",
        SECRET_KEY=os.urandom(24).hex(),
        ALLOWED_HOSTS="127.0.0.1",
        GONGKAI_SSL_REDIRECT="0",
        GONGKAI_STATIC_ROOT=str(tmp / "static"),
        GONGKAI_MEDIA_ROOT=str(tmp / "media"),
        REDIS_URL=args.redis,
        GONGKAI_CACHE_PREFIX=f"portalbench{os.getpid()}",
        GONGKAI_TASKS_EAGER="1",
        GONGKAI_LOG_LEVEL="ERROR",
    )
    if args.backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        env["DATABASE_URL"] = PG_URL
    return env


def wait_for(url: str, timeout: float = 60.0) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def wrk(
    url: str, args: argparse.Namespace, script: Path | None, duration: int
) -> dict[str, object]:
    # A 10 s timeout (wrk's default is 2 s): a request wrk gives up on is still served by a sync
    # worker, so a short timeout under load turns into a backlog of dead requests.
    command = [
        "wrk", "-t2", f"-c{args.connections}", f"-d{duration}s", "--timeout", "10s", "--latency"
    ]  # fmt: skip
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout  # noqa: S603
    return parse_wrk(out)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(out: str) -> dict[str, object]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = {
        pct: _ms(value, unit)
        for pct, value, unit in re.findall(
            r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M
        )
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: (.*)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": rps,
        "p50": latency.get("50", 0.0),
        "p99": latency.get("99", 0.0),
        "requests": int(total.group(1)) if total else 0,
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket.group(1).strip() if socket else "",
    }


LUA = """
local first, last = {first}, {last}
math.randomseed(os.time() + tonumber(tostring({{}}):sub(8), 16))
request = function()
  return wrk.format("GET", "/xxgk/" .. math.random(first, last) .. "/")
end
"""

NGINX = """
worker_processes 2;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/ngx-body;
  proxy_temp_path {tmp}/ngx-proxy;
  fastcgi_temp_path {tmp}/ngx-fastcgi;
  uwsgi_temp_path {tmp}/ngx-uwsgi;
  scgi_temp_path {tmp}/ngx-scgi;
  default_type text/html;
  sendfile on;
  server {{
    listen 127.0.0.1:{port};
    root {tmp}/www;
  }}
}}
"""


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run(args: argparse.Namespace) -> dict[str, object]:
    ensure_tools()
    load_before = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="gk-portal-bench-"))
    # nginx's workers run as an unprivileged user and must read the static file.
    tmp.chmod(0o755)
    env = environment(args, tmp)
    gongkai = str(VENV / "gongkai")
    gunicorn = nginx = None
    try:
        if args.backend == "postgres":
            pg("dropdb", "--if-exists", DB_NAME)
            pg("createdb", DB_NAME)
        t0 = time.perf_counter()
        subprocess.run([gongkai, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
        print(f"migrated in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        subprocess.run(  # noqa: S603
            [gongkai, "collectstatic", "--noinput", "-v0"], env=env, check=True
        )
        loaded = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--child", "--n", str(args.n), "--batch", str(args.batch)]
            + (["--search-index"] if args.search_index else []),
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(loaded.stdout.strip().splitlines()[-1])
        print(f"loaded {data['n']:,} items in {data['load_s']:.0f} s", file=sys.stderr)

        base = f"http://127.0.0.1:{args.port}"
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                str(VENV / "gunicorn"),
                "config.wsgi",
                "-w",
                str(args.workers),
                "-b",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
                "--worker-class",
                args.worker_class,
                "--threads",
                str(args.threads),
                # Load Django once in the master: workers start warm and at once.
                "--preload",
            ],
            cwd=ROOT,
            env=env,
        )
        item_url = f"{base}/xxgk/{data['first_id']}/"
        page = wait_for(item_url)
        column_url = f"{base}/xxgk/lanmu/{data['column_id']}/"
        column_page = wait_for(column_url)
        # Each worker's first request loads the URLconf and templates: get that done one
        # request at a time, so the timed runs do not start with a queue of cold workers.
        for _ in range(8 * args.workers):
            wait_for(item_url)
            wait_for(column_url)

        www = tmp / "www"
        www.mkdir()
        (www / "item.html").write_bytes(page)
        for name in ("ngx-body", "ngx-proxy", "ngx-fastcgi", "ngx-uwsgi", "ngx-scgi"):
            (tmp / name).mkdir()
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX.format(tmp=tmp, port=args.nginx_port))
        nginx = subprocess.Popen(["nginx", "-c", str(conf)])  # noqa: S603,S607
        wait_for(f"http://127.0.0.1:{args.nginx_port}/item.html")

        script = tmp / "items.lua"
        script.write_text(LUA.format(first=data["first_id"], last=data["last_id"]))
        hot = tmp / "hot.lua"
        hot.write_text(LUA.format(first=data["first_id"], last=data["first_id"] + HOT_SET - 1))
        # Every public item page rendered into the page cache, as after a deploy or an import.
        t0 = time.perf_counter()
        warm = subprocess.run(  # noqa: S603
            [gongkai, "portal_pages", "warm", "--url", base, "--jobs", str(args.warm_jobs)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        warm_s = time.perf_counter() - t0
        print(f"warmed in {warm_s:.0f} s: {warm.stdout.strip()}", file=sys.stderr)
        results = {}
        plan = [
            ("item", f"{base}/", script),
            ("hot", f"{base}/", hot),
            ("cold", f"{base}/", script),
            ("column", column_url, None),
            ("nginx", f"http://127.0.0.1:{args.nginx_port}/item.html", None),
        ]
        for label, url, lua in plan:
            if label == "cold":
                # Every stored page made stale: nearly every request renders its page.
                subprocess.run([gongkai, "portal_pages", "clear"], env=env, check=True)  # noqa: S603
            else:
                wrk(url, args, lua, 5)  # warm-up: worker caches, database buffers
            results[label] = wrk(url, args, lua, args.duration)
            print(f"{label}: {results[label]}", file=sys.stderr)
        return {
            **data,
            "load_before": load_before,
            "load_after": os.getloadavg()[0],
            "results": results,
            "warm_s": warm_s,
            "item_bytes": len(page),
            "column_bytes": len(column_page),
        }
    finally:
        stop(gunicorn)
        stop(nginx)
        if not args.keep:
            if args.backend == "postgres":
                pg("dropdb", "--if-exists", DB_NAME, check=False)
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(
                f"kept {tmp}" + (f" and database {DB_NAME}" if args.backend == "postgres" else "")
            )


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def report(out: dict[str, object], args: argparse.Namespace) -> str:
    import django

    results: dict[str, dict[str, float]] = out["results"]  # type: ignore[assignment]
    target = results["item"]
    met = target["rps"] >= 1000 and target["p99"] < 100
    workers = f"gunicorn {args.workers} {args.worker_class} workers" + (
        f" × {args.threads} threads" if args.threads > 1 else ""
    )
    n: int = out["n"]  # type: ignore[assignment]
    warm_s: float = out["warm_s"]  # type: ignore[assignment]
    lines = [
        f"{SECTION} ({BACKEND_NAMES[args.backend]})",
        "",
        f"Run of {time.strftime('%Y-%m-%d')}: {n:,} published items on {out['server']}, "
        f"{os.cpu_count()} CPU cores ({cpu_model()}), Python {platform.python_version()}, "
        f"Django {django.get_version()}, {workers}, "
        f"wrk -t2 -c{args.connections} -d{args.duration}s. Load average (1 min) before the run "
        f"{out['load_before']:.1f}, after {out['load_after']:.1f} (other work on the machine "
        "competes for the same cores).",
        "",
        f"Page cache warmed first (`gongkai portal_pages warm --jobs {args.warm_jobs}`): "
        f"{n:,} item pages rendered and stored in {warm_s:,.0f} s ({n / warm_s:,.0f} pages/s).",
        "",
        "| target | req/s | p50 | p99 | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "item": f"item page, random id of all {n:,}, page cache warm ({out['item_bytes']:,} B)",
        "hot": f"item page, random id of {HOT_SET:,} popular items",
        "cold": f"item page, random id of all {n:,}, right after `portal_pages clear` (rendered)",
        "column": f"column list `{out['column_name']}` page 1 of {out['column_items']:,} items "
        f"({out['column_bytes']:,} B)",
        "nginx": f"nginx, static file of the item page's size ({out['item_bytes']:,} B)",
    }
    for key in ("item", "hot", "cold", "column", "nginx"):
        r = results[key]
        errors = f"{int(r['non2xx'])} non-2xx" if r["non2xx"] else "0"
        if r["socket_errors"]:
            errors += f"; sockets: {r['socket_errors']}"
        lines.append(
            f"| {labels[key]} | {r['rps']:,.0f} | {r['p50']:.1f} ms | {r['p99']:.1f} ms | "
            f"{errors} |"
        )
    cpu: dict[str, float] = out["cpu_ms"]  # type: ignore[assignment]
    lines += [
        "",
        "CPU time per request in the Django process (test client on the same database; other "
        "load inflates it less than throughput): "
        f"rendered item page {cpu['item_rendered']:.1f} ms, from the page cache "
        f"{cpu['item_cached']:.2f} ms, column list page 1 from the page cache "
        f"{cpu['column']:.1f} ms"
        + (
            f", rendered {cpu['column_rendered']:.1f} ms"
            if "column_rendered" in cpu
            else " (this run did not measure its rendering)"
        )
        + f", robots.txt {cpu['robots']:.1f} ms.",
        "",
        f"Target for the item page: ≥ 1,000 req/s with p99 < 100 ms — "
        f"{'met' if met else 'not met'} in this run "
        f"({target['rps']:,.0f} req/s, p99 {target['p99']:.1f} ms; "
        f"{target['rps'] / results['nginx']['rps']:.0%} of the nginx ceiling). Pages rendered "
        f"on a first visit (the cold row) are {results['cold']['rps'] / target['rps']:.0%} "
        "as fast: the page cache is what meets the target.",
        "",
        "Method: `.venv/bin/python bench/portal_bench.py"
        + (f" --n {args.n}" if args.n != 100_000 else "")
        + (" --backend sqlite" if args.backend == "sqlite" else "")
        + "` (see its docstring). A throwaway database is given the demo county and N items "
        "bulk-created from the search benchmark's synthetic generator (one claimed column each, "
        "索引号 per unit and year); gunicorn serves `config.wsgi` with production settings "
        "(DEBUG=0, Redis cache, WhiteNoise); requests are anonymous, so pages are the public "
        "variant and nothing caches them in front of Django. The item runs pick a random id per "
        "request (wrk Lua script); each target but the cold one gets a 5 s warm-up first. wrk, "
        "gunicorn, PostgreSQL, Redis and nginx share the same cores, so the numbers are for the "
        "whole box. A rendered item page costs 4 SQL queries (5 when it has interpretation "
        "links): the item with its unit, attachments, links, columns; a page from the page cache "
        "none, one Redis round trip (kept by `test_item_page_query_count_is_small_and_fixed`).",
        "",
    ]
    return "\n".join(lines)


def write_docs(section: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    heading = section.split("\n", 1)[0]
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--nginx-port", type=int, default=8732)
    parser.add_argument("--batch", type=int, default=2000)
    # A database no test run uses: the suite's runs flush theirs (12 and up, one per xdist worker).
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--warm-jobs", type=int, default=2)
    parser.add_argument("--search-index", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument(
        "--report-only", action="store_true", help="re-print the last run's report (var/bench/)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(load(args.n, args.batch, args.search_index)))
        return
    saved = ROOT / "var" / "bench" / f"portal-{args.backend}.json"
    if args.report_only:
        out = json.loads(saved.read_text(encoding="utf-8"))
    else:
        out = run(args)
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    section = report(out, args)
    print(section)
    if not args.no_docs:
        write_docs(section)


if __name__ == "__main__":
    main()
