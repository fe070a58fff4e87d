from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("overview/", views.overview, name="overview"),
    path("overview/export.xlsx", views.overview_export, name="overview_export"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:org_id>/<int:year>/", views.report_detail, name="detail"),
    path("<int:org_id>/<int:year>/start/", views.report_start, name="start"),
    path("<int:org_id>/<int:year>/sections/", views.report_sections, name="sections"),
    path("<int:org_id>/<int:year>/table2/", views.report_table2, name="table2"),
    path("<int:org_id>/<int:year>/refresh/", views.report_refresh, name="refresh"),
    path("<int:org_id>/<int:year>/submit/", views.report_submit, name="submit"),
    path("<int:org_id>/<int:year>/return/", views.report_return, name="return"),
    path("<int:org_id>/<int:year>/publish/", views.report_publish, name="publish"),
    path("<int:org_id>/<int:year>/export.<str:fmt>", views.report_export, name="export"),
]
