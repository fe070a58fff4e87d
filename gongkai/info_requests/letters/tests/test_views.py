"""The letters pages: the office edits templates (preview, save, reset) and settings; other
roles cannot; staff download the letters of the applications they see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.info_requests.letters.defaults import DEFAULTS
from gongkai.info_requests.letters.kinds import LetterKind
from gongkai.info_requests.models import LetterSettings, LetterTemplate

K = LetterKind
EDIT = reverse("letters:template_edit", args=["reply_granted"])
GRANTED = DEFAULTS[K.REPLY_GRANTED]


def test_the_office_sees_every_kind_and_the_missing_reconsideration_organ(
    client_of, office, clerk_a
):
    page = client_of(office).get(reverse("letters:templates")).content.decode()
    for kind in LetterKind:
        assert str(kind.label) in page
    assert "示例县人民政府：尚未设置行政复议机关" in page
    # The workbench menu offers the page to the office only.
    link = f'href="{reverse("letters:templates")}"'
    assert link in client_of(office).get(reverse("workbench:home")).content.decode()
    assert link not in client_of(clerk_a).get(reverse("workbench:home")).content.decode()


@pytest.mark.parametrize("persona", ["clerk_a", "leader", "admin", "other_office"])
def test_other_roles_cannot_open_or_edit_templates(persona, request, client_of, site):
    user = request.getfixturevalue(persona)
    client = client_of(user)
    assert client.get(reverse("letters:templates")).status_code == 403
    response = client.post(EDIT, {"title": "改", "body": GRANTED.body, "save": "1"})
    assert response.status_code == 403
    assert not LetterTemplate.objects.exists()


def test_edit_page_lists_placeholders_and_previews_sample_data(client_of, office):
    page = client_of(office).get(EDIT).content.decode()
    assert "{答复内容}" in page and "{复议机关}" in page and "必须" in page
    assert "{补正事项}" not in page  # a correction placeholder, not a reply's
    assert "预览（示例数据）" in page and "王小明：" in page
    assert "2024年示例县城乡最低生活保障资金发放明细" in page


def test_preview_shows_the_edited_text_without_saving(client_of, office):
    body = GRANTED.body.replace("予以公开。", "予以公开，请查收。")
    response = client_of(office).post(EDIT, {"title": GRANTED.title, "body": body, "preview": "1"})
    assert response.status_code == 200
    assert "予以公开，请查收。" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_saving_a_template_and_resetting_it(client_of, office, site):
    client = client_of(office)
    body = GRANTED.body.replace("予以公开。", "予以公开，请查收。")
    response = client.post(EDIT, {"title": GRANTED.title, "body": body, "save": "1"})
    assert response.status_code == 302
    row = LetterTemplate.objects.get(site=site, kind=K.REPLY_GRANTED)
    assert "请查收" in row.body and row.updated_by == office
    assert AuditEvent.objects.filter(action="letter_template.update").count() == 1
    assert "本站模板" in client.get(reverse("letters:templates")).content.decode()
    reset = reverse("letters:template_reset", args=["reply_granted"])
    assert client.post(reset).status_code == 302
    assert not LetterTemplate.objects.exists()
    assert AuditEvent.objects.filter(action="letter_template.reset").count() == 1


def test_an_unknown_placeholder_is_a_form_error_in_chinese(client_of, office):
    body = GRANTED.body + "\n申请人身份证号：{身份证号码}"
    response = client_of(office).post(EDIT, {"title": GRANTED.title, "body": body, "save": "1"})
    assert response.status_code == 200
    assert "正文中有未知的占位符：{身份证号码}" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_a_refusal_template_without_reconsideration_first_is_refused(client_of, office):
    default = DEFAULTS[K.REPLY_PARTIAL]
    body = default.body.replace("应当先向{复议机关}申请行政复议", "可以申请行政复议")
    url = reverse("letters:template_edit", args=["reply_partial"])
    response = client_of(office).post(url, {"title": default.title, "body": body, "save": "1"})
    assert "须写明复议前置" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_an_unknown_kind_is_not_found(client_of, office):
    url = reverse("letters:template_edit", args=["nonsense"])
    assert client_of(office).get(url).status_code == 404


def test_settings_name_the_reconsideration_organ_and_check_the_number_format(
    client_of, office, orgs
):
    client = client_of(office)
    page = client.get(reverse("letters:settings")).content.decode()
    assert "示例县民政局" in page and "未设置" in page
    url = reverse("letters:settings_edit", args=[orgs["government"].pk])
    bad = client.post(url, {"reply_prefix": "示政依复{序号}号"})
    assert "文号格式须包含{年度}" in bad.content.decode()
    response = client.post(
        url,
        {"reply_prefix": "示政依复〔{年度}〕{序号}号", "reconsideration_organ": "示例市人民政府"},
    )
    assert response.status_code == 302
    row = LetterSettings.objects.get(organisation=orgs["government"])
    assert (row.reply_prefix, row.reconsideration_organ) == (
        "示政依复〔{年度}〕{序号}号",
        "示例市人民政府",
    )
    assert "尚未设置行政复议机关" not in client.get(reverse("letters:templates")).content.decode()


def test_unit_staff_cannot_change_letter_settings(client_of, clerk_a, orgs):
    url = reverse("letters:settings_edit", args=[orgs["dept"].pk])
    assert client_of(clerk_a).post(url, {"reconsideration_organ": "某某"}).status_code == 403
    assert not LetterSettings.objects.exists()


def test_staff_download_the_letters_of_applications_they_see(
    client_of, drafting, clerk_a, other_clerk, other_office
):
    info_request = drafting()
    letter = info_request.letters.get()
    docx = reverse("letters:download", args=[letter.pk, "docx"])
    response = client_of(clerk_a).get(docx)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response.content.startswith(b"PK")  # a .docx is a zip
    assert "attachment" in response["Content-Disposition"]
    pdf = client_of(clerk_a).get(reverse("letters:download", args=[letter.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    # Another unit, another site: not found, as the application itself.
    assert client_of(other_clerk).get(docx).status_code == 404
    assert client_of(other_office, host="other.example.gov.cn").get(docx).status_code == 404
    bad = reverse("letters:download", args=[letter.pk, "exe"])
    assert client_of(clerk_a).get(bad).status_code == 404


def test_the_letters_page_of_an_application(client_of, drafting, clerk_a, other_clerk):
    info_request = drafting()
    url = reverse("letters:request_letters", args=[info_request.pk])
    page = client_of(clerk_a).get(url).content.decode()
    assert "县民政局依申公告〔2025〕1号" in page and "登记回执" in page
    assert client_of(other_clerk).get(url).status_code == 404
