"""Backups: the database and the two media folders in one folder with a manifest, and back.

PostgreSQL is dumped with `pg_dump -Fc` and restored with `pg_restore`; the embedded SQLite file
is copied with SQLite's online backup, so both are safe while the site runs. MEDIA_ROOT and
PRIVATE_MEDIA_ROOT become tar archives. The manifest records when, what and how large, the
migration state and a SHA-256 per file, so a restore can refuse a damaged or foreign backup.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """Why a backup or a restore cannot go on, in one sentence for the operator."""


def media_folders() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def back_up(folder: Path) -> dict:
    """Write the database, the media archives and the manifest into a new, empty folder."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give each backup a folder of its own.")
    folder.mkdir(parents=True, exist_ok=True)
    engine = connection.vendor
    if engine not in DUMPS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")
    if connection.in_atomic_block:
        # SQLite's backup would wait forever for this connection's own open write transaction.
        raise BackupError("A backup cannot run inside a database transaction.")
    dump = folder / DUMPS[engine]
    if engine == "postgresql":
        _run(["pg_dump", "--format=custom", "--file", str(dump), *_pg_target()], _pg_env())
    else:
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    files = {"database": _describe(dump)}
    # The media after the database: every file a row names was written before the dump began.
    for name, root in media_folders().items():
        archive = folder / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    tar.add(path, arcname=str(path.relative_to(root)), recursive=False)
        files[name] = _describe(archive)
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "migrations": _migration_state(),
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore(folder: Path) -> dict:
    """Restore a backup into the configured database and media folders, which must be empty:
    a restore never overwrites a site (make a new database and point DATABASE_URL at it)."""
    manifest = read_manifest(folder)
    engine = connection.vendor
    if manifest["engine"] != engine:
        raise BackupError(
            f"The backup holds a {manifest['engine']} database; this site uses {engine}."
        )
    if connection.introspection.table_names():
        name = connection.settings_dict["NAME"]
        raise BackupError(f"The database {name} already has tables: restore into an empty one.")
    for name, root in media_folders().items():
        if root.is_dir() and any(root.iterdir()):
            raise BackupError(f"{root} is not empty: restore the {name} files into an empty one.")
    dump = folder / manifest["files"]["database"]["name"]
    if engine == "postgresql":
        # Owners and grants of the old server may not exist here: the restoring role owns all.
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        _run([*command, "--single-transaction", *_pg_target(), str(dump)], _pg_env())
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    for name, root in media_folders().items():
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / manifest["files"][name]["name"]) as tar:
            tar.extractall(root, filter="data")
    return manifest


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} holds no {MANIFEST}: it is not a backup.") from None
    except ValueError:
        raise BackupError(f"{folder / MANIFEST} is not valid JSON.") from None
    for key, described in manifest["files"].items():
        path = folder / described["name"]
        if not path.is_file() or _sha256(path) != described["sha256"]:
            raise BackupError(f"{path} is missing or damaged (its checksum does not match).")
        if key == "database" and described["name"] not in DUMPS.values():
            raise BackupError(f"{path} is not a database dump this site makes.")
    return manifest


def unapplied_migrations(manifest: dict) -> list[str]:
    """Migrations the code has and the backup had not applied: `migrate` runs them."""
    from django.db.migrations.loader import MigrationLoader

    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    missing = set(loader.disk_migrations) - applied
    return sorted(f"{app}.{name}" for app, name in missing)


def _migration_state() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        state.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def _describe(path: Path) -> dict:
    return {"name": path.name, "bytes": path.stat().st_size, "sha256": _sha256(path)}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_target() -> list[str]:
    # The connection's own settings: under tests they name the test database.
    config = connection.settings_dict
    options = [f"--dbname={config['NAME']}"]
    if config.get("HOST"):
        options.append(f"--host={config['HOST']}")
    if config.get("PORT"):
        options.append(f"--port={config['PORT']}")
    if config.get("USER"):
        options.append(f"--username={config['USER']}")
    return [*options, "--no-password"]


def _pg_env() -> dict[str, str]:
    # The password goes through the environment, never the command line (ps shows that).
    password = connection.settings_dict.get("PASSWORD")
    return {**os.environ, **({"PGPASSWORD": password} if password else {})}


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        # The command is ours (pg_dump or pg_restore with the database settings), no shell.
        result = subprocess.run(  # noqa: S603
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (apt-get install postgresql-client)."
        ) from None
    if result.returncode != 0:
        last_line = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{command[0]} failed: {last_line}")
