"""Every write to sites, organisations, staff and API tokens.

Each service authorises its actor against the site it writes to (a view has already done so;
the services repeat it because imports, commands and the API call them too). `actor=None` is the
system itself (commands, the demo); a superuser without a Staff row acts platform-wide.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Iterable
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from gongkai.core import audit
from gongkai.organizations.audit_actions import API_TOKEN, ORGANISATION, SITE, STAFF

from . import sitecache
from .actors import ActorKind, actor_of
from .authority import SiteRole, authorise
from .models import (
    SITE_ROLES,
    ApiToken,
    Organisation,
    OrganisationKind,
    Role,
    Site,
    SiteHost,
    Staff,
)
from .validators import normalise_credit_code, normalise_host, validate_host

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

K = OrganisationKind
# Which kinds of unit may hang under which. The government is the root of a site's tree; a
# department may have sub-units (分局, 中心); villages and communities belong to a township.
PARENT_KINDS: dict[str, frozenset[str]] = {
    K.GOVERNMENT: frozenset(),
    K.OFFICE: frozenset({K.GOVERNMENT}),
    K.DEPARTMENT: frozenset({K.GOVERNMENT, K.DEPARTMENT}),
    K.TOWNSHIP: frozenset({K.GOVERNMENT}),
    K.VILLAGE: frozenset({K.TOWNSHIP}),
    K.ENTERPRISE: frozenset({K.GOVERNMENT, K.DEPARTMENT, K.TOWNSHIP}),
}
# The disclosure office and the administrators are county-wide roles: they sit in the
# government or its office, never in a department.
SITE_ROLE_KINDS = frozenset({K.GOVERNMENT, K.OFFICE})


# --- authorisation ----------------------------------------------------------------------------


def _authorise(actor: Any, site_id: int, roles: Collection[str] = SITE_ROLES) -> None:
    """Raise PermissionDenied unless `actor` may manage `site_id` with one of `roles`."""
    authorise(actor, (SiteRole(frozenset(roles), "您的角色无权进行此操作。"),), site_id=site_id)


def _authorise_platform(actor: Any) -> None:
    """Creating a site is a platform operation: the system or a superuser."""
    if actor_of(actor).kind not in (ActorKind.SYSTEM, ActorKind.PLATFORM):
        raise PermissionDenied("只有平台管理员可以新建站点。")


# --- sites ------------------------------------------------------------------------------------


def _clean_hosts(hosts: Iterable[str]) -> list[str]:
    result: list[str] = []
    errors: list[str] = []
    for raw in hosts:
        host = normalise_host(raw)
        if not host:
            continue
        try:
            if any(ch in raw for ch in "/@?#\\"):
                # A pasted URL: its "host" before the colon would be the scheme.
                raise ValidationError("not a host")
            validate_host(host)
        except ValidationError:
            errors.append(raw.strip())
            continue
        if host not in result:
            result.append(host)
    if errors:
        raise ValidationError(
            {"hosts": f"域名格式不正确：{'、'.join(errors)}（不含 http:// 和端口）。"}
        )
    return result


def _check_hosts_free(host_list: list[str], site: Site | None) -> None:
    taken = SiteHost.objects.filter(host__in=host_list)
    if site is not None and site.pk:
        taken = taken.exclude(site=site)
    names = sorted(taken.values_list("host", flat=True))
    if names:
        raise ValidationError({"hosts": f"域名已被其他站点使用：{'、'.join(names)}"})


def _demote_default(site: Site) -> Site | None:
    """Take the default flag from the current default site (locked), so `site` can have it."""
    previous = Site.objects.select_for_update().filter(is_default=True).exclude(pk=site.pk).first()
    if previous is not None:
        Site.objects.filter(pk=previous.pk).update(is_default=False)
    return previous


@transaction.atomic
def site_create(
    *, name: str, division_code: str, hosts: Iterable[str] = (), actor: Any, **fields: Any
) -> Site:
    """A new site. Making it the default takes the flag from the previous default site (there
    is never more than one, and never none once one exists)."""
    _authorise_platform(actor)
    for field in fields:
        if field not in SITE_FIELDS or field in ("government", "disclosure_office"):
            raise ValueError(f"unknown site field {field}")
    site = Site(name=name.strip(), division_code=division_code.strip(), **fields)
    host_list = _clean_hosts(hosts)
    _check_hosts_free(host_list, None)
    previous = _demote_default(site) if site.is_default else None
    site.full_clean(exclude=["government", "disclosure_office"])
    site.save()
    SiteHost.objects.bulk_create([SiteHost(site=site, host=h) for h in host_list])
    audit.record(
        actor=actor,
        action=SITE.key("create"),
        obj=site,
        site_id=site.pk,
        changes=audit.diff({}, {**audit.snapshot(site, SITE_FIELDS), "hosts": host_list}),
        note=f"原默认站点“{previous.name}”不再是默认站点。" if previous else "",
    )
    transaction.on_commit(sitecache.clear)
    return site


@transaction.atomic
def site_update(
    *, site: Site, actor: Any, hosts: Iterable[str] | None = None, **fields: Any
) -> Site:
    """Change a site's identity, hosts or links. Only the site's administrators (or the
    platform) may; the default flag can be moved to this site but not dropped from it."""
    site = Site.objects.select_for_update().get(pk=site.pk)
    _authorise(actor, site.pk, roles={Role.ADMIN})
    before = audit.snapshot(site, SITE_FIELDS)
    before["hosts"] = sorted(site.hosts.values_list("host", flat=True))
    was_default = site.is_default
    for name, value in fields.items():
        if name not in SITE_FIELDS:
            raise ValueError(f"unknown site field {name}")
        setattr(site, name, value)
    if was_default and not site.is_default:
        raise ValidationError(
            {"is_default": "必须保留一个默认站点：请把另一个站点设为默认站点，而不是取消本站点。"}
        )
    for org_field in ("government", "disclosure_office"):
        org = getattr(site, org_field)
        if org is not None and org.site_id != site.pk:
            raise ValidationError({org_field: "所选机构不属于本站点。"})
    if site.government is not None and site.government.kind != K.GOVERNMENT:
        raise ValidationError({"government": "请选择类型为“县人民政府”的机构。"})
    host_list = _clean_hosts(hosts) if hosts is not None else None
    if host_list is not None:
        _check_hosts_free(host_list, site)
    previous = _demote_default(site) if site.is_default and not was_default else None
    site.full_clean()
    site.save()
    after = audit.snapshot(site, SITE_FIELDS)
    if host_list is not None:
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
        audit.record(
            actor=actor,
            action=SITE.key("update"),
            obj=site,
            site_id=site.pk,
            changes=changes,
            note=f"原默认站点“{previous.name}”不再是默认站点。" if previous else "",
        )
    transaction.on_commit(sitecache.clear)
    return site


# --- organisations ----------------------------------------------------------------------------


def _kind_label(kind: str) -> str:
    return str(K(kind).label) if kind in K.values else kind


def _check_tree(org: Organisation) -> None:
    """The parent is in the same site, is not the unit itself or below it, and is of a kind
    this kind may hang under; a unit that changes kind keeps children it may still have."""
    if org.kind not in K.values:
        raise ValidationError({"kind": "机构类型无效。"})
    allowed = PARENT_KINDS[org.kind]
    parent = org.parent
    if parent is None:
        if allowed:
            raise ValidationError({"parent": "请选择上级机构。"})
    else:
        # Re-read the parent: the caller's copy may carry a stale path.
        parent = Organisation.objects.get(pk=parent.pk)
        org.parent = parent
        if parent.site_id != org.site_id:
            raise ValidationError({"parent": "上级机构必须属于同一站点。"})
        if org.pk and (parent.pk == org.pk or parent.path.startswith(org.path)):
            raise ValidationError({"parent": "不能把机构移到它自己或它的下级之下。"})
        if not allowed:
            raise ValidationError({"parent": "县人民政府是机构树的根，不能有上级机构。"})
        if parent.kind not in allowed:
            names = "或".join(_kind_label(k) for k in K.values if k in allowed)
            raise ValidationError({"parent": f"{_kind_label(org.kind)}的上级应为{names}。"})
    if org.kind == K.GOVERNMENT:
        others = Organisation.objects.filter(site_id=org.site_id, kind=K.GOVERNMENT)
        if org.pk:
            others = others.exclude(pk=org.pk)
        if others.exists():
            raise ValidationError({"kind": "每个站点只能有一个县人民政府。"})
    if org.pk:
        for child_kind in set(org.children.values_list("kind", flat=True)):
            if org.kind not in PARENT_KINDS[child_kind]:
                raise ValidationError(
                    {
                        "kind": f"该机构下有{_kind_label(child_kind)}，"
                        f"不能改为{_kind_label(org.kind)}。"
                    }
                )


def _normalise_org(org: Organisation) -> None:
    org.code = org.code.strip()
    org.full_name = org.full_name.strip()
    org.short_name = org.short_name.strip()
    org.credit_code = normalise_credit_code(org.credit_code)
    if org.kind != K.ENTERPRISE:
        org.sector = ""
    elif not org.sector:
        raise ValidationError({"sector": "公共企事业单位须选择所属行业。"})


def _save_org(org: Organisation, **kwargs: Any) -> None:
    """Save, turning a lost race on the per-site unique code or name into a form error."""
    try:
        with transaction.atomic():
            org.save(**kwargs)
    except IntegrityError as exc:
        raise ValidationError("本站点已有相同机构代码或名称的机构，请刷新后重试。") from exc


def _path_for(org: Organisation) -> str:
    prefix = org.parent.path if org.parent is not None else "/"
    return f"{prefix}{org.pk}/"


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
    """A new unit of `site`'s tree. Every kind but the government needs a parent of an allowed
    kind (PARENT_KINDS); an enterprise needs its sector."""
    _authorise(actor, site.pk)
    for field in fields:
        if field not in ORGANISATION_FIELDS:
            raise ValueError(f"unknown organisation field {field}")
    org = Organisation(
        site=site, kind=kind, code=code, full_name=full_name, parent=parent, **fields
    )
    _normalise_org(org)
    _check_tree(org)
    org.full_clean(exclude=["path"])
    _save_org(org)
    org.path = _path_for(org)
    org.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action=ORGANISATION.key("create"),
        obj=org,
        organisation=org,
        changes=audit.diff({}, audit.snapshot(org, ORGANISATION_FIELDS)),
    )
    return org


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor: Any, **fields: Any) -> Organisation:
    """Change a unit. A new parent moves the whole subtree (the descendants' paths are
    rewritten in one statement). The site's government and disclosure office stay active."""
    org = (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("site")
        .get(pk=organisation.pk)
    )
    _authorise(actor, org.site_id)
    before = audit.snapshot(org, ORGANISATION_FIELDS)
    for name, value in fields.items():
        if name not in ORGANISATION_FIELDS:
            raise ValueError(f"unknown organisation field {name}")
        setattr(org, name, value)
    _normalise_org(org)
    _check_tree(org)
    if not org.is_active and org.pk in (org.site.government_id, org.site.disclosure_office_id):
        raise ValidationError({"is_active": "不能停用本站点的县人民政府或政务公开办公室所在单位。"})
    org.full_clean(exclude=["path"])
    old_path = org.path
    org.path = _path_for(org)
    _save_org(org)
    if old_path != org.path:
        # Moving a unit moves its subtree: swap the old path prefix for the new one.
        Organisation.objects.filter(site_id=org.site_id, path__startswith=old_path).exclude(
            pk=org.pk
        ).update(path=Concat(Value(org.path), Substr(F("path"), len(old_path) + 1)))
    changes = audit.diff(before, audit.snapshot(org, ORGANISATION_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action=ORGANISATION.key("update"),
            obj=org,
            organisation=org,
            changes=changes,
        )
    return org


# --- staff ------------------------------------------------------------------------------------


def _check_role(role: str, organisation: Organisation, actor: Any) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "角色无效。"})
    if role in SITE_ROLES and organisation.kind not in SITE_ROLE_KINDS:
        raise ValidationError(
            {"role": "政务公开办公室和系统管理员应隶属县人民政府或县政府办公室。"}
        )
    if role == Role.ADMIN:
        # Otherwise the disclosure office could make itself an administrator.
        _authorise(actor, organisation.site_id, roles={Role.ADMIN})


def _check_organisation(organisation: Organisation) -> None:
    if not organisation.is_active:
        raise ValidationError({"organisation": "该机构已停用，不能在其下设置工作人员。"})


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
    """A user account and its membership of `organisation`. Without a password the account
    cannot sign in until one is set; a given password must pass AUTH_PASSWORD_VALIDATORS."""
    organisation = Organisation.objects.get(pk=organisation.pk)
    _authorise(actor, organisation.site_id)
    username = username.strip()
    full_name = full_name.strip()
    email = email.strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors.setdefault("username", []).append("请填写登录名。")
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors.setdefault("username", []).append("登录名只能包含字母、数字和 @ . + - _ 符号。")
        if User.objects.filter(username__iexact=username).exists():
            errors.setdefault("username", []).append("该登录名已被使用。")
    if not full_name:
        errors.setdefault("full_name", []).append("请填写姓名。")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append("电子邮箱格式不正确。")
    if errors:
        raise ValidationError(errors)
    _check_role(role, organisation, actor)
    _check_organisation(organisation)
    user = User(username=username, first_name=full_name[:150], email=email)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"username": "该登录名已被使用。"}) from exc
    staff = Staff(user=user, organisation=organisation, role=role, title=title, phone=phone)
    staff.full_clean(exclude=["user"])
    staff.save()
    audit.record(
        actor=actor,
        action=STAFF.key("create"),
        obj=staff,
        organisation=organisation,
        changes=audit.diff(
            {},
            {**audit.snapshot(staff, STAFF_FIELDS), "username": username, "full_name": full_name},
        ),
    )
    return staff


@transaction.atomic
def staff_update(*, staff: Staff, actor: Any, full_name: str | None = None, **fields: Any) -> Staff:
    """Change a staff member's role, unit, contact data or status, within one site.

    Deactivating a staff member also deactivates the account, so sessions and API tokens stop
    working; nobody changes their own role, unit or status (no self-promotion, no lock-out)."""
    staff = (
        Staff.objects.select_for_update(of=("self",))
        .select_related("organisation", "user")
        .get(pk=staff.pk)
    )
    _authorise(actor, staff.organisation.site_id)
    if staff.role == Role.ADMIN:
        _authorise(actor, staff.organisation.site_id, roles={Role.ADMIN})
    before = audit.snapshot(staff, STAFF_FIELDS)
    before["full_name"] = staff.user.first_name
    old_org = staff.organisation
    for name, value in fields.items():
        if name not in STAFF_FIELDS:
            raise ValueError(f"unknown staff field {name}")
        setattr(staff, name, value)
    if staff.organisation_id != old_org.pk:
        staff.organisation = Organisation.objects.get(pk=staff.organisation_id)
        if staff.organisation.site_id != old_org.site_id:
            raise ValidationError({"organisation": "不能把工作人员调到其他站点的机构。"})
        _check_organisation(staff.organisation)
    _check_role(staff.role, staff.organisation, actor)
    if actor is not None and actor.pk == staff.user_id:
        for name in ("organisation", "role", "is_active"):
            if before[name] != audit.snapshot(staff, [name])[name]:
                raise ValidationError(
                    {name: "不能修改自己的角色、所属机构或在岗状态，请由其他管理人员操作。"}
                )
    if full_name is not None:
        full_name = full_name.strip()
        if not full_name:
            raise ValidationError({"full_name": "请填写姓名。"})
        staff.user.first_name = full_name[:150]
    staff.full_clean(exclude=["user"])
    staff.save()
    user_fields = []
    if staff.user.first_name != before["full_name"]:
        user_fields.append("first_name")
    if staff.user.is_active != staff.is_active:
        staff.user.is_active = staff.is_active
        user_fields.append("is_active")
    if user_fields:
        staff.user.save(update_fields=user_fields)
    after = audit.snapshot(staff, STAFF_FIELDS)
    after["full_name"] = staff.user.first_name
    changes = audit.diff(before, after)
    if changes:
        audit.record(
            actor=actor,
            action=STAFF.key("update"),
            obj=staff,
            organisation=staff.organisation,
            changes=changes,
        )
    return staff


# --- API tokens -------------------------------------------------------------------------------


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: AbstractBaseUser, name: str, actor: Any) -> tuple[ApiToken, str]:
    """A new token; the raw key is returned once and never stored."""
    key = "gk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=cast(Any, user),
        name=name.strip()[:60] or "API",
        prefix=key[3:11],
        key_hash=_hash_key(key),
    )
    staff = getattr(user, "staff", None)
    audit.record(
        actor=actor,
        action=API_TOKEN.key("create"),
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
            action=API_TOKEN.key("revoke"),
            obj=token,
            organisation=staff.organisation if staff else None,
        )
    return token
