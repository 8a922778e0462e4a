"""Participants: the officers who take part in events (one person, one record)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workshops.models.reference import LocalName, Organisation, Rank


class Participant(LocalName, models.Model):
    """A government officer who takes part in events. One person is one participant.

    Identity is the e-mail (case-insensitive), else the employee ID, else the mobile;
    mobiles are stored normalised as +8801XXXXXXXXX. `preferred_language` is the language of
    the e-mails they get: set by an organiser or an import, and by the person's own choice of
    language when they sign in.
    """

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNDISCLOSED = "", _("Not stated")

    name = models.CharField(max_length=200, verbose_name=_("name"))
    name_bn = models.CharField(max_length=200, blank=True, verbose_name=_("name in Bangla"))
    gender = models.CharField(
        max_length=10, choices=Gender.choices, blank=True, verbose_name=_("gender")
    )
    rank = models.ForeignKey(
        Rank, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("rank")
    )
    designation = models.CharField(max_length=200, blank=True, verbose_name=_("designation"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(blank=True, verbose_name=_("e-mail"))
    mobile = models.CharField(max_length=20, blank=True, verbose_name=_("mobile"))
    employee_id = models.CharField(max_length=50, blank=True, verbose_name=_("employee ID"))
    preferred_language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        verbose_name=_("preferred language"),
        help_text=_("The language of the e-mails this person gets."),
    )
    user = models.OneToOneField(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
        verbose_name=_("user account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~Q(email=""),
                name="participant_email_ci_unique",
                violation_error_message=_("A participant with this e-mail already exists."),
            ),
            models.UniqueConstraint(
                "employee_id",
                condition=~Q(employee_id=""),
                name="participant_employee_id_unique",
                violation_error_message=_("A participant with this employee ID already exists."),
            ),
            models.UniqueConstraint(
                "mobile",
                condition=~Q(mobile=""),
                name="participant_mobile_unique",
                violation_error_message=_("A participant with this mobile already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
