"""Uploads cannot exhaust the server: size, unpacked size and cell limits before parsing, and
a list parsed once however often its preview, confirmation and error sheet are looked at."""

import io
import struct
import zipfile
import zlib

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tests import factories
from workshops import importing
from workshops.importing import ImportFileError, participants_check
from workshops.models import Organisation, Participant

pytestmark = pytest.mark.django_db

HEADER = ["SL", "Name of Officer", "Ministry/Division", "E-mail", "Mobile No."]
ROW = [1, "Rokeya Sultana", "Cabinet Division", "rokeya@cd.gov.bd", ""]
SHEET_START = (
    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace_sheet(data: bytes, sheet_xml: bytes) -> bytes:
    """A real .xlsx from openpyxl with its first worksheet replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = sheet_xml
            target.writestr(member.filename, content)
    return out.getvalue()


def zip_bomb(gibibytes: int = 1, *, declared: int | None = None) -> bytes:
    """An .xlsx whose worksheet unpacks to `gibibytes` GiB of rows from ~3 MB per GiB.

    The deflate stream repeats one compressed MiB (a full flush makes each repeat
    independent), so the bomb is made in a fraction of a second. `declared` writes a smaller
    size into the zip's headers than the member really unpacks to (a lying directory).
    """
    row = b'<row><c t="inlineStr"><is><t>Officer</t></is></c></row>'
    mebibyte = (row * (2**20 // len(row) + 1))[: 2**20]
    count = gibibytes * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(mebibyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = block * count + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(mebibyte, crc)
    size = count * 2**20 if declared is None else declared
    members = [
        (name, zlib.crc32(content), _deflate(content), len(content)) for name, content in _PARTS
    ]
    return _zip_by_hand([*members, ("xl/worksheets/sheet1.xml", crc, body, size)])


_PARTS = [
    (
        "[Content_Types].xml",
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"/>',
    ),
    ("xl/workbook.xml", b'<?xml version="1.0"?><workbook/>'),
]


def _deflate(content: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(content) + compressor.flush()


def _zip_by_hand(members) -> bytes:
    """A zip of deflated members given as (name, crc, compressed data, uncompressed size)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, crc, data, size in members:
        offset, encoded = out.tell(), name.encode()
        sizes = (crc, len(data), size, len(encoded))
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, *sizes, 0))
        out.write(encoded + data)
        entry = (b"PK\x01\x02", 20, 20, 0, 8, 0, 0, *sizes, 0, 0, 0, 0, 0, offset)
        directory.write(struct.pack("<4s6H3L5H2L", *entry) + encoded)
    start, listing = out.tell(), directory.getvalue()
    out.write(listing)
    count = len(members)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(listing), start, 0))
    return out.getvalue()


@pytest.fixture
def nothing_is_parsed(monkeypatch):
    """Fail the test if calamine (pandas.read_excel) or any zip member is unpacked."""

    def refuse(*args, **kwargs):
        raise AssertionError("the file was parsed or unpacked")

    monkeypatch.setattr(importing.pd, "read_excel", refuse)
    return refuse


def test_a_zip_bomb_is_refused_from_its_directory_without_unpacking(monkeypatch):
    bomb = zip_bomb(1)
    assert len(bomb) < 4 * 2**20  # a small upload, well under the 10 MB limit
    monkeypatch.setattr(importing.pd, "read_excel", lambda *a, **k: pytest.fail("parsed"))
    monkeypatch.setattr(zipfile.ZipExtFile, "read", lambda *a, **k: pytest.fail("unpacked"))
    with pytest.raises(ImportFileError) as refused:
        participants_check(data=bomb, filename="nominations.xlsx")
    assert refused.value.args[0] == (
        "The spreadsheet unpacks to 1,024 MB, more than the 50 MB allowed. Remove pictures, "
        "other sheets and empty formatted rows, or split the list."
    )


def test_a_zip_bomb_whose_directory_lies_is_stopped_at_the_declared_size(nothing_is_parsed):
    bomb = zip_bomb(1, declared=10_000)  # says 10 kB, unpacks to 1 GiB
    with pytest.raises(ImportFileError, match="The file is damaged"):
        participants_check(data=bomb, filename="nominations.xlsx")


def test_one_value_far_away_is_refused_before_calamine_asks_for_17_billion_cells(
    nothing_is_parsed,
):
    sheet = (
        SHEET_START + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + SHEET_END
    )
    data = _replace_sheet(xlsx([HEADER, ROW]), sheet)
    assert len(data) < 10_000
    with pytest.raises(ImportFileError) as refused:
        participants_check(data=data, filename="nominations.xlsx")
    assert "spans 1,048,576 rows and 16,384 columns (17,179,869,184 cells)" in str(refused.value)
    assert "at most 1,000,000 cells are read" in str(refused.value)


def test_cells_without_references_are_placed_as_calamine_places_them(nothing_is_parsed):
    sheet = (
        SHEET_START + b'<row><c t="inlineStr"><is><t>Name</t></is></c></row>'
        b'<row r="900000"><c/><c/><c t="inlineStr"><is><t>x</t></is></c></row>' + SHEET_END
    )
    with pytest.raises(ImportFileError, match="900,000 rows and 3 columns"):
        participants_check(data=_replace_sheet(xlsx([HEADER]), sheet), filename="l.xlsx")


def test_formatted_empty_cells_far_away_do_not_count(settings):
    sheet = (
        SHEET_START + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Name of Officer</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>E-mail</t></is></c>'
        b'<c r="C1" t="inlineStr"><is><t>Ministry</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>Rokeya</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>r@cd.gov.bd</t></is></c>'
        b'<c r="C2" t="inlineStr"><is><t>Cabinet Division</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576" s="1"/></row>' + SHEET_END
    )
    result = participants_check(data=_replace_sheet(xlsx([HEADER]), sheet), filename="l.xlsx")
    assert [person.name for person in result.people] == ["Rokeya"]


def test_a_csv_over_the_cell_limit_is_refused(settings):
    settings.IMPORT_MAX_CELLS = 50
    lines = ["Name,Ministry,E-mail"] + [f"P{n},Cabinet Division,p{n}@x.gov.bd" for n in range(30)]
    with pytest.raises(ImportFileError, match="at most 50 cells are read"):
        participants_check(data="\n".join(lines).encode(), filename="list.csv")


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "list.xls"), (b"PK\x03\x04", "l.ods")],
)
def test_old_excel_and_opendocument_files_are_asked_as_xlsx(data, filename, nothing_is_parsed):
    with pytest.raises(ImportFileError, match=r"Save it as an Excel Workbook \(\.xlsx\) or as CSV"):
        participants_check(data=data, filename=filename)


# --- the admin: size limit, parse once, stored privately, deleted --------------------------


def _upload(client, data: bytes, name: str = "list.xlsx", **fields):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("workshops_import:upload"), {"file": upload, **fields})


def _kept(settings) -> list:
    folder = settings.PRIVATE_MEDIA_ROOT / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_an_upload_over_the_size_limit_is_refused_and_nothing_is_kept(client, organiser, settings):
    client.force_login(organiser)
    response = _upload(client, b"PK\x03\x04" + b"\x00" * (10 * 2**20 + 1))
    assert response.status_code == 200
    assert "at most 10 MB may be uploaded" in response.content.decode()
    assert _kept(settings) == [] and not settings.MEDIA_ROOT.exists()


def test_a_zip_bomb_upload_gets_a_message_naming_the_limit(client, organiser, settings):
    client.force_login(organiser)
    response = _upload(client, zip_bomb(1))
    assert response.status_code == 200
    assert "more than the 50 MB allowed" in response.content.decode()
    assert _kept(settings) == []


def test_a_list_is_parsed_once_for_preview_confirmation_and_error_sheet(
    client, organiser, settings, monkeypatch
):
    reads = []
    real_read = importing.read_sheet
    monkeypatch.setattr(importing, "read_sheet", lambda *a: reads.append(1) or real_read(*a))
    client.force_login(organiser)
    rows = [HEADER, ROW, [2, "Bad One", "Ministry of Lnd", "bad@cd.gov.bd", ""]]
    assert _upload(client, xlsx(rows)).status_code == 302
    (kept,) = _kept(settings)
    assert "list" not in kept.name  # a random name, private storage
    for _ in range(3):
        assert (
            "1 error: nothing will be written"
            in client.get(reverse("workshops_import:preview")).content.decode()
        )
    assert client.get(reverse("workshops_import:errors")).status_code == 200
    assert client.post(reverse("workshops_import:preview")).status_code == 200  # refused
    assert reads == [1]
    assert Participant.objects.count() == 0


def test_the_kept_list_is_deleted_once_imported(client, organiser, settings):
    client.force_login(organiser)
    _upload(client, xlsx([HEADER, ROW]))
    assert len(_kept(settings)) == 1
    response = client.post(reverse("workshops_import:preview"), follow=True)
    assert "Imported: 1 new participants" in response.content.decode()
    assert _kept(settings) == []


def test_starting_again_deletes_the_kept_list_and_a_new_upload_replaces_it(
    client, organiser, settings
):
    client.force_login(organiser)
    _upload(client, xlsx([HEADER, ROW]))
    first = _kept(settings)
    _upload(client, xlsx([HEADER, ROW]))
    assert len(_kept(settings)) == 1 and _kept(settings) != first
    assert client.post(reverse("workshops_import:discard")).status_code == 302
    assert _kept(settings) == []


def test_people_are_matched_when_the_list_is_written_not_when_it_was_checked(client, organiser):
    client.force_login(organiser)
    _upload(client, xlsx([HEADER, ROW]))
    assert "1 new participants" in client.get(reverse("workshops_import:preview")).content.decode()
    factories.ParticipantFactory(
        name="Rokeya S.",
        email="rokeya@cd.gov.bd",
        organisation=Organisation.objects.get(name="Cabinet Division"),
    )
    response = client.post(reverse("workshops_import:preview"), follow=True)
    assert "Imported: 0 new participants, 1 updated" in response.content.decode()
    assert Participant.objects.get().name == "Rokeya Sultana"
