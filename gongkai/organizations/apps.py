from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "gongkai.organizations"
    label = "organizations"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        from . import (
            audit_actions,  # noqa: F401  (declares the actions the log labels)
            receivers,  # noqa: F401  (axes lockouts are audited)
        )
