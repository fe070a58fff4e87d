"""Who applies (申请人): identity checks (Art. 29 (1)) and the applicant key. Pure.

The applicant key identifies one applicant across applications without comparing identity
numbers in clear: a SHA-256 of the normalised number. It serves the per-applicant monthly fee
counter (国办函〔2020〕109号 counts per applicant per calendar month) and the repeat-application
suggestion (Art. 36 (6)). It is a matching key, not a secret: the number itself is stored for
the letters, and identity numbers are too structured for any hash to hide them.
"""

from __future__ import annotations

import hashlib
import unicodedata

from django.core.exceptions import ValidationError

from gongkai.core.pii import is_valid_id_number
from gongkai.organizations.validators import is_valid_credit_code

from .choices import IdType
from .outcomes import ApplicantType

_KEY_SALT = "gongkai.info_requests.applicant:"
_SEPARATORS = str.maketrans("", "", " -\u00a0\u3000")
MAX_ID_LENGTH = 50

PERSON_ID_TYPES = frozenset(set(IdType) - {IdType.CREDIT_CODE})
ORGANISATION_ID_TYPES = frozenset({IdType.CREDIT_CODE, IdType.OTHER})


def normalise_id_number(value: str) -> str:
    """Numbers are copied from cards and forms: full-width digits, spaces, hyphens, lower-case x."""
    text = unicodedata.normalize("NFKC", value or "").translate(_SEPARATORS)
    return text.upper()


def applicant_key(id_number: str) -> str:
    """The matching key of an identity number (empty for an empty number)."""
    normal = normalise_id_number(id_number)
    if not normal:
        return ""
    return hashlib.sha256((_KEY_SALT + normal).encode()).hexdigest()


def is_organisation(applicant_type: ApplicantType | str) -> bool:
    return ApplicantType(applicant_type) != ApplicantType.NATURAL_PERSON


def validate_identity(
    applicant_type: str,
    id_type: str,
    id_number: str,
    *,
    legal_representative: str = "",
    contact_person: str = "",
) -> str:
    """The normalised identity number, or a ValidationError keyed by field, in Chinese.

    A natural person proves identity with a personal document; an organisation with its unified
    social credit code (or another registration document, e.g. a foreign institution) and names
    its legal representative or a contact person.
    """
    errors: dict[str, str] = {}
    if applicant_type not in ApplicantType.values:
        raise ValidationError({"applicant_type": "请选择申请人类型。"})
    if id_type not in IdType.values:
        raise ValidationError({"id_type": "请选择身份证明类型。"})
    number = normalise_id_number(id_number)
    organisation = is_organisation(applicant_type)
    if not number:
        errors["id_number"] = (
            "请填写统一社会信用代码或其他登记证件号码。" if organisation else "请填写身份证件号码。"
        )
    elif len(number) > MAX_ID_LENGTH:
        errors["id_number"] = f"证件号码最多 {MAX_ID_LENGTH} 个字符。"
    if organisation and id_type not in ORGANISATION_ID_TYPES:
        errors["id_type"] = "法人或其他组织请提供统一社会信用代码（或其他登记证件）。"
    elif not organisation and id_type not in PERSON_ID_TYPES:
        errors["id_type"] = "自然人请提供居民身份证等个人身份证件。"
    elif number and "id_number" not in errors:
        if id_type == IdType.ID_CARD and not is_valid_id_number(number):
            errors["id_number"] = "居民身份证号码不正确（应为18位，校验位正确）。"
        elif id_type == IdType.CREDIT_CODE and not is_valid_credit_code(number):
            errors["id_number"] = "统一社会信用代码应为18位，且校验位正确（GB 32100-2015）。"
    if organisation and not (legal_representative.strip() or contact_person.strip()):
        errors["legal_representative"] = "法人或其他组织请填写法定代表人或联系人。"
    if errors:
        raise ValidationError(errors)
    return number
