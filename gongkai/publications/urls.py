from django.urls import path

from .views import actions, files, items, lists

app_name = "publications"

urlpatterns = [
    path("", items.item_list, name="list"),
    path("desk/", lists.desk, name="desk"),
    path("new/", items.item_create, name="create"),
    path("awaiting/", lists.awaiting, name="awaiting"),
    path("pii/", lists.pii_hits, name="pii"),
    path("interpretations/missing/", lists.missing, name="missing"),
    path("import/", lists.bulk_import, name="import"),
    path("settings/", lists.settings_view, name="settings"),
    path("<int:pk>/", items.item_detail, name="detail"),
    path("<int:pk>/edit/", items.item_edit, name="edit"),
    path("<int:pk>/versions/", items.item_versions, name="versions"),
    path("<int:pk>/submit/", actions.item_submit, name="submit"),
    path("<int:pk>/approve/", actions.item_approve, name="approve"),
    path("<int:pk>/reject/", actions.item_reject, name="reject"),
    path("<int:pk>/publish-now/", actions.item_publish_now, name="publish_now"),
    path("<int:pk>/unschedule/", actions.item_unschedule, name="unschedule"),
    path("<int:pk>/withdraw/", actions.item_withdraw, name="withdraw"),
    path("<int:pk>/pii/<int:hit_pk>/mask/", actions.pii_mask, name="pii_mask"),
    path("<int:pk>/pii/<int:hit_pk>/clear/", actions.pii_clear, name="pii_clear"),
    path("<int:pk>/attachments/", actions.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/",
        actions.attachment_remove,
        name="attachment_remove",
    ),
    path("attachments/<int:pk>/", files.staff_download, name="attachment"),
]
