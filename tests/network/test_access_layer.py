"""Views, template tags, consumers and admin hooks get private objects only through the access
policy: a direct `PrivateModel.objects` (or get_object_or_404 on one) there fails this test."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["network", "members", "forum", "zones"]
PRIVATE_MODELS = [
    "Group",
    "Membership",
    "JoinRequest",
    "Invitation",
    "MembershipEvent",
    "NetworkPage",
]
DIRECT_FETCH = re.compile(
    r"\b(" + "|".join(PRIVATE_MODELS) + r")\.(objects|_default_manager)\b"
    r"|get_object_or_404\(\s*(" + "|".join(PRIVATE_MODELS) + r")\b"
    r"|get_list_or_404\(\s*(" + "|".join(PRIVATE_MODELS) + r")\b"
)


def presentation_modules() -> list[Path]:
    found = []
    for app in APPS:
        folder = ROOT / app
        found += folder.glob("**/views*.py")
        found += folder.glob("views/**/*.py")
        found += folder.glob("**/consumers*.py")
        found += folder.glob("templatetags/*.py")
        found += folder.glob("wagtail_hooks.py")
    return sorted(found)


def test_the_check_sees_the_modules_it_guards():
    names = {str(path.relative_to(ROOT)) for path in presentation_modules()}
    assert {
        "network/groups/views.py",
        "network/chat/consumers.py",
        "network/wagtail_hooks.py",
    } <= names


def test_views_tags_and_consumers_do_not_fetch_private_models_directly():
    offences = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in presentation_modules()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DIRECT_FETCH.search(line)
    ]
    assert offences == [], "fetch through network/groups/permissions.py (access_*/filter_*)"


def test_the_pattern_catches_a_direct_fetch():
    assert DIRECT_FETCH.search("group = Group.objects.get(slug=slug)")
    assert DIRECT_FETCH.search("get_object_or_404(Membership, pk=1)")
    assert not DIRECT_FETCH.search("permissions.access_group(viewer, slug)")
