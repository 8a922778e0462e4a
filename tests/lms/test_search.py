"""Search shows each page once, in the reader's language where it has been translated."""

import re

import pytest

from lms.models import StandardPage
from tests import factories

pytestmark = pytest.mark.django_db


def _titles(client, url, query):
    html = client.get(url, {"q": query}).content.decode()
    return re.findall(r'<h2 class="card__title"><a href="([^"]+)">([^<]+)</a>', html)


def test_a_translated_page_is_found_once_in_the_readers_language(client, home):
    about = factories.add_page(home, StandardPage(title="About agreements", slug="about"))
    factories.add_page(home, StandardPage(title="Agreements explained", slug="explained"))
    factories.bangla(about)

    english = _titles(client, "/search/", "agreements")
    assert sorted(title for _url, title in english) == [
        "About agreements",
        "Agreements explained",
    ]

    bangla = _titles(client, "/bn/search/", "agreements")
    assert sorted(bangla) == [
        ("/bn/about/", "About agreements (বাংলা)"),
        ("/explained/", "Agreements explained"),
    ], "the Bangla reader gets the Bangla copy, and the original where there is none"


def test_a_bangla_reader_finds_the_bangla_copy_by_a_word_of_its_original(client, home):
    about = factories.add_page(home, StandardPage(title="About agreements", slug="about"))
    factories.bangla(about)
    page = StandardPage.objects.get(slug="about", locale__language_code="bn")
    page.title = "চুক্তি সম্পর্কে"
    page.save_revision().publish()

    assert _titles(client, "/bn/search/", "agreements") == [("/bn/about/", "চুক্তি সম্পর্কে")]
    assert _titles(client, "/bn/search/", "চুক্তি") == [("/bn/about/", "চুক্তি সম্পর্কে")]
    assert _titles(client, "/search/", "চুক্তি") == [("/about/", "About agreements")]
