"""Letter numbers (文号) and the per-organisation letter settings.

Every organisation numbers its letters in two series a year, one for replies and one for
notices and letters. By default:

    {机关简称}依申公复〔{年度}〕{序号}号
    {机关简称}依申公告〔{年度}〕{序号}号

so the 12th reply of 2025 of the county government (简称 示例县政府) is
示例县政府依申公复〔2025〕12号. The serial comes from a LetterNumberSequence row created
without a race (INSERT … ON CONFLICT DO NOTHING) and locked (select_for_update) in the issuing
transaction: a second letter waits for the first to commit, and a rolled-back step gives its
number back.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.organizations.models import Organisation, OrganisationKind

from ..models import LetterNumberSequence, LetterSettings
from . import placeholders
from .kinds import LetterSeries

DEFAULT_REPLY_PREFIX = "{机关简称}依申公复〔{年度}〕{序号}号"
DEFAULT_NOTICE_PREFIX = "{机关简称}依申公告〔{年度}〕{序号}号"
# The English names of the first design are accepted as aliases.
NUMBER_ALIASES = {"org_short": "机关简称", "year": "年度", "n": "序号"}
NUMBER_PLACEHOLDERS = ("机关简称", "年度", "序号", *NUMBER_ALIASES)
DEFAULT_PAYMENT_METHOD = (
    "信息处理费全额缴入国库，本机关向您出具财政票据。具体缴费地点和方式请与本机关联系。"
)
# Used in a letter while the reconsideration organ is not configured: true in law (行政复议法
# 2023 Art. 24: the county government hears cases against its departments; the government above
# hears cases against the county government), but a letter should name it.
FALLBACK_ORGAN_FOR_GOVERNMENT = "上一级人民政府"
FALLBACK_ORGAN = "本级人民政府"


def check_number_pattern(pattern: str) -> list[str]:
    """Chinese errors for a number pattern: it needs the year and the serial (the sequence is
    per year, so a number without them would repeat)."""
    errors = placeholders.check(pattern, allowed=NUMBER_PLACEHOLDERS, what="文号格式")
    if errors:
        return errors
    used = {NUMBER_ALIASES.get(name, name) for name in placeholders.names(pattern)}
    missing = [name for name in ("年度", "序号") if name not in used]
    if missing:
        return ["文号格式须包含" + "和".join(f"{{{name}}}" for name in missing) + "。"]
    return []


def format_number(pattern: str, organisation: Organisation, year: int, serial: int) -> str:
    short = organisation.short_name or organisation.full_name
    values = {"机关简称": short, "年度": str(year), "序号": str(serial)}
    values.update({alias: values[name] for alias, name in NUMBER_ALIASES.items()})
    return placeholders.fill(pattern, values)


def is_government(organisation: Organisation) -> bool:
    site = organisation.site
    return organisation.kind == OrganisationKind.GOVERNMENT or site.government_id == organisation.pk


@dataclass(frozen=True)
class EffectiveSettings:
    """An organisation's letter settings with the defaults filled in."""

    reply_prefix: str
    notice_prefix: str
    reconsideration_organ: str  # as printed in letters (a fallback phrase while unset)
    organ_configured: bool  # False: the fallback phrase is printed; the pages warn
    payment_method: str
    row: LetterSettings | None

    def prefix(self, series: LetterSeries | str) -> str:
        return self.reply_prefix if series == LetterSeries.REPLY else self.notice_prefix

    @property
    def warning(self) -> str:
        if self.organ_configured:
            return ""
        return (
            "尚未设置行政复议机关，答复书暂写作“"
            f"{self.reconsideration_organ}”。县人民政府的行政复议机关是上一级人民政府，请在文书设置中填写。"
        )


def default_reconsideration_organ(organisation: Organisation) -> str:
    """The county government for its departments, offices, townships and units; nothing for the
    county government itself (its superior government must be named by hand)."""
    if is_government(organisation):
        return ""
    government = organisation.site.government
    return government.full_name if government is not None else ""


def effective_settings(organisation: Organisation) -> EffectiveSettings:
    row = LetterSettings.objects.filter(organisation=organisation).first()
    organ = (row.reconsideration_organ if row is not None else "") or default_reconsideration_organ(
        organisation
    )
    fallback = FALLBACK_ORGAN_FOR_GOVERNMENT if is_government(organisation) else FALLBACK_ORGAN
    return EffectiveSettings(
        reply_prefix=(row.reply_prefix if row is not None else "") or DEFAULT_REPLY_PREFIX,
        notice_prefix=(row.notice_prefix if row is not None else "") or DEFAULT_NOTICE_PREFIX,
        reconsideration_organ=organ or fallback,
        organ_configured=bool(organ),
        payment_method=(row.payment_method if row is not None else "") or DEFAULT_PAYMENT_METHOD,
        row=row,
    )


def next_serial(organisation: Organisation, series: LetterSeries | str, year: int) -> int:
    """The next serial of the organisation's series in `year`; the caller is inside the
    issuing transaction, which holds the sequence row's lock until it commits."""
    LetterNumberSequence.objects.bulk_create(
        [LetterNumberSequence(organisation=organisation, year=year, series=series, last=0)],
        ignore_conflicts=True,
    )
    sequence = LetterNumberSequence.objects.select_for_update().get(
        organisation=organisation, year=year, series=series
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last
