"""English as the app writes it: day-month-year and the 24-hour clock, as in Norway.

Django's own English formats are American (11/27/2026, 8:23 a.m.); the people
reading this app in English work in Norway and read dates the Norwegian way.
"""

DATE_FORMAT = "j F Y"  # 27 November 2026
TIME_FORMAT = "H:i"  # 08:23
DATETIME_FORMAT = "j F Y, H:i"  # 27 November 2026, 08:23
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"  # 27/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 27/11/2026 08:23
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
