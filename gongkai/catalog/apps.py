from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "公开目录"

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (declares the actions the log labels)
