"""Forum demo content for `seed_demo`: idempotent (found by slug and title, never duplicated).

Rows are written directly, with back-dated times so the forum looks lived in, and the counters
are then rebuilt by the same `synchronise` service that `manage.py forum_sync` runs.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from forum.models import Category, Post, Subscription, Tag, Topic
from forum.services.counters import synchronise
from forum.services.posting import public_name
from forum.text import search_document
from members.services.accounts import create_member
from network.demo import demo_password
from network.markdown import render_markdown

DEMO_MEMBERS = [
    ("anna.kowalska@example.org", "Anna Kowalska"),
    ("piotr.nowak@example.org", "Piotr Nowak"),
    ("olena.shevchenko@example.org", "Olena Shevchenko"),
    ("maria.wisniewska@example.org", "Maria Wiśniewska"),
]

CATEGORIES = [
    (
        "noc-bibliotek",
        "Noc Bibliotek",
        "Przygotowania, scenariusze i relacje z Nocy Bibliotek w całej Polsce.",
    ),
    (
        "biblioteki-dla-klimatu",
        "Biblioteki dla Klimatu",
        "Warsztaty, wystawy i dobre praktyki klimatyczne w bibliotekach.",
    ),
    (
        "kompetencje-cyfrowe",
        "Kompetencje cyfrowe",
        "Moje Cyfrowe Życie, Tygodnie Cyfrowe i wszystko o nauce technologii w bibliotece.",
    ),
    (
        "international",
        "International exchange",
        "Conversations with libraries abroad, in English and Ukrainian.",
    ),
]

# (category slug, author index, title, question?, tags, body, [(author index, reply), ...])
TOPICS = [
    (
        "noc-bibliotek",
        0,
        "Jak zorganizować Noc Bibliotek w małej bibliotece?",
        True,
        ["noc bibliotek", "małe biblioteki"],
        (
            "W tym roku pierwszy raz organizujemy **Noc Bibliotek** w filii na wsi. Mamy dwie osoby "
            "w zespole i salę na 30 miejsc.\n\nCo sprawdziło się u Was? Szukam pomysłów na program, "
            "który nie wymaga dużego budżetu."
        ),
        [
            (
                1,
                (
                    "U nas świetnie działała gra terenowa po bibliotece i okolicy. Wystarczą wydruki, "
                    "latarki i kilku wolontariuszy z liceum.\n\n- zagadki o lokalnych legendach\n"
                    "- nagroda: przypinki z logo biblioteki"
                ),
            ),
            (
                3,
                (
                    "Polecam nocne czytanie w piżamach dla dzieci i równolegle spotkanie z lokalnym "
                    "autorem dla dorosłych. Warto zaprosić koło gospodyń — zadbają o poczęstunek."
                ),
            ),
            (0, "Dziękuję! Gra terenowa brzmi idealnie, spróbujemy w piątek."),
        ],
    ),
    (
        "noc-bibliotek",
        3,
        "Relacja: Noc Bibliotek w Wieliczce",
        False,
        ["relacje"],
        (
            "Przyszło ponad 200 osób! Największym hitem było escape room w magazynie. Zdjęcia wrzucę "
            "w przyszłym tygodniu, a scenariusz zagadek chętnie udostępnię."
        ),
        [(1, "Gratulacje! Poprosimy o scenariusz escape roomu — chętnie go wykorzystamy.")],
    ),
    (
        "biblioteki-dla-klimatu",
        1,
        "Warsztaty klimatyczne dla seniorów — scenariusz",
        False,
        ["klimat", "seniorzy"],
        (
            "Przygotowałem scenariusz 90-minutowych warsztatów o oszczędzaniu energii w domu. "
            "Opiera się na materiałach programu *Biblioteki dla Klimatu*.\n\n| Część | Czas |\n"
            "|---|---|\n| Rozmowa wstępna | 15 min |\n| Ćwiczenia | 60 min |\n| Podsumowanie | 15 min |"
        ),
        [
            (
                3,
                (
                    "Bardzo przydatne. Czy macie sprawdzone źródła danych o zużyciu energii, które "
                    "można pokazać uczestnikom?"
                ),
            ),
            (
                1,
                (
                    "Korzystamy z raportów Urzędu Regulacji Energetyki — to rzetelne źródła, "
                    "aktualizowane co roku."
                ),
            ),
        ],
    ),
    (
        "biblioteki-dla-klimatu",
        0,
        "Wymiana nasion w bibliotekach — kto prowadzi?",
        True,
        ["klimat", "nasiona"],
        "Planujemy bibliotekę nasion. Jak przechowujecie nasiona i jak opisujecie je w katalogu?",
        [
            (
                3,
                (
                    "Mamy szafkę z kopertami opisanymi według gatunków; w katalogu to osobna kolekcja "
                    "z egzemplarzami „do zwrotu w przyszłym sezonie”."
                ),
            )
        ],
    ),
    (
        "kompetencje-cyfrowe",
        3,
        "Tygodnie Cyfrowe: zajęcia z rozpoznawania dezinformacji",
        False,
        ["tygodnie cyfrowe", "dezinformacja"],
        (
            "Szukam sprawdzonych ćwiczeń dla młodzieży o weryfikowaniu informacji w sieci. "
            "Co działało w Waszych bibliotekach?"
        ),
        [
            (
                1,
                (
                    "Dobrze sprawdza się ćwiczenie z odwróconym wyszukiwaniem obrazem — uczniowie "
                    "sami odkrywają, skąd pochodzi zdjęcie."
                ),
            ),
            (0, "U nas młodzież przygotowała własne fałszywe nagłówki i zgadywała nawzajem."),
        ],
    ),
    (
        "international",
        1,
        "Partnering with libraries in Ukraine",
        False,
        ["partnerships"],
        (
            "We would like to start an exchange with a public library in Ukraine: reading clubs, "
            "joint online events, maybe a study visit. Has anyone done this already?"
        ),
        [
            (
                2,
                (
                    "Our library in Lviv would be happy to join. We already run online reading "
                    "clubs for children who moved to Poland."
                ),
            )
        ],
    ),
    (
        "international",
        2,
        "Бібліотеки для дітей з України: досвід і ресурси",
        True,
        ["україна", "діти"],
        (
            "Вітаю! Я бібліотекарка зі Львова. Ділюся списком українських книжок для дітей, які "
            "можна замовити для польських бібліотек. Які видавництва ви вже знаєте?"
        ),
        [
            (
                0,
                (
                    "Dziękujemy! Mamy półkę z książkami po ukraińsku i szukamy kolejnych "
                    "wydawnictw — chętnie skorzystamy z listy."
                ),
            ),
            (
                2,
                (
                    "Рекомендую видавництва «Старий Лев» та «А-ба-ба-га-ла-ма-га» — їхні книжки "
                    "діти дуже люблять у бібліотеках."
                ),
            ),
        ],
    ),
]


def _members() -> list:
    User = get_user_model()
    members = []
    for email, name in DEMO_MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_member(email=email, password=demo_password(), name=name, validate=False)
            # Established members: the spam guard holds only new accounts' first posts.
            User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=400))
        members.append(user)
    return members


def _post(topic: Topic, author, body: str, created, title: str = "") -> Post:
    return Post.objects.create(
        topic=topic,
        author=author,
        author_name=public_name(author),
        body=body,
        body_html=render_markdown(body),
        search_document=search_document(title, body),
        created=created,
    )


@transaction.atomic
def seed_forum() -> None:
    members = _members()
    categories = {}
    for position, (slug, name, description) in enumerate(CATEGORIES):
        categories[slug], _created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    now = timezone.now()
    for number, (slug, author, title, question, tags, body, replies) in enumerate(TOPICS):
        category = categories[slug]
        if Topic.objects.filter(category=category, title=title).exists():
            continue
        started = now - timedelta(days=len(TOPICS) - number, hours=3)
        topic = Topic.objects.create(
            category=category,
            title=title,
            author=members[author],
            author_name=public_name(members[author]),
            is_question=question,
            created=started,
        )
        first = _post(topic, members[author], body, started, title)
        Topic.objects.filter(pk=topic.pk).update(first_post=first)
        for hours, (replier, text) in enumerate(replies, start=1):
            _post(topic, members[replier], text, started + timedelta(hours=hours))
            Subscription.objects.get_or_create(user=members[replier], topic=topic)
        Subscription.objects.get_or_create(user=members[author], topic=topic)
        for tag in tags:
            found, _created = Tag.objects.get_or_create(
                slug=slugify(tag, allow_unicode=True), defaults={"name": tag}
            )
            topic.tags.add(found)
    synchronise(categories=list(categories.values()))


DEMO_LOGINS = [("forum member", email) for email, _name in DEMO_MEMBERS]
