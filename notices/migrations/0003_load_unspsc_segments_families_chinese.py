"""Loaded the segments and families of unspsc_extra.csv and the Chinese titles of unspsc_zh.csv
into databases migrated before those files existed. The list is now loaded by the categories app's
0004 (`categories.reference_data`), with the source of each title; see notices 0002."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_load_unspsc")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
