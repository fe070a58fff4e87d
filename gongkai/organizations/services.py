"""Every write to sites, organisations, staff and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit

from . import sitecache
from .models import ApiToken, Organisation, OrganisationKind, Role, Site, SiteHost, Staff

User = get_user_model()

ORGANISATION_FIELDS = (
    "parent",
    "kind",
    "sector",
    "code",
    "full_name",
    "short_name",
    "credit_code",
    "address",
    "postcode",
    "phone",
    "fax",
    "email",
    "office_hours",
    "sort_order",
    "is_active",
)
SITE_FIELDS = (
    "name",
    "division_code",
    "is_default",
    "website_code",
    "icp_number",
    "security_filing",
    "sponsor",
    "contact_phone",
    "contact_email",
    "address",
    "postcode",
    "government",
    "disclosure_office",
)
STAFF_FIELDS = ("organisation", "role", "title", "phone", "is_active")


def _normalise_hosts(hosts: Iterable[str]) -> list[str]:
    result = []
    for host in hosts:
        host = host.strip().lower().rstrip(".")
        if host and host not in result:
            result.append(host)
    return result


@transaction.atomic
def site_create(
    *, name: str, division_code: str, hosts: Iterable[str] = (), actor: Any, **fields: Any
) -> Site:
    site = Site(name=name, division_code=division_code, **fields)
    site.full_clean(exclude=["government", "disclosure_office"])
    if site.is_default:
        Site.objects.select_for_update().filter(is_default=True).update(is_default=False)
    site.save()
    host_list = _normalise_hosts(hosts)
    taken = set(SiteHost.objects.filter(host__in=host_list).values_list("host", flat=True))
    if taken:
        raise ValidationError({"hosts": f"域名已被其他站点使用：{'、'.join(sorted(taken))}"})
    SiteHost.objects.bulk_create([SiteHost(site=site, host=h) for h in host_list])
    audit.record(
        actor=actor,
        action="site.create",
        obj=site,
        site_id=site.pk,
        changes=audit.diff({}, {**audit.snapshot(site, SITE_FIELDS), "hosts": host_list}),
    )
    transaction.on_commit(sitecache.clear)
    return site


@transaction.atomic
def site_update(
    *, site: Site, actor: Any, hosts: Iterable[str] | None = None, **fields: Any
) -> Site:
    site = Site.objects.select_for_update().get(pk=site.pk)
    before = audit.snapshot(site, SITE_FIELDS)
    before["hosts"] = sorted(site.hosts.values_list("host", flat=True))
    for name, value in fields.items():
        if name not in SITE_FIELDS:
            raise ValueError(f"unknown site field {name}")
        setattr(site, name, value)
    for org_field in ("government", "disclosure_office"):
        org = getattr(site, org_field)
        if org is not None and org.site_id != site.pk:
            raise ValidationError({org_field: "所选机构不属于本站点。"})
    site.full_clean()
    if site.is_default:
        Site.objects.filter(is_default=True).exclude(pk=site.pk).update(is_default=False)
    site.save()
    after = audit.snapshot(site, SITE_FIELDS)
    if hosts is not None:
        host_list = _normalise_hosts(hosts)
        taken = set(
            SiteHost.objects.filter(host__in=host_list)
            .exclude(site=site)
            .values_list("host", flat=True)
        )
        if taken:
            raise ValidationError({"hosts": f"域名已被其他站点使用：{'、'.join(sorted(taken))}"})
        site.hosts.exclude(host__in=host_list).delete()
        existing = set(site.hosts.values_list("host", flat=True))
        SiteHost.objects.bulk_create(
            [SiteHost(site=site, host=h) for h in host_list if h not in existing]
        )
        after["hosts"] = sorted(host_list)
    else:
        after["hosts"] = before["hosts"]
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor=actor, action="site.update", obj=site, site_id=site.pk, changes=changes)
    transaction.on_commit(sitecache.clear)
    return site


def _path_for(org: Organisation) -> str:
    prefix = org.parent.path if org.parent_id and org.parent else "/"
    return f"{prefix}{org.pk}/"


def _check_parent(org: Organisation) -> None:
    parent = org.parent
    if parent is None:
        return
    if parent.site_id != org.site_id:
        raise ValidationError({"parent": "上级机构必须属于同一站点。"})
    if org.pk and (parent.pk == org.pk or parent.path.startswith(org.path)):
        raise ValidationError({"parent": "不能把机构移到它自己或它的下级之下。"})
    if org.kind == OrganisationKind.VILLAGE and parent.kind != OrganisationKind.TOWNSHIP:
        raise ValidationError({"parent": "村居的上级应为镇街。"})


@transaction.atomic
def organisation_create(
    *,
    site: Site,
    kind: str,
    code: str,
    full_name: str,
    actor: Any,
    parent: Organisation | None = None,
    **fields: Any,
) -> Organisation:
    org = Organisation(
        site=site,
        kind=kind,
        code=code.strip(),
        full_name=full_name.strip(),
        parent=parent,
        **fields,
    )
    if org.kind != OrganisationKind.ENTERPRISE:
        org.sector = ""
    elif not org.sector:
        raise ValidationError({"sector": "公共企事业单位须选择所属行业。"})
    _check_parent(org)
    org.full_clean(exclude=["path"])
    org.save()
    org.path = _path_for(org)
    org.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="organisation.create",
        obj=org,
        organisation=org,
        changes=audit.diff({}, audit.snapshot(org, ORGANISATION_FIELDS)),
    )
    return org


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor: Any, **fields: Any) -> Organisation:
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = audit.snapshot(org, ORGANISATION_FIELDS)
    for name, value in fields.items():
        if name not in ORGANISATION_FIELDS:
            raise ValueError(f"unknown organisation field {name}")
        setattr(org, name, value)
    if org.kind != OrganisationKind.ENTERPRISE:
        org.sector = ""
    elif not org.sector:
        raise ValidationError({"sector": "公共企事业单位须选择所属行业。"})
    _check_parent(org)
    org.full_clean(exclude=["path"])
    old_path = org.path
    org.path = _path_for(org)
    org.save()
    if old_path != org.path:
        # Moving a unit moves its subtree: rewrite the descendants' path prefix.
        for child in (
            Organisation.objects.select_for_update()
            .filter(path__startswith=old_path)
            .exclude(pk=org.pk)
        ):
            child.path = org.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
    changes = audit.diff(before, audit.snapshot(org, ORGANISATION_FIELDS))
    if changes:
        audit.record(
            actor=actor, action="organisation.update", obj=org, organisation=org, changes=changes
        )
    return org


@transaction.atomic
def staff_create(
    *,
    organisation: Organisation,
    username: str,
    full_name: str,
    role: str,
    actor: Any,
    password: str | None = None,
    title: str = "",
    phone: str = "",
    email: str = "",
) -> Staff:
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写登录名。"})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该登录名已被使用。"})
    if role not in Role.values:
        raise ValidationError({"role": "角色无效。"})
    if role in (Role.OFFICE, Role.ADMIN) and organisation.kind not in (
        OrganisationKind.OFFICE,
        OrganisationKind.GOVERNMENT,
    ):
        raise ValidationError({"role": "政务公开办公室和系统管理员应隶属县政府或县政府办公室。"})
    user = User(username=username, first_name=full_name.strip()[:150], email=email)
    if password:
        from django.contrib.auth.password_validation import validate_password

        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    staff = Staff.objects.create(
        user=user, organisation=organisation, role=role, title=title, phone=phone
    )
    audit.record(
        actor=actor,
        action="staff.create",
        obj=staff,
        organisation=organisation,
        changes=audit.diff({}, {**audit.snapshot(staff, STAFF_FIELDS), "username": username}),
    )
    return staff


@transaction.atomic
def staff_update(*, staff: Staff, actor: Any, **fields: Any) -> Staff:
    staff = Staff.objects.select_for_update().select_related("organisation").get(pk=staff.pk)
    before = audit.snapshot(staff, STAFF_FIELDS)
    old_org = staff.organisation
    for name, value in fields.items():
        if name not in STAFF_FIELDS:
            raise ValueError(f"unknown staff field {name}")
        setattr(staff, name, value)
    if staff.organisation.site_id != old_org.site_id:
        raise ValidationError({"organisation": "不能把工作人员调到其他站点的机构。"})
    staff.full_clean(exclude=["user"])
    staff.save()
    changes = audit.diff(before, audit.snapshot(staff, STAFF_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="staff.update",
            obj=staff,
            organisation=staff.organisation,
            changes=changes,
        )
    return staff


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: AbstractBaseUser, name: str, actor: Any) -> tuple[ApiToken, str]:
    """A new token; the raw key is returned once and never stored."""
    key = "gk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:60] or "API", prefix=key[3:11], key_hash=_hash_key(key)
    )
    staff = getattr(user, "staff", None)
    audit.record(
        actor=actor,
        action="api_token.create",
        obj=token,
        organisation=staff.organisation if staff else None,
    )
    return token, key


def api_token_user(key: str) -> Any:
    """The active user of a raw token key, or None. Records the last use at most once a minute."""
    if not key.startswith("gk_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        staff = getattr(token.user, "staff", None)
        audit.record(
            actor=actor,
            action="api_token.revoke",
            obj=token,
            organisation=staff.organisation if staff else None,
        )
    return token
