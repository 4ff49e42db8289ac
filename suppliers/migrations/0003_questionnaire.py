"""The sustainability questionnaire (DRiVE-style), in English and Chinese: five sections, each with
weighted questions. Staff edit them afterwards in the admin; this only seeds the first version.

Program staff may edit the questionnaire (sections and questions) in the admin.
"""

from django.conf import settings
from django.db import migrations

GROUP = "Program staff"

# (code, weight, English title, Chinese title)
SECTIONS = [
    ("environment", 3, "Environment", "环境"),
    ("labour", 3, "Labour and human rights", "劳工与人权"),
    ("health_safety", 2, "Health and safety", "健康与安全"),
    ("ethics", 2, "Business ethics and integrity", "商业道德与诚信"),
    ("management", 2, "Management systems", "管理体系"),
]

# section -> [(code, weight, critical, evidence expected, question en, question zh, guidance en, guidance zh)]
QUESTIONS = {
    "environment": [
        (
            "env-energy",
            2,
            False,
            False,
            "Do you measure your energy use and have a plan to reduce it?",
            "贵公司是否计量能源使用量，并制定了节能计划？",
            "Read your meters monthly, set a yearly reduction target and name who follows it up.",
            "每月抄录能耗数据，制定年度节能目标，并指定专人跟进。",
        ),
        (
            "env-emissions",
            2,
            False,
            True,
            "Do you calculate your greenhouse gas emissions (at least scopes 1 and 2)?",
            "贵公司是否核算温室气体排放（至少包括范围一和范围二）？",
            "Use the GHG Protocol to estimate emissions from fuel and electricity, and publish the figure.",
            "参照《温室气体核算体系》估算燃料和电力产生的排放，并公开结果。",
        ),
        (
            "env-waste",
            1,
            False,
            False,
            "Do you sort, reduce and recycle your waste, and use licensed waste contractors?",
            "贵公司是否对废弃物进行分类、减量和回收，并委托有资质的单位处理？",
            "Separate recyclable waste, keep the contractor's licence on file and record the quantities.",
            "分类存放可回收物，留存处理单位的资质证明，并记录废弃物数量。",
        ),
        (
            "env-hazardous",
            3,
            True,
            True,
            "Are hazardous materials and chemicals stored, labelled and disposed of according to the law?",
            "危险物料和化学品的储存、标识和处置是否符合法律规定？",
            "Keep an inventory with safety data sheets, store chemicals in a bunded area and train the staff who handle them.",
            "建立含安全技术说明书的化学品清单，在防泄漏区域存放，并培训相关操作人员。",
        ),
    ],
    "labour": [
        (
            "lab-child",
            3,
            True,
            False,
            "Do you check the age of every worker and employ no one below the legal working age?",
            "贵公司是否核实每名员工的年龄，并确保不雇用未达法定工作年龄的人员？",
            "Copy an identity document for every hire and keep an age register for young workers.",
            "招聘时留存身份证件复印件，并为未成年工建立年龄登记册。",
        ),
        (
            "lab-forced",
            3,
            True,
            False,
            "Is all work voluntary: no retained identity papers, deposits, debt bondage or prison labour?",
            "所有工作是否出于自愿：不扣押身份证件、不收取押金、无债务劳役或监狱劳动？",
            "Write a policy against forced labour and let workers keep their own documents.",
            "制定禁止强迫劳动的政策，身份证件由员工本人保管。",
        ),
        (
            "lab-wages",
            2,
            False,
            True,
            "Do you pay at least the legal minimum wage, on time, with a payslip?",
            "贵公司是否按时足额支付不低于法定最低工资的工资，并提供工资条？",
            "Pay through a bank, give a payslip that shows overtime and deductions, and keep the records three years.",
            "通过银行发放工资，工资条列明加班费和扣款，并保存工资记录三年。",
        ),
        (
            "lab-hours",
            2,
            False,
            False,
            "Are working hours and overtime within the legal limits, with at least one day off in seven?",
            "工作时间和加班是否在法定范围内，且每七天至少休息一天？",
            "Record hours with a time clock and plan production so that overtime stays voluntary and within limits.",
            "使用考勤系统记录工时，合理安排生产，确保加班自愿且不超过法定上限。",
        ),
        (
            "lab-association",
            1,
            False,
            False,
            "Can workers join or form worker representation and bargain collectively without reprisal?",
            "员工能否自由加入或组建员工代表组织并开展集体协商而不受报复？",
            "Hold regular meetings with elected worker representatives and keep minutes.",
            "定期与民主选举的员工代表开会，并保留会议记录。",
        ),
        (
            "lab-discrimination",
            2,
            False,
            False,
            "Are hiring, pay and promotion free of discrimination (gender, ethnicity, religion, disability, pregnancy)?",
            "招聘、薪酬和晋升是否不存在歧视（性别、民族、宗教、残疾、怀孕等）？",
            "Publish a non-discrimination policy, give equal pay for equal work and offer a confidential complaint channel.",
            "公布反歧视政策，实行同工同酬，并提供保密的投诉渠道。",
        ),
    ],
    "health_safety": [
        (
            "hs-risk",
            2,
            False,
            True,
            "Have you assessed the health and safety risks of each workplace and acted on them?",
            "贵公司是否评估了各工作场所的健康与安全风险并采取了措施？",
            "Walk through each workplace with a checklist every year and record the risks and the measures taken.",
            "每年按检查表巡查各工作场所，记录发现的风险和采取的措施。",
        ),
        (
            "hs-ppe",
            2,
            False,
            False,
            "Do workers receive free protective equipment and safety training?",
            "员工是否免费获得劳动防护用品和安全培训？",
            "Issue the equipment each task needs, free of charge, and train every new worker before they start.",
            "按岗位需要免费发放防护用品，新员工上岗前必须接受安全培训。",
        ),
        (
            "hs-fire",
            3,
            True,
            True,
            "Are fire exits unlocked and marked, extinguishers checked, and evacuation drills held?",
            "消防通道是否畅通并有标识、灭火器是否定期检查、是否组织疏散演练？",
            "Keep exits clear at all times, check extinguishers monthly and hold a drill at least once a year.",
            "始终保持安全出口畅通，每月检查灭火器，每年至少组织一次疏散演练。",
        ),
        (
            "hs-accidents",
            1,
            False,
            False,
            "Do you record accidents and near misses and investigate their causes?",
            "贵公司是否记录事故和未遂事件并调查原因？",
            "Keep an accident log, investigate each case and note what was changed to prevent it.",
            "建立事故台账，逐一调查原因，并记录为防止再次发生所做的改进。",
        ),
    ],
    "ethics": [
        (
            "eth-corruption",
            3,
            True,
            False,
            "Do you forbid bribes, facilitation payments and improper gifts, in a written policy known to staff?",
            "贵公司是否以书面政策禁止行贿、疏通费和不当馈赠，并使员工知晓？",
            "Adopt an anti-corruption policy, train staff who deal with clients and officials, and keep a gift register.",
            "制定反腐败政策，培训与客户和官员接触的员工，并建立礼品登记簿。",
        ),
        (
            "eth-conflicts",
            1,
            False,
            False,
            "Must staff declare conflicts of interest, including links with UN personnel?",
            "员工是否必须申报利益冲突，包括与联合国工作人员的关联？",
            "Ask managers and sales staff to sign a yearly declaration of interests.",
            "要求管理人员和销售人员每年签署利益申报书。",
        ),
        (
            "eth-sanctions",
            2,
            True,
            False,
            "Do you check that your company, owners and partners are not on UN Security Council sanctions lists?",
            "贵公司是否核查本公司、股东和合作伙伴未被列入联合国安理会制裁名单？",
            "Check the UN Security Council Consolidated List before each new partnership and keep the result.",
            "每次建立新的合作关系前查询联合国安理会综合制裁名单，并保存查询结果。",
        ),
        (
            "eth-whistle",
            1,
            False,
            False,
            "Can workers and partners report misconduct confidentially, without fear of retaliation?",
            "员工和合作伙伴能否保密举报不当行为而不必担心报复？",
            "Set up a hotline or mailbox that reaches someone outside the line management, and protect those who use it.",
            "设立可直达管理层以外人员的举报热线或信箱，并保护举报人。",
        ),
    ],
    "management": [
        (
            "mgt-policy",
            2,
            False,
            True,
            "Do you have a written sustainability or social responsibility policy signed by top management?",
            "贵公司是否有经最高管理层签署的书面可持续发展或社会责任政策？",
            "Write a one-page policy covering the sections of this questionnaire and have the chief executive sign it.",
            "制定涵盖本问卷各部分内容的简要政策，并由最高管理者签署。",
        ),
        (
            "mgt-certification",
            2,
            False,
            True,
            "Are you certified to a management system standard (ISO 14001, ISO 45001, SA8000 or similar)?",
            "贵公司是否获得管理体系认证（ISO 14001、ISO 45001、SA8000 或类似标准）？",
            "Start with the standard closest to your main risk; a gap analysis by a certification body is a good first step.",
            "从与主要风险最相关的标准入手，可先请认证机构做差距分析。",
        ),
        (
            "mgt-supply-chain",
            2,
            False,
            False,
            "Do you ask your own suppliers to respect the UN Supplier Code of Conduct and check that they do?",
            "贵公司是否要求自己的供应商遵守《联合国供应商行为守则》并进行核查？",
            "Add the Code of Conduct to your purchase contracts and assess your main suppliers once a year.",
            "在采购合同中加入行为守则条款，并每年评估主要供应商。",
        ),
        (
            "mgt-grievance",
            1,
            False,
            False,
            "Do you follow up complaints from workers, neighbours and clients and record how they were resolved?",
            "贵公司是否跟进员工、周边社区和客户的投诉，并记录处理结果？",
            "Keep a register of complaints with the answer given and the date it was closed.",
            "建立投诉登记簿，记录答复内容和结案日期。",
        ),
    ],
}

CODENAMES = [
    f"{verb}_{model}"
    for verb in ("view", "add", "change")
    for model in ("assessmentsection", "assessmentquestion")
]


def load(apps, schema_editor):
    Section = apps.get_model("suppliers", "AssessmentSection")
    Question = apps.get_model("suppliers", "AssessmentQuestion")
    for position, (code, weight, title_en, title_zh) in enumerate(SECTIONS, start=1):
        section, _ = Section.objects.update_or_create(
            code=code,
            defaults={
                "weight": weight,
                "title_en": title_en,
                "title_zh": title_zh,
                "position": position,
            },
        )
        for index, row in enumerate(QUESTIONS[code], start=1):
            qcode, qweight, critical, evidence, text_en, text_zh, guide_en, guide_zh = row
            Question.objects.update_or_create(
                code=qcode,
                defaults={
                    "section": section,
                    "weight": qweight,
                    "critical": critical,
                    "evidence_expected": evidence,
                    "text_en": text_en,
                    "text_zh": text_zh,
                    "guidance_en": guide_en,
                    "guidance_zh": guide_zh,
                    "position": index,
                },
            )


def unload(apps, schema_editor):
    codes = [row[0] for rows in QUESTIONS.values() for row in rows]
    apps.get_model("suppliers", "AssessmentQuestion").objects.filter(code__in=codes).delete()
    apps.get_model("suppliers", "AssessmentSection").objects.filter(
        code__in=[row[0] for row in SECTIONS]
    ).delete()


def grant(apps, schema_editor):
    """Program staff edit the questionnaire in the admin. Permissions are created after the
    migrations (post_migrate), so they are created here if they don't exist yet."""
    from django.contrib.auth.management import create_permissions

    # The historical app config has no models module, which create_permissions takes as "no models".
    app_config = apps.get_app_config("suppliers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="suppliers",
            codename__in=CODENAMES,
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0002_assessment"),
        ("portal", "0002_program_staff_group"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(load, unload),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
