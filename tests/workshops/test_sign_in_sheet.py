"""The printable sign-in sheet (PDF through lms.pdf) and the upload of the signed scan."""

import io
import re
import unicodedata

import pypdfium2
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.formatting import to_bangla_digits
from tests.workshops.sessions_world import build_world
from workshops.models import SIGN_IN_SHEET_MAX_BYTES, Session, validate_sign_in_sheet

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(io.BytesIO(content))
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    return " ".join(text.split())  # cells wrap their text over lines


def test_the_sheet_lists_the_batch_session_and_names_in_both_languages(client):
    world = build_world()
    first = world.trainees[0]
    first.name_bn = "করিম উদ্দিন"
    first.designation = "Senior Assistant Secretary"
    first.save()
    client.force_login(world.trainer_user)
    response = client.get(reverse("workshops:session_sign_in_sheet", args=[world.sessions[0].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Sign-in sheet" in text
    assert world.batch.event.title in text
    assert "Topic 1" in text
    assert "Monday 12 January 2015, 09:30–13:00" in text
    assert first.name in text and "করিম উদ্দিন" in text
    assert "Senior Assistant Secretary" in text
    assert first.organisation.name in text
    assert "Signature" in text
    assert world.waitlisted.name not in text


def test_only_the_sessions_trainers_and_organisers_print_the_sheet(client):
    world = build_world()
    client.force_login(world.trainees[0].user)
    url = reverse("workshops:session_sign_in_sheet", args=[world.sessions[0].pk])
    assert client.get(url).status_code == 403


def test_a_scan_must_be_a_pdf_or_image_of_at_most_10_mb():
    validate_sign_in_sheet(SimpleUploadedFile("sheet.pdf", b"%PDF-1.4 ..."))
    validate_sign_in_sheet(SimpleUploadedFile("sheet.JPG", b"\xff\xd8\xff"))
    with pytest.raises(ValidationError):
        validate_sign_in_sheet(SimpleUploadedFile("sheet.exe", b"MZ"))
    big = SimpleUploadedFile("sheet.pdf", b"0" * (SIGN_IN_SHEET_MAX_BYTES + 1))
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        validate_sign_in_sheet(big)


def test_organiser_uploads_the_signed_scan_with_the_session(client, organiser):
    world = build_world()
    session = world.sessions[0]
    client.force_login(organiser)
    url = f"/admin/sessions/edit/{session.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "batch": world.batch.pk,
        "starts_at": "2015-01-12 09:30",
        "ends_at": "2015-01-12 13:00",
        "topic": session.topic,
        "room": session.room,
        "sign_in_sheet": SimpleUploadedFile("signed.pdf", b"%PDF-1.4 scanned", "application/pdf"),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(pk=session.pk)
    assert session.sign_in_sheet.name.startswith("sign-in-sheets/")
    assert session.sign_in_sheet.read() == b"%PDF-1.4 scanned"
    assert session.sequence == 0  # the same time, topic and room: calendars need no update
    data["sign_in_sheet"] = SimpleUploadedFile("virus.exe", b"MZ")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "not allowed" in response.content.decode()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_the_bangla_sheet_counts_in_bangla_digits(client):
    world = build_world()
    session = world.sessions[0]
    session.topic = "এপিএ প্রণয়ন"
    session.save()
    client.force_login(world.trainer_user)
    url = reverse("workshops:session_sign_in_sheet", args=[session.pk])
    response = client.get("/bn" + url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "হাজিরা শিট" in text
    # Serial numbers, the batch number, date and time in Bangla digits (the names and the
    # room are the data's own: "Officer 0", "Room 1").
    assert nfc("সোমবার ১২ জানুয়ারি ২০১৫, ০৯:৩০–১৩:০০") in nfc(text)
    assert not re.search(r"(ব্যাচ|সময়|নিশ্চিত) ?[0-9]", text)
    lines = pypdfium2.PdfDocument(response.content)[0].get_textpage().get_text_range()
    serials = [line for line in lines.split("\r\n") if line in {"১", "২", "৩"}]
    assert serials == ["১", "২", "৩"]
    assert f"ব্যাচ {to_bangla_digits(world.batch.number)}" in text
