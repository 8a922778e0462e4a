"""Import of nomination lists (.xlsx, .csv) as ministries really send them.

Reading copes with title lines above the header, a serial-number column, header names in other
words ("Name of Officer", "E-mail", "Mobile No.", "Ministry/Division", "Sex"), stray spaces,
blank rows, upper-case e-mails, a person listed twice, a UTF-8 byte-order mark and Bangla names.

Three steps: ``read_sheet`` (bytes -> header and rows, after the size, unpacked-size and
cell limits), ``parse_rows`` (pure: rows -> valid people and errors, given the known
organisations and ranks; both together are ``participants_check``) and
``participants_import`` (the service: matches people already known, then writes everything in
one transaction with bulk operations, or nothing at all when any row has an error).

The admin parses an uploaded list once: the checked result is kept in the private storage
(``import_upload_save``) for the preview, the confirmation and the error sheet, and deleted
when the list is imported, replaced or abandoned (``import_uploads_delete_abandoned``).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field

import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.formatting import localise_numbers
from lms.uploads import UploadRefused, check_size, zip_check
from workshops.identity import (
    Identity,
    InvalidMobile,
    is_bangla,
    match_identity,
    normalise_email,
    normalise_employee_id,
    normalise_mobile,
    normalise_name,
)
from workshops.services import WorkshopError, event_check_original

# Field -> header names seen in ministries' lists, compared after `_header_key`.
HEADER_SYNONYMS: dict[str, list[str]] = {
    "serial": ["sl", "slno", "serial", "serialno", "no", "sno", "srno", "ক্রম", "ক্রমিক", "ক্রনং"],
    "name": [
        "name",
        "nameofofficer",
        "nameoftheofficer",
        "officername",
        "nameofparticipant",
        "participantname",
        "participant",
        "fullname",
        "nameenglish",
        "nameinenglish",
        "officer",
        "নাম",
        "কর্মকর্তারনাম",
    ],
    "name_bn": ["namebangla", "nameinbangla", "banglaname", "namebengali", "নামবাংলা", "বাংলানাম"],
    "designation": ["designation", "post", "position", "পদবি", "পদবী"],
    "rank": ["rank", "grade", "cadrerank"],
    "organisation": [
        "ministrydivision",
        "ministry",
        "division",
        "ministrydivisionoffice",
        "organisation",
        "organization",
        "office",
        "ministryordivision",
        "department",
        "agency",
        "মন্ত্রণালয়বিভাগ",
        "মন্ত্রণালয়",
        "দপ্তর",
    ],
    "email": ["email", "emailaddress", "emailid", "mail", "ইমেইল", "ইমেইলঠিকানা"],
    "mobile": [
        "mobile",
        "mobileno",
        "mobilenumber",
        "cell",
        "cellno",
        "phone",
        "phoneno",
        "contact",
        "contactno",
        "contactnumber",
        "telephone",
        "মোবাইল",
        "মোবাইলনম্বর",
    ],
    "employee_id": ["employeeid", "idno", "id", "employeeno", "governmentid", "pdsid", "pimsid"],
    "gender": ["sex", "gender", "লিঙ্গ"],
    "preferred_language": [
        "language",
        "preferredlanguage",
        "emaillanguage",
        "lang",
        "ভাষা",
        "পছন্দেরভাষা",
    ],
}
FIELD_LABELS = {
    "name": "Name",
    "organisation": "Ministry/Division",
    "email": "E-mail",
    "mobile": "Mobile",
}
GENDERS = {
    "female": "female",
    "f": "female",
    "woman": "female",
    "mrs": "female",
    "ms": "female",
    "মহিলা": "female",
    "নারী": "female",
    "male": "male",
    "m": "male",
    "man": "male",
    "mr": "male",
    "পুরুষ": "male",
    "other": "other",
    "third": "other",
    "thirdgender": "other",
    "হিজড়া": "other",
}
# Values of the optional language column, compared after `_header_key`.
LANGUAGES = {
    "en": "en",
    "english": "en",
    "ইংরেজি": "en",
    "bn": "bn",
    "bangla": "bn",
    "bengali": "bn",
    "বাংলা": "bn",
}
HEADER_SEARCH_ROWS = 15


class ImportFileError(WorkshopError):
    """The file as a whole cannot be read; one message for the user, no traceback."""


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as the user sees it in the spreadsheet
    column: str  # e.g. "D (E-mail)", or "" for a problem of the whole row
    message: str

    def __str__(self) -> str:
        where = _("Row %(row)s") % {"row": self.row}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass
class Sheet:
    """The rows of a spreadsheet below its header, each with its row number as seen."""

    header: list[str]
    header_row: int
    columns: dict[str, int]  # field -> column index
    rows: list[tuple[int, list[str]]]
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class Person:
    """One valid row, normalised."""

    row: int
    name: str
    name_bn: str
    email: str
    mobile: str
    employee_id: str
    organisation_id: int
    rank_id: int | None
    designation: str
    gender: str
    preferred_language: str = ""  # "" when the list does not say: kept, or the site default

    @property
    def identity(self) -> Identity:
        return Identity(email=self.email, employee_id=self.employee_id, mobile=self.mobile)


@dataclass
class ImportResult:
    """What an import found and (unless a dry run or with errors) did."""

    sheet: Sheet | None = None
    people: list[Person] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    to_create: int = 0
    to_update: int = 0
    nominations: int = 0
    already_nominated: int = 0
    written: bool = False
    batch_id: int | None = None  # the batch the list's people were nominated to, once written

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})


# --- reading -----------------------------------------------------------------------------


def _header_key(text: str) -> str:
    """Lower-case letters and digits only (Bangla signs kept): 'Mobile No.' -> 'mobileno'."""
    return "".join(c for c in str(text).casefold() if c.isalnum() or "\u0980" <= c <= "\u09ff")


_SYNONYM_INDEX = {
    _header_key(word): name for name, words in HEADER_SYNONYMS.items() for word in words
}


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(data: bytes, filename: str) -> Sheet:
    """Read the first sheet of an .xlsx or a .csv file and find its header row.

    Before anything is parsed the file is held to the limits (``_check_limits``). Raises
    ImportFileError with one clear message for a file over a limit, an empty file, a file
    that is not a spreadsheet, a file without a recognisable header, a header without data
    rows or a missing required column.
    """
    if not data or not data.strip():
        raise ImportFileError(_("The file is empty."))
    _check_limits(data, filename)
    table = _read_table(data, filename)
    if not any(any(cell for cell in row) for row in table):
        raise ImportFileError(_("The file is empty."))
    header_index = _find_header(table)
    header = [normalise_name(cell) for cell in table[header_index]]
    columns, ignored = _map_columns(header)
    _require_columns(columns)
    rows = [
        (index + 1, row)
        for index, row in enumerate(table[header_index + 1 :], start=header_index + 1)
        if any(cell.strip() for cell in row)
    ]
    if not rows:
        raise ImportFileError(_("The list has a header but no rows of officers below it."))
    return Sheet(
        header=header,
        header_row=header_index + 1,
        columns=columns,
        rows=rows,
        ignored_columns=ignored,
    )


# --- limits: checked before anything is parsed --------------------------------------------

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
_OTHER_SPREADSHEETS = (".xls", ".ods", ".numbers")


def _is_workbook(data: bytes, filename: str) -> bool:
    return data[:4] in (_ZIP, _OLE) or filename.lower().endswith((".xlsx", ".xlsm"))


def _check_limits(data: bytes, filename: str) -> None:
    """Refuse what would take the server more than a short parse, before parsing it.

    Every file: at most settings.UPLOAD_MAX_BYTES. An .xlsx (a zip): what it unpacks to, read
    from its zip directory (lms.uploads.zip_check), and how many cells its sheets span
    (``_xlsx_extent``): calamine allocates every cell between A1 and the farthest value, so
    one value in cell XFD1048576 of a 2 KB file would ask for 17 billion cells. Old Excel
    (.xls) and OpenDocument files are refused: their repeat counts and binary records can
    be as small and as large, and the lists come as .xlsx or .csv.
    """
    try:
        check_size(len(data), limit=settings.UPLOAD_MAX_BYTES)
        if data[:4] == _OLE or filename.lower().endswith(_OTHER_SPREADSHEETS):
            raise UploadRefused(
                _(
                    "%(file)s is an old Excel (.xls) or OpenDocument file. Save it as an Excel "
                    "Workbook (.xlsx) or as CSV and upload it again."
                )
                % {"file": filename}
            )
        if _is_workbook(data, filename):
            zip_check(data, max_uncompressed=settings.IMPORT_MAX_UNCOMPRESSED_BYTES)
            _check_extent(*_xlsx_extent(data))
    except UploadRefused as refused:
        raise ImportFileError(refused.message) from refused


# A row or a cell element of a worksheet, with or without a namespace prefix; group 3 is "/"
# for an empty element (a cell without a value, which calamine leaves out).
_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*?)(/?)>")
_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]*)([0-9]*)["']""")
# The quick look: every r="B12" (cells) and r="12" (rows) as Excel and most tools write them.
_QUICK_REF = re.compile(rb' r="([A-Z]*)([0-9]*)"')
_TAG_STARTS = (b"<c ", b"<c>", b"<c/>", b"<row ", b"<row>", b"<row/>", b":c ", b":c>", b":row ")


def _xlsx_extent(data: bytes) -> tuple[int, int]:
    """The rows and columns the worksheets of an .xlsx span (the largest of each), as far as
    the cell limit needs to know."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    rows = columns = 0
    for member in archive.infolist():
        if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
            sheet_rows, sheet_columns = _sheet_extent(archive.read(member))
            rows, columns = max(rows, sheet_rows), max(columns, sheet_columns)
    return rows, columns


def _sheet_extent(xml: bytes) -> tuple[int, int]:
    """An upper bound of a worksheet's rows and columns when it is within the cell limit
    (the quick look: the largest row and column referenced anywhere, when every row and cell
    carries its reference), else the exact span of its values (``_sheet_extent_exact``)."""
    refs = _QUICK_REF.findall(xml)
    if len(refs) >= sum(xml.count(start) for start in _TAG_STARTS):
        rows = max((int(digits) for _letters, digits in refs if digits), default=0)
        letters = {letters for letters, _digits in refs if letters}
        columns = max((_column_number(text) for text in letters), default=0)
        if rows * columns <= settings.IMPORT_MAX_CELLS:
            return rows, columns
    return _sheet_extent_exact(xml)


def _sheet_extent_exact(xml: bytes) -> tuple[int, int]:
    """The row and column of the farthest cell holding a value, with cells placed as
    calamine places them (their ``r`` reference, else next to the previous cell or row)."""
    row = column = last_row = last_column = 0
    for match in _ROW_OR_CELL.finditer(xml):
        tag, attributes, empty = match.groups()
        ref = _REF.search(attributes)
        if tag == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            column = 0
            continue
        letters, digits = (ref.group(1), ref.group(2)) if ref else (b"", b"")
        column = _column_number(letters) if letters else column + 1
        row = int(digits) if digits else max(row, 1)
        if not empty:
            last_row, last_column = max(last_row, row), max(last_column, column)
    return last_row, last_column


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _check_extent(rows: int, columns: int) -> None:
    limit = settings.IMPORT_MAX_CELLS
    if rows * columns > limit:
        raise UploadRefused(
            _(
                "The sheet spans %(rows)s rows and %(columns)s columns (%(cells)s cells); at most "
                "%(limit)s cells are read. Delete stray cells far below or to the right of the "
                "list, or split it."
            )
            % localise_numbers(
                {"rows": rows, "columns": columns, "cells": rows * columns, "limit": limit}
            )
        )


# --- reading -------------------------------------------------------------------------------


def _read_table(data: bytes, filename: str) -> list[list[str]]:
    """Every row of the first sheet (or of the CSV), blank rows kept so numbers match."""
    if not _is_workbook(data, filename):
        return _read_csv(_decode_text(data))
    try:
        frame = pd.read_excel(
            io.BytesIO(data),
            engine="calamine",
            dtype=str,
            header=None,
            keep_default_na=False,
            sheet_name=0,
        )
    except Exception as error:  # calamine and zip errors all mean "not a spreadsheet"
        raise ImportFileError(
            _("%(file)s is not a spreadsheet we can read (.xlsx or .csv): %(error)s")
            % {"file": filename, "error": str(error).splitlines()[0][:200] if str(error) else ""}
        ) from error
    return [
        ["" if cell is None or cell != cell else str(cell) for cell in row]
        for row in frame.itertuples(index=False, name=None)
    ]


def _read_csv(text: str) -> list[list[str]]:
    """CSV rows with the delimiter guessed from the lines (title lines have none); refused
    past settings.IMPORT_MAX_CELLS cells, as a spreadsheet is."""
    lines = text.splitlines()[: HEADER_SEARCH_ROWS + 5]
    delimiter = max(",;\t", key=lambda d: max((line.count(d) for line in lines), default=0))
    rows, cells, widest = [], 0, 0
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(row)
            cells += len(row)
            widest = max(widest, len(row))
            if cells > settings.IMPORT_MAX_CELLS:
                _check_extent(len(rows), widest or 1)
    except csv.Error as error:
        raise ImportFileError(_("The CSV file cannot be read: %s") % str(error)[:200]) from error
    except UploadRefused as refused:
        raise ImportFileError(refused.message) from refused
    return rows


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:2048] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(_("The file is not a spreadsheet (.xlsx or .csv)."))
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-16" or data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return text
    raise ImportFileError(_("The CSV file's encoding is unknown; save it as CSV UTF-8."))


def _find_header(table: list[list[str]]) -> int:
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        fields = {_SYNONYM_INDEX.get(_header_key(cell)) for cell in row if cell.strip()}
        if "name" in fields and len(fields - {None, "serial"}) >= 2:
            return index
    raise ImportFileError(
        _(
            "No header row found in the first %(n)s rows: a row must name at least the "
            "officer's name column (e.g. 'Name of Officer') and one more known column."
        )
        % {"n": HEADER_SEARCH_ROWS}
    )


def _map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored = []
    for index, title in enumerate(header):
        field_name = _SYNONYM_INDEX.get(_header_key(title))
        if field_name and field_name != "serial" and field_name not in columns:
            columns[field_name] = index
        elif title and field_name != "serial":
            ignored.append(title)
    return columns, ignored


def _require_columns(columns: dict[str, int]) -> None:
    missing = [f for f in ("name", "organisation") if f not in columns]
    if missing:
        raise ImportFileError(
            _("The list has no %(columns)s column.")
            % {"columns": _(" or ").join(f"'{FIELD_LABELS[f]}'" for f in missing)}
        )
    if "email" not in columns and "mobile" not in columns:
        raise ImportFileError(_("The list needs an 'E-mail' or a 'Mobile' column."))


# --- parsing (pure) ----------------------------------------------------------------------


@dataclass
class Lookups:
    """Known organisations and ranks by normalised name (built once per import)."""

    organisations: dict[str, int]
    organisation_names: dict[str, str]  # normalised -> name as shown
    ranks: dict[str, int]
    rank_names: dict[str, str]

    @classmethod
    def build(cls, organisations: list[tuple[int, str, str]], ranks: list[tuple[int, str]]):
        org_ids, org_names = {}, {}
        for pk, name, name_bn in organisations:
            for text in (name, name_bn):
                if text:
                    org_ids[organisation_key(text)] = pk
                    org_names.setdefault(organisation_key(text), name)
        return cls(
            organisations=org_ids,
            organisation_names=org_names,
            ranks={organisation_key(name): pk for pk, name in ranks},
            rank_names={organisation_key(name): name for pk, name in ranks},
        )


def organisation_key(text: str) -> str:
    """Compare names without case, punctuation or "&" vs "and": 'Ministry of  Land.' ~ ...land."""
    text = text.casefold().replace("&", " and ")
    text = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text)
    return " ".join(text.split())


def parse_rows(sheet: Sheet, lookups: Lookups) -> ImportResult:
    """Validate and normalise each row; a person listed twice is read once (with a note)."""
    result = ImportResult(sheet=sheet)
    seen: dict[tuple[str, str], int] = {}
    first_row: dict[int, int] = {}
    for row_number, cells in sheet.rows:
        person, errors = _parse_row(sheet, row_number, cells, lookups)
        if errors:
            result.errors.extend(errors)
            continue
        earlier = match_identity(person.identity, seen)
        if earlier is not None:
            result.notes.append(
                _("Row %(row)s repeats row %(first)s (%(name)s); it is read once.")
                % {"row": row_number, "first": first_row[earlier], "name": person.name}
            )
            continue
        index = len(result.people)
        result.people.append(person)
        first_row[index] = row_number
        for key in person.identity.keys():
            seen.setdefault(key, index)
    return result


def _cell(sheet: Sheet, cells: list[str], field_name: str) -> str:
    index = sheet.columns.get(field_name)
    if index is None or index >= len(cells):
        return ""
    return normalise_name(cells[index])


def _where(sheet: Sheet, field_name: str) -> str:
    index = sheet.columns[field_name]
    return f"{column_letter(index)} ({sheet.header[index]})"


def _parse_row(sheet, row_number, cells, lookups) -> tuple[Person | None, list[RowError]]:
    def err(field_name: str, message: str) -> None:
        column = _where(sheet, field_name) if field_name in sheet.columns else ""
        errors.append(RowError(row_number, column, message))

    errors: list[RowError] = []
    get = lambda name: _cell(sheet, cells, name)  # noqa: E731
    name, name_bn = get("name"), get("name_bn")
    if name and is_bangla(name) and not name_bn:
        name_bn = name
    if not name:
        err("name", _("The name is missing."))
    email = normalise_email(get("email"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            err("email", _("'%s' is not an e-mail address.") % get("email"))
    mobile = ""
    if get("mobile"):
        try:
            mobile = normalise_mobile(get("mobile"))
        except InvalidMobile:
            err("mobile", _("'%s' is not a Bangladeshi mobile number.") % get("mobile"))
    elif not email:
        errors.append(RowError(row_number, "", _("Neither an e-mail nor a mobile is given.")))
    organisation_id = _organisation(get("organisation"), lookups, err)
    rank_id = _rank(get("rank"), get("designation"), lookups, err)
    gender = _choice(
        get("gender"), GENDERS, "gender", _("'%s' is not a gender (female, male, other)."), err
    )
    language = _choice(
        get("preferred_language"),
        LANGUAGES,
        "preferred_language",
        _("'%s' is not a language (Bangla, English)."),
        err,
    )
    if errors:
        return None, errors
    return Person(
        row=row_number,
        name=name,
        name_bn=name_bn,
        email=email,
        mobile=mobile,
        employee_id=normalise_employee_id(get("employee_id")),
        organisation_id=organisation_id,
        rank_id=rank_id,
        designation=get("designation"),
        gender=gender,
        preferred_language=language,
    ), []


def _organisation(text: str, lookups: Lookups, err) -> int | None:
    if not text:
        err("organisation", _("The ministry or division is missing."))
        return None
    key = organisation_key(text)
    if key in lookups.organisations:
        return lookups.organisations[key]
    close = difflib.get_close_matches(key, list(lookups.organisation_names), n=3, cutoff=0.6)
    names = list(dict.fromkeys(lookups.organisation_names[k] for k in close))
    if names:
        err(
            "organisation",
            _("Unknown organisation '%(name)s'. Did you mean: %(close)s?")
            % {"name": text, "close": "; ".join(names)},
        )
    else:
        err("organisation", _("Unknown organisation '%s'; add it in the admin first.") % text)
    return None


def _rank(text: str, designation: str, lookups: Lookups, err) -> int | None:
    if text:
        key = organisation_key(text)
        if key in lookups.ranks:
            return lookups.ranks[key]
        close = difflib.get_close_matches(key, list(lookups.rank_names), n=3, cutoff=0.6)
        hint = "; ".join(lookups.rank_names[k] for k in close)
        err(
            "rank",
            _("Unknown rank '%(rank)s'.") % {"rank": text}
            + (" " + _("Did you mean: %s?") % hint if hint else ""),
        )
        return None
    # Lists often give the rank as the designation ("Deputy Secretary").
    return lookups.ranks.get(organisation_key(designation)) if designation else None


def _choice(text: str, choices: dict[str, str], column: str, message: str, err) -> str:
    """The value `text` names in `choices` (by its normalised header key); "" for an empty
    cell, or, with an error on `column`, for a value it does not name."""
    if not text:
        return ""
    value = choices.get(_header_key(text))
    if value is None:
        err(column, message % text)
        return ""
    return value


# --- writing (the service) ---------------------------------------------------------------


def participants_check(*, data: bytes, filename: str) -> ImportResult:
    """Read and validate a nomination list once, writing nothing: its table, the valid
    people (normalised, with organisation and rank ids), row errors and notes.

    The admin keeps the result (``import_upload_save``) for the preview, the confirmation
    and the error sheet, so a list is parsed once however often it is looked at. Raises
    ImportFileError when the file is over a limit or cannot be read as a whole.
    """
    from workshops.models import Organisation, Rank

    sheet = read_sheet(data, filename)
    lookups = Lookups.build(
        list(Organisation.objects.values_list("pk", "name", "name_bn")),
        list(Rank.objects.values_list("pk", "name")),
    )
    return parse_rows(sheet, lookups)


def participants_import(
    *,
    data: bytes | None = None,
    filename: str = "",
    checked: ImportResult | None = None,
    event=None,
    batch_number: int | None = None,
    by=None,
    dry_run: bool = False,
    call=None,
    call_batch=None,
    for_organisations: set[int] | None = None,
) -> ImportResult:
    """Write a nomination list's participants (and nominations) all or nothing.

    The list is either read from `data` now or, as `checked`, the result of an earlier
    ``participants_check`` (which is completed in place). People already known are matched
    by identity (e-mail, else employee ID, else mobile) now, at the moment of writing, and
    updated, never duplicated. With an event, each person is nominated to the batch numbered
    ``batch_number`` (or to the event's only batch; an event without batches gets batch 1, an
    intake batch the planner can split later). Writes nothing on a dry run or when any row has
    an error. Raises ImportFileError when the file as a whole cannot be read (or a checked
    list names organisations or ranks deleted since), WorkshopError when the batch cannot be
    chosen or the event is a translation.

    A focal point's list answers a ``call`` (to ``call_batch``, or the call's batch): every
    row must be an officer of ``for_organisations`` (known officers too: a list cannot change
    another organisation's people), else it is a row error; the nominations then follow the
    call's rules (``nominations_add``), all or nothing.
    """
    if checked is None:
        result = participants_check(data=data or b"", filename=filename)
    else:
        result = checked
        _check_references(result)
    matches = _match_existing(result)
    if for_organisations is not None:
        _restrict_rows(result, matches, for_organisations)
    if call is not None:
        from workshops.services import call_batch as batch_of_call

        batch = batch_of_call(call=call, batch=call_batch)
    else:
        batch = _target_batch(event, batch_number, len(result.people))
    if batch is not None:
        _count_nominations(result, batch, matches)
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        participant_ids = _write_participants(result.people)
        if call is not None:
            from workshops.services import nominations_add

            nominations_add(
                batch=batch,
                participants=participant_ids,
                by=by,
                reason=_("Nominated by the focal point (list)."),
                call=call,
                for_organisations=for_organisations,
            )
            result.batch_id = batch.pk
        elif batch is not None:
            result.batch_id = _write_nominations(batch, participant_ids, by=by).pk
    result.written = True
    return result


def _check_references(result: ImportResult) -> None:
    """The organisations and ranks a checked list was matched to still exist."""
    from workshops.models import Organisation, Rank

    organisations = {person.organisation_id for person in result.people}
    ranks = {person.rank_id for person in result.people if person.rank_id}
    if Organisation.objects.filter(pk__in=organisations).count() != len(organisations) or (
        Rank.objects.filter(pk__in=ranks).count() != len(ranks)
    ):
        raise ImportFileError(
            _("Organisations or ranks were deleted since the list was checked; upload it again.")
        )


def _match_existing(result: ImportResult) -> list[int | None]:
    """The id of the known participant for each person (None: new); conflicts are errors."""
    from workshops.models import Participant

    index: dict[tuple[str, str], int] = {}
    names: dict[int, str] = {}
    for pk, name, email, employee_id, mobile in Participant.objects.values_list(
        "pk", "name", "email", "employee_id", "mobile"
    ).iterator(chunk_size=5000):
        names[pk] = name
        identity = Identity(email=email.lower(), employee_id=employee_id.upper(), mobile=mobile)
        for key in identity.keys():
            index[key] = pk
    matches = []
    labels = {"email": "email", "employee_id": "employee_id", "mobile": "mobile"}
    for person in result.people:
        pk = match_identity(person.identity, index)
        matches.append(pk)
        for key in person.identity.keys():
            other = index.get(key)
            if pk is not None and other is not None and other != pk:
                column = (
                    _where(result.sheet, labels[key[0]]) if key[0] in result.sheet.columns else ""
                )
                result.errors.append(
                    RowError(
                        person.row,
                        column,
                        _("%(value)s belongs to another participant, %(other)s, not to %(this)s.")
                        % {"value": key[1], "other": names[other], "this": names[pk]},
                    )
                )
    result.errors.sort(key=lambda e: (e.row, e.column))
    result.to_update = sum(1 for pk in matches if pk is not None)
    result.to_create = len(matches) - result.to_update
    return matches


def _restrict_rows(result: ImportResult, matches: list[int | None], allowed: set[int]) -> None:
    """A focal point's list names only officers of their organisations, new or known."""
    from workshops.models import Participant

    known = dict(
        Participant.objects.filter(pk__in=[pk for pk in matches if pk]).values_list(
            "pk", "organisation_id"
        )
    )
    for person, pk in zip(result.people, matches, strict=True):
        if person.organisation_id not in allowed or (pk and known.get(pk) not in allowed):
            column = (
                _where(result.sheet, "organisation")
                if "organisation" in result.sheet.columns
                else ""
            )
            result.errors.append(
                RowError(
                    person.row,
                    column,
                    _(
                        "%(name)s is not an officer of your organisations; you nominate only "
                        "your own."
                    )
                    % {"name": person.name},
                )
            )
    result.errors.sort(key=lambda e: (e.row, e.column))


def _target_batch(event, batch_number, people: int):
    """The batch to nominate to; a new intake batch is returned unsaved."""
    from workshops.models import Batch

    if event is None:
        if batch_number is not None:
            raise WorkshopError(_("A batch number needs an event."))
        return None
    event_check_original(event)  # nominations belong to the original event
    batches = list(Batch.objects.filter(event=event).order_by("number"))
    if batch_number is not None:
        for batch in batches:
            if batch.number == batch_number:
                return batch
        raise WorkshopError(
            _("%(event)s has no batch %(n)s.") % {"event": event.title, "n": batch_number}
        )
    if len(batches) == 1:
        return batches[0]
    if batches:
        raise WorkshopError(
            _("%(event)s has %(n)s batches: say which batch the list is for.")
            % {"event": event.title, "n": len(batches)}
        )
    return Batch(
        event=event,
        number=1,
        start_date=event.start_date,
        end_date=event.end_date,
        venue=event.venue,
        capacity=max(event.planned_participants or 0, people, 1),
    )


def _count_nominations(result: ImportResult, batch, matches: list[int | None]) -> None:
    from workshops.models import Nomination
    from workshops.services import ACTIVE_STATUSES

    active = set()
    if batch.pk:
        active = set(
            Nomination.objects.filter(batch=batch, status__in=ACTIVE_STATUSES).values_list(
                "participant_id", flat=True
            )
        )
    result.already_nominated = sum(1 for pk in matches if pk in active)
    result.nominations = len(matches) - result.already_nominated


def _write_participants(people: list[Person]) -> list[int]:
    from workshops.services import participants_upsert

    return [p.pk for p in participants_upsert(people=[_fields(person) for person in people])]


def _fields(person: Person) -> dict:
    return {
        "name": person.name,
        "name_bn": person.name_bn,
        "gender": person.gender,
        "rank_id": person.rank_id,
        "designation": person.designation,
        "organisation_id": person.organisation_id,
        "email": person.email,
        "mobile": person.mobile,
        "employee_id": person.employee_id,
        "preferred_language": person.preferred_language,
    }


def _write_nominations(batch, participant_ids: list[int], *, by):
    """Nominate everyone not yet actively nominated, in the list's order (the queue's
    order); re-open cancelled or withdrawn ones. An intake batch is made only now. Returns
    the batch."""
    from workshops.services import batch_create, nominations_add

    if batch.pk is None:
        batch = batch_create(
            event=batch.event,
            number=batch.number,
            start_date=batch.start_date,
            end_date=batch.end_date,
            venue=batch.venue,
            capacity=batch.capacity,
            by=by,
        )
    nominations_add(
        batch=batch,
        participants=participant_ids,
        by=by,
        reason=_("Imported from a nomination list."),
    )
    return batch


def error_rows_sheet(sheet: Sheet, errors: list[RowError]) -> bytes:
    """The rows with errors as an .xlsx to fix and upload again: header, rows, an error column
    (from the table read once, never from the file again)."""
    from lms.spreadsheets import xlsx_bytes

    by_row: dict[int, list[str]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(
            f"{error.column}: {error.message}" if error.column else error.message
        )
    rows = [
        [*cells, " | ".join(by_row[number])] for number, cells in sheet.rows if number in by_row
    ]
    return xlsx_bytes([*sheet.header, _("Errors (delete this column)")], rows, title="Errors")


# The columns of the downloadable template, each a header the reader understands (a synonym
# of its field), and one English and one Bangla sample row. A test imports the template.
TEMPLATE_HEADER = [
    "Sl. No.",
    "Name",
    "Name (Bangla)",
    "Designation",
    "Rank",
    "Ministry/Division",
    "E-mail",
    "Mobile No.",
    "Employee ID",
    "Sex",
    "Language",
]
TEMPLATE_ROWS = [
    [
        "1",
        "Md. Abdul Karim",
        "মোঃ আব্দুল করিম",
        "Deputy Secretary (APA focal point)",
        "Deputy Secretary",
        "Cabinet Division",
        "karim@cabinet.example.gov.bd",
        "01711000001",
        "",
        "Male",
        "English",
    ],
    [
        "2",
        "Fatema Begum",
        "ফাতেমা বেগম",
        "সিনিয়র সহকারী সচিব",
        "Senior Assistant Secretary",
        "ভূমি মন্ত্রণালয়",
        "fatema@minland.example.gov.bd",
        "01811000002",
        "",
        "মহিলা",
        "বাংলা",
    ],
]


def import_template_sheet() -> bytes:
    """The nomination list template (.xlsx): the columns the import reads, with one English
    and one Bangla sample row; the import accepts it as it is."""
    from lms.spreadsheets import xlsx_bytes

    return xlsx_bytes(TEMPLATE_HEADER, TEMPLATE_ROWS, title="Nominations")


# --- a checked list, kept between preview and confirmation ----------------------------------

IMPORTS_FOLDER = "imports"


def import_upload_save(*, result: ImportResult) -> str:
    """Keep a checked list (its table and findings, not the file) in the private storage
    until it is imported or abandoned; returns its name there (random, lms.private_files)."""
    from lms.private_files import RandomName, private_storage

    payload = json.dumps(_result_to_json(result), ensure_ascii=False).encode()
    name = RandomName(IMPORTS_FOLDER)(None, "list.json")
    return private_storage().save(name, ContentFile(payload))


def import_upload_load(*, name: str) -> ImportResult | None:
    """The checked list kept under `name`, or None when it was imported, deleted or never
    was (the name must be one ``import_upload_save`` gave)."""
    from lms.private_files import private_storage

    storage = private_storage()
    if not name or not name.startswith(f"{IMPORTS_FOLDER}/") or not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        return _result_from_json(json.load(handle))


def import_upload_delete(*, name: str) -> None:
    """Forget a checked list (after its import, or when the organiser starts again)."""
    from lms.private_files import private_storage

    if name and name.startswith(f"{IMPORTS_FOLDER}/"):
        private_storage().delete(name)


def import_uploads_delete_abandoned(*, older_than: dt.timedelta) -> int:
    """Delete the checked lists kept longer than `older_than` (never imported); how many.

    Run periodically: ``manage.py delete_abandoned_imports`` from cron (README)."""
    from lms.private_files import private_storage

    storage = private_storage()
    if not storage.exists(IMPORTS_FOLDER):
        return 0
    cutoff = timezone.now() - older_than
    deleted = 0
    for filename in storage.listdir(IMPORTS_FOLDER)[1]:
        name = f"{IMPORTS_FOLDER}/{filename}"
        if storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            deleted += 1
    return deleted


def _result_to_json(result: ImportResult) -> dict:
    sheet = result.sheet
    return {
        "sheet": {
            "header": sheet.header,
            "header_row": sheet.header_row,
            "columns": sheet.columns,
            "rows": sheet.rows,
            "ignored_columns": sheet.ignored_columns,
        },
        "people": [asdict(person) for person in result.people],
        "errors": [[error.row, error.column, error.message] for error in result.errors],
        "notes": result.notes,
    }


def _result_from_json(data: dict) -> ImportResult:
    sheet = data["sheet"]
    return ImportResult(
        sheet=Sheet(
            header=sheet["header"],
            header_row=sheet["header_row"],
            columns=sheet["columns"],
            rows=[(number, cells) for number, cells in sheet["rows"]],
            ignored_columns=sheet["ignored_columns"],
        ),
        people=[Person(**person) for person in data["people"]],
        errors=[RowError(row, column, message) for row, column, message in data["errors"]],
        notes=data["notes"],
    )
