"""The user's content type follows the model to this app, with its id: the permissions on users and
the admin's history of user changes keep pointing at it. A new database has nothing to rename."""

from django.db import migrations


def rename(apps, schema_editor, *, old: str, new: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new, model="user").exists():
        return
    ContentType.objects.filter(app_label=old, model="user").update(app_label=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, old="portal", new="accounts")


def backwards(apps, schema_editor):
    rename(apps, schema_editor, old="accounts", new="portal")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
