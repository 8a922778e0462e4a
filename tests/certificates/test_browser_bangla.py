"""In Chromium: a reader switches the portal to Bangla, then checks a certificate in Bangla.

Both pages are screenshotted (under the test's tmp_path) and checked for their Bangla
title, drawn with the site's own Bangla font.
"""

import re

import pytest

from certificates.services import certificate_issue
from lms.translation import page_translate
from tests import factories
from tests.certificates.conftest import participant

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback restores the migrated rows.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOME_BN = "জিপিএমএস প্রশিক্ষণ পোর্টাল"


def _drawn_with(page, selector: str) -> set[str]:
    """The fonts Chromium actually drew the element's own text with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {font["familyName"] for font in fonts}


def _bangla_font_in_use(page) -> bool:
    """The site's Bangla face is loaded (not merely declared) and ready for Bangla text."""
    return page.evaluate(
        """() => [...document.fonts].some(
               (face) => face.family.replace(/"/g, "") === "Noto Sans Bengali"
                         && face.status === "loaded")
             && document.fonts.check('16px "Noto Sans Bengali"', 'সনদপত্র')"""
    )


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")


def test_switch_to_bangla_then_verify_a_certificate_in_bangla(browser_page, tmp_path, templates):
    home = factories.home_page()
    page_translate(page=home, language="bn", fields={"title": HOME_BN})
    batch = factories.BatchFactory(event=factories.event_page(title="Training of APA officers"))
    person = participant(name="Rahima Khatun", name_bn="রহিমা খাতুন")
    certificate = certificate_issue(kind="attendance", participant=person, subject=batch)
    page = browser_page

    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "GPMS Training Portal"
    page.get_by_role("link", name="বাংলা").click()
    page.wait_for_url(re.compile(r"/bn/$"))
    _settle(page)
    page.screenshot(path=tmp_path / "home-bn.png", full_page=True)
    assert page.locator("html").get_attribute("lang") == "bn"
    assert page.get_by_role("heading", level=1).inner_text() == HOME_BN
    assert page.title() == f"{HOME_BN} · জিপিএমএস প্রশিক্ষণ"
    assert _bangla_font_in_use(page)
    assert "Noto Sans Bengali" in _drawn_with(page, "h1")

    page.goto(f"/bn/verify/{certificate.code}/")
    _settle(page)
    page.screenshot(path=tmp_path / "certificate-bn.png", full_page=True)
    assert page.get_by_role("heading", level=1).inner_text() == "সনদপত্র যাচাই"
    assert page.title() == "সনদপত্র যাচাই · জিপিএমএস প্রশিক্ষণ"
    assert page.get_by_role("heading", name="বৈধ সনদপত্র").is_visible()
    assert page.get_by_text("রহিমা খাতুন").is_visible()
    assert page.get_by_text("উপস্থিতি সনদপত্র").is_visible()
    assert _bangla_font_in_use(page)
    assert "Noto Sans Bengali" in _drawn_with(page, "h1")
