"""A staff member's own API tokens on the workbench."""

from __future__ import annotations

import re

import pytest

from conftest import SITE_HOST
from gongkai.organizations.models import ApiToken
from gongkai.organizations.services import api_token_create

pytestmark = pytest.mark.django_db

KEY = re.compile(r"gk_[A-Za-z0-9_-]{40,}")


def test_create_shows_the_raw_key_once_and_it_works(client_of, clerk_a):
    client = client_of(clerk_a)
    response = client.post("/manage/api-tokens/", {"name": "台账同步"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    keys = KEY.findall(response.content.decode())
    assert len(keys) == 1
    key = keys[0]
    token = ApiToken.objects.get(user=clerk_a)
    assert token.name == "台账同步"
    assert key not in token.key_hash
    # The key authenticates as the clerk.
    me = client.__class__(HTTP_HOST=SITE_HOST).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert me.status_code == 200
    assert me.json()["username"] == "clerk_a"
    # Never shown again.
    listing = client.get("/manage/api-tokens/").content.decode()
    assert key not in listing
    assert "台账同步" in listing
    assert f"gk_{token.prefix}" in listing


def test_empty_name_is_a_form_error(client_of, clerk_a):
    response = client_of(clerk_a).post("/manage/api-tokens/", {"name": "  "})
    assert response.status_code == 400
    assert "请填写令牌名称。" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_only_own_tokens_are_listed(client_of, clerk_a, clerk_b):
    api_token_create(user=clerk_b, name="李红的脚本", actor=clerk_b)
    html = client_of(clerk_a).get("/manage/api-tokens/").content.decode()
    assert "李红的脚本" not in html
    assert "您还没有创建令牌" in html


def test_revoke_own_token(client_of, clerk_a):
    token, key = api_token_create(user=clerk_a, name="旧脚本", actor=clerk_a)
    client = client_of(clerk_a)
    response = client.post(f"/manage/api-tokens/{token.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert "已吊销" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.__class__(HTTP_HOST=SITE_HOST).get(
        "/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert refused.status_code == 401


def test_cannot_revoke_someone_elses_token(client_of, clerk_a, clerk_b):
    token, _ = api_token_create(user=clerk_b, name="李红的脚本", actor=clerk_b)
    response = client_of(clerk_a).post(f"/manage/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_needs_post(client_of, clerk_a):
    token, _ = api_token_create(user=clerk_a, name="脚本", actor=clerk_a)
    assert client_of(clerk_a).get(f"/manage/api-tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_is_audited(client_of, clerk_a):
    from gongkai.core.models import AuditEvent

    token, _ = api_token_create(user=clerk_a, name="脚本", actor=clerk_a)
    client_of(clerk_a).post(f"/manage/api-tokens/{token.pk}/revoke/")
    assert AuditEvent.objects.filter(action="api_token.revoke", actor_id=clerk_a.pk).exists()
