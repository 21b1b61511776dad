# Dates as Polish writes them: "4 grudnia 2026, 17:00" and "04.12.2026, 17:00", never "04-12-2026".
# The short forms match what static/js/ renders live with Intl.DateTimeFormat (2-digit parts).
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "F Y"
