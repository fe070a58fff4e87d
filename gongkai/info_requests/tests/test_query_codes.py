"""The query code's keyed hash: matches only the code, survives a key rotation through
SECRET_KEY_FALLBACKS, and is useless without the key."""

from __future__ import annotations

from gongkai.info_requests.query_codes import ALPHABET, LENGTH, check_code, hash_code, new_code


def test_codes_use_the_unambiguous_alphabet():
    codes = {new_code() for _ in range(50)}
    assert len(codes) == 50
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert not set("01ILO") & set(ALPHABET)


def test_hash_matches_the_code_as_typed_and_nothing_else():
    stored = hash_code("AB3D-EF7H")
    assert stored.startswith("hmac_sha256$") and "AB3DEF7H" not in stored
    assert check_code("ab3d ef7h", stored)
    assert not check_code("AB3DEF7J", stored)
    assert not check_code("", stored)
    assert hash_code("AB3DEF7H") != stored  # salted per application


def test_rotating_the_key_keeps_old_codes_working(settings):
    settings.SECRET_KEY = "old-key-" + "x" * 50
    stored = hash_code("AB3DEF7H")
    settings.SECRET_KEY = "new-key-" + "y" * 50
    assert not check_code("AB3DEF7H", stored)
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 50]
    assert check_code("AB3DEF7H", stored)


def test_a_malformed_stored_value_never_matches():
    assert not check_code("AB3DEF7H", "")
    assert not check_code("AB3DEF7H", "md5$abc$def")
