"""English date formats of the portal: "13 Jan 2015", never the US "Jan. 13, 2015".

Django's own English formats would be used for every date printed without an explicit format
(``{{ value }}``, ``|date`` with no argument, "DATE_FORMAT", the admin's listings). The
portal's one style is lms.formatting's "medium" style; these say the same.
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday: the working week in Bangladesh begins on Sunday
