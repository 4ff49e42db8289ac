"""The UNSPSC categories now belong to the categories app (categories 0001 takes them over with their
table): they leave this app's state, and nothing changes in the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0019_keyword_grammar"),
        ("categories", "0001_initial"),
        ("suppliers", "0006_categories_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Category")],
            database_operations=[],
        ),
    ]
