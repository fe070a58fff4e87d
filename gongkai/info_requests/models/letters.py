"""Letters (答复书, 告知书, 函): the templates the disclosure office edits, the per-organisation
number settings and sequences, and the issued letters themselves.

An issued letter is a legal document: its text is stored as issued and never rendered again
from a template; its .docx and PDF are rendered once from that text and kept in private
storage with their SHA-256. A database trigger (migration 0003) rejects any UPDATE that changes
the text or replaces a stored file.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.organizations.models import Organisation, Site

from ..letters.kinds import SINGLE_KINDS, LetterKind, LetterSeries
from ..storage import private_storage
from .requests import InfoRequest
from .steps import Consultation, FeeNotice


class LetterTemplate(models.Model):
    """A site's own wording of one kind of letter. Without a row the built-in default
    (letters/defaults.py) is used; resetting deletes the row."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField("文书类型", max_length=40, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by_name = models.CharField("修改人", max_length=150, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(fields=["site", "kind"], name="ir_letter_template_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.get_kind_display()}"


class LetterSettings(models.Model):
    """How one organisation numbers its letters and whom its replies name as the
    reconsideration organ. Without a row the defaults apply (letters/numbering.py)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="letter_settings"
    )
    reply_prefix = models.CharField("答复书文号格式", max_length=80, blank=True)
    notice_prefix = models.CharField("告知书文号格式", max_length=80, blank=True)
    # Blank: the county government for its departments and units; the county government
    # itself must name its superior government (the page warns while it is blank).
    reconsideration_organ = models.CharField("行政复议机关", max_length=200, blank=True)
    payment_method = models.CharField("信息处理费缴费方式", max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"

    def __str__(self) -> str:
        return f"{self.organisation}文书设置"


class LetterNumberSequence(models.Model):
    """The last serial an organisation gave in one series and year. `letter_issue` locks this
    row (select_for_update), so concurrent letters get consecutive, unique numbers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=10, choices=LetterSeries.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "series"], name="ir_letter_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}-{self.series}-{self.year}: {self.last}"


def letter_file_path(instance: Letter, filename: str) -> str:
    # A random name: the title carries the organ's and sometimes the applicant's name.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"letters/{instance.info_request.site_id}/{instance.year}/{uuid.uuid4().hex}.{extension}"


class Letter(models.Model):
    """An issued letter: its number, its text exactly as issued, and its files."""

    info_request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="letters")
    # The issuing organ (受理机关): its name signs the letter and its sequence numbers it.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书类型", max_length=40, choices=LetterKind.choices)
    series = models.CharField("文号系列", max_length=10, choices=LetterSeries.choices)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=120)
    title = models.CharField("标题", max_length=200)
    recipient = models.CharField("主送", max_length=200)
    body = models.TextField("正文")  # one paragraph per line, as issued
    organ_name = models.CharField("落款机关", max_length=200)
    issued_on = models.DateField("成文日期")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_by_name = models.CharField("出具人", max_length=150)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    fee_notice = models.ForeignKey(
        FeeNotice, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    custom_template = models.BooleanField("使用本站模板", default=False)
    # Rendered once after the issuing transaction commits (or on first download), then fixed.
    docx_file = models.FileField(
        upload_to=letter_file_path, storage=private_storage, max_length=200, blank=True
    )
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_file = models.FileField(
        upload_to=letter_file_path, storage=private_storage, max_length=200, blank=True
    )
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    files_rendered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "series", "year", "serial"],
                name="ir_letter_number_unique",
                violation_error_message="该文号已被使用。",
            ),
            # The receipt, the correction notice and the extension notice happen once.
            models.UniqueConstraint(
                fields=["info_request", "kind"],
                condition=Q(kind__in=sorted(SINGLE_KINDS)),
                name="ir_letter_single_kind",
            ),
            # One reply per application: it is issued when the head signs it off.
            models.UniqueConstraint(
                fields=["info_request"],
                condition=Q(series=LetterSeries.REPLY),
                name="ir_letter_one_reply",
            ),
        ]
        indexes = [
            # An application's letters in date order (case file, applicant's downloads).
            models.Index(fields=["info_request", "issued_on"], name="ir_letter_request"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.body.split("\n") if line.strip()]

    @property
    def has_files(self) -> bool:
        return bool(self.docx_sha256 and self.pdf_sha256)
