"""The 26 pilot domains of grassroots standardisation (国办发〔2019〕54号), with the names later
ministry guidelines use in brackets. Platform-wide data: every site's standard catalogue hangs
off these rows."""

from django.db import migrations

DOMAINS = (
    (1, "城乡规划", ""),
    (2, "重大建设项目", ""),
    (3, "公共资源交易", ""),
    (4, "财政预决算", ""),
    (5, "安全生产", ""),
    (6, "税收管理", ""),
    (7, "征地补偿", "农村集体土地征收"),
    (8, "国有土地上房屋征收与补偿", ""),
    (9, "农村危房改造", ""),
    (10, "环境保护", "生态环境"),
    (11, "公共文化服务", ""),
    (12, "扶贫", ""),
    (13, "救灾", ""),
    (14, "食品药品监管", ""),
    (15, "城市综合执法", ""),
    (16, "义务教育", ""),
    (17, "社会救助", ""),
    (18, "户籍管理", ""),
    (19, "涉农补贴", ""),
    (20, "就业", ""),
    (21, "社会保险", ""),
    (22, "养老服务", ""),
    (23, "医疗卫生", "卫生健康"),
    (24, "市政服务", ""),
    (25, "公共法律服务", ""),
    (26, "保障性住房", ""),
)


def create_domains(apps, schema_editor):
    StandardDomain = apps.get_model("catalog", "StandardDomain")
    for number, name, later_name in DOMAINS:
        StandardDomain.objects.update_or_create(
            number=number, defaults={"name": name, "later_name": later_name}
        )


def remove_domains(apps, schema_editor):
    StandardDomain = apps.get_model("catalog", "StandardDomain")
    StandardDomain.objects.filter(number__in=[number for number, _, _ in DOMAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_domains, remove_domains)]
