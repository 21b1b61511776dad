""" "Download my data": the archive is built by a background task and kept privately for a few days.

A request makes a DataExport row and enqueues `build_data_export`; the member gets an e-mail
with a link to their data page (never the file), where the archive can be downloaded by its
owner only. Under the default "immediate" task backend the archive is ready when the page loads.
"""

import json
import logging
import secrets
import tempfile
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from members.models import DataExport, User
from members.services.notifications import absolute_url
from members.services.personal_data import SECTIONS, personal_files, register

log = logging.getLogger(__name__)

# A member may ask for a new archive this often (each one reads everything they ever wrote).
EXPORT_INTERVAL = timedelta(minutes=10)


@transaction.atomic
def request_export(*, user: User) -> DataExport:
    """A new archive, or a clear refusal: one in preparation at a time, one per EXPORT_INTERVAL."""
    # The member's row lock orders this against a concurrent request and against erasure.
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.erased_at is not None or not locked.is_active:
        raise ValidationError(
            _("This account is being deleted; its data can no longer be downloaded."), code="erased"
        )
    mine = DataExport.objects.filter(user=locked)
    if mine.filter(status=DataExport.Status.PENDING).exists():
        raise ValidationError(
            _("Your download is already being prepared. We will e-mail you when it is ready."),
            code="pending",
        )
    since = timezone.now() - EXPORT_INTERVAL
    if mine.filter(status=DataExport.Status.READY, created__gte=since).exists():
        raise ValidationError(
            _(
                "You asked for your data a moment ago: the download is below. "
                "You can ask for a new one in %(minutes)d minutes."
            )
            % {"minutes": int(EXPORT_INTERVAL.total_seconds() // 60)},
            code="too_soon",
        )
    export = DataExport.objects.create(user=locked)
    transaction.on_commit(lambda: build_data_export.enqueue(export.pk))
    return export


def write_archive(user: User, handle) -> None:
    """The zip: one JSON file per section ("forum/posts.json"), then the member's files."""
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "export.json",
            json.dumps(
                {
                    "exported_at": timezone.now().isoformat(),
                    "sections": [f"{section.name}.json" for section in SECTIONS],
                },
                indent=2,
            ),
        )
        for section in SECTIONS:
            archive.writestr(
                f"{section.name}.json",
                json.dumps(
                    section.export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
                ),
            )
        for path, stored in personal_files(user):
            try:
                with stored.open("rb") as source, archive.open(path, "w") as target:
                    for chunk in iter(lambda: source.read(1 << 16), b""):
                        target.write(chunk)
            except FileNotFoundError:
                log.warning("Personal data file missing from storage: %s", stored.name)


@task()
def build_data_export(export_id: int) -> None:
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return  # erased meanwhile, or a retry of a finished build
    delete_expired_exports()
    try:
        with tempfile.TemporaryFile() as handle:
            write_archive(export.user, handle)
            handle.seek(0)
            _store(export_id, handle)
    except Exception:
        log.exception("Data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
            status=DataExport.Status.FAILED, finished_at=timezone.now()
        )


@transaction.atomic
def _store(export_id: int, handle) -> None:
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None:
        return
    # Erasure holds this lock while it runs: an archive finished meanwhile is not kept.
    user = User.objects.select_for_update().get(pk=export.user_id)
    export = DataExport.objects.select_for_update().filter(pk=export_id).first()
    if export is None or user.erased_at is not None or export.status != DataExport.Status.PENDING:
        return
    name = f"{timezone.localdate().isoformat()}-{secrets.token_hex(8)}.zip"
    export.file.save(name, File(handle), save=False)
    export.status = DataExport.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])
    transaction.on_commit(lambda: _tell_ready(user))


def _tell_ready(user: User) -> None:
    with translation.override(user.language):
        context = {
            "link": absolute_url(reverse("personal_data")),
            "days": settings.DATA_EXPORT_DAYS,
        }
        send_mail(
            subject=_("Your data download is ready"),
            message=render_to_string("members/email/data_export_ready.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


def available_exports(user: User) -> list[DataExport]:
    """What the data page lists: in preparation, ready and not expired, or failed (recent)."""
    since = timezone.now() - timedelta(days=settings.DATA_EXPORT_DAYS)
    return [
        e
        for e in DataExport.objects.filter(user=user, created__gte=since)[:5]
        if e.status != DataExport.Status.READY or e.is_available
    ]


def delete_expired_exports() -> int:
    """Archives past DATA_EXPORT_DAYS leave the storage; run before each new build."""
    cutoff = timezone.now() - timedelta(days=settings.DATA_EXPORT_DAYS)
    expired = list(DataExport.objects.filter(created__lt=cutoff))
    for export in expired:
        if export.file:
            export.file.delete(save=False)
    DataExport.objects.filter(pk__in=[e.pk for e in expired]).delete()
    return len(expired)


def export_exports(user: User) -> list[dict]:
    return [
        {"created": e.created.isoformat(), "status": e.status}
        for e in DataExport.objects.filter(user=user).order_by("pk")
    ]


def erase_exports(user: User) -> None:
    for export in DataExport.objects.filter(user=user):
        if export.file:
            export.file.delete(save=False)
    DataExport.objects.filter(user=user).delete()


register(DataExport, "data_downloads", export=export_exports, erase=erase_exports)
