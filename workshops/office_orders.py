"""What an office order prints, and its PDF: the list, the texts in each language, the table.

An office order in the official layout of a Bangladesh government office: the heading
(government, ministry or division, wing), memo no. and date on one line (in Bangla with the
date of the Bangla calendar above the Gregorian one), "Office order", the subject, the body,
the nominees by batch in a table (serial, name, designation, organisation), the closing
sentence, the signatory's block, then memo no. and date again above the distribution list
("Copy to"). Every text is written here in the language of the PDF; the table's columns are
sized to what they hold (``lms.pdf.fit_columns``), so no word runs over its cell.

``office_order_listing`` reads the list; ``listing_digest`` and ``listing_diff`` are pure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm

from lms import formatting
from lms.translation import translation_title
from workshops.models import Batch, EventPage, Nomination, Organisation

#: A4 portrait; the table spans the page between the side margins.
PAGE_MARGIN_CM = (1.8, 2.0)  # top and bottom, left and right
TABLE_WIDTH = A4[0] - 2 * PAGE_MARGIN_CM[1] * cm
HEAD_SIZE, BODY_SIZE, CELL_PADDING = 9.5, 9.5, 3.0


@dataclass(frozen=True)
class ListedNominee:
    """One person as the order lists them (both languages, for both PDFs)."""

    participant_id: int
    name: str
    name_bn: str
    designation: str
    designation_bn: str
    organisation: str
    organisation_bn: str
    organisation_kind: str


@dataclass(frozen=True)
class ListedBatch:
    """One batch of the order, with its confirmed nominees in the order printed."""

    number: int
    start_date: dt.date
    end_date: dt.date
    venue: str
    nominees: tuple[ListedNominee, ...]


def office_order_listing(*, batch: Batch | None = None, event: EventPage | None = None):
    """The batches an order lists and their confirmed nominees, by seniority then name.

    For a batch: that batch. For an event: its batches that are not cancelled, by number.
    Two queries whatever the size.
    """
    batches = (
        [batch]
        if batch is not None
        else list(event.batches.exclude(status=Batch.Status.CANCELLED).order_by("number"))
    )
    nominations = (
        Nomination.objects.filter(
            batch__in=[b.pk for b in batches], status=Nomination.Status.CONFIRMED
        )
        .select_related("participant__organisation", "participant__rank")
        .order_by("participant__rank__order", "participant__name", "participant_id")
    )
    people: dict[int, list[ListedNominee]] = {b.pk: [] for b in batches}
    for nomination in nominations:
        person = nomination.participant
        organisation = person.organisation
        designation = person.designation or (person.rank.name if person.rank else "")
        people[nomination.batch_id].append(
            ListedNominee(
                participant_id=person.pk,
                name=person.name,
                name_bn=person.name_bn,
                designation=designation,
                designation_bn=_designation_bn(person, designation),
                organisation=organisation.name if organisation else "",
                organisation_bn=organisation.name_bn if organisation else "",
                organisation_kind=organisation.kind if organisation else "",
            )
        )
    return [
        ListedBatch(
            number=b.number,
            start_date=b.start_date,
            end_date=b.end_date,
            venue=b.venue,
            nominees=tuple(people[b.pk]),
        )
        for b in batches
    ]


def _designation_bn(person, designation: str) -> str:
    """The rank's Bangla name where the designation is the rank's name; else "" (printed as
    written)."""
    rank = person.rank
    if rank is not None and rank.name_bn and designation.casefold() == rank.name.casefold():
        return rank.name_bn
    return ""


def listing_digest(listing: list[ListedBatch]) -> str:
    """SHA-256 of what the list prints: batches (number, dates, venue) and their people."""
    data = json.dumps([asdict(b) for b in listing], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def listing_ids(listing: list[ListedBatch]) -> list[int]:
    return [n.participant_id for b in listing for n in b.nominees]


def listing_diff(before: list[int], after: list[int]) -> tuple[list[int], list[int]]:
    """(added, removed) participant ids between two versions' lists, in list order."""
    old, new = set(before), set(after)
    return [i for i in after if i not in old], [i for i in before if i not in new]


# --- the texts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    """What the site settings say an order prints, frozen for one version."""

    heading: str
    heading_bn: str
    signatory_name: str
    signatory_name_bn: str
    signatory_designation: str
    signatory_designation_bn: str
    copy_to: str
    copy_to_bn: str
    memo_pattern: str


def _pick(english: str, bangla: str, lang: str) -> str:
    return (bangla or english) if lang == "bn" else english


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _digits(value, lang: str) -> str:
    return formatting.to_bangla_digits(value) if lang == "bn" else str(value)


def _dates(start: dt.date, end: dt.date, lang: str) -> str:
    """An official document writes the month in full: "12–15 January 2015"."""
    return formatting.format_date_range(start, end, lang, style="long")


def subject_texts(*, batch: Batch | None, event: EventPage) -> tuple[str, str]:
    """The order's subject in English and in Bangla (the Bangla event title where the
    event page has a Bangla translation)."""
    title_bn = translation_title(event, "bn") or event.title
    subjects = []
    for lang, title in (("en", event.title), ("bn", title_bn)):
        with override(lang):
            if batch is not None:
                text = _("Nomination of officers to the “%(event)s”, batch %(number)s") % {
                    "event": title,
                    "number": _digits(batch.number, lang),
                }
            else:
                text = _("Nomination of officers to the “%(event)s”") % {"event": title}
        subjects.append(text)
    return subjects[0], subjects[1]


def _venue(listed: ListedBatch, event: EventPage, venue_bn: str, lang: str) -> str:
    venue = listed.venue or event.venue
    if lang == "bn" and venue_bn and venue in ("", event.venue):
        return venue_bn
    return venue


def _body(*, listing, event, batch, title: str, venue_bn: str, lang: str) -> str:
    if batch is not None:
        listed = listing[0]
        return _(
            "The following officers are nominated to attend the “%(event)s”, batch "
            "%(number)s, to be held at %(venue)s on %(dates)s."
        ) % {
            "event": title,
            "number": _digits(listed.number, lang),
            "venue": _venue(listed, event, venue_bn, lang),
            "dates": _dates(listed.start_date, listed.end_date, lang),
        }
    return _(
        "The following officers are nominated to attend the “%(event)s”, to be held in "
        "%(count)s batches at %(venue)s on the dates shown below."
    ) % {
        "event": title,
        "count": _digits(len(listing), lang),
        "venue": _venue(listing[0], event, venue_bn, lang) if listing else event.venue,
    }


def _copy_to(letterhead: Letterhead, listing, lang: str) -> list[str]:
    lines = _lines(_pick(letterhead.copy_to, letterhead.copy_to_bn, lang))
    seen = {}
    for listed in listing:
        for nominee in listed.nominees:
            name = _pick(nominee.organisation, nominee.organisation_bn, lang)
            if name and name not in seen:
                seen[name] = nominee.organisation_kind
    ministries = {Organisation.Kind.MINISTRY, Organisation.Kind.DIVISION}
    for name, kind in seen.items():
        head = _("Secretary") if kind in ministries else _("Head of office")
        lines.append(f"{head}, {name}")
    lines.append(_("The officers concerned (through their offices)"))
    lines.append(_("Office copy"))
    return [f"{_digits(n, lang)}. {line}" for n, line in enumerate(lines, start=1)]


def _date_lines(date: dt.date, lang: str) -> list[str]:
    if lang != "bn":
        return [formatting.format_date(date, lang, style="long")]
    return [
        f"{formatting.format_bangla_calendar_date(date)} বঙ্গাব্দ",
        f"{formatting.format_date(date, lang, style='long')} খ্রিস্টাব্দ",
    ]


def _table(listing: list[ListedBatch], *, event_order: bool, lang: str) -> dict:
    """The nominees' table: head, rows (a spanning row per batch in an event's order) and the
    columns' widths, sized by lms.pdf.fit_columns to the words they hold."""
    from lms.pdf import TableCell, fit_columns

    head = [_("Sl."), _("Name"), _("Designation"), _("Organisation")]
    rows: list[dict] = []
    serial = 0
    for listed in listing:
        if event_order:
            label = _("Batch %(number)s: %(dates)s") % {
                "number": _digits(listed.number, lang),
                "dates": _dates(listed.start_date, listed.end_date, lang),
            }
            rows.append({"batch": label})
        for nominee in listed.nominees:
            serial += 1
            rows.append(
                {
                    "cells": [
                        _digits(serial, lang),
                        _pick(nominee.name, nominee.name_bn, lang),
                        _pick(nominee.designation, nominee.designation_bn, lang),
                        _pick(nominee.organisation, nominee.organisation_bn, lang),
                    ]
                }
            )
    measured = [TableCell(n, text, HEAD_SIZE, bold=True) for n, text in enumerate(head)]
    for row in rows:
        if "batch" in row:
            measured.append(TableCell(0, row["batch"], BODY_SIZE, bold=True, span=4))
        else:
            measured += [TableCell(n, text, BODY_SIZE) for n, text in enumerate(row["cells"])]
    fit = fit_columns(measured, columns=4, width=TABLE_WIDTH, padding=CELL_PADDING)
    return {
        "head": list(zip(head, fit.widths, strict=True)),
        "rows": rows,
        "width": round(sum(fit.widths), 2),
        "head_size": round(HEAD_SIZE * fit.scale, 2),
        "body_size": round(BODY_SIZE * fit.scale, 2),
        "padding": CELL_PADDING,
        "count": serial,
    }


def pdf_context(*, order, listing, letterhead: Letterhead, event: EventPage, lang: str) -> dict:
    """Everything the PDF template prints in ``lang`` ("en" or "bn"), from the order (memo
    number, date, subjects) and the listing it froze."""
    batch = order.batch
    title = event.title
    venue_bn = ""
    if lang == "bn":
        locale = _bangla_locale()
        bangla = event.get_translation_or_none(locale) if locale else None
        if bangla is not None:
            title, venue_bn = bangla.title, bangla.specific.venue
    with override(lang):
        return {
            "lang": lang,
            "heading": _lines(_pick(letterhead.heading, letterhead.heading_bn, lang)),
            "memo_number": _digits(order.memo_number, lang),
            "date_lines": _date_lines(order.date, lang),
            "subject": order.subject_bn if lang == "bn" else order.subject,
            "body": _body(
                listing=listing, event=event, batch=batch, title=title, venue_bn=venue_bn, lang=lang
            ),
            "table": _table(listing, event_order=batch is None, lang=lang),
            "signatory_name": _pick(letterhead.signatory_name, letterhead.signatory_name_bn, lang),
            "signatory_designation": _pick(
                letterhead.signatory_designation, letterhead.signatory_designation_bn, lang
            ),
            "office": (_lines(_pick(letterhead.heading, letterhead.heading_bn, lang)) or [""])[-1],
            "copy_to": _copy_to(letterhead, listing, lang),
            "page_margin": f"{PAGE_MARGIN_CM[0]}cm {PAGE_MARGIN_CM[1]}cm",
        }


def _bangla_locale():
    from wagtail.models import Locale

    return Locale.objects.filter(language_code="bn").first()


class RenderError(Exception):
    """The PDF could not be made (lms.pdf failed); the message says why."""


def office_order_pdf(context: dict) -> bytes:
    """The order's PDF in the context's language; raises RenderError."""
    from lms.pdf import PDFError, render_pdf

    try:
        with override(context["lang"]):
            return render_pdf("workshops/office_order_pdf.html", context)
    except PDFError as error:
        raise RenderError(str(error)) from error
