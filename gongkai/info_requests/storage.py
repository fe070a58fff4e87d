"""Where applicants' files live: outside MEDIA_ROOT, with no URL.

An application's attachments are identity-card copies and powers of attorney. Whatever serves
MEDIA_URL in production (nginx, WhiteNoise) must never reach them, so they are stored under
GONGKAI_PRIVATE_ROOT (default `var/private`) and handed out only by a staff view that checks
visibility first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def private_root() -> Path:
    configured = getattr(settings, "GONGKAI_PRIVATE_ROOT", None)
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "private"


@deconstructible(path="gongkai.info_requests.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage under private_root(), read on every use so tests can point it
    elsewhere with override_settings."""

    @property
    def base_location(self) -> str:
        return str(private_root())

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: Any) -> str:
        raise ValueError("private files have no URL; serve them through a staff view")


_PRIVATE = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _PRIVATE
