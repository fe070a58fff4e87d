"""The register import page (台账导入): permission, preview then confirm, bad files, the
template download."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.core.models import AuditEvent
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.register import views as register_views
from gongkai.info_requests.register.parse import HEADERS, read_xlsx

from .register_files import row, xlsx_bytes

UPLOAD = reverse("register_import:upload")
CONFIRM = reverse("register_import:confirm")
TEMPLATE = reverse("register_import:template")


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.GONGKAI_PRIVATE_ROOT = str(tmp_path / "private")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def pending_files(tmp_path) -> list:
    directory = tmp_path / "private" / "register_imports"
    return sorted(directory.iterdir()) if directory.exists() else []


def test_clerks_may_not_open_the_page(client_of, clerk_a, leader):
    for user in (clerk_a, leader):
        client = client_of(user)
        assert UPLOAD not in client.get(reverse("workbench:home")).content.decode()
        assert client.get(UPLOAD).status_code == 403
        assert client.post(CONFIRM, {"token": "x"}).status_code == 403
        assert client.get(TEMPLATE).status_code == 403


def test_office_previews_then_confirms(client_of, office, calendar, tmp_path):
    client = client_of(office)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert f'<a href="{UPLOAD}" aria-current="page">台账导入</a>' in page.content.decode()

    rows = [row(申请编号="V-1"), row(申请编号="V-2", 办结日期=None, 办理结果=None)]
    response = client.post(UPLOAD, {"file": upload("2025台账.xlsx", xlsx_bytes(rows))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "可导入 2 件申请" in html
    assert "示例县民政局" in html and "予以公开 1" in html and "未办结 1" in html
    assert "确认导入 2 件申请" in html
    assert InfoRequest.objects.count() == 0  # a preview writes nothing
    assert len(pending_files(tmp_path)) == 1

    token = response.context["token"]
    done = client.post(CONFIRM, {"token": token})
    assert done.status_code == 302 and done.url == UPLOAD
    assert InfoRequest.objects.count() == 2
    assert AuditEvent.objects.filter(action="register.import", actor_name="刘芳").count() == 1
    assert pending_files(tmp_path) == []
    follow = client.get(UPLOAD).content.decode()
    assert "台账“2025台账.xlsx”：已导入 2 件申请。" in follow

    # The same token cannot import twice.
    again = client.post(CONFIRM, {"token": token}, follow=True)
    assert "预览已失效" in again.content.decode()
    assert InfoRequest.objects.count() == 2


def test_administrators_may_import_too(client_of, admin):
    client = client_of(admin)
    response = client.post(UPLOAD, {"file": upload("台账.csv", "申请编号\n".encode())})
    assert response.status_code == 200
    assert "缺少必需的表头" in response.content.decode()


def test_a_file_with_bad_rows_shows_every_error_and_no_confirm_button(client_of, office, tmp_path):
    client = client_of(office)
    rows = [row(), row(办理结果="瞎写"), row(受理机关="不存在的局")]
    response = client.post(UPLOAD, {"file": upload("台账.xlsx", xlsx_bytes(rows))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "未导入任何申请" in html
    assert "第3行：无法识别的办理结果“瞎写”" in html
    assert "第4行：受理机关“不存在的局”不是本站点的机构" in html
    assert "确认导入" not in html
    assert pending_files(tmp_path) == []
    assert InfoRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("台账.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "不在允许范围内"),
        ("台账.pdf", "申请编号,受理机关\n".encode(), "与文件内容（TXT）不符"),
        ("台账.xlsx", b"", "文件为空"),
        ("台账.xlsx", b"PK\x03\x04broken", "无法识别文件内容"),
    ],
)
def test_bad_files_are_form_errors_not_500(client_of, office, name, data, message):
    client = client_of(office)
    response = client.post(UPLOAD, {"file": upload(name, data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert InfoRequest.objects.count() == 0


def test_no_file_is_a_form_error(client_of, office):
    response = client_of(office).post(UPLOAD, {})
    assert "请选择要导入的台账文件" in response.content.decode()


def test_a_tampered_pending_file_is_not_imported(client_of, office, tmp_path):
    client = client_of(office)
    response = client.post(UPLOAD, {"file": upload("台账.xlsx", xlsx_bytes([row()]))})
    (path,) = pending_files(tmp_path)
    path.write_bytes(xlsx_bytes([row(), row(申请人="多出来的")]))
    done = client.post(CONFIRM, {"token": response.context["token"]}, follow=True)
    assert "待导入的文件已变化" in done.content.decode()
    assert InfoRequest.objects.count() == 0


def test_a_foreign_token_is_refused(client_of, office):
    client = client_of(office)
    client.post(UPLOAD, {"file": upload("台账.xlsx", xlsx_bytes([row()]))})
    done = client.post(CONFIRM, {"token": "0" * 32}, follow=True)
    assert "预览已失效" in done.content.decode()
    assert InfoRequest.objects.count() == 0


def test_rows_changed_between_preview_and_confirm_are_reported(client_of, office, calendar):
    client = client_of(office)
    first = client.post(UPLOAD, {"file": upload("a.xlsx", xlsx_bytes([row(申请编号="Q-1")]))})
    token_a = first.context["token"]
    # Meanwhile another session of the office imports a conflicting row.
    other = client_of(office)
    changed = xlsx_bytes([row(申请编号="Q-1", 办理结果="部分公开")])
    second = other.post(UPLOAD, {"file": upload("b.xlsx", changed)})
    other.post(CONFIRM, {"token": second.context["token"]})
    response = client.post(CONFIRM, {"token": token_a})
    assert response.status_code == 409
    assert "与已导入记录不一致" in response.content.decode()
    assert InfoRequest.objects.get().outcome == "partial"


def test_old_pending_files_are_swept(client_of, office, tmp_path, monkeypatch):
    directory = tmp_path / "private" / "register_imports"
    directory.mkdir(parents=True)
    stale = directory / ("a" * 32 + ".xlsx")
    stale.write_bytes(b"x")
    monkeypatch.setattr(register_views, "PENDING_MAX_AGE", -1)
    client_of(office).post(UPLOAD, {"file": upload("台账.xlsx", xlsx_bytes([row()]))})
    assert not stale.exists()


def test_the_template_has_the_headers_and_an_example_row_that_imports(client_of, office):
    client = client_of(office)
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content) if response.streaming else response.content
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws[1]] == list(HEADERS)
    sheet = read_xlsx(io.BytesIO(data))
    assert len(sheet.rows) == 1 and sheet.warnings == []
    preview = client.post(UPLOAD, {"file": upload("模板.xlsx", data)})
    assert "可导入 1 件申请" in preview.content.decode()
