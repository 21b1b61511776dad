from django.core.management.base import BaseCommand

from network import demo


class Command(BaseCommand):
    help = "Create the demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="N times as much content (for benchmarks)."
        )

    def handle(self, *args, **options):
        logins = demo.seed(scale=max(1, options["scale"]))
        self.stdout.write("Demo logins:")
        for role, email, password in logins:
            self.stdout.write(f"  {role}: {email} / {password}")
