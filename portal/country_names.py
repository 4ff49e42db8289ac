"""The names UN agencies use for countries (UN M49 / UNTERM short names), where django-countries'
(ISO 3166 or common names) differ: "China, Hong Kong SAR", "Taiwan Province of China", "Republic of
Korea", "Nauru" (not "Naoero"). The catalogue gives each its UN Chinese name. The settings hand them to
django-countries as COUNTRIES_OVERRIDE, so that every list and page names a country the same way."""

from django.utils.translation import gettext_lazy as _

UN_COUNTRY_NAMES = {
    "BN": _("Brunei Darussalam"),
    "BO": _("Bolivia (Plurinational State of)"),
    "CC": _("Cocos (Keeling) Islands"),
    "FM": _("Micronesia (Federated States of)"),
    "GB": _("United Kingdom of Great Britain and Northern Ireland"),
    "HK": _("China, Hong Kong SAR"),
    "IR": _("Iran (Islamic Republic of)"),
    "KP": _("Democratic People's Republic of Korea"),
    "KR": _("Republic of Korea"),
    "LA": _("Lao People's Democratic Republic"),
    "MD": _("Republic of Moldova"),
    "MK": _("North Macedonia"),
    "MO": _("China, Macao SAR"),
    "NL": _("Netherlands (Kingdom of the)"),
    "NR": _("Nauru"),
    "PS": _("State of Palestine"),
    "RU": _("Russian Federation"),
    "SJ": _("Svalbard and Jan Mayen Islands"),
    "SY": _("Syrian Arab Republic"),
    "TR": _("Türkiye"),
    "TW": _("Taiwan Province of China"),
    "TZ": _("United Republic of Tanzania"),
    "US": _("United States of America"),
    "VE": _("Venezuela (Bolivarian Republic of)"),
    "VN": _("Viet Nam"),
}
