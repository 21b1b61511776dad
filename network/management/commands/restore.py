from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from network.core.backups import BackupError, restore, unapplied_migrations


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured database and media folders, "
        "which must be empty (a new database: point DATABASE_URL at it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by `manage.py backup`.")

    def handle(self, *args, folder, **options):
        try:
            manifest = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the backup of {manifest['created']} from {folder}.")
        if pending := unapplied_migrations(manifest):
            self.stdout.write(
                f"The code has {len(pending)} migrations the backup had not applied: "
                "run `manage.py migrate` before starting the site."
            )
