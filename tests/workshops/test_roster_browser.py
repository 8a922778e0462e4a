"""Browser: an organiser opens a batch from the listing and works its roster, at 1366 and
360 px, in English and in Bangla (the admin follows the user's language)."""

import datetime as dt

import pytest

from tests import factories
from workshops.models import Nomination

Status = Nomination.Status

# Elements of the page's content whose right edge passes the window's (cut or scrolling).
OVERFLOWING = """() => Array.from(document.querySelectorAll('main *'))
    .filter(e => e.offsetParent !== null && !e.closest('header'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40))"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", ["en", "bn"])
@pytest.mark.parametrize("width", [1366, 360])
def test_an_organiser_promotes_from_the_wait_list_on_the_roster(
    chromium, live_server, client, organiser, language, width
):
    from wagtail.users.models import UserProfile

    organiser.preferred_language = language
    organiser.save()
    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = language
    profile.save()
    batch = factories.BatchFactory(capacity=2, start_date=dt.date(2015, 1, 12))
    factories.NominationFactory(batch=batch, status=Status.CONFIRMED, participant__name="Zaman")
    factories.NominationFactory(batch=batch, status=Status.CONFIRMED, participant__name="Ahmed")
    waiting = factories.NominationFactory(
        batch=batch, status=Status.WAITLISTED, waitlist_position=1, participant__name="Karim"
    )
    factories.NominationFactory(
        batch=batch,
        status=Status.NOMINATED,
        participant__name="A very long name of a nominated officer of the ministry",
    )
    client.force_login(organiser)
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/workshops/batches/")
        page.locator(f"a[href='/admin/workshops/batches/inspect/{batch.pk}/']").first.click()
        page.wait_for_url(f"**/admin/workshops/batches/inspect/{batch.pk}/")
        heading = {"en": "Wait-list (1)", "bn": "অপেক্ষমাণ তালিকা (১)"}[language]
        assert page.get_by_role("heading", name=heading).is_visible()
        assert page.evaluate(OVERFLOWING) == []
        page.screenshot(path=f"/tmp/roster-{language}-{width}.png", full_page=True)

        # The wait-list's first takes the seat Zaman frees.
        zaman = page.locator("tr", has_text="Zaman")
        zaman.get_by_role("button", name={"en": "Cancel", "bn": "বাতিল"}[language]).click()
        page.wait_for_load_state()
        waiting.refresh_from_db()
        assert waiting.status == Status.CONFIRMED
        confirmed = {"en": "Confirmed: 2 of 2 seats", "bn": "নিশ্চিত: ২ আসনের মধ্যে ২ টি"}
        assert page.get_by_role("heading", name=confirmed[language]).is_visible()
        assert page.evaluate(OVERFLOWING) == []
    finally:
        context.close()
