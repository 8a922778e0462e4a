"""Site pages, settings and the user model of the portal."""

import string

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.blocks import BodyBlock
from lms.formatting import is_bangla
from lms.translation import in_language_or_original


class HomePage(Page):
    """The portal's front page: the mission, the programmes and the latest news."""

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("Home")

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
            return self._route_fast(request, path_components)
        except Http404:
            default = self.get_default_locale_home()
            if default is None or default.pk == self.pk:
                raise
            result = default._route_fast(request, path_components)
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

    def _route_fast(self, request, path_components):
        """Find the page a path names with two queries, instead of two per level.

        All pages whose URL path is a prefix of the request's are fetched at once and
        walked down; a page type with its own `route` (sub-URLs) takes over from there, and
        anything not found is left to Wagtail's own routing (which answers 404), so the
        result is the one Wagtail's level-by-level routing would give.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            f"{self.url_path}{'/'.join(path_components[: i + 1])}/"
            for i in range(len(path_components))
        ]
        found = {
            page.url_path: page
            for page in Page.objects.filter(url_path__in=prefixes, path__startswith=self.path)
        }
        page, trail, consumed = self, [], 0
        for prefix in prefixes:
            child = found.get(prefix)
            if child is None:
                break
            child._cached_parent_obj = page
            page, consumed = child, consumed + 1
            trail.append(page)
            if page.specific_class.route is not Page.route:
                break  # this page type routes its own sub-URLs
        if page is self:
            return super().route(request, path_components)  # Wagtail answers 404
        specific = page.specific
        specific._lms_route_trail = trail[:-1]
        return specific.route(request, path_components[consumed:])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The news in this home's language where translated, else in the original's (the
        # same rule as the news index: lms.translation.in_language_or_original).
        news = NewsPage.objects.live().defer_streamfields().order_by("-date", "-pk")
        language = self.locale.language_code
        context["latest_news"] = list(in_language_or_original(news, language)[:3])
        indexes = NewsIndexPage.objects.live()
        context["news_index"] = indexes.filter(locale_id=self.locale_id).first() or indexes.first()
        return context


class StandardPage(Page):
    """A plain content page (about, contact, help)."""

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("Page")

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

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("News")

    intro = models.TextField(blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["lms.NewsPage"]
    max_count_per_parent = 1
    #: The query parameters a cached copy of this page may vary by (lms.page_cache).
    cache_query_params = {"page": r"[1-9][0-9]{0,2}"}

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The items of this index and of its translations, each shown in this index's
        # language where translated, else in the original's (as on the home page).
        indexes = NewsIndexPage.objects.filter(translation_key=self.translation_key)
        under = Q()
        for translation in indexes.only("path", "depth"):
            under |= Q(path__startswith=translation.path, depth=translation.depth + 1)
        news = NewsPage.objects.live().filter(under).defer_streamfields().order_by("-date", "-pk")
        news = in_language_or_original(news, self.locale.language_code)
        context["news"] = Paginator(news, 12).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    """A dated news item."""

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("News")

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

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("Resources")

    intro = models.TextField(blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["lms.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resource index page")

    @property
    def cache_query_params(self) -> dict[str, str]:
        """The query parameters a cached copy of this page may vary by (lms.page_cache)."""
        return {"page": r"[1-9][0-9]{0,2}", "kind": "|".join(ResourcePage.Kind.values)}

    def get_context(self, request, *args, **kwargs):
        """Resources newest first, filtered by `?kind=`, paginated."""
        context = super().get_context(request, *args, **kwargs)
        resources = (
            ResourcePage.objects.child_of(self)
            .live()
            .defer_streamfields()
            .order_by(F("date").desc(nulls_last=True), "title")
        )
        kind = request.GET.get("kind", "")
        if kind in ResourcePage.Kind.values:
            resources = resources.filter(kind=kind)
        else:
            kind = ""
        context["kind"] = kind
        context["kinds"] = ResourcePage.Kind.choices
        context["resources"] = Paginator(resources, 20).get_page(request.GET.get("page"))
        return context


class ResourcePage(Page):
    """One resource: a description and its documents."""

    # What readers call it (search results), where the admin says its verbose_name.
    reader_label = _("Resource")

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


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    """The site's main menu, edited in Settings > Navigation: an ordered list of links."""

    panels = [InlinePanel("links", label=_("Menu links"))]

    class Meta:
        verbose_name = _("navigation")


class NavigationLink(Orderable):
    """One menu link: to a page of the site, or to an address (label required then)."""

    settings = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="links")
    page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    url = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("address"),
        help_text=_("A path such as /search/ or a full address; used when no page is chosen."),
    )
    label = models.CharField(
        max_length=60,
        blank=True,
        verbose_name=_("label"),
        help_text=_("Shown in the menu; the page title when left empty."),
    )
    label_bn = models.CharField(
        max_length=60,
        blank=True,
        verbose_name=_("label in Bangla"),
        help_text=_(
            "Shown in the menu of Bangla pages; when left empty, the Bangla title of the page "
            "(or the label above when the link has one)."
        ),
    )

    panels = [FieldPanel("page"), FieldPanel("url"), FieldPanel("label"), FieldPanel("label_bn")]

    class Meta(Orderable.Meta):
        verbose_name = _("menu link")
        verbose_name_plural = _("menu links")
        constraints = [
            models.CheckConstraint(
                condition=Q(page__isnull=False) | ~Q(url=""),
                name="navigation_link_has_target",
                violation_error_message=_("Choose a page or enter an address."),
            )
        ]

    def clean(self) -> None:
        super().clean()
        if not self.page_id and not self.url:
            raise ValidationError(_("Choose a page or enter an address."))
        if not self.page_id and not self.label:
            raise ValidationError({"label": _("A link to an address needs a label.")})

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.label or (self.page.title if self.page_id else self.url)

    def text_in(self, language: str, page: Page | None = None) -> str:
        """The label in ``language``; ``page`` is the linked page in that language, if any.

        Bangla: the Bangla label, else the English label, else the title of ``page``.
        """
        if is_bangla(language) and self.label_bn:
            return self.label_bn
        if self.label or page is None:
            return self.text
        return page.title


OFFICE_ORDER_HEADING = (
    "Government of the People's Republic of Bangladesh\nCabinet Division\n"
    "Government Performance Management Wing"
)
OFFICE_ORDER_HEADING_BN = "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nমন্ত্রিপরিষদ বিভাগ\nসরকারি কর্মসম্পাদন ব্যবস্থাপনা অনুবিভাগ"
OFFICE_ORDER_MEMO_PATTERN = "04.00.0000.313.18.001.{yy}-{seq:03d}"
MEMO_FIELDS = {"year", "yy", "seq"}


def memo_number(pattern: str, *, year: int, sequence: int) -> str:
    """The memo number ``pattern`` gives for the ``sequence``-th order of ``year``.

    Raises ValueError with a message for the user when the pattern is not usable: an unknown
    {name}, no {seq}, no {year} or {yy} (numbers would repeat from one year to the next), or
    a format the number cannot take.
    """
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
    except ValueError as error:
        raise ValueError(_("The memo number pattern is not valid: %s") % error) from error
    unknown = names - MEMO_FIELDS
    if unknown:
        raise ValueError(
            _("The memo number pattern may only name {year}, {yy} and {seq}, not %s.")
            % ", ".join(f"{{{name}}}" for name in sorted(unknown))
        )
    if "seq" not in names or not names & {"year", "yy"}:
        raise ValueError(_("The memo number pattern needs {seq} and {year} or {yy}."))
    try:
        return pattern.format(year=year, yy=f"{year % 100:02d}", seq=sequence)
    except (ValueError, IndexError, KeyError) as error:
        raise ValueError(_("The memo number pattern is not valid: %s") % error) from error


def validate_memo_pattern(pattern: str) -> None:
    try:
        memo_number(pattern, year=2015, sequence=1)
    except ValueError as error:
        raise ValidationError(str(error)) from error


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Site-wide facts editors keep up to date: support address, footer text, and what office
    orders print (heading, memo number pattern, signatory, distribution list)."""

    support_email = models.EmailField(
        blank=True,
        verbose_name=_("support e-mail"),
        help_text=_("Shown in the footer and on error pages; where trainees ask for help."),
    )
    footer_text = models.TextField(
        blank=True,
        verbose_name=_("footer text"),
        help_text=_("A line or two at the foot of every page, such as who runs the programme."),
    )
    footer_text_bn = models.TextField(
        blank=True,
        verbose_name=_("footer text in Bangla"),
        help_text=_("The footer text of Bangla pages; the English text when left empty."),
    )

    # Office orders (workshops.services.office_orders): who signs them, the office's heading,
    # the memo number and the distribution list. Each issued order keeps its own copy.
    office_order_heading = models.TextField(
        default=OFFICE_ORDER_HEADING,
        verbose_name=_("office order heading"),
        help_text=_("The lines above an office order: government, ministry or division, wing."),
    )
    office_order_heading_bn = models.TextField(
        default=OFFICE_ORDER_HEADING_BN, verbose_name=_("office order heading in Bangla")
    )
    office_order_memo_pattern = models.CharField(
        max_length=100,
        default=OFFICE_ORDER_MEMO_PATTERN,
        validators=[validate_memo_pattern],
        verbose_name=_("memo number pattern"),
        help_text=_(
            "{year} or {yy} is the year, {seq} the order's number in that year ({seq:03d} "
            "writes it with three digits), e.g. 04.00.0000.313.18.001.{yy}-{seq:03d}."
        ),
    )
    office_order_signatory_name = models.CharField(
        max_length=200, blank=True, verbose_name=_("signatory's name")
    )
    office_order_signatory_name_bn = models.CharField(
        max_length=200, blank=True, verbose_name=_("signatory's name in Bangla")
    )
    office_order_signatory_designation = models.CharField(
        max_length=200, blank=True, verbose_name=_("signatory's designation")
    )
    office_order_signatory_designation_bn = models.CharField(
        max_length=200, blank=True, verbose_name=_("signatory's designation in Bangla")
    )
    office_order_copy_to = models.TextField(
        blank=True,
        verbose_name=_("copy to"),
        help_text=_(
            "One recipient per line, before the heads of the nominees' organisations, which "
            "every order adds."
        ),
    )
    office_order_copy_to_bn = models.TextField(blank=True, verbose_name=_("copy to, in Bangla"))

    panels = [
        FieldPanel("support_email"),
        FieldPanel("footer_text"),
        FieldPanel("footer_text_bn"),
        MultiFieldPanel(
            [
                FieldPanel("office_order_heading"),
                FieldPanel("office_order_heading_bn"),
                FieldPanel("office_order_memo_pattern"),
                FieldRowPanel(
                    [
                        FieldPanel("office_order_signatory_name"),
                        FieldPanel("office_order_signatory_name_bn"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("office_order_signatory_designation"),
                        FieldPanel("office_order_signatory_designation_bn"),
                    ]
                ),
                FieldPanel("office_order_copy_to"),
                FieldPanel("office_order_copy_to_bn"),
            ],
            heading=_("Office orders"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def footer_text_local(self) -> str:
        """The footer text in the active language (Bangla falls back to English)."""
        return (is_bangla(None) and self.footer_text_bn) or self.footer_text
