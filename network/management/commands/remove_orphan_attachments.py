from django.core.management.base import BaseCommand

from network.attachments.services import remove_orphans


class Command(BaseCommand):
    help = (
        "Remove uploads attached to no post or message for ATTACHMENT_ORPHAN_HOURS (uploads also "
        "start this sweep by themselves at most once an hour; run it from cron to be sure)."
    )

    def handle(self, *args, **options):
        removed = remove_orphans()
        self.stdout.write(f"{removed} unattached upload(s) removed.")
