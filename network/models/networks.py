"""Networks and groups, memberships and roles: the facts the access policy decides from.

Who may see or do what is decided only in network/groups/permissions.py, never here.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from network.models.restrictions import OneQueryRestrictionsMixin
from network.site.blocks import BodyBlock

__all__ = [
    "Group",
    "GroupKind",
    "Invitation",
    "JoinPolicy",
    "JoinRequest",
    "Membership",
    "MembershipEvent",
    "NetworkIndexPage",
    "NetworkPage",
    "Role",
    "Visibility",
]


class GroupKind(models.TextChoices):
    NETWORK = "network", _("network")
    GROUP = "group", _("group")
    # An Innovation Zone's community: a group inside the Innovation Zones network.
    ZONE = "zone", _("Innovation Zone")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS_ONLY = "members_only", _("members of the network only")
    SECRET = "secret", _("secret")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("anyone may join")
    REQUEST = "request", _("on request")
    INVITATION = "invitation", _("by invitation only")


class Role(models.TextChoices):
    MEMBER = "member", _("member")
    MODERATOR = "moderator", _("moderator")
    ADMIN = "admin", _("admin")


class Group(models.Model):
    """A network (top level, no parent) or a group inside a network."""

    kind = models.CharField(_("kind"), max_length=16, choices=GroupKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("network"),
    )
    # Slugs are unique across all groups, so a slug alone names one group in URLs and commands.
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        _("join policy"), max_length=16, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    requires_mfa = models.BooleanField(
        _("requires two-factor authentication"),
        default=False,
        help_text=_("Members must set up two-factor authentication before they can enter."),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network or group")
        verbose_name_plural = _("networks and groups")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="network", parent__isnull=True))
                | (~models.Q(kind="network") & models.Q(parent__isnull=False)),
                name="network_is_top_level_group_has_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_network(self) -> bool:
        return self.parent_id is None

    @property
    def network_id(self) -> int:
        return self.pk if self.parent_id is None else self.parent_id


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["group", "user__last_name", "user__first_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.group} ({self.get_role_display()})"


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("applicant"),
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("group")
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.group}"


class Invitation(models.Model):
    """An e-mailed link to join a group: single use, expiring, for the invited address only."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("group")
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    # Only a hash is stored: a database leak does not hand out working links.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used by"),
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.group}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class MembershipEvent(models.Model):
    """The change log of memberships: who did what to whom, when. Rows are never edited."""

    class Action(models.TextChoices):
        JOINED = "joined", _("joined")
        REQUESTED = "requested", _("asked to join")
        APPROVED = "approved", _("request approved")
        DECLINED = "declined", _("request declined")
        INVITED = "invited", _("invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("accepted an invitation")
        LEFT = "left", _("left")
        REMOVED = "removed", _("removed")
        ROLE_CHANGED = "role_changed", _("role changed")

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="events", verbose_name=_("group")
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    details = models.CharField(_("details"), max_length=500, blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.get_action_display()}"


class NetworkIndexPage(OneQueryRestrictionsMixin, Page):
    """/networks/: the networks a visitor may see, listed by the access policy."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["network.HomePage"]
    subpage_types = ["network.NetworkPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("network index page")


class NetworkPage(OneQueryRestrictionsMixin, Page):
    """A network's page: editorial text by editors, live parts (members, groups) by the policy."""

    network = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="page",
        limit_choices_to={"parent__isnull": True},
        verbose_name=_("network"),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("network"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["network.NetworkIndexPage"]
    route_related = ("network",)  # read with the page when it is served (HomePage.route)
    # Paths below a network page belong to its groups (network/groups/urls.py).
    subpage_types = []

    class Meta:
        verbose_name = _("network page")
