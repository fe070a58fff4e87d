"""Rebuild the search index from the registered sources (gongkai.search.index.register_source).

Safe to run twice: it empties the index and loads every source again, in batches. Run it after
a change of the government terms dictionary or of the tokenisation (TOKENS_VERSION).
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.search import index


class Command(BaseCommand):
    help = "清空检索索引并从各数据源重建（rebuild the search index from its sources）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--type",
            action="append",
            dest="doc_types",
            default=None,
            help="only these document types (repeatable); default: every registered source",
        )

    def handle(
        self, *args: Any, batch_size: int, doc_types: list[str] | None, **options: Any
    ) -> None:
        sources = index.registered_sources()
        if doc_types:
            unknown = sorted(set(doc_types) - set(sources))
            if unknown:
                raise CommandError(f"未注册的文档类型：{', '.join(unknown)}")
            sources = {name: sources[name] for name in doc_types}
        if batch_size < 1:
            raise CommandError("--batch-size 必须大于 0")
        started = time.perf_counter()
        removed = index.clear_index(doc_types=tuple(sources) if doc_types else ())
        self.stdout.write(f"已清空 {removed} 条索引")
        total = 0
        # A full rebuild loads an empty index: the backend may build its index once at the end
        # (PostgreSQL's GIN). A partial one keeps the index in place.
        with index.bulk_loading() if not doc_types else contextlib.nullcontext():
            for doc_type, iter_docs in sources.items():
                count = index.bulk_index(iter_docs(), batch_size=batch_size)
                total += count
                self.stdout.write(f"{doc_type}: 已索引 {count} 条")
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"完成：共 {total} 条，用时 {seconds:.1f} 秒"))
