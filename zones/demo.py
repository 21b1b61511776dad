"""Demo Innovation Zones for `seed_demo`: 25 libraries in all 16 voivodeships, in Polish with
English and Ukrainian translations, and the Innovation Zones network's page. Idempotent."""

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page

from members.models import Library
from members.services.accounts import create_member
from network.demo.networks import add_network_page
from network.groups.services.memberships import add_member
from network.models import Group, HomePage, NetworkPage, Role
from zones.models import Meetup, Voivodeship, ZoneCoordinator, ZoneIndexPage, ZonePage
from zones.services.community import ensure_zones_network
from zones.services.meetups import create_meetup

WARSAW = ZoneInfo("Europe/Warsaw")
V = Voivodeship

# (city, voivodeship, latitude, longitude, library, street address, postal code)
ZONES = [
    (
        "Wrocław",
        V.DOLNOSLASKIE,
        51.1079,
        17.0385,
        "Miejska Biblioteka Publiczna we Wrocławiu",
        "Rynek 58",
        "50-116",
    ),
    (
        "Jelenia Góra",
        V.DOLNOSLASKIE,
        50.9044,
        15.7194,
        "Książnica Karkonoska",
        "ul. Bankowa 27",
        "58-500",
    ),
    (
        "Bydgoszcz",
        V.KUJAWSKO_POMORSKIE,
        53.1235,
        18.0084,
        "Wojewódzka i Miejska Biblioteka Publiczna w Bydgoszczy",
        "Stary Rynek 24",
        "85-105",
    ),
    (
        "Toruń",
        V.KUJAWSKO_POMORSKIE,
        53.0138,
        18.5984,
        "Książnica Kopernikańska",
        "ul. Słowackiego 8",
        "87-100",
    ),
    (
        "Lublin",
        V.LUBELSKIE,
        51.2465,
        22.5684,
        "Miejska Biblioteka Publiczna w Lublinie",
        "ul. Peowiaków 12",
        "20-007",
    ),
    ("Zamość", V.LUBELSKIE, 50.7231, 23.2520, "Książnica Zamojska", "ul. Partyzantów 11", "22-400"),
    (
        "Zielona Góra",
        V.LUBUSKIE,
        51.9356,
        15.5062,
        "Wojewódzka i Miejska Biblioteka Publiczna w Zielonej Górze",
        "al. Wojska Polskiego 9",
        "65-077",
    ),
    (
        "Gorzów Wielkopolski",
        V.LUBUSKIE,
        52.7368,
        15.2288,
        "Wojewódzka i Miejska Biblioteka Publiczna w Gorzowie Wielkopolskim",
        "ul. Sikorskiego 107",
        "66-400",
    ),
    (
        "Łódź",
        V.LODZKIE,
        51.7592,
        19.4560,
        "Biblioteka Miejska w Łodzi",
        "ul. Piotrkowska 102",
        "90-004",
    ),
    (
        "Piotrków Trybunalski",
        V.LODZKIE,
        51.4055,
        19.7032,
        "Miejska Biblioteka Publiczna w Piotrkowie Trybunalskim",
        "ul. Wojska Polskiego 21",
        "97-300",
    ),
    (
        "Kraków",
        V.MALOPOLSKIE,
        50.0647,
        19.9450,
        "Biblioteka Kraków",
        "ul. Powstania Warszawskiego 6",
        "31-549",
    ),
    (
        "Nowy Sącz",
        V.MALOPOLSKIE,
        49.6218,
        20.6970,
        "Sądecka Biblioteka Publiczna",
        "ul. Franciszkańska 11",
        "33-300",
    ),
    (
        "Warszawa",
        V.MAZOWIECKIE,
        52.2297,
        21.0122,
        "Biblioteka Publiczna m.st. Warszawy",
        "ul. Koszykowa 26/28",
        "00-553",
    ),
    ("Płock", V.MAZOWIECKIE, 52.5463, 19.7065, "Książnica Płocka", "ul. Kościuszki 6", "09-402"),
    (
        "Opole",
        V.OPOLSKIE,
        50.6751,
        17.9213,
        "Miejska Biblioteka Publiczna w Opolu",
        "ul. Minorytów 4",
        "45-017",
    ),
    (
        "Rzeszów",
        V.PODKARPACKIE,
        50.0412,
        21.9991,
        "Wojewódzka i Miejska Biblioteka Publiczna w Rzeszowie",
        "ul. Sokoła 13",
        "35-010",
    ),
    (
        "Krosno",
        V.PODKARPACKIE,
        49.6887,
        21.7706,
        "Krośnieńska Biblioteka Publiczna",
        "ul. Kolejowa 1",
        "38-400",
    ),
    (
        "Białystok",
        V.PODLASKIE,
        53.1325,
        23.1688,
        "Książnica Podlaska",
        "ul. Józefa Piłsudskiego 16",
        "15-444",
    ),
    (
        "Gdańsk",
        V.POMORSKIE,
        54.3520,
        18.6466,
        "Wojewódzka i Miejska Biblioteka Publiczna w Gdańsku",
        "ul. Targ Rybny 11",
        "80-838",
    ),
    (
        "Katowice",
        V.SLASKIE,
        50.2649,
        19.0238,
        "Miejska Biblioteka Publiczna w Katowicach",
        "ul. Młyńska 5",
        "40-098",
    ),
    (
        "Gliwice",
        V.SLASKIE,
        50.2945,
        18.6714,
        "Miejska Biblioteka Publiczna w Gliwicach",
        "ul. Kościuszki 17",
        "44-100",
    ),
    (
        "Kielce",
        V.SWIETOKRZYSKIE,
        50.8661,
        20.6286,
        "Wojewódzka Biblioteka Publiczna w Kielcach",
        "ul. Ściegiennego 13",
        "25-033",
    ),
    (
        "Olsztyn",
        V.WARMINSKO_MAZURSKIE,
        53.7784,
        20.4801,
        "Miejska Biblioteka Publiczna w Olsztynie",
        "ul. Pieniężnego 2",
        "10-006",
    ),
    (
        "Poznań",
        V.WIELKOPOLSKIE,
        52.4064,
        16.9252,
        "Biblioteka Raczyńskich",
        "pl. Wolności 19",
        "61-739",
    ),
    (
        "Szczecin",
        V.ZACHODNIOPOMORSKIE,
        53.4285,
        14.5528,
        "Książnica Pomorska",
        "ul. Podgórna 15/16",
        "70-205",
    ),
]

COORDINATORS = [
    "Anna Kowalska",
    "Piotr Nowak",
    "Katarzyna Wiśniewska",
    "Tomasz Wójcik",
    "Magdalena Kamińska",
    "Michał Lewandowski",
    "Agnieszka Zielińska",
    "Paweł Szymański",
    "Joanna Woźniak",
    "Marcin Dąbrowski",
    "Monika Kozłowska",
    "Krzysztof Jankowski",
    "Ewa Mazur",
    "Łukasz Kwiatkowski",
    "Barbara Krawczyk",
    "Jakub Piotrowski",
    "Aleksandra Grabowska",
    "Grzegorz Pawłowski",
    "Natalia Michalska",
    "Adam Król",
    "Dorota Wieczorek",
    "Rafał Jabłoński",
    "Justyna Wróbel",
    "Mateusz Majewski",
    "Elżbieta Olszewska",
]

RESOURCES = [
    "drukarka 3D",
    "gogle VR",
    "sala warsztatowa",
    "robotyka",
    "studio nagrań",
    "laptopy",
    "makerspace",
    "gry planszowe",
    "kawiarenka",
    "plotter",
]
# English and Ukrainian texts of the zone pages (data, not code: easy for a translator to correct).
TRANSLATIONS = json.loads(
    Path(__file__).with_name("demo_translations.json").read_text(encoding="utf-8")
)

NETWORK_PAGE_INTRO = (
    "Sieć 25 Stref Innowacji w bibliotekach w całej Polsce. Dołącz do społeczności strefy "
    "najbliżej Ciebie i przyjdź na spotkanie."
)
NETWORK_PAGE_BODY = (
    "<p>Każda strefa ma swoją społeczność: członkowie rozmawiają na forum i na czacie strefy, "
    "a koordynatorzy zapraszają na spotkania. Mapę i listę wszystkich stref znajdziesz na "
    "stronie Stref Innowacji.</p>"
)

MEETUPS = [
    (
        "Kawa z innowacją: czego potrzebuje nasza okolica?",
        (
            "Otwarte spotkanie mieszkańców i bibliotekarzy: "
            "zbieramy pomysły na działania Strefy w tym roku."
        ),
    ),
    (
        "Warsztaty druku 3D dla początkujących",
        "Od projektu do wydruku: pierwsze kroki z drukarką 3D.",
    ),
    ("Klub cyfrowego seniora", "Bezpieczne zakupy w sieci, e-usługi i wideorozmowy z bliskimi."),
]


def _at(day_offset: int, hour: int) -> datetime:
    day = timezone.localdate(timezone.now(), WARSAW) + timedelta(days=day_offset)
    return datetime.combine(day, time(hour), tzinfo=WARSAW)


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _translation(page: Page, language: str):
    """The page's existing translation, or a fresh copy (as the admin's "Translate" makes it),
    or None when its parent is not translated into the language yet."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return None, False
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation.specific, False
    if page.get_parent().get_translation_or_none(locale) is None:
        return None, False
    return page.copy_for_translation(locale), True


def _translate_index(index: ZoneIndexPage) -> None:
    for language, texts in TRANSLATIONS["index"].items():
        translation, created = _translation(index, language)
        if created:
            translation.title = texts["title"]
            translation.intro = texts["intro"]
            _publish(translation)


def _translate_zone(zone: ZonePage, number: int) -> list[ZonePage]:
    translations = []
    for language, texts in TRANSLATIONS["zone"].items():
        translation, created = _translation(zone, language)
        if translation is None:
            continue
        if created:
            city = TRANSLATIONS["cities"][language][number]
            translation.title = texts["title"].format(city=city)
            translation.intro = texts["intro"].format(city=city)
            translation.opening_hours = texts["opening_hours"]
            translation.body = [("text", texts["text"]), ("quote", texts["quote"])]
            translation.resources.set(
                [
                    TRANSLATIONS["resources"][language][(number + k) % len(RESOURCES)]
                    for k in range(3)
                ]
            )
            _publish(translation)
        translations.append(translation)
    return translations


@transaction.atomic
def seed_zones_network(home: HomePage) -> Group:
    """The Innovation Zones network and its page under /networks/, pointing to the zone map."""
    network = ensure_zones_network()
    if NetworkPage.objects.filter(network=network).exists():
        return network
    zone_index = seed_zone_index(home)
    call_to_action = {"text": "Mapa i lista Stref Innowacji", "page": zone_index.pk, "url": ""}
    add_network_page(
        home,
        network,
        intro=NETWORK_PAGE_INTRO,
        body=[
            {"type": "paragraph", "value": NETWORK_PAGE_BODY},
            {"type": "call_to_action", "value": call_to_action},
        ],
    )
    return network


@transaction.atomic
def seed_zone_index(home: HomePage) -> ZoneIndexPage:
    index = ZoneIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=ZoneIndexPage(
                title="Strefy Innowacji",
                slug="zones",
                locale=home.locale,
                intro="25 bibliotek w całej Polsce, w których mieszkańcy spotykają się, rozmawiają "
                "i wspólnie szukają rozwiązań ważnych dla swojej społeczności.",
            )
        )
    _translate_index(index)
    return index


def _coordinator(name: str, slug: str, password: str, number: int):
    email = f"strefa.{slug}@example.org"
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = create_member(email=email, password=password, name=name, validate=False)
        # Many coordinators are library leaders too: their meetups show on the networks' pages.
        for network_slug, every in (("labib", 2), ("inicjatywy", 5)):
            network = Group.objects.filter(slug=network_slug, parent__isnull=True).first()
            if network is not None and number % every == 0:
                add_member(user=user, group=network, role=Role.MEMBER)
    return user


@transaction.atomic
def seed_zones(home: HomePage, password: str) -> list[ZonePage]:
    """The zones with their coordinators and meetups, and their English and Ukrainian pages;
    returns every zone page (translations included).

    The caller makes each zone's community and gives the coordinators their admin rights
    (zones.services.community, zones.services.coordinators), as publishing in the admin does.
    """
    seed_zones_network(home)
    index = seed_zone_index(home)
    zones = []
    for number, (city, voivodeship, lat, lon, library, address, postal_code) in enumerate(ZONES):
        slug = slugify(city.replace("ł", "l").replace("Ł", "L"))
        coordinator = _coordinator(COORDINATORS[number], slug, password, number)
        zone = ZonePage.objects.child_of(index).filter(slug=slug).first()
        if zone is None:
            zone = index.add_child(
                instance=ZonePage(
                    title=f"Strefa Innowacji {city}",
                    slug=slug,
                    locale=index.locale,
                    library_name=library,
                    library=_registry_entry(library, city),
                    intro=f"Miejsce spotkań, rozmów i wspólnych projektów mieszkańców: {city}.",
                    address=address,
                    postal_code=postal_code,
                    city=city,
                    voivodeship=voivodeship,
                    latitude=lat,
                    longitude=lon,
                    opening_hours="pon.-pt. 10:00-19:00\nsob. 10:00-15:00",
                    email=f"strefa.{slug}@example.org",
                    body=[
                        (
                            "text",
                            (
                                "<p>Strefa Innowacji to przestrzeń w bibliotece otwarta dla "
                                "każdego: tu planujemy działania z mieszkańcami i testujemy "
                                "nowe pomysły.</p>"
                            ),
                        ),
                        ("quote", "Biblioteka to miejsce, w którym społeczność uczy się razem."),
                    ],
                    coordinators=[ZoneCoordinator(user=coordinator)],
                )
            )
            zone.resources.add(*(RESOURCES[(number + k) % len(RESOURCES)] for k in range(3)))
            zone.save_revision().publish()
        _seed_meetups(zone, number, coordinator)
        zones.append(zone)
        zones.extend(_translate_zone(zone, number))
    return zones


def _registry_entry(library: str, city: str) -> Library | None:
    """The same library in the member registry, whose name may add the town ("Książnica
    Podlaska w Białymstoku"); a zone in another library of the town stays unlinked."""
    return Library.objects.filter(
        status=Library.Status.APPROVED, city=city, name__istartswith=library
    ).first()


def _seed_meetups(zone: ZonePage, number: int, organiser) -> None:
    if Meetup.objects.filter(zone=zone).exists():
        return
    # One in the archive, one ahead (days spread so the home page shows several zones).
    for offset, capacity, (title, description) in (
        (-14 - number, 20, MEETUPS[number % len(MEETUPS)]),
        (3 + number, 12 + number % 3 * 4, MEETUPS[(number + 1) % len(MEETUPS)]),
    ):
        create_meetup(
            zone=zone,
            organiser=organiser,
            title=title,
            description=description,
            start=_at(offset, 17),
            end=_at(offset, 19),
            capacity=capacity,
        )
