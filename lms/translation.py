"""Translating pages into the other content language (Wagtail's own localisation)."""

from django.db import transaction
from wagtail.models import Locale, Page


class TranslationError(Exception):
    pass


@transaction.atomic
def page_translate(*, page: Page, language: str, fields: dict, publish: bool = True) -> Page:
    """Return `page`'s translation into `language`, creating it with `fields` if missing.

    An existing translation is left as editors made it (demo data must not overwrite their
    work). The parent must already have a translation in that language; raises
    TranslationError when it does not or when the language is not a content language.
    """
    try:
        locale = Locale.objects.get(language_code=language)
    except Locale.DoesNotExist as error:
        raise TranslationError(f"No content language {language!r}.") from error
    page = page.specific
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    parent = page.get_parent()
    if parent.depth > 1 and parent.get_translation_or_none(locale) is None:
        raise TranslationError(f"Translate the parent of {page.title!r} first.")
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    revision = translation.save_revision()
    if publish:
        revision.publish()
    return translation.specific


def pages_translate(pages_and_fields: list[tuple[Page, dict]], *, language: str) -> int:
    """Translate several pages, parents first; return how many were created."""
    created = 0
    for page, fields in sorted(pages_and_fields, key=lambda item: item[0].depth):
        before = page.get_translation_or_none(Locale.objects.get(language_code=language))
        page_translate(page=page, language=language, fields=fields)
        created += before is None
    return created
