"""Loaded the shipped UNSPSC reference data (see categories/data/README.md) when categories lived in
this app. The list is now loaded by the categories app's 0004 (`categories.reference_data`), which
needs the columns that app's 0003 adds: a database migrated past here had its list loaded then, a
new one gets it from categories 0004. No migration in between reads the list."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
