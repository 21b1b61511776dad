"""Demo chat for `seed_demo`: conversations, a direct room, and the rooms of both networks, their
groups and every Innovation Zone, each with a Polish history written by the group's own members.

Idempotent: members are found by e-mail, rooms by title, pair or group, messages by their
client_id. Runs last, so the zones made by the zones seed get their rooms too.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from members.services.accounts import create_member
from network.chat import services as chat
from network.core.markdown import render_markdown
from network.core.search_words import folded_words
from network.models import Group, GroupKind, Membership, Message, Room, RoomKind

MEMBERS = [
    ("anna.kowalska@example.org", "Anna Kowalska"),
    ("marek.nowak@example.org", "Marek Nowak"),
    ("ewa.wisniewska@example.org", "Ewa Wiśniewska"),
    ("piotr.zielinski@example.org", "Piotr Zieliński"),
]

# (title, members by index, messages as (author index, text)); no title: a direct room.
ROOMS = [
    (
        "Kongres Bibliotek Publicznych — przygotowania",
        [0, 2, 3],
        [
            (
                0,
                (
                    "Dzień dobry! Zbieramy się w sprawie programu kongresu. Mamy już "
                    "potwierdzonych "
                    "prelegentów na pierwszy dzień?"
                ),
            ),
            (
                2,
                (
                    "Tak, trzy osoby potwierdziły. Czekam jeszcze na odpowiedź w sprawie panelu o "
                    "bibliotekach dla klimatu."
                ),
            ),
            (
                3,
                (
                    "Sala główna mieści 250 osób, a zapisanych jest już 212. Proponuję "
                    "otworzyć listę "
                    "rezerwową."
                ),
            ),
            (0, "Zgoda. {piotr}, czy możesz przygotować formularz listy rezerwowej do piątku?"),
            (3, "Jasne, formularz będzie gotowy w czwartek."),
            (
                2,
                (
                    "Materiały dla uczestników: proponuję **program**, mapę i listę "
                    "stref innowacji "
                    "w jednej broszurze."
                ),
            ),
            (0, "Świetny pomysł. Szkic broszury: [dokument roboczy](https://example.org/kongres)."),
            (2, "Przejrzę go dziś wieczorem i dopiszę uwagi."),
        ],
    ),
    (
        "Noc Bibliotek — koordynacja stref",
        [1, 0, 2],
        [
            (
                1,
                (
                    "Cześć! Strefy z Mazowsza i Podkarpacia zgłosiły już swoje wydarzenia na Noc "
                    "Bibliotek."
                ),
            ),
            (0, "Super. Ile bibliotek bierze udział w tym roku?"),
            (1, "Na razie 18 z 25 stref. Brakuje jeszcze zgłoszeń z Pomorza i Śląska."),
            (2, "Zadzwonię jutro do koordynatorki na Śląsku, wiem, że planują gry terenowe."),
            (
                1,
                (
                    "Dzięki! Przypominam: plakaty i identyfikację wizualną pobieramy z materiałów "
                    "kampanii."
                ),
            ),
            (0, "Czy możemy w tym roku zrobić wspólną transmisję o północy?"),
            (1, "Technicznie to możliwe — potrzebujemy łącza w trzech bibliotekach. Sprawdzę."),
        ],
    ),
    (
        "",
        [0, 1],
        [
            (
                0,
                "Marku, dziękuję za odpowiedź na forum w wątku o cyfrowych kompetencjach seniorów.",
            ),
            (1, "Nie ma za co! Mamy w strefie gotowy scenariusz warsztatów, mogę go przesłać."),
            (0, "Poproszę. Chcemy go wypróbować w ramach Tygodni Cyfrowych."),
            (1, "Wysłałem mailem. Daj znać, jak poszło!"),
        ],
    ),
]


# Group rooms: slug → messages as (author: the n-th member of the group, cyclic; text).
GROUP_HISTORIES = {
    "labib": [
        (0, "Witajcie na czacie LABIB-u! Tu umawiamy się na szybkie sprawy między zjazdami."),
        (1, "Super. Czy ktoś ma już termin jesiennego zjazdu liderów?"),
        (0, "Wstępnie 14 i 15 listopada w Lublinie. Potwierdzę po rozmowie z gospodarzami."),
        (
            2,
            (
                "Z naszej biblioteki przyjadą dwie osoby. Możemy poprowadzić warsztat o **grach "
                "planszowych** w pracy z młodzieżą."
            ),
        ),
        (1, "Chętnie! Dopiszę was do szkicu programu."),
        (3, "Przypominam o ankiecie po zjeździe w Gdańsku — zostało jeszcze kilka dni."),
    ],
    "inicjatywy": [
        (0, "Dzień dobry Państwu! Zapraszam do dyskusji przed walnym zebraniem stowarzyszenia."),
        (1, "Czy projekt uchwały w sprawie składek jest już dostępny?"),
        (0, "Tak, wyślę go mailem do wszystkich członków jeszcze dziś."),
        (2, "Proszę też o informację, czy zebranie będzie transmitowane online."),
        (0, "Będzie — link pojawi się w kalendarzu stowarzyszenia dzień wcześniej."),
    ],
    "labib-klimat": [
        (0, "Kto w tym roku robi Biblioteki dla Klimatu w swojej gminie?"),
        (1, "My! Planujemy wymiankę roślin i spotkanie z hydrologiem o małej retencji."),
        (2, "U nas rowerowa biblioteka objazdowa — jeśli pogoda pozwoli."),
        (0, "Świetne pomysły. Zbieram wszystko do wspólnej mapy działań."),
    ],
    "labib-innowacje": [
        (0, "Testujemy wypożyczanie sprzętu do nagrywania podcastów. Ktoś już to robił?"),
        (1, "Tak, od pół roku. Najważniejszy jest prosty regulamin i instrukcja w pudełku."),
        (0, "Dzięki! Podeślesz wasz regulamin?"),
        (1, "Jasne, wrzucę go na forum w wątku o usługach."),
    ],
    "labib-mentoring": [
        (0, "Nowa edycja mentoringu rusza w październiku: szukamy jeszcze trzech mentorek."),
        (1, "Mogę wziąć jedną osobę, najlepiej z małej biblioteki gminnej."),
        (0, "Dziękuję! Połączę was po zamknięciu naboru."),
    ],
    "inicjatywy-zarzad": [
        (0, "Posiedzenie zarządu w czwartek o 10:00, online."),
        (1, "Potwierdzam obecność. Proszę o dopisanie do porządku sprawy budżetu na kongres."),
        (0, "Dopisane. Materiały prześlę w środę."),
    ],
    "inicjatywy-prawo": [
        (0, "Czy ktoś zmieniał ostatnio regulamin wynagradzania po nowelizacji przepisów?"),
        (1, "Tak, konsultowaliśmy to z radcą prawnym gminy. Mogę podzielić się wzorem."),
        (2, "Też bym poprosiła — organizator pyta nas o to od miesiąca."),
        (1, "Wrzucę wzór do wątku w kategorii *Prawo i finanse*."),
    ],
    "inicjatywy-cyfryzacja": [
        (0, "Uwaga: producent naszego systemu bibliotecznego ogłosił koniec wsparcia wersji 5."),
        (1, "Dotyczy nas też. Planujecie migrację w tym roku?"),
        (0, "Tak, ale najpierw szkolenie z cyberbezpieczeństwa dla całego zespołu."),
    ],
}

ZONE_HISTORY = [
    (0, "Dzień dobry! Tu koordynujemy działania strefy {zone}."),
    (1, "Przypominam o spotkaniu w przyszły wtorek — zapisy w kalendarzu strefy."),
    (0, "Na Noc Bibliotek przygotowujemy grę miejską. Kto pomoże przy punktach?"),
    (1, "Zgłaszam się z dwiema wolontariuszkami."),
    (0, "Dziękuję! Materiały i mapę wyślę w piątek."),
]


def _member(email: str, name: str, password: str):
    user = get_user_model().objects.filter(email=email).first()
    return user or create_member(email=email, password=password, name=name, validate=False)


@transaction.atomic
def seed_chat(password: str, scale: int = 1) -> list[tuple[str, str, str]]:
    users = [_member(email, name, password) for email, name in MEMBERS]
    for title, member_indexes, history in ROOMS:
        people = [users[i] for i in member_indexes]
        if title:
            room = Room.objects.filter(kind=RoomKind.CONVERSATION, title=title).first()
            room = room or chat.start_conversation(
                starter=people[0], title=title, members=people[1:]
            )
        else:
            room, _created = chat.open_direct_room(user=people[0], other=people[1])
        mention = "@" + chat.handle_of(users[3])
        for n, (author, text) in enumerate(history):
            body = text.replace("{piotr}", mention)
            chat.post_message(room=room, author=users[author], body=body, client_id=f"demo-{n}")
        _scale_history(room, people, history, scale)
    _seed_group_rooms(scale)
    return [("member (chat)", MEMBERS[0][0], password)]


def _seed_group_rooms(scale: int) -> None:
    """Rooms of both networks, their groups and every zone; a history where members exist."""
    groups = Group.objects.filter(slug__in=GROUP_HISTORIES) | Group.objects.filter(
        kind=GroupKind.ZONE
    )
    for group in groups.order_by("pk"):
        room = chat.ensure_group_room(group=group)
        # Only the group's own members write in its room; a zone without members stays empty.
        people = [
            membership.user
            for membership in Membership.objects.filter(group=group)
            .select_related("user")
            .order_by("pk")[:4]
        ]
        if not people:
            continue
        if group.kind == GroupKind.ZONE:
            history = [(a, text.replace("{zone}", group.name)) for a, text in ZONE_HISTORY]
        else:
            history = GROUP_HISTORIES[group.slug]
        for n, (author, text) in enumerate(history):
            chat.post_message(
                room=room,
                author=people[author % len(people)],
                body=text,
                client_id=f"demo-group-{n}",
            )
        _scale_history(room, people, history, scale)


@transaction.atomic
def _scale_history(room: Room, people, history, scale: int) -> None:
    """`--scale N`: N times as many messages, written in bulk (one row lock, no broadcasts)."""
    wanted = len(history) * scale
    locked = Room.objects.select_for_update().get(pk=room.pk)
    missing = wanted - locked.last_seq
    if missing <= 0:
        return
    messages = []
    for offset in range(missing):
        author = people[offset % len(people)]
        seq = locked.last_seq + offset + 1
        body = f"Wiadomość testowa {seq}: {history[offset % len(history)][1]}"
        messages.append(
            Message(
                room=locked,
                seq=seq,
                author=author,
                author_name=chat.display_name(author),
                author_handle=chat.handle_of(author),
                client_id=f"demo-scale-{seq}",
                body=body,
                body_html=render_markdown(body),
                search_words=folded_words(body),
            )
        )
    Message.objects.bulk_create(messages, batch_size=1000)
    Room.objects.filter(pk=locked.pk).update(last_seq=locked.last_seq + missing)
