"""The fixed vocabularies of an application (申请表 and 办理记录). Pure data."""

from __future__ import annotations

from django.db import models

from .outcomes import REGULATION


class Channel(models.TextChoices):
    """申请方式. In person and post can never be refused (19号); the others bind the organ once
    its guide (指南) announces them."""

    IN_PERSON = "in_person", "当面"
    POST = "post", "邮寄"
    ONLINE = "online", "网络"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    OTHER = "other", "其他"


# Channels whose receipt date is a confirmation day (Art. 31 (3), 207号): the application waits
# as `submitted` until the office confirms it with the applicant.
CONFIRMATION_CHANNELS = frozenset({Channel.ONLINE, Channel.FAX, Channel.EMAIL, Channel.OTHER})


class IdType(models.TextChoices):
    """身份证明的类型."""

    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_PERMANENT = "foreign_permanent", "外国人永久居留身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class ProvisionForm(models.TextChoices):
    """所需信息的提供形式 (Art. 29 (3), Art. 40)."""

    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘"
    USB = "usb", "U盘"
    ON_SITE = "on_site", "当场阅读、抄录"
    OTHER = "other", "其他"


class DeliveryMethod(models.TextChoices):
    """获取信息的方式 (Art. 29 (3))."""

    PICKUP = "pickup", "自行领取"
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    DOWNLOAD = "download", "网上下载"


class ServiceMethod(models.TextChoices):
    """送达方式 of the reply (235号): postal service through China Post only, signature date
    counts."""

    IN_PERSON = "in_person", "当面送达"
    POST = "post", "邮寄送达（中国邮政）"
    EMAIL = "email", "电子邮件"
    DOWNLOAD = "download", "网上下载"
    FAX = "fax", "传真"


POSTAL_CARRIER = "中国邮政"


class AttachmentKind(models.TextChoices):
    ID_COPY = "id_copy", "身份证明复印件"
    POWER_OF_ATTORNEY = "power_of_attorney", "授权委托书"
    APPLICATION_FORM = "application_form", "申请表"
    CORRECTION = "correction", "补正材料"
    OTHER = "other", "其他材料"


ATTACHMENT_KINDS = frozenset({"pdf", "jpg", "png", "ofd", "doc", "docx"})


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见"
    CO_MAKER = "co_maker", "征求其他机关意见"


CONSULTATION_BASIS = {
    ConsultationKind.THIRD_PARTY: f"{REGULATION}第三十二条",
    ConsultationKind.CO_MAKER: f"{REGULATION}第三十四条",
}
FEE_BASIS = f"{REGULATION}第四十二条"


class ConsultationAnswer(models.TextChoices):
    CONSENT = "consent", "同意公开"
    OBJECTION = "objection", "不同意公开"
    OTHER = "other", "其他意见"


class MassReviewDecision(models.TextChoices):
    """Art. 35: the organ asked for reasons of a mass or repeated request."""

    PENDING = "pending", "等待申请人说明理由"
    REASONABLE = "reasonable", "理由合理"
    UNREASONABLE = "unreasonable", "理由不合理（不予处理）"


class RemedyResult(models.TextChoices):
    """Result of a reconsideration or suit; the same values as reports.annual.RemedyResult
    (Table 四 columns), which counts these rows."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class SuitKind(models.TextChoices):
    DIRECT = "direct", "未经复议直接起诉"
    AFTER_RECONSIDERATION = "after_reconsideration", "复议后起诉"


class RemedyKind(models.TextChoices):
    """Table 四's three groups; the same values as reports.annual.RemedyKind."""

    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "未经复议直接起诉"
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration", "复议后起诉"


SUIT_REMEDY_KIND = {
    SuitKind.DIRECT: RemedyKind.LITIGATION_DIRECT,
    SuitKind.AFTER_RECONSIDERATION: RemedyKind.LITIGATION_AFTER_RECONSIDERATION,
}
