"""Headers a security review expects: Content-Security-Policy and Referrer-Policy.

Every public and trainee page (every URL pattern outside the admin, and the pages of a small
portal with a trainee who has something on each) is answered with the site's policy, which
runs no inline script, and contains no inline script (a <script> without src that a browser
would run, or an on...= handler attribute). The Wagtail admin gets its own looser policy.
"""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.urlwalk import routes

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
# Types a browser does not run: data blocks such as json_script's and allauth's.
DATA_TYPES = re.compile(r"""\btype\s*=\s*["']?(application/(ld\+)?json|text/template)""", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def inline_scripts(html: str) -> list[str]:
    """Inline code in a page: <script> elements without src that a browser would run, and
    elements with event-handler attributes (onclick=...)."""
    found = [
        body.strip()[:80]
        for attributes, body in SCRIPT.findall(html)
        if "src=" not in attributes and not DATA_TYPES.search(attributes)
    ]
    return found + [match[:80] for match in HANDLER.findall(html)]


def test_the_check_finds_inline_scripts_and_handlers_and_allows_data_and_files():
    assert inline_scripts("<script>alert(1)</script>") == ["alert(1)"]
    assert inline_scripts('<script type="module">x()</script>') == ["x()"]
    assert inline_scripts('<input onclick="this.select()">') == ["<input onclick="]
    assert inline_scripts('<script src="/static/a.js" defer></script>') == []
    assert inline_scripts('<script id="d" type="application/json">{"a": 1}</script>') == []
    assert inline_scripts("<p>Click on=the button</p>") == []


def csp_directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_public_and_trainee_pages_carry_the_policy_and_no_inline_script(portal_world):
    trainee = Client()
    trainee.force_login(portal_world.trainee)
    visitors = {"anonymous": Client(), "trainee": trainee}
    public = [route for route in routes() if not route.template.startswith("/admin/")]
    checked, failures = 0, []
    for name, visitor in visitors.items():
        requests = [(route.path(), route.language) for route in public]
        requests += [(url, "en") for url in portal_world.pages + portal_world.addresses]
        for path, language in requests:
            with translation.override(language):
                response = visitor.get(path)
            if response.get("Content-Type", "").startswith("text/html") and not getattr(
                response, "streaming", False
            ):
                checked += 1
                policy = csp_directives(response.get("Content-Security-Policy", ""))
                if policy.get("script-src") != ["'self'"]:
                    failures.append((name, path, "policy", response.get("Content-Security-Policy")))
                if response.get("Referrer-Policy") != "same-origin":
                    failures.append((name, path, "referrer policy"))
                if found := inline_scripts(response.content.decode()):
                    failures.append((name, path, found))
    assert failures == []
    assert checked > 200  # the walk reached pages, not only redirects


def test_the_sites_policy_allows_only_its_own_scripts_styles_fonts_and_images(client, home):
    policy = csp_directives(client.get("/")["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]  # style attributes only: style-src-attr
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert all("nonce" not in value for values in policy.values() for value in values)


def test_a_page_from_the_page_cache_carries_the_same_policy(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get("/")
    second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Referrer-Policy"] == "same-origin"


def test_the_admin_has_its_own_policy(client, organiser):
    client.force_login(organiser)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]  # Wagtail's date widgets
    assert policy["object-src"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    # Nothing from other sites, such as avatars from gravatar.com.
    assert "gravatar" not in response.content.decode()


def test_check_deploy_is_clean_with_the_production_variables(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k" * 20 + "Vq3x9Zp2Lm8Rt5Yw1Nb7Hc4Jd6Fg0Ks",
        "DJANGO_ALLOWED_HOSTS": "training.example.gov.bd",
        "PORTAL_BASE_URL": "https://training.example.gov.bd",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_HOST": "smtp.example.gov.bd",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
