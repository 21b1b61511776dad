import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, with no URL: served only by a view that checks the owner.

    The location is read from the settings on each use, so tests can point it elsewhere.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL.")


class DataExport(models.Model):
    """One "download my data" archive: asked for, built in the background, kept a few days."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(storage=PrivateStorage(), upload_to="exports/", blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "-created"])]
        verbose_name = _("data download")
        verbose_name_plural = _("data downloads")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d %H:%M} {self.status}"

    @property
    def expires_at(self):
        return (self.finished_at or self.created) + timezone.timedelta(
            days=settings.DATA_EXPORT_DAYS
        )

    @property
    def is_available(self) -> bool:
        return self.status == self.Status.READY and self.expires_at > timezone.now()
