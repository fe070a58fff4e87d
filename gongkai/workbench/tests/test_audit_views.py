"""The audit log pages: who sees which events, the filters, the .xlsx export, and that nothing
can be written through them."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from conftest import OTHER_SITE_HOST
from gongkai.core import audit
from gongkai.core.models import AuditEvent
from gongkai.workbench import audit_views

LIST = reverse("workbench:audit")
EXPORT = reverse("workbench:audit_export")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def events(orgs, other_site, clerk_a, other_clerk, office):
    """One event per place: the clerk's unit, another unit of the site, the site itself, and
    another site."""
    return {
        "dept": audit.record(
            actor=clerk_a,
            action="organisation.update",
            obj=orgs["dept"],
            organisation=orgs["dept"],
            changes={"phone": ["0537-1111111", "0537-2222222"]},
            object_repr="民政局事项",
        ),
        "other_dept": audit.record(
            actor=other_clerk,
            action="staff.update",
            obj=orgs["other_dept"],
            organisation=orgs["other_dept"],
            object_repr="财政局事项",
        ),
        "site": audit.record(
            actor=office, action="site.update", site_id=orgs["dept"].site_id, object_repr="站点事项"
        ),
        "other_site": audit.record(
            actor=None,
            action="organisation.create",
            organisation=other_site.disclosure_office,
            object_repr="邻县事项",
        ),
    }


def _page(client, **params) -> str:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode()


def _export_rows(client, **params) -> list[tuple]:
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    assert response["Content-Type"] == audit_views.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


# --- visibility ---------------------------------------------------------------------------------


def test_a_clerk_sees_their_units_events_only(client_of, clerk_a, events):
    html = _page(client_of(clerk_a))
    assert "民政局事项" in html
    assert "财政局事项" not in html
    assert "站点事项" not in html
    assert "邻县事项" not in html


def test_the_clerks_selects_do_not_reveal_other_units_activity(client_of, clerk_a, events):
    html = _page(client_of(clerk_a))
    # staff.update happened only in 财政局; the action select lists what the clerk may read.
    assert 'value="staff.update"' not in html
    assert 'value="organisation.update"' in html
    assert "示例县财政局" not in html


def test_the_office_sees_every_unit_of_its_site(client_of, office, events):
    html = _page(client_of(office))
    assert "民政局事项" in html
    assert "财政局事项" in html
    assert "站点事项" in html
    assert "邻县事项" not in html


def test_an_administrator_sees_the_whole_site(client_of, admin, events):
    html = _page(client_of(admin))
    assert "民政局事项" in html and "财政局事项" in html and "邻县事项" not in html


def test_another_sites_office_sees_none_of_this_sites_events(client_of, other_office, events):
    html = _page(client_of(other_office, host=OTHER_SITE_HOST))
    assert "民政局事项" not in html
    assert "财政局事项" not in html
    assert "站点事项" not in html
    assert "邻县事项" in html


def test_another_sites_office_cannot_open_this_sites_log(client_of, other_office, events):
    assert client_of(other_office).get(LIST).status_code == 403
    assert client_of(other_office).get(EXPORT).status_code == 403


def test_anonymous_visitors_are_sent_to_login(citizen, events):
    response = citizen.get(LIST, HTTP_HOST="gk.example.gov.cn")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_clerk_cannot_filter_by_another_unit(client_of, clerk_a, orgs, events):
    html = _page(client_of(clerk_a), organisation=orgs["other_dept"].pk)
    assert "财政局事项" not in html
    assert "民政局事项" not in html
    assert "选择一个有效的选项" in html


# --- rendering ----------------------------------------------------------------------------------


def test_a_row_shows_time_actor_unit_action_object_changes_and_ip(client_of, clerk_a, orgs):
    with audit.request_context("203.0.113.7"):
        event = audit.record(
            actor=clerk_a,
            action="organisation.update",
            obj=orgs["dept"],
            organisation=orgs["dept"],
            changes={"full_name": ["示例县民政局", "示例县民政事务局"], "is_active": [True, False]},
        )
    html = _page(client_of(clerk_a))
    local = dt.datetime.fromisoformat(str(event.created_at)).astimezone(SHANGHAI)
    assert f"{local:%Y-%m-%d %H:%M:%S}" in html
    assert "张明" in html
    assert "修改机构" in html
    assert "全称：示例县民政局 → 示例县民政事务局" in html
    assert "启用：是 → 否" in html
    assert "203.0.113.7" in html


def test_choices_are_shown_by_their_labels_and_extra_keys_by_name(client_of, clerk_a, orgs):
    staff = clerk_a.staff
    audit.record(
        actor=clerk_a,
        action="staff.create",
        obj=staff,
        organisation=orgs["dept"],
        changes={"role": [None, "clerk_b"], "username": [None, "li"], "tags": [None, ["甲", "乙"]]},
    )
    html = _page(client_of(clerk_a))
    assert "新增工作人员" in html
    assert "角色：（空） → B角" in html
    assert "登录名：（空） → li" in html
    assert "tags：（空） → 甲、乙" in html


def test_unknown_actions_are_shown_as_recorded(client_of, clerk_a, orgs):
    # An event written by an older release, under an action since renamed: the log keeps it
    # and shows what was recorded (audit.record itself refuses undeclared actions).
    AuditEvent.objects.create(
        site_id=orgs["dept"].site_id,
        organisation_id=orgs["dept"].pk,
        actor_id=clerk_a.pk,
        actor_name="张明",
        action="gadget.frobnicate",
    )
    audit.record(actor=clerk_a, action="auth.login", organisation=orgs["dept"])
    html = _page(client_of(clerk_a))
    assert "gadget.frobnicate" in html
    assert "登录" in html


def test_fifty_per_page_newest_first(client_of, office, orgs):
    for n in range(51):
        audit.record(
            actor=office,
            action="audit.purge",
            organisation=orgs["dept"],
            object_repr=f"第{n:02d}号",
        )
    client = client_of(office)  # signing in records an auth.login event too
    first = _page(client, action="audit.purge")
    assert "第50号" in first and "第01号" in first and "第00号" not in first
    assert first.index("第50号") < first.index("第49号")
    assert "第 1 / 2 页" in first
    second = _page(client, action="audit.purge", page=2)
    assert "第00号" in second and "第01号" not in second


def test_a_page_number_out_of_range_shows_the_last_page(client_of, office, events):
    html = _page(client_of(office), page="999")
    assert "民政局事项" in html
    assert _page(client_of(office), page="abc")


# --- filters ------------------------------------------------------------------------------------


def test_filter_by_unit_actor_action_type_and_text(client_of, office, orgs, events):
    client = client_of(office)
    by_org = _page(client, organisation=orgs["other_dept"].pk)
    assert "财政局事项" in by_org and "民政局事项" not in by_org

    by_actor = _page(client, actor="张")
    assert "民政局事项" in by_actor and "财政局事项" not in by_actor

    by_action = _page(client, action="site.update")
    assert "站点事项" in by_action and "民政局事项" not in by_action

    by_type = _page(client, object_type="organizations.organisation")
    assert "民政局事项" in by_type and "站点事项" not in by_type

    by_text = _page(client, q="财政")
    assert "财政局事项" in by_text and "民政局事项" not in by_text


def test_free_text_also_searches_the_note(client_of, office, orgs):
    audit.record(
        actor=office, action="audit.purge", organisation=orgs["dept"], note="依申请公开答复"
    )
    audit.record(actor=office, action="audit.purge", organisation=orgs["dept"], note="其他备注")
    html = _page(client_of(office), q="答复")
    assert "依申请公开答复" in html and "其他备注" not in html


def test_dates_are_whole_days_in_shanghai_time(client_of, office, orgs):
    late = dt.datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI)
    early = dt.datetime(2026, 3, 2, 0, 30, tzinfo=SHANGHAI)
    for when, label in ((late, "三月一日深夜"), (early, "三月二日凌晨")):
        with time_machine.travel(when, tick=False):
            audit.record(
                actor=office, action="audit.purge", organisation=orgs["dept"], object_repr=label
            )
    client = client_of(office)

    only_second = _page(client, date_from="2026-03-02")
    assert "三月二日凌晨" in only_second and "三月一日深夜" not in only_second

    only_first = _page(client, date_to="2026-03-01")
    assert "三月一日深夜" in only_first and "三月二日凌晨" not in only_first

    both = _page(client, date_from="2026-03-01", date_to="2026-03-02")
    assert "三月一日深夜" in both and "三月二日凌晨" in both


def test_a_bad_date_is_a_form_error_not_a_crash(client_of, office, events):
    response = client_of(office).get(LIST, {"date_from": "2026-13-45"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "输入一个有效的日期" in html
    assert "筛选条件有误" in html
    # Nothing is listed under filters that could not be applied.
    assert "民政局事项" not in html


def test_an_inverted_date_range_is_explained(client_of, office, events):
    html = _page(client_of(office), date_from="2026-03-05", date_to="2026-03-01")
    assert "截止日期不能早于起始日期" in html


def test_extreme_years_do_not_overflow(client_of, office, events):
    html = _page(client_of(office), date_from="0001-01-01", date_to="9999-12-31")
    assert "民政局事项" in html


def test_an_unknown_action_choice_is_a_form_error(client_of, office, events):
    html = _page(client_of(office), action="nothing.like.this")
    assert "选择一个有效的选项" in html and "民政局事项" not in html


# --- export -------------------------------------------------------------------------------------


def test_the_export_contains_the_filtered_visible_rows_only(client_of, office, orgs, events):
    rows = _export_rows(client_of(office), organisation=orgs["dept"].pk)
    header, *body = rows
    assert header[:4] == ("时间", "操作人", "机构", "操作")
    assert len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert row["对象"] == "民政局事项"
    assert row["操作"] == "修改机构"
    assert row["操作代码"] == "organisation.update"
    assert row["操作人"] == "张明"
    assert row["机构"] == "示例县民政局"
    assert row["变更内容"] == "联系电话：0537-1111111 → 0537-2222222"


def test_a_clerks_export_holds_only_their_unit(client_of, clerk_a, events):
    body = _export_rows(client_of(clerk_a))[1:]
    # Signing in recorded clerk_a's own login, which belongs to the unit too.
    assert sorted(r[6] for r in body) == ["clerk_a", "民政局事项"]


def test_the_export_sheet_is_usable_in_excel(client_of, office, orgs):
    when = dt.datetime(2026, 3, 1, 23, 30, 5, tzinfo=SHANGHAI)
    with time_machine.travel(when, tick=False), audit.request_context("198.51.100.3"):
        audit.record(
            actor=office,
            action="audit.purge",
            organisation=orgs["dept"],
            object_repr="=HYPERLINK(1)",
        )
    response = client_of(office).get(EXPORT, {"action": "audit.purge"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 18
    cell = sheet["A2"]
    # A real date, in Beijing time (not UTC, not text).
    assert cell.value == dt.datetime(2026, 3, 1, 23, 30, 5)
    assert cell.is_date
    # Text typed by someone stays text, never a formula.
    assert sheet["G2"].value == "=HYPERLINK(1)" and sheet["G2"].data_type == "s"
    assert sheet["J2"].value == "198.51.100.3"
    assert ".xlsx" in response["Content-Disposition"]


def test_a_large_export_is_cut_with_a_note(client_of, office, orgs, monkeypatch):
    monkeypatch.setattr(audit_views, "EXPORT_MAX_ROWS", 3)
    for n in range(5):
        audit.record(
            actor=office, action="audit.purge", organisation=orgs["dept"], object_repr=f"第{n}号"
        )
    _header, *body = _export_rows(client_of(office), action="audit.purge")
    assert [r[6] for r in body[:3]] == ["第4号", "第3号", "第2号"]
    assert len(body) == 4
    assert "仅导出了前 3 条" in body[3][0]


def test_an_export_with_bad_filters_explains_instead_of_downloading(client_of, office, events):
    response = client_of(office).get(EXPORT, {"date_to": "yesterday"})
    assert response.status_code == 400
    assert "筛选条件有误" in response.content.decode()


# --- read-only ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, EXPORT])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_nothing_but_get_is_accepted(client_of, office, events, url, method):
    client = client_of(office)
    before = list(AuditEvent.objects.values_list("pk", "note", "object_repr"))
    response = getattr(client, method)(url, {"note": "changed"})
    assert response.status_code == 405
    assert list(AuditEvent.objects.values_list("pk", "note", "object_repr")) == before


def test_the_page_offers_no_way_to_change_an_event(client_of, office, events):
    html = _page(client_of(office))
    assert 'method="post"' not in html.split('class="manage-main"', 1)[1]
