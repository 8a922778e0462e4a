"""Site pages, settings and the user model of the portal."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.blocks import BodyBlock


class HomePage(Page):
    """The portal's front page: the mission, the programmes and the latest news."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    # One home page per language: the Bangla home is a translation of the English one.
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Route as usual; a page not yet translated falls back to its default-language page.

        The Bangla tree may lag behind the English one. Rather than a 404, the reader gets
        the English page with a note (`request.language_fallback`) saying so.
        """
        try:
            return super().route(request, path_components)
        except Http404:
            default = self.get_default_locale_home()
            if default is None or default.pk == self.pk:
                raise
            result = default.route(request, path_components)
            request.language_fallback = True
            return result

    def get_default_locale_home(self):
        from wagtail.models import Locale

        return (
            HomePage.objects.filter(
                translation_key=self.translation_key, locale=Locale.get_default()
            )
            .live()
            .first()
        )


class StandardPage(Page):
    """A plain content page (about, contact, help)."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["lms.HomePage", "lms.StandardPage"]
    subpage_types = ["lms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(Page):
    """Lists the news items below it, newest first."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["lms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")


class NewsPage(Page):
    """A dated news item."""

    date = models.DateField(verbose_name=_("date"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["lms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news page")


class ResourceIndexPage(Page):
    """The library: training materials, seminar reports, studies."""

    intro = models.TextField(blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["lms.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resource index page")


class ResourcePage(Page):
    """One resource: a description and its documents."""

    class Kind(models.TextChoices):
        TRAINING_MATERIAL = "material", _("Training material")
        REPORT = "report", _("Seminar or workshop report")
        STUDY = "study", _("Study")
        GUIDELINE = "guideline", _("Guideline")

    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.TRAINING_MATERIAL, verbose_name=_("kind")
    )
    date = models.DateField(null=True, blank=True, verbose_name=_("date"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["lms.ResourceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("resource page")
