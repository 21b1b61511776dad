from django.core.management.base import BaseCommand

from forum.services.counters import synchronise


class Command(BaseCommand):
    help = "Rebuild the forum's counters (replies, posts, last posts) from the posts themselves."

    def handle(self, *args, **options):
        refreshed = synchronise()
        self.stdout.write(f"Synchronised {refreshed} topics.")
