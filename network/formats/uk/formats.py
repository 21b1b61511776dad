# Ukrainian dates: day, genitive month, year and the abbreviation of "year" (Cyrillic, as Django's
# own uk formats write it), then the time; short forms as static/js/ renders them live.
DATE_FORMAT = "j E Y р."  # noqa: RUF001
DATETIME_FORMAT = "j E Y р., H:i"  # noqa: RUF001
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
MONTH_DAY_FORMAT = "j E"
