"""Import of nomination lists as ministries send them: messy input, errors, all or nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from lms.spreadsheets import csv_bytes, xlsx_bytes
from tests import factories
from workshops.importing import ImportFileError, error_rows_sheet, participants_import
from workshops.models import Nomination, Participant

pytestmark = pytest.mark.django_db

HEADER = [
    "Sl. No.",
    " Name of Officer ",
    "Designation",
    "Ministry/Division",
    "E-mail",
    "Mobile No.",
    "Sex",
]


def xlsx(
    rows,
    title_lines=(
        "Government of the People's Republic of Bangladesh",
        "List of officers nominated for APA training",
    ),
):
    workbook = Workbook()
    sheet = workbook.active
    for line in title_lines:
        sheet.append([line])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed as text, as in a ministry's sheet
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv(rows, bom=True):
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


GOOD = [
    HEADER,
    [
        1,
        "Md. Abdul  Karim",
        "Deputy Secretary",
        "Cabinet Division",
        "KARIM@CABINET.GOV.BD ",
        "01711000001",
        "Male",
    ],
    [],
    [
        2,
        "Fatema Begum",
        "Senior Assistant Secretary",
        "finance division",
        "",
        "+88 017-11000002",
        "F",
    ],
    [
        3,
        "মোঃ রফিকুল ইসলাম",
        "Assistant Secretary",
        "Ministry of Land",
        "rafiq@minland.gov.bd",
        "1711000003",
        "পুরুষ",
    ],
    [
        4,
        "Md. Abdul Karim",
        "Deputy Secretary",
        "Cabinet Division",
        "karim@cabinet.gov.bd",
        "",
        "Male",
    ],  # listed twice
]


def test_a_messy_xlsx_list_is_read_as_meant():
    result = participants_import(data=xlsx(GOOD), filename="nominations.xlsx")
    assert result.ok and result.written
    assert result.to_create == 3
    assert any("Row 9 repeats row 5" in note for note in result.notes)
    karim = Participant.objects.get(email="karim@cabinet.gov.bd")
    assert (karim.name, karim.mobile, karim.gender) == ("Md. Abdul Karim", "+8801711000001", "male")
    assert karim.rank.name == "Deputy Secretary"  # the designation names a rank
    fatema = Participant.objects.get(mobile="+8801711000002")
    assert fatema.organisation.name == "Finance Division" and fatema.gender == "female"
    rafiq = Participant.objects.get(mobile="+8801711000003")
    assert rafiq.name_bn == "মোঃ রফিকুল ইসলাম"


def test_a_csv_with_byte_order_mark_and_bangla_is_read():
    result = participants_import(data=csv(GOOD), filename="list.csv")
    assert result.ok and Participant.objects.count() == 3
    assert Participant.objects.filter(name_bn="মোঃ রফিকুল ইসলাম").exists()


def test_known_people_are_updated_not_duplicated():
    known = factories.ParticipantFactory(email="karim@cabinet.gov.bd", name="Karim", mobile="")
    by_mobile = factories.ParticipantFactory(email="", mobile="+8801711000002", name="F. Begum")
    result = participants_import(data=xlsx(GOOD), filename="nominations.xlsx")
    assert (result.to_create, result.to_update) == (1, 2)
    known.refresh_from_db()
    by_mobile.refresh_from_db()
    assert (known.name, known.mobile) == ("Md. Abdul Karim", "+8801711000001")
    assert by_mobile.name == "Fatema Begum"
    assert Participant.objects.count() == 3


def test_errors_name_the_row_and_column_and_nothing_is_written():
    rows = [
        HEADER,
        [1, "Good Officer", "", "Cabinet Division", "good@x.gov.bd", "", ""],
        [2, "Bad Mail", "", "Cabinet Division", "bad@@x", "", ""],
        [3, "No Contact", "", "Cabinet Division", "", "", ""],
        [4, "Lost Ministry", "", "Ministry of Lnd", "lost@x.gov.bd", "", ""],
        [5, "Bad Mobile", "", "Cabinet Division", "", "02 9554466", ""],
    ]
    result = participants_import(data=xlsx(rows), filename="list.xlsx")
    messages = [str(e) for e in result.errors]
    assert messages == [
        "Row 6, column E (E-mail): 'bad@@x' is not an e-mail address.",
        "Row 7: Neither an e-mail nor a mobile is given.",
        "Row 8, column D (Ministry/Division): Unknown organisation 'Ministry of Lnd'. "
        "Did you mean: Ministry of Land; Ministry of Food; Ministry of Planning?",
        "Row 9, column F (Mobile No.): '02 9554466' is not a Bangladeshi mobile number.",
    ]
    assert not result.written and Participant.objects.count() == 0


def test_an_identifier_of_another_person_is_an_error():
    factories.ParticipantFactory(email="karim@cabinet.gov.bd", mobile="")
    factories.ParticipantFactory(email="other@x.gov.bd", mobile="+8801711000001", name="Other")
    result = participants_import(data=xlsx(GOOD[:2]), filename="list.xlsx")
    assert [str(e) for e in result.errors] == [
        "Row 5, column F (Mobile No.): +8801711000001 belongs to another participant, Other, "
        "not to Officer 0."
    ] or "belongs to another participant, Other" in str(result.errors[0])
    assert not result.written


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.xlsx", "The file is empty."),
        (b"\n\n  \n", "empty.csv", "The file is empty."),
        (csv([HEADER]), "header.csv", "a header but no rows"),
        (b"%PDF-1.4 \x00\x01\x02 binary", "scan.csv", "not a spreadsheet"),
        (b"PK\x03\x04 broken zip", "broken.xlsx", "The file is damaged"),
        (
            csv([["Name", "Designation", "E-mail"], ["A", "B", "a@b.c"]]),
            "x.csv",
            "no 'Ministry/Division' column",
        ),
        (
            csv([["Name", "Ministry"], ["A", "Cabinet Division"]]),
            "x.csv",
            "needs an 'E-mail' or a 'Mobile' column",
        ),
        (csv([["foo", "bar"], ["1", "2"]]), "x.csv", "No header row found"),
    ],
)
def test_unreadable_files_get_one_clear_message(data, filename, message):
    with pytest.raises(ImportFileError, match=message):
        participants_import(data=data, filename=filename)


def test_dry_run_writes_nothing():
    event = factories.event_page()
    result = participants_import(data=xlsx(GOOD), filename="l.xlsx", event=event, dry_run=True)
    assert result.ok and result.to_create == 3 and result.nominations == 3
    assert Participant.objects.count() == 0 and not event.batches.exists()


def test_import_to_an_event_nominates_everyone_to_its_intake_batch():
    event = factories.event_page()
    participants_import(data=xlsx(GOOD), filename="l.xlsx", event=event)
    batch = event.batches.get()
    assert (batch.number, batch.capacity) == (1, 179)
    nominations = Nomination.objects.filter(batch=batch)
    assert nominations.count() == 3
    assert {n.status for n in nominations} == {"nominated"}
    assert all(n.changes.get().reason == "Imported from a nomination list." for n in nominations)
    again = participants_import(data=xlsx(GOOD), filename="l.xlsx", event=event)
    assert (again.nominations, again.already_nominated) == (0, 3)
    assert nominations.count() == 3


def test_formulas_are_kept_as_text_and_neutralised_on_export():
    rows = [
        HEADER,
        [1, '=HYPERLINK("http://evil","x")', "@SUM(A1)", "Cabinet Division", "f@x.gov.bd", "", ""],
    ]
    assert participants_import(data=xlsx(rows), filename="l.xlsx").ok
    person = Participant.objects.get()
    assert person.name.startswith("=HYPERLINK") and person.designation == "@SUM(A1)"
    exported = csv_bytes(
        ["Name", "Designation", "Mobile"], [[person.name, person.designation, "+8801711000001"]]
    )
    assert "'=HYPERLINK" in exported.decode("utf-8-sig")
    assert "'@SUM(A1)" in exported.decode("utf-8-sig")
    assert ",+8801711000001" in exported.decode("utf-8-sig")  # a number stays a number
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Name"], [[person.name]]))).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")


def test_the_error_rows_come_back_as_a_sheet_to_fix_and_upload_again():
    rows = [
        HEADER,
        [1, "Good", "", "Cabinet Division", "good@x.gov.bd", "", ""],
        [2, "Bad", "", "Ministry of Lnd", "bad@x.gov.bd", "", ""],
    ]
    data = xlsx(rows)
    result = participants_import(data=data, filename="l.xlsx")
    sheet = load_workbook(io.BytesIO(error_rows_sheet(result.sheet, result.errors))).active
    values = list(sheet.values)
    assert values[0][1] == "Name of Officer" and values[0][-1].startswith("Errors")
    assert len(values) == 2 and values[1][1] == "Bad" and "Unknown organisation" in values[1][-1]


def test_command_imports_and_fails_with_nonzero_exit_on_errors(tmp_path):
    event = factories.event_page(slug="apa-2015")
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(GOOD))
    out = io.StringIO()
    call_command("import_participants", str(good), "--event", "apa-2015", stdout=out)
    assert "Added 3 participants" in out.getvalue()
    assert Nomination.objects.filter(batch__event=event).count() == 3

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv([HEADER, [1, "X", "", "Nowhere", "x@y.gov.bd", "", ""]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 errors in 1 rows; nothing was written"):
        call_command("import_participants", str(bad), stdout=io.StringIO(), stderr=err)
    assert "Row 2, column D (Ministry/Division): Unknown organisation 'Nowhere'" in err.getvalue()

    with pytest.raises(CommandError, match="The file is empty"):
        empty = tmp_path / "empty.csv"
        empty.write_bytes(b"")
        call_command("import_participants", str(empty))


def test_a_dry_run_command_says_what_it_would_do(tmp_path):
    path = tmp_path / "l.xlsx"
    path.write_bytes(xlsx(GOOD))
    out = io.StringIO()
    call_command("import_participants", str(path), "--dry-run", stdout=out)
    assert "Would add 3 participants and update 0" in out.getvalue()
    assert Participant.objects.count() == 0


def test_a_list_with_errors_leaves_the_event_untouched():
    event = factories.event_page()
    rows = [*GOOD, [5, "Nobody", "", "Nowhere Ministry", "n@x.gov.bd", "", ""]]
    result = participants_import(data=xlsx(rows), filename="l.xlsx", event=event)
    assert not result.ok
    assert not event.batches.exists() and Participant.objects.count() == 0


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_csv_with_title_lines_and_any_usual_delimiter_is_read(delimiter):
    lines = [
        "Ministry of Land, nominations for the APA training",
        "",
        delimiter.join(["Sl", "Name of Officer", "Ministry/Division", "E-mail"]),
        delimiter.join(["1", '"Karim, Abdul"', "Ministry of Land", "karim@ml.gov.bd"]),
    ]
    result = participants_import(data="\n".join(lines).encode("utf-8-sig"), filename="l.csv")
    assert result.ok, result.errors
    assert Participant.objects.get().name == "Karim, Abdul"
    assert result.sheet.header_row == 3
