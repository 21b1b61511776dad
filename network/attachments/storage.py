"""The bytes of attachments: one folder per attachment under PRIVATE_MEDIA_ROOT/attachments/.

Never under MEDIA_ROOT: nothing serves these folders except the checked view
(network/file_response.py, which hands them to nginx's internal location in production).
"""

import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

ROOT = "private"  # network.file_response root name


def _base() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT)


def new_folder() -> str:
    # A random name: guessing one leads nowhere (nginx serves it only through the view anyway).
    return f"attachments/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}"


def write(folder: str, variants: dict[str, bytes], *, document=None) -> None:
    """Write the variants (or the uploaded document, chunk by chunk, as "file")."""
    path = _base() / folder
    path.mkdir(parents=True, exist_ok=False)
    try:
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


def stored_size(folder: str) -> int:
    return sum(entry.stat().st_size for entry in (_base() / folder).iterdir())


def remove(folder: str) -> None:
    if folder and folder.startswith("attachments/"):
        shutil.rmtree(_base() / folder, ignore_errors=True)


def exists(folder: str) -> bool:
    return (_base() / folder).is_dir()


def open_file(folder: str, name: str):
    return (_base() / folder / name).open("rb")
