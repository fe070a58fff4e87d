from django.urls import include, path

from gongkai.api.api import api

urlpatterns = [
    path("accounts/", include("gongkai.organizations.account_urls")),
    path("manage/", include("gongkai.workbench.urls")),
    path("manage/", include("gongkai.organizations.urls")),
    path("manage/catalog/", include("gongkai.catalog.urls")),
    path("manage/publications/", include("gongkai.publications.urls")),
    path("xxgk/fujian/", include("gongkai.publications.files_urls")),
    # urls: search
    path("manage/requests/letters/", include("gongkai.info_requests.letters.urls")),
    path("manage/requests/register/", include("gongkai.info_requests.register.urls")),
    path("manage/requests/", include("gongkai.info_requests.urls")),
    path("ysqgk/", include("gongkai.info_requests.public_urls")),
    path("manage/reports/", include("gongkai.reports.urls")),
    path("api/v1/", api.urls),
    path("", include("gongkai.portal.urls")),
]

handler400 = "gongkai.portal.views.bad_request"
handler403 = "gongkai.portal.views.permission_denied"
handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
