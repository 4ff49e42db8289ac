"""The category's content type follows the model to this app, with its id: program staff's permission
to view categories and the admin's history of category changes keep pointing at it. A new database
has nothing to rename."""

from django.db import migrations


def rename(apps, schema_editor, *, old: str, new: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new, model="category").exists():
        return
    ContentType.objects.filter(app_label=old, model="category").update(app_label=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, old="notices", new="categories")


def backwards(apps, schema_editor):
    rename(apps, schema_editor, old="categories", new="notices")


class Migration(migrations.Migration):
    dependencies = [
        ("categories", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
