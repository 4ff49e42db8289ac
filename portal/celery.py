"""The Celery app: configuration comes from Django settings under the CELERY_ namespace."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# kombu's file-system transport (the embedded default's broker) wants its folders to exist.
FOLDER_OPTIONS = ("data_folder_in", "data_folder_out", "control_folder", "processed_folder")


def make_broker_folders(broker_url: str, transport_options: dict) -> None:
    if broker_url.startswith("filesystem://"):
        for option in FOLDER_OPTIONS:
            if option in transport_options:
                Path(transport_options[option]).mkdir(parents=True, exist_ok=True)
