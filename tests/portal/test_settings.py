"""Settings from the environment, checked in a fresh interpreter as production starts them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the settings read: each test sets only what it is about.
PORTAL_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "REDIS_CACHE_URL",
    "EMAIL_URL",
    "ALLOWED_HOSTS",
    "USE_HTTPS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "BROKER_DIR",
    "SITE_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "DATABASE_REPLICA_URL",
}
STRONG_KEY = "k3y-" + "Zq8#vLm2$Tn9!wXc4&Rb7^Hs1*Jd6(Pf0)Gy5-Ue3+Ka" * 2


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PORTAL_VARIABLES}
    clean.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "PORTAL_NO_DOTENV": "1", **env})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_as_json(names: list[str], **env) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {names!r}}}))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("import django; django.setup()", DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_starts_without_a_secret_key():
    assert run_python("import django; django.setup()", DEBUG="true").returncode == 0


def test_the_embedded_defaults_need_nothing(tmp_path):
    values = settings_as_json(
        [
            "DATABASES",
            "CELERY_BROKER_URL",
            "CELERY_BROKER_TRANSPORT_OPTIONS",
            "CELERY_TASK_ALWAYS_EAGER",
            "EMAIL_BACKEND",
            "EMAIL_FILE_PATH",
            "CACHES",
        ],
        DEBUG="true",
    )

    assert "sqlite3" in values["DATABASES"]
    assert "'journal_mode=WAL" in values["DATABASES"].replace("PRAGMA ", "'")
    assert "'transaction_mode': 'IMMEDIATE'" in values["DATABASES"]
    # A real broker that needs no server: tasks run in the worker, as in production.
    assert values["CELERY_BROKER_URL"].startswith("filesystem://")
    assert str(ROOT / "var" / "broker" / "queue") in values["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert values["EMAIL_BACKEND"] == "core.mailfiles.EmlFileBackend"
    assert values["EMAIL_FILE_PATH"] == str(ROOT / "var" / "mail")
    assert "LocMemCache" in values["CACHES"]


def test_redis_url_makes_redis_the_broker_and_the_cache():
    values = settings_as_json(
        ["CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "CACHES"],
        DEBUG="true",
        REDIS_URL="redis://redis.internal:6379/3",
    )

    assert values["CELERY_BROKER_URL"] == "redis://redis.internal:6379/3"
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert "RedisCache" in values["CACHES"] and "redis://redis.internal:6379/3" in values["CACHES"]


def test_database_and_email_urls_are_read_from_the_environment():
    values = settings_as_json(
        ["DATABASES", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT"],
        DEBUG="true",
        DATABASE_URL="postgres://portal:pw@db.internal:5432/portal",
        EMAIL_URL="smtp://127.0.0.1:1025",
    )

    assert "'HOST': 'db.internal'" in values["DATABASES"]
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("127.0.0.1", "1025")


def test_a_replica_url_adds_the_replica_and_its_router_and_nothing_without_it():
    without = settings_as_json(["DATABASES", "DATABASE_ROUTERS"], DEBUG="true")
    replica = settings_as_json(
        ["DATABASES", "DATABASE_ROUTERS"],
        DEBUG="true",
        DATABASE_URL="postgres://portal:pw@db.internal:5432/portal",
        DATABASE_REPLICA_URL="postgres://portal:pw@replica.internal:5432/portal",
    )

    assert "'replica'" not in without["DATABASES"] and without["DATABASE_ROUTERS"] == "[]"
    assert "'HOST': 'replica.internal'" in replica["DATABASES"]
    assert "'MIRROR': 'default'" in replica["DATABASES"]
    assert replica["DATABASE_ROUTERS"] == "['core.replica.ReplicaRouter']"


def test_uploaded_files_stay_in_media_root_unless_a_bucket_is_named():
    local = settings_as_json(["STORAGES"], DEBUG="true")
    bucket = settings_as_json(
        ["STORAGES"],
        DEBUG="true",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="http://minio:9000",
    )

    assert "FileSystemStorage" in local["STORAGES"] and "S3" not in local["STORAGES"]
    assert "'BACKEND': 'core.storage.PrivateS3Storage'" in bucket["STORAGES"]
    assert "'bucket_name': 'portal-media'" in bucket["STORAGES"]
    assert "'endpoint_url': 'http://minio:9000'" in bucket["STORAGES"]
    assert "'addressing_style': 'path'" in bucket["STORAGES"]


def test_an_invalid_boolean_is_refused():
    result = run_python("import django; django.setup()", DEBUG="perhaps", SECRET_KEY=STRONG_KEY)

    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def check_deploy(**env) -> subprocess.CompletedProcess:
    kept = {k: v for k, v in os.environ.items() if k not in PORTAL_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **kept,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PORTAL_NO_DOTENV": "1",
            "DEBUG": "false",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "portal.example.org",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = check_deploy(REDIS_URL="redis://redis.internal:6379/0")

    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_rate_limits_have_no_shared_cache():
    result = check_deploy()

    assert result.returncode != 0
    assert "portal.W001" in result.stderr + result.stdout
