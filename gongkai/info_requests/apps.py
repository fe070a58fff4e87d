from django.apps import AppConfig


class InfoRequestsConfig(AppConfig):
    name = "gongkai.info_requests"
    label = "info_requests"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.core.calendar import register_deadline_recompute

        from . import audit_actions  # noqa: F401  (declares the actions the log labels)
        from .services.clock import recompute_open_due_dates

        # A calendar change moves the stored due dates of open applications in the same
        # transaction (architecture rule 6).
        register_deadline_recompute(recompute_open_due_dates)
