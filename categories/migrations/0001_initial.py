"""The UNSPSC categories, as the `notices` app created them (same table, `notices_category`, same
rows): this migration only tells Django that the model now belongs here. `notices` 0020 removes it
from that app's state, and `suppliers` 0006 points the suppliers' categories here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("notices", "0019_keyword_grammar")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Category",
                    fields=[
                        ("code", models.CharField(max_length=8, primary_key=True, serialize=False, verbose_name="code")),
                        ("level", models.CharField(choices=[("segment", "Segment"), ("family", "Family"), ("class", "Class"), ("commodity", "Commodity")], max_length=10, verbose_name="level")),
                        ("prefix", models.CharField(db_index=True, help_text="The code's significant digits.", max_length=8, verbose_name="prefix")),
                        ("title_en", models.CharField(max_length=255, verbose_name="title (English)")),
                        ("title_zh", models.CharField(blank=True, max_length=255, verbose_name="title (Chinese)")),
                        ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="children", to="categories.category")),
                    ],
                    options={
                        "verbose_name": "category",
                        "verbose_name_plural": "categories",
                        "db_table": "notices_category",
                        "ordering": ["code"],
                        "constraints": [models.CheckConstraint(condition=models.Q(("code__regex", "^[0-9]{8}$")), name="category_code_8_digits")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
