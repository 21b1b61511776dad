"""Every URL pattern and every WebSocket message type has a declared expectation per role.

The routes come from the resolver, so a new route without a line in ROUTES (or a family rule)
fails `test_every_route_is_declared`. Each sample is requested as every persona of the fixture
world (tests/network/world.py) and must answer the declared status; those who may not see the
secret group must never find its name, description, members or slug in a response.

Adding a route is one line in ROUTES: its name, then one or more samples:
    S(method, path, "anonymous outsider member moderator staff director")
`{request}`, `{member}`, `{director}` and `{token}` in a path are filled from the world.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from forum.services.categories import ensure_group_category
from network.attachments.services import Choice, attach, upload_file
from network.chat.services import post_message, start_conversation
from network.consumers import HANDLERS
from tests.forum.factories import TopicFactory
from tests.network import sample_files
from tests.network.world import SECRET_DESCRIPTION, build_world
from tests.zones.factories import seed_zone_pages

PERSONAS = ["anonymous", "outsider", "member", "moderator", "staff", "director"]
# Who may read the secret group's name, description and members.
SEES_SECRET = {"staff", "director"}


@dataclass(frozen=True)
class S:
    method: str
    path: str
    statuses: str
    data: dict = field(default_factory=dict)

    def expected(self) -> dict[str, int]:
        codes = [int(code) for code in self.statuses.split()]
        assert len(codes) == len(PERSONAS), self
        return dict(zip(PERSONAS, codes, strict=True))


NET = "/pl/networks/siec"
SECRET = f"{NET}/groups/zefir"
MEMBERS_ONLY = f"{NET}/groups/tylko-czlonkowie"
OPEN = f"{NET}/groups/otwarta"
ZONE = "/pl/networks/strefy-innowacji/groups/strefa-warszawa"
INVITE = {"email": "nowa@example.org", "role": "member"}
APPROVE = {"decision": "approve", "reason": ""}
PROMOTE = {"role": "moderator"}

#                        anonymous outsider member moderator staff director
ROUTES: dict[str, list[S]] = {
    "healthz": [S("get", "/healthz", "200 200 200 200 200 200")],
    # Answers loopback only (METRICS_ALLOWED_IPS), which the test client is, whoever signs in.
    "metrics": [S("get", "/metrics", "200 200 200 200 200 200")],
    "robots_txt": [S("get", "/robots.txt", "200 200 200 200 200 200")],
    "sitemap": [S("get", "/sitemap.xml", "200 200 200 200 200 200")],
    "set_language": [S("post", "/i18n/setlang/", "302 302 302 302 302 302", {"language": "en"})],
    "home": [S("get", "/pl/", "200 200 200 200 200 200")],
    "wagtail_serve": [
        S("get", "/pl/networks/", "200 200 200 200 200 200"),
        S("get", f"{NET}/", "200 200 200 200 200 200"),
        S("get", "/pl/no-such-page/", "404 404 404 404 404 404"),
        # A zone page with its community (the zone's group, public and open).
        S("get", "/pl/zones/warszawa/", "200 200 200 200 200 200"),
    ],
    "wagtailcore_login": [S("get", "/pl/_util/login/", "200 200 200 200 200 200")],
    "wagtailcore_authenticate_with_password": [
        S("get", "/pl/_util/authenticate_with_password/999/999/", "404 404 404 404 404 404")
    ],
    "wagtaildocs_serve": [S("get", "/documents/999/x.pdf", "404 404 404 404 404 404")],
    "wagtaildocs_authenticate_with_password": [
        S("get", "/documents/authenticate_with_password/999/", "302 302 302 302 302 302")
    ],
    "networks:group": [
        S("get", f"{SECRET}/", "404 404 404 404 200 200"),
        S("get", f"{MEMBERS_ONLY}/", "200 200 200 200 200 200"),
        S("get", f"{NET}/groups/no-such-group/", "404 404 404 404 404 404"),
        S("get", f"{ZONE}/", "200 200 200 200 200 200"),
    ],
    "networks:network_join": [
        S("post", f"{NET}/join/", "302 302 403 403 302 302"),
        S("post", "/pl/networks/no-such/join/", "302 404 404 404 404 404"),
    ],
    "networks:network_leave": [S("post", f"{NET}/leave/", "302 403 302 302 403 403")],
    "networks:network_manage": [S("get", f"{NET}/manage/", "302 403 403 403 200 403")],
    "networks:network_invite": [S("post", f"{NET}/invite/", "302 403 403 403 302 403", INVITE)],
    "networks:network_decide": [
        S("post", f"{NET}/requests/{{request}}/", "302 403 403 403 404 403", APPROVE)
    ],
    "networks:network_role": [
        S("post", f"{NET}/members/{{member}}/role/", "302 403 403 403 302 403", PROMOTE)
    ],
    "networks:network_remove": [
        S("post", f"{NET}/members/{{member}}/remove/", "302 403 403 403 302 403")
    ],
    "networks:group_join": [
        S("post", f"{SECRET}/join/", "302 404 404 404 403 403"),
        S("post", f"{OPEN}/join/", "302 403 403 302 403 403"),
        # A zone's community: anyone signed in joins, without joining its network first.
        S("post", f"{ZONE}/join/", "302 302 302 302 302 302"),
    ],
    "networks:group_leave": [
        S("post", f"{SECRET}/leave/", "302 404 404 404 403 403"),
        S("post", f"{OPEN}/leave/", "302 403 302 403 403 403"),
    ],
    "networks:group_manage": [
        S("get", f"{SECRET}/manage/", "302 404 404 404 200 200"),
        S("get", f"{MEMBERS_ONLY}/manage/", "302 403 403 200 200 403"),
    ],
    "networks:group_invite": [
        S("post", f"{SECRET}/invite/", "302 404 404 404 302 302", INVITE),
        S("post", f"{MEMBERS_ONLY}/invite/", "302 403 403 302 302 403", INVITE),
    ],
    "networks:group_decide": [
        S("post", f"{SECRET}/requests/{{request}}/", "302 404 404 404 404 404", APPROVE),
        S("post", f"{MEMBERS_ONLY}/requests/{{request}}/", "302 403 403 302 302 403", APPROVE),
    ],
    "networks:group_role": [
        S("post", f"{SECRET}/members/{{director}}/role/", "302 404 404 404 403 403", PROMOTE),
        S("post", f"{MEMBERS_ONLY}/members/{{member}}/role/", "302 403 403 302 302 403", PROMOTE),
    ],
    "networks:group_remove": [
        S("post", f"{SECRET}/members/{{director}}/remove/", "302 404 404 404 403 403"),
        S("post", f"{MEMBERS_ONLY}/members/{{member}}/remove/", "302 403 403 302 302 403"),
    ],
    "networks:invitation": [
        S("get", "/pl/invitations/{token}/", "302 403 403 403 403 403"),
        S("post", "/pl/invitations/{token}/", "302 403 403 403 403 403"),
        S("get", "/pl/invitations/tampered/", "302 404 404 404 404 404"),
    ],
    "members:directory": [
        S("get", "/pl/members/", "200 200 200 200 200 200"),
        # Filters by a group answer alike whether it is hidden or missing (members issue).
        S("get", "/pl/members/?network=siec", "200 200 200 200 200 200"),
        S("get", "/pl/members/?zone=zefir&network=zefir", "200 200 200 200 200 200"),
    ],
    "members:profile": [
        S("get", "/pl/members/marek/", "200 200 200 200 200 200"),
        S("get", "/pl/members/dyrektor/", "404 404 404 404 200 200"),
        S("get", "/pl/members/nobody/", "404 404 404 404 404 404"),
    ],
    # Onboarding is for accounts without a complete profile; the others are sent on (302).
    "members:onboarding": [S("get", "/pl/members/welcome/", "302 200 302 200 200 302")],
    "members:profile_edit": [S("get", "/pl/members/me/edit/", "302 302 200 302 302 200")],
    "members:library_propose": [
        S("get", "/pl/members/libraries/propose/", "302 200 200 200 200 200")
    ],
    "members:library": [S("get", "/pl/members/libraries/999/", "404 404 404 404 404 404")],
    # Meetups are edited by the zone's coordinators and editors (the world's zone has none).
    "zones:meetup": [S("get", "/pl/meetups/{meetup}/", "200 200 200 200 200 200")],
    "zones:meetup_answer": [
        S("post", "/pl/meetups/{meetup}/answer/", "302 302 302 302 302 302", {"answer": "going"})
    ],
    "zones:meetup_edit": [S("get", "/pl/meetups/{meetup}/edit/", "302 403 403 403 200 403")],
    "zones:meetup_cancel": [S("post", "/pl/meetups/{meetup}/cancel/", "302 403 403 403 302 403")],
    "zones:meetup_ics": [S("get", "/pl/meetups/{meetup}/meetup.ics", "200 200 200 200 200 200")],
    "zones:meetup_create": [S("get", "/pl/meetups/new/{zone}/", "302 403 403 403 200 403")],
    "zones:calendar": [S("get", "/pl/calendar/", "302 200 200 200 200 200")],
    "zones:calendar_regenerate": [
        S("post", "/pl/calendar/new-address/", "302 302 302 302 302 302")
    ],
    "zones:zone_feed": [S("get", "/pl/calendar/zones/{zone}.ics", "200 200 200 200 200 200")],
    "zones:private_feed": [S("get", "/pl/calendar/private/forged.ics", "404 404 404 404 404 404")],
    # The world's topic is in a public site category, written by "member" (its author).
    "forum:index": [S("get", "/pl/forum/", "200 200 200 200 200 200")],
    # The director moderates the secret group's forum, so the queue opens for them too.
    "forum:moderation": [S("get", "/pl/forum/moderation/", "302 403 403 403 200 200")],
    "forum:resolve_flag": [
        S("post", "/pl/forum/moderation/flags/999/resolve/", "404 404 404 404 404 404")
    ],
    "forum:preview": [
        S("post", "/pl/forum/preview/", "302 200 200 200 200 200", {"body": "Hej"}),
        S(
            "post",
            "/pl/forum/preview/",
            "302 404 404 404 200 200",
            {"body": "Hej", "topic": "{secret_topic}"},
        ),
    ],
    "forum:tag": [S("get", "/pl/forum/tags/nic/", "404 404 404 404 404 404")],
    "forum:category": [
        S("get", "/pl/forum/c/{category}/", "200 200 200 200 200 200"),
        S("get", "/pl/forum/c/{secret_category}/", "404 404 404 404 200 200"),
    ],
    "forum:new_topic": [
        S("get", "/pl/forum/c/{category}/new/", "302 200 200 200 200 200"),
        S("get", "/pl/forum/c/{secret_category}/new/", "404 404 404 404 200 200"),
    ],
    "forum:watch_category": [
        S("post", "/pl/forum/c/{category}/watch/", "403 302 302 302 302 302"),
        S("post", "/pl/forum/c/{secret_category}/watch/", "404 404 404 404 302 302"),
    ],
    "forum:mark_category_read": [
        S("post", "/pl/forum/c/{category}/read/", "403 302 302 302 302 302")
    ],
    "forum:category_feed": [
        S("get", "/pl/forum/c/{category}/feed/", "200 200 200 200 200 200"),
        S("get", "/pl/forum/c/{secret_category}/feed/", "404 404 404 404 404 404"),
    ],
    "forum:topic": [
        S("get", "/pl/forum/t/{topic}/", "200 200 200 200 200 200"),
        S("get", "/pl/forum/t/{secret_topic}/", "404 404 404 404 200 200"),
    ],
    "forum:first_unread": [
        S("get", "/pl/forum/t/{topic}/unread/", "302 302 302 302 302 302"),
        S("get", "/pl/forum/t/{secret_topic}/unread/", "404 404 404 404 302 302"),
    ],
    "forum:reply": [
        S("get", "/pl/forum/t/{topic}/reply/", "302 200 200 200 200 200"),
        S("get", "/pl/forum/t/{secret_topic}/reply/", "404 404 404 404 200 200"),
    ],
    "forum:watch_topic": [S("post", "/pl/forum/t/{topic}/watch/", "403 302 302 302 302 302")],
    "forum:mark_answer": [S("post", "/pl/forum/t/{topic}/answer/", "403 403 403 403 403 403")],
    "forum:moderate_topic": [
        S("post", "/pl/forum/t/{topic}/moderate/", "403 403 403 403 302 403", {"action": "pin"})
    ],
    "forum:move_topic": [
        S("get", "/pl/forum/t/{topic}/move/", "403 403 403 403 200 403"),
        S("get", "/pl/forum/t/{secret_topic}/move/", "404 404 404 404 200 200"),
    ],
    "forum:mentions": [
        S("get", "/pl/forum/t/{topic}/mentions/?q=ma", "403 200 200 200 200 200"),
        S("get", "/pl/forum/t/{secret_topic}/mentions/?q=bo", "404 404 404 404 200 200"),
    ],
    "forum:topic_feed": [
        S("get", "/pl/forum/t/{topic}/feed/", "200 200 200 200 200 200"),
        S("get", "/pl/forum/t/{secret_topic}/feed/", "404 404 404 404 404 404"),
    ],
    "forum:post": [
        S("get", "/pl/forum/p/{post}/", "302 302 302 302 302 302"),
        S("get", "/pl/forum/p/{secret_post}/", "404 404 404 404 302 302"),
    ],
    "forum:edit_post": [
        S("get", "/pl/forum/p/{post}/edit/", "302 403 200 403 200 403"),
        S("get", "/pl/forum/p/{secret_post}/edit/", "404 404 404 404 200 200"),
    ],
    "forum:post_history": [
        S("get", "/pl/forum/p/{post}/history/", "200 200 200 200 200 200"),
        S("get", "/pl/forum/p/{secret_post}/history/", "404 404 404 404 200 200"),
    ],
    "forum:delete_post": [S("post", "/pl/forum/p/{post}/delete/", "403 403 302 403 302 403")],
    "forum:react": [
        S("post", "/pl/forum/p/{post}/react/", "403 302 403 302 302 302", {"kind": "like"})
    ],
    "forum:flag_post": [
        S("get", "/pl/forum/p/{post}/flag/", "302 200 403 200 200 200"),
        S("get", "/pl/forum/p/{secret_post}/flag/", "404 404 404 404 200 403"),
    ],
    "forum:moderate_post": [
        S("post", "/pl/forum/p/{post}/moderate/", "403 403 403 403 302 403", {"action": "hide"})
    ],
    "search": [S("get", "/pl/search/?q=biblioteka", "200 200 200 200 200 200")],
    # Attachments: read by whoever may read a post or message that references them (a file
    # attached to nothing: its uploader, "member"); uploads checked against where they go.
    "attachments:file": [
        S("get", "/pl/files/{file}/full/plakat.png", "200 200 200 200 200 200"),
        S("get", "/pl/files/{file}/thumb/plakat.png", "200 200 200 200 200 200"),
        S("get", "/pl/files/{secret_file}/full/budzet.png", "404 404 404 404 200 200"),
        S("get", "/pl/files/{secret_file}/display/budzet.png", "404 404 404 404 200 200"),
        S("get", "/pl/files/{room_file}/full/plan.png", "404 404 200 200 404 404"),
        S("get", "/pl/files/{upload}/full/szkic.png", "404 404 200 404 404 404"),
        S("get", "/pl/files/999999/full/x.png", "404 404 404 404 404 404"),
    ],
    "attachments:upload": [
        S("post", "/pl/files/upload/", "403 400 400 400 400 400", {"target": "topic:{topic}"}),
        S(
            "post",
            "/pl/files/upload/",
            "403 404 404 404 400 400",
            {"target": "topic:{secret_topic}"},
        ),
        S("post", "/pl/files/upload/", "403 404 400 400 404 404", {"target": "room:{room}"}),
        # Staff and the network's moderator read the open group's room; only its members write.
        S("post", "/pl/files/upload/", "403 404 400 403 403 404", {"target": "room:{open_room}"}),
    ],
    "attachments:remove": [
        S("post", "/pl/files/{upload}/remove/", "404 404 200 404 404 404"),
        S("post", "/pl/files/{file}/remove/", "403 403 400 403 403 403"),
    ],
    # The interface's own routes (network/site/views_ui.py): public lists and redirects, a theme
    # cookie, public media only, and the design system page for staff.
    "section": [S("get", "/pl/go/no-such-section/", "404 404 404 404 404 404")],
    "events": [S("get", "/pl/events/", "200 200 200 200 200 200")],
    "campaigns": [S("get", "/pl/campaigns/", "200 200 200 200 200 200")],
    "design_system": [S("get", "/pl/design/", "302 403 403 403 200 403")],
    "set_theme": [S("post", "/theme/", "302 302 302 302 302 302", {"theme": "dark"})],
    "media": [
        S("get", "/media/avatars/nobody.png", "404 404 404 404 404 404"),
        S("get", "/media/documents/any.pdf", "404 404 404 404 404 404"),
    ],
    # The world's conversation is between "member" (who started it) and "moderator"; nobody
    # else, staff included, may read a private conversation: the same 404 as no room at all.
    "chat:index": [S("get", "/pl/chat/", "302 200 200 200 200 200")],
    # The people picker's suggestions: members only (whom it offers: tests/network/test_chat_panes).
    "chat:people": [S("get", "/pl/chat/people/?q=an", "302 200 200 200 200 200")],
    # Only with someone whose profile the viewer may see (the director's: staff and themselves,
    # otherwise the same 404 as for nobody, a POST included.
    "chat:direct": [
        # Oneself: back to the chat with a message, nothing stored.
        S("get", "/pl/chat/with/{member}/", "302 200 302 200 200 200"),
        S("get", "/pl/chat/with/{director}/", "302 404 404 404 200 302"),
        S("post", "/pl/chat/with/{director}/", "302 404 404 404 302 302"),
        S("get", "/pl/chat/with/999999/", "302 404 404 404 404 404"),
    ],
    "chat:room": [
        S("get", "/pl/chat/{room}/", "302 404 200 200 404 404"),
        S("get", "/pl/chat/999999/", "302 404 404 404 404 404"),
        # Group rooms: the group's members; its moderators (the network's too) and staff read.
        S("get", "/pl/chat/{secret_room}/", "302 404 404 404 200 200"),
        S("get", "/pl/chat/{open_room}/", "302 404 200 200 200 404"),
        S(
            "post",
            "/pl/chat/{open_room}/",
            "302 404 302 403 403 404",
            {"body": "Hej", "client_id": "a"},
        ),
    ],
    # The composer's mention suggestions and preview: those who may write in the room.
    "chat:mentions": [
        S("get", "/pl/chat/{room}/mentions/?q=me", "302 404 200 200 404 404"),
        S("get", "/pl/chat/{open_room}/mentions/?q=me", "302 404 200 403 403 404"),
    ],
    "chat:preview": [
        S("post", "/pl/chat/{room}/preview/", "302 404 200 200 404 404", {"body": "Hej"}),
        S("post", "/pl/chat/{open_room}/preview/", "302 404 200 403 403 404", {"body": "Hej"}),
    ],
    "chat:edit": [S("get", "/pl/chat/{room}/messages/1/edit/", "302 404 200 403 404 404")],
    "chat:delete": [S("post", "/pl/chat/{room}/messages/1/delete/", "302 404 302 403 404 404")],
    "chat:add_members": [S("post", "/pl/chat/{room}/members/", "302 404 302 302 404 404")],
    "chat:remove_member": [
        S("post", "/pl/chat/{room}/members/{member}/remove/", "302 404 302 403 404 404")
    ],
    # The member's own notifications and personal data: nothing of anyone else's is addressable.
    "notifications": [S("get", "/pl/notifications/", "302 200 200 200 200 200")],
    "notifications_mark_read": [S("post", "/pl/notifications/read/", "302 302 302 302 302 302")],
    "notification_preferences": [
        S("get", "/pl/notifications/settings/", "302 200 200 200 200 200")
    ],
    "personal_data": [S("get", "/pl/account/data/", "302 200 200 200 200 200")],
    # Accepting the policies in force (tests/members/test_consent.py); the world has none.
    "policy_accept": [
        S("get", "/pl/legal/accept/", "302 200 200 200 200 200"),
        S("post", "/pl/legal/accept/", "302 302 302 302 302 302"),
    ],
    # Fixed addresses of the privacy policy and the terms: the live page, or 404 (none here).
    "legal_page": [
        S("get", "/pl/legal/privacy/", "404 404 404 404 404 404"),
        S("get", "/pl/legal/nothing/", "404 404 404 404 404 404"),
    ],
    # Both ask to confirm the password first (a test client's log-in is not recent enough).
    "personal_data_download": [
        S("get", "/pl/account/data/download/", "302 405 405 405 405 405"),
        S("post", "/pl/account/data/download/", "302 302 302 302 302 302"),
    ],
    # The owner's archive only (tests/members/test_data_downloads.py); none here: not found.
    "personal_data_file": [S("get", "/pl/account/data/download/999/", "302 302 302 302 302 302")],
    "personal_data_erase": [S("get", "/pl/account/data/delete/", "302 302 302 302 302 302")],
}

# Third-party route families, each checked as a whole by a rule that fits it (tests below).
FAMILIES = {
    "admin/": "staff_only",  # Wagtail admin
    "django-admin/": "staff_only",  # Django admin
    "{lang}/accounts/": "own_account",  # allauth: the viewer's own account pages
}
# Admin pages anyone may open: logging in and recovering a password.
ADMIN_PUBLIC = ("login", "password_reset", "jsi18n", "sprite")

# WebSocket frame type → the frame sent and the reply type each signed-in persona gets.
WEBSOCKET = {
    "ping": ({"type": "ping"}, "pong"),
    # A topic that does not exist is answered exactly like one the viewer may not see.
    "watch": ({"type": "watch", "topic": 999999}, "error"),
    # Unwatching is silent; only a frame that names nothing gets an answer.
    "unwatch": ({"type": "unwatch"}, "error"),
    # Chat frames for a room that does not exist: answered like a room one may not see.
    "subscribe": ({"type": "subscribe", "room": 999999, "after": None}, "error"),
    "unsubscribe": ({"type": "unsubscribe"}, "error"),
    "send": ({"type": "send", "room": 999999, "client_id": "x", "body": "Hej"}, "error"),
    "edit": ({"type": "edit", "room": 999999, "message": 1, "body": "Hej"}, "error"),
    "delete": ({"type": "delete", "room": 999999, "message": 1}, "error"),
    "typing": ({"type": "typing", "room": 999999}, "error"),
    "read": ({"type": "read", "room": 999999, "message": 1}, "error"),
}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            part = (
                "{lang}/"
                if isinstance(pattern.pattern, LocalePrefixPattern)
                else str(pattern.pattern)
            )
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + part, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), name


def all_routes() -> list[tuple[str, str | None]]:
    return list(_walk(get_resolver().url_patterns))


def family_of(route: str) -> str | None:
    return next((rule for prefix, rule in FAMILIES.items() if route.startswith(prefix)), None)


def test_every_route_is_declared():
    undeclared = [
        route for route, name in all_routes() if name not in ROUTES and family_of(route) is None
    ]
    assert undeclared == [], "declare these routes in tests/test_authorization.py"


def test_every_declaration_names_a_route():
    names = {name for _route, name in all_routes()}
    assert sorted(set(ROUTES) - names) == []


def test_every_websocket_message_type_is_declared():
    assert set(HANDLERS) == set(WEBSOCKET)


SAMPLES = [(name, sample) for name, samples in ROUTES.items() for sample in samples]


def _fill(path: str, world) -> str:
    return path.format(
        request=world.join_request.pk,
        member=world.member.pk,
        director=world.director.pk,
        token=world.invitation_token,
        meetup=world.meetup.pk,
        zone=world.meetup.zone_id,
        category=world.topic.category.slug,
        topic=world.topic.pk,
        secret_category=world.secret_topic.category.slug,
        secret_topic=world.secret_topic.pk,
        secret_post=world.secret_topic.first_post_id,
        post=world.topic.first_post_id,
        room=world.room.pk,
        secret_room=world.secret.room.pk,
        open_room=world.public_group.room.pk,
        file=world.file.pk,
        secret_file=world.secret_file.pk,
        room_file=world.room_file.pk,
        upload=world.upload.pk,
    )


def _request_as(client, world, persona: str, method: str, path: str, data=None):
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return getattr(client, method)(path, data or {})


def _assert_nothing_private(response, world, persona, where):
    if persona in SEES_SECRET:
        return
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    leaked = [text for text in world.private_texts if text in body]
    assert leaked == [], f"{where} as {persona} shows {leaked}"


def _attached_file(author, name: str, **where):
    upload = upload_file(user=author, upload=sample_files.upload(sample_files.png(), name))
    attach(user=author, choice=Choice([upload.pk], {}, {}, set()), **where)
    return upload


@pytest.mark.parametrize(
    ("name", "sample"), SAMPLES, ids=[f"{name}:{s.method}:{s.path}" for name, s in SAMPLES]
)
@pytest.mark.django_db
def test_route_answers_each_role_as_declared(client, home, name, sample, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    world = build_world(home)
    world.meetup = seed_zone_pages(home)
    world.topic = TopicFactory(author=world.member)
    # The secret group's forum: its category carries the group's name, the topic its secret.
    world.secret_topic = TopicFactory(
        category=ensure_group_category(group=world.secret),
        author=world.director,
        title=f"{SECRET_DESCRIPTION} (forum)",
    )
    world.room = start_conversation(starter=world.member, title="Plan", members=[world.moderator])
    post_message(room=world.room, author=world.member, body="Dzień dobry", client_id="1")
    world.file = _attached_file(world.member, "plakat.png", post=world.topic.first_post)
    world.secret_file = _attached_file(
        world.director, "budzet.png", post=world.secret_topic.first_post
    )
    message = post_message(room=world.room, author=world.member, body="Plan", client_id="2")
    world.room_file = _attached_file(world.member, "plan.png", message=message.message)
    world.upload = upload_file(
        user=world.member, upload=sample_files.upload(sample_files.png(), "szkic.png")
    )
    path = _fill(sample.path, world)
    data = {key: _fill(value, world) for key, value in sample.data.items()}
    answers = {}
    for persona in PERSONAS:
        # Each persona starts from the same world: what one POST changed is rolled back.
        with transaction.atomic():
            response = _request_as(client, world, persona, sample.method, path, data)
            answers[persona] = response.status_code
            _assert_nothing_private(response, world, persona, path)
            transaction.set_rollback(True)
    assert answers == sample.expected()


def _parameterless(prefix: str) -> list[str]:
    return [
        "/" + route
        for route, _name in all_routes()
        if route.startswith(prefix) and "<" not in route and "(" not in route and "^" not in route
    ]


@pytest.mark.django_db
def test_admin_pages_answer_200_only_to_staff_except_logging_in(client, home):
    world = build_world(home)
    paths = _parameterless("admin/") + _parameterless("django-admin/")
    assert len(paths) > 50
    opened = []
    for persona in ["anonymous", "outsider", "member", "moderator", "director"]:
        for path in paths:
            response = _request_as(client, world, persona, "get", path)
            if response.status_code == 200 and not any(word in path for word in ADMIN_PUBLIC):
                opened.append((persona, path))
            _assert_nothing_private(response, world, persona, path)
    assert opened == []


@pytest.mark.django_db
def test_admin_lists_the_secret_group_to_staff_only_through_the_admin(client, home):
    world = build_world(home)
    client.force_login(world.staff)
    assert world.secret.name in client.get("/admin/network_groups/").content.decode()
    client.force_login(world.director)
    assert client.get("/admin/network_groups/").status_code != 200


@pytest.mark.django_db
def test_account_pages_never_show_the_secret_group(client, home):
    world = build_world(home)
    paths = [path.replace("{lang}", "pl") for path in _parameterless("{lang}/accounts/")]
    assert paths
    for persona in PERSONAS:
        for path in paths:
            response = _request_as(client, world, persona, "get", path)
            assert response.status_code < 500, f"{path} as {persona}"
            _assert_nothing_private(response, world, persona, path)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("message_type", sorted(WEBSOCKET))
async def test_websocket_message_types_answer_each_role_as_declared(message_type):
    from channels.db import database_sync_to_async
    from channels.testing import WebsocketCommunicator
    from django.conf import settings
    from django.test import Client

    from network.asgi import application
    from network.demo.site import seed_site

    world = await database_sync_to_async(lambda: build_world(seed_site()))()
    frame, reply = WEBSOCKET[message_type]

    @database_sync_to_async
    def cookie_of(persona):
        if persona == "anonymous":
            return None
        client = Client()
        client.force_login(getattr(world, persona))
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    for persona in PERSONAS:
        headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
        session = await cookie_of(persona)
        if session:
            headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()))
        communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
        connected, _ = await communicator.connect()
        # Anonymous sockets are refused at the handshake, whatever they would send.
        assert connected == (persona != "anonymous"), persona
        if not connected:
            await communicator.disconnect()
            continue
        await communicator.send_json_to(frame)
        answer = await communicator.receive_json_from()
        assert answer["type"] == reply, persona
        if persona not in SEES_SECRET:
            assert not any(text in str(answer) for text in world.private_texts)
        await communicator.disconnect()


# Subscriptions to the secret group's real room, topic and category: who may hold each.
SUBSCRIPTIONS = {
    "room": lambda world: {"type": "subscribe", "room": world.secret_room.pk, "after": None},
    "topic": lambda world: {"type": "watch", "topic": world.secret_topic.pk},
    "category": lambda world: {"type": "watch", "category": world.secret_topic.category_id},
}


def _secret_world():
    from network.chat.services import ensure_group_room
    from network.demo.site import seed_site

    world = build_world(seed_site())
    world.secret_room = ensure_group_room(group=world.secret)
    post_message(room=world.secret_room, author=world.director, body="Tajne", client_id="s1")
    world.secret_topic = TopicFactory(
        category=ensure_group_category(group=world.secret),
        author=world.director,
        title=f"{SECRET_DESCRIPTION} (forum)",
    )
    return world


async def _socket_of(user):
    from channels.db import database_sync_to_async
    from channels.testing import WebsocketCommunicator
    from django.conf import settings
    from django.test import Client

    from network.asgi import application

    @database_sync_to_async
    def cookie():
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    headers = [
        (b"origin", b"http://localhost"),
        (b"host", b"localhost"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={await cookie()}".encode()),
    ]
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _frames(communicator) -> list[dict]:
    """Everything the socket is sent until it goes quiet."""
    frames = []
    while not await communicator.receive_nothing(timeout=0.3):
        frames.append(await communicator.receive_json_from())
    return frames


async def _new_reply_and_message(world) -> None:
    from channels.db import database_sync_to_async

    from forum.services.posting import create_reply

    @database_sync_to_async
    def write():
        # By staff: a new account's first posts wait for a moderator and are not announced.
        create_reply(author=world.staff, topic=world.secret_topic, body="Nowa odpowiedź")
        post_message(room=world.secret_room, author=world.director, body="Nowe", client_id="s2")

    await write()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", sorted(SUBSCRIPTIONS))
async def test_websocket_subscriptions_to_a_secret_group_answer_each_role(kind):
    from channels.db import database_sync_to_async

    world = await database_sync_to_async(_secret_world)()
    for persona in [persona for persona in PERSONAS if persona != "anonymous"]:
        communicator = await _socket_of(getattr(world, persona))
        await communicator.send_json_to(SUBSCRIPTIONS[kind](world))
        # The answer (a room's replay and presence; nothing for a watch), then what is new.
        frames = await _frames(communicator)
        await _new_reply_and_message(world)
        frames += await _frames(communicator)
        types = {frame["type"] for frame in frames}
        if persona in SEES_SECRET:
            assert types & {"message", "topic_reply"}, persona
            assert "error" not in types, persona
        else:
            assert types == {"error"}, persona
            assert {frame["code"] for frame in frames} == {"not_found"}, persona
            assert not any(text in str(frames) for text in world.private_texts), persona
        await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_member_removed_while_subscribed_hears_nothing_more_from_the_group():
    from channels.db import database_sync_to_async

    from network.groups.services.memberships import add_member, remove_member

    world = await database_sync_to_async(_secret_world)()
    membership = await database_sync_to_async(add_member)(user=world.member, group=world.secret)
    communicator = await _socket_of(world.member)
    for frame in SUBSCRIPTIONS.values():
        await communicator.send_json_to(frame(world))
    await _frames(communicator)
    await _new_reply_and_message(world)
    heard = {frame["type"] for frame in await _frames(communicator)}
    assert {"message", "topic_reply"} <= heard

    await database_sync_to_async(remove_member)(membership=membership, actor=world.director)
    frames = await _frames(communicator)
    assert {"type": "error", "code": "removed", "ref": world.secret_room.pk} in [
        {key: frame.get(key) for key in ("type", "code", "ref")} for frame in frames
    ]
    await _new_reply_and_message(world)
    after = await _frames(communicator)
    assert [frame for frame in after if frame["type"] != "notification"] == []
    await communicator.disconnect()
