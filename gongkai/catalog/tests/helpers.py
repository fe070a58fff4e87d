"""Helpers shared by the catalog tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import Column


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    """An aware datetime in the site's time zone."""
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def published(column: Column, when: dt.datetime, count: int = 1) -> Column:
    """What publications does when it publishes `count` items into `column`."""
    for _ in range(count):
        column = services.column_record_publication(column=column, published_at=when)
    return column
