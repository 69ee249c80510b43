import os

from celery import Celery

from jobfair.startup import exit_on_configuration_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobfair.settings")
exit_on_configuration_error()

app = Celery("jobfair")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
