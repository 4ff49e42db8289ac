"""Load the segments and families added in unspsc_extra.csv and the Chinese titles of unspsc_zh.csv.

0002 already reads every shipped file on a fresh database; this one brings databases migrated before
those files existed up to date. Loading is idempotent.
"""

from django.db import migrations


def load(apps, schema_editor):
    from categories.unspsc import load_reference_data

    load_reference_data(apps.get_model("notices", "Category"))


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_load_unspsc")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
