"""A LetterText laid out as .docx (python-docx) and as PDF (WeasyPrint), after the layout of
official documents (GB/T 9704-2012): A4; title centred in 方正小标宋 2号 (22pt); the number
centred under it; the body in 仿宋_GB2312 3号 (16pt) with a first-line indent of two
characters; the issuing organ and the date right-aligned; a box for the seal.

Chinese fonts: Word and LibreOffice pick a paragraph's Chinese font from w:rFonts/@w:eastAsia,
not from the Latin font name python-docx sets, so every style sets both. The PDF embeds a CJK
font: GONGKAI_LETTER_FONT_FILE (default: WenQuanYi Zen Hei, Debian's fonts-wqy-zenhei) is loaded
through @font-face when the file exists, else the family names are left to fontconfig.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any

from django.conf import settings

from .wording import LetterText

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
LINE_PT = 28  # 22 lines a page (GB/T 9704)
DEFAULT_FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
PDF_FALLBACK_FAMILY = "WenQuanYi Zen Hei"

# XML 1.0 forbids most control characters; python-docx would raise on them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


# --- .docx ----------------------------------------------------------------------------------


def _set_fonts(style: Any, east_asian: str, size_pt: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = LATIN_FONT
    style.font.size = Pt(size_pt)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _paragraph_style(document: Any, name: str, font: str, size_pt: int) -> Any:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    _set_fonts(style, font, size_pt)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = Pt(LINE_PT)
    return style


def _indent_two_characters(style: Any) -> None:
    """Two characters, whatever the font size: w:firstLineChars (hundredths of a character),
    with the length in points for applications that ignore it."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    ind = style.element.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), "200")


def _seal_box(document: Any, text: str) -> None:
    """A one-cell table at the right margin with a dashed border: where the seal goes."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    table.autofit = False
    table.columns[0].width = Cm(4.2)  # w:gridCol, which LibreOffice reads
    cell = table.cell(0, 0)
    cell.width = Cm(4.2)  # w:tcW, which Word reads
    table.rows[0].height = Cm(4.2)
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "dashed")
        border.set(qn("w:sz"), "6")
        border.set(qn("w:color"), "C00000")
        borders.append(border)
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(borders)
    valign = OxmlElement("w:vAlign")
    valign.set(qn("w:val"), "center")
    tc_pr.append(valign)
    paragraph = cell.paragraphs[0]
    paragraph.style = document.styles["答复书落款"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text)


def render_docx(text: LetterText) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _set_fonts(document.styles["Normal"], BODY_FONT, BODY_PT)

    title = _paragraph_style(document, "答复书标题", TITLE_FONT, TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    number = _paragraph_style(document, "答复书文号", BODY_FONT, BODY_PT)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_before = Pt(LINE_PT / 2)
    number.paragraph_format.space_after = Pt(LINE_PT)
    _paragraph_style(document, "答复书称谓", BODY_FONT, BODY_PT)
    body = _paragraph_style(document, "答复书正文", BODY_FONT, BODY_PT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _indent_two_characters(body)
    signoff = _paragraph_style(document, "答复书落款", BODY_FONT, BODY_PT)
    signoff.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    document.core_properties.title = _clean(text.title)
    document.core_properties.author = _clean(text.organ_name)

    document.add_paragraph(_clean(text.title), style="答复书标题")
    document.add_paragraph(_clean(text.number), style="答复书文号")
    document.add_paragraph(_clean(text.salutation), style="答复书称谓")
    for paragraph in text.paragraphs:
        document.add_paragraph(_clean(paragraph), style="答复书正文")
    first = document.add_paragraph(_clean(text.organ_name), style="答复书落款")
    first.paragraph_format.space_before = Pt(2 * LINE_PT)
    document.add_paragraph(_clean(text.date_text), style="答复书落款")
    _seal_box(document, text.seal)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------


def font_file() -> Path | None:
    configured = getattr(settings, "GONGKAI_LETTER_FONT_FILE", DEFAULT_FONT_FILE)
    path = Path(configured) if configured else None
    return path if path is not None and path.is_file() else None


def stylesheet() -> str:
    font = font_file()
    face = (
        f'@font-face {{ font-family: "GKLetter"; src: url("{font.as_uri()}"); }}\n' if font else ""
    )
    families = f'"GKLetter", "{PDF_FALLBACK_FAMILY}"' if font else f'"{PDF_FALLBACK_FAMILY}"'
    return (
        face
        + f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: {families}, "{BODY_FONT}", serif; font-size: {BODY_PT}pt;
        line-height: {LINE_PT}pt; margin: 0; }}
h1 {{ font-family: {families}, "{TITLE_FONT}", serif; font-size: {TITLE_PT}pt;
      font-weight: normal; line-height: 36pt; text-align: center; margin: 0; }}
p {{ margin: 0; }}
.number {{ text-align: center; margin: {LINE_PT // 2}pt 0 {LINE_PT}pt; }}
.body {{ text-indent: 2em; text-align: justify; }}
.signoff {{ text-align: right; }}
.signoff-first {{ margin-top: {2 * LINE_PT}pt; }}
.seal {{ width: 42mm; height: 42mm; margin: 6pt 0 0 auto; border: 1pt dashed #c00000;
         border-radius: 50%; display: flex; align-items: center; justify-content: center;
         color: #c00000; }}
"""
    )


def letter_html(text: LetterText) -> str:
    def p(cls: str, content: str) -> str:
        return f'<p class="{cls}">{html.escape(_clean(content))}</p>'

    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{html.escape(_clean(text.title))}</title></head><body>",
        f"<h1>{html.escape(_clean(text.title))}</h1>",
        p("number", text.number),
        p("salutation", text.salutation),
        *(p("body", paragraph) for paragraph in text.paragraphs),
        p("signoff signoff-first", text.organ_name),
        p("signoff", text.date_text),
        f'<div class="seal">{html.escape(text.seal)}</div>',
        "</body></html>",
    ]
    return "\n".join(parts)


def _url_fetcher(url: str, *args: Any, **kwargs: Any) -> Any:
    """Only the configured font file may be loaded: the letter text is escaped, but nothing in
    a letter should ever make the renderer fetch a URL."""
    from weasyprint import default_url_fetcher

    font = font_file()
    if font is not None and url == font.as_uri():
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"letter rendering does not fetch {url!r}")


def render_pdf(text: LetterText) -> bytes:
    from weasyprint import CSS, HTML

    document = HTML(string=letter_html(text), url_fetcher=_url_fetcher)
    pdf = document.write_pdf(stylesheets=[CSS(string=stylesheet(), url_fetcher=_url_fetcher)])
    if not pdf:  # pragma: no cover - write_pdf without a target always returns bytes
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
