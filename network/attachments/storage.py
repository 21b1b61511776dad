"""The bytes of attachments: one folder per attachment, named attachments/YYYY/MM/<random>/.

Two places, chosen by settings.ATTACHMENT_STORAGE: "local" keeps them under PRIVATE_MEDIA_ROOT
(never under MEDIA_ROOT: only the checked view serves them, handing them to nginx's internal
location in production); "s3" keeps them in an S3-compatible bucket (django-storages, the
"attachments" entry of STORAGES) that the checked view answers with a short-lived signed address.
"""

import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

ROOT = "private"  # network.core.file_response root name


def remote() -> bool:
    return settings.ATTACHMENT_STORAGE == "s3"


def _bucket():
    return storages["attachments"]


def _base() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT)


def new_folder() -> str:
    # A random name: guessing one leads nowhere (every read goes through the view anyway).
    return f"attachments/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}"


def _names(folder: str) -> list[str]:
    if remote():
        return _bucket().listdir(folder)[1]
    path = _base() / folder
    return [entry.name for entry in path.iterdir()] if path.is_dir() else []


def write(folder: str, variants: dict[str, bytes], *, document=None) -> None:
    """Write the variants (or the uploaded document, streamed, as "file")."""
    try:
        if remote():
            for name, data in variants.items():
                _bucket().save(f"{folder}/{name}", ContentFile(data))
            if document is not None:
                document.seek(0)
                _bucket().save(f"{folder}/file", File(document))
            return
        path = _base() / folder
        path.mkdir(parents=True, exist_ok=False)
        for name, data in variants.items():
            (path / name).write_bytes(data)
        if document is not None:
            document.seek(0)
            with (path / "file").open("wb") as target:
                for chunk in iter(lambda: document.read(1 << 16), b""):
                    target.write(chunk)
    except BaseException:
        remove(folder)
        raise


def remove(folder: str) -> None:
    if not folder or not folder.startswith("attachments/"):
        return
    if remote():
        for name in _names(folder):
            _bucket().delete(f"{folder}/{name}")
    else:
        shutil.rmtree(_base() / folder, ignore_errors=True)


def folders() -> dict[str, datetime]:
    """Every attachment folder in storage and when it was last written (for the stray sweep)."""
    found: dict[str, datetime] = {}
    if remote():
        for item in _bucket().bucket.objects.filter(Prefix="attachments/"):
            folder = item.key.rpartition("/")[0]
            found[folder] = max(found.get(folder, item.last_modified), item.last_modified)
        return found
    for path in _base().glob("attachments/*/*/*"):
        if path.is_dir():
            found[path.relative_to(_base()).as_posix()] = datetime.fromtimestamp(
                path.stat().st_mtime, tz=UTC
            )
    return found


def exists(folder: str) -> bool:
    return bool(_names(folder))


def open_file(folder: str, name: str):
    if remote():
        return _bucket().open(f"{folder}/{name}", "rb")
    return (_base() / folder / name).open("rb")


def signed_url(folder: str, name: str, *, content_type: str, disposition: str) -> str:
    """A short-lived address of the object whose response carries our headers (S3 sets
    Content-Type, Content-Disposition and Cache-Control from the signed parameters)."""
    return _bucket().url(
        f"{folder}/{name}",
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": "private, max-age=0",
        },
        expire=settings.ATTACHMENT_S3_URL_SECONDS,
    )


class StoredFile:
    """One stored file, opened when read (the data download streams it into its zip)."""

    def __init__(self, folder: str, name: str):
        self.folder, self.file_name, self.name = folder, name, f"{folder}/{name}"

    def open(self, mode: str = "rb"):
        return open_file(self.folder, self.file_name)


def stored_file(folder: str, name: str) -> StoredFile | None:
    return StoredFile(folder, name) if name in _names(folder) else None
