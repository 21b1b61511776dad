"""The colour themes a visitor may pick (besides the system's): the cookie that keeps the choice,
read by the page cache (a cached page is kept per theme) and the template tags."""

THEMES = {"light", "dark"}
THEME_COOKIE = "theme"


def theme_of(request) -> str:
    """ "light" or "dark" when the visitor chose one (network.site.views_ui.set_theme), else "".

    A signed-in member's choice is kept on their account and in their session's header card, so
    it wins over this browser's cookie.
    """
    user = getattr(request, "user", None)
    card = request.session.get("member_card") if user and user.is_authenticated else None
    theme = card["theme"] if card and "theme" in card else request.COOKIES.get(THEME_COOKIE, "")
    return theme if theme in THEMES else ""
