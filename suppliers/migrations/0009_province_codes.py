"""The province becomes a code of China's province-level divisions (suppliers.regions).

Each free-text province is read as a code where it names one ("Shanghai", "上海市", "Zhejiang 浙江省");
a Chinese company's valid credit code decides where it names a province. A text that names no
province, or one its credit code contradicts, is kept in province_as_entered and listed on the
migration's output, so that staff can see what the company had written."""

from django.db import migrations, models


def read_provinces(apps, schema_editor):
    from suppliers import regions

    Supplier = apps.get_model("suppliers", "Supplier")
    unknown = []
    for supplier in Supplier.objects.exclude(province="").only(
        "pk", "country", "registration_number", "province"
    ):
        text = supplier.province
        named = regions.province_in_code(
            country=supplier.country, registration_number=supplier.registration_number
        )
        read = regions.province_from_text(text)
        supplier.province = named or (read if supplier.country == "CN" else "")
        if not read or (named and read != named) or supplier.country != "CN":
            supplier.province_as_entered = text
            unknown.append((supplier.pk, text))
        supplier.save(update_fields=["province", "province_as_entered"])
    if unknown:
        print(f"\n  {len(unknown)} province(s) not read as a province of China, kept as entered:")
        for pk, text in unknown:
            print(f"    supplier {pk}: {text!r}")


def restore_provinces(apps, schema_editor):
    Supplier = apps.get_model("suppliers", "Supplier")
    Supplier.objects.exclude(province_as_entered="").update(
        province=models.F("province_as_entered"), province_as_entered=""
    )


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0008_countries_in_reading_order")]

    operations = [
        migrations.AddField(
            model_name="supplier",
            name="province_as_entered",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=100,
                verbose_name="province as entered before the list",
            ),
        ),
        migrations.RunPython(read_provinces, restore_provinces),
    ]
