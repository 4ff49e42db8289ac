"""Load the shipped UNSPSC reference data (see categories/data/README.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from categories.unspsc import load_reference_data

    load_reference_data(apps.get_model("notices", "Category"))


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
