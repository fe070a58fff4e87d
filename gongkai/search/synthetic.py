"""Synthetic but realistic county disclosure items, for the search tests and the benchmark.

Titles, document numbers (文号), bodies of several paragraphs and attachment text are assembled
from phrases that a county government's notices, announcements, budgets, penalty decisions and
policy interpretations are made of, with the dates, amounts, place names and numbers such text
is full of. Deterministic for a given seed, so a test corpus and a benchmark run are repeatable.
Nothing here touches the database: the caller decides how the documents are indexed.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import cast

from .documents import SearchDoc

COUNTY = "示例县"
TOWNS = (
    "城关镇",
    "东河镇",
    "西岭镇",
    "南湖镇",
    "北山乡",
    "青石镇",
    "柳林乡",
    "双桥镇",
    "杏花街道",
    "文昌街道",
    "龙泉镇",
    "白马乡",
)
VILLAGES = (
    "王庄村",
    "李家洼村",
    "前进村",
    "大柳树村",
    "东营社区",
    "西关社区",
    "河口村",
    "张桥村",
    "新华社区",
    "石门村",
    "后营村",
    "高庄村",
)
# (abbreviation used in 文号, full name)
ORGS = (
    ("示政发", "示例县人民政府"),
    ("示政办发", "示例县人民政府办公室"),
    ("示民发", "示例县民政局"),
    ("示财预", "示例县财政局"),
    ("示教体发", "示例县教育和体育局"),
    ("示卫健发", "示例县卫生健康局"),
    ("示住建发", "示例县住房和城乡建设局"),
    ("示自然资发", "示例县自然资源局"),
    ("示农发", "示例县农业农村局"),
    ("示人社发", "示例县人力资源和社会保障局"),
    ("示市监发", "示例县市场监督管理局"),
    ("示应急发", "示例县应急管理局"),
    ("示医保发", "示例县医疗保障局"),
    ("示交发", "示例县交通运输局"),
    ("示水发", "示例县水利局"),
    ("示环发", "市生态环境局示例县分局"),
)
SUBJECTS = (
    "综合政务",
    "财政金融",
    "民政社会救助",
    "教育",
    "卫生健康",
    "城乡建设",
    "国土资源",
    "农业农村",
    "劳动就业",
    "市场监管",
    "安全生产",
    "医疗保障",
    "交通运输",
    "水利",
    "生态环境",
)
VALIDITY = ("有效", "有效", "有效", "失效", "废止", "")

# A topic: which organisations publish it, title patterns and body sentences. "{y}" year,
# "{m}" month, "{t}" town, "{v}" village, "{n}" small number, "{amt}" amount, "{pct}" percent.
TOPICS: tuple[dict[str, object], ...] = (
    {
        "orgs": (2, 1, 0),
        "subject": "民政社会救助",
        "titles": (
            "{org}关于{y}年城乡低保标准调整的通知",
            "{y}年{m}月城乡最低生活保障资金发放情况公示",
            "{org}关于进一步规范最低生活保障审核确认工作的实施意见",
            "{t}{y}年第{q}季度低保对象名单公示",
            "{org}关于做好{y}年特困人员救助供养工作的通知",
            "关于提高城乡低保和特困人员供养标准的政策解读",
        ),
        "sentences": (
            "城市低保标准由每人每月{amt}元提高到{amt2}元，农村低保标准由每人每年{amt3}元提高到{amt4}元。",
            "各乡镇（街道）要严格落实最低生活保障对象认定办法，做到应保尽保、应退尽退。",
            "低保对象实行动态管理，对家庭经济状况发生变化的及时调整保障金额。",
            "本季度全县共保障城乡低保对象{n}户{n2}人，发放低保金{amt}万元。",
            "特困人员基本生活标准不低于当地低保标准的1.3倍。",
            "申请最低生活保障应当以家庭为单位，由共同生活的家庭成员向户籍所在地乡镇人民政府提出书面申请。",
            "对公示有异议的，可在公示期内向{t}民政办或县民政局社会救助股反映。",
            "临时救助对象由{t}审核确认，救助金额一般不超过当地低保标准的{n}倍。",
        ),
    },
    {
        "orgs": (3, 0),
        "subject": "财政金融",
        "titles": (
            "{org}{y}年部门预算公开",
            "示例县{y}年财政预算执行情况和{y1}年财政预算草案的报告",
            "{org}{y}年度部门决算公开",
            "示例县{y}年“三公”经费预算情况说明",
            "关于{y}年县级预算调整方案的报告",
            "示例县{y}年政府债务限额及余额情况公开",
        ),
        "sentences": (
            "{y}年一般公共预算收入完成{amt}万元，同比增长{pct}%。",
            "“三公”经费预算合计{amt}万元，比上年减少{amt2}万元，其中公务接待费{amt3}万元。",
            "部门预算按照《中华人民共和国预算法》和县人大批准的预算执行。",
            "政府性基金预算支出{amt}万元，主要用于城乡社区建设和土地开发。",
            "预算单位要严格执行预算，不得无预算、超预算安排支出。",
            "决算收入总计{amt}万元，支出总计{amt2}万元，年末结转和结余{amt3}万元。",
            "机关运行经费支出{amt}万元，比上年下降{pct}%，主要原因是厉行节约压减一般性支出。",
            "县财政局将进一步加强预算绩效管理，提高财政资金使用效益。",
        ),
    },
    {
        "orgs": (4, 0),
        "subject": "教育",
        "titles": (
            "{org}关于做好{y}年义务教育阶段学校招生工作的通知",
            "示例县{y}年公开招聘中小学教师简章",
            "{y}年学前教育资助资金分配情况公示",
            "关于{y}年秋季学期义务教育学校划片招生范围的公告",
            "示例县{y}年教师招聘拟聘用人员名单公示",
        ),
        "sentences": (
            "义务教育阶段学校招生坚持免试就近入学原则，严禁以任何形式的考试选拔学生。",
            "本次公开招聘中小学教师{n}名，其中小学{n2}名、初中{n3}名。",
            "报名时间为{y}年{m}月{d}日至{m}月{d2}日，逾期不予受理。",
            "家庭经济困难学生资助资金{amt}万元已全部发放到位。",
            "{t}中心小学、{t}实验中学划片范围以户籍和实际居住地为准。",
            "进城务工人员随迁子女入学按照“两为主”政策予以保障。",
        ),
    },
    {
        "orgs": (5, 12, 0),
        "subject": "卫生健康",
        "titles": (
            "{org}关于开展{y}年基本公共卫生服务项目绩效评价的通知",
            "示例县{y}年城乡居民医保参保缴费工作的通告",
            "关于{y}年城乡居民医疗保障待遇调整的政策解读",
            "{org}{y}年第{q}季度医疗机构监督检查情况通报",
            "示例县医疗保障局关于公布定点医药机构名单的公告",
        ),
        "sentences": (
            "{y}年度城乡居民医保个人缴费标准为每人每年{amt}元，财政补助标准为每人每年{amt2}元。",
            "参保居民在乡镇卫生院住院，政策范围内医疗费用报销比例为{pct}%。",
            "医疗保障部门将持续打击欺诈骗取医保基金行为，维护基金安全。",
            "家庭医生签约服务覆盖率达到{pct}%，重点人群签约率达到{pct2}%。",
            "各定点医药机构要严格执行医保支付政策，规范诊疗行为。",
            "疫苗接种工作按照知情、同意、自愿原则开展。",
            "大病保险起付线为{amt}元，起付线以上部分按规定比例报销。",
        ),
    },
    {
        "orgs": (6, 0, 1),
        "subject": "城乡建设",
        "titles": (
            "示例县{y}年棚户区改造项目征收补偿方案",
            "{org}关于{y}年农村危房改造对象的公示",
            "关于{t}老旧小区改造工程的公告",
            "{org}关于建设工程项目施工许可的公告",
            "示例县国有土地上房屋征收决定",
        ),
        "sentences": (
            "棚户区改造项目涉及{t}{v}等{n}个片区，共计{n2}户。",
            "被征收人可以选择货币补偿，也可以选择房屋产权调换。",
            "农村危房改造补助资金每户{amt}元，由县财政直接拨付到户。",
            "老旧小区改造内容包括雨污分流、管网更新、加装电梯和绿化提升。",
            "施工单位应当严格落实安全生产责任，文明施工，减少扬尘污染。",
            "房屋征收部门将依法依规、公开透明地开展征收补偿工作。",
        ),
    },
    {
        "orgs": (7, 0),
        "subject": "国土资源",
        "titles": (
            "示例县{y}年第{q}批次建设用地征地补偿安置方案公告",
            "{org}关于{t}集体土地征收的预公告",
            "示例县征地区片综合地价标准",
            "{org}国有建设用地使用权挂牌出让公告",
        ),
        "sentences": (
            "征地补偿标准按照区片综合地价执行，每亩{amt}元，其中土地补偿费占{pct}%。",
            "拟征收{t}{v}集体土地{n}亩，用于{y}年度城市建设。",
            "被征地农民社会保障费用足额纳入征地补偿安置费用。",
            "地上附着物和青苗补偿费按照县政府公布的标准执行。",
            "征地补偿安置方案公告期间，被征地农村集体经济组织成员可申请听证。",
            "出让宗地位于{t}，面积{n}平方米，起始价{amt}万元。",
        ),
    },
    {
        "orgs": (8, 0),
        "subject": "农业农村",
        "titles": (
            "示例县{y}年耕地地力保护补贴发放情况公示",
            "{org}关于{y}年高标准农田建设项目的公示",
            "示例县{y}年粮食生产奖补资金分配方案",
            "{org}关于做好{y}年春季农业生产工作的通知",
            "示例县{y}年农机购置补贴资金使用情况公示",
        ),
        "sentences": (
            "耕地地力保护补贴标准为每亩{amt}元，通过“一卡通”发放到户。",
            "高标准农田建设项目建设面积{n}亩，总投资{amt}万元。",
            "粮食播种面积稳定在{n}万亩以上，粮食总产量达到{n2}万吨。",
            "各乡镇要做好小麦病虫害统防统治，确保夏粮丰收。",
            "农机购置补贴实行自主购机、定额补贴、县级结算、直补到卡。",
            "加强林业有害生物防治，做好森林防火工作。",
        ),
    },
    {
        "orgs": (9, 0),
        "subject": "劳动就业",
        "titles": (
            "示例县{y}年事业单位公开招聘工作人员简章",
            "{org}关于发放{y}年一次性创业补贴的公示",
            "示例县{y}年城乡公益性岗位招聘公告",
            "关于调整示例县最低工资标准的通知",
        ),
        "sentences": (
            "本次招聘岗位{n}个，招聘人数{n2}人，报名采取网络报名方式。",
            "一次性创业补贴标准为每户{amt}元，补贴资金从就业补助资金中列支。",
            "城乡公益性岗位主要用于安置就业困难人员和脱贫劳动力。",
            "月最低工资标准调整为{amt}元，小时最低工资标准调整为{n}元。",
            "职业技能培训补贴按照培训合格人数和补贴标准拨付。",
            "企业职工基本养老保险缴费基数按照上年度全省平均工资核定。",
        ),
    },
    {
        "orgs": (10, 11),
        "subject": "市场监管",
        "titles": (
            "{org}行政处罚决定书（示市监罚〔{y}〕{n}号）",
            "{org}{y}年第{q}季度食品安全监督抽检信息公告",
            "{org}关于{y}年“双随机、一公开”抽查结果的公示",
            "{org}行政许可决定公示",
        ),
        "sentences": (
            "当事人{t}某某超市销售不合格食品，违反了《中华人民共和国食品安全法》的规定。",
            "依据《中华人民共和国行政处罚法》第{n}条，决定给予当事人警告并处罚款{amt}元。",
            "当事人如对本处罚决定不服，可以在收到本决定书之日起六十日内申请行政复议。",
            "本次共抽检食品{n}批次，其中合格{n2}批次，不合格{n3}批次。",
            "行政许可决定自作出之日起七日内在县政府门户网站公示。",
            "对抽查发现的问题，已责令相关企业限期整改。",
            "安全生产检查发现隐患{n}处，已全部整改到位。",
        ),
    },
    {
        "orgs": (13, 14, 15),
        "subject": "交通运输",
        "titles": (
            "示例县{y}年农村公路建设项目计划公示",
            "{org}关于{t}大桥施工期间交通管制的通告",
            "示例县{y}年度水利工程建设项目公示",
            "{org}关于{y}年重点排污单位名录的公告",
            "示例县{y}年河长制工作要点",
        ),
        "sentences": (
            "农村公路建设项目共计{n}条、{n2}公里，总投资{amt}万元。",
            "{t}大桥维修加固工程施工期间，过往车辆请绕行。",
            "小型水库除险加固和农村饮水安全巩固提升工程全部完工。",
            "重点排污单位应当依法公开污染物排放信息，接受社会监督。",
            "全面落实河长制，县、乡、村三级河长巡河{n}次。",
            "矿山生态修复面积{n}亩，治理历史遗留矿山{n2}处。",
        ),
    },
    {
        "orgs": (1, 0),
        "subject": "综合政务",
        "titles": (
            "示例县人民政府{y}年政府信息公开工作年度报告",
            "关于印发示例县{y}年政务公开工作要点的通知",
            "示例县人民政府关于公布行政规范性文件清理结果的决定",
            "示例县{y}年{m}月县政府常务会议纪要",
            "关于《示例县{y}年重点民生实事》的政策解读",
        ),
        "sentences": (
            "全年主动公开政府信息{n}条，其中规范性文件{n2}件。",
            "收到政府信息公开申请{n}件，均在法定期限内予以答复。",
            "因政府信息公开工作被申请行政复议{n}件、提起行政诉讼{n2}件。",
            "经清理，继续有效的规范性文件{n}件，宣布失效{n2}件，废止{n3}件。",
            "会议研究了{y}年重点民生实事推进情况，部署了下一阶段工作。",
            "纳税服务进一步优化，减税降费政策全面落实，全年新增减税降费{amt}万元。",
        ),
    },
)

GENERIC_OPENINGS = (
    "各乡镇人民政府、街道办事处，县政府各部门、各直属机构：",
    "根据《中华人民共和国政府信息公开条例》和上级有关要求，现将有关事项通知如下。",
    "为深入贯彻落实党中央、国务院决策部署，进一步保障和改善民生，结合我县实际，制定本方案。",
    "经县政府研究同意，现予以公告。",
    "根据工作安排，现将有关情况公示如下：",
)
GENERIC_CLOSINGS = (
    "本通知自印发之日起施行，有效期五年。",
    "公示期为{n}个工作日，自{y}年{m}月{d}日至{y}年{m}月{d2}日。",
    "联系电话：0537-{tel}，联系人：{t}党政办。",
    "各单位要高度重视，加强组织领导，确保各项工作落到实处。",
    "如有疑问，请在工作日上午8:30-12:00、下午13:30-17:30来电咨询。",
    "特此公告。",
)
ATTACHMENT_LINES = (
    "序号 姓名 所在乡镇 保障人数 月保障金额（元）",
    "序号 项目名称 建设地点 建设内容 投资估算（万元）",
    "序号 单位名称 预算科目 金额（万元） 备注",
    "附件：{y}年{t}{v}补助资金明细表",
)


def _fill(rng: random.Random, pattern: str, org: str, year: int) -> str:
    month = rng.randint(1, 12)
    day = rng.randint(1, 20)
    values = {
        "org": org,
        "y": year,
        "y1": year + 1,
        "m": month,
        "d": day,
        "d2": day + rng.randint(3, 8),
        "q": rng.choice("一二三四"),
        "t": rng.choice(TOWNS),
        "v": rng.choice(VILLAGES),
        "n": rng.randint(2, 300),
        "n2": rng.randint(10, 3000),
        "n3": rng.randint(1, 60),
        "amt": rng.randint(100, 99999),
        "amt2": rng.randint(100, 99999),
        "amt3": rng.randint(100, 9999),
        "amt4": rng.randint(1000, 99999),
        "pct": rng.randint(1, 99),
        "pct2": rng.randint(1, 99),
        "tel": rng.randint(2000000, 8999999),
    }
    return pattern.format(**values)


def generate_docs(
    n: int, *, site_id: int, seed: int = 20250101, doc_type: str = "publication", first_id: int = 1
) -> Iterator[SearchDoc]:
    """Yield `n` documents with ids first_id.. in the given site."""
    rng = random.Random(seed)
    for i in range(n):
        topic = rng.choice(TOPICS)
        org_index: int = rng.choice(cast(tuple[int, ...], topic["orgs"]))
        abbreviation, org_name = ORGS[org_index]
        year = rng.randint(2019, 2025)
        title = _fill(rng, rng.choice(cast(tuple[str, ...], topic["titles"])), org_name, year)
        number = f"{abbreviation}〔{year}〕{rng.randint(1, 120)}号" if rng.random() < 0.7 else ""
        paragraphs = [_fill(rng, rng.choice(GENERIC_OPENINGS), org_name, year)]
        sentences = cast(tuple[str, ...], topic["sentences"])
        for _ in range(rng.randint(3, 6)):
            chosen = rng.sample(sentences, k=min(len(sentences), rng.randint(2, 4)))
            paragraphs.append("".join(_fill(rng, s, org_name, year) for s in chosen))
        paragraphs.append(_fill(rng, rng.choice(GENERIC_CLOSINGS), org_name, year))
        paragraphs.append(f"{org_name}\n{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
        attachments = ""
        if rng.random() < 0.3:
            lines = [_fill(rng, rng.choice(ATTACHMENT_LINES), org_name, year)]
            for row in range(1, rng.randint(3, 12)):
                lines.append(
                    f"{row} {rng.choice(TOWNS)}{rng.choice(VILLAGES)} "
                    f"{rng.randint(1, 9)} {rng.randint(100, 9999)}"
                )
            attachments = "\n".join(lines)
        published = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        doc_id = first_id + i
        yield SearchDoc(
            site_id=site_id,
            doc_type=doc_type,
            doc_id=doc_id,
            title=title,
            body="\n".join(paragraphs),
            document_number=number,
            attachments_text=attachments,
            organisation_id=org_index + 1,
            column_ids=tuple(sorted({(org_index % 5) + 1, 10 + TOPICS.index(topic)})),
            subject_category=str(topic["subject"]),
            published_on=published,
            validity=rng.choice(VALIDITY),
            url=f"/xxgk/{doc_type}/{doc_id}/",
        )
