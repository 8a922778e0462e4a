"""Reference data: civil-service ranks and organisations (ministries, divisions, offices)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.translation import bilingual


class LocalName:
    """For a model with `name` and `name_bn`: `local_name` is the name in the script of the
    active language (Bangla where known)."""

    @property
    def local_name(self) -> str:
        return bilingual(self.name, self.name_bn)


class Rank(LocalName, models.Model):
    """A civil-service rank; `order` is seniority (1 = most senior)."""

    class Band(models.TextChoices):
        SENIOR = "senior", _("Senior")
        MID = "mid", _("Mid-level")

    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    name_bn = models.CharField(max_length=100, blank=True, verbose_name=_("name in Bangla"))
    order = models.PositiveSmallIntegerField(verbose_name=_("seniority"))
    audience_band = models.CharField(
        max_length=10, choices=Band.choices, verbose_name=_("audience band")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")

    def __str__(self) -> str:
        return self.name


class Organisation(LocalName, models.Model):
    """A ministry, division, commission or office, optionally under a parent ministry."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DIVISION = "division", _("Division")
        COMMISSION = "commission", _("Commission")
        OFFICE = "office", _("Office")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    name_bn = models.CharField(max_length=200, blank=True, verbose_name=_("name in Bangla"))
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.OFFICE, verbose_name=_("kind")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent ministry"),
    )
    country = models.CharField(max_length=100, default="Bangladesh", verbose_name=_("country"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
