"""The portal's page cache (ADR 0013): render every public item page ahead of visitors, or make
every stored page stale.

    gongkai portal_pages warm --url https://gk.example.gov.cn [--jobs 2]
    gongkai portal_pages clear

Run `warm` after a deploy or a bulk import, with the address visitors use (scheme and host are
part of a page's key); `clear` when something outside the audited services changed the data.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.portal import pagecache, warm


class Command(BaseCommand):
    help = "门户页面缓存：预先生成信息页面（warm）或使全部缓存页面失效（clear）"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        warm_parser = sub.add_parser("warm", help="render every public item page into the cache")
        warm_parser.add_argument(
            "--url", required=True, help="站点地址，如 https://gk.example.gov.cn"
        )
        warm_parser.add_argument("--jobs", type=int, default=1, help="parallel processes")
        sub.add_parser("clear", help="make every stored page stale")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "clear":
            pagecache.bump_all()
            self.stdout.write("已使全部缓存页面失效。")
            return
        try:
            scheme, host = warm.parse_base_url(options["url"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        site = warm.site_of(host)
        if site is None:
            raise CommandError(f"没有站点使用域名“{host}”。")
        jobs = max(1, min(options["jobs"], 32))
        started = time.perf_counter()
        outcome = warm.warm_item_pages(site, scheme=scheme, host=host, jobs=jobs)
        seconds = time.perf_counter() - started
        total = sum(outcome.values())
        self.stdout.write(
            f"{site}：{total} 个信息页面，新生成 {outcome.get('miss', 0)}，"
            f"已在缓存 {outcome.get('hit', 0)}，用时 {seconds:.1f} 秒"
            f"（{total / seconds if seconds else 0:.0f} 页/秒）。"
        )
        others = {k: v for k, v in outcome.items() if k not in ("miss", "hit")}
        if others:
            detail = "，".join(f"{k}：{v}" for k, v in sorted(others.items()))
            raise CommandError(f"部分页面未能生成：{detail}")
