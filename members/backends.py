"""Sign-in backends (Django's and allauth's) that load the signed-in user together with whether
they belong to any permission group: Wagtail grants page rights only through groups (and to
superusers), so the pages can skip asking for them for the many members in none."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import Exists, OuterRef


class _LoadsGroupFlag:
    def get_user(self, user_id):
        User = get_user_model()
        in_group = User.groups.through.objects.filter(user_id=OuterRef("pk"))
        user = User._default_manager.annotate(in_auth_group=Exists(in_group)).filter(pk=user_id)
        user = user.first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_LoadsGroupFlag, DjangoModelBackend):
    pass


class AuthenticationBackend(_LoadsGroupFlag, AllauthBackend):
    pass
