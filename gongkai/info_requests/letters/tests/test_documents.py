"""The letter files: every kind renders as .docx and PDF; the reply to a partial disclosure
carries the seven elements, opens in LibreOffice, and its PDF embeds a CJK font."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.info_requests import services as svc
from gongkai.info_requests.letters.defaults import sample_values
from gongkai.info_requests.letters.files import letter_file
from gongkai.info_requests.letters.kinds import LetterKind
from gongkai.info_requests.letters.rendering import render_docx, render_pdf
from gongkai.info_requests.letters.wording import compose, default_wording
from gongkai.info_requests.services import WithheldPartInput as Part
from gongkai.info_requests.tests.conftest import APPROVED_ON

# The seven elements of the partial reply below, as they must read in any of its files.
SEVEN_ELEMENTS = {
    "title": "示例县民政局政府信息公开申请答复书",
    "number": "县民政局依申公复〔2025〕1号",
    "applicant": "王小明：",
    "request and receipt date": "我机关于2025年9月22日收到您提交的政府信息公开申请",
    "request": "申请公开“2024年示例县城乡最低生活保障资金发放明细”",
    "decision": "现将2024年低保资金发放汇总表提供给您。",
    "withheld part and reason": "低保对象的身份证号码和银行账号（理由：保护第三方合法权益",
    "basis by article": "《中华人民共和国政府信息公开条例》第三十七条的规定",
    "article of the withheld part": "第十五条、第三十二条、第三十六条第（三）项",
    "remedy": "60日内向示例县人民政府申请行政复议，或者在6个月内依法向人民法院提起行政诉讼",
    "reconsideration first": "对本答复中不予公开的决定不服的，应当先向示例县人民政府申请行政复议",
    "issuing organ": "示例县民政局",
    "date": "2025年10月20日",
    "seal": "（印章）",
}


@pytest.fixture
def partial_reply(drafting, clerk_a, office):
    info_request = drafting()
    svc.info_request_draft_reply(
        info_request=info_request,
        outcome="partial",
        reply_content="现将2024年低保资金发放汇总表提供给您。",
        withheld_parts=[Part("低保对象的身份证号码和银行账号", "denied_third_party")],
        actor=clerk_a,
    )
    svc.info_request_submit_reply(info_request=info_request, actor=clerk_a)
    svc.info_request_review(info_request=info_request, passed=True, actor=office)
    svc.info_request_approve(
        info_request=info_request, approved=True, actor=office, approved_on=APPROVED_ON
    )
    return info_request.letters.get(series="reply")


def _flat(text: str) -> str:
    return "".join(text.split())


def _assert_seven_elements(text: str) -> None:
    flat = _flat(text)
    missing = [name for name, words in SEVEN_ELEMENTS.items() if _flat(words) not in flat]
    assert missing == [], text


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode()


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_kind_renders_as_docx_and_pdf(kind):
    text = compose(
        default_wording(kind),
        sample_values(kind),
        number="县民政局依申公告〔2025〕8号",
        recipient="王小明",
        organ_name="示例县民政局",
        issued_on=dt.date(2025, 9, 22),
    )
    document = Document(io.BytesIO(render_docx(text)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:3] == [text.title, "县民政局依申公告〔2025〕8号", "王小明："]
    assert paragraphs[3 : 3 + len(text.paragraphs)] == list(text.paragraphs)
    assert document.tables[0].cell(0, 0).text == "（印章）"
    assert render_pdf(text).startswith(b"%PDF")


def test_the_docx_is_laid_out_as_an_official_document(partial_reply):
    path, _, _ = letter_file(partial_reply, "docx")
    document = Document(path)
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    title, number, salutation, first = document.paragraphs[:4]
    assert title.style.name == "答复书标题" and title.style.font.size == Pt(22)
    fonts = title.style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body_fonts = first.style.element.rPr.find(qn("w:rFonts"))
    assert body_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert first.style.font.size == Pt(16)
    ind = first.style.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"  # two characters
    assert number.text == SEVEN_ELEMENTS["number"] and number.style.name == "答复书文号"
    assert salutation.text == "王小明："
    signoff = [p for p in document.paragraphs if p.style.name == "答复书落款"]
    assert [p.text for p in signoff] == ["示例县民政局", "2025年10月20日"]
    _assert_seven_elements(
        "\n".join(p.text for p in document.paragraphs) + document.tables[0].cell(0, 0).text
    )


def test_the_reply_docx_opens_in_libreoffice_with_the_seven_elements(partial_reply, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path, _, _ = letter_file(partial_reply, "docx")
    source = tmp_path / "reply.docx"
    shutil.copyfile(path, source)
    profile = Path("/tmp") / f"lo-{uuid.uuid4().hex}"
    try:
        result = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "txt:Text",
                "--outdir",
                str(tmp_path / "out"),
                str(source),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = tmp_path / "out" / "reply.txt"
    assert result.returncode == 0 and converted.exists(), result.stderr.decode(errors="replace")
    _assert_seven_elements(converted.read_text(encoding="utf-8-sig"))


def test_the_reply_pdf_has_the_chinese_text_in_an_embedded_cjk_font(partial_reply):
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdftotext, pdffonts) is not installed")
    path, _, content_type = letter_file(partial_reply, "pdf")
    assert content_type == "application/pdf"
    _assert_seven_elements(_pdf_text(Path(path)))
    fonts = subprocess.run(
        ["pdffonts", path], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    embedded = [line for line in fonts.splitlines()[2:] if line.strip()]
    # A CID font with Identity-H encoding, embedded and subset: the Chinese glyphs travel with
    # the file (WenQuanYi Zen Hei from fonts-wqy-zenhei unless another font is configured).
    assert any(
        "CID" in line and "Identity-H" in line and " yes yes " in line for line in embedded
    ), fonts
    assert any("WenQuanYi" in line for line in embedded), fonts
