"""Chat rooms and their messages (issue 7; the protocol is in docs/live-protocol.md)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_BODY_CHARS = 4000
MAX_CONVERSATION_MEMBERS = 20


class RoomKind(models.TextChoices):
    DIRECT = "direct", _("Direct conversation")
    CONVERSATION = "conversation", _("Group conversation")
    # One per networks Group; who may read and post follows the access policy, not RoomMember rows.
    GROUP = "group", _("Group room")


class Room(models.Model):
    # Not columns: what network.groups.permissions.access_room found for the viewer who asked.
    membership: "RoomMember | None"
    can_post: bool
    last_read_seq: int | None

    kind = models.CharField(_("kind"), max_length=16, choices=RoomKind.choices)
    title = models.CharField(_("title"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    # The last per-room sequence number handed out; only ever advanced under this row's lock.
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    # The network, group or zone a group room belongs to; who may read and post follows it.
    group = models.OneToOneField(
        "network.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="room",
        verbose_name=_("network or group"),
    )
    # "smaller-id:larger-id" for direct rooms, so a pair of members has exactly one room.
    direct_key = models.CharField(max_length=41, null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("chat room")
        verbose_name_plural = _("chat rooms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="group", group__isnull=False)
                | (~models.Q(kind="group") & models.Q(group__isnull=True)),
                name="chat_group_room_has_group",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.pk}"


class RoomMember(models.Model):
    """Membership of a direct or group conversation, with the member's read marker."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_memberships"
    )
    joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Sequence number of the last message the member has read in this room.
    last_read_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="chat_room_member_unique"),
        ]
        verbose_name = _("room member")
        verbose_name_plural = _("room members")

    def __str__(self) -> str:
        return f"{self.user} @ {self.room}"


class Message(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    # Per-room, gap-free, in commit order: the id clients see and resume from.
    seq = models.PositiveBigIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="chat_messages",
    )
    # Kept beside the foreign key so a deleted member's messages still read well.
    author_name = models.CharField(max_length=300, blank=True)
    author_handle = models.CharField(max_length=150, blank=True)
    # Chosen by the sending client; a resend with the same id is acknowledged, not stored again.
    client_id = models.CharField(max_length=64)
    body = models.TextField(_("message"), max_length=MAX_BODY_CHARS)
    body_html = models.TextField(editable=False)
    # The body's words in every form, folded, between spaces (network.core.search_words), so a
    # search in the room finds "grantów" for "granty" and "Wrocław" for "Wroclaw".
    search_words = models.TextField(editable=False, blank=True, default="")
    created = models.DateTimeField(_("sent"), default=timezone.now)
    edited = models.DateTimeField(_("edited"), null=True, blank=True)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="chat_message_seq_unique"),
            models.UniqueConstraint(
                fields=["room", "author", "client_id"], name="chat_message_client_id_unique"
            ),
        ]
        # /metrics counts the last minute's messages on every scrape.
        indexes = [models.Index(fields=["created"], name="chat_message_created")]
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")

    def __str__(self) -> str:
        return f"{self.room_id}#{self.seq}"


class ReadMarker(models.Model):
    """A member's read position in a group room, made on their first read.

    Group rooms have no RoomMember rows (who belongs follows the group's memberships), so the read
    position lives here; it grants nothing and is removed with the member's group membership.
    """

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="read_markers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_read_markers"
    )
    last_read_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="chat_read_marker_unique"),
        ]
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")

    def __str__(self) -> str:
        return f"{self.user} @ {self.room}: {self.last_read_seq}"
