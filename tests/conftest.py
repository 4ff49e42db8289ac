"""Personas every test can ask for, and the hygiene each test needs."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from categories.reference_data import load_categories as load_category_list
from portal.celery import app as celery_app
from tests.factories import PASSWORD, AdminFactory, ProgramStaffFactory, UserFactory

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits count in the cache (Redis when REDIS_URL is set): each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    # A request activates its user's language for the thread; the next test must not inherit it.
    translation.activate("en")
    yield
    translation.activate("en")


# The data migrations that load reference data, in the order they run. The categories' loader is
# called with today's model (categories 0004 loads them).
REFERENCE_DATA = [
    ("portal.migrations.0002_program_staff_group", "create_group"),
    ("tests.conftest", "load_categories"),
    ("notices.migrations.0006_agencies", "create"),
    ("suppliers.migrations.0003_questionnaire", "load"),
]


def load_categories(apps, schema_editor):
    load_category_list(category_model=apps.get_model("categories", "Category"))


@pytest.fixture(autouse=True)
def _reference_data(request):
    """A transactional test (live server, real worker) empties every table when it ends; the next
    one gets back the reference data that migrations load (categories, agencies, the staff group)."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    if Group.objects.filter(name=settings.PROGRAM_STAFF_GROUP).exists():
        return
    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(django_apps, None)
    # Permissions themselves are recreated after the flush (post_migrate); the group's are not.
    group = Group.objects.get(name=settings.PROGRAM_STAFF_GROUP)
    for apps, module in [
        # The categories' permissions were granted as the notices app's, before they moved.
        (["notices", "categories"], "notices.migrations.0007_program_staff_permissions"),
        (["suppliers"], "suppliers.migrations.0003_questionnaire"),
        (["portal"], "portal.migrations.0006_contact_messages"),
        (["events"], "events.migrations.0002_program_staff_permissions"),
        (["categories"], "categories.migrations.0005_program_staff_review_categories"),
    ]:
        codenames = importlib.import_module(module).CODENAMES
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label__in=apps, codename__in=codenames)
        )


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def supplier(db):
    """A signed-up supplier user with a confirmed e-mail address."""
    return UserFactory(email="supplier@example.com")


@pytest.fixture
def other_supplier(db):
    return UserFactory(email="other@example.com")


@pytest.fixture
def staff(db):
    """A member of the Program staff group."""
    return ProgramStaffFactory(email="staff@example.com")


@pytest.fixture
def admin_user(db):
    return AdminFactory(email="admin@example.com")


@pytest.fixture
def real_worker(tmp_path):
    """A Celery worker process (solo pool) on the test database and the real broker, writing its
    e-mails as .eml files into the folder it yields; tasks the test enqueues go to it. For the tests
    that need PostgreSQL and Redis (the fault tests of tests/reliability/ have their own, prefork)."""
    db = connection.settings_dict
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PORTAL_NO_DOTENV": "1",
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_URL": f"filemail://{mail_dir}",
    }
    celery_app.control.purge()
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo"]
    process = subprocess.Popen([*command, "--loglevel=warning"], cwd=ROOT, env=env)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield mail_dir
    finally:
        celery_app.conf.task_always_eager = eager
        process.terminate()
        process.wait(timeout=30)
