"""The Celery app's reliability settings (see "How an alert travels" in the architecture)."""

from django.conf import settings

from portal.celery import app


def test_tasks_are_acknowledged_late_and_requeued_when_a_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_every_task_is_killed_before_the_broker_would_redeliver_it():
    visibility_timeout = app.conf.broker_transport_options["visibility_timeout"]

    assert app.conf.task_soft_time_limit < app.conf.task_time_limit < visibility_timeout


def test_the_app_reads_the_broker_from_settings():
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    assert app.conf.task_always_eager is settings.CELERY_TASK_ALWAYS_EAGER
