"""The audit actions of sites, organisations, staff and tokens (see core.audit_actions)."""

from gongkai.core.audit_actions import Stale, declare

# A site's or a unit's name shows in every page's header, breadcrumbs and footer.
SITE = declare("site", "", {"create": "新建站点", "update": "修改站点"}, stale=Stale.ALL)
ORGANISATION = declare(
    "organisation", "", {"create": "新建机构", "update": "修改机构"}, stale=Stale.ALL
)
STAFF = declare("staff", "", {"create": "新增工作人员", "update": "修改工作人员"})
API_TOKEN = declare("api_token", "", {"create": "创建 API 令牌", "revoke": "吊销 API 令牌"})
DEMO = declare("demo", "", {"build": "载入演示数据"}, stale=Stale.ALL)
