"""Workbench URLs of the 依申请公开 capability, mounted at manage/requests/."""

from django.urls import path

from .views import detail, intake, reply, steps
from .views import list as list_views
from .views import remedies as _remedies  # noqa: F401  (registers the remedy steps)

app_name = "info_requests"

urlpatterns = [
    path("", list_views.request_list, name="list"),
    path("new/", intake.register, name="register"),
    path("on-the-spot/", intake.on_the_spot, name="on_the_spot"),
    path("settings/", intake.request_settings, name="settings"),
    path("<int:pk>/", detail.request_detail, name="detail"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        detail.attachment_download,
        name="attachment",
    ),
    path("<int:pk>/reply/", reply.draft_reply, name="draft_reply"),
    path("<int:pk>/<slug:action>/", steps.step, name="step"),
    path("<int:pk>/<slug:action>/<int:row_id>/", steps.step, name="row_step"),
]
