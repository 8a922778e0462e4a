from django.db import migrations, models


def fill_bangla_names(apps, schema_editor):
    from workshops.reference import fill_bangla_names

    fill_bangla_names(apps.get_model("workshops", "Rank"), apps.get_model("workshops", "Organisation"))


class Migration(migrations.Migration):
    """Ranks get a Bangla name; ranks and organisations of the reference data get theirs."""

    dependencies = [
        ("workshops", "0005_preferred_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="rank",
            name="name_bn",
            field=models.CharField(blank=True, max_length=100, verbose_name="name in Bangla"),
        ),
        migrations.RunPython(fill_bangla_names, migrations.RunPython.noop),
    ]
