"""Load the shipped UNSPSC list (categories/data/) with the source of each title, as
`manage.py load_categories` does: a deploy brings the table up to date with the files it ships.
Idempotent; corrections made by staff are kept, codes the files no longer have are retired."""

from django.db import migrations


def load(apps, schema_editor):
    from categories.reference_data import load_categories

    load_categories(category_model=apps.get_model("categories", "Category"))


class Migration(migrations.Migration):
    dependencies = [("categories", "0003_title_sources_and_retirement")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
