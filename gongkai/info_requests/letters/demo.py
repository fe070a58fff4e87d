"""Letter settings of the demo county: the county government names its reconsideration organ
(the city government above 示例县), so its demo replies print a real organ instead of the
fallback phrase. Call before the demo applications are built (gongkai.info_requests.demo),
which issue their letters as they go. Idempotent: an existing setting is left as it is."""

from __future__ import annotations

from gongkai.organizations.models import Site

from ..models import LetterSettings
from .services import letter_settings_update

DEMO_CITY_GOVERNMENT = "示例市人民政府"


def load_demo(site: Site) -> bool:
    """True when the setting was added."""
    government = site.government
    if government is None or LetterSettings.objects.filter(organisation=government).exists():
        return False
    letter_settings_update(
        organisation=government, reconsideration_organ=DEMO_CITY_GOVERNMENT, actor=None
    )
    return True
