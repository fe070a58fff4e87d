"""The public pages' GET forms: a column list's filters and the search page. Anything a visitor
types is checked here; a bad value becomes a message on the page, never an error page."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.publications.choices import SubjectCategory, Validity

from .content import recent_years

ANY = [("", "全部")]
KEYWORD_MAX = 50
QUERY_MAX = 100


def _year_choices() -> list[tuple[str, str]]:
    return [("", "全部"), *((str(y), f"{y}年") for y in recent_years())]


class ColumnFilterForm(forms.Form):
    """Filters of a column list: subject category, year, validity, keyword within the column."""

    q = forms.CharField(label="关键词", required=False, max_length=KEYWORD_MAX, strip=True)
    subject = forms.ChoiceField(
        label="主题分类", required=False, choices=ANY + list(SubjectCategory.choices)
    )
    year = forms.TypedChoiceField(
        label="发布年份", required=False, coerce=int, empty_value=None, choices=_year_choices
    )
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=ANY + list(Validity.choices)
    )

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid field is left out, and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name)}


class SearchForm(forms.Form):
    q = forms.CharField(label="检索词", required=False, max_length=QUERY_MAX, strip=True)
    org = forms.ChoiceField(label="发布机构", required=False)
    subject = forms.ChoiceField(
        label="主题分类", required=False, choices=ANY + list(SubjectCategory.choices)
    )
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=ANY + list(Validity.choices)
    )
    date_from = forms.DateField(
        label="发布日期从", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("relevance", "按相关度"), ("date", "按发布日期")],
    )
    lanmu = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = ANY + organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data

    def values(self) -> dict[str, Any]:
        """The valid fields (an invalid field is dropped and its error shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if name not in self.errors}
