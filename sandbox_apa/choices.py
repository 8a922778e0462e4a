"""The choices an indicator's direction and calculation method take, shared by the models
and the scenario blocks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    DATE = "date", _("Date (earlier is better)")


class CalculationMethod(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    DATE = "date", _("Date")
    CUMULATIVE = "cumulative", _("Cumulative")
