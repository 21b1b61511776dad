"""Who may see and do what in the forum: the only place that decides it.

`access_*` fetch and authorise (Http404 when the viewer may not see, exactly like "does not
exist"), `check_*` raise PermissionDenied with a reason when the viewer may see but not act,
`filter_*` narrow querysets, `can_*` answer yes/no without raising (templates, recipients).

Site categories (no owner) follow the rules below in full. Categories owned by a network, group
or zone follow what `group_rights()` says about the viewer: that one function is where the
network's access policy (network/groups/permissions.py) plugs in, computed once per user object.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from forum.models import Category, Flag, Post, Topic
from network.groups import permissions as network_permissions
from network.groups.membership import Memberships, memberships_for
from network.models import Group

User = get_user_model()


@dataclass(frozen=True)
class GroupRights:
    """Ids of the groups (network.Group) whose categories a member may see, post in, moderate."""

    see: frozenset[int] = field(default_factory=frozenset)
    post: frozenset[int] = field(default_factory=frozenset)
    moderate: frozenset[int] = field(default_factory=frozenset)


def _rights_in(viewer: Memberships, group: Group) -> tuple[bool, bool, bool]:
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


def group_rights(user) -> GroupRights:
    """What `user` may do in group-owned categories: THE hook into network/groups/permissions.py.

    One query (the groups that own categories, with their networks) on top of the memberships,
    which are cached on the user object. Staff need none of it: they see, post and moderate
    everywhere except in the groups `_Viewer.closed` names.
    """
    viewer = memberships_for(user)
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


@dataclass
class _Viewer:
    user: object
    authenticated: bool
    staff: bool
    _rights: GroupRights | None = None
    _verified: bool | None = None
    _closed: frozenset[int] | None = None

    @property
    def rights(self) -> GroupRights:
        # Asked for only when a group-owned category is in play: pages of site categories
        # cost no membership queries.
        if self._rights is None:
            self._rights = group_rights(self.user) if self.authenticated else GroupRights()
        return self._rights

    def rights_in(self, category: Category) -> tuple[bool, bool, bool]:
        """(see, post, moderate) in a group-owned category, without a query of its own.

        A category fetched with its owner and the owner's network (access_*) is decided from
        them; otherwise from the rights of all groups, computed once.
        """
        if not self.authenticated:
            return False, False, False
        if self._rights is None and _owner_loaded(category):
            return _rights_in(memberships_for(self.user), category.owner)
        rights = self.rights
        owner = category.owner_id
        return owner in rights.see, owner in rights.post, owner in rights.moderate

    @property
    def closed(self) -> frozenset[int]:
        """Staff: the groups whose categories stay closed to them until they set up two-factor
        authentication (network_permissions.groups_closed_without_mfa, the rule the group's
        page and chat room follow). Others' `rights` already leave these groups out."""
        if self._closed is None:
            closed = network_permissions.groups_closed_without_mfa(memberships_for(self.user))
            self._closed = frozenset(closed.values_list("pk", flat=True))
        return self._closed

    def staff_closed(self, category: Category) -> bool:
        """Whether a staff viewer may not see this category for lack of two-factor."""
        if category.owner_id is None:
            return False
        if self._closed is None and _owner_loaded(category):
            return network_permissions.needs_mfa_setup(memberships_for(self.user), category.owner)
        return category.owner_id in self.closed

    @property
    def verified(self) -> bool:
        if self._verified is None:
            self._verified = (
                self.authenticated
                and EmailAddress.objects.filter(user=self.user, verified=True).exists()
            )
        return self._verified


def _owner_loaded(category: Category) -> bool:
    if not Category.owner.is_cached(category):
        return False
    owner = category.owner
    return owner.parent_id is None or Group.parent.is_cached(owner)


def note_verified(user, verified: bool) -> None:
    """A selector that already learnt whether the e-mail is verified spares the query."""
    viewer = _viewer(user)
    if viewer.authenticated:
        viewer._verified = verified


def _viewer(user) -> _Viewer:
    # Computed once per user object (one request, one socket) and kept on it.
    cached = getattr(user, "_forum_viewer", None)
    if cached is not None:
        return cached
    authenticated = bool(user is not None and user.is_authenticated and user.is_active)
    viewer = _Viewer(
        user=user,
        authenticated=authenticated,
        staff=authenticated and user.is_staff,
    )
    if user is not None:
        user._forum_viewer = viewer
    return viewer


# --- seeing ----------------------------------------------------------------------------------


def _staff_q(viewer: _Viewer, prefix: str) -> Q:
    """Everything, except the two-factor groups' categories while staff have not set it up."""
    if not viewer.closed:
        return Q()
    return ~Q(**{f"{prefix}owner_id__in": viewer.closed})


def _visible_categories_q(viewer: _Viewer, prefix: str = "") -> Q:
    if viewer.staff:
        return _staff_q(viewer, prefix)
    return Q(**{f"{prefix}is_hidden": False}) & (
        Q(**{f"{prefix}owner__isnull": True}) | Q(**{f"{prefix}owner_id__in": viewer.rights.see})
    )


def _moderated_categories_q(viewer: _Viewer, prefix: str = "") -> Q:
    if viewer.staff:
        return _staff_q(viewer, prefix)
    return Q(**{f"{prefix}owner_id__in": viewer.rights.moderate})


def can_see_category(user, category: Category) -> bool:
    viewer = _viewer(user)
    if viewer.staff:
        return not viewer.staff_closed(category)
    if category.is_hidden:
        return False
    if category.owner_id is None:
        return True
    return viewer.rights_in(category)[0]


def can_moderate(user, category: Category) -> bool:
    viewer = _viewer(user)
    if viewer.staff:
        return not viewer.staff_closed(category)
    return category.owner_id is not None and viewer.rights_in(category)[2]


def _can_post_in(viewer: _Viewer, category: Category) -> bool:
    if category.owner_id is None:
        return True
    if viewer.staff:
        return not viewer.staff_closed(category)
    return viewer.rights_in(category)[1]


def can_see_topic(user, topic: Topic) -> bool:
    if not can_see_category(user, topic.category):
        return False
    if can_moderate(user, topic.category):
        return True
    if topic.is_deleted or topic.is_hidden:
        return False
    return not topic.is_held or _is_author(user, topic.author_id)


def can_see_post(user, post: Post) -> bool:
    """The post itself, given that its topic was already found visible."""
    if can_moderate(user, post.topic.category):
        return True
    if post.is_deleted or post.is_hidden:
        return False
    return not post.is_held or _is_author(user, post.author_id)


def _is_author(user, author_id: int | None) -> bool:
    return author_id is not None and _viewer(user).authenticated and user.pk == author_id


def filter_categories(user, qs: QuerySet[Category]) -> QuerySet[Category]:
    return qs.filter(_visible_categories_q(_viewer(user)))


def filter_moderated_categories(user, qs: QuerySet[Category]) -> QuerySet[Category]:
    viewer = _viewer(user)
    if not viewer.authenticated:
        return qs.none()
    return qs.filter(_visible_categories_q(viewer) & _moderated_categories_q(viewer))


def _own_or_plain_q(viewer: _Viewer) -> Q:
    plain = Q(is_deleted=False, is_hidden=False)
    if viewer.authenticated:
        return plain & (Q(is_held=False) | Q(author_id=viewer.user.pk))
    return plain & Q(is_held=False)


def filter_topics(user, qs: QuerySet[Topic]) -> QuerySet[Topic]:
    viewer = _viewer(user)
    if viewer.staff:
        return qs.filter(_staff_q(viewer, "category__"))
    shown = _own_or_plain_q(viewer)
    if viewer.rights.moderate:
        shown |= _moderated_categories_q(viewer, "category__")
    return qs.filter(_visible_categories_q(viewer, "category__")).filter(shown)


def filter_category_topics(user, category: Category, qs: QuerySet[Topic]) -> QuerySet[Topic]:
    """The topics of a category the viewer already may see (access_category) that they may see."""
    if can_moderate(user, category):
        return qs
    return qs.filter(_own_or_plain_q(_viewer(user)))


def filter_posts(user, qs: QuerySet[Post]) -> QuerySet[Post]:
    """Posts whose topic and whose own state the viewer may see."""
    viewer = _viewer(user)
    if viewer.staff:
        return qs.filter(_staff_q(viewer, "topic__category__"))
    topic_shown = _own_or_plain_q(viewer)
    post_shown = _own_or_plain_q(viewer)
    topic_q = _prefixed(topic_shown, "topic__")
    if viewer.rights.moderate:
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
            key, value = child
            clone.children.append((prefix + key, value))
    return clone


MAX_ID = 2**63 - 1


def _id(value) -> int:
    """A usable primary key, or the "does not exist" answer (no database error for 10**30)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise Http404
    return value


def access_category(user, slug: str) -> Category:
    category = Category.objects.select_related("owner__parent").filter(slug=slug).first()
    if category is None or not can_see_category(user, category):
        raise Http404
    return category


def access_category_by_id(user, category_id: int) -> Category:
    category = Category.objects.select_related("owner__parent").filter(pk=_id(category_id)).first()
    if category is None or not can_see_category(user, category):
        raise Http404
    return category


def access_topic(user, topic_id: int) -> Topic:
    topic = Topic.objects.select_related("category__owner__parent").filter(pk=_id(topic_id)).first()
    if topic is None or not can_see_topic(user, topic):
        raise Http404
    return topic


def access_post(user, post_id: int) -> Post:
    post = (
        Post.objects.select_related("topic__category__owner__parent")
        .filter(pk=_id(post_id))
        .first()
    )
    if post is None or not can_see_topic(user, post.topic) or not can_see_post(user, post):
        raise Http404
    return post


def access_flag(user, flag_id: int) -> Flag:
    """A flag, for the moderators of its category only (others: as if it did not exist)."""
    flag = (
        Flag.objects.select_related("post__topic__category__owner__parent")
        .filter(pk=_id(flag_id))
        .first()
    )
    if flag is None or not can_see_topic(user, flag.post.topic):
        raise Http404
    if not can_moderate(user, flag.post.topic.category):
        raise Http404
    return flag


# --- acting ----------------------------------------------------------------------------------


def _check_member(user) -> _Viewer:
    viewer = _viewer(user)
    if not viewer.authenticated:
        raise PermissionDenied(_("Log in to take part in the forum."))
    if not viewer.verified:
        raise PermissionDenied(_("Verify your e-mail address before you post."))
    return viewer


def check_start_topic(user, category: Category) -> None:
    viewer = _check_member(user)
    if not _can_post_in(viewer, category):
        raise PermissionDenied(_("Only members of this group may start topics here."))
    if category.is_locked and not can_moderate(user, category):
        raise PermissionDenied(_("This category is locked: only moderators start topics here."))


def check_reply(user, topic: Topic) -> None:
    viewer = _check_member(user)
    if not _can_post_in(viewer, topic.category):
        raise PermissionDenied(_("Only members of this group may reply here."))
    if can_moderate(user, topic.category):
        return
    if topic.is_locked:
        raise PermissionDenied(_("This topic is locked: no new replies."))
    if topic.is_hidden or topic.is_deleted or topic.is_held:
        raise PermissionDenied(_("This topic does not take replies now."))


def check_edit_post(user, post: Post) -> None:
    _check_member(user)
    if can_moderate(user, post.topic.category):
        return
    if not _is_author(user, post.author_id):
        raise PermissionDenied(_("You may edit only your own posts."))
    if post.topic.is_locked or post.is_hidden or post.is_deleted:
        raise PermissionDenied(_("This post can no longer be edited."))


def check_delete_post(user, post: Post) -> None:
    check_edit_post(user, post)


def check_react(user, post: Post) -> None:
    _check_member(user)
    if _is_author(user, post.author_id):
        raise PermissionDenied(_("You cannot react to your own post."))
    if not post.is_visible_to_all:
        raise PermissionDenied(_("This post does not take reactions."))


def check_flag(user, post: Post) -> None:
    _check_member(user)
    if _is_author(user, post.author_id):
        raise PermissionDenied(_("You cannot flag your own post."))


def check_mark_answer(user, topic: Topic, post: Post | None = None) -> None:
    _check_member(user)
    if not topic.is_question:
        raise PermissionDenied(_("Only a question can have an answer."))
    if not (_is_author(user, topic.author_id) or can_moderate(user, topic.category)):
        raise PermissionDenied(_("Only the author of the question or a moderator may do this."))
    if post is not None and (post.topic_id != topic.pk or not post.is_visible_to_all):
        raise PermissionDenied(_("This post cannot be the answer."))
    if post is not None and post.pk == topic.first_post_id:
        raise PermissionDenied(_("The question itself cannot be its answer."))


def check_moderate(user, category: Category) -> None:
    _check_member(user)
    if not can_moderate(user, category):
        raise PermissionDenied(_("Only moderators may do this."))


def check_move_topic(user, topic: Topic, target: Category) -> None:
    check_moderate(user, topic.category)
    if not can_see_category(user, target):
        # The same answer as for a category that does not exist.
        raise Http404
    if not can_moderate(user, target):
        raise PermissionDenied(_("You may move topics only into categories you moderate."))
    if target.pk == topic.category_id:
        raise PermissionDenied(_("The topic is already in this category."))


def check_watch(user) -> None:
    if not _viewer(user).authenticated:
        raise PermissionDenied(_("Log in to watch topics and categories."))


def check_moderation_queue(user) -> None:
    viewer = _viewer(user)
    if not viewer.authenticated or not (viewer.staff or viewer.rights.moderate):
        raise PermissionDenied(_("Only moderators see the moderation queue."))


# --- who else may see ------------------------------------------------------------------------


def filter_members_who_see(topic: Topic, members: Iterable) -> list:
    """The members (active accounts) among `members` who may see `topic` and its public posts.

    Used for notifications and the @mention autocomplete, so nobody learns of a topic they may
    not see.
    """
    return [member for member in members if member.is_active and can_see_topic(member, topic)]


def filter_people_shown_to(user, qs: QuerySet) -> QuerySet:
    """Members whose profile (and so name and handle) `user` may see: the directory's rule."""
    return network_permissions.filter_visible_users(memberships_for(user), qs)


def filter_topic_posts(user, topic: Topic, qs: QuerySet[Post]) -> QuerySet[Post]:
    """The posts of a topic the viewer already may see (access_topic) that they may see too."""
    viewer = _viewer(user)
    if can_moderate(user, topic.category):
        return qs
    return qs.filter(_own_or_plain_q(viewer))


def can_post_in(user, category: Category) -> bool:
    """Whether to offer the forms; the check_* functions give the reasons."""
    viewer = _viewer(user)
    return viewer.authenticated and _can_post_in(viewer, category)
