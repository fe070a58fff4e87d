"""Factories for applications and their records. Tests and the demo build from these.

Like the organisation factories, they write rows directly (no events, no audit): they stand
for data that already exists. Anything that should look like real work goes through the
services instead (the demo does).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from gongkai.core.pii import id_check_char
from gongkai.organizations.factories import OrganisationFactory, SiteFactory

from . import query_codes
from .applicants import applicant_key
from .choices import (
    Channel,
    ConsultationKind,
    DeliveryMethod,
    IdType,
    ProvisionForm,
    RemedyResult,
    SuitKind,
)
from .fees import FeeMethod, per_page_fee
from .models import (
    Consultation,
    FeeNotice,
    InfoRequest,
    Litigation,
    Reconsideration,
)
from .outcomes import ApplicantType
from .states import Status

DEFAULT_QUERY_CODE = "TESTCODE"
_hash_cache: dict[str, str] = {}


def hashed_code(code: str) -> str:
    if code not in _hash_cache:
        _hash_cache[code] = query_codes.hash_code(code)
    return _hash_cache[code]


def make_id_number(
    serial: int, *, area: str = "370899", born: dt.date = dt.date(1980, 1, 1)
) -> str:
    """A checksum-valid 18-digit resident ID number (GB 11643-1999), fictitious by serial."""
    first17 = f"{area}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


class InfoRequestFactory(factory.django.DjangoModelFactory):
    """A received application addressed to a department, by default not yet dispatched."""

    class Meta:
        model = InfoRequest
        skip_postgeneration_save = True

    class Params:
        query_code = DEFAULT_QUERY_CODE

    site = factory.SubFactory(SiteFactory)
    organisation = factory.SubFactory(OrganisationFactory, site=factory.SelfAttribute("..site"))
    tracking_number = factory.Sequence(lambda n: f"YSQ-2025-{900000 + n:06d}")
    query_code_hash = factory.LazyAttribute(lambda o: hashed_code(o.query_code))
    status = Status.RECEIVED
    channel = Channel.IN_PERSON
    submitted_on = dt.date(2025, 9, 22)
    received_on = factory.LazyAttribute(
        lambda o: o.submitted_on if o.status != Status.SUBMITTED else None
    )
    applicant_type = ApplicantType.NATURAL_PERSON
    applicant_name = factory.Sequence(lambda n: f"申请人{n}")
    id_type = IdType.ID_CARD
    id_number = factory.Sequence(lambda n: make_id_number(n))
    applicant_key = factory.LazyAttribute(lambda o: applicant_key(o.id_number))
    phone = "13800138000"
    email = ""
    address = "示例县人民路100号"
    postcode = "272000"
    description = factory.Sequence(lambda n: f"2024年度示例县城乡低保资金发放情况（第{n}项）")
    provision_form = ProvisionForm.PAPER
    delivery_method = DeliveryMethod.POST

    @factory.post_generation
    def with_due_date(obj: InfoRequest, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Store the due date the services would have stored (pass False to skip)."""
        if not create or extracted is False:
            return
        from .services._base import DUE_FIELDS, recompute_due

        if recompute_due(obj):
            obj.save(update_fields=DUE_FIELDS)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    info_request = factory.SubFactory(InfoRequestFactory)
    kind = ConsultationKind.THIRD_PARTY
    party = "示例县某某有限公司"
    sent_on = factory.LazyAttribute(lambda o: o.info_request.received_on)


class FeeNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeNotice

    info_request = factory.SubFactory(InfoRequestFactory)
    method = FeeMethod.PER_VOLUME
    pages = 120
    amount = factory.LazyAttribute(lambda o: per_page_fee(o.pages))
    sent_on = factory.LazyAttribute(lambda o: o.info_request.received_on)


class ReconsiderationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reconsideration

    info_request = factory.SubFactory(InfoRequestFactory)
    filed_on = dt.date(2025, 11, 3)
    organ = "示例县人民政府"
    result = RemedyResult.PENDING


class LitigationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Litigation

    info_request = factory.SubFactory(InfoRequestFactory)
    kind = SuitKind.DIRECT
    filed_on = dt.date(2025, 12, 1)
    court = "示例县人民法院"
    result = RemedyResult.PENDING
