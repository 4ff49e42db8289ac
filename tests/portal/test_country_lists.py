"""Every country list of the portal: China first, then the names in the reader's alphabetical order
(pinyin for Chinese), without a separator that could be chosen, and with the names UN agencies use,
in English and Chinese: on the supplier's form, the search's filter, a notice's page and the admin."""

import re

import pytest

from core.countries import reading_order
from tests.notices.factories import NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = pytest.mark.django_db

UN_NAMES = {
    "en": {
        "HK": "China, Hong Kong SAR",
        "MO": "China, Macao SAR",
        "TW": "Taiwan Province of China",
        "NR": "Nauru",
        "KR": "Republic of Korea",
        "IR": "Iran (Islamic Republic of)",
        "TR": "Türkiye",
        "VN": "Viet Nam",
    },
    "zh-hans": {
        "HK": "中国香港特别行政区",
        "MO": "中国澳门特别行政区",
        "TW": "中国台湾省",
        "NR": "瑙鲁",
        "KR": "大韩民国",
        "IR": "伊朗伊斯兰共和国",
        "TR": "土耳其",
        "VN": "越南",
    },
}


def options(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def in_language(client, user, language):
    user.language = language
    user.save()
    client.force_login(user)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_suppliers_country_list_is_china_then_the_others_in_reading_order(
    client, supplier, language
):
    in_language(client, supplier, language)

    listed = [
        o for o in options(client.get("/supplier/start/").content.decode(), "country") if o[0]
    ]

    assert listed[0][0] == "CN"
    assert all(code for code, _ in listed), "no option without a country"
    assert not any("──" in name for _, name in listed), "no separator to choose"
    names = [name for _, name in listed[1:]]
    assert names == sorted(names, key=reading_order)
    chosen = dict(listed)
    assert {code: chosen[code] for code in UN_NAMES[language]} == UN_NAMES[language]


def test_the_chinese_list_follows_pinyin_not_the_english_names(client, supplier):
    in_language(client, supplier, "zh-hans")

    names = [n for c, n in options(client.get("/supplier/start/").content.decode(), "country") if c]

    # Afghanistan (阿富汗, a) comes before Albania in English but after it in pinyin (阿尔巴尼亚, a'er);
    # Zambia (赞比亚, zan) is near the end in both; Germany (德国, de) comes before France (法国, fa).
    assert (
        names.index("阿尔巴尼亚")
        < names.index("阿富汗")
        < names.index("德国")
        < names.index("法国")
    )
    assert names.index("中国台湾省") > names.index("赞比亚"), "sorted under zh, not next to China"


def test_the_search_filter_and_a_notice_page_use_the_un_names_in_chinese(client):
    notice = NoticeFactory(countries=["HK", "TW"])
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-CN"}

    listed = [o for o in options(client.get("/notices/", **zh).content.decode(), "country") if o[0]]
    page = client.get(f"/notices/{notice.pk}/", **zh).content.decode()

    assert listed[0] == ("CN", "中国") and not any("──" in name for _, name in listed)
    names = [name for _, name in listed[1:]]
    assert names == sorted(names, key=reading_order)
    assert "中国香港特别行政区" in page and "中国台湾省" in page


def test_the_admin_filter_names_the_countries_as_the_un_does(admin_client):
    SupplierFactory(country="KR")
    SupplierFactory(country="TW")

    content = admin_client.get("/admin/suppliers/supplier/").content.decode()

    assert "Republic of Korea" in content and "Taiwan Province of China" in content
    assert "South Korea" not in content


@pytest.mark.parametrize(
    ("earlier", "later"),
    [("阿尔巴尼亚", "阿富汗"), ("阿富汗", "埃及"), ("Åland Islands", "Albania")],
)
def test_reading_order(earlier, later):
    assert reading_order(earlier) < reading_order(later)
