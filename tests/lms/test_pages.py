"""Public pages: what they show, how many queries they cost, and the anonymous page cache."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string

from lms.models import NavigationLink, NewsIndexPage, ResourcePage
from lms.page_cache import GENERATION_KEY
from tests import factories
from workshops.models import EventPage, Rank

pytestmark = pytest.mark.django_db


def build_portal(n: int) -> dict:
    """A portal with one programme of `n` events, `n` news items and `n` resources."""
    home = factories.home_page()
    portal = {
        "home": home,
        "programme": factories.programme_page(),
        "news": factories.news_index(),
        "resources": factories.resource_index(),
    }
    add_content(portal, 0, n)
    _menu(home, portal["news"], portal["resources"])
    return portal


def add_content(portal: dict, start: int, n: int) -> None:
    """Add events, news items and resources numbered start .. start + n - 1."""
    ranks = list(Rank.objects.all()[:3])
    for i in range(start, start + n):
        event = factories.event_page(
            portal["programme"],
            title=f"Training batch {i}",
            slug=f"batch-{i}",
            start_date=dt.date(2015, 1, 1) + dt.timedelta(days=i),
            end_date=dt.date(2015, 1, 2) + dt.timedelta(days=i),
            agenda=[
                ("item", {"day": 1 + i % 2, "title": f"Topic {i}", "start": dt.time(9, 0)}),
                ("item", {"day": 1, "title": "Opening", "start": dt.time(8, 30)}),
            ],
        )
        event.audience.set(ranks)
        event.save_revision().publish()
        portal["event"] = event
        factories.news_page(portal["news"], title=f"News {i}", date=dt.date(2015, 1, 1 + i % 28))
        kind = ResourcePage.Kind.REPORT if i % 2 else ResourcePage.Kind.STUDY
        factories.resource_page(portal["resources"], title=f"Resource {i}", kind=kind)


def _menu(home, *pages) -> None:
    for page in pages:
        factories.NavigationLinkFactory(page=page)
    factories.NavigationLinkFactory(url="/search/", label="Find")


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.mark.parametrize("name", ["home", "programme", "event", "news", "resources"])
def test_public_pages_cost_at_most_ten_queries_however_much_content(
    client, no_page_cache, django_assert_max_num_queries, name
):
    """Measured without the page cache, with 2 and then 14 events, news items and resources."""
    portal = build_portal(2)
    counts = []
    for more in (12, 0):
        client.get(portal[name].url)  # the first view after a publish rebuilds the site chrome
        with django_assert_max_num_queries(10) as queries:
            assert client.get(portal[name].url).status_code == 200
        counts.append(len(queries))
        add_content(portal, 2, more)
    assert counts[0] == counts[1], [q["sql"] for q in queries.captured_queries]


def test_home_shows_programmes_with_their_events_and_latest_news(client):
    portal = build_portal(3)
    html = client.get("/").content.decode()
    assert portal["programme"].title in html
    assert "Training batch 0" in html and "Training batch 2" in html
    assert "News 2" in html
    assert 'href="/search/"' in html and ">Find<" in html  # menu from the settings


def test_programme_page_lists_its_events_as_cards_with_audience_and_numbers(client):
    portal = build_portal(2)
    html = client.get(portal["programme"].url).content.decode()
    assert html.count('class="card event-card"') == 2
    assert "Planned participants" in html and "179" in html


def test_event_page_groups_the_agenda_by_day_and_lists_documents_and_ranks(client):
    portal = build_portal(2)
    event = portal["event"]
    factories.event_document(event, title="Concept note")
    event.venue = "BCS Administration Academy"
    event.save_revision().publish()
    html = client.get(event.url).content.decode()
    day1, day2 = html.index("Day 1"), html.index("Day 2")
    # Day 1 holds the opening (08:30) before nothing else; batch 1's topic is on day 2.
    assert day1 < html.index("Opening") < day2 < html.index("Topic 1")
    assert "Concept note" in html
    assert "BCS Administration Academy" in html
    assert Rank.objects.first().name in html
    assert "2 days" in html


def test_agenda_days_are_sorted_by_day_and_start_time():
    event = EventPage(
        title="x",
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2015, 1, 2),
        agenda=[
            ("item", {"day": 2, "title": "Closing", "start": dt.time(16, 0)}),
            ("item", {"day": 1, "title": "Lunch", "start": dt.time(13, 0)}),
            ("item", {"day": 1, "title": "Opening", "start": dt.time(9, 0)}),
        ],
    )
    days = event.agenda_days
    assert [day for day, _ in days] == [1, 2]
    assert [item["title"] for item in days[0][1]] == ["Opening", "Lunch"]


def test_resources_can_be_filtered_by_kind(client):
    portal = build_portal(4)
    html = client.get(portal["resources"].url + "?kind=report").content.decode()
    assert "Resource 1" in html and "Resource 3" in html
    assert "Resource 0" not in html
    unknown = client.get(portal["resources"].url + "?kind=nonsense").content.decode()
    assert "Resource 0" in unknown and "Resource 1" in unknown


def test_news_index_is_paginated(client):
    portal = build_portal(14)
    first = client.get(portal["news"].url).content.decode()
    second = client.get(portal["news"].url + "?page=2").content.decode()
    assert first.count('<li class="card">') == 12
    assert second.count('<li class="card">') == 2


def test_search_finds_pages_and_paginates(client):
    home = factories.home_page()
    for i in range(12):
        factories.standard_page(home, title=f"Performance agreement guide {i}")
    first = client.get("/search/", {"q": "agreement"}).content.decode()
    assert "12 results" in first and "Page 1 of 2" in first
    second = client.get("/search/", {"q": "agreement", "page": 2}).content.decode()
    assert second.count('<li class="card">') == 2
    assert "q=agreement&amp;page=1" in second


def test_footer_shows_the_support_address_editors_set(client):
    factories.site_settings(
        support_email="help@gpms.example.org", footer_text="Run by the Cabinet Division."
    )
    html = client.get("/").content.decode()
    assert "mailto:help@gpms.example.org" in html and "Run by the Cabinet Division." in html


def test_organisers_edit_the_menu_and_footer_in_the_admin(client, organiser):
    site = factories.home_page().get_site()
    client.force_login(organiser)
    menu = client.get(f"/admin/settings/lms/navigationsettings/{site.pk}/")
    assert menu.status_code == 200 and "Menu links" in menu.content.decode()
    footer = client.get(f"/admin/settings/lms/sitesettings/{site.pk}/")
    assert footer.status_code == 200 and "Support e-mail" in footer.content.decode()


def test_a_menu_link_needs_a_page_or_an_address():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        NavigationLink(label="Nowhere").clean()
    with pytest.raises(ValidationError):
        NavigationLink(url="/search/").clean()  # an address needs a label
    NavigationLink(url="/search/", label="Search").clean()


def test_server_error_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "Something went wrong" in html and "site.css" in html


# --- the anonymous page cache ----------------------------------------------------------


def test_a_repeated_anonymous_view_is_served_from_the_cache_with_one_query(
    client, django_assert_num_queries
):
    portal = build_portal(2)
    first = client.get(portal["event"].url)
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(1):
        second = client.get(portal["event"].url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.parametrize("change", ["publish", "unpublish", "move", "delete", "menu"])
def test_changing_any_page_or_the_menu_invalidates_the_cache(client, change):
    portal = build_portal(2)
    url = portal["home"].url
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    event = EventPage.objects.get(slug="batch-0")
    if change == "publish":
        event.title = "Renamed batch"
        event.save_revision().publish()
    elif change == "unpublish":
        event.unpublish()
    elif change == "move":
        event.move(factories.programme_page(slug="phase-2", title="Phase II"), "last-child")
    elif change == "delete":
        event.delete()
    else:
        link = NavigationLink.objects.get(url="/search/")  # as the menu's editor saves it
        link.label = "Changed"
        link.save()
    response = client.get(url)
    assert "X-Page-Cache" not in response
    if change == "publish":
        assert "Renamed batch" in response.content.decode()
    if change in ("unpublish", "delete"):
        assert "Training batch 0" not in response.content.decode()
    if change == "menu":
        assert ">Changed<" in response.content.decode()


def test_logged_in_visitors_never_get_or_fill_the_cache(client, trainee):
    portal = build_portal(2)
    client.force_login(trainee)
    client.get(portal["home"].url)
    response = client.get(portal["home"].url)
    assert "X-Page-Cache" not in response
    assert "My account" in response.content.decode()
    client.logout()
    client.cookies.clear()
    anonymous = client.get(portal["home"].url)
    assert "X-Page-Cache" not in anonymous  # the logged-in views were not stored
    assert "My account" not in anonymous.content.decode()


def test_visitors_with_messages_are_not_served_from_the_cache(client):
    portal = build_portal(2)
    client.get(portal["home"].url)
    client.cookies["messages"] = "something"
    assert "X-Page-Cache" not in client.get(portal["home"].url)


def test_the_cache_is_keyed_by_language(client):
    build_portal(2)
    client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get("/bn/")  # the Bangla page is an entry of its own
    assert client.get("/bn/")["X-Page-Cache"] == "hit"
    # A reader who prefers Bangla is sent to /bn/, never served the English entry.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="bn")["Location"] == "/bn/"


def test_not_found_and_non_page_views_are_not_cached(client):
    build_portal(2)
    client.get("/no-such-page/")
    assert client.get("/no-such-page/").status_code == 404
    assert "X-Page-Cache" not in client.get("/no-such-page/")
    client.get("/search/?q=batch")
    assert "X-Page-Cache" not in client.get("/search/?q=batch")


def test_the_database_cache_table_works():
    """The default settings keep the cache (rate limits, pages) in the `lms_cache` table."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    if not isinstance(caches["default"], DatabaseCache):
        pytest.skip("REDIS_URL is set: the cache is Redis")
    cache.set("probe", {"answer": 42}, 30)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM lms_cache")
        assert cursor.fetchone()[0] >= 1
    assert cache.get("probe") == {"answer": 42}
    cache.set(GENERATION_KEY, "7")
    assert cache.get_many([GENERATION_KEY, "probe"]) == {
        GENERATION_KEY: "7",
        "probe": {"answer": 42},
    }


def test_routing_answers_like_wagtail_for_drafts_and_unknown_paths(client):
    portal = build_portal(2)
    event = portal["event"]
    assert client.get(event.url).status_code == 200
    assert client.get(portal["programme"].url + "no-such-event/").status_code == 404
    assert client.get(event.url + "deeper/").status_code == 404
    event.unpublish()
    assert client.get(event.url).status_code == 404


def test_breadcrumbs_lead_back_to_the_programme(client):
    portal = build_portal(2)
    html = client.get(portal["event"].url).content.decode()
    assert f'<li><a href="{portal["programme"].url}">{portal["programme"].title}</a></li>' in html


def test_made_up_query_strings_are_served_but_never_fill_the_cache(client):
    """An attacker requesting /?x=1, /?x=2, ... must not fill (and so empty) the page cache."""
    portal = build_portal(2)
    url = portal["home"].url
    for number in range(3):
        response = client.get(f"{url}?x={number}")
        assert response.status_code == 200
    assert "X-Page-Cache" not in client.get(f"{url}?x=0")
    # Tracking parameters are left out of the key: the visitor gets the page's cached copy.
    client.get(url)
    assert client.get(f"{url}?utm_source=newsletter&fbclid=abc")["X-Page-Cache"] == "hit"


def test_a_list_is_cached_per_page_number_it_really_has(client):
    build_portal(2)
    news = NewsIndexPage.objects.get()
    client.get(f"{news.url}?page=2")
    assert client.get(f"{news.url}?page=2")["X-Page-Cache"] == "hit"
    client.get(f"{news.url}?page=two")
    assert "X-Page-Cache" not in client.get(f"{news.url}?page=two")
    client.get(f"{news.url}?page=2&page=3")
    assert "X-Page-Cache" not in client.get(f"{news.url}?page=2&page=3")
