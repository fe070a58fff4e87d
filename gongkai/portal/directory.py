"""The organisation directory (机构目录) as the portal shows it: grouped by kind, villages under
their township, public enterprises and institutions by sector."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.organizations.models import Organisation, OrganisationKind, Sector


@dataclass
class Entry:
    organisation: Organisation
    children: list[Organisation] = field(default_factory=list)


@dataclass
class Group:
    key: str
    label: str
    entries: list[Entry] = field(default_factory=list)
    subgroups: list[Group] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(1 + len(e.children) for e in self.entries) + sum(g.size for g in self.subgroups)


def group_directory(organisations: Iterable[Organisation]) -> list[Group]:
    """Groups in display order; empty groups are left out. `organisations` come in display order
    (sort_order, id) and keep it within each group."""
    government = Group("government", "县政府")
    departments = Group("department", "部门")
    townships = Group("township", "镇街")
    enterprises = Group("enterprise", "公共企事业单位")
    # A village whose parent is not an active township (data imported half-way) still appears.
    orphans = Group("village", "村居")

    orgs = list(organisations)
    township_entries: dict[int, Entry] = {}
    for org in orgs:
        if org.kind in (OrganisationKind.GOVERNMENT, OrganisationKind.OFFICE):
            government.entries.append(Entry(org))
        elif org.kind == OrganisationKind.DEPARTMENT:
            departments.entries.append(Entry(org))
        elif org.kind == OrganisationKind.TOWNSHIP:
            entry = Entry(org)
            township_entries[org.pk] = entry
            townships.entries.append(entry)
    for org in orgs:
        if org.kind == OrganisationKind.VILLAGE:
            parent_entry = township_entries.get(org.parent_id or 0)
            if parent_entry is not None:
                parent_entry.children.append(org)
            else:
                orphans.entries.append(Entry(org))

    by_sector: dict[str, Group] = {
        value: Group(value, str(label)) for value, label in Sector.choices
    }
    other_sector = Group("", "其他")
    for org in orgs:
        if org.kind == OrganisationKind.ENTERPRISE:
            by_sector.get(org.sector, other_sector).entries.append(Entry(org))
    enterprises.subgroups = [g for g in [*by_sector.values(), other_sector] if g.entries]

    groups = [government, departments, townships, orphans, enterprises]
    return [g for g in groups if g.entries or g.subgroups]
