"""Where attachment files live: outside MEDIA_ROOT, with no URL of their own.

A draft's attachment may hold personal data the PII guard has not yet cleared, so nothing that
serves MEDIA_URL may reach it. Files are stored under GONGKAI_PUBLICATION_FILES_ROOT (default
`var/publications`) and handed out by `views.files`, which serves an attachment to the public
only while its item is published, and to staff who may see the item.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible


def files_root() -> Path:
    configured = getattr(settings, "GONGKAI_PUBLICATION_FILES_ROOT", None)
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "publications"


@deconstructible(path="gongkai.publications.storage.PublicationStorage")
class PublicationStorage(FileSystemStorage):
    """FileSystemStorage under files_root(), read on every use so tests can point it elsewhere
    with override_settings."""

    @property
    def base_location(self) -> str:
        return str(files_root())

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: Any) -> str:
        raise ValueError("attachments have no storage URL; use attachment_url()")


_STORAGE = PublicationStorage()


def publication_storage() -> PublicationStorage:
    return _STORAGE


def attachment_path(instance: Any, filename: str) -> str:
    """<site>/<yyyy>/<mm>/<random>.<ext>: the stored name says nothing about the content (the
    original name is kept in the row and sent in Content-Disposition)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    now = timezone.localtime()
    return f"{instance.item.site_id}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{suffix}"
