"""The 依申请公开 journey in Debian's Chromium: a citizen applies on the portal, the office
confirms and dispatches, the unit asks for a correction, the corrected application restarts the
clock, a third-party consultation stops it, the unit drafts a 部分公开 reply with a withheld
part, the office passes it, the head approves, it is served, and the citizen looks it up.

The clock is moved with time-machine (the live server runs in this process, so it sees the same
"today"); the working-day calendar of 2025 is loaded by the `calendar` fixture.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import docx
import pytest
import time_machine

from gongkai.core.tests.browsing import log_in, new_page, screenshot
from gongkai.info_requests.models import InfoRequest, Letter
from gongkai.info_requests.states import Status

from .conftest import PERSON
from .web_helpers import SHANGHAI, png_bytes

pytestmark = pytest.mark.browser


def _open_case(page: Any, tracking_number: str) -> None:
    page.goto("/manage/")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="依申请公开").click()
    page.get_by_role("link", name=tracking_number).click()
    page.wait_for_url(re.compile(r"/manage/requests/\d+/$"))


def _step(page: Any, label: str) -> None:
    page.get_by_label("可办理的操作").get_by_role("link", name=label).click()


def _save(page: Any) -> None:
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/manage/requests/\d+/$"))


def _due(page: Any) -> str:
    return str(page.locator("#due-on").inner_text())


def _day(traveller: Any, day: dt.date, page: Any, username: str, tracking_number: str) -> None:
    """Move "today" on; days later the idle timeout has signed the user out, so sign in again."""
    traveller.move_to(dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI))
    log_in(page, username)
    _open_case(page, tracking_number)


def _libreoffice_text(source: Path, tmp_path: Path) -> str:
    """The text LibreOffice Writer reads from `source` (a private profile per call, so parallel
    test workers never share one)."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) not found. Install it with `make system-deps`.")
    profile = Path("/tmp") / f"lo-{uuid.uuid4().hex}"
    outdir = tmp_path / "libreoffice"
    try:
        result = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "txt:Text",
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = outdir / (source.stem + ".txt")
    assert result.returncode == 0 and converted.exists(), result.stderr.decode(errors="replace")
    return converted.read_text(encoding="utf-8-sig")


def test_a_citizen_applies_and_the_case_runs_through_the_loop(
    browser, live_server, site, orgs, office, clerk_a, leader, calendar, tmp_path
):
    with time_machine.travel(dt.datetime(2025, 11, 3, 9, 0, tzinfo=SHANGHAI)) as traveller:
        # The citizen applies on the portal (Mon 2025-11-03).
        citizen = new_page(browser, live_server.url)
        citizen.goto("/")
        citizen.get_by_role("navigation", name="主导航").get_by_role(
            "link", name="依申请公开"
        ).click()
        assert citizen.get_by_role("heading", level=1).inner_text() == "依申请公开指南"
        citizen.get_by_role("link", name="在线提交申请").click()
        citizen.get_by_label("受理机关").select_option(str(orgs["dept"].pk))
        citizen.get_by_label("自然人").check()
        citizen.get_by_label("申请人姓名或名称").fill("王小明")
        citizen.get_by_label("身份证明类型").select_option("id_card")
        citizen.get_by_label("证件号码").fill(PERSON["id_number"])
        citizen.get_by_label("联系电话").fill("13912345678")
        citizen.get_by_label("通信地址").fill("示例县人民路8号")
        citizen.get_by_label("所需政府信息的名称或内容描述").fill(
            "2024年示例县城乡最低生活保障资金发放明细"
        )
        citizen.get_by_label("信息提供形式").select_option("paper")
        citizen.get_by_label("获取信息方式").select_option("post")
        citizen.locator("#id_id_copy").set_input_files(
            {"name": "身份证.png", "mimeType": "image/png", "buffer": png_bytes()}
        )
        citizen.get_by_label("本人承诺所填信息真实").check()
        citizen.get_by_role("button", name="提交申请").click()
        citizen.wait_for_url(re.compile(r"/ysqgk/apply/done/$"))
        tracking_number = citizen.locator("#tracking-number").inner_text()
        query_code = citizen.locator("#query-code").inner_text()
        assert re.fullmatch(r"YSQ-2025-\d{6}", tracking_number) and len(query_code) == 8
        screenshot(citizen, "ysqgk-submitted")

        # The office names the head, confirms the receipt with the applicant and dispatches.
        desk = new_page(browser, live_server.url)
        log_in(desk, "office")
        desk.goto("/manage/requests/settings/")
        desk.get_by_label("政务公开工作机构负责人").select_option(str(leader.pk))
        desk.get_by_role("button", name="保存").click()
        assert desk.get_by_text("设置已保存。").is_visible()
        _open_case(desk, tracking_number)
        assert desk.locator("#status").inner_text() == "待确认"
        _step(desk, "确认收到申请")
        _save(desk)
        assert _due(desk) == "2025年12月1日"
        _step(desk, "交办")
        desk.get_by_label("承办单位").select_option(str(orgs["dept"].pk))
        _save(desk)
        assert desk.locator("#status").inner_text() == "已交办"

        # The unit signs for it and asks for a correction (Tue 11-04): the clock waits.
        unit = new_page(browser, live_server.url)
        _day(traveller, dt.date(2025, 11, 4), unit, "clerk_a", tracking_number)
        _step(unit, "签收")
        _save(unit)
        _step(unit, "告知补正")
        unit.get_by_label("需要补正的事项").fill("请写明所需信息的具体乡镇")
        unit.get_by_label("补正期限").fill("2025-11-14")
        _save(unit)
        assert "待补正" in _due(unit)

        # The corrected application arrives on Mon 11-10: the clock restarts from that day.
        _day(traveller, dt.date(2025, 11, 10), unit, "clerk_a", tracking_number)
        _step(unit, "登记收到补正")
        _save(unit)
        assert _due(unit) == "2025年12月8日"
        assert unit.get_by_text("重新起算日").is_visible()

        # A third-party consultation (Tue 11-11) stops the clock; the answer (Thu 11-13) ends it.
        _day(traveller, dt.date(2025, 11, 11), unit, "clerk_a", tracking_number)
        _step(unit, "征求意见")
        unit.get_by_label("征求第三方意见").check()
        unit.get_by_label("征求意见对象").fill("示例县某某有限公司")
        _save(unit)
        assert _due(unit).endswith("（最迟）")
        assert unit.get_by_role("table", name="不计入答复期限的期间").is_visible()
        _day(traveller, dt.date(2025, 11, 13), unit, "clerk_a", tracking_number)
        unit.get_by_role("link", name="登记答复").click()
        unit.get_by_label("不同意公开").check()
        _save(unit)
        assert _due(unit) == "2025年12月11日"  # three working days 11-11..11-13 not counted
        screenshot(unit, "ysqgk-case-clock")

        # The unit drafts a 部分公开 reply with one withheld part and submits it.
        _step(unit, "撰写答复")
        unit.get_by_label("办理结果").select_option("partial")
        # reply.js filled in the outcome's legal basis.
        assert unit.get_by_label("法律依据").first.input_value().endswith("第三十七条")
        unit.get_by_label("答复内容").fill(
            "经审查，现向您提供可以公开的部分，其余部分涉及商业秘密。"
        )
        unit.locator("#id_parts-0-description").fill("某某有限公司的银行账户信息")
        unit.locator("#id_parts-0-reason").select_option("denied_third_party")
        screenshot(unit, "ysqgk-reply")
        unit.get_by_role("button", name="保存答复").click()
        unit.wait_for_url(re.compile(r"/manage/requests/\d+/$"))
        assert unit.get_by_text("某某有限公司的银行账户信息").is_visible()
        _step(unit, "提交审核")
        _save(unit)

        # The office passes it; the head (the unit's leader, named above) approves it.
        log_in(desk, "office")
        desk.goto("/manage/requests/")
        screenshot(desk, "ysqgk-list")
        _open_case(desk, tracking_number)
        _step(desk, "审核答复")
        desk.get_by_label("通过").check()
        _save(desk)
        head = new_page(browser, live_server.url)
        log_in(head, "leader")
        _open_case(head, tracking_number)
        _step(head, "签发")
        head.get_by_label("同意签发").check()
        _save(head)
        assert head.locator("#status").inner_text() == "已签发"

        # The unit serves it (Mon 11-17), and the citizen looks the case up.
        _day(traveller, dt.date(2025, 11, 17), unit, "clerk_a", tracking_number)
        _step(unit, "登记送达")
        unit.get_by_label("送达方式").select_option("in_person")
        _save(unit)
        assert unit.locator("#status").inner_text() == "已送达"

        citizen.goto("/ysqgk/query/")
        citizen.get_by_label("受理编号").fill(tracking_number)
        citizen.get_by_label("查询码").fill(query_code)
        citizen.get_by_role("button", name="查询").click()
        citizen.wait_for_url(re.compile(r"/ysqgk/query/status/$"))
        assert citizen.locator("#status-label").inner_text() == "已送达"
        reply_row = citizen.locator("#letters tbody tr", has_text="答复书")
        assert reply_row.count() == 1
        assert "13912345678" not in citizen.content()
        assert PERSON["id_number"] not in citizen.content()
        screenshot(citizen, "ysqgk-status")

        # The reply .docx downloads from the lookup page and lists the withheld part.
        with citizen.expect_download() as download_info:
            reply_row.get_by_role("link", name="下载", exact=False).first.click()
        download = download_info.value
        assert download.suggested_filename.endswith(".docx")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
        assert "某某有限公司的银行账户信息" in text and "行政复议" in text
        # The downloaded file opens in LibreOffice, and the seven elements are in what it reads.
        letter = Letter.objects.get(
            info_request__tracking_number=tracking_number, kind__startswith="reply"
        )
        read_back = _libreoffice_text(saved, tmp_path)
        for element in (
            letter.title,  # 1 title
            letter.number,  # 2 文号
            "王小明：",  # 3 the applicant, as the salutation
            "2025年11月3日",  # 4 the request with its receipt date
            "2024年示例县城乡最低生活保障资金发放明细",
            "某某有限公司的银行账户信息",  # 5 decision and content, per withheld part
            "《中华人民共和国政府信息公开条例》",  # 6 legal basis by article
            "60日",  # 7 remedies: reconsideration within 60 days ...
            "6个月",  # ... litigation within 6 months
            "应当先向",  # ... and reconsideration first for the withheld part
            letter.organ_name,
        ):
            assert element in read_back, element

        # The closed case is counted in the annual report's row 部分公开 for a natural person
        # (read through the workbench's JSON export, as the office would).
        ir = InfoRequest.objects.get(tracking_number=tracking_number)
        log_in(desk, "office")  # days have passed: the idle timeout ended the earlier session
        report = desk.request.get(
            f"{live_server.url}/manage/reports/{ir.organisation_id}/2025/export.json"
        )
        assert report.status == 200, report.text()
        table3 = report.json()["table3"]
        assert table3["partial"]["natural_person"] == 1 and table3["partial"]["total"] == 1
        assert table3["new_received"]["natural_person"] == 1

    ir = InfoRequest.objects.get(tracking_number=tracking_number)
    assert ir.status == Status.SERVED and ir.outcome == "partial"
    assert ir.received_on == dt.date(2025, 11, 3) and ir.approved_by_name == "王强"
