"""Demo members for `seed_demo`: about 60 librarians from all 16 voivodeships (idempotent).

A service, not `members/demo.py`: the layer contract keeps demo modules from importing services.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from members.models import (
    ExpertiseTag,
    Library,
    PolicyAcceptance,
    Profile,
    ProfileExpertise,
    ProfileLanguage,
    User,
    Voivodeship,
)
from members.services.accounts import create_member
from members.services.consent import current_policies
from members.services.profiles import update_profile
from network.core.search_words import search_document

V = Voivodeship
# (voivodeship, city, library) — invented names in the style of real Polish public libraries.
LIBRARIES = [
    (V.DOLNOSLASKIE, "Wrocław", "Miejska Biblioteka Publiczna we Wrocławiu"),
    (V.DOLNOSLASKIE, "Wałbrzych", "Biblioteka pod Atlantami w Wałbrzychu"),
    (V.KUJAWSKO_POMORSKIE, "Toruń", "Książnica Kopernikańska w Toruniu"),
    (V.KUJAWSKO_POMORSKIE, "Inowrocław", "Biblioteka Miejska w Inowrocławiu"),
    (V.LUBELSKIE, "Lublin", "Miejska Biblioteka Publiczna w Lublinie"),
    (V.LUBELSKIE, "Zamość", "Książnica Zamojska"),
    (V.LUBUSKIE, "Zielona Góra", "Wojewódzka i Miejska Biblioteka Publiczna w Zielonej Górze"),
    (V.LUBUSKIE, "Sulęcin", "Biblioteka Publiczna Gminy Sulęcin"),
    (V.LODZKIE, "Łódź", "Biblioteka Miejska w Łodzi"),
    (V.LODZKIE, "Sieradz", "Powiatowa i Miejska Biblioteka Publiczna w Sieradzu"),
    (V.MALOPOLSKIE, "Kraków", "Biblioteka Kraków"),
    (V.MALOPOLSKIE, "Nowy Targ", "Miejska Biblioteka Publiczna w Nowym Targu"),
    (V.MAZOWIECKIE, "Warszawa", "Biblioteka Publiczna w Dzielnicy Wola m.st. Warszawy"),
    (V.MAZOWIECKIE, "Płock", "Książnica Płocka"),
    (V.MAZOWIECKIE, "Siedlce", "Miejska Biblioteka Publiczna w Siedlcach"),
    (V.OPOLSKIE, "Opole", "Miejska Biblioteka Publiczna w Opolu"),
    (V.OPOLSKIE, "Głuchołazy", "Biblioteka Publiczna w Głuchołazach"),
    (V.PODKARPACKIE, "Rzeszów", "Wojewódzka i Miejska Biblioteka Publiczna w Rzeszowie"),
    (V.PODKARPACKIE, "Krosno", "Krośnieńska Biblioteka Publiczna"),
    (V.PODLASKIE, "Białystok", "Książnica Podlaska w Białymstoku"),
    (V.PODLASKIE, "Sejny", "Biblioteka Publiczna w Sejnach"),
    (V.POMORSKIE, "Gdańsk", "Wojewódzka i Miejska Biblioteka Publiczna w Gdańsku"),
    (V.POMORSKIE, "Słupsk", "Miejska Biblioteka Publiczna w Słupsku"),
    (V.SLASKIE, "Katowice", "Miejska Biblioteka Publiczna w Katowicach"),
    (V.SLASKIE, "Cieszyn", "Biblioteka Miejska w Cieszynie"),
    (V.SWIETOKRZYSKIE, "Kielce", "Miejska Biblioteka Publiczna w Kielcach"),
    (V.SWIETOKRZYSKIE, "Sandomierz", "Miejska Biblioteka Publiczna w Sandomierzu"),
    (V.WARMINSKO_MAZURSKIE, "Olsztyn", "Miejski Ośrodek Kultury i Biblioteka w Olsztynie"),
    (V.WARMINSKO_MAZURSKIE, "Ełk", "Miejska Biblioteka Publiczna w Ełku"),
    (V.WIELKOPOLSKIE, "Konin", "Miejska Biblioteka Publiczna w Koninie"),
    (V.WIELKOPOLSKIE, "Poznań", "Biblioteka Raczyńskich w Poznaniu"),
    (V.ZACHODNIOPOMORSKIE, "Szczecin", "Książnica Pomorska w Szczecinie"),
    (V.ZACHODNIOPOMORSKIE, "Koszalin", "Koszalińska Biblioteka Publiczna"),
]
NAMES = [
    "Anna Kowalska", "Katarzyna Nowak", "Małgorzata Wiśniewska", "Agnieszka Wójcik",
    "Barbara Kamińska", "Ewa Lewandowska", "Krystyna Zielińska", "Elżbieta Szymańska",
    "Magdalena Woźniak", "Joanna Dąbrowska", "Monika Kozłowska", "Beata Jankowska",
    "Dorota Mazur", "Aleksandra Kwiatkowska", "Justyna Krawczyk", "Iwona Piotrowska",
    "Renata Grabowska", "Urszula Pawłowska", "Grażyna Michalska", "Marta Król",
    "Teresa Wieczorek", "Halina Jabłońska", "Jolanta Wróblewska", "Izabela Nowakowska",
    "Karolina Majewska", "Paulina Olszewska", "Natalia Stępień", "Sylwia Malinowska",
    "Wioletta Jaworska", "Lidia Adamczyk", "Bożena Dudek", "Zofia Nowicka",
    "Hanna Pawlak", "Weronika Górska", "Olena Kovalenko", "Marzena Sikora",
    "Danuta Walczak", "Emilia Baran", "Alicja Rutkowska", "Kinga Michalak",
    "Piotr Kowalczyk", "Krzysztof Szewczyk", "Tomasz Ostrowski", "Paweł Tomaszewski",
    "Michał Pietrzak", "Marcin Zalewski", "Łukasz Wróbel", "Jakub Marciniak",
    "Grzegorz Jasiński", "Adam Zawadzki", "Andrzej Bąk", "Rafał Jakubowski",
    "Wojciech Sadowski", "Mariusz Duda", "Bartosz Włodarczyk", "Dariusz Chmielewski",
    "Jan Borkowski", "Robert Sokołowski", "Sebastian Szczepański", "Kamil Lis",
    "Mykola Shevchenko", "Damian Kubiak",
]  # fmt: skip
POSITIONS = [
    "dyrektorka biblioteki", "dyrektor biblioteki", "kierowniczka filii", "bibliotekarka",
    "starszy bibliotekarz", "instruktorka ds. edukacji cyfrowej", "koordynatorka projektów",
    "specjalistka ds. promocji", "animatorka kultury", "kierownik działu udostępniania",
]  # fmt: skip
EXPERTISE = [
    "warsztaty klimatyczne", "kompetencje cyfrowe", "praca z seniorami", "gry planszowe",
    "dyskusyjne kluby książki", "edukacja medialna", "fundraising", "pozyskiwanie grantów",
    "biblioteka jako trzecie miejsce", "dostępność", "praca z młodzieżą", "robotyka",
    "historia lokalna", "digitalizacja zbiorów", "partycypacja obywatelska", "design thinking",
    "zarządzanie zespołem", "marketing biblioteki", "Noc Bibliotek", "integracja uchodźców",
]  # fmt: skip
BIOS = [
    "Prowadzę bibliotekę, która jest **miejscem spotkań** całej gminy.",
    "Od lat łączę książki z technologią: w naszej filii działa *pracownia robotyki*.",
    "Szukam partnerów do projektu o historii lokalnej. Piszcie śmiało!",
    "Współtworzę sieć bibliotek dla klimatu i chętnie dzielę się scenariuszami warsztatów.",
]
VISIBILITIES = [Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS, Profile.Visibility.PUBLIC]


def _email(name: str) -> str:
    ascii_name = name.lower().translate(str.maketrans("ąćęłńóśźż", "acelnoszz"))
    return ascii_name.replace(" ", ".") + "@demo.example.org"


@transaction.atomic
def seed_libraries() -> list[Library]:
    libraries = []
    for voivodeship, city, name in LIBRARIES:
        library, _created = Library.objects.get_or_create(
            name=name, city=city, defaults={"voivodeship": voivodeship}
        )
        libraries.append(library)
    return libraries


@transaction.atomic
def seed_members(password: str) -> list[User]:
    """The demo members (all with the demo password), created once; returns all of them."""
    libraries = seed_libraries()
    existing = {
        user.email: user for user in User.objects.filter(email__endswith="@demo.example.org")
    }
    # Hashing is deliberately slow; one hash serves all demo accounts.
    password_hash = make_password(password)
    members = []
    for number, name in enumerate(NAMES):
        email = _email(name)
        user = existing.get(email)
        if user is None:
            user = create_member(email=email, name=name, password_hash=password_hash)
            library = libraries[number % len(libraries)]
            languages = ["pl", "en"] if number % 3 else ["pl"]
            if name.startswith(("Olena", "Mykola")):
                languages = ["uk", "pl", "ru"]
            update_profile(
                user=user,
                handle=user.profile.handle,
                display_name=name,
                library=library,
                position=POSITIONS[number % len(POSITIONS)],
                city=library.city,
                voivodeship=library.voivodeship,
                bio=BIOS[number % len(BIOS)],
                expertise=[EXPERTISE[number % len(EXPERTISE)], EXPERTISE[(number * 7 + 3) % 20]],
                languages=languages,
                visibility=VISIBILITIES[number % len(VISIBILITIES)],
                show_email=number % 4 == 0,
            )
        members.append(user)
    return members


BULK_DOMAIN = "@bulk.demo.example.org"


@transaction.atomic
def seed_bulk_members(password: str, *, scale: int) -> int:
    """For benchmarks (`seed_demo --scale N`): make the demo members N times as many.

    (N - 1) * len(NAMES) extra members with complete profiles (library, voivodeship, position,
    expertise, languages), written with bulk inserts: creating them one by one through
    `create_member` would take minutes at scale 100. Idempotent: only the missing ones are made.
    Returns how many were created.
    """
    wanted = (max(1, scale) - 1) * len(NAMES)
    have = User.objects.filter(email__endswith=BULK_DOMAIN).count()
    if have >= wanted:
        return 0
    libraries = seed_libraries()
    tags = [ExpertiseTag.objects.get_or_create(name=name)[0] for name in EXPERTISE]
    password_hash = make_password(password)
    now = timezone.now()
    numbers = range(have, wanted)
    users = User.objects.bulk_create(
        User(
            username=f"bulk-{number}",
            email=f"czlonek.{number}{BULK_DOMAIN}",
            first_name=_bulk_name(number)[0],
            last_name=_bulk_name(number)[1],
            password=password_hash,
            date_joined=now,
        )
        for number in numbers
    )
    # SQLite and PostgreSQL both return the new primary keys from bulk_create.
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    profiles = Profile.objects.bulk_create(
        _bulk_profile(user, number, libraries[number % len(libraries)], now, tags)
        for number, user in zip(numbers, users, strict=True)
    )
    ProfileExpertise.objects.bulk_create(
        ProfileExpertise(content_object=profile, tag=tags[index])
        for number, profile in zip(numbers, profiles, strict=True)
        for index in _bulk_expertise(number, tags)
    )
    ProfileLanguage.objects.bulk_create(
        ProfileLanguage(profile=profile, code=code)
        for number, profile in zip(numbers, profiles, strict=True)
        for code in (["pl", "en"] if number % 3 else ["pl"])
    )
    # As create_member does: operator-made accounts have accepted the policies in force.
    PolicyAcceptance.objects.bulk_create(
        PolicyAcceptance(user=user, kind=kind, version=version, accepted_at=now)
        for user in users
        for kind, version in current_policies()["versions"].items()
    )
    return len(users)


# NAMES lists women first, then men: a first name is paired with a surname of the same form.
_NAME_GROUPS = (NAMES[:40], NAMES[40:])


def _bulk_name(number: int) -> tuple[str, str]:
    names = _NAME_GROUPS[0] if number % 3 else _NAME_GROUPS[1]
    first = names[number % len(names)].split(" ")[0]
    # A different pairing in each round through the list, so the names vary.
    last = names[(number * 7 + number // len(names)) % len(names)].split(" ")[1]
    return first, last


def _bulk_expertise(number: int, tags: list) -> set[int]:
    return {number % len(tags), (number * 7 + 3) % len(tags)}


def _bulk_profile(user: User, number: int, library: Library, now, tags: list) -> Profile:
    position = POSITIONS[number % len(POSITIONS)]
    name = f"{user.first_name} {user.last_name}"
    # What refresh_search_words would store, without a query per member.
    expertise = [tags[index].name for index in _bulk_expertise(number, tags)]
    words = search_document(name, library.city, position, library.name, library.city, *expertise)
    return Profile(
        search_words=f" {words} ",
        user=user,
        handle=f"czlonek-{number}",
        display_name=name,
        library=library,
        position=position,
        city=library.city,
        voivodeship=library.voivodeship,
        bio=BIOS[number % len(BIOS)],
        visibility=VISIBILITIES[number % len(VISIBILITIES)],
        onboarded_at=now,
    )
