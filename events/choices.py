"""Reference choices shared by the events, employers and applicants apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GermanLevel(models.TextChoices):
    NONE = "none", _("No German yet")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class SpokenLanguage(models.TextChoices):
    """Languages people speak, wider than the five languages of the interface."""

    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    UKRAINIAN = "uk", _("Ukrainian")
    FARSI = "fa", _("Farsi")
    DARI = "prs", _("Dari")
    PASHTO = "ps", _("Pashto")
    TIGRINYA = "ti", _("Tigrinya")
    KURDISH = "ku", _("Kurdish")
    RUSSIAN = "ru", _("Russian")
    TURKISH = "tr", _("Turkish")
    FRENCH = "fr", _("French")
    SOMALI = "so", _("Somali")
    POLISH = "pl", _("Polish")
    ROMANIAN = "ro", _("Romanian")
