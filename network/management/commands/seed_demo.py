from django.core.management.base import BaseCommand

from forum.demo import seed_forum_scale
from members.services.demo import seed_bulk_members
from network.demo import site as demo
from network.demo.chat import seed_chat
from network.demo.passwords import demo_password


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
        logins += seed_chat(demo_password(), scale=scale)
        seed_bulk_members(demo_password(), scale=scale)  # N times the members (benchmarks)
        # Forum archive for benchmarks: (scale - 1) x 1,000 posts in bulk, idempotent per N.
        seed_forum_scale(scale=scale)
        self.stdout.write("Demo logins:")
        for role, email, password in logins:
            self.stdout.write(f"  {role}: {email} / {password}")
