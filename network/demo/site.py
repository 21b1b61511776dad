"""Demo content for `seed_demo`: idempotent, so running it twice changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from forum.demo import seed_forum
from members.services.accounts import create_member
from members.services.demo import seed_members
from network.demo.content import link_content, seed_content
from network.demo.legal import seed_legal_pages
from network.demo.networks import seed_networks
from network.demo.passwords import demo_password
from network.models import HomePage
from zones.demo import seed_zones
from zones.services.community import sync_zone_community
from zones.services.coordinators import sync_zone_coordinators

DEMO_EDITOR_EMAIL = "redakcja@example.org"
# Members with fixed roles in the networks (the rest of the directory: members.services.demo).
DEMO_MEMBERS = [
    ("anna.kowalska@example.org", "Anna Kowalska"),
    ("jan.wisniewski@example.org", "Jan Wiśniewski"),
    ("ewa.nowak@example.org", "Ewa Nowak"),
    ("piotr.zielinski@example.org", "Piotr Zieliński"),
    ("maria.wojcik@example.org", "Maria Wójcik"),
    ("tomasz.lewandowski@example.org", "Tomasz Lewandowski"),
]


@transaction.atomic
def seed_site() -> HomePage:
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    polish = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    home = HomePage.objects.filter(locale=polish).first()
    if home is None:
        # A flushed database (browser tests) has no tree roots; migrations make them otherwise.
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
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


@transaction.atomic
def seed_demo_members() -> list:
    User = get_user_model()
    password = demo_password()
    members = []
    for email, name in DEMO_MEMBERS:
        member = User.objects.filter(email=email).first()
        if member is None:
            member = create_member(email=email, password=password, name=name, validate=False)
        members.append(member)
    return members


def seed() -> list[tuple[str, str, str]]:
    """Seed everything; returns the demo logins as (role, e-mail, password)."""
    home = seed_site()
    seed_content(home)
    # Before any account: the demo accounts accept the policies as they are made.
    seed_legal_pages(home)
    password = seed_editor()
    members = seed_demo_members() + seed_members(password)
    seed_networks(members, home=home)
    for zone in seed_zones(home, password):
        # What publishing a zone page in the admin runs (zones/wagtail_hooks.py): its community
        # first, which reads the coordinators' Wagtail group before that is brought up to date.
        sync_zone_community(zone=zone)
        sync_zone_coordinators(zone=zone)
    seed_forum()
    link_content()
    return [
        ("editor (admin)", DEMO_EDITOR_EMAIL, password),
        ("LABIB admin", DEMO_MEMBERS[0][0], password),
        ("INICJaTyWy board admin", DEMO_MEMBERS[1][0], password),
        ("zone coordinator", "strefa.wroclaw@example.org", password),
        (f"member (one of {len(members)})", members[-1].email, password),
    ]
