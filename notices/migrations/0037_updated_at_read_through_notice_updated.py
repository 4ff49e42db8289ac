"""The single-column index on Notice.updated_at goes: every read by that column (the API's harvest
in both orders, its `updated_after`, the staff list) is by (updated_at, id) and reads
`notice_updated`. The other index was never scanned (22 MB at a million notices), yet written on
each notice's insert and each change."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0036_codes_on_the_notice_row"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notice",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
    ]
