"""Redis, the cache and Celery (read by portal/celery.py through the CELERY_ namespace), with the
periodic work of every app (beat)."""

from pathlib import Path

from celery.schedules import crontab

from portal.settings.environment import VAR_DIR, env

# --- Redis: the Celery broker and the cache ---------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Fails soft: when Redis is down, pages answer without the cache (portal/cache.py).
            "BACKEND": "portal.cache.ResilientRedisCache",
            # The cache may live in another Redis database than the broker (tests flush it).
            "LOCATION": env.str("REDIS_CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": "portal",
            "TIMEOUT": 300,
            # A Redis that does not answer costs a page one second at most, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# --- Celery (read by portal/celery.py through the CELERY_ namespace) --------------------------------

# Without Redis, the embedded default's broker is a folder (kombu's file-system transport): the web
# server, the worker and beat run as in production, with no server to install.
BROKER_DIR = Path(env.str("BROKER_DIR", default=str(VAR_DIR / "broker")))
CELERY_BROKER_URL = REDIS_URL or "filesystem://localhost/"
if REDIS_URL.startswith("redis://"):
    # kombu's Redis transport, but a prefork worker survives Redis going away mid-task
    # (portal/broker.py). Other schemes (rediss://, sentinel://) keep kombu's own choice.
    CELERY_BROKER_TRANSPORT = "portal.broker:Transport"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A task is acknowledged only once it has finished, and given back to the queue if its worker dies,
# so that a killed worker loses nothing; work is written to be run twice without effect (outbox rows).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers an unacknowledged task after the visibility timeout: every task must be killed
# well before that, or a slow task would be run a second time while the first still runs.
CELERY_BROKER_VISIBILITY_TIMEOUT = 3600
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 5,
}
if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        # The worker looks for new messages this often (seconds).
        "polling_interval": 0.2,
    }
    # Beat remembers when each periodic task last ran here (not in the project's root folder).
    CELERY_BEAT_SCHEDULE_FILENAME = str(BROKER_DIR / "beat-schedule")
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TASK_TIME_LIMIT = 600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that lost its broker keeps trying to reconnect, however long the outage: it has nothing better
# to do, and stopping would leave the alerts to a restart policy.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A batch being sent when Redis goes away is finished (its rows are in the database, not in Redis);
# its task's acknowledgement then fails and Redis hands the task out again after the visibility
# timeout, which sends nothing twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_WORKER_SEND_TASK_EVENTS = False
# Periodic work (sweeps, digests, reminders) is added here by the apps that own it.
CELERY_BEAT_SCHEDULE = {
    "send-instant-alerts": {"task": "notices.tasks.send_instant_alerts", "schedule": 60.0},
    "sweep-alerts": {"task": "notices.tasks.sweep_alerts", "schedule": 60.0},
    # Digests go out at 08:00 in each recipient's time zone: checked every quarter of an hour.
    "send-daily-digests": {
        "task": "notices.tasks.send_digests",
        "schedule": 900.0,
        "args": ["daily"],
    },
    "send-weekly-digests": {
        "task": "notices.tasks.send_digests",
        "schedule": 900.0,
        "args": ["weekly"],
    },
    "queue-deadline-reminders": {"task": "notices.tasks.queue_reminders", "schedule": 900.0},
    # Notices whose deadline passed leave the open notices' search indexes (notices.search).
    "clear-closed-flags": {"task": "notices.tasks.clear_closed_flags", "schedule": 900.0},
    "rebuild-alert-routes": {
        "task": "notices.tasks.rebuild_alert_routes",
        "schedule": crontab(hour=3, minute=30),
    },
    "queue-action-reminders": {
        "task": "suppliers.tasks.queue_action_reminders",
        "schedule": 3600.0,
    },
    # Participants are reminded of their event EVENT_REMINDER_DAYS before it (events.reminders).
    "queue-event-reminders": {"task": "events.tasks.queue_event_reminders", "schedule": 3600.0},
    # The open data's bulk files (notices/bulk.py): yesterday's day is complete after midnight UTC.
    "build-bulk-files": {
        "task": "notices.tasks.build_bulk_files",
        "schedule": crontab(hour=0, minute=20),
    },
    # A deleted alert can be restored for an hour (notices.alerts.criteria.UNDO_WINDOW), then goes.
    "purge-deleted-alerts": {"task": "notices.tasks.purge_deleted_alerts", "schedule": 900.0},
}
# Followers of a notice are reminded this many days before its deadline.
ALERT_REMINDER_DAYS = [int(day) for day in env.list("ALERT_REMINDER_DAYS", default=["7", "3", "1"])]
# The program dashboard's figures are computed at most once per this many seconds (per filters).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)
# The dashboard's notice and segment figures are recounted into their rollups this often (beat).
DASHBOARD_ROLLUP_SECONDS = env.int("DASHBOARD_ROLLUP_SECONDS", default=300)
CELERY_BEAT_SCHEDULE["refresh-dashboard-rollups"] = {
    "task": "portal.tasks.refresh_dashboard_rollups",
    "schedule": float(DASHBOARD_ROLLUP_SECONDS),
}
# A worker records a heartbeat this often (beat sends the task); /healthz answers 503 when none was
# recorded for WORKER_SILENT_AFTER_SECONDS (docker-compose.yml's worker checks itself by ping).
WORKER_HEARTBEAT_SECONDS = 30
WORKER_SILENT_AFTER_SECONDS = env.int("WORKER_SILENT_AFTER_SECONDS", default=120)
CELERY_BEAT_SCHEDULE["record-worker-heartbeat"] = {
    "task": "portal.tasks.record_worker_heartbeat",
    "schedule": float(WORKER_HEARTBEAT_SECONDS),
    # A heartbeat that waited longer than this in the queue says nothing: dropped, not run late.
    "options": {"expires": float(WORKER_HEARTBEAT_SECONDS)},
}
# Suppliers are reminded this many days before a corrective action is due.
ACTION_REMINDER_DAYS = [int(day) for day in env.list("ACTION_REMINDER_DAYS", default=["7", "1"])]
# Participants are reminded this many days before their event starts.
EVENT_REMINDER_DAYS = [int(day) for day in env.list("EVENT_REMINDER_DAYS", default=["7", "1"])]
