"""Every write to items: drafting, the review workflow, the PII guard, numbering, import.

Views, the API, commands, the import and the demo all call these; nothing else writes items.
"""

from .drafts import (
    ATTACHMENT_KINDS,
    attachment_limits,
    item_attachment_add,
    item_attachment_remove,
    item_create_draft,
    item_revise,
    item_update,
)
from .importing import ImportResult, items_import_file, items_import_rows, items_index_imported
from .indexing import iter_search_docs, recount_columns, reindex
from .numbers import assign_index_number, publication_settings_update
from .pii import item_clear_pii, item_mask_pii, pii_scan_published, scan_item
from .workflow import (
    item_approve,
    item_publish_now,
    item_reject,
    item_submit,
    item_unschedule,
    item_withdraw,
    items_publish_due,
)

__all__ = [
    "ATTACHMENT_KINDS",
    "ImportResult",
    "assign_index_number",
    "attachment_limits",
    "item_approve",
    "item_attachment_add",
    "item_attachment_remove",
    "item_clear_pii",
    "item_create_draft",
    "item_mask_pii",
    "item_publish_now",
    "item_reject",
    "item_revise",
    "item_submit",
    "item_unschedule",
    "item_update",
    "item_withdraw",
    "items_import_file",
    "items_import_rows",
    "items_index_imported",
    "items_publish_due",
    "iter_search_docs",
    "pii_scan_published",
    "publication_settings_update",
    "recount_columns",
    "reindex",
    "scan_item",
]
