"""The kinds of certificate, each defined once.

A kind says what its certificates are called, the prefix of their serial numbers, what they
are for (an event or a course), how their Open Badges credential describes the achievement
and who is eligible (its rule in `certificates.eligibility`). Everything else (the choices of
the models, serials, the verification page, credentials, bulk issue, the `issue_certificates`
command) asks here. How to add a kind: docs/architecture.md.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from certificates import eligibility

if TYPE_CHECKING:
    from certificates.models import Certificate

EVENT = "event"
COURSE = "course"


@dataclass(frozen=True)
class CertificateKind:
    """One kind of certificate.

    - `label`: the kind as a choice ("Attendance"); `title`: what a certificate of it is
      called ("Certificate of attendance"), translated; the credential uses its English.
    - `serial_prefix`: GPMS-2015-ATT-000123.
    - `subject`: EVENT (issued per event, with the batch attended) or COURSE.
    - `achievement_type`: the Open Badges 3.0 achievementType of its credential.
    - `criteria(certificate)`: what the holder did, in English, as the credential states it.
    - `rule(event=, batch=)` or `rule(course=)`: everyone who might receive it for the
      subject, eligible or not, with the reasons (`certificates.eligibility.Eligibility`).
    """

    value: str
    label: Promise
    title: Promise
    serial_prefix: str
    subject: str
    achievement_type: str
    criteria: Callable[["Certificate"], str]
    rule: Callable[..., list[eligibility.Eligibility]]

    @property
    def title_en(self) -> str:
        with override("en"):
            return str(self.title)


def _completion_criteria(certificate: "Certificate") -> str:
    event = certificate.event
    text = f"Attended at least {event.min_attendance_percent}% of the sessions of the batch"
    return text + (" and passed the post-test." if event.requires_post_test else ".")


KINDS: tuple[CertificateKind, ...] = (
    CertificateKind(
        value="attendance",
        label=_("Attendance"),
        title=_("Certificate of attendance"),
        serial_prefix="ATT",
        subject=EVENT,
        achievement_type="Certificate",
        criteria=lambda certificate: (
            "Confirmed participant who attended the batch (present at one session or more)."
        ),
        rule=eligibility.attendance_eligibility,
    ),
    CertificateKind(
        value="completion",
        label=_("Completion"),
        title=_("Certificate of completion"),
        serial_prefix="CMP",
        subject=EVENT,
        achievement_type="CertificateOfCompletion",
        criteria=_completion_criteria,
        rule=eligibility.completion_eligibility,
    ),
    CertificateKind(
        value="trainer",
        label=_("Trainer"),
        title=_("Trainer certificate"),
        serial_prefix="TRN",
        subject=COURSE,
        achievement_type="Certification",
        criteria=lambda certificate: (
            "Completed the training-of-trainers course and attended its batch; holds a "
            "current trainer certification."
        ),
        rule=eligibility.trainer_eligibility,
    ),
)

_BY_VALUE = {kind.value: kind for kind in KINDS}

# The kinds as model choices (Kind.ATTENDANCE == "attendance"), made from the registry.
Kind = models.TextChoices("Kind", [(k.value.upper(), (k.value, k.label)) for k in KINDS])

# What an event gives when nobody chose (the default of the event's certificate panel).
EVENT_DEFAULT = Kind.ATTENDANCE


def kind_get(value: str) -> CertificateKind:
    """The kind of this value; raises LookupError for an unknown one."""
    try:
        return _BY_VALUE[str(value)]
    except KeyError as error:
        raise LookupError(f"no certificate kind {value!r}") from error


def kinds_for(subject: str) -> list[CertificateKind]:
    """The kinds issued for an EVENT or for a COURSE."""
    return [kind for kind in KINDS if kind.subject == subject]


def kind_eligibility(
    *, kind: str, event=None, batch=None, course=None
) -> list[eligibility.Eligibility]:
    """Everyone who might receive a `kind` certificate for the subject, eligible or not.

    Exactly one of event, batch or course is given. Raises ValueError for a kind the subject
    cannot have (a course gives only course kinds, an event or batch only event kinds).
    """
    spec = kind_get(kind)
    if spec.subject == COURSE:
        if course is None:
            raise ValueError(f"{spec.value} certificates are issued for a course")
        return spec.rule(course=course)
    if course is not None or (event is None and batch is None):
        raise ValueError(f"{spec.value} certificates are issued for an event or a batch")
    return spec.rule(event=event, batch=batch)
