"""The colour themes a visitor may pick (besides the system's): the cookie that keeps the choice,
read by the page cache (a cached page is kept per theme) and the template tags."""

THEMES = {"light", "dark"}
THEME_COOKIE = "theme"
