"""Admin choosers and filters that offer only original pages, never their translations.

Operational data (batches, nominations, enrolments, certificates) hang off the page in the
default language (``lms.translation``); a translation listed beside its original let
organisers hang data on the wrong page. Every admin choice of an event or course page goes
through these, and the services refuse a translation as well (each app's error).
"""

from django import forms
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page

from lms.translation import in_default_language


def _is_page_queryset(queryset) -> bool:
    return queryset is not None and hasattr(queryset, "model") and issubclass(queryset.model, Page)


class OriginalPagesFilterSet(WagtailFilterSet):
    """A listing's filters where a choice of pages lists the originals only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if _is_page_queryset(queryset):
                filter_.queryset = in_default_language(queryset)


class OriginalPageChoiceField(forms.ModelChoiceField):
    """A plain select of the original pages of one type (by title); their number is small,
    and Wagtail's page chooser would offer every language."""

    def label_from_instance(self, page) -> str:
        return page.title


def original_page_fields(form: forms.BaseForm, **order_by: str) -> None:
    """Make every page choice of a model form a select of originals. `order_by` gives a
    field's ordering (`event="-start_date"`); the default is the title."""
    for name, field in list(form.fields.items()):
        queryset = getattr(field, "queryset", None)
        if not _is_page_queryset(queryset):
            continue
        choices = in_default_language(queryset.model.objects.all()).order_by(
            order_by.get(name, "title")
        )
        form.fields[name] = OriginalPageChoiceField(
            queryset=choices,
            required=field.required,
            label=field.label,
            help_text=field.help_text,
            initial=field.initial,
        )


class OriginalPagesFormMixin:
    """Mixin for a Wagtail ModelViewSet form: page choices list originals only."""

    original_page_ordering: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        original_page_fields(self, **self.original_page_ordering)
