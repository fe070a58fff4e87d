from django.urls import include, path

from gongkai.api.api import api

urlpatterns = [
    path("accounts/", include("gongkai.organizations.account_urls")),
    path("manage/", include("gongkai.workbench.urls")),
    path("manage/", include("gongkai.organizations.urls")),
    # urls: publications
    # urls: search
    # urls: info_requests
    # urls: reports
    path("api/v1/", api.urls),
    path("", include("gongkai.portal.urls")),
]

handler400 = "gongkai.portal.views.bad_request"
handler403 = "gongkai.portal.views.permission_denied"
handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
