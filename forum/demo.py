"""Forum demo content for `seed_demo`: idempotent (found by slug and title, never duplicated).

Rows are written directly, with back-dated times so the forum looks lived in, and the counters
are then rebuilt by the same `synchronise` service that `manage.py forum_sync` runs.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from forum.demo_groups import GROUP_TOPICS, ZONE_TOPICS
from forum.models import Category, Post, Subscription, Tag, Topic
from forum.services import counters
from forum.services.categories import ensure_group_category
from forum.services.counters import synchronise
from forum.services.posting import public_name
from members.services.accounts import create_member
from network.core.markdown import render_markdown
from network.core.search_words import search_document
from network.demo.passwords import demo_password
from network.models import Group, GroupKind, Membership, Role

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


def _add_topic(category, title, question, tags, body, authors, replies, started) -> bool:
    """One topic with its replies, unless the category already has it (idempotent by title)."""
    if Topic.objects.filter(category=category, title=title).exists():
        return False
    author = authors[0]
    topic = Topic.objects.create(
        category=category,
        title=title,
        author=author,
        author_name=public_name(author),
        is_question=question,
        created=started,
    )
    first = _post(topic, author, body, started, title)
    Topic.objects.filter(pk=topic.pk).update(first_post=first)
    for hours, (replier, text) in enumerate(replies, start=1):
        _post(topic, replier, text, started + timedelta(hours=hours))
        Subscription.objects.get_or_create(user=replier, topic=topic)
    Subscription.objects.get_or_create(user=author, topic=topic)
    for tag in tags:
        found, _created = Tag.objects.get_or_create(
            slug=slugify(tag, allow_unicode=True), defaults={"name": tag}
        )
        topic.tags.add(found)
    return True


def _group_people(group: Group, fallback: list) -> list:
    """The group's members (admins and moderators first), or the forum's demo members."""
    rank = {Role.ADMIN: 0, Role.MODERATOR: 1, Role.MEMBER: 2}
    memberships = sorted(
        Membership.objects.filter(group=group).select_related("user").order_by("pk")[:12],
        key=lambda membership: rank.get(membership.role, 3),
    )
    people = [membership.user for membership in memberships if membership.user.is_active]
    return people if len(people) >= 2 else people + fallback


def _seed_group_forums(fallback: list) -> list[Category]:
    """A category for both networks, their groups and every zone community, with topics."""
    categories = []
    groups = Group.objects.filter(
        Q(slug__in=list(GROUP_TOPICS)) | Q(kind=GroupKind.ZONE)
    ).select_related("parent")
    now = timezone.now()
    for group_number, group in enumerate(groups.order_by("pk")):
        category = ensure_group_category(group=group)
        categories.append(category)
        if group.kind == GroupKind.ZONE:
            specs = [
                (
                    title.format(zone=group.name),
                    question,
                    tags,
                    body.format(zone=group.name),
                    replies,
                )
                for title, question, tags, body, replies in ZONE_TOPICS
            ]
        else:
            specs = GROUP_TOPICS.get(group.slug, [])
        people = _group_people(group, fallback)
        for number, (title, question, tags, body, replies) in enumerate(specs):
            author = people[number % len(people)]
            repliers = [people[(number + n) % len(people)] for n in range(1, len(replies) + 1)]
            started = now - timedelta(days=2 + (group_number + number) % 20, hours=5 + number)
            _add_topic(
                category,
                title,
                question,
                tags,
                body,
                [author],
                list(zip(repliers, replies, strict=True)),
                started,
            )
    return categories


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
        started = now - timedelta(days=len(TOPICS) - number, hours=3)
        _add_topic(
            categories[slug],
            title,
            question,
            tags,
            body,
            [members[author]],
            [(members[replier], text) for replier, text in replies],
            started,
        )
    group_categories = _seed_group_forums(members)
    synchronise(categories=list(categories.values()) + group_categories)


# --- `seed_demo --scale N` -----------------------------------------------------------------------

# Scale content is tagged, so a second run with the same N adds nothing.
SCALE_TAG = "archiwum"
# 50 topics of 20 posts: about 1,000 posts per unit of scale (scale 100 ≈ 100k posts).
SCALE_TOPICS = 50
SCALE_POSTS_PER_TOPIC = 20
SCALE_BATCH = 250


def _scale_pool() -> list[tuple[str, bool, tuple, list[tuple[str, str]]]]:
    """(title, question?, first post as (html, document), replies as (text, html, document))."""
    specs = [(title, question, body, [text for _a, text in replies])
             for _s, _a, title, question, _t, body, replies in TOPICS]  # fmt: skip
    for group_specs in GROUP_TOPICS.values():
        specs += [
            (title, question, body, replies) for title, question, _t, body, replies in group_specs
        ]
    pool = []
    for title, question, body, replies in specs:
        first = (body, render_markdown(body), search_document(title, body))
        rendered = [(text, render_markdown(text), search_document(text)) for text in replies]
        pool.append((title, question, first, rendered))
    return pool


def seed_forum_scale(*, scale: int) -> int:
    """(scale - 1) * 1,000 more posts in bulk for benchmarks; returns the topics added.

    Written with bulk inserts (rendered HTML and search documents included, from a pool of the
    demo texts), then topic and category counters set as `forum_sync` would leave them. No
    notifications, subscriptions or e-mails: this is archive, not news.
    """
    if scale <= 1:
        return 0
    tag, _created = Tag.objects.get_or_create(slug=SCALE_TAG, defaults={"name": SCALE_TAG})
    missing = (scale - 1) * SCALE_TOPICS - tag.topics.count()
    if missing <= 0:
        return 0
    categories = list(Category.objects.filter(is_hidden=False).order_by("pk"))
    fallback = _members()
    authors = {
        category.pk: (_group_people(category.owner, fallback) if category.owner_id else fallback)
        for category in Category.objects.filter(pk__in=[c.pk for c in categories]).select_related(
            "owner"
        )
    }
    names = {user.pk: public_name(user) for people in authors.values() for user in people}
    pool = _scale_pool()
    start = tag.topics.count()
    now = timezone.now()
    for offset in range(0, missing, SCALE_BATCH):
        with transaction.atomic():
            _scale_batch(
                range(start + offset, start + min(offset + SCALE_BATCH, missing)),
                categories, authors, names, pool, tag, now,
            )  # fmt: skip
    for category in categories:
        counters.refresh_category(category)
    return missing


def _scale_batch(numbers, categories, authors, names, pool, tag, now) -> None:
    topics, plans = [], []
    for number in numbers:
        category = categories[number % len(categories)]
        people = authors[category.pk]
        title, question, first, replies = pool[number % len(pool)]
        # Spread over about three years, newest numbers most recent.
        started = now - timedelta(days=3 + (number * 7919) % 1100, minutes=number % 1440)
        author = people[number % len(people)]
        topics.append(
            Topic(
                category=category,
                title=f"{title} ({number + 1})"[:200],
                author=author,
                author_name=names[author.pk],
                is_question=question,
                created=started,
            )
        )
        plans.append((people, first, replies, started))
    Topic.objects.bulk_create(topics)
    posts = []
    for topic, (people, first, replies, started) in zip(topics, plans, strict=True):
        for index in range(SCALE_POSTS_PER_TOPIC):
            body, html, document = first if index == 0 else replies[(index - 1) % len(replies)]
            writer = people[(topic.pk + index) % len(people)]
            posts.append(
                Post(
                    topic=topic,
                    author=writer,
                    author_name=names[writer.pk],
                    body=body,
                    body_html=html,
                    search_document=document,
                    created=started + timedelta(hours=index * 3),
                )
            )
    Post.objects.bulk_create(posts, batch_size=1000)
    # Posts were created topic by topic, so each topic's slice is in id order.
    for number, topic in enumerate(topics):
        mine = posts[number * SCALE_POSTS_PER_TOPIC : (number + 1) * SCALE_POSTS_PER_TOPIC]
        topic.first_post, topic.last_post = mine[0], mine[-1]
        topic.last_post_at, topic.last_poster_name = mine[-1].created, mine[-1].author_name
        topic.reply_count = len(mine) - 1
    Topic.objects.bulk_update(
        topics, ["first_post", "last_post", "last_post_at", "last_poster_name", "reply_count"],
        batch_size=500,
    )  # fmt: skip
    Topic.tags.through.objects.bulk_create(
        [Topic.tags.through(topic_id=topic.pk, tag_id=tag.pk) for topic in topics]
    )


DEMO_LOGINS = [("forum member", email) for email, _name in DEMO_MEMBERS]
