from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.services.accounts import create_member
from network.groups.services.memberships import add_member
from network.models import Group, Role


class Command(BaseCommand):
    help = "Create a member account with a verified e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--staff", action="store_true", help="Editor with full admin rights.")
        parser.add_argument("--network", help="Slug of a network or group to join.")
        parser.add_argument("--role", choices=Role.values, default=Role.MEMBER)

    def handle(self, *args, email, password, name, staff, network, role, **options):
        group = Group.objects.filter(slug=network).first() if network else None
        if network and group is None:
            raise CommandError(f"No network or group with the slug {network!r}.")
        try:
            with transaction.atomic():
                user = create_member(email=email, password=password, name=name, staff=staff)
                if group is not None:
                    add_member(user=user, group=group, role=role)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        joined = f" ({role} of {group.slug})" if group is not None else ""
        self.stdout.write(self.style.SUCCESS(f"Created {user.email}{joined}"))
