"""The demo county 示例县: a typical Shandong county after the 2019 institutional reform, with
its government, the office, departments, towns and streets, a few villages and communities,
public enterprises and institutions in every sector, and a login for every role.

`build_demo()` only ever adds what is missing (by site division code, organisation code and
username): running it again creates nothing and changes nothing, even after someone has edited
the demo data by hand. Everything is built from the factories the tests use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from gongkai.core import audit
from gongkai.organizations.audit_actions import DEMO

from .factories import (
    OrganisationFactory,
    SiteFactory,
    StaffFactory,
    UserFactory,
    build_site_skeleton,
    make_credit_code,
)
from .models import Organisation, OrganisationKind, Role, Sector, Site, SiteHost

K = OrganisationKind
S = Sector

DEMO_PASSWORD = "Gongkai-demo-2025"
DIVISION_CODE = "370899"
PREFIX = "SLX"
SITE = {
    "name": "示例县",
    "division_code": DIVISION_CODE,
    "website_code": "3708990001",
    "icp_number": "鲁ICP备00000000号",
    "security_filing": "鲁公网安备37089902000000号",
    "sponsor": "示例县人民政府办公室",
    "contact_phone": "0537-8000000",
    "contact_email": "zwgk@shixian.example.gov.cn",
    "address": "示例县人民路1号",
    "postcode": "272000",
}
HOSTS = ("127.0.0.1", "localhost")
OFFICE_HOURS = "工作日 上午8:30-12:00 下午13:30-17:30（法定节假日除外）"

# (code without the county prefix, full name, short name). Working departments of the county
# government as a Shandong county has them after the 2019 reform, then the directly affiliated
# bodies and service centres that publish on the county portal, then vertically managed units
# (税务, 消防, 气象, the municipal ecology bureau's county branch) that also publish there.
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("FGJ", "示例县发展和改革局", "县发展改革局"),
    ("JTJ", "示例县教育和体育局", "县教体局"),
    ("KJJ", "示例县科学技术局", "县科技局"),
    ("GXJ", "示例县工业和信息化局", "县工信局"),
    ("GAJ", "示例县公安局", "县公安局"),
    ("MZJ", "示例县民政局", "县民政局"),
    ("SFJ", "示例县司法局", "县司法局"),
    ("CZJ", "示例县财政局", "县财政局"),
    ("RSJ", "示例县人力资源和社会保障局", "县人社局"),
    ("ZRJ", "示例县自然资源和规划局", "县自然资源规划局"),
    ("ZJJ", "示例县住房和城乡建设局", "县住建局"),
    ("JYJ", "示例县交通运输局", "县交通运输局"),
    ("SLJ", "示例县水务局", "县水务局"),
    ("NYJ", "示例县农业农村局", "县农业农村局"),
    ("SWJ", "示例县商务局", "县商务局"),
    ("WLJ", "示例县文化和旅游局", "县文旅局"),
    ("WJJ", "示例县卫生健康局", "县卫健局"),
    ("TYJ", "示例县退役军人事务局", "县退役军人局"),
    ("YJJ", "示例县应急管理局", "县应急局"),
    ("SJJ", "示例县审计局", "县审计局"),
    ("SCJ", "示例县市场监督管理局", "县市场监管局"),
    ("YBJ", "示例县医疗保障局", "县医保局"),
    ("TJJ", "示例县统计局", "县统计局"),
    ("SPJ", "示例县行政审批服务局", "县行政审批局"),
    ("ZHZF", "示例县综合行政执法局", "县综合执法局"),
    ("XFJ", "示例县信访局", "县信访局"),
    ("JGSW", "示例县机关事务服务中心", "县机关事务中心"),
    ("DSJ", "示例县大数据中心", "县大数据中心"),
    ("XMZX", "示例县畜牧兽医事业发展中心", "县畜牧兽医中心"),
    ("GGZY", "示例县公共资源交易中心", "县公共资源交易中心"),
    ("BDC", "示例县不动产登记中心", "县不动产登记中心"),
    ("SBZX", "示例县社会保险事业中心", "县社保中心"),
    ("JYZX", "示例县公共就业和人才服务中心", "县就业人才中心"),
    ("JRZX", "示例县金融服务中心", "县金融服务中心"),
    ("LCZX", "示例县粮食和物资储备中心", "县粮储中心"),
    ("TCZX", "示例县投资促进服务中心", "县投促中心"),
    ("RFZX", "示例县人民防空事务服务中心", "县人防中心"),
    ("DZZX", "示例县地震监测中心", "县地震中心"),
    ("DAG", "示例县档案馆", "县档案馆"),
    ("GJJ", "示例县住房公积金管理中心", "县公积金中心"),
    ("GXS", "示例县供销合作社联合社", "县供销社"),
    ("CLH", "示例县残疾人联合会", "县残联"),
    ("KFQ", "示例经济开发区管理委员会", "经济开发区管委会"),
    ("SWU", "国家税务总局示例县税务局", "县税务局"),
    ("XFDD", "示例县消防救援大队", "县消防救援大队"),
    ("QXJ", "示例县气象局", "县气象局"),
    ("STHJ", "示例市生态环境局示例县分局", "县生态环境分局"),
)

# (code, full name, short name): three streets (街道) around the county seat and seven towns.
TOWNSHIPS: tuple[tuple[str, str, str], ...] = (
    ("CGJD", "示例县城关街道办事处", "城关街道"),
    ("DCJD", "示例县东城街道办事处", "东城街道"),
    ("XCJD", "示例县西城街道办事处", "西城街道"),
    ("YZZ", "示例县杨庄镇人民政府", "杨庄镇"),
    ("MJZ", "示例县马集镇人民政府", "马集镇"),
    ("WLZ", "示例县王楼镇人民政府", "王楼镇"),
    ("LZZ", "示例县李庄镇人民政府", "李庄镇"),
    ("ZMZ", "示例县张庙镇人民政府", "张庙镇"),
    ("GHZ", "示例县高河镇人民政府", "高河镇"),
    ("YSZ", "示例县羊山镇人民政府", "羊山镇"),
)

# (township code, code, full name, short name)
VILLAGES: tuple[tuple[str, str, str, str], ...] = (
    ("CGJD", "CGDG", "城关街道东关社区居民委员会", "东关社区"),
    ("CGJD", "CGXG", "城关街道西关社区居民委员会", "西关社区"),
    ("CGJD", "CGBJ", "城关街道北街社区居民委员会", "北街社区"),
    ("YZZ", "YZYZ", "杨庄镇杨庄村村民委员会", "杨庄村"),
    ("YZZ", "YZLL", "杨庄镇刘楼村村民委员会", "刘楼村"),
    ("YZZ", "YZQY", "杨庄镇前营村村民委员会", "前营村"),
)

# (parent code, code, full name, short name, sector). Each hangs under the unit that regulates
# it; the state grid's county company, a vertical enterprise, under the government.
ENTERPRISES: tuple[tuple[str, str, str, str, str], ...] = (
    ("JTJ", "YZ", "示例县第一中学", "县一中", S.EDUCATION),
    ("JTJ", "EZ", "示例县第二中学", "县二中", S.EDUCATION),
    ("JTJ", "SYXX", "示例县实验小学", "县实验小学", S.EDUCATION),
    ("JTJ", "ZZ", "示例县职业中等专业学校", "县职专", S.EDUCATION),
    ("JTJ", "YEY", "示例县实验幼儿园", "县实验幼儿园", S.EDUCATION),
    ("JTJ", "TJXX", "示例县特殊教育学校", "县特教学校", S.EDUCATION),
    ("WJJ", "RMYY", "示例县人民医院", "县人民医院", S.HEALTH),
    ("WJJ", "ZYYY", "示例县中医医院", "县中医院", S.HEALTH),
    ("WJJ", "FYBJY", "示例县妇幼保健院", "县妇幼保健院", S.HEALTH),
    ("WJJ", "JKZX", "示例县疾病预防控制中心", "县疾控中心", S.HEALTH),
    ("WJJ", "DERY", "示例县第二人民医院", "县第二人民医院", S.HEALTH),
    ("SLJ", "ZLS", "示例县自来水有限公司", "县自来水公司", S.WATER),
    ("SLJ", "CXGS", "示例县城乡供水有限公司", "县城乡供水公司", S.WATER),
    ("ZF", "GDGS", "国网山东省电力公司示例县供电公司", "国网示例县供电公司", S.POWER),
    ("FGJ", "DFDL", "示例县地方电力有限公司", "县地方电力公司", S.POWER),
    ("ZJJ", "HRRQ", "示例县华润燃气有限公司", "县华润燃气", S.GAS),
    ("ZJJ", "KLRQ", "示例县昆仑燃气有限公司", "县昆仑燃气", S.GAS),
    ("ZJJ", "RL", "示例县热力有限公司", "县热力公司", S.HEATING),
    ("ZJJ", "RD", "示例县热电有限公司", "县热电公司", S.HEATING),
    ("JYJ", "GJ", "示例县公共交通有限公司", "县公交公司", S.TRANSPORT),
    ("JYJ", "CXGJ", "示例县城乡公交客运有限公司", "县城乡公交", S.TRANSPORT),
    ("SLJ", "WSCL", "示例县污水处理有限公司", "县污水处理公司", S.ENVIRONMENT),
    ("ZHZF", "HWZX", "示例县环境卫生服务中心", "县环卫中心", S.ENVIRONMENT),
    ("ZHZF", "LJCL", "示例县生活垃圾处理有限公司", "县垃圾处理公司", S.ENVIRONMENT),
    ("STHJ", "HJJC", "示例县环境监测站", "县环境监测站", S.ENVIRONMENT),
)

# Units left without a full A/B pair, so the AB-gap page has something to show: "a" keeps only
# an A角, "b" only a B角, "" neither.
AB_GAPS: dict[str, str] = {"TJJ": "", "XFJ": "a", "YSZ": "b", "TJXX": ""}

# Logins every demo user shares the password of; the rest follow the "<code>_a/_b/_leader"
# pattern (lower case, without the county prefix).
KEY_LOGINS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "系统管理员", "ZFB", "陈静"),
    ("office", "政务公开办公室", "ZFB", "刘芳"),
    ("mzj_leader", "分管领导", "MZJ", "王强"),
    ("mzj_a", "A角", "MZJ", "张明"),
    ("mzj_b", "B角", "MZJ", "李红"),
    ("cgjd_leader", "分管领导", "CGJD", "孙丽"),
    ("cgjd_a", "A角", "CGJD", "周涛"),
    ("cgjd_b", "B角", "CGJD", "吴倩"),
)
KEY_NAMES = {username: name for username, _, _, name in KEY_LOGINS}

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = (
    "建国",
    "海燕",
    "志强",
    "秀英",
    "晓东",
    "丽娟",
    "伟",
    "芳",
    "磊",
    "静",
    "军",
    "敏",
    "洋",
    "艳",
    "勇",
    "娜",
    "杰",
    "婷",
    "涛",
    "倩",
    "明",
    "霞",
    "超",
    "玲",
    "鹏",
    "雪",
    "斌",
    "欣",
)


def _person(index: int) -> str:
    """A plausible, deterministic Chinese name (the same user gets the same name every run)."""
    return _SURNAMES[index % len(_SURNAMES)] + _GIVEN[(index * 7) % len(_GIVEN)]


def _leader_title(org: Organisation) -> str:
    if org.kind == K.TOWNSHIP:
        return "办事处副主任" if org.full_name.endswith("办事处") else "副镇长"
    return "副局长" if org.full_name.endswith("局") else "副主任"


@dataclass
class DemoResult:
    site: Site
    created_organisations: int = 0
    created_users: int = 0
    logins: list[dict[str, str]] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return bool(self.created_organisations or self.created_users)


class _Builder:
    def __init__(self) -> None:
        self.password_hash = ""
        self.result: DemoResult
        self.orgs: dict[str, Organisation] = {}
        self.counter = 0

    # -- the site and its units ----------------------------------------------------------------

    def site(self) -> Site:
        site = Site.objects.filter(division_code=DIVISION_CODE).first()
        if site is None:
            # The demo county is the default site unless an installation already has one.
            site = cast(
                Site,
                SiteFactory(**SITE, is_default=not Site.objects.filter(is_default=True).exists()),
            )
        taken = set(SiteHost.objects.filter(host__in=HOSTS).values_list("host", flat=True))
        for host in HOSTS:
            if host not in taken:
                SiteHost.objects.create(site=site, host=host)
        return site

    def org(self, code: str, **fields: Any) -> Organisation:
        full_code = PREFIX + code
        org = Organisation.objects.filter(site=self.result.site, code=full_code).first()
        if org is None:
            org = cast(
                Organisation,
                OrganisationFactory(site=self.result.site, code=full_code, **fields),
            )
            self.result.created_organisations += 1
        self.orgs[code] = org
        return org

    def build_units(self) -> None:
        site = self.result.site
        before = Organisation.objects.filter(site=site).count()
        skeleton = build_site_skeleton(
            site,
            prefix=PREFIX,
            government=self._contact(1, "人民路1号", "0537-8000001"),
            office=self._contact(2, "人民路1号", "0537-8000002"),
        )
        self.result.created_organisations += Organisation.objects.filter(site=site).count() - before
        self.orgs["ZF"] = skeleton["government"]
        self.orgs["ZFB"] = skeleton["office"]
        gov = skeleton["government"]
        for n, (code, full_name, short_name) in enumerate(DEPARTMENTS):
            self.org(
                code,
                parent=gov,
                kind=K.DEPARTMENT,
                full_name=full_name,
                short_name=short_name,
                sort_order=10 + n,
                **self._contact(100 + n, f"政务服务大厦{n // 10 + 1}号楼", f"0537-81{n:05d}"),
            )
        for n, (code, full_name, short_name) in enumerate(TOWNSHIPS):
            self.org(
                code,
                parent=gov,
                kind=K.TOWNSHIP,
                full_name=full_name,
                short_name=short_name,
                sort_order=100 + n,
                **self._contact(200 + n, f"{short_name}政府路{n + 1}号", f"0537-82{n:05d}"),
            )
        for n, (town, code, full_name, short_name) in enumerate(VILLAGES):
            self.org(
                code,
                parent=self.orgs[town],
                kind=K.VILLAGE,
                full_name=full_name,
                short_name=short_name,
                sort_order=n + 1,
                **self._contact(
                    300 + n, f"{short_name}办公楼", f"0537-83{n:05d}", kind="5", category="4"
                ),
            )
        for n, (parent, code, full_name, short_name, sector) in enumerate(ENTERPRISES):
            institution = not full_name.endswith("公司")
            self.org(
                code,
                parent=self.orgs[parent],
                kind=K.ENTERPRISE,
                sector=sector,
                full_name=full_name,
                short_name=short_name,
                sort_order=200 + n,
                **self._contact(
                    400 + n,
                    f"{short_name}（示例县）",
                    f"0537-84{n:05d}",
                    # Schools, hospitals and centres are public institutions (12); companies 91.
                    kind="1" if institution else "9",
                    category="2" if institution else "1",
                ),
            )

    def _contact(
        self, serial: int, address: str, phone: str, kind: str = "1", category: str = "1"
    ) -> dict[str, Any]:
        return {
            "credit_code": make_credit_code(DIVISION_CODE, serial, kind, category),
            "address": address if address.startswith("示例") else f"示例县{address}",
            "postcode": "272000",
            "phone": phone,
            "office_hours": OFFICE_HOURS,
        }

    # -- users ---------------------------------------------------------------------------------

    def user(self, username: str, org_code: str, role: Role, title: str = "") -> None:
        self.counter += 1
        full_name = KEY_NAMES.get(username) or _person(self.counter)
        login = {
            "username": username,
            "role": str(role.label),
            "organisation": self.orgs[org_code].full_name,
            "name": full_name,
        }
        self.result.logins.append(login)
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            return
        if not self.password_hash:
            # Hashed once: PBKDF2 for some 200 users would take most of a minute.
            self.password_hash = make_password(DEMO_PASSWORD)
        # Force: the factory's Password declaration would otherwise hash the hash again.
        user = UserFactory(
            username=username,
            first_name=full_name,
            password=factory.Transformer.Force(self.password_hash),
        )
        StaffFactory(user=user, organisation=self.orgs[org_code], role=role, title=title)
        self.result.created_users += 1

    def build_users(self) -> None:
        self.user("admin", "ZFB", Role.ADMIN, "信息中心主任")
        self.user("office", "ZFB", Role.OFFICE, "政务公开科科长")
        self.user("zfb_a", "ZFB", Role.CLERK_A)
        self.user("zfb_b", "ZFB", Role.CLERK_B)
        self.user("zf_leader", "ZF", Role.LEADER, "副县长")
        self.user("zf_a", "ZF", Role.CLERK_A)
        self.user("zf_b", "ZF", Role.CLERK_B)
        units = [code for code, _, _ in DEPARTMENTS] + [code for code, _, _ in TOWNSHIPS]
        units += [code for _, code, _, _, _ in ENTERPRISES]
        for code in units:
            login = code.lower()
            org = self.orgs[code]
            if org.kind != K.ENTERPRISE:
                self.user(f"{login}_leader", code, Role.LEADER, _leader_title(org))
            keep = AB_GAPS.get(code, "ab")
            if "a" in keep:
                self.user(f"{login}_a", code, Role.CLERK_A)
            if "b" in keep:
                self.user(f"{login}_b", code, Role.CLERK_B)


@transaction.atomic
def build_demo() -> DemoResult:
    """Create whatever of the demo county is missing; return what exists and what was added."""
    builder = _Builder()
    builder.result = DemoResult(site=builder.site())
    builder.build_units()
    builder.build_users()
    result = builder.result
    if result.created_anything:
        audit.record(
            actor=None,
            action=DEMO.key("build"),
            obj=result.site,
            site_id=result.site.pk,
            note=(
                f"载入示例数据：新增机构 {result.created_organisations} 个，"
                f"用户 {result.created_users} 个。"
            ),
        )
    return result


def key_logins_table() -> str:
    """The main demo logins as a markdown table (printed by `gongkai demo`, in docs/demo.md)."""
    names = {"ZFB": f"{SITE['name']}人民政府办公室"}
    names.update({code: full_name for code, full_name, _ in DEPARTMENTS + TOWNSHIPS})
    lines = ["| 登录名 | 密码 | 角色 | 单位 | 姓名 |", "| --- | --- | --- | --- | --- |"]
    for username, role, org_code, name in KEY_LOGINS:
        lines.append(f"| `{username}` | `{DEMO_PASSWORD}` | {role} | {names[org_code]} | {name} |")
    return "\n".join(lines)


def all_logins_table(result: DemoResult) -> str:
    """Every demo login, by unit (docs/demo.md)."""
    lines = ["| 单位 | 登录名 | 角色 | 姓名 |", "| --- | --- | --- | --- |"]
    for login in result.logins:
        lines.append(
            f"| {login['organisation']} | `{login['username']}` | {login['role']} "
            f"| {login['name']} |"
        )
    return "\n".join(lines)


def demo_markdown(result: DemoResult) -> str:
    """The text of docs/demo.md (regenerate with `gongkai demo --docs docs/demo.md`)."""
    names = [name for code, name, _ in DEPARTMENTS + TOWNSHIPS if code in AB_GAPS]
    names += [name for _, code, name, _, _ in ENTERPRISES if code in AB_GAPS]
    gaps = "、".join(names)
    return f"""# 示例县：演示数据与登录账号

`make run` 会执行 `gongkai demo`，载入虚构的“{SITE["name"]}”（行政区划代码 {DIVISION_CODE}）：
县人民政府、县政府办公室、{len(DEPARTMENTS)} 个县直部门和单位、{len(TOWNSHIPS)} 个镇街、\
{len(VILLAGES)} 个村居、{len(ENTERPRISES)} 个公共企事业单位（教育、医疗卫生、供水、供电、供气、\
供热、公共交通、环保），以及每种角色的账号。该命令可重复运行：只补齐缺少的数据，不修改已有数据。

本站点是默认站点，通过 `127.0.0.1` 和 `localhost` 访问，例如 <http://127.0.0.1:8000/manage/>。

**所有演示账号的密码都是 `{DEMO_PASSWORD}`。** 演示数据只用于本机试用，切勿在生产环境载入。

## 主要账号

{key_logins_table()}

## 全部账号

每个部门和镇街有分管领导（`代码_leader`）、A角（`代码_a`）和B角（`代码_b`），公共企事业单位有A角和B角。
为演示“AB角缺位”页面，{gaps}故意没有配齐A角和B角。

{all_logins_table(result)}
"""
