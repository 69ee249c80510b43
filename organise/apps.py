from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganiseConfig(AppConfig):
    name = "organise"
    verbose_name = _("Back office")
