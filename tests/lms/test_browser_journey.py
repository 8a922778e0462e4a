"""The first journey in a real browser: from the home page to an event, then an account."""

import re

import pytest
from django.core import mail

from tests import factories

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback restores the reference data
    # (ranks, organisations, Wagtail's root page) that the flush afterwards would remove.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-and-unusual-passphrase"


def test_visitor_finds_an_event_then_signs_up_confirms_logs_in_and_out(browser_page):
    page = browser_page
    programme = factories.programme_page(title="CoP Phase I")
    factories.event_page(programme, title="Training of mid-level APA officers", venue="Dhaka")

    page.goto("/")
    page.get_by_role("link", name="CoP Phase I").first.click()
    page.wait_for_url(re.compile(r"/cop-phase-1/$"))
    page.get_by_role("link", name="Training of mid-level APA officers").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Training of mid-level APA officers"
    )
    assert page.get_by_text("Planned participants").is_visible()

    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("officer@cabinet.gov.bd")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    assert len(mail.outbox) == 1
    confirm = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    page.goto(confirm.group(0))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_text("My pages").click()  # the signed-in menu
    assert page.get_by_role("link", name="My account", exact=True).is_visible()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill("officer@cabinet.gov.bd")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_text("My pages").click()
    page.get_by_role("link", name="My account", exact=True).click()
    assert page.get_by_text("officer@cabinet.gov.bd").first.is_visible()

    page.get_by_text("My pages").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="Sign in").first.is_visible()
    assert not page.get_by_role("link", name="My account", exact=True).is_visible()
