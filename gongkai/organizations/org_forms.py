"""Forms of the organisation and staff management pages. They parse and present; the rules live
in the services, whose ValidationErrors `add_service_errors` puts back onto the form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator

from .models import Organisation, OrganisationKind, Role, Sector, Site, Staff
from .selectors import organisation_depth, tree_sorted
from .validators import validate_credit_code, validate_org_code

ORGANISATION_FORM_FIELDS = (
    "parent",
    "kind",
    "sector",
    "code",
    "full_name",
    "short_name",
    "credit_code",
    "address",
    "postcode",
    "phone",
    "fax",
    "email",
    "office_hours",
    "sort_order",
    "is_active",
)
INDENT = "\u3000"  # a full-width space: indents the tree in a <select> without any CSS


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


class TreeChoiceIterator(ModelChoiceIterator):
    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in tree_sorted(self.queryset):
            yield self.choice(obj)


class TreeChoiceField(forms.ModelChoiceField):
    """An organisation select in tree order, its labels indented by depth."""

    iterator = TreeChoiceIterator

    def label_from_instance(self, obj: Any) -> str:
        return f"{INDENT * organisation_depth(obj)}{obj.full_name}"


def site_organisations(site: Site) -> QuerySet[Organisation]:
    return Organisation.objects.filter(site=site)


class OrganisationForm(forms.Form):
    """Create or edit a unit. The parent choices are this site's units, minus (when editing)
    the unit itself and its subtree."""

    parent = TreeChoiceField(queryset=Organisation.objects.none(), label="上级机构", required=False)
    kind = forms.ChoiceField(label="机构类型", choices=OrganisationKind.choices)
    sector = forms.ChoiceField(
        label="所属行业",
        choices=[("", "（非公共企事业单位不填）"), *Sector.choices],
        required=False,
        help_text="公共企事业单位必填：教育、医疗卫生、供水、供电、供气、供热、公共交通、环保。",
    )
    code = forms.CharField(
        label="机构代码",
        max_length=40,
        help_text="字母、数字、连字符或下划线，本站点内唯一；用于索引号和文号。",
        validators=[validate_org_code],
    )
    full_name = forms.CharField(label="全称", max_length=200)
    short_name = forms.CharField(label="简称", max_length=60, required=False)
    credit_code = forms.CharField(
        label="统一社会信用代码",
        max_length=18,
        required=False,
        validators=[validate_credit_code],
    )
    address = forms.CharField(label="地址", max_length=200, required=False)
    postcode = forms.RegexField(
        label="邮政编码",
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": "邮政编码应为6位数字。"},
    )
    phone = forms.CharField(label="联系电话", max_length=60, required=False)
    fax = forms.CharField(label="传真", max_length=60, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    office_hours = forms.CharField(label="办公时间", max_length=200, required=False)
    sort_order = forms.IntegerField(label="排序", min_value=0, max_value=2_147_483_647, initial=100)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(
        self, *args: Any, site: Site, instance: Organisation | None = None, **kwargs: Any
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = forms.model_to_dict(instance, fields=ORGANISATION_FORM_FIELDS)
        super().__init__(*args, **kwargs)
        parents = site_organisations(site)
        if instance is not None:
            parents = parents.exclude(path__startswith=instance.path)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class OrganisationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="机构类型", choices=[("", "全部类型"), *OrganisationKind.choices], required=False
    )
    q = forms.CharField(label="名称或代码", max_length=100, required=False)


def role_choices(acting: Staff) -> list[tuple[str, str]]:
    """Roles the acting staff member may grant: only an administrator makes administrators."""
    return [
        (value, label)
        for value, label in Role.choices
        if value != Role.ADMIN or acting.role == Role.ADMIN
    ]


class StaffCreateForm(forms.Form):
    username = forms.CharField(
        label="登录名", max_length=150, help_text="字母、数字和 @ . + - _，创建后不能修改。"
    )
    full_name = forms.CharField(label="姓名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    organisation = TreeChoiceField(queryset=Organisation.objects.none(), label="所属机构")
    title = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    password1 = forms.CharField(
        label="初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少10位，不能是纯数字、常用密码或与登录名相似。",
    )
    password2 = forms.CharField(
        label="确认初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, site: Site, acting: Staff, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = site_organisations(site).filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["role"].choices = role_choices(acting)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") != data["password1"]:
            self.add_error("password2", "两次输入的密码不一致。")
        return data


class StaffEditForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    organisation = TreeChoiceField(queryset=Organisation.objects.none(), label="所属机构")
    title = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    is_active = forms.BooleanField(
        label="在岗",
        required=False,
        help_text="取消后此账号不能登录，其 API 令牌也随之失效。",
    )

    def __init__(self, *args: Any, site: Site, acting: Staff, staff: Staff, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "full_name": staff.user.first_name,
                "role": staff.role,
                "organisation": staff.organisation_id,
                "title": staff.title,
                "phone": staff.phone,
                "is_active": staff.is_active,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = site_organisations(site)  # type: ignore[attr-defined]
        choices = role_choices(acting)
        if staff.role == Role.ADMIN and all(value != Role.ADMIN for value, _ in choices):
            choices.append((Role.ADMIN, Role.ADMIN.label))
        self.fields["role"].choices = choices  # type: ignore[attr-defined]


STATUS_CHOICES = [("active", "在岗"), ("inactive", "已停用"), ("all", "全部")]


class StaffFilterForm(forms.Form):
    organisation = TreeChoiceField(
        queryset=Organisation.objects.none(),
        label="所属机构",
        required=False,
        empty_label="全部机构",
    )
    role = forms.ChoiceField(
        label="角色", choices=[("", "全部角色"), *Role.choices], required=False
    )
    status = forms.ChoiceField(label="状态", choices=STATUS_CHOICES, required=False)
    q = forms.CharField(label="姓名或登录名", max_length=100, required=False)

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = site_organisations(site)  # type: ignore[attr-defined]
