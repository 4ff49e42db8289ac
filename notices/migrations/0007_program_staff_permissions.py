"""Program staff manage notices: the group gets the notices app's permissions (no deletion of notices,
whose history must stay; documents may be removed)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Program staff"
CODENAMES = [
    "publish_notice",
    "add_notice", "change_notice", "view_notice",
    "add_noticecategory", "change_noticecategory", "delete_noticecategory", "view_noticecategory",
    "add_noticecountry", "change_noticecountry", "delete_noticecountry", "view_noticecountry",
    "add_attachment", "change_attachment", "delete_attachment", "view_attachment",
    "view_amendment", "view_amendmentchange",
    "add_award", "change_award", "view_award",
    "add_agency", "change_agency", "view_agency",
    "view_category",
]


def grant(apps, schema_editor):
    # Permissions are otherwise created only after the whole migrate run (post_migrate); the
    # historical app config has no models module, which create_permissions takes as "no models".
    app_config = apps.get_app_config("notices")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="notices", codename__in=CODENAMES
    )
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="notices", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0006_agencies"),
        ("portal", "0002_program_staff_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
