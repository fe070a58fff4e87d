"""Reads of letters with their rules: which letters staff may open, which the applicant may
download, the effective templates of a site, and the letter settings of its organisations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from gongkai.organizations.models import Organisation, OrganisationKind, Site

from ..models import InfoRequest, Letter, LetterTemplate
from ..selectors import info_requests_visible_to
from .files import letter_file
from .kinds import APPLICANT_KINDS, REPLY_KINDS, LetterKind
from .numbering import EffectiveSettings, effective_settings, is_government

# --- letters --------------------------------------------------------------------------------


def letters_visible_to(user: Any) -> QuerySet[Letter]:
    """Staff open the letters of the applications they see (info_requests_visible_to)."""
    return Letter.objects.filter(info_request__in=info_requests_visible_to(user))


def letters_of(info_request: InfoRequest) -> QuerySet[Letter]:
    """Every letter of an application, the case file's order (for staff)."""
    return info_request.letters.order_by("issued_on", "id")


def is_public(letter: Letter) -> bool:
    """A letter the applicant may download: one addressed to them (not a consultation letter to
    a third party or another organ); a reply only once the case is closed, i.e. served (or
    closed without a reply), so the portal never serves a reply before its service date."""
    if letter.kind not in APPLICANT_KINDS:
        return False
    if letter.kind in REPLY_KINDS:
        return letter.info_request.closed_on is not None
    return True


def public_letters(info_request: InfoRequest) -> list[Letter]:
    """What the applicant may download, oldest first. The caller has identified the applicant
    (tracking number and query code)."""
    return [
        letter
        for letter in letters_of(info_request).select_related("info_request")
        if is_public(letter)
    ]


def public_letter_file(letter: Letter, fmt: str = "docx") -> tuple[str, str, str]:
    """(absolute path, download name, content type) of a letter the applicant may download.
    A letter not for the applicant is PermissionDenied; an unknown format ValueError; a stored
    file that fails its SHA-256 check files.LetterFileError."""
    if not is_public(letter):
        raise PermissionDenied("该文书不向申请人提供。")
    return letter_file(letter, fmt)


# --- templates and settings -----------------------------------------------------------------


@dataclass(frozen=True)
class TemplateRow:
    kind: LetterKind
    custom: LetterTemplate | None

    @property
    def label(self) -> str:
        return str(self.kind.label)


def template_rows(site: Site) -> list[TemplateRow]:
    rows = {t.kind: t for t in LetterTemplate.objects.filter(site=site)}
    return [TemplateRow(kind, rows.get(kind)) for kind in LetterKind]


# The organs that receive applications (Art. 27): governments and county-level departments,
# townships included; villages and public enterprises do not issue replies.
ISSUING_KINDS = (
    OrganisationKind.GOVERNMENT,
    OrganisationKind.OFFICE,
    OrganisationKind.DEPARTMENT,
    OrganisationKind.TOWNSHIP,
)


@dataclass(frozen=True)
class SettingsRow:
    organisation: Organisation
    settings: EffectiveSettings


def settings_rows(site: Site) -> list[SettingsRow]:
    organisations = (
        Organisation.objects.filter(site=site, is_active=True, kind__in=ISSUING_KINDS)
        .select_related("site", "site__government")
        .order_by("sort_order", "id")
    )
    return [SettingsRow(org, effective_settings(org)) for org in organisations]


def settings_warnings(site: Site) -> list[str]:
    """The organs whose replies would print a fallback instead of the reconsideration organ
    (the county government until its superior government is entered)."""
    warnings = []
    government = site.government
    if government is not None and is_government(government):
        settings = effective_settings(government)
        if not settings.organ_configured:
            warnings.append(f"{government.full_name}：{settings.warning}")
    return warnings
