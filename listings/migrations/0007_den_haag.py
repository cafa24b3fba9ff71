"""The municipality is shown as people call it: "Den Haag", not its official name "'s-Gravenhage"."""

from django.db import migrations


def rename(apps, schema_editor, old, new):
    apps.get_model("listings", "Vacancy").objects.filter(place=old).update(place=new)
    apps.get_model("matching", "WorkerPreferences").objects.filter(home_place=old).update(home_place=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, "'s-Gravenhage", "Den Haag")


def backwards(apps, schema_editor):
    rename(apps, schema_editor, "Den Haag", "'s-Gravenhage")


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0006_vacancy_revisions"),
        ("matching", "0001_capacity_profiles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
