"""README's nginx lines, run in Debian's nginx in front of the test server: a private file
reaches its holder through X-Accel-Redirect with the headers Django chose, and nobody reaches
it any other way (the internal location, /media/)."""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from certificates.services import certificate_issue
from lms.private_files import private_storage
from tests import outside
from tests.certificates.conftest import batch, event, fast_pdf, participant, templates

__all__ = ["batch", "event", "fast_pdf", "templates"]  # the certificates tests' fixtures

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def readme_nginx_block() -> str:
    """The nginx block of README's "Security" section, as operators copy it."""
    text = (ROOT / "README.md").read_text()
    security = text[text.index("## Security") :]
    return re.search(r"```nginx\n(.*?)```", security, re.S).group(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """nginx with README's block, the live test server as its upstream; its base URL."""
    binary = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
    binary = binary or outside.program("nginx", "nginx")  # skips (or fails in CI) without
    port = _free_port()
    block = (
        readme_nginx_block()
        .replace("/srv/gpms/media/", f"{settings.MEDIA_ROOT}/")
        .replace("/srv/gpms/private-media/", f"{settings.PRIVATE_MEDIA_ROOT}/")
        .replace("http://127.0.0.1:8000", live_server.url)
    )
    temp = "".join(
        f"{kind}_temp_path {tmp_path}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # its workers read tmp_path
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"{user}daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\naccess_log off;\n{temp}"
        f"server {{\nlisten 127.0.0.1:{port};\n{block}\n}}\n}}\n"
    )
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    process = subprocess.Popen([binary, "-p", str(tmp_path), "-c", str(config)])
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, session: str | None = None):
    request = urllib.request.Request(url)
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_nginx_sends_a_private_file_only_after_django_checked_who_asks(
    nginx, client, templates, batch, trainee, organiser
):
    own = certificate_issue(kind="attendance", participant=participant(user=trainee), subject=batch)
    pdf = private_storage().open(own.pdf.name).read()
    client.force_login(trainee)
    holder = client.cookies["sessionid"].value

    status, headers, body = get(f"{nginx}/certificates/{own.serial}.pdf", holder)
    assert status == 200 and body == pdf
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == f'attachment; filename="{own.serial}.pdf"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "private"
    assert "default-src 'self'" in headers["Content-Security-Policy"]  # Django's, passed on
    assert headers["Referrer-Policy"] == "same-origin"
    assert "X-Accel-Redirect" not in headers

    # Anonymous: sent to sign in. The internal location and public media: nothing.
    status, headers, _body = get(f"{nginx}/certificates/{own.serial}.pdf")
    assert status == 302 and "/accounts/login/" in headers["Location"]
    assert get(f"{nginx}/_private/{own.pdf.name}", holder)[0] == 404
    year = own.issued_on.year
    assert get(f"{nginx}/media/certificates/{year}/{own.serial}.pdf", holder)[0] == 404
    assert get(f"{nginx}/media/{own.pdf.name}", holder)[0] == 404
