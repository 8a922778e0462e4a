"""Programmes and events: the Wagtail pages organisers publish, with their documents."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.blocks import BodyBlock
from workshops.blocks import AgendaItemBlock
from workshops.hooks import event_facts
from workshops.models.reference import Rank


class ProgrammePage(Page):
    """A programme such as CoP Phase I: a period of work that holds events."""

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("Programme")

    summary = models.TextField(blank=True, verbose_name=_("summary"))
    start_date = models.DateField(verbose_name=_("start date"))
    end_date = models.DateField(null=True, blank=True, verbose_name=_("end date"))
    funder = models.CharField(max_length=200, blank=True, verbose_name=_("funder and partners"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("funder"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["workshops.EventPage"]

    class Meta:
        verbose_name = _("programme page")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="programme_end_after_start",
            )
        ]

    @property
    def events(self):
        """Its live events by date, with their audience ranks (two queries in all)."""
        return (
            EventPage.objects.child_of(self)
            .live()
            .defer_streamfields()
            .order_by("start_date", "path")
            .prefetch_related("audience")
        )


class EventPage(Page):
    """A workshop, seminar, training, training of trainers or study within a programme.

    Holds the public description, agenda and documents, and the rules that batches follow:
    the planned number of participants and the completion rule. (Which certificate it gives
    is kept by the certificates app, which adds its panel to the editor.)
    """

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("Event")

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        TRAINING = "training", _("Training")
        TOT = "tot", _("Training of trainers")
        STUDY = "study", _("Study")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    start_date = models.DateField(verbose_name=_("start date"))
    end_date = models.DateField(verbose_name=_("end date"))
    venue = models.CharField(max_length=255, blank=True, verbose_name=_("venue"))
    audience = ParentalManyToManyField(Rank, blank=True, verbose_name=_("audience (ranks)"))
    audience_description = models.CharField(
        max_length=255, blank=True, verbose_name=_("audience description")
    )
    planned_participants = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("planned participants")
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name=_("minimum attendance %"),
        help_text=_("Share of sessions a participant must attend to complete the event."),
    )
    requires_post_test = models.BooleanField(
        default=False, verbose_name=_("requires a passed post-test or course")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    agenda = StreamField([("item", AgendaItemBlock())], blank=True, verbose_name=_("agenda"))

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("venue"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("audience_description"),
                FieldPanel("planned_participants"),
            ],
            heading=_("Audience"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("min_attendance_percent"),
                FieldPanel("requires_post_test"),
            ],
            heading=_("Completion and certificate"),
        ),
        FieldPanel("body"),
        FieldPanel("agenda"),
        InlinePanel("documents", label=_("Documents")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("start_date"),
    ]
    parent_page_types = ["workshops.ProgrammePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event page")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_end_after_start"
            )
        ]

    def get_context(self, request, *args, **kwargs):
        from workshops.selectors import event_batches, event_timetable

        context = super().get_context(request, *args, **kwargs)
        context["batches"] = event_batches(self)
        context["timetable"] = event_timetable(self, context["batches"])
        context["more_facts"] = event_facts(self)
        return context

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def agenda_days(self) -> list[tuple[int, list]]:
        """The agenda grouped by day, in order: [(1, [item, ...]), (2, [...])]."""
        days: dict[int, list] = {}
        for block in self.agenda:
            days.setdefault(block.value["day"] or 1, []).append(block.value)
        for items in days.values():
            items.sort(key=lambda item: (item["start"] is None, item["start"] or 0))
        return sorted(days.items())

    @property
    def document_list(self) -> list["EventDocument"]:
        """Its documents in order, each with its file (one query)."""
        return list(self.documents.select_related("document").order_by("sort_order"))


class EventDocument(Orderable):
    """A document attached to an event: concept note, slides, report."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )
    title = models.CharField(max_length=255, blank=True, verbose_name=_("title"))

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self) -> str:
        return self.title or self.document.title
