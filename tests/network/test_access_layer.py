"""Views, template tags, consumers, live subscriptions, feeds, search, sitemaps and admin hooks get
private objects only through the access policy: each app's permissions.py (`access_*` fetches and
authorises, `filter_*` narrows a queryset). A direct `PrivateModel.objects…` there, or a
`get_object_or_404(PrivateModel, …)`, fails this test unless it is handed straight to an
`access_*`/`filter_*` function, is `.none()`, or is named in ALLOWED with the reason it is safe.

The modules are read as Python syntax trees, so neither a comment nor a string can hide or fake a
fetch."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["network", "members", "forum", "zones"]
PRESENTATION = [
    "**/views*.py",
    "**/views/**/*.py",
    "**/consumers*.py",
    "**/live.py",
    "**/templatetags/*.py",
    "**/wagtail_hooks.py",
    "**/feeds.py",
    "**/search.py",
    "**/sitemaps.py",
]
# Models whose rows are not for everyone: who may read them is decided in a permissions.py.
PRIVATE_MODELS = {
    # network/groups/permissions.py (groups, and the chat part)
    "Group",
    "Membership",
    "JoinRequest",
    "Invitation",
    "MembershipEvent",
    "NetworkPage",
    "Room",
    "RoomMember",
    "Message",
    "ReadMarker",
    # network/attachments/permissions.py
    "Attachment",
    # forum/permissions.py
    "Category",
    "Topic",
    "Post",
    "PostRevision",
    "Reaction",
    "Flag",
    "Subscription",
    # members/permissions.py and the member's own rows
    "Profile",
    "Notification",
    "DataExport",
    # zones/permissions.py
    "Meetup",
    "RSVP",
}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
# (module, function, model): why a direct read there is safe.
ALLOWED = {
    ("forum/search.py", "search_posts", "Post"): "ranks and loads ids taken from filter_posts",
    ("members/views.py", "_own_profile", "Profile"): "the signed-in member's own profile",
    ("members/views_account_data.py", "personal_data_file", "DataExport"): "filtered by owner",
    ("members/views_notifications.py", "notification_list", "Notification"): "for_recipient",
    ("members/wagtail_hooks.py", "get_queryset", "Profile"): "staff's member admin",
    ("forum/wagtail_hooks.py", "get_queryset", "Category"): "narrowed to visible_groups below",
    ("network/attachments/views_admin.py", "storage_report", "Attachment"): "staff only",
}


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


class _Finder(ast.NodeVisitor):
    def __init__(self):
        self.functions: list[str] = []
        self.policy_depth = 0
        self.found: list[tuple[int, str, str]] = []

    def _function(self, node):
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        first = node.args[0] if node.args else None
        if name in SHORTCUTS and isinstance(first, ast.Name) and first.id in PRIVATE_MODELS:
            self._offence(node, first.id)
        if name == "none":  # an empty queryset reads nothing
            return
        self.visit(node.func)
        policy = name.startswith(("access_", "filter_"))
        self.policy_depth += policy
        for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
            self.visit(argument)
        self.policy_depth -= policy

    def visit_Attribute(self, node: ast.Attribute) -> None:
        value = node.value
        manager = node.attr in MANAGERS and isinstance(value, ast.Name)
        if manager and value.id in PRIVATE_MODELS and not self.policy_depth:
            self._offence(node, value.id)
        self.generic_visit(node)

    def _offence(self, node, model: str) -> None:
        self.found.append((node.lineno, self.functions[-1] if self.functions else "", model))


def direct_fetches(source: str) -> list[tuple[int, str, str]]:
    """(line, enclosing function, model) of each private read that bypasses the policy."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    return finder.found


def presentation_modules() -> list[Path]:
    found = set()
    for app in APPS:
        for pattern in PRESENTATION:
            found.update((ROOT / app).glob(pattern))
    return sorted(found)


def test_the_check_sees_the_modules_it_guards():
    names = {str(path.relative_to(ROOT)) for path in presentation_modules()}
    assert {
        "network/groups/views.py",
        "network/chat/consumers.py",
        "network/wagtail_hooks.py",
        "forum/feeds.py",
        "forum/search.py",
        "forum/live.py",
        "zones/templatetags/zones_tags.py",
    } <= names


def test_views_tags_and_consumers_fetch_private_models_only_through_the_policy():
    offences, used = [], set()
    for path in presentation_modules():
        module = str(path.relative_to(ROOT))
        for line, function, model in direct_fetches(path.read_text()):
            if (module, function, model) in ALLOWED:
                used.add((module, function, model))
            else:
                offences.append(f"{module}:{line} {function}: {model}")
    assert offences == [], "fetch through the app's permissions.py (access_*/filter_*)"
    # An exception no longer needed is taken off the list.
    assert used == set(ALLOWED)


def test_the_check_catches_a_direct_fetch():
    bad = (
        "def topic(request, pk):\n"
        "    topic = Topic.objects.get(pk=pk)\n"
        "    room = get_object_or_404(Room, pk=1)\n"
        "    return Post.objects.filter(topic=topic).first()\n"
    )
    assert direct_fetches(bad) == [
        (2, "topic", "Topic"),
        (3, "topic", "Room"),
        (4, "topic", "Post"),
    ]


def test_the_check_lets_the_policy_fetch():
    good = (
        "def topics(request):\n"
        "    # Topic.objects.all() in a comment is not code\n"
        "    shown = permissions.filter_topics(request.viewer, Topic.objects.filter(x=1))\n"
        "    empty = Profile.objects.none()\n"
        "    return access_room(request.viewer, 3), shown, empty\n"
    )
    assert direct_fetches(good) == []
