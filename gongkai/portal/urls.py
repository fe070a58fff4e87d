from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("a11y/", views.a11y, name="a11y"),
    path("jg/", views.organisations, name="organisations"),
    path("jg/<str:code>/", views.organisation_detail, name="organisation"),
    path("zhaocuo/", views.report_error, name="report_error"),
]
