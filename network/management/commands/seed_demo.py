from django.core.management.base import BaseCommand

from members.services.demo import seed_bulk_members
from network import demo
from network.demo_chat import seed_chat


class Command(BaseCommand):
    help = "Create the demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="N times as much content (for benchmarks)."
        )

    def handle(self, *args, **options):
        scale = max(1, options["scale"])
        logins = demo.seed()
        # Chat demo writes through network.services, which network.demo may not import (layers).
        logins += seed_chat(demo.demo_password(), scale=scale)
        seed_bulk_members(demo.demo_password(), scale=scale)  # N times the members (benchmarks)
        self.stdout.write("Demo logins:")
        for role, email, password in logins:
            self.stdout.write(f"  {role}: {email} / {password}")
