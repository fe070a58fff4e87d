"""Placeholder, replaced by the module's owner."""

from django.http import HttpRequest, HttpResponse

from gongkai.organizations.access import staff_required


@staff_required()
def _todo(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


token_list = _todo
