"""Who may see and do what in the forum: the only place that decides it.

`access_*` fetch and authorise (Http404 when the viewer may not see, exactly like "does not
exist"), `check_*` raise PermissionDenied with a reason when the viewer may see but not act,
`filter_*` narrow querysets, `can_*` answer yes/no without raising (templates, recipients).

Site categories (no owner) follow the rules below in full. Categories owned by a network, group
or zone follow what `group_rights()` says about the viewer: that one function is where the
network's access policy (network/groups/permissions.py) plugs in, computed once per viewer.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from forum import kept_categories
from forum.models import Category, Flag, Post, Topic
from network.core.viewer import Viewer, viewer_for
from network.groups import permissions as network_permissions
from network.models import Group

User = get_user_model()


@dataclass(frozen=True)
class GroupRights:
    """Ids of the groups (network.Group) whose categories a member may see, post in, moderate."""

    see: frozenset[int] = field(default_factory=frozenset)
    post: frozenset[int] = field(default_factory=frozenset)
    moderate: frozenset[int] = field(default_factory=frozenset)


def _rights_in(viewer: Viewer, group: Group) -> tuple[bool, bool, bool]:
    """(see, post, moderate) in the categories `group` owns; `group.parent` must be loaded.

    - see: whoever may see the group's members may read its forum (a public group's signed-in
      visitors, a members-only group's network members, a secret group's own members); a group
      that requires two-factor authentication shows nothing until the viewer has set it up;
    - post: the group's members and its moderators;
    - moderate: `can_moderate_group` (the group's or, outside secret groups, its network's
      moderators and admins).
    """
    if not network_permissions.can_see_members_of(viewer, group):
        return False, False, False
    if network_permissions.needs_mfa_setup(viewer, group):
        return False, False, False
    moderates = network_permissions.can_moderate_group(viewer, group)
    return True, moderates or viewer.is_member(group.pk), moderates


def group_rights(viewer: Viewer) -> GroupRights:
    """What the viewer may do in group-owned categories: THE hook into
    network/groups/permissions.py.

    One query (the groups that own categories, with their networks) on top of the viewer's
    memberships. Staff need none of it: they see, post and moderate everywhere except in the
    groups `_closed` names.
    """
    if not viewer.is_authenticated or viewer.is_staff:
        return GroupRights()
    owners = Group.objects.filter(
        pk__in=Category.objects.filter(owner__isnull=False).values("owner_id")
    ).select_related("parent")
    see, post, moderate = set(), set(), set()
    for group in owners:
        sees, posts, moderates = _rights_in(viewer, group)
        if sees:
            see.add(group.pk)
        if posts:
            post.add(group.pk)
        if moderates:
            moderate.add(group.pk)
    return GroupRights(see=frozenset(see), post=frozenset(post), moderate=frozenset(moderate))


def _rights(viewer: Viewer) -> GroupRights:
    # Asked for only when a group-owned category is in play: pages of site categories cost no
    # membership queries.
    if not viewer.is_authenticated:
        return GroupRights()
    return viewer.computed("forum.group_rights", group_rights)


def _rights_in_category(viewer: Viewer, category: Category) -> tuple[bool, bool, bool]:
    """(see, post, moderate) in a group-owned category, without a query of its own.

    A category fetched with its owner and the owner's network (access_*) is decided from them;
    otherwise from the rights of all groups, computed once per viewer.
    """
    if not viewer.is_authenticated:
        return False, False, False
    loaded = None if viewer.has_computed("forum.group_rights") else _loaded_owner(category)
    if loaded is not None:
        return _rights_in(viewer, loaded)
    rights = _rights(viewer)
    owner = category.owner_id
    return owner in rights.see, owner in rights.post, owner in rights.moderate


def _closed_groups(viewer: Viewer) -> frozenset[int]:
    closed = network_permissions.groups_closed_without_mfa(viewer)
    return frozenset(closed.values_list("pk", flat=True))


def _closed(viewer: Viewer) -> frozenset[int]:
    """Staff: the groups whose categories stay closed to them until they set up two-factor
    authentication (network_permissions.groups_closed_without_mfa, the rule the group's page
    and chat room follow). Others' `_rights` already leave these groups out."""
    return viewer.computed("forum.closed", _closed_groups)


def _staff_closed(viewer: Viewer, category: Category) -> bool:
    """Whether a staff viewer may not see this category for lack of two-factor."""
    if category.owner_id is None:
        return False
    owner = None if viewer.has_computed("forum.closed") else _loaded_owner(category)
    if owner is not None:
        return network_permissions.needs_mfa_setup(viewer, owner)
    return category.owner_id in _closed(viewer)


def _is_author(viewer: Viewer, author_id: int | None) -> bool:
    return author_id is not None and viewer.user_id == author_id


def _loaded_owner(category: Category) -> Group | None:
    """The owner group, when it (and its network) came with the category; else None."""
    if not Category.owner.is_cached(category):
        return None
    owner = category.owner
    if owner is None or (owner.parent_id is not None and not Group.parent.is_cached(owner)):
        return None
    return owner


# --- seeing ----------------------------------------------------------------------------------


def _staff_q(viewer: Viewer, prefix: str) -> Q:
    """Everything, except the two-factor groups' categories while staff have not set it up."""
    if not _closed(viewer):
        return Q()
    return ~Q(**{f"{prefix}owner_id__in": _closed(viewer)})


def _visible_categories_q(viewer: Viewer, prefix: str = "") -> Q:
    if viewer.is_staff:
        return _staff_q(viewer, prefix)
    return Q(**{f"{prefix}is_hidden": False}) & (
        Q(**{f"{prefix}owner__isnull": True}) | Q(**{f"{prefix}owner_id__in": _rights(viewer).see})
    )


def _moderated_categories_q(viewer: Viewer, prefix: str = "") -> Q:
    if viewer.is_staff:
        return _staff_q(viewer, prefix)
    return Q(**{f"{prefix}owner_id__in": _rights(viewer).moderate})


def can_see_category(viewer: Viewer, category: Category) -> bool:
    if viewer.is_staff:
        return not _staff_closed(viewer, category)
    if category.is_hidden:
        return False
    if category.owner_id is None:
        return True
    return _rights_in_category(viewer, category)[0]


def can_moderate(viewer: Viewer, category: Category) -> bool:
    if viewer.is_staff:
        return not _staff_closed(viewer, category)
    return category.owner_id is not None and _rights_in_category(viewer, category)[2]


def _can_post_in(viewer: Viewer, category: Category) -> bool:
    if category.owner_id is None:
        return True
    if viewer.is_staff:
        return not _staff_closed(viewer, category)
    return _rights_in_category(viewer, category)[1]


def can_see_topic(viewer: Viewer, topic: Topic) -> bool:
    if not can_see_category(viewer, topic.category):
        return False
    if can_moderate(viewer, topic.category):
        return True
    if topic.is_deleted or topic.is_hidden:
        return False
    return not topic.is_held or _is_author(viewer, topic.author_id)


def can_see_post(viewer: Viewer, post: Post) -> bool:
    """The post itself, given that its topic was already found visible."""
    if can_moderate(viewer, post.topic.category):
        return True
    if post.is_deleted or post.is_hidden:
        return False
    return not post.is_held or _is_author(viewer, post.author_id)


def filter_categories(viewer: Viewer, qs: QuerySet[Category]) -> QuerySet[Category]:
    return qs.filter(_visible_categories_q(viewer))


def filter_moderated_categories(viewer: Viewer, qs: QuerySet[Category]) -> QuerySet[Category]:
    if not viewer.is_authenticated:
        return qs.none()
    return qs.filter(_visible_categories_q(viewer) & _moderated_categories_q(viewer))


def _own_or_plain_q(viewer: Viewer) -> Q:
    plain = Q(is_deleted=False, is_hidden=False)
    if viewer.is_authenticated:
        return plain & (Q(is_held=False) | Q(author_id=viewer.user_id))
    return plain & Q(is_held=False)


def filter_topics(viewer: Viewer, qs: QuerySet[Topic]) -> QuerySet[Topic]:
    if viewer.is_staff:
        return qs.filter(_staff_q(viewer, "category__"))
    shown = _own_or_plain_q(viewer)
    if _rights(viewer).moderate:
        shown |= _moderated_categories_q(viewer, "category__")
    return qs.filter(_visible_categories_q(viewer, "category__")).filter(shown)


def filter_owner_topics(viewer: Viewer, owner: Group, qs: QuerySet[Topic]) -> QuerySet[Topic]:
    """The topics of the categories `owner` (a network, group or zone's group; its `parent`
    loaded) owns that the viewer may see: `filter_topics` decided from this one group, without
    the rights in every group."""
    qs = qs.filter(category__owner=owner)
    if viewer.is_staff:
        return filter_topics(viewer, qs)
    sees, _, moderates = _rights_in(viewer, owner) if viewer.is_authenticated else (False,) * 3
    if not sees:
        return qs.none()
    qs = qs.filter(category__is_hidden=False)
    return qs if moderates else qs.filter(_own_or_plain_q(viewer))


def filter_category_topics(
    viewer: Viewer, category: Category, qs: QuerySet[Topic]
) -> QuerySet[Topic]:
    """The topics of a category the viewer already may see (access_category) that they may see."""
    if can_moderate(viewer, category):
        return qs
    return qs.filter(_own_or_plain_q(viewer))


def filter_posts(viewer: Viewer, qs: QuerySet[Post]) -> QuerySet[Post]:
    """Posts whose topic and whose own state the viewer may see."""
    if viewer.is_staff:
        return qs.filter(_staff_q(viewer, "topic__category__"))
    topic_shown = _own_or_plain_q(viewer)
    post_shown = _own_or_plain_q(viewer)
    topic_q = _prefixed(topic_shown, "topic__")
    if _rights(viewer).moderate:
        moderated = _moderated_categories_q(viewer, "topic__category__")
        topic_q |= moderated
        post_shown |= moderated
    return (
        qs.filter(_visible_categories_q(viewer, "topic__category__"))
        .filter(topic_q)
        .filter(post_shown)
    )


def _prefixed(q: Q, prefix: str) -> Q:
    """The same condition on a related model."""
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            clone.children.append(_prefixed(child, prefix))
        else:
            key, value = cast(tuple[str, object], child)
            clone.children.append((prefix + key, value))
    return clone


MAX_ID = 2**63 - 1


def _id(value) -> int:
    """A usable primary key, or the "does not exist" answer (no database error for 10**30)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise Http404
    return value


def access_category(viewer: Viewer, slug: str) -> Category:
    category = kept_categories.category(slug=slug)
    if category is None or not can_see_category(viewer, category):
        raise Http404
    return category


def access_category_by_id(viewer: Viewer, category_id: int) -> Category:
    category = kept_categories.category(pk=_id(category_id))
    if category is None or not can_see_category(viewer, category):
        raise Http404
    return category


# Written out: the topic alone, read on every topic page and every action on one (0.45 ms; the
# ORM's query for the same row 1.1 ms, with its category and groups 2.6 ms).
_TOPIC = "SELECT * FROM {topic} WHERE id = %s"


def access_topic(viewer: Viewer, topic_id: int) -> Topic:
    sql = _TOPIC.format(topic=Topic._meta.db_table)
    topic = next(iter(Topic.objects.raw(sql, [_id(topic_id)])), None)
    category = kept_categories.category(pk=topic.category_id) if topic is not None else None
    if topic is None or category is None:
        raise Http404
    topic.category = category
    if not can_see_topic(viewer, topic):
        raise Http404
    return topic


def access_post(viewer: Viewer, post_id: int) -> Post:
    post = (
        Post.objects.select_related("topic__category__owner__parent")
        .filter(pk=_id(post_id))
        .first()
    )
    if post is None or not can_see_topic(viewer, post.topic) or not can_see_post(viewer, post):
        raise Http404
    return post


def access_flag(viewer: Viewer, flag_id: int) -> Flag:
    """A flag, for the moderators of its category only (others: as if it did not exist)."""
    flag = (
        Flag.objects.select_related("post__topic__category__owner__parent")
        .filter(pk=_id(flag_id))
        .first()
    )
    if flag is None or not can_see_topic(viewer, flag.post.topic):
        raise Http404
    if not can_moderate(viewer, flag.post.topic.category):
        raise Http404
    return flag


# --- acting ----------------------------------------------------------------------------------


def _check_member(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise PermissionDenied(_("Log in to take part in the forum."))
    if not viewer.email_verified:
        raise PermissionDenied(_("Verify your e-mail address before you post."))


def check_start_topic(viewer: Viewer, category: Category) -> None:
    _check_member(viewer)
    if not _can_post_in(viewer, category):
        raise PermissionDenied(_("Only members of this group may start topics here."))
    if category.is_locked and not can_moderate(viewer, category):
        raise PermissionDenied(_("This category is locked: only moderators start topics here."))


def check_reply(viewer: Viewer, topic: Topic) -> None:
    _check_member(viewer)
    if not _can_post_in(viewer, topic.category):
        raise PermissionDenied(_("Only members of this group may reply here."))
    if can_moderate(viewer, topic.category):
        return
    if topic.is_locked:
        raise PermissionDenied(_("This topic is locked: no new replies."))
    if topic.is_hidden or topic.is_deleted or topic.is_held:
        raise PermissionDenied(_("This topic does not take replies now."))


def check_edit_post(viewer: Viewer, post: Post) -> None:
    _check_member(viewer)
    if can_moderate(viewer, post.topic.category):
        return
    if not _is_author(viewer, post.author_id):
        raise PermissionDenied(_("You may edit only your own posts."))
    if post.topic.is_locked or post.is_hidden or post.is_deleted:
        raise PermissionDenied(_("This post can no longer be edited."))


def check_delete_post(viewer: Viewer, post: Post) -> None:
    check_edit_post(viewer, post)


def check_react(viewer: Viewer, post: Post) -> None:
    _check_member(viewer)
    if _is_author(viewer, post.author_id):
        raise PermissionDenied(_("You cannot react to your own post."))
    if not post.is_visible_to_all:
        raise PermissionDenied(_("This post does not take reactions."))


def check_flag(viewer: Viewer, post: Post) -> None:
    _check_member(viewer)
    if _is_author(viewer, post.author_id):
        raise PermissionDenied(_("You cannot flag your own post."))


def check_mark_answer(viewer: Viewer, topic: Topic, post: Post | None = None) -> None:
    _check_member(viewer)
    if not topic.is_question:
        raise PermissionDenied(_("Only a question can have an answer."))
    if not (_is_author(viewer, topic.author_id) or can_moderate(viewer, topic.category)):
        raise PermissionDenied(_("Only the author of the question or a moderator may do this."))
    if post is not None and (post.topic_id != topic.pk or not post.is_visible_to_all):
        raise PermissionDenied(_("This post cannot be the answer."))
    if post is not None and post.pk == topic.first_post_id:
        raise PermissionDenied(_("The question itself cannot be its answer."))


def check_moderate(viewer: Viewer, category: Category) -> None:
    _check_member(viewer)
    if not can_moderate(viewer, category):
        raise PermissionDenied(_("Only moderators may do this."))


def check_move_topic(viewer: Viewer, topic: Topic, target: Category) -> None:
    check_moderate(viewer, topic.category)
    if not can_see_category(viewer, target):
        # The same answer as for a category that does not exist.
        raise Http404
    if not can_moderate(viewer, target):
        raise PermissionDenied(_("You may move topics only into categories you moderate."))
    if target.pk == topic.category_id:
        raise PermissionDenied(_("The topic is already in this category."))


def check_watch(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise PermissionDenied(_("Log in to watch topics and categories."))


def check_moderation_queue(viewer: Viewer) -> None:
    if not viewer.is_authenticated or not (viewer.is_staff or _rights(viewer).moderate):
        raise PermissionDenied(_("Only moderators see the moderation queue."))


# --- who else may see ------------------------------------------------------------------------


def filter_members_who_see(topic: Topic, members: Iterable) -> list:
    """The members (active accounts) among `members` who may see `topic` and its public posts.

    Used for notifications and the @mention autocomplete, so nobody learns of a topic they may
    not see.
    """
    return [
        member
        for member in members
        if member.is_active and can_see_topic(viewer_for(member), topic)
    ]


def filter_people_shown_to(viewer: Viewer, qs: QuerySet) -> QuerySet:
    """Members whose profile (and so name and handle) `viewer` may see: the directory's rule."""
    return network_permissions.filter_visible_users(viewer, qs)


def filter_topic_posts(viewer: Viewer, topic: Topic, qs: QuerySet[Post]) -> QuerySet[Post]:
    """The posts of a topic the viewer already may see (access_topic) that they may see too."""
    if can_moderate(viewer, topic.category):
        return qs
    return qs.filter(_own_or_plain_q(viewer))


def can_post_in(viewer: Viewer, category: Category) -> bool:
    """Whether to offer the forms; the check_* functions give the reasons."""
    return viewer.is_authenticated and _can_post_in(viewer, category)
