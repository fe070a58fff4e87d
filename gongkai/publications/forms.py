"""Forms of the workbench pages. They parse and present; the rules live in the services, whose
ValidationErrors come back onto the form (organizations.org_forms.add_service_errors)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from gongkai.catalog.models import Column, StandardItem
from gongkai.catalog.selectors import columns_publishable_by, tree_sorted
from gongkai.organizations.models import Organisation

from .choices import DisclosureAttribute, Genre, InterpretationKind, SubjectCategory, Validity
from .models import Item
from .states import Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
_LINE_SPLIT = re.compile(r"[\n,，;；]+")


def _blank(choices: Any, label: str = "（请选择）") -> list[tuple[str, str]]:
    return [("", label), *choices]


class ColumnChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Column) -> str:
        owner = obj.organisation.display_name if obj.organisation else "本站"
        parent = f"{obj.parent.name} › " if obj.parent else ""
        return f"{parent}{obj.name}（{owner}）"


class ItemForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    document_number = forms.CharField(label="文号", max_length=100, required=False)
    written_on = forms.DateField(label="成文日期", required=False, widget=DATE)
    subject_category = forms.ChoiceField(
        label="主题分类", choices=_blank(SubjectCategory.choices), required=False
    )
    genre = forms.ChoiceField(label="体裁", choices=_blank(Genre.choices), required=False)
    interpretation_kind = forms.ChoiceField(
        label="解读形式",
        choices=_blank(InterpretationKind.choices, "（体裁为解读时选择）"),
        required=False,
    )
    interprets = forms.CharField(
        label="被解读的文件",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "体裁为“解读”时填写：每行一个被解读文件的索引号，或工作台中的信息编号（如 #12）。"
        ),
    )
    keywords = forms.CharField(label="关键词", max_length=200, required=False)
    summary = forms.CharField(
        label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_normative = forms.BooleanField(label="规范性文件", required=False)
    validity = forms.ChoiceField(
        label="有效性", choices=_blank(Validity.choices, "（规范性文件必填）"), required=False
    )
    effective_on = forms.DateField(label="生效日期", required=False, widget=DATE)
    expires_on = forms.DateField(label="失效日期", required=False, widget=DATE)
    repealed_on = forms.DateField(label="废止日期", required=False, widget=DATE)
    disclosure_attribute = forms.ChoiceField(
        label="公开属性", choices=DisclosureAttribute.choices, initial=DisclosureAttribute.ACTIVE
    )
    attribute_reason = forms.CharField(
        label="不公开理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="依申请公开或不予公开时必填，写明法律依据（如《条例》第十四条、第十五条、第十六条）。",
    )
    columns = ColumnChoiceField(
        label="发布栏目",
        queryset=Column.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="只能选择本单位认领的栏目。",
    )
    standard_item = forms.ModelChoiceField(
        label="对应标准目录事项", queryset=StandardItem.objects.none(), required=False
    )
    body_html = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="可使用 HTML：段落、标题、列表、表格、链接、加粗；图片须先作为附件上传。",
    )
    scheduled_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text="留空则审核通过后立即发布。",
    )
    secrecy_confirmed = forms.BooleanField(label="修改后的内容已通过保密审查", required=False)

    def __init__(
        self, *args: Any, organisation: Organisation, viewer: Any, item: Item | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.viewer_items: QuerySet[Item] | None = None
        self.item = item
        publishable = columns_publishable_by(organisation).select_related("parent", "organisation")
        field = self.fields["columns"]
        assert isinstance(field, ColumnChoiceField)
        field.queryset = publishable
        field.choices = [(c.pk, field.label_from_instance(c)) for c in tree_sorted(publishable)]
        standard = self.fields["standard_item"]
        assert isinstance(standard, forms.ModelChoiceField)
        standard.queryset = (
            StandardItem.objects.filter(columns__in=publishable).distinct().select_related("domain")
        )
        if item is None or item.status != Status.PUBLISHED:
            del self.fields["secrecy_confirmed"]
        if item is not None and item.status == Status.PUBLISHED:
            del self.fields["scheduled_at"]
        self._viewer = viewer

    def clean_interprets(self) -> list[Item]:
        from .selectors import items_visible_to, public_items

        raw = self.cleaned_data.get("interprets") or ""
        site_id = self.organisation.site_id
        pool = Item.objects.filter(
            Q(pk__in=public_items(site_id).values("pk"))
            | Q(pk__in=items_visible_to(self._viewer).values("pk"))
        )
        found: list[Item] = []
        for token in (t.strip() for t in _LINE_SPLIT.split(raw)):
            if not token:
                continue
            ref = token.lstrip("#＃")
            item = (
                pool.filter(pk=int(ref)).first()
                if ref.isdigit()
                else pool.filter(index_number=token).first()
            )
            if item is None:
                raise forms.ValidationError(f"找不到“{token}”对应的信息。")
            found.append(item)
        return found

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("secrecy_confirmed", None)
        data["columns"] = list(data.get("columns") or [])
        return data

    @classmethod
    def initial_for(cls, item: Item) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(item, name)
            for name in (
                "title", "document_number", "written_on", "subject_category", "genre",
                "interpretation_kind", "keywords", "summary", "is_normative", "validity",
                "effective_on", "expires_on", "repealed_on", "disclosure_attribute",
                "attribute_reason", "standard_item", "body_html", "scheduled_at",
            )
        }  # fmt: skip
        initial["columns"] = list(item.columns.values_list("pk", flat=True))
        initial["interprets"] = "\n".join(
            policy.index_number or f"#{policy.pk}" for policy in item.interprets.all()
        )
        return initial


class NoteForm(forms.Form):
    note = forms.CharField(
        label="说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label="退回理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(forms.Form):
    secrecy_confirmed = forms.BooleanField(
        label="已完成保密审查，附件图片和音视频中无敏感个人信息",
        required=True,
        error_messages={"required": "请确认已完成保密审查。"},
    )
    scheduled_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text="留空则立即发布（或按起草人建议的时间发布）。",
    )
    note = forms.CharField(
        label="审核意见", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回理由（将向公众公示）",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    successor = forms.CharField(
        label="替代信息的索引号",
        required=False,
        max_length=100,
        help_text="该信息被新文件替代时填写，公众页面将链接到替代信息。",
    )

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_id = site_id

    def clean_successor(self) -> Item | None:
        number = (self.cleaned_data.get("successor") or "").strip()
        if not number:
            return None
        item = Item.objects.filter(site_id=self.site_id, index_number=number).first()
        if item is None:
            raise forms.ValidationError(f"找不到索引号为“{number}”的信息。")
        return item


class ClearForm(forms.Form):
    reason = forms.CharField(label="无需脱敏的理由", max_length=300)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件",
        help_text="PDF、OFD、Word、Excel、JPG/PNG 图片、MP3/MP4 音视频；文件类型按内容识别。",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


class SettingsForm(forms.Form):
    index_template = forms.CharField(label="索引号格式", max_length=100)
    interpretation_lag_days = forms.IntegerField(
        label="政策解读时限（工作日）", min_value=0, max_value=60
    )
    publication_deadline_days = forms.IntegerField(
        label="主动公开时限（工作日）", min_value=1, max_value=60
    )


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=_blank(Status.choices, "全部"), required=False)
    keyword = forms.CharField(label="关键词", max_length=100, required=False)
