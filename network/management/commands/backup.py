from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from network.core.backups import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and the media folders (tar) "
        "into a new folder, with a manifest. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A new or empty folder for this backup.")

    def handle(self, *args, folder, **options):
        try:
            manifest = back_up(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        sizes = ", ".join(
            f"{name} {described['bytes']:,} bytes" for name, described in manifest["files"].items()
        )
        self.stdout.write(f"Backed up to {folder} ({sizes}).")
