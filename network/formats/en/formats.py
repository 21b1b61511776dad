# English as written in Europe (the site's time zone is Europe/Warsaw): "4 December 2026, 17:00"
# and "04/12/2026, 17:00", the British order, as static/js/ renders live with en-GB.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y, H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
