from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Talks between applicants and employers at a fair: wishes, answers and
    a fair, interpreter-aware schedule of one-to-one talks."""

    name = "meetings"
    verbose_name = _("Talks")
