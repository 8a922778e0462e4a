"""The certificate PDF itself: its QR code leads to the verification page, Bangla is shaped."""

import io
import unicodedata

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from certificates.rendering import certificate_pdf
from certificates.services import certificate_issue
from tests import factories
from tests.certificates.conftest import participant
from tests.lms.test_pdf import (
    drawn_glyphs,
    harfbuzz_glyph_run,
    needs_ocr,
    page_text,
    read_back,
    without_spaces,
)

pytestmark = pytest.mark.django_db

NAME_BN = "মোহাম্মদ রফিকুল ইসলাম"


@pytest.fixture
def fast_pdf():
    """Render for real in this module (overrides the conftest's quick stand-in)."""


@pytest.fixture
def certificate(batch, settings):
    settings.PORTAL_BASE_URL = "https://training.example.gov.bd"
    template = factories.CertificateTemplateFactory(kind="attendance", language="both")
    factories.SignatoryFactory(template=template)
    person = participant(name="Md. Rafiqul Islam", name_bn=NAME_BN)
    return certificate_issue(kind="attendance", participant=person, subject=batch)


def qr_codes(data: bytes) -> list[str]:
    image = pypdfium2.PdfDocument(data)[0].render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_qr_code_decodes_to_the_verification_url(certificate):
    with certificate.pdf.open("rb") as handle:
        data = handle.read()
    url = f"https://training.example.gov.bd/verify/{certificate.code}/"
    assert qr_codes(data) == [url]
    text = page_text(data)
    assert url in text  # printed too, for those without a phone
    assert certificate.serial in text


def test_pdf_is_one_page_with_name_serial_and_dates(certificate):
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Md. Rafiqul Islam" in text
    assert "12–13 Jan 2015" in text  # one range, written once


def test_bangla_name_is_drawn_shaped(certificate):
    with certificate.pdf.open("rb") as handle:
        drawn = without_spaces(drawn_glyphs(handle.read()))
    shaped = without_spaces(harfbuzz_glyph_run(NAME_BN, "NotoSerifBengali-Bold"))
    assert shaped in drawn
    assert without_spaces(NAME_BN) not in drawn  # the unshaped, character-by-character run


@needs_ocr
def test_bangla_name_reads_back_through_ocr(batch, tmp_path):
    template = factories.CertificateTemplateFactory(
        kind="attendance", language="bn", body_bn="{name} {dates} তারিখে অংশগ্রহণ করেছেন।"
    )
    person = participant(name="Md. Rafiqul Islam", name_bn=NAME_BN)
    certificate = certificate_issue(
        kind="attendance", participant=person, subject=batch, template=template
    )
    text = read_back(certificate_pdf(certificate), tmp_path)
    assert without_spaces(unicodedata.normalize("NFC", NAME_BN)) in without_spaces(text)
