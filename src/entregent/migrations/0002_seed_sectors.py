"""Seed the NACE Rev. 2 sections and divisions, in English and French."""

from django.db import migrations


def seed_sectors(apps, schema_editor):
    from entregent.data.nace import DIVISIONS, SECTIONS

    Sector = apps.get_model("entregent", "Sector")
    sections = {
        code: Sector.objects.update_or_create(
            code=code, defaults={"label_en": label_en, "label_fr": label_fr, "parent": None}
        )[0]
        for code, label_en, label_fr in SECTIONS
    }
    for code, section, label_en, label_fr in DIVISIONS:
        Sector.objects.update_or_create(
            code=code,
            defaults={"label_en": label_en, "label_fr": label_fr, "parent": sections[section]},
        )


def remove_sectors(apps, schema_editor):
    apps.get_model("entregent", "Sector").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("entregent", "0001_initial")]

    operations = [migrations.RunPython(seed_sectors, remove_sectors)]
