from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _drop_orphan_fts_rows(using: str = "default", **kwargs: Any) -> None:
    """After `flush` (which transactional tests run) the entries are gone but SQLite's FTS5
    table, not being a model, keeps its rows; an empty entry table means an empty index."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'")
        if cursor.fetchone() is None:
            return
        cursor.execute("SELECT 1 FROM search_searchentry LIMIT 1")
        if cursor.fetchone() is None:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "检索"

    def ready(self) -> None:
        post_migrate.connect(_drop_orphan_fts_rows, sender=self)
