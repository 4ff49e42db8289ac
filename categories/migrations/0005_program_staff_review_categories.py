"""Program staff review and correct the categories' titles in the admin: the group may change
categories (it could already view them). Nobody adds or deletes a category there: codes come from
the shipped list (`manage.py load_categories`)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Program staff"
CODENAMES = ["view_category", "change_category"]


def grant(apps, schema_editor):
    # Permissions are otherwise created only after the whole migrate run (post_migrate); the
    # historical app config has no models module, which create_permissions takes as "no models".
    app_config = apps.get_app_config("categories")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="categories", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    # Viewing categories was granted before this migration (notices 0007): it stays.
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="categories", codename="change_category"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("categories", "0004_load_categories"),
        ("portal", "0002_program_staff_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
