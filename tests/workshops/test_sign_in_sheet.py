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
from tests import factories
from tests.workshops.sessions_world import build_world
from workshops.models import Session, validate_sign_in_sheet

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
    assert "Monday 12 Jan 2015, 09:30–13:00" in text
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


SCAN_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
HTML_AS_PDF = b"<!doctype html><script>fetch('/accounts/me/')</script>"
SVG_AS_PNG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
)


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("scan.pdf", SCAN_PDF),
        ("sheet.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("photo of the sheet", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),  # no suffix
    ],
)
def test_a_real_scan_is_accepted_whatever_its_name(filename, content):
    validate_sign_in_sheet(SimpleUploadedFile(filename, content))


@pytest.mark.parametrize(
    ("filename", "content"),
    [("scan.pdf", HTML_AS_PDF), ("scan.png", SVG_AS_PNG), ("sheet.exe", b"MZ\x90\x00")],
)
def test_a_file_that_only_pretends_to_be_a_scan_is_refused(filename, content):
    with pytest.raises(ValidationError) as refused:
        validate_sign_in_sheet(SimpleUploadedFile(filename, content))
    message = refused.value.messages[0]
    assert filename in message and "is not a PDF, PNG or JPEG file" in message


def test_a_scan_over_the_size_limit_is_refused_naming_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", SCAN_PDF + b"0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError, match="at most 2 MB may be uploaded"):
        validate_sign_in_sheet(big)


def _session_form(world, session, scan):
    return {
        "batch": world.batch.pk,
        "starts_at": "2015-01-12 09:30",
        "ends_at": "2015-01-12 13:00",
        "topic": session.topic,
        "room": session.room,
        "sign_in_sheet": scan,
    }


def _upload_scan(client, world, session, scan):
    return client.post(f"/admin/sessions/edit/{session.pk}/", _session_form(world, session, scan))


def test_organiser_uploads_the_signed_scan_and_it_is_kept_privately(client, organiser, settings):
    world = build_world()
    session = world.sessions[0]
    client.force_login(organiser)
    assert client.get(f"/admin/sessions/edit/{session.pk}/").status_code == 200
    scan = SimpleUploadedFile("Karim's signed sheet.pdf", SCAN_PDF, "application/pdf")
    response = _upload_scan(client, world, session, scan)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(pk=session.pk)
    name = session.sign_in_sheet.name
    # A random name in the private storage: neither the original name nor a date to walk.
    assert name.startswith("sign-in-sheets/") and "Karim" not in name and "2015" not in name
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == SCAN_PDF
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.*"))
    assert session.sequence == 0  # the same time, topic and room: calendars need no update
    # The edit form links the checked view, never a storage address.
    form = client.get(f"/admin/sessions/edit/{session.pk}/").content.decode()
    scan_url = reverse("workshops:session_sign_in_scan", args=[session.pk])
    assert f'href="{scan_url}"' in form and "/media/" not in form and name not in form


def test_a_disguised_file_is_refused_in_the_admin_with_a_clear_message(client, organiser):
    world = build_world()
    session = world.sessions[0]
    client.force_login(organiser)
    response = _upload_scan(client, world, session, SimpleUploadedFile("scan.pdf", HTML_AS_PDF))
    assert response.status_code == 200
    assert "“scan.pdf” is not a PDF, PNG or JPEG file" in response.content.decode()
    assert not Session.objects.get(pk=session.pk).sign_in_sheet
    assert not any(p.is_file() for p in _private_files(session))


def _private_files(session):
    from django.conf import settings

    root = settings.PRIVATE_MEDIA_ROOT
    return list(root.rglob("*")) if root.exists() else []


@pytest.fixture
def scanned(client, organiser):
    world = build_world()
    session = world.sessions[0]
    client.force_login(organiser)
    scan = SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff\xe0 a signed sheet", "image/jpeg")
    assert _upload_scan(client, world, session, scan).status_code == 302
    client.logout()
    world.session = Session.objects.get(pk=session.pk)
    world.url = reverse("workshops:session_sign_in_scan", args=[session.pk])
    return world


def test_the_sessions_trainer_opens_the_scan_with_safe_headers(client, scanned):
    client.force_login(scanned.trainer_user)
    response = client.get(scanned.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0 a signed sheet"
    assert response["Content-Type"] == "image/jpeg"  # from the content, not the name
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('-signed.jpg"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    attendance_page = client.get(
        reverse("workshops:session_attendance", args=[scanned.session.pk])
    ).content.decode()
    assert f'href="{scanned.url}"' in attendance_page


def test_organisers_open_every_scan(client, scanned, organiser):
    client.force_login(organiser)
    assert client.get(scanned.url).status_code == 200


def test_trainees_and_other_trainers_do_not_open_a_scan(client, scanned):
    client.force_login(scanned.trainees[0].user)
    assert client.get(scanned.url).status_code == 403
    other_trainer = factories.UserFactory(group="Trainers", is_staff=True)
    factories.ParticipantFactory(user=other_trainer, email=other_trainer.email)
    client.force_login(other_trainer)
    assert client.get(scanned.url).status_code == 403
    client.logout()
    response = client.get(scanned.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_scan_is_not_under_the_public_media_address(client, scanned, settings):
    from tests.lms.test_private_files import public_media_get

    name = scanned.session.sign_in_sheet.name
    assert public_media_get(client, name).status_code == 404
    assert public_media_get(client, "sign-in-sheets/").status_code == 404


def test_a_session_without_a_scan_answers_404(client, organiser):
    world = build_world()
    client.force_login(organiser)
    url = reverse("workshops:session_sign_in_scan", args=[world.sessions[1].pk])
    assert client.get(url).status_code == 404


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


def test_a_replaced_scan_leaves_no_copy_behind(
    client, scanned, organiser, settings, django_capture_on_commit_callbacks
):
    old = settings.PRIVATE_MEDIA_ROOT / scanned.session.sign_in_sheet.name
    assert old.is_file()
    client.force_login(organiser)
    new_scan = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n a second scan", "image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload_scan(client, scanned, scanned.session, new_scan)
    assert response.status_code == 302
    stored = Session.objects.get(pk=scanned.session.pk).sign_in_sheet.name
    assert (settings.PRIVATE_MEDIA_ROOT / stored).is_file() and not old.exists()
