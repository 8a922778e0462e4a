"""A certificate's (and a bulk issue's) course is a course page, no longer any Wagtail page."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_event_certificate"),
        ("courses", "0002_quiz_bangla_texts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="bulkissuejob",
            name="course",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="courses.coursepage",
                verbose_name="course",
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="course",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="courses.coursepage",
                verbose_name="course",
            ),
        ),
    ]
