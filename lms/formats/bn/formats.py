"""Bangla date formats of the portal: "১৩ জানুয়ারি ২০১৫" (digits made Bangla by the date filter,
lms.templatetags.localised_builtins; Bangla writes month names in full)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday: the working week in Bangladesh begins on Sunday
