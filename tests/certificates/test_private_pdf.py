"""Certificate PDFs are private: a random name in the private storage, served only by the
download view, never under /media/; files saved publicly before move with one command."""

import io

import pytest
from django.core.management import call_command

from certificates.models import Certificate
from certificates.services import certificate_issue
from lms.private_files import private_storage
from tests.certificates.conftest import participant
from tests.lms.test_private_files import public_media_get
from workshops.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(templates, batch):
    return [
        certificate_issue(kind="attendance", participant=participant(), subject=batch)
        for _ in range(2)
    ]


def test_an_issued_pdf_is_private_under_a_name_that_says_nothing(issued, settings):
    for certificate in issued:
        name = certificate.pdf.name
        assert name.startswith("certificates/") and name.endswith(".pdf")
        assert certificate.serial not in name and str(certificate.issued_on.year) not in name
        assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes().startswith(b"%PDF")
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_nobody_walks_the_serials_under_media(client, issued, organiser):
    client.force_login(organiser)
    for certificate in issued:
        year = certificate.issued_on.year
        assert (
            public_media_get(client, f"certificates/{year}/{certificate.serial}.pdf").status_code
            == 404
        )
        assert public_media_get(client, certificate.pdf.name).status_code == 404
        assert client.get(f"/media/certificates/{year}/{certificate.serial}.pdf").status_code == 404


def test_the_holder_downloads_through_the_checked_view(client, templates, batch, trainee, settings):
    own = certificate_issue(kind="attendance", participant=participant(user=trainee), subject=batch)
    client.force_login(trainee)
    response = client.get(own.get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{own.serial}.pdf"'
    assert (
        response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private"
    )
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    response = client.get(own.get_download_url())
    assert response["X-Accel-Redirect"] == f"/_private/{own.pdf.name}"
    assert response.content == b""


def _make_public(certificate, settings) -> str:
    """Put a certificate's PDF where versions before private storage kept it."""
    legacy = f"certificates/{certificate.issued_on.year}/{certificate.serial}.pdf"
    path = settings.MEDIA_ROOT / legacy
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(private_storage().open(certificate.pdf.name).read())
    private_storage().delete(certificate.pdf.name)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=legacy)
    return legacy


def test_files_saved_publicly_before_move_and_a_second_run_changes_nothing(
    client, issued, batch, organiser, settings
):
    legacy = [_make_public(certificate, settings) for certificate in issued]
    contents = [(settings.MEDIA_ROOT / name).read_bytes() for name in legacy]
    session = batch.sessions.first()
    scan = settings.MEDIA_ROOT / "sign-in-sheets/2015/Karim signed.jpg"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(b"\xff\xd8\xff\xe0 scan")
    Session.objects.filter(pk=session.pk).update(
        sign_in_sheet="sign-in-sheets/2015/Karim signed.jpg"
    )
    stray = settings.MEDIA_ROOT / "imports/0f3c9a"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"Name,Mobile\nKarim,01711000000\n")
    photo = settings.MEDIA_ROOT / "original_images/banner.png"  # public media stays
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")

    out = io.StringIO()
    call_command("move_private_files", stdout=out)
    assert "moved 3 file(s) of records" in out.getvalue()
    assert "moved 1 file(s) without a record" in out.getvalue()
    for certificate, old, content in zip(issued, legacy, contents, strict=True):
        certificate.refresh_from_db()
        assert (
            certificate.pdf.name.startswith("certificates/")
            and certificate.serial not in certificate.pdf.name
        )
        assert (settings.PRIVATE_MEDIA_ROOT / certificate.pdf.name).read_bytes() == content
        assert public_media_get(client, old).status_code == 404
    session = Session.objects.get(pk=session.pk)
    assert "Karim" not in session.sign_in_sheet.name
    assert (
        settings.PRIVATE_MEDIA_ROOT / session.sign_in_sheet.name
    ).read_bytes() == b"\xff\xd8\xff\xe0 scan"
    assert (settings.PRIVATE_MEDIA_ROOT / "unreferenced/imports/0f3c9a").exists()
    assert {
        p.relative_to(settings.MEDIA_ROOT).as_posix()
        for p in settings.MEDIA_ROOT.rglob("*")
        if p.is_file()
    } == {"original_images/banner.png"}
    client.force_login(organiser)
    assert client.get(issued[0].get_download_url()).status_code == 200

    names = sorted(Certificate.objects.values_list("pdf", flat=True))
    again = io.StringIO()
    call_command("move_private_files", stdout=again)
    assert "moved 0 file(s) of records" in again.getvalue()
    assert "3 already private" in again.getvalue()
    assert "moved 0 file(s) without a record" in again.getvalue()
    assert sorted(Certificate.objects.values_list("pdf", flat=True)) == names
