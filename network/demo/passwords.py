"""The demo members' password, shared by every seeder (site, forum, chat, bulk members)."""

import secrets

from django.conf import settings


def demo_password() -> str:
    """One random password per installation, kept under var/ so `make run` can print it."""
    path = settings.VAR_DIR / "demo-password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
    return path.read_text().strip()
