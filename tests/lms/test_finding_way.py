"""Finding one's way (issue 17): the menu each role sees, the logo and the news of the Bangla
pages, the user bar for editors only, and what search results call a page."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from lms.models import NewsIndexPage, NewsPage, StandardPage
from tests import factories

pytestmark = pytest.mark.django_db

EVERYONE = ["/courses/", "/verify/"]
TRAINEE = ["/courses/my/", "/workshops/my/attendance/", "/certificates/mine/", "/sandbox/"]
TRAINER = ["/courses/teaching/", "/workshops/my/sessions/"]


def _menu_links(html: str) -> set[str]:
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', header))


@pytest.fixture
def home(db):
    return factories.home_page()


def test_visitors_find_e_learning_and_verification_but_no_personal_places(client, home):
    links = _menu_links(client.get("/").content.decode())
    assert set(EVERYONE) <= links
    assert not (set(TRAINEE) | set(TRAINER)) & links
    assert "/admin/" not in links


def test_a_trainee_finds_their_four_places(client, home, trainee):
    client.force_login(trainee)
    links = _menu_links(client.get("/").content.decode())
    assert set(EVERYONE) | set(TRAINEE) <= links
    assert not set(TRAINER) & links and "/admin/" not in links


def test_a_trainer_finds_their_teaching_and_sessions(client, home, trainer):
    client.force_login(trainer)
    links = _menu_links(client.get("/").content.decode())
    assert set(EVERYONE) | set(TRAINER) <= links
    assert not set(TRAINEE) & links


def test_an_organiser_finds_the_admin(client, home, organiser):
    client.force_login(organiser)
    links = _menu_links(client.get("/").content.decode())
    assert "/admin/" in links and set(EVERYONE) <= links


def test_every_place_of_the_menu_opens_for_its_role(client, home, trainee, trainer):
    factories.course_index()
    for user, places in [(trainee, TRAINEE), (trainer, TRAINER)]:
        client.force_login(user)
        for address in places + EVERYONE:
            response = client.get(address, follow=True)
            assert response.status_code == 200, address


def test_e_learning_opens_the_course_index_in_the_readers_language(client, home):
    index = factories.course_index()
    factories.bangla(index)
    assert client.get("/courses/")["Location"] == index.url
    assert client.get("/bn/courses/")["Location"].startswith("/bn/")


def test_my_learning_links_to_certificates_and_practice_apas(client, trainee):
    client.force_login(trainee)
    html = client.get(reverse("courses:my_learning")).content.decode()
    main = html.split('id="main"', 1)[1]
    assert 'href="/certificates/mine/"' in main and 'href="/sandbox/"' in main


# --- Bangla pages: the logo and the news ---------------------------------------------------


def _news_world(home):
    index = factories.add_page(home, NewsIndexPage(title="News", slug="news"))
    items = [
        factories.add_page(
            index, NewsPage(title=f"Item {i}", slug=f"item-{i}", date=dt.date(2015, 1, 10 + i))
        )
        for i in range(3)
    ]
    bn_home = factories.bangla(home)  # translates the tree: index and all three items
    # Only item 1 keeps its Bangla translation; the other two are English only.
    for item in (items[0], items[2]):
        translation_of = item.get_translations().get()
        translation_of.delete()
    return index, items, bn_home


def test_the_bangla_logo_goes_to_the_bangla_home(client, home):
    factories.bangla(home)
    html = client.get("/bn/").content.decode()
    assert re.search(r'<a class="brand" href="/bn/"', html)
    assert re.search(r'<a class="brand" href="/"', client.get("/").content.decode())


def test_the_bangla_home_and_news_index_follow_one_fallback_rule(client, home):
    _index, items, _bn_home = _news_world(home)
    bangla_item = items[1].get_translations().get()
    expected = {f"/news/item-{i}/" for i in (0, 2)} | {bangla_item.url}
    for address in ["/bn/", "/bn/news/"]:
        html = client.get(address).content.decode()
        linked = set(re.findall(r'href="(/(?:bn/)?news/item-\d/)"', html))
        assert linked == expected, address
        assert "Item 1 (বাংলা)" in html and "Item 0" in html and "Item 2" in html
        assert "/news/item-1/" not in linked  # the translation, not the original
    assert bangla_item.url.startswith("/bn/")


def test_the_news_index_keeps_its_query_count_as_news_grows(client, home):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index, _items, _bn = _news_world(home)

    def queries() -> int:
        cache.clear()  # the anonymous page cache would answer from one query
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/bn/news/").status_code == 200
        return len(captured.captured_queries)

    queries()  # warm what is cached per process (site, locales)
    before = queries()
    for i in range(3, 15):
        factories.add_page(
            index, NewsPage(title=f"Item {i}", slug=f"item-{i}", date=dt.date(2015, 2, i))
        )
    assert queries() == before


# --- Wagtail's user bar --------------------------------------------------------------------


def test_the_user_bar_is_shown_to_editors_only(client, home, organiser, trainer, trainee):
    page = factories.add_page(home, StandardPage(title="About", slug="about"))
    client.force_login(organiser)
    assert "wagtail-userbar" in client.get(page.url).content.decode()
    for user in (trainer, trainee):
        client.force_login(user)
        assert "wagtail-userbar" not in client.get(page.url).content.decode()


# --- Search results ------------------------------------------------------------------------


def test_search_results_say_what_a_reader_calls_each_page(client, home):
    factories.add_page(home, NewsIndexPage(title="News", slug="news"))
    news_index = NewsIndexPage.objects.get()
    factories.add_page(
        news_index, NewsPage(title="Agreement news", slug="n", date=dt.date(2015, 1, 1))
    )
    factories.event_page(title="Agreement workshop", slug="agreement-workshop")
    factories.course(title="Agreement course", modules={"Agreements": ["Agreement lesson"]})
    html = client.get("/search/", {"q": "agreement"}).content.decode()
    labels = re.findall(r'<p class="card__meta">([^<]+)</p>', html)
    assert {"News", "Event", "Course", "Lesson"} <= set(labels), labels
    assert not [label for label in labels if label.lower().endswith(" page")], labels
    html = client.get("/bn/search/", {"q": "agreement"}).content.decode()
    bangla = re.findall(r'<p class="card__meta">([^<]+)</p>', html)
    assert len(bangla) == len(labels) and not {"News", "Event", "Course", "Lesson"} & set(bangla)
