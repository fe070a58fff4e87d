"""Portal URLs of the 依申请公开 capability, mounted at ysqgk/ (依申请公开)."""

from django.urls import path

from . import public_views

app_name = "ysqgk"

urlpatterns = [
    path("", public_views.guide, name="guide"),
    path("apply/", public_views.apply, name="apply"),
    path("apply/done/", public_views.submitted, name="submitted"),
    path("query/", public_views.lookup, name="lookup"),
    path("query/status/", public_views.status, name="status"),
    path("query/end/", public_views.lookup_end, name="lookup_end"),
    path("query/withdraw/", public_views.withdraw, name="withdraw"),
    path("query/letters/<int:letter_id>/<str:fmt>/", public_views.letter_download, name="letter"),
]
