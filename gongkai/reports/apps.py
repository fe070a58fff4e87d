from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告与统计"

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (declares the actions the log labels)
