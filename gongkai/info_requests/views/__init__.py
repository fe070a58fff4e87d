"""Workbench pages of the 依申请公开 capability, one module per area: the list, the detail page
and private files (list.py, detail.py), intake (intake.py), the steps of the loop (steps.py),
the reply (reply.py) and remedies (remedies.py).

Every application is looked up through `info_requests_visible_to`, so another unit's or another
site's application is a 404. Every write is one service call; its ValidationError comes back as
a form error, its PermissionDenied as a 403 page.
"""
