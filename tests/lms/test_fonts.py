"""Bangla web fonts: served by the site itself, from the files in static/fonts."""

import re
from pathlib import Path

from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css" / "fonts.css"
FONT_FACES = re.compile(r"@font-face\s*\{(.*?)\}", re.S)
URLS = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _faces() -> list[str]:
    return FONT_FACES.findall(CSS.read_text(encoding="utf-8"))


def test_the_stylesheet_loads_fonts_only_from_the_site_itself():
    urls = URLS.findall(CSS.read_text(encoding="utf-8"))
    assert urls, "fonts.css names no font files"
    for url in urls:
        assert not re.match(r"^([a-z]+:|//)", url), f"{url} is not a local file"
        assert (CSS.parent / url).resolve().is_file(), f"{url} does not exist"


def test_every_bengali_face_is_swapped_in_and_limited_to_bengali_text():
    faces = _faces()
    families = {re.search(r'font-family:\s*"([^"]+)"', face).group(1) for face in faces}
    assert families == {"Noto Sans Bengali", "Noto Serif Bengali"}
    for face in faces:
        assert "font-display: swap" in face
        ranges = re.search(r"unicode-range:\s*([^;]+);", face).group(1)
        assert {"U+0980-09FF", "U+200C-200D", "U+0964-0965"} <= {
            r.strip() for r in ranges.split(",")
        }
        # WOFF2 first (a third of the size), the TTF the PDFs use as the fallback.
        assert re.search(r'\.woff2"\) format\("woff2"\),\s*url\("[^"]+\.ttf"\)', face)


def test_the_woff2_files_are_woff2_and_the_same_fonts_as_the_ttfs():
    for url in URLS.findall(CSS.read_text(encoding="utf-8")):
        path = (CSS.parent / url).resolve()
        if path.suffix == ".woff2":
            data = path.read_bytes()
            assert data[:4] == b"wOF2", path.name
            assert path.with_suffix(".ttf").is_file(), f"{path.name} has no TTF original"
            # The WOFF2 header records the size of the sfnt it was made from.
            total_sfnt_size = int.from_bytes(data[16:20], "big")
            assert total_sfnt_size >= path.with_suffix(".ttf").stat().st_size * 0.9


def test_bangla_faces_lead_the_body_font_and_latin_keeps_the_system_font():
    css = CSS.read_text(encoding="utf-8")
    stack = re.search(r"--font:\s*([^;]+);", css).group(1)
    families = [f.strip().strip('"') for f in stack.split(",")]
    # First, so Chromium swaps it in once loaded; harmless to Latin text because the face
    # covers only Bengali code points (no range reaches below U+0964).
    assert families[:2] == ["Noto Sans Bengali", "system-ui"]
    assert families[-1] == "sans-serif"
    for face in _faces():
        ranges = re.search(r"unicode-range:\s*([^;]+);", face).group(1)
        starts = [int(r.strip()[2:].split("-")[0], 16) for r in ranges.split(",")]
        assert min(starts) >= 0x0964
    assert re.search(r"body\s*\{[^}]*font-family:\s*var\(--font\)", css)
    assert re.search(r"button,\s*input,\s*select,\s*textarea\s*\{\s*font-family: inherit", css)


def test_pages_link_the_font_stylesheet_and_bangla_pages_preload_the_font(client, home):
    response = client.get("/")
    assert response.status_code == 200
    english = response.content.decode()
    assert "/static/css/fonts.css" in english
    assert 'rel="preload"' not in english
    response = client.get("/bn/")
    assert response.status_code == 200
    bangla = response.content.decode()
    assert "/static/css/fonts.css" in bangla
    preloaded = re.findall(r'<link rel="preload" href="/static/fonts/([^"]+)"', bangla)
    assert preloaded == ["NotoSansBengali-Regular.woff2", "NotoSansBengali-Bold.woff2"]


def test_the_switcher_names_each_language_in_itself(client, home):
    english = client.get("/").content.decode()
    assert re.search(r'<a [^>]*language=bn[^>]*lang="bn"[^>]*>বাংলা</a>', english)
    bangla = client.get("/bn/").content.decode()
    assert re.search(r'<a [^>]*language=en[^>]*lang="en"[^>]*>English</a>', bangla)


def test_the_admin_draws_bangla_with_the_sites_font_and_keeps_wagtails_for_latin(client, organiser):
    client.force_login(organiser)
    html = client.get("/admin/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/fonts.css">' in html
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html
    admin_css = (CSS.parent / "admin.css").read_text(encoding="utf-8")
    stack = re.search(r"--w-font-sans:\s*([^;]+);", admin_css).group(1)
    families = [f.strip().strip('"') for f in stack.split(",")]
    assert families[0] == "Noto Sans Bengali" and "system-ui" in families
    # fonts.css gives the portal's body font; the admin's body goes back to Wagtail's stack.
    assert re.search(r"body\s*\{[^}]*font-family:\s*var\(--w-font-sans\)", admin_css)
