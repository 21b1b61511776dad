"""Demo networks for `seed_demo`: LABIB and INICJaTyWy, their groups, pages and memberships.

Idempotent: groups and pages are looked up by slug, memberships by (member, group).
"""

import json

from django.db import transaction

from network.chat.services import ensure_group_room
from network.groups.services.memberships import add_member
from network.models import (
    Group,
    GroupKind,
    JoinPolicy,
    NetworkIndexPage,
    NetworkPage,
    Role,
    Visibility,
)

NETWORKS = [
    {
        "slug": "labib",
        "name": "LABIB",
        "description": "Sieć liderów i innowatorów bibliotek, dziś Stowarzyszenie Labib.",
        "page_intro": "Liderzy i innowatorzy bibliotek z całej Polski: wymieniamy się pomysłami, "
        "uczymy się od siebie i razem zmieniamy biblioteki.",
        "page_body": "<p>LABIB powstał w Programie Rozwoju Bibliotek. Spotykamy się na "
        "zjazdach, w grupach roboczych i na forum. Dołącz, jeśli prowadzisz zmiany w swojej "
        "bibliotece.</p>",
    },
    {
        "slug": "inicjatywy",
        "name": "INICJaTyWy",
        "description": "Stowarzyszenie Dyrektorów Bibliotek.",
        "page_intro": "Stowarzyszenie dyrektorek i dyrektorów bibliotek publicznych.",
        "page_body": "<p>Wspieramy się w zarządzaniu bibliotekami: finanse, prawo, zespoły i "
        "współpraca z samorządem. Członkostwo po akceptacji zarządu.</p>",
    },
]

GROUPS = [
    (
        "labib",
        "labib-klimat",
        "LABIB — grupa klimatyczna",
        "Biblioteki dla klimatu: działania, materiały i partnerzy.",
        Visibility.PUBLIC,
        JoinPolicy.OPEN,
        False,
    ),
    (
        "labib",
        "labib-innowacje",
        "LABIB — laboratorium innowacji",
        "Testujemy nowe usługi bibliotek, zanim trafią do wszystkich.",
        Visibility.MEMBERS_ONLY,
        JoinPolicy.REQUEST,
        False,
    ),
    (
        "labib",
        "labib-mentoring",
        "LABIB — mentoring",
        "Doświadczeni liderzy wspierają nowych.",
        Visibility.PUBLIC,
        JoinPolicy.REQUEST,
        False,
    ),
    (
        "inicjatywy",
        "inicjatywy-zarzad",
        "INICJaTyWy — zarząd",
        "Zamknięta grupa zarządu stowarzyszenia.",
        Visibility.SECRET,
        JoinPolicy.INVITATION,
        True,
    ),
    (
        "inicjatywy",
        "inicjatywy-prawo",
        "INICJaTyWy — prawo i finanse",
        "Przepisy, budżety, dotacje: pytania i odpowiedzi dyrektorów.",
        Visibility.MEMBERS_ONLY,
        JoinPolicy.REQUEST,
        False,
    ),
    (
        "inicjatywy",
        "inicjatywy-cyfryzacja",
        "INICJaTyWy — cyfryzacja bibliotek",
        "Systemy biblioteczne, e-usługi i cyberbezpieczeństwo.",
        Visibility.PUBLIC,
        JoinPolicy.OPEN,
        False,
    ),
]


def add_network_page(home, network: Group, *, intro: str, body: list[dict]) -> None:
    """The network's page under /networks/ (made with its index the first time)."""
    index = NetworkIndexPage.objects.filter(slug="networks", locale=home.locale).first()
    if index is None:
        index = home.add_child(
            instance=NetworkIndexPage(
                title="Sieci",
                slug="networks",
                locale=home.locale,
                intro="Sieci bibliotekarek i bibliotekarzy działające na platformie.",
            )
        )
    index.add_child(
        instance=NetworkPage(
            title=network.name,
            slug=network.slug,
            locale=home.locale,
            network=network,
            intro=intro,
            body=json.dumps(body),
        )
    )


def _seed_pages(home, networks: dict[str, Group]) -> None:
    for spec in NETWORKS:
        network = networks[spec["slug"]]
        if NetworkPage.objects.filter(network=network).exists():
            continue
        add_network_page(
            home,
            network,
            intro=spec["page_intro"],
            body=[{"type": "paragraph", "value": spec["page_body"]}],
        )


@transaction.atomic
def seed_networks(members, home=None) -> dict[str, Group]:
    """Both networks, six groups, their pages under `home`, and memberships for `members`."""
    groups = {}
    for spec in NETWORKS:
        groups[spec["slug"]], _created = Group.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "kind": GroupKind.NETWORK,
                "name": spec["name"],
                "description": spec["description"],
                "visibility": Visibility.PUBLIC,
                "join_policy": JoinPolicy.REQUEST,
            },
        )
    for network, slug, name, description, visibility, policy, mfa in GROUPS:
        groups[slug], _created = Group.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": GroupKind.GROUP,
                "parent": groups[network],
                "name": name,
                "description": description,
                "visibility": visibility,
                "join_policy": policy,
                "requires_mfa": mfa,
            },
        )
    for group in groups.values():
        ensure_group_room(group=group)
    if home is not None:
        _seed_pages(home, groups)
    for index, member in enumerate(members):
        for slug, role in _memberships_of(index):
            add_member(user=member, group=groups[slug], role=role)
    return groups


def _memberships_of(index: int) -> list[tuple[str, str]]:
    """A deterministic spread: the first members run things, the rest join a few groups."""
    if index == 0:
        return [
            ("labib", Role.ADMIN),
            ("labib-klimat", Role.ADMIN),
            ("labib-innowacje", Role.ADMIN),
        ]
    if index == 1:
        return [
            ("inicjatywy", Role.ADMIN),
            ("inicjatywy-zarzad", Role.ADMIN),
            ("inicjatywy-prawo", Role.ADMIN),
        ]
    if index == 2:
        return [("labib", Role.MODERATOR), ("labib-mentoring", Role.ADMIN)]
    if index == 3:
        return [("inicjatywy", Role.MEMBER), ("inicjatywy-zarzad", Role.MEMBER)]
    memberships = []
    if index % 2 == 0:
        memberships += [("labib", Role.MEMBER), ("labib-klimat", Role.MEMBER)]
    if index % 3 == 0:
        memberships += [("inicjatywy", Role.MEMBER), ("inicjatywy-cyfryzacja", Role.MEMBER)]
    if index % 5 == 0:
        memberships.append(("labib-innowacje", Role.MEMBER))
    if not memberships:
        memberships.append(("labib", Role.MEMBER))
    return memberships
