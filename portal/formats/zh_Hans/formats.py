"""Simplified Chinese: Django's dates (2026年12月1日 17:00), and numbers as mainland readers see them
in business and on government sites (CLDR's zh pattern #,##0.###): a comma every three digits.

Django's zh_Hans module leaves the thousands separator empty and groups by four, so that
1234567 would read 1234567 with intcomma; here it reads 1,234,567.
"""

DATE_FORMAT = "Y年n月j日"  # 2026年12月1日
TIME_FORMAT = "H:i"  # 17:00
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年12月1日 17:00
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
