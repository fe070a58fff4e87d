"""Field builders, the step form base class, attachments and the outcome select shared by the
forms of this package."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core.files import check_upload
from gongkai.organizations.models import Organisation, OrganisationKind, Role, Site, Staff

from ..choices import (
    ATTACHMENT_KINDS,
    AttachmentKind,
    Channel,
)
from ..models import InfoRequest, RequestSettings
from ..outcomes import GROUP_OUTCOMES, OUTCOMES, Outcome, OutcomeGroup
from ..services.intake import MAX_ATTACHMENT_BYTES
from ..services.reply import NOT_A_REPLY

# Organs an application may be addressed to (Art. 27: governments down to townships, and
# departments acting in their own name).

ADDRESSABLE_KINDS = (
    OrganisationKind.GOVERNMENT,
    OrganisationKind.DEPARTMENT,
    OrganisationKind.TOWNSHIP,
)
STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]


def date_field(
    label: str, *, required: bool = True, today: bool = True, help_text: str = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if today else None,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"请填写{label}。", "invalid": "请填写有效的日期。"},
    )


def text_field(
    label: str, max_length: int, *, required: bool = False, rows: int = 0, help_text: str = ""
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        error_messages={
            "required": f"请填写{label}。",
            "max_length": f"{label}最多 %(limit_value)d 个字。",
        },
    )


def choice_field(
    label: str, choices: Any, *, radio: bool = False, required: bool = True
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices if required else [("", "——"), *choices],
        required=required,
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={"required": f"请选择{label}。", "invalid_choice": f"请选择有效的{label}。"},
    )


def note_field(label: str = "说明", required: bool = False) -> forms.CharField:
    return text_field(label, 500, required=required, rows=2)


def addressable_organisations(site: Site) -> QuerySet[Organisation]:
    return Organisation.objects.filter(site=site, is_active=True, kind__in=ADDRESSABLE_KINDS)


def site_units(site: Site) -> QuerySet[Organisation]:
    return Organisation.objects.filter(site=site, is_active=True)


class StepForm(forms.Form):
    """A step's form knows its application (for hints and choices) and the acting user."""

    def __init__(
        self,
        *args: Any,
        info_request: InfoRequest | None = None,
        case: InfoRequest | None = None,
        user: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The generic step page (casework.pages) passes the application as `case`.
        self.info_request = info_request if info_request is not None else case
        self.user = user


ATTACHMENT_FIELDS = (
    ("id_copy", AttachmentKind.ID_COPY),
    ("power_of_attorney", AttachmentKind.POWER_OF_ATTORNEY),
    ("application_form", AttachmentKind.APPLICATION_FORM),
    ("other_file", AttachmentKind.OTHER),
)
ATTACHMENT_HELP = "PDF、JPG、PNG、OFD、DOC、DOCX 格式，不超过 20 MB；按文件内容校验格式。"


def attachment_field(label: str, required: bool = False) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        help_text=ATTACHMENT_HELP,
        error_messages={"required": f"请上传{label}。", "empty": "文件为空，请重新选择文件。"},
    )


def check_attachments(form: forms.Form) -> None:
    """Check every uploaded file by its content (the service checks again when storing)."""
    for name, _ in ATTACHMENT_FIELDS:
        uploaded = form.cleaned_data.get(name) if name in form.fields else None
        if not uploaded:
            continue
        try:
            check_upload(uploaded, allowed=set(ATTACHMENT_KINDS), max_bytes=MAX_ATTACHMENT_BYTES)
        except ValidationError as exc:
            form.add_error(name, exc)


def attachments_of(form: forms.Form) -> list[tuple[str, Any]]:
    return [
        (kind.value, form.cleaned_data[name])
        for name, kind in ATTACHMENT_FIELDS
        if form.cleaned_data.get(name)
    ]


REPLY_OUTCOMES = [o for o in OUTCOMES if o not in NOT_A_REPLY]


class OutcomeSelect(forms.Select):
    """Each option carries its default legal basis (data-basis) for reply.js to fill in."""

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["data-basis"] = OUTCOMES[Outcome(value)].legal_basis_text
        return option


def outcome_choices(outcomes: list[Outcome]) -> list[Any]:
    """Grouped as Table 三: （一）、（二） as single rows, （三）–（六） as option groups."""
    allowed = set(outcomes)
    choices: list[Any] = [("", "请选择办理结果")]
    for group in OutcomeGroup:
        leaves = [o for o in GROUP_OUTCOMES[group] if o in allowed]
        if not leaves:
            continue
        if group in (OutcomeGroup.GRANTED, OutcomeGroup.PARTIAL):
            choices += [(o.value, OUTCOMES[o].row_label) for o in leaves]
        else:
            choices.append((str(group.label), [(o.value, OUTCOMES[o].row_label) for o in leaves]))
    return choices


def outcome_field(outcomes: list[Outcome]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="办理结果",
        choices=outcome_choices(outcomes),
        widget=OutcomeSelect,
        error_messages={
            "required": "请选择一项办理结果。",
            "invalid_choice": "请选择一项办理结果。",
        },
        help_text="按年度报告表三的分类选择一项；部分公开的只选“部分公开”。",
    )


LEGAL_BASIS_HELP = "已按所选办理结果填入默认依据，可修改；留空则使用默认依据。"


def head_candidates(site: Site) -> QuerySet[Any]:
    """Who may approve (Art. 33): the named head, else the site's disclosure-office members."""
    users = get_user_model().objects.filter(is_active=True)
    configured = RequestSettings.objects.filter(site=site).first()
    if configured is not None and configured.head_user_id is not None:
        return users.filter(pk=configured.head_user_id)
    office = Staff.objects.filter(organisation__site=site, role=Role.OFFICE, is_active=True).values(
        "user_id"
    )
    return users.filter(pk__in=office).order_by("first_name", "username")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())
