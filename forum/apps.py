from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        # Registers what the app holds about a member (members.services.personal_data).
        from forum import attachments  # noqa: F401  (who reads a post's files)
        from forum.services import personal_data  # noqa: F401
