"""The workbench pages: permissions, the main journey through the forms, bad input as form
errors or messages (never a 500), downloads."""

from __future__ import annotations

import pytest

from conftest import OTHER_SITE_HOST
from gongkai.publications import services as svc
from gongkai.publications.models import Attachment, Item, PiiHit
from gongkai.publications.states import Status
from gongkai.search import index

from .conftest import ID_MASKED, ID_NUMBER, MOBILE, upload
from .files import EXE_BYTES, PNG_BYTES, xlsx_bytes

pytestmark = pytest.mark.django_db
BASE = "/manage/publications/"


def _form(column, **overrides):
    data = {
        "title": "关于2025年度临时救助工作的通知",
        "document_number": "示民发〔2025〕9号",
        "written_on": "2025-03-03",
        "subject_category": "16",
        "genre": "notice",
        "keywords": "临时救助",
        "summary": "",
        "disclosure_attribute": "active",
        "columns": [str(column.pk)],
        "body_html": f"<p>咨询人李四，身份证号{ID_NUMBER}。</p>",
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_login(citizen):
    response = citizen.get(BASE, HTTP_HOST="gk.example.gov.cn")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_main_journey_through_the_pages(client_of, clerk_a, leader, column, site):
    clerk = client_of(clerk_a)
    response = clerk.post(f"{BASE}new/", _form(column))
    assert response.status_code == 302
    item = Item.objects.get()
    page = clerk.get(response["Location"]).content.decode()
    assert ID_MASKED in page and ID_NUMBER not in page.replace(item.body_html, "")
    assert "一键脱敏" in page
    # Cannot submit while the hit is open.
    response = clerk.post(f"{BASE}{item.pk}/submit/", follow=True)
    assert "敏感个人信息" in response.content.decode()
    assert Item.objects.get(pk=item.pk).status == Status.DRAFT
    hit = PiiHit.objects.get(item=item)
    clerk.post(f"{BASE}{item.pk}/pii/{hit.pk}/mask/")
    clerk.post(f"{BASE}{item.pk}/submit/")
    assert Item.objects.get(pk=item.pk).status == Status.PENDING
    boss = client_of(leader)
    assert "关于2025年度临时救助工作的通知" in boss.get(f"{BASE}awaiting/").content.decode()
    response = boss.post(f"{BASE}{item.pk}/approve/", {"note": "同意"}, follow=True)
    assert "请确认已完成保密审查" in response.content.decode()
    response = boss.post(f"{BASE}{item.pk}/approve/", {"secrecy_confirmed": "on"}, follow=True)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.index_number in response.content.decode()
    hits = index.search(index.SearchQuery(site_id=site.pk, text="救助")).hits
    assert [h.doc_id for h in hits] == [item.pk]
    response = boss.post(f"{BASE}{item.pk}/withdraw/", {"reason": "内容需要更正"})
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    assert index.search(index.SearchQuery(site_id=site.pk, text="救助")).total == 0


def test_bad_input_is_a_form_error(client_of, clerk_a, column, other_column):
    clerk = client_of(clerk_a)
    response = clerk.post(f"{BASE}new/", _form(column, title="", written_on="昨天"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    response = clerk.post(f"{BASE}new/", _form(column, columns=[str(other_column.pk)]))
    assert response.status_code == 200
    assert not Item.objects.exists()
    response = clerk.post(
        f"{BASE}new/", _form(column, disclosure_attribute="withheld", attribute_reason="")
    )
    assert "必须填写理由" in response.content.decode()


def test_the_form_offers_only_claimed_columns(client_of, clerk_a, column, other_column):
    page = client_of(clerk_a).get(f"{BASE}new/").content.decode()
    assert "通知公告" in page and "财政信息" not in page


def test_other_unit_gets_404(client_of, draft, other_clerk):
    item = draft()
    client = client_of(other_clerk)
    assert client.get(f"{BASE}{item.pk}/").status_code == 404
    assert client.post(f"{BASE}{item.pk}/submit/").status_code == 404
    assert "关于做好" not in client.get(BASE).content.decode()


def test_other_site_gets_403(client_of, draft, other_office):
    item = draft()
    client = client_of(other_office)  # on our host: not staff of this site
    assert client.get(f"{BASE}{item.pk}/").status_code == 403
    theirs = client_of(other_office, host=OTHER_SITE_HOST)
    assert theirs.get(f"{BASE}{item.pk}/").status_code == 404


def test_office_sees_but_cannot_create(client_of, draft, office):
    item = draft()
    client = client_of(office)
    assert client.get(f"{BASE}{item.pk}/").status_code == 200
    assert client.get(f"{BASE}new/").status_code == 403


def test_clerk_cannot_approve_through_the_page(client_of, draft, clerk_a, clerk_b):
    item = draft()
    svc.item_submit(item=item, actor=clerk_a)
    response = client_of(clerk_b).post(
        f"{BASE}{item.pk}/approve/", {"secrecy_confirmed": "on"}, follow=True
    )
    assert "分管领导" in response.content.decode()
    assert Item.objects.get(pk=item.pk).status == Status.PENDING
    assert client_of(clerk_a).get(f"{BASE}awaiting/").status_code == 403


def test_edit_published_item_as_revision(client_of, published, leader, column):
    item = published()
    number = item.index_number
    client = client_of(leader)
    data = _form(column, title="修订后的标题", body_html="<p>新正文</p>")
    response = client.post(f"{BASE}{item.pk}/edit/", data)
    assert response.status_code == 200
    assert "保密审查" in response.content.decode()
    response = client.post(f"{BASE}{item.pk}/edit/", {**data, "secrecy_confirmed": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "修订后的标题" and item.index_number == number


def test_versions_and_diff_mask_personal_data(client_of, draft, clerk_a):
    item = draft(body_html=f"<p>电话{MOBILE}</p>")
    svc.item_update(item=item, actor=clerk_a, body_html="<p>电话已删除</p>")
    page = client_of(clerk_a).get(f"{BASE}{item.pk}/versions/?a=1&b=2").content.decode()
    assert "第 1 版 → 第 2 版" in page
    assert "电话已删除" in page and "138****5678" in page and MOBILE not in page


def test_attachment_upload_errors_are_messages(client_of, draft, clerk_a):
    item = draft()
    client = client_of(clerk_a)
    response = client.post(
        f"{BASE}{item.pk}/attachments/", {"file": upload("a.pdf", EXE_BYTES)}, follow=True
    )
    assert "无法识别文件内容" in response.content.decode()
    response = client.post(f"{BASE}{item.pk}/attachments/", {}, follow=True)
    assert "请选择要上传的文件" in response.content.decode()
    client.post(f"{BASE}{item.pk}/attachments/", {"file": upload("图.png", PNG_BYTES)})
    assert Attachment.objects.filter(item=item).count() == 1


def test_downloads_follow_publication(
    client_of, citizen, draft, clerk_a, leader, other_clerk, other_site
):
    item = draft()
    attachment = svc.item_attachment_add(
        item=item, uploaded=upload("图.png", PNG_BYTES), actor=clerk_a
    )
    public = f"/xxgk/fujian/{attachment.pk}/"
    host = {"HTTP_HOST": "gk.example.gov.cn"}
    assert citizen.get(public, **host).status_code == 404
    assert client_of(clerk_a).get(public).status_code == 200  # the draft's preview
    assert client_of(other_clerk).get(public).status_code == 404
    assert client_of(clerk_a).get(f"{BASE}attachments/{attachment.pk}/").status_code == 200
    assert client_of(other_clerk).get(f"{BASE}attachments/{attachment.pk}/").status_code == 404
    svc.item_submit(item=item, actor=clerk_a)
    svc.item_approve(item=item, actor=leader, secrecy_confirmed=True)
    response = citizen.get(public, **host)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert citizen.get(public, HTTP_HOST="other.example.gov.cn").status_code == 404


def test_desk_lists_the_work(client_of, draft, clerk_a, leader, column):
    draft(title="我的草稿一")
    pending = draft(title="待审的信息")
    svc.item_submit(item=pending, actor=clerk_a)
    draft(title="含个人信息", body_html=f"<p>{MOBILE}</p>")
    page = client_of(clerk_a).get(f"{BASE}desk/").content.decode()
    assert "我的草稿一" in page and "含个人信息" in page and "通知公告" in page
    assert "待审的信息" in client_of(leader).get(f"{BASE}desk/").content.decode()


def test_import_page(client_of, office, leader, clerk_a, column):
    client = client_of(office)
    assert client.get(f"{BASE}import/").status_code == 200
    assert client_of(clerk_a).get(f"{BASE}import/").status_code == 403
    header = ["标题", "发布机构", "成文日期", "发布日期", "主题分类", "体裁", "栏目", "正文"]
    bad = xlsx_bytes([header, ["含号码", "示例县民政局", "2024-01-02", "2024-01-05", "16", "通知",
                               "通知公告", f"电话{MOBILE}"]])  # fmt: skip
    response = client.post(f"{BASE}import/", {"file": upload("a.xlsx", bad)})
    page = response.content.decode()
    assert "第 2 行" in page and "138****5678" in page and MOBILE not in page
    good = xlsx_bytes([header, ["旧网站信息", "示例县民政局", "2024-01-02", "2024-01-05",
                                "民政、扶贫、救灾", "通知", "通知公告", "正文"]])  # fmt: skip
    response = client.post(f"{BASE}import/", {"file": upload("a.xlsx", good)})
    assert response.status_code == 302
    assert Item.objects.get().status == Status.PUBLISHED
    response = client.post(f"{BASE}import/", {"file": upload("a.xlsx", PNG_BYTES)})
    assert "扩展名" in response.content.decode() or "XLSX" in response.content.decode()


def test_settings_page(client_of, office, clerk_a):
    client = client_of(office)
    response = client.post(
        f"{BASE}settings/",
        {"index_template": "{seq}", "interpretation_lag_days": 3, "publication_deadline_days": 20},
    )
    assert response.status_code == 200 and "{year}" in response.content.decode()
    response = client.post(
        f"{BASE}settings/",
        {
            "index_template": "{org_code}-{year}-{seq:04d}",
            "interpretation_lag_days": 5,
            "publication_deadline_days": 20,
        },
    )
    assert response.status_code == 302
    assert client_of(clerk_a).get(f"{BASE}settings/").status_code == 403


def test_missing_interpretations_page(client_of, office, clerk_a):
    assert client_of(office).get(f"{BASE}interpretations/missing/").status_code == 200
    assert "没有超期" in client_of(clerk_a).get(f"{BASE}interpretations/missing/").content.decode()
