from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .access import staff_of


class LoginForm(AuthenticationForm):
    """The staff login form.

    Only people with an active Staff row may sign in, and only on their own site's host: every
    page behind the login needs both, and refusing here says why instead of a bare 403 later.
    """

    username = forms.CharField(
        label="登录名",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "登录名或密码错误。连续多次错误将临时锁定账号。",
        "inactive": "此账号已停用。",
        "no_staff": "此账号没有在岗的工作人员身份，请联系系统管理员。",
        "wrong_site": "此账号属于{site}，请在{site}的政务公开工作台登录。",
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        staff = staff_of(user)
        if staff is None:
            raise forms.ValidationError(self.error_messages["no_staff"], code="no_staff")
        site = getattr(self.request, "site", None)
        if site is not None and staff.organisation.site_id != site.pk:
            raise forms.ValidationError(
                self.error_messages["wrong_site"].format(site=staff.organisation.site.name),
                code="wrong_site",
            )
