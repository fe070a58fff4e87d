"""Factories for sites, organisations and staff. The tests and `gongkai demo` both build from
these, so the demo county exercises the same shapes the tests do.

Factories write directly (no audit events): they stand for data that already exists.
"""

from __future__ import annotations

from typing import Any, cast

import factory
from django.contrib.auth import get_user_model

from .models import Organisation, OrganisationKind, Role, Site, SiteHost, Staff
from .validators import CREDIT_CODE_CHARSET, credit_code_check_char


def make_credit_code(division_code: str, serial: int, kind: str = "1", category: str = "1") -> str:
    """A checksum-valid unified social credit code (GB 32100-2015): registration authority
    `kind` and type `category` ("11" organs, "12" public institutions, "91" companies), the
    division code, a 9-character organisation code derived from `serial`, the check character.
    """
    body = ""
    n = serial
    for _ in range(8):
        body = CREDIT_CODE_CHARSET[n % 31] + body
        n //= 31
    first17 = f"{kind}{category}{division_code}{body}0"
    return first17 + credit_code_check_char(first17)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试{n}县")
    division_code = factory.Sequence(lambda n: f"{370900 + n:06d}")
    website_code = factory.LazyAttribute(lambda o: f"{o.division_code}0001")
    icp_number = factory.Sequence(lambda n: f"鲁ICP备{10000000 + n}号")
    security_filing = factory.Sequence(lambda n: f"鲁公网安备{37088102000000 + n}号")
    sponsor = factory.LazyAttribute(lambda o: f"{o.name}人民政府办公室")
    contact_phone = "0537-0000000"

    @factory.post_generation
    def hosts(obj: Site, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            for host in extracted:
                SiteHost.objects.create(site=obj, host=host)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    site = factory.SubFactory(SiteFactory)
    kind = OrganisationKind.DEPARTMENT
    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    full_name = factory.Sequence(lambda n: f"测试单位{n}")
    short_name = ""
    credit_code = factory.Sequence(lambda n: make_credit_code("370900", 1000 + n))
    phone = "0537-1234567"
    office_hours = "工作日 上午8:30-12:00 下午13:30-17:30"

    @classmethod
    def _create(cls, model_class: type[Organisation], *args: Any, **kwargs: Any) -> Organisation:
        org = super()._create(model_class, *args, **kwargs)
        prefix = org.parent.path if org.parent_id else "/"
        org.path = f"{prefix}{org.pk}/"
        org.save(update_fields=["path"])
        return org


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"工作人员{n}")
    password = factory.django.Password("Gongkai-test-2025")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CLERK_A


def _organisation(**fields: Any) -> Organisation:
    return cast(Organisation, OrganisationFactory(**fields))


def build_site_skeleton(
    site: Site,
    *,
    prefix: str,
    government: dict[str, Any] | None = None,
    office: dict[str, Any] | None = None,
) -> dict[str, Organisation]:
    """The government and its office for a site, linked as the site's government and office.

    Safe to call again: units that already exist (by code) are reused, not changed.
    `government` and `office` add or override fields (address, phone, ...) of the units it
    creates.
    """
    gov = Organisation.objects.filter(site=site, code=f"{prefix}ZF").first()
    if gov is None:
        gov = _organisation(
            **{
                "site": site,
                "kind": OrganisationKind.GOVERNMENT,
                "code": f"{prefix}ZF",
                "full_name": f"{site.name}人民政府",
                "short_name": f"{site.name}政府",
                "credit_code": make_credit_code(site.division_code, 1),
                "sort_order": 1,
                **(government or {}),
            }
        )
    office_org = Organisation.objects.filter(site=site, code=f"{prefix}ZFB").first()
    if office_org is None:
        office_org = _organisation(
            **{
                "site": site,
                "parent": gov,
                "kind": OrganisationKind.OFFICE,
                "code": f"{prefix}ZFB",
                "full_name": f"{site.name}人民政府办公室",
                "short_name": f"{site.name}政府办",
                "credit_code": make_credit_code(site.division_code, 2),
                "sort_order": 2,
                **(office or {}),
            }
        )
    if site.government_id != gov.pk or site.disclosure_office_id != office_org.pk:
        site.government = gov
        site.disclosure_office = office_org
        site.save(update_fields=["government", "disclosure_office"])
    return {"government": gov, "office": office_org}
