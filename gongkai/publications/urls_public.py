"""Public addresses of items and attachments.

The item page itself belongs to the portal (URL name `portal:item`); until the portal defines
it, the address is the plain path it will have, so search entries and feeds stay right.
Attachments are served by this app (`publications_files:attachment`, wired at /xxgk/fujian/).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, reverse

from .richtext import ATTACHMENT_URL_PREFIX

ITEM_PATH = "/xxgk/{pk}/"
_PLACEHOLDER = 987654321


@lru_cache(maxsize=1)
def _item_path() -> str:
    # Resolved once per process: a reverse() per item was a tenth of a large import's time.
    try:
        return reverse("portal:item", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{pk}")
    except NoReverseMatch:
        return ITEM_PATH


def item_public_url(item: Any) -> str:
    pk = item if isinstance(item, int) else item.pk
    return _item_path().format(pk=pk)


def attachment_url(attachment: Any) -> str:
    pk = attachment if isinstance(attachment, int) else attachment.pk
    return f"{ATTACHMENT_URL_PREFIX}{pk}/"
