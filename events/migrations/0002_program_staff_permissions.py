"""Program staff manage events: the group sees and edits events and their sessions in the admin and
reads the registrations (no deletion: an event's history stays; registrations change by the rules)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Program staff"
CODENAMES = [
    "add_event", "change_event", "view_event",
    "add_session", "change_session", "delete_session", "view_session",
    "view_registration", "view_eventamendment",
]  # fmt: skip


def grant(apps, schema_editor):
    # Permissions are otherwise created only after the whole migrate run (post_migrate).
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="events", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("portal", "0002_program_staff_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
