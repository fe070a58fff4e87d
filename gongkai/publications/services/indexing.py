"""Keeping the search index and the columns' counters in step with the items. Called by the
services inside their transaction, so a rolled-back publication leaves both as they were."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Count, Max
from django.utils import timezone

from gongkai.catalog.models import Column
from gongkai.catalog.services import column_recount
from gongkai.search.index import SearchDoc, index_document, remove_document

from ..choices import DisclosureAttribute
from ..models import Attachment, Item
from ..richtext import html_to_text
from ..states import Status
from ..urls_public import item_public_url

DOC_TYPE = "item"


def searchable(item: Item) -> bool:
    return (
        item.status == Status.PUBLISHED and item.disclosure_attribute == DisclosureAttribute.ACTIVE
    )


def attachments_text(item: Item) -> str:
    return "\n".join(
        text
        for text in item.attachments.filter(removed_at__isnull=True).values_list(
            "extracted_text", flat=True
        )
        if text
    )


def search_doc(
    item: Item, *, column_ids: Iterable[int] | None = None, attachment_text: str | None = None
) -> SearchDoc:
    if column_ids is None:
        column_ids = item.columns.values_list("pk", flat=True)
    published_on = timezone.localtime(item.published_at).date() if item.published_at else None
    return SearchDoc(
        site_id=item.site_id,
        doc_type=DOC_TYPE,
        doc_id=item.pk,
        title=item.title,
        body="\n".join(
            part for part in (item.keywords, item.summary, html_to_text(item.body_html)) if part
        ),
        document_number=item.document_number,
        attachments_text=attachments_text(item) if attachment_text is None else attachment_text,
        organisation_id=item.organisation_id,
        column_ids=tuple(sorted(column_ids)),
        subject_category=item.subject_category,
        published_on=published_on,
        validity=item.validity,
        url=item_public_url(item),
    )


def search_docs(items: Iterable[Item]) -> list[SearchDoc]:
    """search_doc() of many items with two queries in all (columns, attachment texts)."""
    items = list(items)
    ids = [item.pk for item in items]
    columns: dict[int, list[int]] = defaultdict(list)
    for item_id, column_id in Item.columns.through.objects.filter(item_id__in=ids).values_list(
        "item_id", "column_id"
    ):
        columns[item_id].append(column_id)
    texts: dict[int, list[str]] = defaultdict(list)
    for item_id, text in (
        Attachment.objects.filter(item_id__in=ids, removed_at__isnull=True)
        .exclude(extracted_text="")
        .order_by("sort_order", "pk")
        .values_list("item_id", "extracted_text")
    ):
        texts[item_id].append(text)
    return [
        search_doc(item, column_ids=columns[item.pk], attachment_text="\n".join(texts[item.pk]))
        for item in items
    ]


def reindex(item: Item) -> None:
    """Put the item in the search index as it is now, or take it out if it is not public."""
    if searchable(item):
        index_document(search_doc(item))
    else:
        remove_document(DOC_TYPE, item.pk)


def iter_search_docs() -> Iterator[SearchDoc]:
    """Every searchable item of every site, for `gongkai rebuild_search_index`."""
    qs = Item.objects.filter(
        status=Status.PUBLISHED, disclosure_attribute=DisclosureAttribute.ACTIVE
    ).order_by("pk")
    for item in qs.iterator(chunk_size=500):
        yield search_doc(item)


def counted_items(column_ids: Iterable[int]) -> dict[int, tuple[int, object]]:
    """Per column: how many public items are published in it and when the newest was."""
    rows = (
        Item.columns.through.objects.filter(
            column_id__in=list(column_ids),
            item__status=Status.PUBLISHED,
            item__disclosure_attribute=DisclosureAttribute.ACTIVE,
        )
        .values("column_id")
        .annotate(n=Count("item_id"), last=Max("item__published_at"))
    )
    return {row["column_id"]: (row["n"], row["last"]) for row in rows}


def recount_columns(column_ids: Iterable[int]) -> None:
    """Set the columns' counters from our own count (after a withdrawal, a move to another
    column, or an import)."""
    ids = sorted(set(column_ids))
    if not ids:
        return
    counts = counted_items(ids)
    for column in Column.objects.filter(pk__in=ids).order_by("pk"):
        n, last = counts.get(column.pk, (0, None))
        column_recount(column=column, item_count=n, last_published_at=last)  # type: ignore[arg-type]
