from django.core.management.base import BaseCommand

from members.services.data_exports import delete_expired_exports


class Command(BaseCommand):
    help = (
        "Remove personal data archives older than DATA_EXPORT_DAYS from the storage (each new "
        "archive also does it; the daily siec-cleanup timer runs this so none outlives its days)."
    )

    def handle(self, *args, **options):
        removed = delete_expired_exports()
        self.stdout.write(f"{removed} expired data archive(s) removed.")
