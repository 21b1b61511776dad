from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from members import receivers

        receivers.connect()
        # The registry, with what members itself holds (the other apps add theirs).
        from members.services import consent, data_exports, personal_data  # noqa: F401
