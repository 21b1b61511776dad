from django.core.management.base import BaseCommand

from network import demo


class Command(BaseCommand):
    help = "Create the demo content (idempotent)."

    def handle(self, *args, **options):
        logins = demo.seed()
        self.stdout.write("Demo logins:")
        for role, email, password in logins:
            self.stdout.write(f"  {role}: {email} / {password}")
