"""Forms of the catalog pages. They parse and present; the rules live in the services, whose
ValidationErrors `add_service_errors` puts back on the form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator

from gongkai.organizations.models import Organisation, Site
from gongkai.organizations.org_forms import INDENT, TreeChoiceField
from gongkai.organizations.selectors import organisation_depth
from gongkai.organizations.selectors import tree_sorted as org_tree_sorted

from .models import Column, ColumnKind, StandardDomain, StandardItem, UpdateCategory
from .selectors import tree_sorted

SITE_SECTION = "site"


def section_choices(site: Site) -> list[tuple[str, str]]:
    """ "本站栏目" and every unit of the site, indented by depth (the tree of sections)."""
    orgs = org_tree_sorted(Organisation.objects.filter(site=site, is_active=True))
    return [(SITE_SECTION, "本站栏目（不属于任何单位）")] + [
        (str(org.pk), f"{INDENT * organisation_depth(org)}{org.full_name}") for org in orgs
    ]


class SectionForm(forms.Form):
    """Which section of the catalog the tree page shows (GET)."""

    section = forms.ChoiceField(label="栏目所属", required=False)

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices(site)  # type: ignore[attr-defined]


class ColumnTreeIterator(ModelChoiceIterator):
    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in tree_sorted(self.queryset):
            yield self.choice(obj)


class ColumnChoiceField(forms.ModelChoiceField):
    """A column select in tree order, its labels indented by depth."""

    iterator = ColumnTreeIterator

    def label_from_instance(self, obj: Any) -> str:
        return f"{INDENT * obj.depth}{obj.name}"


def _interval_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="更新周期（天）",
        required=False,
        min_value=1,
        max_value=3660,
        help_text="填写后按此天数判断是否超期，优先于更新类别。",
        error_messages={
            "invalid": "请填写整数天数。",
            "min_value": "更新周期至少为 1 天。",
            "max_value": "更新周期不能超过 3660 天。",
        },
    )


class ColumnForm(forms.Form):
    """Create or edit a column of one section."""

    parent = ColumnChoiceField(
        queryset=Column.objects.none(), label="上级栏目", required=False, empty_label="（顶层栏目）"
    )
    name = forms.CharField(
        label="栏目名称", max_length=100, error_messages={"required": "请填写栏目名称。"}
    )
    kind = forms.ChoiceField(label="栏目类型", choices=ColumnKind.choices)
    external_url = forms.CharField(
        label="链接地址", max_length=500, required=False, help_text="仅外部链接栏目填写。"
    )
    update_category = forms.ChoiceField(label="更新类别", choices=UpdateCategory.choices)
    update_interval_days = _interval_field()
    requirements = forms.CharField(
        label="内容要求", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    format = forms.CharField(
        label="格式要求", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, parents: QuerySet[Column], standard: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        if standard:
            # 61号 fixes the name, kind and place of the four standard columns.
            for name in ("parent", "name", "kind"):
                self.fields[name].disabled = True


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "上移"), ("down", "下移")])


class ClaimForm(forms.Form):
    organisation = TreeChoiceField(
        queryset=Organisation.objects.none(),
        label="认领单位",
        error_messages={"required": "请选择认领单位。", "invalid_choice": "请选择有效的单位。"},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class StandardItemsForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        queryset=StandardItem.objects.none(),
        label="对应的标准目录事项",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选事项无效。", "invalid_pk_value": "所选事项无效。"},
    )

    def __init__(self, *args: Any, items: QuerySet[StandardItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["items"]
        field.queryset = items  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda item: f"{item.domain.name}：{item}" + ("" if item.confirmed else "（待核实）")
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="标准目录文件（.xlsx）",
        error_messages={"required": "请选择要导入的 .xlsx 文件。", "empty": "文件为空。"},
    )


class CoverageFilterForm(forms.Form):
    organisation = TreeChoiceField(
        queryset=Organisation.objects.none(), label="单位", required=False, empty_label="全站"
    )
    domain = forms.ModelChoiceField(
        queryset=StandardDomain.objects.order_by("number"),
        label="试点领域",
        required=False,
        empty_label="全部领域",
    )

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            site=site, is_active=True
        )


class HealthFilterForm(forms.Form):
    organisation = TreeChoiceField(
        queryset=Organisation.objects.none(), label="单位", required=False, empty_label="全站"
    )

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            site=site, is_active=True
        )
