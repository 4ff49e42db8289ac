"""The suppliers' categories point at the categories app (the same table: nothing changes in the
database)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0005_supplier_province"),
        ("categories", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="supplier",
                    name="categories",
                    field=models.ManyToManyField(blank=True, related_name="suppliers", to="categories.category", verbose_name="UNSPSC categories"),
                ),
            ],
            database_operations=[],
        ),
    ]
