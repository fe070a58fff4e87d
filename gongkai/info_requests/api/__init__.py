"""API router for 依申请公开 (/api/v1/requests): the public online application and status
lookup (auth=None), and staff endpoints for every step of the loop, all through the same
services and selectors as the pages.

Public answers never carry an identity number or contact details. Staff endpoints find the
application through `info_requests_visible_to` (another unit's or site's is a 404); the
services decide who may act (403) and whether the step is valid now (422).

A package: schemas.py, public.py (auth=None), staff.py (list, intake, detail), steps.py.
No `from __future__ import annotations` here: ninja reads the annotations at import.
"""

from . import public, staff, steps  # noqa: F401  (they register their endpoints)
from ._router import router

__all__ = ["router"]
