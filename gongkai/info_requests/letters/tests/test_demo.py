"""The demo county's letter settings: its government names the city government."""

from __future__ import annotations

from gongkai.info_requests.letters import demo
from gongkai.info_requests.letters.numbering import effective_settings


def test_demo_names_the_county_governments_reconsideration_organ_once(site):
    assert effective_settings(site.government).organ_configured is False
    assert demo.load_demo(site) is True
    settings = effective_settings(site.government)
    assert settings.reconsideration_organ == "示例市人民政府" and settings.organ_configured
    assert demo.load_demo(site) is False
