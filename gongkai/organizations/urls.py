from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("staff/", views.staff_list, name="staff_list"),
    path("my-unit/", views.my_unit, name="my_unit"),
]
