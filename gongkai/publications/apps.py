from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = "政府信息"
