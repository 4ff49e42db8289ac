"""What Celery beat runs (`CELERY_BEAT_SCHEDULE`), on every deployment including `make run`: each
entry names a task the worker knows, and each promise of the README has its period."""

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings

from portal.celery import app


def period(name: str) -> timedelta:
    schedule = settings.CELERY_BEAT_SCHEDULE[name]["schedule"]
    return schedule.run_every if hasattr(schedule, "run_every") else timedelta(seconds=schedule)


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_entry_names_a_task_the_worker_runs(name):
    app.loader.import_default_modules()

    assert settings.CELERY_BEAT_SCHEDULE[name]["task"] in app.tasks


def test_alerts_and_the_sweep_run_every_minute():
    assert period("send-instant-alerts") == timedelta(minutes=1)
    assert period("sweep-alerts") == timedelta(minutes=1)


def test_digests_and_deadline_reminders_are_looked_at_every_quarter_of_an_hour():
    """A reader's 08:00 digest leaves by 08:15 in any time zone (those with half-hour offsets too)."""
    assert period("send-daily-digests") <= timedelta(minutes=15)
    assert period("send-weekly-digests") <= timedelta(minutes=15)
    assert settings.CELERY_BEAT_SCHEDULE["send-daily-digests"]["args"] == ["daily"]
    assert settings.CELERY_BEAT_SCHEDULE["send-weekly-digests"]["args"] == ["weekly"]
    assert period("queue-deadline-reminders") <= timedelta(minutes=15)


def test_action_reminders_hourly_routes_nightly_and_the_dashboard_as_configured():
    assert period("queue-action-reminders") == timedelta(hours=1)
    assert isinstance(settings.CELERY_BEAT_SCHEDULE["rebuild-alert-routes"]["schedule"], crontab)
    assert period("refresh-dashboard-rollups") == timedelta(
        seconds=settings.DASHBOARD_ROLLUP_SECONDS
    )


def test_a_worker_heartbeat_every_half_minute_for_healthz():
    assert period("record-worker-heartbeat") == timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)
    assert settings.WORKER_HEARTBEAT_SECONDS * 2 <= settings.WORKER_SILENT_AFTER_SECONDS


def test_the_open_data_bulk_files_are_rebuilt_once_a_night_after_the_day_is_over():
    entry = settings.CELERY_BEAT_SCHEDULE["build-bulk-files"]

    assert entry["task"] == "notices.tasks.build_bulk_files"
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].hour == {0} and entry["schedule"].minute == {20}  # UTC
