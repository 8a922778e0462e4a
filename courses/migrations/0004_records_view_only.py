# Quiz attempts and evaluations are written by the services only: they keep just the
# "view" permission, and the add, change and delete permissions made for them before are
# removed (from every group and user that held them).

from django.db import migrations

RECORDS = ["quizattempt", "feedbackresponse"]


def remove_write_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="courses",
        content_type__model__in=RECORDS,
        codename__in=[
            f"{action}_{model}" for model in RECORDS for action in ("add", "change", "delete")
        ],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0003_trainer_certification_recorded"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="feedbackresponse",
            options={
                "default_permissions": ("view",),
                "verbose_name": "feedback response",
                "verbose_name_plural": "feedback responses",
            },
        ),
        migrations.AlterModelOptions(
            name="quizattempt",
            options={
                "default_permissions": ("view",),
                "ordering": ["quiz", "participant", "number"],
                "verbose_name": "quiz attempt",
                "verbose_name_plural": "quiz attempts",
            },
        ),
        migrations.RunPython(remove_write_permissions, migrations.RunPython.noop),
    ]
