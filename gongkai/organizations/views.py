"""Placeholder, replaced by the module's owner."""

from django.http import HttpRequest, HttpResponse

from .access import staff_required


@staff_required()
def _todo(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


organisation_list = staff_list = my_unit = _todo
