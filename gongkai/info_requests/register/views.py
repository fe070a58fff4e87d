"""The register import page of the workbench (台账导入): upload, preview, confirm.

The uploaded file is checked by content, then kept under the private root (never a URL) while
the office looks at the dry-run preview; the session remembers its token, name and SHA-256.
Confirming imports exactly the file that was previewed (the digest is compared) and deletes it.
Leftover files of abandoned previews are removed after a day, on the next upload."""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.files import check_upload
from gongkai.organizations.access import staff_required
from gongkai.organizations.models import Role, Site

from ..storage import private_root
from .importer import ImportResult, register_import
from .template import template_workbook

MANAGERS = (Role.OFFICE, Role.ADMIN)
ALLOWED_KINDS = {"xlsx", "csv", "txt"}
SESSION_KEY = "info_requests.register_import"
PENDING_MAX_AGE = 24 * 3600
SHOWN_ERRORS = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label="台账文件",
        help_text="Excel 工作簿（.xlsx）或 CSV 文件（UTF-8 或 GBK 编码）。",
        error_messages={
            "required": "请选择要导入的台账文件。",
            "empty": "文件为空，请重新选择文件。",
        },
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        self.cleaned_data["kind"] = check_upload(uploaded, allowed=ALLOWED_KINDS)
        return uploaded


def _site(request: HttpRequest) -> Site:
    return request.staff.organisation.site  # type: ignore[attr-defined]


def _pending_dir() -> Path:
    return private_root() / "register_imports"


def _pending_path(token: str, kind: str) -> Path:
    # The token is ours (uuid hex) and the kind one of three: nothing from the user reaches
    # the path.
    if not token.isalnum() or kind not in ALLOWED_KINDS:
        raise ValueError("bad pending import token")
    return _pending_dir() / f"{token}.{kind}"


def _sweep() -> None:
    directory = _pending_dir()
    if not directory.is_dir():
        return
    cutoff = time.time() - PENDING_MAX_AGE
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue  # another request removed it first


def _discard(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        with contextlib.suppress(ValueError, KeyError, OSError):
            _pending_path(pending["token"], pending["kind"]).unlink(missing_ok=True)


def _render(
    request: HttpRequest,
    form: RegisterUploadForm,
    result: ImportResult | None = None,
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    errors = result.errors if result is not None else []
    return render(
        request,
        "info_requests/register/import.html",
        {
            "form": form,
            "result": result,
            "token": token,
            "shown_errors": errors[:SHOWN_ERRORS],
            "hidden_errors": max(0, len(errors) - SHOWN_ERRORS),
        },
        status=status,
    )


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def register_upload(request: HttpRequest) -> HttpResponse:
    """Upload and preview (a dry run): counts by organ and result, or every bad row."""
    if request.method != "POST":
        return _render(request, RegisterUploadForm())
    form = RegisterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form)
    uploaded, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
    _discard(request)
    _sweep()
    token = uuid.uuid4().hex
    path = _pending_path(token, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in uploaded.chunks():
            digest.update(chunk)
            out.write(chunk)
    with path.open("rb") as handle:
        result = register_import(
            site=_site(request),
            actor=request.user,
            source_name=uploaded.name or f"台账.{kind}",
            file=handle,
            kind=kind,
            dry_run=True,
        )
    if not result.ok or not result.created:
        path.unlink(missing_ok=True)
        return _render(request, form, result)
    request.session[SESSION_KEY] = {
        "token": token,
        "kind": kind,
        "name": result.source_name,
        "sha256": digest.hexdigest(),
        "site": _site(request).pk,
    }
    return _render(request, RegisterUploadForm(), result, token)


@staff_required(*MANAGERS)
@require_POST
def register_confirm(request: HttpRequest) -> HttpResponse:
    """Import the previewed file."""
    pending = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    site = _site(request)
    if not pending or pending.get("token") != token or pending.get("site") != site.pk:
        messages.error(request, "预览已失效，请重新上传台账文件。")
        return HttpResponseRedirect(reverse("register_import:upload"))
    try:
        path = _pending_path(pending["token"], pending["kind"])
        data = path.read_bytes()
    except (ValueError, KeyError, OSError):
        request.session.pop(SESSION_KEY, None)
        messages.error(request, "预览已失效，请重新上传台账文件。")
        return HttpResponseRedirect(reverse("register_import:upload"))
    if hashlib.sha256(data).hexdigest() != pending["sha256"]:
        _discard(request)
        messages.error(request, "待导入的文件已变化，请重新上传台账文件。")
        return HttpResponseRedirect(reverse("register_import:upload"))
    try:
        with path.open("rb") as handle:
            result = register_import(
                site=site,
                actor=request.user,
                source_name=pending["name"],
                file=handle,
                kind=pending["kind"],
            )
    except PermissionDenied:
        _discard(request)
        raise
    _discard(request)
    if not result.ok:
        # The data changed since the preview (another import, a case worked on).
        return _render(request, RegisterUploadForm(), result, status=409)
    messages.success(request, f"台账“{result.source_name}”：{result.summary}")
    return HttpResponseRedirect(reverse("register_import:upload"))


@staff_required(*MANAGERS)
@require_GET
def register_template(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    organisation = site.government or request.staff.organisation  # type: ignore[attr-defined]
    response = HttpResponse(template_workbook(organisation.full_name), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="依申请公开台账模板.xlsx"
    )
    return response
