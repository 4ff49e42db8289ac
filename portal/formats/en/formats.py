"""English as the UN writes it: day before month, a 24-hour clock, commas between thousands.

Django's own English formats are American (`Nov. 22, 2026, 5 p.m.`); only what differs is set here,
the rest (input formats among them) comes from Django.
"""

DATE_FORMAT = "j F Y"  # 1 December 2026
TIME_FORMAT = "H:i"  # 17:00
DATETIME_FORMAT = "j F Y, H:i"  # 1 December 2026, 17:00
SHORT_DATE_FORMAT = "j M Y"  # 1 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 1 Dec 2026, 17:00
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
