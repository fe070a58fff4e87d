"""The demo county's government information: its shape, and that running it twice changes
nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.organizations import demo as org_demo
from gongkai.publications import demo
from gongkai.publications.models import Item, PiiHit
from gongkai.publications.selectors import missing_interpretations
from gongkai.publications.states import Status
from gongkai.search import index

pytestmark = pytest.mark.django_db


def test_demo_publications():
    site = org_demo.build_demo().site
    first = demo.load_demo(site)
    assert first.imported >= 130
    items = Item.objects.filter(site=site)
    published = items.filter(status=Status.PUBLISHED)
    assert published.count() >= 140
    assert items.filter(status=Status.WITHDRAWN, successor__isnull=False).exists()
    assert items.filter(status=Status.DRAFT).count() >= 2
    assert items.filter(status=Status.PENDING).exists()
    assert PiiHit.objects.filter(item__site=site, status="open").exists()
    assert published.filter(genre="interpretation", interprets__isnull=False).exists()
    flagged = missing_interpretations(site, timezone.localdate())
    assert len(flagged) == 2
    assert published.values("organisation").distinct().count() >= 10
    assert index.search(index.SearchQuery(site_id=site.pk, text="低保")).total > 0
    count = items.count()
    again = demo.load_demo(site)
    assert (again.imported, again.built) == (0, 0)
    assert items.count() == count
    out = io.StringIO()
    call_command("scan_pii", stdout=out)  # the published demo data is clean
    assert "新发现 0 处" in out.getvalue()
