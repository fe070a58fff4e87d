"""The applicant's query code (查询码): 8 characters handed out once, stored as a keyed hash.

A keyed HMAC-SHA256 (SECRET_KEY, with a per-application salt) rather than a password hasher:
the code is random, not chosen by a person, so slow hashing protects nothing that the key does
not, and registering 30 demo applications should not take half a minute. Without the key a
leaked table does not let anyone test codes; rotating the key keeps old codes working through
SECRET_KEY_FALLBACKS. Comparison is constant-time.
"""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

LENGTH = 8
# No 0/O, 1/I/L: the code is read off a letter and typed in by hand.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_ALGORITHM = "hmac_sha256"
_KEY_SALT = "gongkai.info_requests.query_code"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").upper()


def _digest(salt: str, code: str, secret: str) -> str:
    return salted_hmac(_KEY_SALT, f"{salt}:{code}", secret=secret, algorithm="sha256").hexdigest()


def hash_code(code: str) -> str:
    salt = secrets.token_hex(8)
    return f"{_ALGORITHM}${salt}${_digest(salt, normalise_code(code), settings.SECRET_KEY)}"


def check_code(code: str, stored: str) -> bool:
    """Whether `code` matches the stored hash; every key is tried, so timing does not depend on
    which one (if any) matches."""
    algorithm, _, rest = (stored or "").partition("$")
    salt, _, digest = rest.partition("$")
    normal = normalise_code(code)
    matched = False
    for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())):
        candidate = _digest(salt, normal, secret)
        matched |= hmac.compare_digest(candidate, digest)
    return matched and algorithm == _ALGORITHM and bool(normal)
