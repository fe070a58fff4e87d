from django.urls import path, register_converter

from . import disclosure, feeds, search_views, sitemaps, views


class ItemIdConverter:
    """An item's id as the public address shows it: no leading zero, so an organisation code
    made of digits with a leading zero (a 组织机构代码) still reaches its section."""

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(ItemIdConverter, "item")

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("a11y/", views.a11y, name="a11y"),
    path("jg/", views.organisations, name="organisations"),
    path("jg/<str:code>/", views.organisation_detail, name="organisation"),
    path("zhaocuo/", views.report_error, name="report_error"),
    # 政府信息公开
    path("xxgk/", disclosure.xxgk, name="xxgk"),
    path("xxgk/lanmu/<int:column_id>/", disclosure.column, name="column"),
    path("xxgk/<item:pk>/", disclosure.item, name="item"),
    path("xxgk/<item:pk>/print/", disclosure.item_print, name="item_print"),
    path("xxgk/<str:code>/", disclosure.section, name="section"),
    # Feeds, sitemaps, robots
    path("feeds/lanmu/<int:column_id>.xml", feeds.column_feed, name="feed_column"),
    path("feeds/jg/<str:code>.xml", feeds.organisation_feed, name="feed_org"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", sitemaps.robots, name="robots"),
    path("search/", search_views.search_page, name="search"),
]
