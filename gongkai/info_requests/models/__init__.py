"""Tables of the 依申请公开 capability (a package: one module per concern)."""

from .letters import Letter, LetterNumberSequence, LetterSettings, LetterTemplate  # noqa: F401
from .remedies import Litigation, Reconsideration
from .requests import (
    InfoRequest,
    InfoRequestEvent,
    RequestAttachment,
    RequestSequence,
    RequestSettings,
    attachment_path,
)
from .steps import (
    Consultation,
    Correction,
    Extension,
    FeeNotice,
    MassReview,
    ServiceRecord,
    WithheldPart,
)

__all__ = [
    "Consultation",
    "Correction",
    "Extension",
    "FeeNotice",
    "InfoRequest",
    "InfoRequestEvent",
    "Litigation",
    "MassReview",
    "Reconsideration",
    "RequestAttachment",
    "RequestSequence",
    "RequestSettings",
    "ServiceRecord",
    "WithheldPart",
    "attachment_path",
]
