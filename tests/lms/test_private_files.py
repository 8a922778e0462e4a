"""Private files: their storage, names, the check that keeps them out of public folders, and
the one response that serves them (development streams, production hands over to nginx)."""

import pytest
from django.core.checks.registry import registry
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import override_settings

from lms.private_files import (
    RandomName,
    check_private_root,
    private_file_response,
    private_storage,
)

PDF = b"%PDF-1.7\n% a certificate\n%%EOF\n"


def public_media_get(client, name: str):
    """GET MEDIA_URL + name from the public media server (tests/lms/public_media_urls.py)."""
    from django.conf import settings

    with override_settings(ROOT_URLCONF="tests.lms.public_media_urls"):
        return client.get(settings.MEDIA_URL + name)


def test_private_files_are_kept_outside_the_public_media_root(settings):
    name = private_storage().save("certificates/x.pdf", ContentFile(PDF))
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == PDF
    assert not (settings.MEDIA_ROOT / name).exists()


def test_a_private_file_has_no_public_address():
    with pytest.raises(ValueError, match="private file"):
        private_storage().url("certificates/x.pdf")


def test_names_are_random_and_keep_only_a_plain_suffix():
    upload_to = RandomName("sign-in-sheets")
    names = {upload_to(None, "Karim Uddin GPMS-2015-ATT-000123.PDF") for _ in range(100)}
    assert len(names) == 100
    for name in names:
        assert name.startswith("sign-in-sheets/") and name.endswith(".pdf")
        assert "Karim" not in name and "000123" not in name and len(name) == 15 + 32 + 4
    assert "." not in upload_to(None, "scan.p<d>f").rpartition("/")[2]
    assert "." not in upload_to(None, "no suffix").rpartition("/")[2]


def _errors(settings):
    assert check_private_root in registry.get_checks()  # run by `manage.py check`
    return [message for message in check_private_root() if message.id == "lms.E001"]


def test_the_deployment_check_refuses_a_private_root_inside_public_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert len(_errors(settings)) == 1
    settings.PRIVATE_MEDIA_ROOT = tmp_path  # holding the public root is as bad
    assert len(_errors(settings)) == 1
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    assert _errors(settings) == []


def test_in_development_the_file_is_streamed_with_safe_headers():
    name = private_storage().save("certificates/x.pdf", ContentFile(PDF))
    response = private_file_response(
        name, filename="GPMS-2015-ATT-000001.pdf", content_type="application/pdf"
    )
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="GPMS-2015-ATT-000001.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    assert "X-Accel-Redirect" not in response


def test_in_production_nginx_sends_the_file_from_its_internal_location(settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    name = private_storage().save("certificates/x.pdf", ContentFile(PDF))
    response = private_file_response(
        name, filename="সনদ ১.pdf", content_type="application/pdf", as_attachment=False
    )
    assert response["X-Accel-Redirect"] == f"/_private/{name}"
    assert response.content == b""  # nginx sends the body
    assert response["Content-Type"] == "application/pdf"
    # nginx keeps Content-Type, Content-Disposition and Cache-Control of an X-Accel-Redirect.
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''")
    assert response["Cache-Control"] == "private"


def test_a_record_pointing_at_no_file_answers_404_not_500():
    with pytest.raises(Http404):
        private_file_response("certificates/gone.pdf", filename="x.pdf", content_type="x/y")
    with pytest.raises(Http404):
        private_file_response("", filename="x.pdf", content_type="x/y")
