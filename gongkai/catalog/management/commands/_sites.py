"""The --site option shared by the catalog commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from gongkai.organizations.models import Site


def sites_from_option(code: str | None) -> list[Site]:
    if not code:
        return list(Site.objects.order_by("id"))
    site = Site.objects.filter(division_code=code.strip()).first()
    if site is None:
        raise CommandError(f"没有行政区划代码为“{code}”的站点。")
    return [site]
