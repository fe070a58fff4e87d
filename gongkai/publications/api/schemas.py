"""Request and response schemas of the publications API."""

import datetime as dt
from typing import Any

from ninja import Schema

from gongkai.organizations.api import ErrorOut

from ..selectors import local_date
from ..urls_public import item_public_url

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class OrganisationRef(Schema):
    code: str
    full_name: str


class LinkOut(Schema):
    id: int
    title: str
    index_number: str | None
    url: str


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    is_media: bool
    url: str


class ItemSummaryOut(Schema):
    id: int
    index_number: str | None
    title: str
    organisation: OrganisationRef
    document_number: str
    written_on: dt.date | None
    published_on: dt.date | None
    subject_category: str
    subject_category_label: str
    genre: str
    genre_label: str
    is_normative: bool
    validity: str
    status: str
    url: str

    # The list passes Item rows, the detail endpoints dicts already shaped by _summary().
    @staticmethod
    def resolve_organisation(obj: Any) -> Any:
        if isinstance(obj, dict):
            return obj["organisation"]
        return {"code": obj.organisation.code, "full_name": obj.organisation.full_name}

    @staticmethod
    def resolve_published_on(obj: Any) -> dt.date | None:
        return obj["published_on"] if isinstance(obj, dict) else local_date(obj.published_at)

    @staticmethod
    def resolve_subject_category_label(obj: Any) -> str:
        if isinstance(obj, dict):
            return str(obj["subject_category_label"])
        return str(obj.get_subject_category_display())

    @staticmethod
    def resolve_genre_label(obj: Any) -> str:
        return str(obj["genre_label"] if isinstance(obj, dict) else obj.get_genre_display())

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj["url"] if isinstance(obj, dict) else item_public_url(obj))


class ItemPublicOut(ItemSummaryOut):
    keywords: str
    summary: str
    effective_on: dt.date | None
    expires_on: dt.date | None
    repealed_on: dt.date | None
    interpretation_kind: str
    columns: list[int]
    body_html: str
    attachments: list[AttachmentOut]
    interpretations: list[LinkOut]
    interprets: list[LinkOut]
    withdrawn: bool
    withdrawal_reason: str
    withdrawn_at: dt.datetime | None
    successor: LinkOut | None


class PiiHitOut(Schema):
    id: int
    location: str
    attachment_id: int | None
    kind: str
    masked: str
    occurrences: int
    status: str
    cleared_reason: str


class ItemStaffOut(ItemPublicOut):
    disclosure_attribute: str
    attribute_reason: str
    scheduled_at: dt.datetime | None
    secrecy_reviewed: bool
    version: int
    pii_hits: list[PiiHitOut]


class ItemIn(Schema):
    title: str
    organisation: str | None = None  # code; default: the caller's own unit
    document_number: str = ""
    written_on: dt.date | None = None
    scheduled_at: dt.datetime | None = None
    subject_category: str = ""
    genre: str = ""
    interpretation_kind: str = ""
    keywords: str = ""
    summary: str = ""
    is_normative: bool = False
    validity: str = ""
    effective_on: dt.date | None = None
    expires_on: dt.date | None = None
    repealed_on: dt.date | None = None
    disclosure_attribute: str = "active"
    attribute_reason: str = ""
    standard_item: int | None = None
    body_html: str = ""
    columns: list[int] = []
    interprets: list[int] = []


class ItemPatch(Schema):
    title: str | None = None
    document_number: str | None = None
    written_on: dt.date | None = None
    scheduled_at: dt.datetime | None = None
    subject_category: str | None = None
    genre: str | None = None
    interpretation_kind: str | None = None
    keywords: str | None = None
    summary: str | None = None
    is_normative: bool | None = None
    validity: str | None = None
    effective_on: dt.date | None = None
    expires_on: dt.date | None = None
    repealed_on: dt.date | None = None
    disclosure_attribute: str | None = None
    attribute_reason: str | None = None
    standard_item: int | None = None
    body_html: str | None = None
    columns: list[int] | None = None
    interprets: list[int] | None = None
    secrecy_confirmed: bool = False  # for a published item's content


class NoteIn(Schema):
    note: str = ""


class ApproveIn(Schema):
    secrecy_confirmed: bool
    scheduled_at: dt.datetime | None = None
    note: str = ""


class WithdrawIn(Schema):
    reason: str
    successor: int | None = None


class ClearIn(Schema):
    reason: str
