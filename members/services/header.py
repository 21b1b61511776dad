"""The signed-in member's name, photo and colour theme for the site header, kept in their session.

The header is on every page; reading the profile there would cost every member's page a query.
The session is read anyway, so the card is written at log-in and whenever the profile is saved.
"""

from members.models import Profile

SESSION_KEY = "member_card"


def remember_member_card(request, user) -> None:
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        user.profile = profile  # public_name reads it: no second query
    request.session[SESSION_KEY] = {
        "name": user.public_name,
        "photo": profile.avatar.name if profile and profile.avatar else "",
        # The member's light/dark choice follows them to every device they sign in on.
        "theme": user.theme,
    }


def remember_theme(request, user, theme: str) -> None:
    """Keep the member's light/dark choice ("" follows the system) on their account."""
    if user.theme != theme:
        user.theme = theme
        user.save(update_fields=["theme"])
    card = request.session.get(SESSION_KEY)
    if card is not None:
        request.session[SESSION_KEY] = {**card, "theme": theme}
