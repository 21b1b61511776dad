"""Demo chat for `seed_demo`: members, conversations and a direct room with a Polish history.

Idempotent: members are found by e-mail, rooms by title or pair, messages by their client_id.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from members.services.accounts import create_member
from network.markdown import render_markdown
from network.models import Message, Room, RoomKind
from network.services import chat

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
    return [("member (chat)", MEMBERS[0][0], password)]


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
            )
        )
    Message.objects.bulk_create(messages, batch_size=1000)
    Room.objects.filter(pk=locked.pk).update(last_seq=locked.last_seq + missing)
