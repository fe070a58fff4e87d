"""Public attachment downloads, wired at /xxgk/fujian/ (richtext.ATTACHMENT_URL_PREFIX)."""

from django.urls import path

from .views import files

app_name = "publications_files"

urlpatterns = [
    path("<int:pk>/", files.public_download, name="attachment"),
]
