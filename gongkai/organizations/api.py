"""API router for organisations: a public directory (contacts are public by Art. 20(2)) and the
signed-in staff member's own identity. Authentication is the API's default (staff); public
endpoints opt out with `auth=None`."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from .models import Organisation, OrganisationKind, Sector, Site, Staff
from .selectors import public_organisations

router = Router(tags=["机构 organisations"])


class OrganisationOut(Schema):
    code: str
    full_name: str
    short_name: str
    kind: OrganisationKind
    kind_label: str
    sector: Sector | None
    parent_code: str | None

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_sector(obj: Organisation) -> str | None:
        return obj.sector or None

    @staticmethod
    def resolve_parent_code(obj: Organisation) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None


class OrganisationContactOut(OrganisationOut):
    """The contact block of 条例 Art. 12 / Art. 20(2); never staff or personal data."""

    address: str
    postcode: str
    phone: str
    fax: str
    email: str
    office_hours: str


class ErrorOut(Schema):
    """Every error response of the API: a Chinese message (validation errors add `errors`)."""

    detail: str


class MeOrganisationOut(Schema):
    code: str
    full_name: str
    kind: OrganisationKind


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    site: str
    organisation: MeOrganisationOut


def _site(request: HttpRequest) -> Site:
    site = getattr(request, "site", None)
    if site is None:
        raise HttpError(503, "本平台尚未配置站点。")
    return site


@router.get(
    "/organisations",
    auth=None,
    response=list[OrganisationOut],
    summary="机构目录 Organisation directory",
    operation_id="organisations_list",
    url_name="organisations",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_organisations(
    request: HttpRequest, kind: OrganisationKind | None = None, sector: Sector | None = None
) -> QuerySet[Organisation]:
    """The active organisations of the site serving this host, in display order."""
    qs = public_organisations(_site(request)).select_related("parent").order_by("sort_order", "id")
    if kind is not None:
        qs = qs.filter(kind=kind)
    if sector is not None:
        qs = qs.filter(sector=sector)
    return qs


@router.get(
    "/organisations/{code}",
    auth=None,
    response={200: OrganisationContactOut, 404: ErrorOut},
    summary="机构联系方式 Organisation contacts",
    operation_id="organisation_get",
    url_name="organisation",
)
def get_organisation(request: HttpRequest, code: str) -> Organisation:
    return get_object_or_404(
        public_organisations(_site(request)).select_related("parent"), code=code
    )


@router.get(
    "/me",
    response={200: MeOut, 401: ErrorOut, 403: ErrorOut},
    summary="当前工作人员 Current staff member",
    operation_id="me_get",
    url_name="me",
)
def me(request: HttpRequest) -> MeOut:
    staff: Staff = request.staff  # type: ignore[attr-defined]
    user = staff.user
    org = staff.organisation
    return MeOut(
        username=user.get_username(),
        full_name=user.get_full_name(),
        role=staff.role,
        role_label=str(staff.get_role_display()),
        site=org.site.name,
        organisation=MeOrganisationOut(
            code=org.code, full_name=org.full_name, kind=OrganisationKind(org.kind)
        ),
    )
