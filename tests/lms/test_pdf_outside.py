"""Every kind of PDF the portal makes, read by programs nobody here wrote.

Certificates (English, Bangla, both on one page), the merged batch PDF, the sign-in sheet
(English, Bangla) and the APA export (English, Bangla) are rendered from small data sets
and handed to qpdf (structure), poppler's pdffonts (every font embedded, one subset per tag),
pdfinfo (title, author, subject), pdftotext and tesseract (the Bangla reads back as written).
Each program comes from tests/outside.py: missing, the test is skipped here and fails in CI.
On top, every Bangla word of every page must be drawn as HarfBuzz shapes it.
"""

from __future__ import annotations

import functools
import io
import os
import re
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pypdf
import pypdfium2
import pytest
from django.test import Client

from certificates import selectors as certificate_selectors
from certificates.services import certificate_issue
from lms import pdf
from sandbox_apa import exports
from tests import factories
from tests.certificates.conftest import add_batch, nominate, participant
from tests.lms.test_pdf import _bfchar, harfbuzz_glyph_run
from tests.outside import missing, program
from tests.sandbox_apa.test_pdf import scored_apa
from tests.workshops.sessions_world import build_world

pytestmark = pytest.mark.django_db

EVENT_BN = "মধ্যম পর্যায়ের এপিএ কর্মকর্তাদের প্রশিক্ষণ"
#: Ministry names long enough to wrap in the sign-in sheet's organisation column.
MINISTRIES = [
    ("Ministry of Environment, Forest and Climate Change", "পরিবেশ, বন ও জলবায়ু পরিবর্তন মন্ত্রণালয়"),
    ("Ministry of Primary and Mass Education", "প্রাথমিক ও গণশিক্ষা মন্ত্রণালয়"),
    ("Ministry of Labour and Employment", "শ্রম ও কর্মসংস্থান মন্ত্রণালয়"),
]
NAMES = [("Md. Rafiqul Islam", "মোহাম্মদ রফিকুল ইসলাম"), ("Krishna Chandra Biswas", "কৃষ্ণ চন্দ্র বিশ্বাস")]
BENGALI_FACES = [face for f in pdf.FAMILIES if f.shaped for face in (f.regular, f.bold)]


@dataclass
class Document:
    kind: str
    data: bytes
    lang: str  # what /Lang must say
    texts: tuple[str, ...] = ()  # what pdftotext must find


# --- the documents --------------------------------------------------------------------------


def _event_with_batch():
    event = factories.event_page(slug="apa-officers-training", venue="BIAM Foundation, Dhaka")
    page = factories.bangla(event)
    page.title = EVENT_BN
    page.save_revision().publish()
    return event, add_batch(event)


def _people(batch) -> list:
    people = []
    for (name, name_bn), (ministry, ministry_bn) in zip(NAMES, MINISTRIES, strict=False):
        organisation = factories.OrganisationFactory(name=ministry, name_bn=ministry_bn)
        person = participant(name=name, name_bn=name_bn, organisation=organisation)
        nominate(batch, person)
        people.append(person)
    return people


def certificates(language: str) -> Document:
    _event, batch = _event_with_batch()
    template = factories.CertificateTemplateFactory(kind="attendance", language=language)
    factories.SignatoryFactory(template=template, name_bn="মোঃ আব্দুল করিম", designation_bn="সচিব")
    person = _people(batch)[0]
    certificate = certificate_issue(
        kind="attendance", participant=person, subject=batch, template=template
    )
    with certificate.pdf.open("rb") as handle:
        data = handle.read()
    name = NAMES[0][1] if language == "bn" else NAMES[0][0]
    event = EVENT_BN if language != "en" else "Training"
    return Document(
        f"certificate-{language}",
        data,
        lang="bn" if language == "bn" else "en",
        texts=(name, event, certificate.serial),
    )


def merged_batch() -> Document:
    _event, batch = _event_with_batch()
    template = factories.CertificateTemplateFactory(kind="attendance", language="both")
    for person in _people(batch):
        certificate_issue(kind="attendance", participant=person, subject=batch, template=template)
    data = certificate_selectors.batch_merged_pdf(batch)
    return Document("batch", data, lang="en", texts=(NAMES[0][1], NAMES[1][1], EVENT_BN))


def sign_in_sheet(lang: str) -> Document:
    world = build_world()
    for trainee, (name, name_bn), (ministry, ministry_bn) in zip(
        world.trainees, NAMES + NAMES[:1], MINISTRIES, strict=True
    ):
        trainee.name, trainee.name_bn = name, name_bn
        trainee.organisation = factories.OrganisationFactory(name=ministry, name_bn=ministry_bn)
        trainee.save()
    client = Client()
    client.force_login(world.trainer_user)
    prefix = "/bn" if lang == "bn" else ""
    response = client.get(f"{prefix}/workshops/sessions/{world.sessions[0].pk}/sign-in-sheet.pdf")
    assert response.status_code == 200
    texts = tuple(bn for _en, bn in MINISTRIES) + (("হাজিরা শিট",) if lang == "bn" else ())
    return Document(f"sign-in-sheet-{lang}", response.content, lang=lang, texts=texts)


def apa_export(lang: str) -> Document:
    trainee = factories.UserFactory(group="Trainees", first_name="Rafiqul", last_name="Islam")
    data = exports.agreement_pdf(scored_apa(trainee), lang=lang)
    # Single words: pdftotext reads a table's wrapped heads in its own order.
    texts = ("উদ্দেশ্যের", "দ্বিতীয়", "অসাধারণ") if lang == "bn" else ("indicator", "Excellent")
    return Document(f"apa-{lang}", data, lang=lang, texts=texts)


KINDS: dict[str, Callable[[], Document]] = {
    "certificate-en": lambda: certificates("en"),
    "certificate-bn": lambda: certificates("bn"),
    "certificate-both": lambda: certificates("both"),
    "batch": merged_batch,
    "sign-in-sheet-en": lambda: sign_in_sheet("en"),
    "sign-in-sheet-bn": lambda: sign_in_sheet("bn"),
    "apa-en": lambda: apa_export("en"),
    "apa-bn": lambda: apa_export("bn"),
}


@functools.cache
def document(kind: str) -> Document:
    """Each kind rendered once per test process; the checks below only read the bytes."""
    return KINDS[kind]()


# --- what the outside programs say ----------------------------------------------------------


def run(*command: str, data: bytes, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [*command, str(path)], capture_output=True, text=True, check=False, timeout=120
    )


@dataclass(frozen=True)
class FontRow:
    name: str
    embedded: bool
    object_id: int


def pdffonts(data: bytes, tmp_path) -> list[FontRow]:
    result = run(program("pdffonts", "poppler-utils"), data=data, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = []
    for line in result.stdout.splitlines()[2:]:
        # name, type (may hold spaces), encoding, emb, sub, uni, object number, generation
        fields = line.split()
        rows.append(FontRow(fields[0], fields[-5] == "yes", int(fields[-2])))
    return rows


def pdfinfo(data: bytes, tmp_path) -> dict[str, str]:
    result = run(program("pdfinfo", "poppler-utils"), data=data, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    pairs = (line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def font_program(reader: pypdf.PdfReader, object_id: int) -> bytes:
    font = reader.get_object(object_id)
    return font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()


def bangla_words(text: str) -> set[str]:
    return set(re.findall(r"[\u0980-\u09ff\u200c\u200d]+", text))


def drawn_glyphs(data: bytes) -> str:
    """Every glyph every page draws, as its font's ToUnicode names it (what is printed)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    drawn = []
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        to_unicode = {name: _bfchar(font.get_object()) for name, font in fonts.items()}
        current = {}
        for operands, operator in pypdf.generic.ContentStream(
            page.get_contents(), reader
        ).operations:
            if operator == b"Tf":
                current = to_unicode[operands[0]]
            elif operator in (b"Tj", b"TJ"):
                for string in operands[0] if operator == b"TJ" else [operands[0]]:
                    if isinstance(string, str | bytes):
                        codes = string.get_original_bytes() if isinstance(string, str) else string
                        drawn.extend(current.get(code, "\ufffd") for code in codes)
    return "".join(drawn)


def page_texts(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


# --- the checks, for every kind -------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_pdf_passes_qpdf_embeds_its_fonts_and_says_what_it_is(kind, tmp_path):
    made = document(kind)
    data = made.data

    checked = run(program("qpdf", "qpdf"), "--check", data=data, tmp_path=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No syntax or stream encoding errors found" in checked.stdout

    fonts = pdffonts(data, tmp_path)
    assert fonts, "no fonts listed"
    assert [row.name for row in fonts if not row.embedded] == []  # e.g. Helvetica, emb no
    assert all(re.fullmatch(r"[A-Z]{6}\+[A-Za-z-]+", row.name) for row in fonts), fonts
    # One subset per tag: fonts that share a name are the same font program (ISO 32000 9.6.4).
    reader = pypdf.PdfReader(io.BytesIO(data))
    programs: dict[str, set[bytes]] = {}
    for row in fonts:
        programs.setdefault(row.name, set()).add(font_program(reader, row.object_id))
    assert {name: len(found) for name, found in programs.items() if len(found) > 1} == {}

    info = pdfinfo(data, tmp_path)
    for field in ("Title", "Author", "Subject"):
        assert info.get(field), (field, info)
    assert reader.trailer["/Root"]["/Lang"] == made.lang


@pytest.mark.parametrize("kind", KINDS)
def test_every_line_of_bangla_is_drawn_shaped(kind):
    data = document(kind).data
    drawn = "".join(drawn_glyphs(data).split())
    words = bangla_words(page_texts(data))
    assert words or kind in {"certificate-en", "apa-en", "sign-in-sheet-en"}
    unshaped = sorted(
        word
        for word in words
        if not any("".join(harfbuzz_glyph_run(word, f).split()) in drawn for f in BENGALI_FACES)
    )
    assert unshaped == []


@pytest.mark.parametrize("kind", KINDS)
def test_pdftotext_reads_the_text_as_written(kind):
    made = document(kind)
    result = subprocess.run(
        [program("pdftotext", "poppler-utils"), "-enc", "UTF-8", "-", "-"],
        input=made.data,
        capture_output=True,
        check=True,
    )
    text = "".join(unicodedata.normalize("NFC", result.stdout.decode()).split())
    for expected in made.texts:
        assert "".join(unicodedata.normalize("NFC", expected).split()) in text, expected


def tesseract_bengali() -> str:
    tesseract = program("tesseract", "tesseract-ocr")
    languages = subprocess.run(
        [tesseract, "--list-langs"], capture_output=True, text=True, check=False
    ).stdout.split()
    if "ben" not in languages:
        missing("tesseract's Bengali model", "apt-get install tesseract-ocr-ben")
    return tesseract


def ocr_words(data: bytes, tmp_path, *, top: float = 1.0, dpi: int = 300) -> list[str]:
    """The words tesseract's Bengali model reads on page 1 (its upper ``top`` part only)."""
    tesseract = tesseract_bengali()
    image = tmp_path / "page.png"
    bitmap = pypdfium2.PdfDocument(data)[0].render(scale=dpi / 72).to_pil()
    bitmap.crop((0, 0, bitmap.width, int(bitmap.height * top))).save(image)
    result = subprocess.run(
        [tesseract, str(image), "stdout", "-l", "ben", "--psm", "6"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # one core: the machine is shared
    )
    return unicodedata.normalize("NFC", result.stdout).split()


@pytest.mark.parametrize(
    ("kind", "top", "words"),
    [
        ("certificate-bn", 1.0, "মোহাম্মদ রফিকুল ইসলাম প্রশিক্ষণ"),
        ("sign-in-sheet-bn", 1.0, "পরিবর্তন মন্ত্রণালয় প্রাথমিক গণশিক্ষা"),
        ("apa-bn", 0.45, "উদ্দেশ্যের কর্মসম্পাদন অসাধারণ"),  # section 3's heads
    ],
)
def test_the_printed_bangla_reads_back_through_ocr(kind, top, words, tmp_path):
    read = ocr_words(document(kind).data, tmp_path, top=top)
    absent = [w for w in words.split() if unicodedata.normalize("NFC", w) not in read]
    assert absent == [], read
