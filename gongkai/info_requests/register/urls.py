from django.urls import path

from . import views

app_name = "register_import"

urlpatterns = [
    path("", views.register_upload, name="upload"),
    path("confirm/", views.register_confirm, name="confirm"),
    path("template.xlsx", views.register_template, name="template"),
]
