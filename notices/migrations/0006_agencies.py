"""The agencies the portal starts with; staff add others in the admin."""

from django.db import migrations

AGENCIES = [
    # acronym, English name, Chinese name, time zone of the procurement office, website
    ("UNDP", "United Nations Development Programme", "联合国开发计划署", "America/New_York", "https://www.undp.org"),
    ("UNOPS", "United Nations Office for Project Services", "联合国项目事务署", "Europe/Copenhagen", "https://www.unops.org"),
    ("UNICEF", "United Nations Children's Fund", "联合国儿童基金会", "Europe/Copenhagen", "https://www.unicef.org"),
    ("UNHCR", "Office of the United Nations High Commissioner for Refugees", "联合国难民事务高级专员办事处", "Europe/Budapest", "https://www.unhcr.org"),
    ("WFP", "World Food Programme", "世界粮食计划署", "Europe/Rome", "https://www.wfp.org"),
    ("WHO", "World Health Organization", "世界卫生组织", "Europe/Zurich", "https://www.who.int"),
    ("FAO", "Food and Agriculture Organization of the United Nations", "联合国粮食及农业组织", "Europe/Rome", "https://www.fao.org"),
    ("UNFPA", "United Nations Population Fund", "联合国人口基金", "Europe/Copenhagen", "https://www.unfpa.org"),
    ("UN Secretariat", "United Nations Secretariat", "联合国秘书处", "America/New_York", "https://www.un.org"),
    ("ILO", "International Labour Organization", "国际劳工组织", "Europe/Zurich", "https://www.ilo.org"),
    ("IOM", "International Organization for Migration", "国际移民组织", "Europe/Zurich", "https://www.iom.int"),
    ("UNIDO", "United Nations Industrial Development Organization", "联合国工业发展组织", "Europe/Vienna", "https://www.unido.org"),
    ("UN Women", "United Nations Entity for Gender Equality and the Empowerment of Women", "联合国妇女署", "America/New_York", "https://www.unwomen.org"),
    ("UNEP", "United Nations Environment Programme", "联合国环境规划署", "Africa/Nairobi", "https://www.unep.org"),
    ("UNESCO", "United Nations Educational, Scientific and Cultural Organization", "联合国教育、科学及文化组织", "Europe/Paris", "https://www.unesco.org"),
    ("UN-Habitat", "United Nations Human Settlements Programme", "联合国人居署", "Africa/Nairobi", "https://unhabitat.org"),
]


def create(apps, schema_editor):
    Agency = apps.get_model("notices", "Agency")
    for acronym, name_en, name_zh, time_zone, website in AGENCIES:
        Agency.objects.update_or_create(
            acronym=acronym,
            defaults={"name_en": name_en, "name_zh": name_zh, "time_zone": time_zone, "website": website},
        )


class Migration(migrations.Migration):
    dependencies = [("notices", "0005_search_postgresql")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
