from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.services.accounts import create_member


class Command(BaseCommand):
    help = "Create a member account with a verified e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--staff", action="store_true", help="Editor with full admin rights.")

    def handle(self, *args, email, password, name, staff, **options):
        try:
            user = create_member(email=email, password=password, name=name, staff=staff)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {user.email}"))
