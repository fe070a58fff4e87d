"""Mounted by config/urls.py at manage/requests/letters/."""

from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("templates/", views.template_list, name="templates"),
    path("templates/<str:kind>/", views.template_edit, name="template_edit"),
    path("templates/<str:kind>/reset/", views.template_reset, name="template_reset"),
    path("settings/", views.settings_list, name="settings"),
    path("settings/<int:pk>/", views.settings_edit, name="settings_edit"),
    path("request/<int:pk>/", views.request_letters, name="request_letters"),
    path("<int:pk>/<str:fmt>/", views.letter_download, name="download"),
]
