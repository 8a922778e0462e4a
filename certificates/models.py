"""Certificate templates, certificates, their history, serial counters and bulk-issue jobs.

A certificate is for one subject: an event (workshop, seminar, training; the batch the
participant attended is recorded beside it) or a course (trainer certificates of a ToT course).
Subjects are real foreign keys (PROTECT) rather than a generic key so that the database keeps
referential integrity and the "one live certificate" rule is a plain partial unique index per
subject column (a generic key would need a content type in every index and lose PROTECT).
"""

import re
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from certificates.kinds import EVENT_DEFAULT, Kind
from lms.history import HistoryEntry
from lms.private_files import RandomName, private_storage
from lms.translation import bilingual

PLACEHOLDERS = {
    "name": _("participant's name"),
    "designation": _("designation"),
    "organisation": _("organisation"),
    "event": _("event or course title"),
    "batch": _("batch"),
    "dates": _("dates"),
    "venue": _("venue"),
    "hours": _("hours of training"),
}


def placeholders_in(text: str) -> set[str]:
    """The `{name}`-style placeholders a body text uses (`{{` and `}}` are literal braces)."""
    names = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(field)
    return names


def validate_body(text: str) -> None:
    """Reject unknown placeholders and broken braces, naming the offending part."""
    try:
        used = placeholders_in(text)
    except ValueError as error:
        raise ValidationError(
            _("The text has an unmatched brace: %(error)s. Write {{ or }} for a literal brace."),
            params={"error": error},
        ) from error
    unknown = sorted(name for name in used if name not in PLACEHOLDERS)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(unknown)s. Allowed: %(allowed)s."),
            params={
                "unknown": ", ".join("{" + name + "}" for name in unknown),
                "allowed": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            },
        )


class CertificateTemplate(index.Indexed, ClusterableModel):
    """What a certificate of one kind looks like: texts, logo, signatories, paper.

    Organisers edit it in the admin without HTML; the body text may use the placeholders of
    PLACEHOLDERS, checked on save. One template per kind is the default.
    """

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        BANGLA = "bn", _("Bangla")
        BOTH = "both", _("English and Bangla on one page")

    class PaperSize(models.TextChoices):
        A4 = "a4", _("A4")
        LETTER = "letter", _("Letter")

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    name = models.CharField(
        max_length=100, verbose_name=_("name"), help_text=_("Only shown in the admin.")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    is_default = models.BooleanField(
        default=False,
        verbose_name=_("default for its kind"),
        help_text=_("Used when a certificate of this kind is issued. One default per kind."),
    )
    language = models.CharField(
        max_length=4, choices=Language.choices, default=Language.ENGLISH, verbose_name=_("language")
    )
    title = models.CharField(max_length=150, verbose_name=_("title"))
    title_bn = models.CharField(max_length=150, blank=True, verbose_name=_("title in Bangla"))
    body = models.TextField(
        verbose_name=_("body text"),
        validators=[validate_body],
        help_text=_(
            "Placeholders: {name}, {designation}, {organisation}, {event}, {batch}, {dates}, "
            "{venue}, {hours}."
        ),
    )
    body_bn = models.TextField(
        blank=True, verbose_name=_("body text in Bangla"), validators=[validate_body]
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    paper_size = models.CharField(
        max_length=10, choices=PaperSize.choices, default=PaperSize.A4, verbose_name=_("paper")
    )
    orientation = models.CharField(
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
        verbose_name=_("orientation"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind"), FieldPanel("is_default")]),
        FieldRowPanel(
            [FieldPanel("language"), FieldPanel("paper_size"), FieldPanel("orientation")]
        ),
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("body"),
                FieldPanel("title_bn"),
                FieldPanel("body_bn"),
            ],
            heading=_("Text"),
        ),
        FieldPanel("logo"),
        InlinePanel("signatories", label=_("Signatories"), max_num=3),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("title"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["kind", "-is_default", "name"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(is_default=True),
                name="certificate_template_one_default_per_kind",
                violation_error_message=_("Another template is already the default of this kind."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.language in (self.Language.BANGLA, self.Language.BOTH) and not self.body_bn:
            raise ValidationError({"body_bn": _("A Bangla certificate needs the Bangla text.")})


class Signatory(Orderable):
    """One of up to three people who sign certificates made from a template."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(max_length=150, verbose_name=_("name"))
    designation = models.CharField(max_length=200, verbose_name=_("designation"))
    name_bn = models.CharField(max_length=150, blank=True, verbose_name=_("name in Bangla"))
    designation_bn = models.CharField(
        max_length=200, blank=True, verbose_name=_("designation in Bangla")
    )
    signature = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signature image"),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("designation")]),
        FieldRowPanel([FieldPanel("name_bn"), FieldPanel("designation_bn")]),
        FieldPanel("signature"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return self.name


class EventCertificate(models.Model):
    """Which certificate an event gives (or none): the kind its bulk issue and the
    `issue_certificates` command default to, shown on the event's page.

    Kept by certificates and edited with the event, as a panel of its page (a child of the
    page, saved with its revisions and copied to its translations). An event without one
    gives the default kind (EVENT_DEFAULT).
    """

    NONE = ""
    page = ParentalKey(
        "workshops.EventPage",
        on_delete=models.CASCADE,
        related_name="certificate_given",
        verbose_name=_("event"),
    )
    kind = models.CharField(
        max_length=20,
        choices=[(NONE, _("No certificate")), *Kind.choices],
        blank=True,
        default=EVENT_DEFAULT,
        verbose_name=_("certificate"),
    )

    panels = [FieldPanel("kind")]

    class Meta:
        verbose_name = _("certificate of the event")
        verbose_name_plural = _("certificates of the events")
        constraints = [
            models.UniqueConstraint(fields=["page"], name="event_certificate_one_per_event")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class SerialCounter(models.Model):
    """The last serial number given for one year and kind; locked while a serial is taken."""

    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="serial_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kind}: {self.last}"


CODE_PATTERN = re.compile(r"^[A-Z2-7]{24}$")


class CertificateQuerySet(models.QuerySet):
    def issued(self):
        """Certificates that exist for the public: valid, revoked or superseded."""
        return self.exclude(status=Certificate.Status.PENDING)

    def for_participant(self, participant):
        return self.issued().filter(participant=participant)


class Certificate(models.Model):
    """A certificate as issued: who, for what, the text it prints, serial, code, PDF, status.

    Invariants: at most one live (pending or valid) certificate per participant, kind and
    subject (partial unique indexes); exactly one subject (event or course); the serial is
    unique and never reused. A pending certificate has its serial but not yet its PDF: the
    issuing service renders outside the serial lock and makes it valid in a second
    transaction; a retry resumes it. Certificates are never deleted: revoked and superseded
    ones still answer on the verification page.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being issued")
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    participant = models.ForeignKey(
        "workshops.Participant",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("participant"),
    )
    event = models.ForeignKey(
        "workshops.EventPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("event"),
    )
    batch = models.ForeignKey(
        "workshops.Batch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("batch"),
        help_text=_("The run of the event the participant attended."),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("course"),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("template"),
    )
    # Snapshot: what the certificate prints, frozen at issue.
    name = models.CharField(max_length=200, verbose_name=_("name as printed"))
    name_bn = models.CharField(max_length=200, blank=True, verbose_name=_("name in Bangla"))
    designation = models.CharField(max_length=200, blank=True, verbose_name=_("designation"))
    organisation = models.CharField(max_length=200, blank=True, verbose_name=_("organisation"))
    organisation_bn = models.CharField(max_length=200, blank=True)
    subject_title = models.CharField(max_length=255, verbose_name=_("for"))
    # The title of the subject's Bangla page, when it has one at issue; blank = the English.
    subject_title_bn = models.CharField(max_length=255, blank=True, verbose_name=_("for (Bangla)"))
    batch_label = models.CharField(max_length=100, blank=True, verbose_name=_("batch"))
    start_date = models.DateField(null=True, blank=True, verbose_name=_("from"))
    end_date = models.DateField(null=True, blank=True, verbose_name=_("to"))
    venue = models.CharField(max_length=255, blank=True, verbose_name=_("venue"))
    hours = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True, verbose_name=_("hours")
    )

    issued_on = models.DateField(verbose_name=_("issue date"))
    serial = models.CharField(max_length=40, unique=True, verbose_name=_("serial"))
    code = models.CharField(max_length=24, unique=True, verbose_name=_("verification code"))
    # Private storage under a random name (lms.private_files): served only by the download
    # view, which checks who asks; the serial in a name would let anyone walk them all.
    pdf = models.FileField(
        upload_to=RandomName("certificates"),
        storage=private_storage,
        blank=True,
        verbose_name=_("PDF"),
    )
    sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("SHA-256"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    status_reason = models.CharField(max_length=255, blank=True, verbose_name=_("reason"))
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The Open Badges 3.0 credential (signed JSON, certificates.credentials), made with the
    # PDF; its entry in the revocation status lists is status_index (list = index // size).
    credential = models.JSONField(
        default=dict, blank=True, editable=False, verbose_name=_("Open Badges credential")
    )
    status_index = models.PositiveIntegerField(
        null=True, blank=True, unique=True, editable=False, verbose_name=_("status list entry")
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "serial"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(event__isnull=False, course__isnull=True)
                    | Q(event__isnull=True, course__isnull=False, batch__isnull=True)
                ),
                name="certificate_one_subject",
            ),
            models.UniqueConstraint(
                fields=["participant", "kind", "event"],
                condition=Q(status__in=["pending", "valid"], event__isnull=False),
                name="certificate_one_live_per_event",
            ),
            models.UniqueConstraint(
                fields=["participant", "kind", "course"],
                condition=Q(status__in=["pending", "valid"], course__isnull=False),
                name="certificate_one_live_per_course",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | ~Q(sha256=""), name="certificate_issued_has_pdf"
            ),
        ]
        indexes = [models.Index(fields=["batch", "status"], name="certificate_batch_status")]

    def __str__(self) -> str:
        return f"{self.serial} – {self.name}"

    @property
    def subject(self):
        return self.event or self.course

    @property
    def local_subject_title(self) -> str:
        """What the certificate is for, in the active language (Bangla where captured)."""
        return bilingual(self.subject_title, self.subject_title_bn)

    @property
    def code_display(self) -> str:
        """The code in groups of four, as printed: ABCD-EFGH-..."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def get_verify_url(self) -> str:
        return reverse("certificates:verify", kwargs={"code": self.code})

    def get_download_url(self) -> str:
        return reverse("certificates:download", kwargs={"serial": self.serial})

    def get_credential_url(self) -> str:
        return reverse("certificates:credential", kwargs={"serial": self.serial})


class CredentialStatusList(models.Model):
    """One published Bitstring Status List (revocation) of Open Badges credentials.

    Bit n of list k is the certificate whose status_index is (k - 1) * size + n; it is set
    once the certificate is revoked or superseded. The signed list credential is stored
    here, rebuilt by the services that revoke and reissue, and served as it is.
    """

    number = models.PositiveIntegerField(unique=True, verbose_name=_("list number"))
    credential = models.JSONField(default=dict, verbose_name=_("signed status list"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("credential status list")
        verbose_name_plural = _("credential status lists")

    def __str__(self) -> str:
        return f"status list {self.number}"


class CertificateEvent(HistoryEntry):
    """One thing that happened to a certificate: issued, revoked, reissued, e-mailed (never
    edited); who, when and why come from ``lms.history.HistoryEntry``."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded by a reissue")
        REISSUED = "reissued", _("Issued as a reissue")
        EMAILED = "emailed", _("E-mailed to the participant")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="history", verbose_name=_("certificate")
    )
    action = models.CharField(max_length=20, choices=Action.choices, verbose_name=_("what"))

    class Meta(HistoryEntry.Meta):
        verbose_name = _("certificate history entry")
        verbose_name_plural = _("certificate history")

    def __str__(self) -> str:
        return f"{self.certificate.serial}: {self.get_action_display()}"


class BulkIssueJob(models.Model):
    """A bulk issue for an event, a batch or a course, run by a background task.

    The worker running it holds a lease (`lease_owner` until `lease_expires_at`) that it
    renews as it goes; a lease that ran out means the worker died, and another worker takes
    the job over (certificates.services.bulk_issue_watch). `issued` counts the certificates
    this job made valid, raised in the transaction that makes each one valid, so repeated or
    concurrent runs cannot overwrite it; `failed` is the last run's failures and `skipped`
    the eligible rest (certificates held already). Running the job again is safe (already
    issued certificates are skipped).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    event = models.ForeignKey(
        "workshops.EventPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("event"),
    )
    batch = models.ForeignKey(
        "workshops.Batch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("batch"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("course"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    total = models.PositiveIntegerField(default=0, verbose_name=_("eligible"))
    issued = models.PositiveIntegerField(default=0, verbose_name=_("issued"))
    skipped = models.PositiveIntegerField(default=0, verbose_name=_("already held"))
    failed = models.PositiveIntegerField(default=0, verbose_name=_("failed"))
    not_eligible = models.JSONField(default=list, blank=True, verbose_name=_("not eligible"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))
    lease_owner = models.CharField(max_length=200, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("worker's lease runs until")
    )
    runs = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("runs"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bulk issue")
        verbose_name_plural = _("bulk issues")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(event__isnull=False, batch__isnull=True, course__isnull=True)
                    | Q(event__isnull=True, batch__isnull=False, course__isnull=True)
                    | Q(event__isnull=True, batch__isnull=True, course__isnull=False)
                ),
                name="bulk_issue_job_one_subject",
            )
        ]

    def __str__(self) -> str:
        return _("%(kind)s certificates for %(subject)s") % {
            "kind": self.get_kind_display(),
            "subject": self.subject_label,
        }

    @property
    def subject_label(self) -> str:
        if self.batch_id:
            return str(self.batch)
        return (self.event or self.course).title

    @property
    def held(self) -> bool:
        """A live worker holds the job: its lease has not run out."""
        return self.lease_expires_at is not None and self.lease_expires_at > timezone.now()

    @property
    def stalled(self) -> bool:
        """Unfinished and nobody holds it: its worker died (another one takes it over)."""
        unfinished = self.status in (self.Status.QUEUED, self.Status.RUNNING)
        return unfinished and self.runs > 0 and not self.held

    @property
    def done_count(self) -> int:
        return self.issued + self.skipped + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done_count / self.total)
