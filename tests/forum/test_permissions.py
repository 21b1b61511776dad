"""Every access function of forum.permissions, for every role and every state it depends on."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from forum import permissions
from forum.models import Category, Post, Topic
from network.core.viewer import anonymous, viewer_for
from network.models import Role, Visibility
from tests.forum.factories import CategoryFactory, PostFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.network.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unverified", "member", "author", "staff"]


@pytest.fixture
def people(unverified):
    author = UserFactory()
    return {
        "anonymous": AnonymousUser(),
        "unverified": unverified,
        "member": UserFactory(),
        "author": author,
        "staff": UserFactory(is_staff=True),
    }


def fresh(user):
    # A new request has a new viewer, computed afresh.
    if user.is_authenticated:
        return viewer_for(type(user).objects.get(pk=user.pk))
    return anonymous()


def allowed(check, *args) -> bool:
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


STATES = {
    "plain": {},
    "locked": {"is_locked": True},
    "hidden": {"is_hidden": True},
    "held": {"is_held": True},
    "deleted": {"is_deleted": True},
}

# Who sees a topic in each state (site category).
SEES_TOPIC = {
    "plain": set(ROLES),
    "locked": set(ROLES),
    "hidden": {"staff"},
    "held": {"author", "staff"},
    "deleted": {"staff"},
}
# Who may reply to it.
REPLIES = {
    "plain": {"member", "author", "staff"},
    "locked": {"staff"},
    "hidden": {"staff"},
    "held": {"staff"},
    "deleted": {"staff"},
}


def make_topic(people, category=None, **state):
    topic = TopicFactory(category=category or CategoryFactory(), author=people["author"])
    Topic.objects.filter(pk=topic.pk).update(**state)
    topic.refresh_from_db()
    return topic


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_topic_in_each_state(people, role, state):
    topic = make_topic(people, **STATES[state])
    user = fresh(people[role])
    expected = role in SEES_TOPIC[state]
    assert permissions.can_see_topic(user, topic) is expected
    listed = permissions.filter_topics(user, Topic.objects.all())
    assert listed.filter(pk=topic.pk).exists() is expected
    posts = permissions.filter_posts(user, Post.objects.filter(topic=topic))
    assert posts.exists() is expected
    if expected:
        assert permissions.access_topic(user, topic.pk) == topic
    else:
        with pytest.raises(Http404):
            permissions.access_topic(user, topic.pk)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_reply_to_a_topic_in_each_state(people, role, state):
    topic = make_topic(people, **STATES[state])
    assert allowed(permissions.check_reply, fresh(people[role]), topic) is (role in REPLIES[state])


@pytest.mark.parametrize(
    ("state", "seen_by"),
    [({}, set(ROLES)), ({"is_hidden": True}, {"staff"})],
    ids=["public", "hidden"],
)
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_site_category(people, role, state, seen_by):
    category = CategoryFactory(**state)
    user = fresh(people[role])
    expected = role in seen_by
    assert permissions.can_see_category(user, category) is expected
    assert permissions.filter_categories(user, Category.objects.all()).exists() is expected
    if expected:
        assert permissions.access_category(user, category.slug) == category
        assert permissions.access_category_by_id(user, category.pk) == category
    else:
        with pytest.raises(Http404):
            permissions.access_category(user, category.slug)
        with pytest.raises(Http404):
            permissions.access_category_by_id(user, category.pk)


@pytest.mark.parametrize("role", ROLES)
def test_a_secret_groups_category_is_seen_only_by_staff_among_outsiders(people, role):
    category = CategoryFactory(owner=GroupFactory(visibility=Visibility.SECRET))
    topic = make_topic(people, category=category)
    user = fresh(people[role])
    assert permissions.can_see_category(user, category) is (role == "staff")
    assert permissions.filter_topics(user, Topic.objects.all()).exists() is (role == "staff")
    assert permissions.filter_members_who_see(topic, [people["member"], people["author"]]) == []


@pytest.mark.parametrize(
    ("locked", "may_start"),
    [(False, {"member", "author", "staff"}), (True, {"staff"})],
    ids=["open", "locked"],
)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_start_a_topic(people, role, locked, may_start):
    category = CategoryFactory(is_locked=locked)
    assert allowed(permissions.check_start_topic, fresh(people[role]), category) is (
        role in may_start
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", False), ("unverified", False), ("member", False), ("author", True),
     ("staff", True)],
)  # fmt: skip
def test_only_the_author_or_a_moderator_edits_and_deletes_a_post(people, role, expected):
    topic = make_topic(people)
    post = PostFactory(topic=topic, author=people["author"])
    user = fresh(people[role])
    assert allowed(permissions.check_edit_post, user, post) is expected
    assert allowed(permissions.check_delete_post, user, post) is expected


def test_the_author_may_not_edit_once_the_topic_is_locked(people):
    topic = make_topic(people, is_locked=True)
    post = PostFactory(topic=topic, author=people["author"])
    assert not allowed(permissions.check_edit_post, fresh(people["author"]), post)
    assert allowed(permissions.check_edit_post, fresh(people["staff"]), post)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", False), ("unverified", False), ("member", True), ("author", False),
     ("staff", True)],
)  # fmt: skip
def test_members_react_to_and_flag_posts_of_others(people, role, expected):
    post = PostFactory(topic=make_topic(people), author=people["author"])
    user = fresh(people[role])
    assert allowed(permissions.check_react, user, post) is expected
    assert allowed(permissions.check_flag, user, post) is expected


def test_nobody_reacts_to_a_hidden_post(people):
    post = PostFactory(topic=make_topic(people), author=people["author"], is_hidden=True)
    assert not allowed(permissions.check_react, fresh(people["member"]), post)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", False), ("unverified", False), ("member", False), ("author", True),
     ("staff", True)],
)  # fmt: skip
def test_the_question_author_or_a_moderator_marks_the_answer(people, role, expected):
    topic = make_topic(people, is_question=True)
    reply = PostFactory(topic=topic, author=people["member"])
    assert allowed(permissions.check_mark_answer, fresh(people[role]), topic, reply) is expected


def test_only_questions_have_answers_and_not_the_question_itself(people):
    topic = make_topic(people)
    reply = PostFactory(topic=topic)
    assert not allowed(permissions.check_mark_answer, fresh(people["staff"]), topic, reply)
    question = make_topic(people, is_question=True)
    author = fresh(people["author"])
    assert not allowed(permissions.check_mark_answer, author, question, question.first_post)
    elsewhere = PostFactory(topic=topic)
    assert not allowed(permissions.check_mark_answer, author, question, elsewhere)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_moderate_site_categories(people, role):
    category = CategoryFactory()
    user = fresh(people[role])
    assert allowed(permissions.check_moderate, user, category) is (role == "staff")
    assert allowed(permissions.check_moderation_queue, user) is (role == "staff")
    assert permissions.filter_moderated_categories(user, Category.objects.all()).exists() is (
        role == "staff"
    )


def test_only_moderators_move_topics_and_not_into_the_same_category(people):
    topic = make_topic(people)
    with pytest.raises(PermissionDenied):
        permissions.check_move_topic(fresh(people["author"]), topic, CategoryFactory())
    permissions.check_move_topic(fresh(people["staff"]), topic, CategoryFactory())
    with pytest.raises(PermissionDenied):
        permissions.check_move_topic(fresh(people["staff"]), topic, topic.category)


@pytest.fixture
def groups(db):
    """Three secret groups: one the moderator moderates, one they belong to, one they do not."""
    return {
        name: GroupFactory(visibility=Visibility.SECRET) for name in ("own", "member_of", "outside")
    }


@pytest.fixture
def group_moderator(people, groups):
    moderator = people["member"]
    MembershipFactory(user=moderator, group=groups["own"], role=Role.MODERATOR)
    MembershipFactory(user=moderator, group=groups["member_of"], role=Role.MEMBER)
    return moderator


def test_group_rights_decide_group_owned_categories(people, group_moderator, groups):
    own = CategoryFactory(owner=groups["own"])
    member_of = CategoryFactory(owner=groups["member_of"])
    outside = CategoryFactory(owner=groups["outside"])
    user = fresh(group_moderator)
    visible = permissions.filter_categories(user, Category.objects.all())
    assert set(visible) == {own, member_of}
    assert permissions.can_moderate(user, own)
    assert not permissions.can_moderate(user, member_of)
    hidden_topic = make_topic(people, category=own, is_hidden=True)
    assert permissions.can_see_topic(user, hidden_topic)
    assert permissions.filter_topics(user, Topic.objects.filter(pk=hidden_topic.pk)).exists()
    assert permissions.filter_posts(user, Post.objects.filter(topic=hidden_topic)).exists()
    assert not permissions.can_see_topic(fresh(people["author"]), hidden_topic)
    permissions.check_start_topic(user, member_of)
    with pytest.raises(Http404):
        permissions.access_category(user, outside.slug)
    recipients = permissions.filter_members_who_see(
        make_topic(people, category=member_of), [group_moderator, people["author"]]
    )
    assert recipients == [group_moderator]


def test_a_topic_cannot_be_moved_into_a_category_the_mover_cannot_see(
    people, group_moderator, groups
):
    topic = make_topic(people, category=CategoryFactory(owner=groups["own"]))
    outside = CategoryFactory(owner=groups["outside"])
    member_of = CategoryFactory(owner=groups["member_of"])
    with pytest.raises(Http404):
        permissions.check_move_topic(fresh(group_moderator), topic, outside)
    with pytest.raises(PermissionDenied):
        permissions.check_move_topic(fresh(group_moderator), topic, member_of)


@pytest.mark.parametrize(
    ("state", "sees"),
    [({}, set(ROLES)), ({"is_hidden": True}, {"staff"}), ({"is_held": True}, {"author", "staff"}),
     ({"is_deleted": True}, {"staff"})],
    ids=["plain", "hidden", "held", "deleted"],
)  # fmt: skip
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_post_in_each_state(people, role, state, sees):
    post = PostFactory(topic=make_topic(people), author=people["author"], **state)
    user = fresh(people[role])
    assert permissions.can_see_post(user, post) is (role in sees)
    shown = permissions.filter_topic_posts(user, post.topic, Post.objects.filter(pk=post.pk))
    assert shown.exists() is (role in sees)
    assert permissions.filter_posts(user, Post.objects.filter(pk=post.pk)).exists() is (
        role in sees
    )
    if role in sees:
        assert permissions.access_post(user, post.pk) == post
    else:
        with pytest.raises(Http404):
            permissions.access_post(user, post.pk)


def test_flags_are_reached_only_by_moderators(people):
    from forum.models import Flag

    post = PostFactory(topic=make_topic(people))
    flag = Flag.objects.create(post=post, reporter=people["member"], reason="spam")
    assert permissions.access_flag(fresh(people["staff"]), flag.pk) == flag
    for role in ("anonymous", "member", "author"):
        with pytest.raises(Http404):
            permissions.access_flag(fresh(people[role]), flag.pk)


def test_watching_needs_an_account(people):
    assert not allowed(permissions.check_watch, anonymous())
    assert allowed(permissions.check_watch, fresh(people["unverified"]))


def test_recipients_are_only_active_members_who_see_the_topic(people):
    topic = make_topic(people)
    inactive = UserFactory(is_active=False)
    members = [people["member"], inactive]
    assert permissions.filter_members_who_see(topic, members) == [people["member"]]
    hidden = make_topic(people, category=CategoryFactory(is_hidden=True))
    staff = people["staff"]
    assert permissions.filter_members_who_see(hidden, [people["member"], staff]) == [staff]
