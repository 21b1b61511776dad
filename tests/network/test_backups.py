"""A backup restored into a fresh database and fresh media folders serves the same site.

On PostgreSQL (CI's second run) the restore goes into a new database, dropped at the end; on the
embedded default into a new SQLite file. The restored site runs in its own process, as an
operator's restore drill would.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from members.services.profiles import create_profile
from tests.forum.factories import TopicFactory
from tests.members.factories import UserFactory
from tests.network.faults import admin_connection

ROOT = Path(__file__).resolve().parents[2]
# The restored site answers the topic page and the photo; printed as JSON for the test to read.
SERVE = """
import hashlib, json, sys, django
django.setup()
from django.test import Client
client = Client()
page = client.get(sys.argv[1])
photo = client.get(sys.argv[2])
print(json.dumps({
    "page": page.status_code, "text": page.content.decode(),
    "photo": photo.status_code,
    "photo_sha256": hashlib.sha256(b"".join(photo.streaming_content)).hexdigest(),
}))
"""


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def fresh_database(tmp_path):
    """Where the restored site keeps its data: a new PostgreSQL database, or a new SQLite file."""
    if connection.vendor != "postgresql":
        yield {}
        return
    database = connection.settings_dict
    name = f"h_restore_{uuid.uuid4().hex[:12]}"
    with admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
                f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{name}"
            )
        }
    finally:
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restored_site(tmp_path, database_env, *command):
    """Run manage.py in a process whose database and media folders are fresh ones.

    The test settings serve static files without the collected manifest; everything else is
    the site's own configuration."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL"}}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        VAR_DIR=str(tmp_path / "restored"),
        ALLOWED_HOSTS="testserver",
        **database_env,
    )
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_and_media_folder_serves_the_site(
    home, settings, tmp_path, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    member = UserFactory(first_name="Halina", last_name="Kopeć")
    profile = create_profile(user=member)
    photo = png()
    profile.avatar.save("halina.png", ContentFile(photo))
    topic = TopicFactory(
        author=member, title="Kopie zapasowe w bibliotece", first_post="Co noc, o trzeciej."
    )
    (settings.PRIVATE_MEDIA_ROOT / "exports").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "exports" / "archive.zip").write_bytes(b"private bytes")

    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())

    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["forum"]
    assert set(manifest["files"]) == {"database", "media", "private"}
    assert all(described["bytes"] > 0 for described in manifest["files"].values())

    restored = restored_site(tmp_path, fresh_database, "manage.py", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "Restored the backup" in restored.stdout
    # The test settings keep media and private files under VAR_DIR (test-media, test-private).
    assert (tmp_path / "restored" / "test-private" / "exports" / "archive.zip").read_bytes() == (
        b"private bytes"
    )

    served = restored_site(
        tmp_path, fresh_database, "-c", SERVE, topic.get_absolute_url(), profile.avatar.url
    )
    assert served.returncode == 0, served.stderr
    answer = json.loads(served.stdout)
    assert answer["page"] == 200
    assert "Kopie zapasowe w bibliotece" in answer["text"]
    assert "Co noc, o trzeciej." in answer["text"]
    assert answer["photo"] == 200
    assert answer["photo_sha256"] == hashlib.sha256(photo).hexdigest()

    # A second restore into the now filled database is refused; the site is left as it was.
    again = restored_site(tmp_path, fresh_database, "manage.py", "restore", str(backup))
    assert again.returncode != 0
    assert "already has tables" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    dump = next(path for path in backup.iterdir() if path.name.startswith("database"))
    dump.write_bytes(dump.read_bytes()[:-10])

    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("restore", str(backup))
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(backup))
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(tmp_path / "media"))
