"""Grouping of the directory, without a database."""

from gongkai.organizations.models import Organisation, OrganisationKind, Sector
from gongkai.portal.directory import group_directory


def _org(pk, kind, parent=None, sector=""):
    return Organisation(
        pk=pk, kind=kind, parent_id=parent, sector=sector, code=f"C{pk}", full_name=f"单位{pk}"
    )


def test_village_without_an_active_township_is_still_listed():
    village = _org(5, OrganisationKind.VILLAGE, parent=99)
    groups = group_directory([village])
    assert [(g.key, [e.organisation for e in g.entries]) for g in groups] == [
        ("village", [village])
    ]


def test_order_within_groups_is_kept_and_empty_groups_dropped():
    a = _org(1, OrganisationKind.DEPARTMENT)
    b = _org(2, OrganisationKind.DEPARTMENT)
    town = _org(3, OrganisationKind.TOWNSHIP)
    v1 = _org(4, OrganisationKind.VILLAGE, parent=3)
    v2 = _org(6, OrganisationKind.VILLAGE, parent=3)
    heat = _org(7, OrganisationKind.ENTERPRISE, sector=Sector.HEATING)
    groups = group_directory([v2, b, town, a, v1, heat])
    assert [g.key for g in groups] == ["department", "township", "enterprise"]
    assert [e.organisation for e in groups[0].entries] == [b, a]
    assert groups[1].entries[0].children == [v2, v1]
    assert groups[1].size == 3
    assert groups[2].subgroups[0].label == "供热"
