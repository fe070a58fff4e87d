from django.urls import path

from . import audit_views, calendar_views, token_views, views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("ab-gaps/", views.ab_gaps, name="ab_gaps"),
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/import/", calendar_views.calendar_import, name="calendar_import"),
    path("audit/", audit_views.audit_list, name="audit"),
    path("audit/export.xlsx", audit_views.audit_export, name="audit_export"),
    path("api-tokens/", token_views.token_list, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", token_views.token_revoke, name="api_token_revoke"),
]
