"""Settings for the test suite: production settings with what a test run needs changed.

The suite runs against the embedded defaults (SQLite, tasks in-process) or, when DATABASE_URL and
REDIS_URL are set, against the real PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-" + "x" * 40)

from portal.settings import *  # noqa: F403
from portal.settings import DATABASES, STORAGES, VAR_DIR

# PBKDF2's million iterations cost a quarter of a second per hash; tests don't need them.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No manifest is built for tests; whitenoise's manifest storage would refuse to render pages.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process so that a test sees their effect (e-mails in mail.outbox). The broker is still
# the configured one (healthz checks it); the integration tests start a real worker on it.
CELERY_TASK_ALWAYS_EAGER = True
# The test client speaks plain http.
SECURE_SSL_REDIRECT = False
# One folder per database: .ci/run runs the suite on SQLite and on PostgreSQL side by side.
MEDIA_ROOT = VAR_DIR / f"test-media-{DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
# Serve static files from the apps' folders, as runserver does, instead of a collected STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# On PostgreSQL, a `replica` database that mirrors the test database (Django creates none for it
# and gives it the test database's name). Nothing reads from it unless a test installs the router:
# the read replica's tests (tests/portal/test_read_replica.py) point it at a real streaming replica
# of their own.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES.setdefault("replica", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})
