"""API router for government information items.

Public (auth=None): the list with the portal's filters and the detail page's data; drafts never,
a withdrawn item as its notice. Staff (under /manage): create, update or revise, submit, approve,
reject, publish, withdraw, PII decisions and attachments, calling the same services as the pages.
"""

from ninja import Router

from . import public, staff

router = Router(tags=["政府信息 publications"])
router.add_router("", public.router)
router.add_router("/manage", staff.router)
