"""Translating pages into the other content language (Wagtail's own localisation)."""

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from lms.formatting import is_bangla


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


# --- Reading across languages ---------------------------------------------------------------
# Operational data (batches, enrolments, progress) hang off the default-language page; a
# translation shows and acts on its original's data. These find one from the other.


def default_language() -> str:
    """The content language that originals are written in (English)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def page_is_original(page: Page) -> bool:
    """Whether `page` is an original (in the default language), not a translation."""
    return page.locale.language_code == default_language()


def in_default_language(pages: QuerySet) -> QuerySet:
    """Only the originals among `pages` (no translations listed twice)."""
    return pages.filter(locale__language_code=default_language())


def in_language_or_original(pages: QuerySet, language: str) -> QuerySet:
    """Of `pages`, each in `language` where it has a live translation, else its original:
    one item per translation key, each linking to the address of the language it is shown
    in. Pages written only in `language` are kept. One query, so it can be paginated.

    The one fallback rule for lists of pages a reader browses (the home page's news and the
    news index agree on it)."""
    default = default_language()
    if language == default:
        return pages.filter(locale__language_code=default)
    translated = (
        Page.objects.live()
        .filter(locale__language_code=language, translation_key=OuterRef("translation_key"))
        .order_by()
    )
    return pages.filter(
        Q(locale__language_code=language) | (Q(locale__language_code=default) & ~Exists(translated))
    )


def page_original[P: Page](page: P) -> P:
    """The default-language page that `page` translates (same translation key), of the same
    type; `page` itself when it is the original or has none (one query)."""
    original = (
        type(page)
        .objects.filter(
            translation_key=page.translation_key, locale__language_code=default_language()
        )
        .first()
    )
    return original or page


def pages_in_language[P: Page](pages: list[P], language: str) -> list[P]:
    """Each page replaced by its translation into `language` where one is live, in one
    query; a page without one stays as it is (the reader gets the original)."""
    if not pages:
        return []
    model = type(pages[0])
    found = {
        page.translation_key: page
        for page in model.objects.live().filter(
            translation_key__in=[p.translation_key for p in pages],
            locale__language_code=language,
        )
    }
    return [found.get(page.translation_key, page) for page in pages]


def page_in_language_of[P: Page](page: P, example: Page) -> P:
    """`page` in the language of `example` (its live translation there), else `page` itself
    (one query when the languages differ)."""
    if page.locale_id == example.locale_id:
        return page
    translation = (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale_id=example.locale_id)
        .first()
    )
    return translation or page


def translation_title(page: Page, language: str) -> str:
    """The title of `page`'s live translation into `language`, "" when it has none (one
    query). Records that copy a page's title when they are made (certificates) keep it so."""
    title = (
        Page.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .values_list("title", flat=True)
        .first()
    )
    return title or ""


# --- Bilingual fields ------------------------------------------------------------------------
# Plain models that are not translated pages (quizzes, certificates) carry their Bangla text
# in a `<field>_bn` next to the English one.


def bilingual(english: str, bangla: str, lang: str | None = None) -> str:
    """The text a reader of `lang` (None: the active language) sees: the Bangla one on a
    Bangla page when it is filled in, else the English one."""
    return bangla if bangla and is_bangla(lang) else english
