"""Uploading, attaching and removing attachments; the orphan clean-up task.

Callers authorise first (network.attachments.permissions.check_upload_target for an upload, the
forum's and chat's own checks when a post or message is saved). The bytes are removed from
storage when their row is deleted, after commit (network.attachments.receivers), whatever
deleted it: these services, a cascade from a deleted group or account, the admin.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from network.attachments import inspection, storage
from network.models import Attachment

User = get_user_model()
MAX_TEXT_CHARS = 300
SWEEP_EVERY_SECONDS = 3600


@dataclass(frozen=True)
class Usage:
    count: int
    bytes: int


def usage_today(user) -> Usage:
    """What the member uploaded in the last 24 hours (the daily limits are rolling)."""
    since = timezone.now() - timedelta(days=1)
    totals = Attachment.objects.filter(uploader_id=user.pk, created__gte=since).aggregate(
        count=Count("id"), bytes=Sum("size")
    )
    return Usage(totals["count"], totals["bytes"] or 0)


def _named(name: str, error: ValidationError) -> ValidationError:
    """The same refusal, saying which file it is about (several are sent at once)."""
    reason = " ".join(error.messages)
    return ValidationError(
        _("%(name)s: %(reason)s") % {"name": name, "reason": reason}, code=error.code
    )


def _check_size(upload, name: str) -> None:
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise _named(
            name,
            ValidationError(
                _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
                code="too_large",
            ),
        )


def _check_quota(user, name: str, size: int) -> None:
    used = usage_today(user)
    if used.count + 1 > settings.ATTACHMENT_DAILY_COUNT:
        raise _named(
            name,
            ValidationError(
                _("You have reached today's limit of %(count)d files. Try again tomorrow.")
                % {"count": settings.ATTACHMENT_DAILY_COUNT},
                code="quota",
            ),
        )
    if used.bytes + size > settings.ATTACHMENT_DAILY_BYTES:
        raise _named(
            name,
            ValidationError(
                _(
                    "This file would take you past today's limit of %(limit)s "
                    "(%(left)s left). Try again tomorrow."
                )
                % {
                    "limit": filesizeformat(settings.ATTACHMENT_DAILY_BYTES),
                    "left": filesizeformat(max(0, settings.ATTACHMENT_DAILY_BYTES - used.bytes)),
                },
                code="quota",
            ),
        )


def upload_file(*, user, upload) -> Attachment:
    """Inspect, re-encode and store one uploaded file for `user`, attached to nothing yet.

    Refused files (ValidationError naming the file) leave nothing behind.
    """
    name = inspection.clean_name(getattr(upload, "name", "") or "file")
    _check_size(upload, name)
    upload.seek(0)
    try:
        prepared = inspection.inspect(upload, name)
    except ValidationError as error:
        raise _named(name, error) from None
    size = sum(map(len, prepared.variants.values())) if prepared.variants else upload.size
    folder = storage.new_folder()
    try:
        with transaction.atomic():
            # The member's row lock orders their concurrent uploads, so the quota holds.
            User.objects.select_for_update().filter(pk=user.pk).first()
            _check_quota(user, name, size)
            storage.write(
                folder,
                prepared.variants,
                document=None if prepared.variants else upload,
            )
            transaction.on_commit(_sweep_now_and_then)
            return Attachment.objects.create(
                uploader=user,
                kind=prepared.kind,
                name=prepared.name,
                content_type=prepared.content_type,
                size=size,
                folder=folder,
                full_name=prepared.full_name,
                display_name=prepared.display_name,
                thumb_name=prepared.thumb_name,
                width=prepared.width,
                height=prepared.height,
            )
    except BaseException:
        # Failed before or at its commit: no row names the folder. (An enclosing transaction
        # rolled back later is covered by remove_orphans' sweep of unnamed folders.)
        storage.remove(folder)
        raise


def upload_files(*, user, uploads) -> tuple[list[Attachment], ValidationError | None]:
    """Several files sent together, all or none: at the first refusal (a type, a size, the day's
    quota reached mid-batch) those stored before it are removed again, so the member sends the
    batch again without the refused file and nothing half-sent stays behind."""
    stored = []
    for upload in uploads:
        try:
            stored.append(upload_file(user=user, upload=upload))
        except ValidationError as error:
            for attachment in stored:
                attachment.delete()  # its files go once the deletion commits
            return [], error
    return stored, None


def _clean_text(value: str) -> str:
    value = "".join(ch for ch in str(value) if ch.isprintable() or ch == " ")
    return " ".join(value.split())[:MAX_TEXT_CHARS]


@dataclass
class Choice:
    """What a composer form says about attachments: ids in order, texts, removals."""

    ids: list[int]
    alt: dict[int, str]
    caption: dict[int, str]
    removed: set[int]


@transaction.atomic
def attach(*, user, choice: Choice, post=None, message=None) -> list[Attachment]:
    """Make the post's (or message's) attachments what the composer says, in the caller's
    transaction or one of its own: the uploads named join it (they must be `user`'s and attached
    to nothing), those it had and the form no longer lists or marks removed are deleted."""
    if (post is None) == (message is None):
        raise ValueError("attach to a post or to a message")
    owner = {"post": post} if post is not None else {"message": message}
    current = {a.pk: a for a in Attachment.objects.select_for_update().filter(**owner)}
    wanted = [pk for pk in dict.fromkeys(choice.ids) if pk not in choice.removed]
    new_ids = [pk for pk in wanted if pk not in current]
    new = {
        a.pk: a
        for a in Attachment.objects.select_for_update().filter(
            pk__in=new_ids, uploader_id=user.pk, post__isnull=True, message__isnull=True
        )
    }
    if len(new) != len(new_ids):
        raise ValidationError(
            {"files": _("An attached file is no longer available; upload it again.")},
            code="gone",
        )
    if len(wanted) > settings.ATTACHMENTS_PER_ITEM:
        raise ValidationError(
            {
                "files": _("At most %(limit)d files can be attached.")
                % {"limit": settings.ATTACHMENTS_PER_ITEM}
            },
            code="too_many",
        )
    for pk, attachment in current.items():
        if pk not in wanted:
            attachment.delete()
    rows = []
    for position, pk in enumerate(wanted):
        attachment = current.get(pk) or new[pk]
        if post is not None:
            attachment.post = post
        else:
            attachment.message = message
        attachment.position = position
        if pk in choice.alt:
            attachment.alt_text = _clean_text(choice.alt[pk])
        if pk in choice.caption:
            attachment.caption = _clean_text(choice.caption[pk])
        attachment.save(update_fields=["post", "message", "position", "alt_text", "caption"])
        rows.append(attachment)
    return rows


def delete_attachments(*, post=None, message=None) -> int:
    """Remove a deleted post's or message's files (rows now, bytes after commit)."""
    owner = {"post": post} if post is not None else {"message": message}
    return Attachment.objects.filter(**owner).delete()[0]


def delete_uploads_of(*, user) -> int:
    """Every file the member uploaded, wherever it is attached (account erasure)."""
    return Attachment.objects.filter(uploader_id=user.pk).delete()[0]


def delete_upload(*, user, attachment: Attachment) -> None:
    """The uploader takes back an upload not attached yet (the composer's remove button)."""
    if not user.is_authenticated or attachment.uploader_id != user.pk:
        raise PermissionDenied(_("Only the member who uploaded a file can remove it here."))
    if attachment.is_attached:
        raise ValidationError(
            _("This file is part of a post or message now: edit that to remove it."),
            code="attached",
        )
    attachment.delete()


def remove_orphans() -> int:
    """Uploads attached to nothing for ATTACHMENT_ORPHAN_HOURS, and folders in storage that no
    row names (bytes written by a transaction that then rolled back, or by a crashed worker)."""
    cutoff = timezone.now() - timedelta(hours=settings.ATTACHMENT_ORPHAN_HOURS)
    orphans = Attachment.objects.filter(post__isnull=True, message__isnull=True, created__lt=cutoff)
    removed = orphans.delete()[0]
    old = [folder for folder, written in storage.folders().items() if written < cutoff]
    known = set(Attachment.objects.filter(folder__in=old).values_list("folder", flat=True))
    for folder in old:
        if folder not in known:
            storage.remove(folder)
    return removed


@task()
def remove_orphan_attachments() -> int:
    return remove_orphans()


def _sweep_now_and_then() -> None:
    # Uploads start the sweep at most once an hour per cache: no scheduler needed (a cron job
    # can still run `manage.py remove_orphan_attachments`).
    if cache.add("attachments:orphans-swept", 1, SWEEP_EVERY_SECONDS):
        remove_orphan_attachments.enqueue()


def stored_full_file(attachment: Attachment):
    """The full-size file, to be read by the data download; None when it is gone."""
    return storage.stored_file(attachment.folder, attachment.full_name)
