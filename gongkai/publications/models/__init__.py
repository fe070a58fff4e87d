"""Tables of the publications app (政府信息)."""

from .items import (
    DEFAULT_INDEX_TEMPLATE,
    IndexSequence,
    Interpretation,
    Item,
    PublicationSettings,
)
from .records import Attachment, ItemEvent, ItemVersion, PiiHit

__all__ = [
    "DEFAULT_INDEX_TEMPLATE",
    "Attachment",
    "IndexSequence",
    "Interpretation",
    "Item",
    "ItemEvent",
    "ItemVersion",
    "PiiHit",
    "PublicationSettings",
]
