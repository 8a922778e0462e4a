"""In Chromium: switching to Bangla draws every Bengali word with the site's own Noto font."""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser_page(chromium):
    """A tab of the run's one Chromium (tests/conftest.py): Playwright's sync API starts once."""
    context = chromium.new_context(viewport={"width": 1100, "height": 800})
    yield context.new_page()
    context.close()


def _fonts_drawing_bengali(page) -> dict[str, set[str]]:
    """For each element with Bengali text of its own: the fonts Chromium drew it with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    drawn = {}
    selector = "a, button, h1, h2, h3, p, li, label, th, td"
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        html = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
        if any("\u0980" <= char <= "\u09ff" for char in html):
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            if fonts:  # an element whose text sits only in its children reports no fonts
                drawn[html[:80]] = {font["familyName"] for font in fonts}
    return drawn


def test_switching_to_bangla_draws_bengali_only_with_noto(live_server, browser_page, tmp_path):
    factories.home_page()
    page = browser_page

    def slow_font(route):
        # A slow line, as on a mobile network: the page is laid out before the font arrives,
        # so the swap to the web font must happen afterwards.
        page.wait_for_timeout(600)
        route.continue_()

    page.route("**/*.woff2", slow_font)
    page.goto(live_server.url + "/", wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="বাংলা").click()
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=tmp_path / "home-bn.png")

    assert page.url == live_server.url + "/bn/"
    assert page.locator("html").get_attribute("lang") == "bn"
    assert page.get_by_role("link", name="English").is_visible()
    drawn = _fonts_drawing_bengali(page)
    assert drawn, "no Bengali text on the Bangla home page"
    # Bengali glyphs come from the site's font, never from a system fallback (which draws
    # empty boxes where it lacks Bengali); Latin parts of an element may use a system font.
    assert {text: fonts for text, fonts in drawn.items() if "Noto Sans Bengali" not in fonts} == {}
