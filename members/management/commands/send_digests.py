from django.core.management.base import BaseCommand

from members.services.notifications import send_digests


class Command(BaseCommand):
    help = "E-mail each member their pending daily-digest notifications (run once a day)."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest e-mail(s) sent.")
