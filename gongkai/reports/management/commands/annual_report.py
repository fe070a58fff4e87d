"""`gongkai annual_report --org ORG --year YEAR [--format json|xlsx|docx|html] [--output FILE]`

Prints (json, html) or writes (any format, with --output) the annual report of one unit: the
stored report when there is one (its frozen tables once submitted), else the live figures from
the records. ORG is the unit's code or full name on any site; when several sites have it,
--site (the site's 行政区划代码) picks one. Reads only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from gongkai.organizations.models import Organisation, Site
from gongkai.reports import outputs, selectors
from gongkai.reports.deadlines import REPORTING_KINDS


def find_organisation(name: str, site_code: str | None = None) -> Organisation:
    name = (name or "").strip()
    if not name:
        raise CommandError("请用 --org 指定单位（机构代码或全称）。")
    qs = Organisation.objects.select_related("site").filter(Q(code=name) | Q(full_name=name))
    if site_code:
        site = Site.objects.filter(division_code=site_code.strip()).first()
        if site is None:
            raise CommandError(f"没有行政区划代码为“{site_code}”的站点。")
        qs = qs.filter(site=site)
    found = list(qs.order_by("site_id", "id"))
    if not found:
        raise CommandError(f"未找到单位“{name}”（请使用机构代码或单位全称）。")
    if len({org.site_id for org in found}) > 1:
        sites = "、".join(f"{org.site.name}（{org.site.division_code}）" for org in found)
        raise CommandError(
            f"多个站点都有单位“{name}”：{sites}。请用 --site 指定站点的行政区划代码。"
        )
    if len(found) > 1:
        # One site: a code of one unit equal to the full name of another. The code wins.
        coded = [org for org in found if org.code == name]
        found = coded or found
    return found[0]


class Command(BaseCommand):
    help = "输出某单位某年度的政府信息公开工作年度报告（JSON、Excel、Word 或网页）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="单位的机构代码或全称")
        parser.add_argument("--year", required=True, type=int, help="报告年度，如 2025")
        parser.add_argument(
            "--format", default="json", choices=outputs.FORMATS, help="输出格式（默认 json）"
        )
        parser.add_argument("--output", help="写入的文件；json、html 默认输出到标准输出")
        parser.add_argument("--site", help="站点的行政区划代码（单位名称在多个站点重复时）")

    def handle(self, *args: Any, **options: Any) -> None:
        org = find_organisation(options["org"], options.get("site"))
        if org.kind not in REPORTING_KINDS:
            raise CommandError(
                f"“{org.full_name}”是{org.get_kind_display()}，不需要编制政府信息公开工作年度报告。"
            )
        try:
            year = selectors.check_year(options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        fmt = options["format"]
        output = options.get("output")
        if fmt in ("xlsx", "docx") and not output:
            raise CommandError(f"{fmt} 格式请用 --output 指定输出文件。")
        rendered = outputs.render(selectors.annual_data(org, year), fmt)
        if output:
            try:
                Path(output).write_bytes(rendered.content)
            except OSError as error:
                raise CommandError(f"无法写入文件“{output}”：{error.strerror}。") from None
            self.stderr.write(f"已写入 {output}")
            return
        self.stdout.write(rendered.content.decode())
