"""The vocabularies of an item's metadata (目录数据项), as data.

Values are stable ASCII codes (stored, sent by the API, used in filters); labels are the official
Chinese terms shown to people and read back by the .xlsx import.
"""

from __future__ import annotations

from django.db import models


class SubjectCategory(models.TextChoices):
    """主题分类: the State Council policy library's 21 first-level categories (domain rules, last
    section). Codes are the two-digit numbers gov.cn prints."""

    GENERAL = "01", "综合政务"
    ECONOMY = "02", "国民经济管理、国有资产监管"
    FINANCE = "03", "财政、金融、审计"
    LAND_ENERGY = "04", "国土资源、能源"
    AGRICULTURE = "05", "农业、林业、水利"
    INDUSTRY_TRANSPORT = "06", "工业、交通"
    COMMERCE = "07", "商贸、海关、旅游"
    MARKET = "08", "市场监管、安全生产监管"
    CONSTRUCTION = "09", "城乡建设、环境保护"
    SCIENCE_EDUCATION = "10", "科技、教育"
    CULTURE = "11", "文化、广电、新闻出版"
    HEALTH_SPORT = "12", "卫生、体育"
    POPULATION = "13", "人口与计划生育、妇女儿童工作"
    LABOUR = "14", "劳动、人事、监察"
    SECURITY_JUSTICE = "15", "公安、安全、司法"
    CIVIL_AFFAIRS = "16", "民政、扶贫、救灾"
    ETHNIC_RELIGION = "17", "民族、宗教"
    FOREIGN = "18", "对外事务"
    HK_MACAO_TAIWAN = "19", "港澳台侨工作"
    DEFENCE = "20", "国防"
    OTHER = "21", "其他"


class Genre(models.TextChoices):
    """体裁: the kinds of official document (党政机关公文处理工作条例 Art. 8) plus the kinds of
    web content a county publishes; 解读 marks a policy interpretation."""

    NOTICE = "notice", "通知"
    ANNOUNCEMENT = "announcement", "公告"
    CIRCULAR = "circular", "通告"
    OPINION = "opinion", "意见"
    MEASURES = "measures", "办法"
    PROVISIONS = "provisions", "规定"
    DECISION = "decision", "决定"
    REPORT = "report", "报告"
    REPLY = "reply", "批复"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    SCHEME = "scheme", "方案"
    PLANNING = "planning", "规划"
    WORK_PLAN = "work_plan", "计划"
    SUMMARY = "summary", "总结"
    PUBLICITY = "publicity", "公示"
    NEWS = "news", "动态"
    INTERPRETATION = "interpretation", "解读"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    """有效性 of a normative document (规范性文件)."""

    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"
    AMENDED = "amended", "修订"


class DisclosureAttribute(models.TextChoices):
    """公开属性, fixed at drafting and approved with the document (国办发〔2016〕80号)."""

    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class InterpretationKind(models.TextChoices):
    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图文解读"
    AUDIO = "audio", "音频解读"
    VIDEO = "video", "视频解读"


class PiiKind(models.TextChoices):
    ID_NUMBER = "id_number", "身份证号码"
    MOBILE = "mobile", "手机号码"
    BANK_CARD = "bank_card", "银行卡号"
    EMAIL = "email", "个人电子邮箱"
    # A document attachment whose text could not be read (a .doc, an .ofd, a scanned PDF): only
    # a person can look at it, so it blocks like a hit until a reviewer clears it.
    UNSCANNED = "unscanned", "附件文字未能识别"


class PiiLocation(models.TextChoices):
    TITLE = "title", "标题"
    SUMMARY = "summary", "内容概述"
    BODY = "body", "正文"
    ATTACHMENT = "attachment", "附件"


class PiiStatus(models.TextChoices):
    OPEN = "open", "待处理"
    MASKED = "masked", "已脱敏"
    CLEARED = "cleared", "已确认无需脱敏"
    # The text or attachment that held it was changed or removed before anyone acted on it.
    GONE = "gone", "已不存在"


class ExtractionStatus(models.TextChoices):
    EXTRACTED = "extracted", "已提取文字"
    NOT_APPLICABLE = "not_applicable", "图片或音视频"
    FAILED = "failed", "文字未能提取"


def label_to_value(choices: type[models.TextChoices]) -> dict[str, str]:
    """Both the Chinese label and the code map to the code (the import reads either)."""
    result = {str(label): str(value) for value, label in choices.choices}
    result.update({str(value): str(value) for value in choices.values})
    return result
