"""The editor-managed menu and footer on Bangla pages: Bangla labels, Bangla URLs, fallback."""

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from lms.models import NewsIndexPage
from tests import factories


def _translate(page, title: str):
    """The page's Bangla translation, published, with its parents translated as needed."""
    translated = page.copy_for_translation(
        Locale.objects.get(language_code="bn"), copy_parents=True
    )
    translated.title = title
    translated.save_revision().publish()
    return translated


def _menu_links(html: str) -> list[tuple[str, str]]:
    menu = re.search(r'<ul class="site-nav__list">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', menu)


def _footer(html: str) -> str:
    return re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)


def _site(n_news_links: int = 0):
    """A home page and its Bangla translation, a news index with a Bangla translation, an
    about page without one, and the menu: news (no label), about (labels in both languages),
    programmes (an address, English label only) and `n_news_links` more links to the news."""
    home = factories.home_page()
    _translate(home, "হোম")
    news = factories.news_index()
    _translate(news, "সংবাদ")
    about = factories.standard_page(home, title="About us", slug="about")
    factories.NavigationLinkFactory(page=news)
    factories.NavigationLinkFactory(page=about, label="About", label_bn="পরিচিতি")
    factories.NavigationLinkFactory(url="/#programmes", label="Programmes")
    for i in range(n_news_links):
        factories.NavigationLinkFactory(page=news, label=f"News {i}")
    return home


def test_the_menu_on_bangla_pages_links_to_bangla_pages_with_bangla_labels(client, db):
    _site()
    links = _menu_links(client.get("/bn/").content.decode())
    assert links[:3] == [
        ("/bn/news/", "সংবাদ"),  # no label: the Bangla page's title and URL
        ("/about/", "পরিচিতি"),  # no Bangla page: the English page, the Bangla label
        ("/bn/#programmes", "Programmes"),  # Bangla label left empty: the English one
    ]
    english = _menu_links(client.get("/").content.decode())
    assert english[:3] == [("/news/", "News"), ("/about/", "About"), ("/#programmes", "Programmes")]


def test_the_footer_text_on_bangla_pages_is_the_bangla_one_or_else_the_english_one(client, db):
    _site()
    factories.site_settings(footer_text="Run by the Cabinet Division.")
    assert "Run by the Cabinet Division." in _footer(client.get("/bn/").content.decode())
    factories.site_settings(footer_text_bn="মন্ত্রিপরিষদ বিভাগ পরিচালিত।")
    assert "মন্ত্রিপরিষদ বিভাগ পরিচালিত।" in _footer(client.get("/bn/").content.decode())
    assert "Run by the Cabinet Division." in _footer(client.get("/").content.decode())


def _queries_of_a_bangla_page(client) -> int:
    cache.clear()  # the chrome is built (menu and translations loaded) for this request
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/bn/news/").status_code == 200
    return len(queries)


def test_the_bangla_menu_costs_the_same_queries_for_any_number_of_links(client, db):
    _site(n_news_links=1)
    few = _queries_of_a_bangla_page(client)
    news = NewsIndexPage.objects.get(locale__language_code="en", slug="news")
    for i in range(1, 6):
        factories.NavigationLinkFactory(page=news, label_bn=f"সংবাদ {i}")
    many = _queries_of_a_bangla_page(client)
    assert many == few
    assert ("/bn/news/", "সংবাদ 5") in _menu_links(client.get("/bn/news/").content.decode())
