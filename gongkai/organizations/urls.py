from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/new/", views.organisation_create, name="create"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("my-unit/", views.my_unit, name="my_unit"),
]
