"""The office order's PDFs, read by programs nobody here wrote (tests/outside.py): qpdf,
poppler (pdffonts, pdfinfo, pdftotext, pdfsig) and tesseract's Bengali model; and by pdfium
for the table's cells. The same checks as every other PDF of the portal
(tests/lms/test_pdf_outside.py), on a batch's order and on an event's, in both languages."""

from __future__ import annotations

import functools
import io
import os
import subprocess
import unicodedata

import pypdf
import pypdfium2
import pytest

from lms import pdf
from tests import pdf_layout
from tests.lms.test_pdf import harfbuzz_glyph_run
from tests.lms.test_pdf_outside import (
    BENGALI_FACES,
    bangla_words,
    drawn_glyphs,
    font_program,
    page_texts,
    pdffonts,
    pdfinfo,
    run,
    tesseract_bengali,
)
from tests.lms.test_pdf_signing import one_byte_changed, pdfsig
from tests.outside import program
from tests.workshops import office_order_world
from workshops import office_orders
from workshops.models import Organisation, Rank
from workshops.services import nominations_add, office_order_issue

pytestmark = pytest.mark.django_db

#: A Bangla organisation long enough to wrap in its cell.
LONG_OFFICE = (
    "Bangladesh Public Administration Training Centre (BPATC), Savar, Dhaka",
    "বাংলাদেশ লোক-প্রশাসন প্রশিক্ষণ কেন্দ্র (বিপিএটিসি), সাভার, ঢাকা, প্রশিক্ষণ ও গবেষণা অনুবিভাগ",
)


def _bytes(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


@functools.cache
def _orders() -> dict[str, bytes]:
    """Both orders in both languages, made once per test process (the checks only read)."""
    world = office_order_world.build(people=24)
    office, _ = Organisation.objects.get_or_create(
        name=LONG_OFFICE[0], defaults={"name_bn": LONG_OFFICE[1], "kind": "office"}
    )
    long = office_order_world.factories.ParticipantFactory(
        name="Abul Kalam Muhammad Shamsuddin Chowdhury",
        name_bn="আবুল কালাম মুহাম্মদ শামসুদ্দিন চৌধুরী",
        organisation=office,
        designation="Senior Assistant Secretary",
        rank=Rank.objects.get(name="Senior Assistant Secretary"),
    )
    nominations_add(batch=world.batches[1], participants=[long], confirm=True, notify=False)
    batch = office_order_issue(batch=world.batches[0])
    event = office_order_issue(event=world.event)
    return {
        "batch-en": _bytes(batch.pdf),
        "batch-bn": _bytes(batch.pdf_bn),
        "event-en": _bytes(event.pdf),
        "event-bn": _bytes(event.pdf_bn),
    }


KINDS = ["batch-en", "batch-bn", "event-en", "event-bn"]


@pytest.fixture
def orders(db):
    # The cache outlives the test's transaction: only the bytes are kept.
    return _orders()


@pytest.mark.parametrize("kind", KINDS)
def test_qpdf_passes_every_font_is_embedded_and_the_metadata_say_what_it_is(orders, kind, tmp_path):
    data = orders[kind]
    checked = run(program("qpdf", "qpdf"), "--check", data=data, tmp_path=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No syntax or stream encoding errors found" in checked.stdout
    fonts = pdffonts(data, tmp_path)
    assert fonts and [row.name for row in fonts if not row.embedded] == []
    reader = pypdf.PdfReader(io.BytesIO(data))
    programs: dict[str, set[bytes]] = {}
    for row in fonts:
        programs.setdefault(row.name, set()).add(font_program(reader, row.object_id))
    assert {name: len(found) for name, found in programs.items() if len(found) > 1} == {}
    info = pdfinfo(data, tmp_path)
    lang = kind.rsplit("-", 1)[1]
    assert info["Title"].startswith("Office order" if lang == "en" else "অফিস আদেশ")
    assert info["Author"] == (
        "Government Performance Management Wing"
        if lang == "en"
        else "সরকারি কর্মসম্পাদন ব্যবস্থাপনা অনুবিভাগ"
    )
    assert "Nomination of officers" in info["Subject"] or "মনোনয়ন" in info["Subject"]
    assert reader.trailer["/Root"]["/Lang"] == lang


@pytest.mark.parametrize("kind", KINDS)
def test_pdfsig_validates_the_signature_and_a_changed_byte_breaks_it(orders, kind, tmp_path):
    data = orders[kind]
    assert "Signature Validation: Signature is Valid." in pdfsig(data, tmp_path)
    assert "Signature is Valid." not in pdfsig(one_byte_changed(data), tmp_path)


@pytest.mark.parametrize("kind", ["batch-bn", "event-bn"])
def test_every_line_of_bangla_is_drawn_shaped_wrapped_cells_too(orders, kind):
    data = orders[kind]
    drawn = "".join(drawn_glyphs(data).split())
    words = bangla_words(page_texts(data))
    assert "প্রশিক্ষণ" in words and "মন্ত্রণালয়" in words
    unshaped = sorted(
        word
        for word in words
        if not any("".join(harfbuzz_glyph_run(word, f).split()) in drawn for f in BENGALI_FACES)
    )
    assert unshaped == []


def test_the_long_organisation_really_wraps_in_its_cell():
    """The wrapped-cell checks here are only worth something if a Bangla cell wraps."""
    table = office_orders._table(_listing_with_long_office(), event_order=False, lang="bn")
    _head, organisation_width = table["head"][3]
    assert pdf.text_width(LONG_OFFICE[1], table["body_size"]) > organisation_width


def _listing_with_long_office():
    nominee = office_orders.ListedNominee(
        participant_id=1,
        name="A",
        name_bn="ক",
        designation="Senior Assistant Secretary",
        designation_bn="সিনিয়র সহকারী সচিব",
        organisation=LONG_OFFICE[0],
        organisation_bn=LONG_OFFICE[1],
        organisation_kind="office",
    )
    return [
        office_orders.ListedBatch(
            number=1, start_date=None, end_date=None, venue="", nominees=(nominee,)
        )
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_no_text_runs_over_its_cell_or_off_the_page(orders, kind):
    assert [str(o) for o in pdf_layout.text_over_borders(orders[kind])] == []


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("batch-en", ("Office order", "Md. Rafiqul Islam", "Ministry of Labour and Employment")),
        ("batch-bn", ("অফিস আদেশ", "মোহাম্মদ রফিকুল ইসলাম", "শ্রম ও কর্মসংস্থান মন্ত্রণালয়")),
        ("event-bn", ("ব্যাচ", LONG_OFFICE[1].split(",")[0], "সিনিয়র সহকারী সচিব")),
    ],
)
def test_pdftotext_reads_the_text_as_written(orders, kind, expected):
    result = subprocess.run(
        [program("pdftotext", "poppler-utils"), "-enc", "UTF-8", "-", "-"],
        input=orders[kind],
        capture_output=True,
        check=True,
    )
    text = "".join(unicodedata.normalize("NFC", result.stdout.decode()).split())
    for words in expected:
        assert "".join(unicodedata.normalize("NFC", words).split()) in text, words


def _ocr(data: bytes, tmp_path) -> list[str]:
    """What tesseract's Bengali model reads on every page at 300 dpi; --psm 4 (a column of
    text of varying sizes) reads the bordered table's rows as lines."""
    tesseract = tesseract_bengali()
    words = []
    for number, page in enumerate(pypdfium2.PdfDocument(data)):
        image = tmp_path / f"page{number}.png"
        page.render(scale=300 / 72).to_pil().save(image)
        result = subprocess.run(
            [tesseract, str(image), "stdout", "-l", "ben", "--psm", "4"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # one core: the machine is shared
        )
        text = unicodedata.normalize("NFC", result.stdout)
        words += [word.strip(",;:!|()“”।") for word in text.split()]
    return words


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "batch-bn",
            "গণপ্রজাতন্ত্রী মন্ত্রিপরিষদ অফিস আদেশ মনোনয়ন সিনিয়র সহকারী সচিব প্রাথমিক "
            "গণশিক্ষা মন্ত্রণালয় নাসরিন আক্তার কর্মসংস্থান অনুলিপি",
        ),
        # The long office's name wraps in its cell (see the test above): words of its
        # second line, the name that wraps beside it, the batch's heading row.
        ("event-bn", "সাভার গবেষণা অনুবিভাগ শামসুদ্দিন চৌধুরী ব্যাচ"),
    ],
)
def test_the_printed_bangla_reads_back_through_ocr(orders, kind, expected, tmp_path):
    read = _ocr(orders[kind], tmp_path)
    absent = [w for w in expected.split() if unicodedata.normalize("NFC", w) not in read]
    assert absent == [], " ".join(read)
