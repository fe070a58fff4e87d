"""/api/v1/reports: staff only, the report JSON of the command, pending reports, statistics."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db
D = dt.date
BASE = "/api/v1/reports"


def test_anonymous_is_401(citizen, orgs):
    response = citizen.get(f"{BASE}/annual?org=SLXMZJ&year=2025", HTTP_HOST="gk.example.gov.cn")
    assert response.status_code == 401


def test_annual_report_json(client_of, orgs, clerk_a, application):
    application(received_on=D(2025, 3, 3), closed_on=D(2025, 3, 20), outcome="partial")
    response = client_of(clerk_a).get(f"{BASE}/annual", {"org": "SLXMZJ", "year": 2025})
    assert response.status_code == 200
    payload = response.json()
    assert list(payload) == [
        "org", "year", "format_version", "checks", "table2", "table3", "table4",
    ]  # fmt: skip
    assert payload["table3"]["partial"]["natural_person"] == 1
    assert len(payload["table3"]) == 25 and len(payload["table4"]) == 3
    assert payload["table2"]["fees_amount"] == "0"


def test_another_units_report_is_404_and_a_bad_year_422(client_of, orgs, other_clerk):
    client = client_of(other_clerk)
    response = client.get(f"{BASE}/annual", {"org": "SLXMZJ", "year": 2025})
    assert response.status_code == 404
    response = client.get(f"{BASE}/annual", {"org": "SLXCZJ", "year": 2018})
    assert response.status_code == 422 and "旧的报表格式" in response.json()["detail"]
    response = client.get(f"{BASE}/annual", {"org": "SLXCZJ", "year": "abc"})
    assert response.status_code == 422


def test_pending(client_of, orgs, clerk_a):
    rows = client_of(clerk_a).get(f"{BASE}/pending").json()
    assert [r["org"]["code"] for r in rows] == ["SLXMZJ"]
    assert rows[0]["state"] == "未编写"


def test_statistics(client_of, orgs, office, application, calendar):
    application(
        received_on=D(2025, 3, 3),
        closed_on=D(2025, 3, 31),
        outcome="granted",
        unit=orgs["dept"],
        due_on=D(2025, 3, 31),
    )
    application(
        received_on=D(2025, 4, 1),
        closed_on=D(2025, 5, 30),
        outcome="np_repeat",
        unit=orgs["other_dept"],
        due_on=D(2025, 4, 29),
    )
    client = client_of(office)
    payload = client.get(f"{BASE}/statistics", {"year": 2025}).json()
    assert payload["totals"]["received"] == 2 and payload["totals"]["closed"] == 2
    assert payload["totals"]["on_time_rate"] == 50.0
    units = {u["unit_name"]: u for u in payload["units"]}
    assert units["示例县民政局"]["on_time_rate"] == 100.0
    assert units["示例县财政局"]["on_time_rate"] == 0.0
    narrowed = client.get(f"{BASE}/statistics", {"year": 2025, "unit": "SLXCZJ"}).json()
    assert narrowed["totals"]["received"] == 1
    assert client.get(f"{BASE}/statistics", {"year": 2025, "unit": "NOPE"}).status_code == 404
