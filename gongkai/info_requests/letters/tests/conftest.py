"""Fixtures of the letters tests: the workflow fixtures of info_requests/tests (the calendar
and helpers that bring an application to a step through the services), and a private storage
root of its own for each test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.info_requests.tests.conftest import (  # noqa: F401 - fixtures
    approved,
    calendar,
    drafted,
    drafting,
    register,
    served,
)


@pytest.fixture(autouse=True)
def private_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "private"
    settings.GONGKAI_PRIVATE_ROOT = str(root)
    return root
