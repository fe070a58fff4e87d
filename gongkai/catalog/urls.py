from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.catalog_tree, name="tree"),
    path("ensure/", views.catalog_ensure, name="ensure"),
    path("columns/new/", views.column_create, name="create"),
    path("columns/<int:pk>/edit/", views.column_edit, name="edit"),
    path("columns/<int:pk>/move/", views.column_move, name="move"),
    path("columns/<int:pk>/retire/", views.column_retire, name="retire"),
    path("columns/<int:pk>/restore/", views.column_restore, name="restore"),
    path("columns/<int:pk>/claims/", views.column_claims, name="claims"),
    path(
        "columns/<int:pk>/claims/<int:organisation_pk>/remove/",
        views.column_unclaim,
        name="unclaim",
    ),
    path("columns/<int:pk>/items/", views.column_items, name="items"),
    path("mine/", views.mine, name="mine"),
    path("standard/", views.standard_domains, name="standard"),
    path("standard/load/", views.standard_load, name="standard_load"),
    path("standard/<int:number>/", views.standard_domain, name="standard_domain"),
    path("standard/<int:number>/export/", views.standard_export, name="standard_export"),
    path("standard/<int:number>/import/", views.standard_import, name="standard_import"),
    path("coverage/", views.coverage_report, name="coverage"),
    path("health/", views.health_report, name="health"),
]
