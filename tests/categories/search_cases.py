"""What suppliers type into the category picker, and what they must and must not find: the table
that tests/categories/test_search_table.py checks and bench/category_search.py times.

Each case: the query, the codes that must be among its first `top` results, and codes that must not
be found at all. Every code is one the portal lists (categories/data), looked up in the UNSPSC list.
"""

from typing import NamedTuple


class Case(NamedTuple):
    query: str
    found: tuple[str, ...]
    top: int = 10
    not_found: tuple[str, ...] = ()


COILED_TUBING, LEDGER_PAPER, PULLED_SCRAPERS, SLEDGE_HAMMER = (
    "20122500",
    "14111513",
    "22101521",
    "27111615",
)
LIGHT_WEAPONS = "46100000"
LIGHTING_FIXTURES, LAMPS_AND_BULBS, LAMPS_FAMILY = "39110000", "39101600", "39100000"
POWER_GENERATION, POWER_GENERATORS = "26130000", "26111600"
MANAGEMENT_ADVISORY, MANAGEMENT_CONSULTATION = "80100000", "80101500"
TRANSPORT_STORAGE, CARGO_TRANSPORT, STORAGE = "78000000", "78100000", "78130000"
TRANSPORT_ARRANGING, POSTAL_DELIVERY = "78141500", "78102200"  # freight forwarding; post, courier
GUARDS, WRITING_TRANSLATIONS, AUDIT = "92121500", "82110000", "84111600"
CATERING, CLEANING_SERVICES, MEETING_FACILITIES = "90101600", "76110000", "90111600"
HUMANITARIAN = "93130000"

CASES = [
    # Lighting: "LED" is a word, not the start of "Ledger" or a part of "Sledge".
    Case(
        "LED",
        (LIGHTING_FIXTURES, LAMPS_AND_BULBS, LAMPS_FAMILY),
        not_found=(COILED_TUBING, LEDGER_PAPER, PULLED_SCRAPERS, SLEDGE_HAMMER, LIGHT_WEAPONS),
    ),
    Case("led lights", (LIGHTING_FIXTURES, "39111500", "39111600"), not_found=(LEDGER_PAPER,)),
    Case("LED lamps", (LAMPS_AND_BULBS, LAMPS_FAMILY), not_found=(LEDGER_PAPER,)),
    # "Light weapons" too, by the stem, but after every title with "lighting".
    Case("lighting", (LIGHTING_FIXTURES, "39111500", "39111600")),
    Case("light", (LIGHTING_FIXTURES, "39111500")),
    Case("flood lights", ("39111611",), top=3),
    Case("照明", (LIGHTING_FIXTURES, "39111500", "39111600"), not_found=(LIGHT_WEAPONS,)),
    Case("灯", (LAMPS_FAMILY, LAMPS_AND_BULBS, LIGHTING_FIXTURES)),
    # Solar: no photovoltaic title is listed yet; power generation is where it belongs meanwhile.
    Case("solar panel", (POWER_GENERATION,), top=3, not_found=("41114407",)),
    Case("solar panels", (POWER_GENERATION,), top=3),
    Case("photovoltaic", (POWER_GENERATION,), top=3),
    Case("PV", (POWER_GENERATION,), top=3),
    Case("太阳能", (POWER_GENERATION,), top=3),
    Case("太阳能板", (POWER_GENERATION,), top=3),
    Case("太阳能电池板", (POWER_GENERATION,), top=3),
    Case("generator", (POWER_GENERATORS, "26111601")),
    Case("diesel generator", ("26111601",), top=3),
    Case("发电机", (POWER_GENERATORS, "26111601")),
    # Protection and health
    Case("PPE", ("46180000", "46181504"), not_found=("43233200", "39121600")),
    Case("personal protective equipment", ("46180000",), top=3),
    Case("gloves", ("42132200", "46181504", "42132205")),
    Case("medical gloves", ("42132200", "42132203"), top=3),
    Case("手套", ("42132200", "46181504")),
    Case("mask", ("42131713", "46182001")),
    Case("口罩", ("42131713", "46182001", "46182002")),
    Case("医用口罩", ("42131713",)),
    Case("vaccine", ("51200000",), top=1),
    Case("疫苗", ("51200000",), top=1),
    Case("药品", ("51000000",), top=3),
    Case("medical equipment", ("42000000",), top=1),
    Case("医疗器械", ("42000000",), top=1),
    Case("syringes", ("42142600",), top=3),
    # Shelter
    Case("tents", ("49121503",), top=1, not_found=("42295900", "41113633")),
    Case("tent", ("49121503",), top=1, not_found=("42295900",)),
    Case("帐篷", ("49121503", "24141506"), top=5),
    # Information technology and office
    Case("laptop", ("43211503",), top=1),
    Case("笔记本电脑", ("43211503",), top=1),
    Case("notebook computers", ("43211503",), top=1),
    Case("电脑", ("43211500", "43211507")),
    Case("PC", ("43211508", "43211507"), top=3),
    Case("IT", ("43000000",), top=3, not_found=("10131601",)),
    Case("CCTV", ("46171622",), top=1),
    Case("printer", ("43212100",), top=3),
    Case("打印机", ("43212100",), top=3),
    Case("printer ink", ("44103105", "44103100"), top=3),
    Case("文具", ("44120000", "44121700"), top=5),
    Case("办公用品", ("44120000",), top=1),
    Case("office supplies", ("44120000",), top=1),
    Case("office chairs", ("56101700",), top=3),
    Case("furniture", ("56101500", "56000000"), top=3),
    Case("家具", ("56000000", "56101500")),
    Case("bamboo furniture", ("56000000", "56101500")),
    Case("HVAC", ("40100000", "72151200"), top=2),  # the equipment, and its installation
    Case("air conditioner", ("40101701",), top=3),
    # Vehicles, water, farming
    Case("车辆", ("25000000", "25100000"), top=3),
    Case("vehicles", ("25100000",)),
    Case("tyres", ("25172500",), top=1),
    Case("轮胎", ("25172500",), top=1),
    Case("water pump", ("40151510",), top=1),
    Case("水泵", ("40151510",), top=3),
    Case("water purification", ("47101514", "41104200")),
    Case("净水", ("47101514",)),
    Case("农药", ("21101800",), top=3),
    Case("种子", ("50100000",), top=3),
    Case("化肥", ("21101804",), top=3),
    # Services (segments 70 to 94): what UN agencies buy as much as goods.
    Case("consulting", (MANAGEMENT_CONSULTATION, MANAGEMENT_ADVISORY), top=3),
    Case("咨询", (MANAGEMENT_ADVISORY, MANAGEMENT_CONSULTATION), top=5),
    Case("logistics", (TRANSPORT_STORAGE, CARGO_TRANSPORT, TRANSPORT_ARRANGING), top=5),
    # 物料需求计划、物流和供应链软件 (43231506) says 物流 in its own title, so it may come first.
    Case("物流", (TRANSPORT_STORAGE, CARGO_TRANSPORT, STORAGE), top=4),
    Case("freight forwarding", (TRANSPORT_ARRANGING,), top=1),
    Case("货运代理", (TRANSPORT_ARRANGING,), top=1),
    Case("courier", (POSTAL_DELIVERY,), top=1),
    Case("快递", (POSTAL_DELIVERY,), top=3),
    Case("培训", ("86000000", "86100000"), top=3),
    Case("language training", ("86111700",), top=1),
    Case("security guard", (GUARDS,), top=1, not_found=("43233200", "43222500")),
    Case("保安", (GUARDS,), top=1),
    Case("translation services", (WRITING_TRANSLATIONS, "82111800"), top=3),
    Case("翻译", (WRITING_TRANSLATIONS,), top=1),
    Case("口译", (WRITING_TRANSLATIONS,), top=3),
    Case("interpretation", ("90121700", WRITING_TRANSLATIONS), top=3),  # guides and interpreters
    Case("catering", (CATERING, "90100000"), top=3),
    Case("餐饮", ("90100000", CATERING), top=5),
    Case("cleaning services", (CLEANING_SERVICES, "76111500"), top=5, not_found=("47131800",)),
    Case("保洁服务", (CLEANING_SERVICES, "76111500"), top=3, not_found=("47130000",)),
    Case("IT support", ("81112300", "81112200", "81111800"), top=3),
    Case("运维", ("81112200", "81112300", "81111800"), top=3),
    Case("audit", (AUDIT,), top=3),
    Case("审计", (AUDIT,), top=3),
    Case("printing services", ("82121500", "73151900"), top=3, not_found=("45101500",)),
    Case("印刷服务", ("82121500",), top=1, not_found=("32100000",)),
    Case("event management", ("80141900", MEETING_FACILITIES), top=3),
    Case("会议服务", (MEETING_FACILITIES, "80141900"), top=3),
    Case("设计", ("82140000",), top=3),
    Case("维修", ("72100000", "78180000"), top=5),
    Case("construction services", ("72000000",), top=1, not_found=("22000000",)),
    Case("施工", ("72000000",), top=3),
    Case("humanitarian aid", (HUMANITARIAN,), top=1),
    Case("人道主义援助", (HUMANITARIAN,), top=1),
    Case("救灾", ("93131800",), top=1),
    Case("软件开发", ("81111500",), top=1),
    Case("物业管理", ("80131800",), top=1),
    Case("环评", ("77101500",), top=1),
    # Codes: the digits a supplier knows keep working as before.
    Case("4323", ("43230000",), top=1),
    Case("43211503", ("43211503",), top=1),
]
