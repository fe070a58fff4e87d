"""Catalog test helpers: columns are built with the services (actor=None, the system), so every
test starts from data the services would have written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gongkai.catalog import services
from gongkai.catalog.models import Column, StandardKey


@pytest.fixture
def standard(orgs: dict[str, Any]) -> dict[str, Column]:
    """The county government's four standard columns, by key."""
    services.catalog_ensure_standard_columns(organisation=orgs["government"], actor=None)
    return {c.standard_key: c for c in Column.objects.filter(organisation=orgs["government"])}


@pytest.fixture
def mandated(standard: dict[str, Column]) -> Column:
    return standard[StandardKey.MANDATED]


@pytest.fixture
def make_column(site: Any) -> Callable[..., Column]:
    def make(name: str, **kwargs: Any) -> Column:
        kwargs.setdefault("site", site)
        return services.column_create(name=name, actor=None, **kwargs)

    return make
