from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = "政府信息"

    def ready(self) -> None:
        from gongkai.search.index import register_source

        from . import audit_actions  # noqa: F401  (declares the actions the log labels)
        from .services.indexing import DOC_TYPE, iter_search_docs

        # `gongkai rebuild_search_index` rebuilds the items' entries from here.
        register_source(DOC_TYPE, iter_search_docs)
