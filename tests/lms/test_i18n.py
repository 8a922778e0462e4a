"""English and Bangla: URLs, the language choice, page fallback and translation completeness."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.lms.pofile import read_po

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "bn" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@pytest.fixture
def demo(demo_world):
    """The demo data, loaded once for the module (tests/conftest.py)."""


def h1(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def test_english_has_no_prefix_and_bangla_lives_under_bn(client, demo):
    assert h1(client.get("/cop-phase-1/")) == "CoP Phase I"
    response = client.get("/bn/cop-phase-1/")
    assert response.status_code == 200
    assert h1(response) == "কমিউনিটি অব প্র্যাকটিস (সিওপি) প্রথম পর্যায়"
    assert response["Content-Language"] == "bn"
    assert '<html lang="bn"' in response.content.decode()


def test_first_visit_follows_the_browser(client, demo):
    response = client.get("/cop-phase-1/", headers={"accept-language": "bn-BD,bn;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/bn/cop-phase-1/"


def test_the_switcher_remembers_the_choice(client, demo):
    response = client.post("/i18n/setlang/", {"language": "bn", "next": "/cop-phase-1/"})
    assert response.status_code == 302
    assert response["Location"] == "/bn/cop-phase-1/"
    # The choice now outweighs an English-speaking browser on unprefixed pages...
    response = client.get("/", headers={"accept-language": "en"})
    assert response["Location"] == "/bn/"
    # ...until the reader switches back.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/bn/cop-phase-1/"})
    assert response["Location"] == "/cop-phase-1/"
    assert client.get("/cop-phase-1/", headers={"accept-language": "bn"}).status_code == 200


def test_the_bangla_event_pages_describe_the_event_and_its_sessions_in_bangla(client, demo):
    from workshops.models import EventPage

    event = EventPage.objects.get(slug="apa-officers-training-2015", locale__language_code="bn")
    html = client.get(event.url).content.decode()
    assert "পাঁচ দিনের প্রশিক্ষণ" in html and "Five days" not in html
    timetable = html.split('id="timetable-title"', 1)[1].split("</section>", 1)[0]
    assert "জিপিএমএস: কেন কর্মসম্পাদন ব্যবস্থাপনা" in timetable
    assert "GPMS: why performance management" not in timetable


def test_admin_and_health_check_are_never_language_redirected(client, demo):
    client.cookies["django_language"] = "bn"
    assert client.get("/healthz").status_code == 200
    assert client.get("/admin/")["Location"].startswith("/accounts/login/") or client.get(
        "/admin/"
    )["Location"].startswith("/bn/accounts/login/")


def test_a_page_missing_in_bangla_falls_back_to_english_with_a_note(client, demo):
    response = client.get("/bn/news/179-officers-trained-to-prepare-apas/")
    assert response.status_code == 200
    assert h1(response) == "179 officers trained to prepare APAs"
    assert "shown in English" in response.content.decode() or "ইংরেজিতে" in (
        response.content.decode()
    )


def test_an_unknown_bangla_url_is_still_a_404(client, demo):
    assert client.get("/bn/no-such-page/").status_code == 404


# --- completeness of the interface translation ---------------------------------------------

TEXT_ATTRIBUTES = re.compile(r'\s(?:alt|title|placeholder|aria-label)="([^"{]*[A-Za-z][^"]*)"')
ALLOWED_WORDS = {"GPMS", "APA", "CoP", "PDF", "QR", "iCal", "CSV", "XLSX", "ZIP", "ID", "OK"}


def _unmarked_text(source: str) -> list[str]:
    """Text in a template that a reader sees but that is not inside a translation tag."""
    found = [m.group(1) for m in TEXT_ATTRIBUTES.finditer(source)]
    text = re.sub(r"\{% *comment *%\}.*?\{% *endcomment *%\}", " ", source, flags=re.S)
    text = re.sub(
        r"\{% *blocktrans(late)?\b.*?\{% *endblocktrans(late)? *%\}", " ", text, flags=re.S
    )
    # Blocks that hold CSS or class names, not text a reader sees.
    text = re.sub(
        r"\{% *block +(\w*(?:class|style|css|size|margin)\w*) *%\}.*?\{% *endblock[^%]*%\}",
        " ",
        text,
        flags=re.S,
    )
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>|<!--.*?-->", " ", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    for chunk in re.split(r"\s{2,}|\n", text):
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", chunk) if w not in ALLOWED_WORDS]
        if words:
            found.append(chunk.strip())
    return found


def test_every_template_string_is_marked_for_translation():
    problems = {}
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        unmarked = _unmarked_text(path.read_text(encoding="utf-8"))
        if unmarked:
            problems[str(path.relative_to(ROOT))] = unmarked[:5]
    assert problems == {}, "Text not marked for translation: " + repr(problems)


def test_the_unmarked_text_check_catches_plain_words():
    assert _unmarked_text("<p>Hello there</p>") == ["Hello there"]
    assert _unmarked_text('<img alt="Logo of the portal" src="x">') == ["Logo of the portal"]
    assert _unmarked_text('{% translate "Hello" %} <b>{{ name }}</b>') == []
    assert _unmarked_text("{% block body_class %}page-home{% endblock %}") == []


def test_every_bangla_message_is_translated_and_none_is_fuzzy():
    entries = [e for e in read_po(PO) if e.msgid]
    assert entries, "locale/bn/LC_MESSAGES/django.po is empty"
    missing = [e.msgid for e in entries if not e.translated]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert missing == [] and fuzzy == [], {"missing": missing[:20], "fuzzy": fuzzy[:20]}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_the_catalogue_has_every_string_of_the_code(tmp_path):
    """Re-extract the strings from a copy of the project; none may be new or untranslated."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "media", ".test-media", "staticfiles", "node_modules", "*.sqlite3*"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "bn", "--no-obsolete", "-i", "bench/*"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    entries = [e for e in read_po(copy / "locale/bn/LC_MESSAGES/django.po") if e.msgid]
    untranslated = [e.msgid for e in entries if not e.translated or "fuzzy" in e.flags]
    assert untranslated == [], f"{len(untranslated)} strings need Bangla: {untranslated[:20]}"


def test_the_compiled_catalogue_matches_the_po_file():
    with open(MO, "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in read_po(PO):
        if not entry.msgid or entry.msgid_plural or entry.msgctxt:
            continue
        assert catalogue.gettext(entry.msgid) == entry.msgstrs[0], entry.msgid


def test_the_switcher_is_a_link_that_remembers_the_choice(client, demo):
    """No form and no CSRF token on public pages: they stay cacheable for anonymous readers."""
    page = client.get("/cop-phase-1/")
    html = page.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert not page.cookies
    response = client.get("/i18n/setlang/", {"language": "bn", "next": "/cop-phase-1/"})
    assert response["Location"] == "/bn/cop-phase-1/"
    assert response.cookies["django_language"].value == "bn"


def test_the_switcher_refuses_to_send_readers_elsewhere(client, demo):
    response = client.get(
        "/i18n/setlang/", {"language": "bn", "next": "https://evil.example/phish"}
    )
    assert response["Location"] == "/bn/"
