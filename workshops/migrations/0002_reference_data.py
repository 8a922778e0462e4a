from django.db import migrations


def load(apps, schema_editor):
    from workshops.reference import load_reference_data

    load_reference_data(apps.get_model("workshops", "Rank"), apps.get_model("workshops", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
