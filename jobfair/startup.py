import importlib
import os
import sys

from django.core.exceptions import ImproperlyConfigured


def exit_on_configuration_error():
    """Stop start-up with one readable line when the environment is wrong.

    A traceback through Django's settings machinery hides the one thing an
    operator needs to know: which variable is wrong.
    """
    try:
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")
