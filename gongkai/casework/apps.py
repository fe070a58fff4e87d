from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "gongkai.casework"
    label = "casework"
    verbose_name = "办件通用"
