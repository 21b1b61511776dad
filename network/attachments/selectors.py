"""Reads about attachments: a composer's pending uploads, the limits to show, storage use."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.template.defaultfilters import filesizeformat

from network.attachments.services import Choice, usage_today
from network.models import Attachment


def in_composer(user, choice: Choice, *, post=None, message=None) -> list[Attachment]:
    """What a re-shown composer lists: the member's own uploads it names that are attached to
    nothing, and the post's (or message's) current files, with the texts the form carried."""
    if not user.is_authenticated:
        return []
    mine = Q(pk__in=choice.ids, uploader_id=user.pk, post__isnull=True, message__isnull=True)
    if post is not None:
        mine |= Q(post=post)
    if message is not None:
        mine |= Q(message=message)
    rows = {a.pk: a for a in Attachment.objects.filter(mine)}
    order = [pk for pk in choice.ids if pk in rows] + [pk for pk in rows if pk not in choice.ids]
    listed = []
    for pk in order:
        attachment = rows[pk]
        attachment.alt_text = choice.alt.get(pk, attachment.alt_text)
        attachment.caption = choice.caption.get(pk, attachment.caption)
        attachment.removed = pk in choice.removed
        listed.append(attachment)
    return listed


@dataclass(frozen=True)
class Limits:
    max_file: str
    max_file_bytes: int
    per_item: int
    left_count: int
    left_bytes: int
    left_text: str
    daily_count: int
    daily_text: str


def limits_for(user) -> Limits:
    """The limits a composer shows before the member reaches them."""
    used = usage_today(user) if user.is_authenticated else None
    left_count = settings.ATTACHMENT_DAILY_COUNT - (used.count if used else 0)
    left_bytes = settings.ATTACHMENT_DAILY_BYTES - (used.bytes if used else 0)
    return Limits(
        max_file=filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        max_file_bytes=settings.ATTACHMENT_MAX_BYTES,
        per_item=settings.ATTACHMENTS_PER_ITEM,
        left_count=max(0, left_count),
        left_bytes=max(0, left_bytes),
        left_text=filesizeformat(max(0, left_bytes)),
        daily_count=settings.ATTACHMENT_DAILY_COUNT,
        daily_text=filesizeformat(settings.ATTACHMENT_DAILY_BYTES),
    )


def storage_by_member() -> QuerySet:
    return (
        Attachment.objects.values("uploader_id", "uploader__username", "uploader__email")
        .annotate(files=Count("id"), bytes=Sum("size"))
        .order_by("-bytes")
    )


def storage_by_group() -> list[dict]:
    """Files in group rooms and in group-owned forum categories, per group."""
    rooms = (
        Attachment.objects.filter(message__room__group__isnull=False)
        .values("message__room__group_id", "message__room__group__name")
        .annotate(files=Count("id"), bytes=Sum("size"))
    )
    forum = (
        Attachment.objects.filter(post__topic__category__owner__isnull=False)
        .values("post__topic__category__owner_id", "post__topic__category__owner__name")
        .annotate(files=Count("id"), bytes=Sum("size"))
    )
    totals: dict[int, dict] = {}
    for row in rooms:
        entry = totals.setdefault(
            row["message__room__group_id"],
            {"name": row["message__room__group__name"], "files": 0, "bytes": 0},
        )
        entry["files"] += row["files"]
        entry["bytes"] += row["bytes"] or 0
    for row in forum:
        entry = totals.setdefault(
            row["post__topic__category__owner_id"],
            {"name": row["post__topic__category__owner__name"], "files": 0, "bytes": 0},
        )
        entry["files"] += row["files"]
        entry["bytes"] += row["bytes"] or 0
    return sorted(totals.values(), key=lambda entry: -entry["bytes"])


def frame_payload(attachment: Attachment) -> dict:
    """An attachment in a live frame (chat `message`, forum `topic_reply`): sent only to those
    who may read the content it belongs to, and its addresses check again."""
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "url": attachment.url(),
        "display_url": attachment.display_url if attachment.is_image else "",
        "width": attachment.display_width,
        "height": attachment.display_height,
        "alt": attachment.alt_text,
        "caption": attachment.caption,
        "size": attachment.size,
    }
