"""Demo content for `seed_demo`: idempotent, so running it twice changes nothing."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale, Page, Site

from members.services.accounts import create_member
from network.models import HomePage

DEMO_EDITOR_EMAIL = "redakcja@example.org"


def demo_password() -> str:
    """One random password per installation, kept under var/ so `make run` can print it."""
    path = settings.VAR_DIR / "demo-password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
    return path.read_text().strip()


@transaction.atomic
def seed_site() -> HomePage:
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    polish = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    home = HomePage.objects.filter(locale=polish).first()
    if home is None:
        # A flushed database (browser tests) has no tree root; migrations make one otherwise.
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=polish)
        )
        home = root.add_child(
            instance=HomePage(
                title="Sieć bibliotekarzy i bibliotekarek",
                slug="start",
                locale=polish,
                intro="<p>Miejsce spotkań liderów bibliotek z całej Polski: LABIB, "
                "INICJaTyWy i 25 Stref Innowacji.</p>",
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        # The default "Welcome to Wagtail" page is replaced by ours.
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()
    return home


@transaction.atomic
def seed_editor() -> str:
    User = get_user_model()
    password = demo_password()
    if not User.objects.filter(email=DEMO_EDITOR_EMAIL).exists():
        create_member(
            email=DEMO_EDITOR_EMAIL,
            password=password,
            name="Redakcja Fundacji",
            staff=True,
            validate=False,
        )
    return password


def seed() -> list[tuple[str, str, str]]:
    """Seed everything; returns the demo logins as (role, e-mail, password)."""
    seed_site()
    password = seed_editor()
    return [("editor (admin)", DEMO_EDITOR_EMAIL, password)]
