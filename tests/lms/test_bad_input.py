"""No server error from bad input, whatever text reaches an address of the public site.

A property test (hypothesis) feeds arbitrary text to every URL parameter and to the query
string of every public and trainee page: every pattern of the urlconf outside the Wagtail
admin, the libraries' own included (tests/urlwalk.py), and the live pages of a small portal.
Each request comes from an anonymous visitor or a signed-in trainee who has a batch, a
session, a practice APA and a certificate, and must not be answered with a 5xx.

Parameters get arbitrary text, or the id or code of a real object of that world, so that
the query string also reaches real pages. The query keys are the ones the views read
(recorded while every page is requested once) and arbitrary ones.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.urlwalk import routes

pytestmark = [
    pytest.mark.django_db,
    # The page cache keys long addresses as they come; fine for Redis and the database cache.
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

# Examples per URL pattern (each in English or Bangla): ~90 patterns make ~600 requests.
EXAMPLES_WITH_PARAMETERS = 10
EXAMPLES_WITHOUT = 3
ADMIN = "/admin/"


@contextmanager
def query_keys_read():
    """The query-string keys views ask for (get, [], getlist, in) while the block runs."""
    keys: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "__getitem__", "getlist")}

    def spy(name):
        def read(self, key, *args, **kwargs):
            keys.add(key)
            return originals[name](self, key, *args, **kwargs)

        return read

    for name in originals:
        setattr(QueryDict, name, spy(name))
    try:
        yield keys
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


def test_no_server_error_from_any_text_in_public_and_trainee_addresses(portal_world):
    world = portal_world
    public = [route for route in routes() if not route.template.startswith(ADMIN)]
    visitors = {"anonymous": Client(), "trainee": Client()}
    visitors["trainee"].force_login(world.trainee)

    with query_keys_read() as keys:
        for visitor in visitors.values():
            for route in public:
                with translation.override(route.language):
                    visitor.get(route.path())
            for url in world.pages + world.addresses:
                visitor.get(url)
    assert {"q", "page", "kind", "next"} <= keys  # the recording works

    query = st.dictionaries(
        st.sampled_from(sorted(keys)) | st.text(max_size=10), st.text(max_size=40), max_size=3
    )
    parameter = st.sampled_from(world.ids + world.codes) | st.text(max_size=40)
    twins = defaultdict(list)  # a pattern inside i18n_patterns, in English and in Bangla
    for route in public:
        twins[id(route.pattern)].append(route)

    def check(addresses: list, params: list[str], examples: int):
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(
            address=st.sampled_from(addresses),
            values=st.fixed_dictionaries(dict.fromkeys(params, parameter)),
            query=query,
            visitor=st.sampled_from(sorted(visitors)),
        )
        def request(address, values, query, visitor):
            path = address.path(values)
            with translation.override(address.language):
                response = visitors[visitor].get(path, query)
            assert response.status_code < 500, (visitor, path, query, str(address))

        request()

    for addresses in twins.values():
        params = addresses[0].params
        check(addresses, params, EXAMPLES_WITH_PARAMETERS if params else EXAMPLES_WITHOUT)
    for url in world.pages + world.addresses:
        check([LivePage(url)], [], EXAMPLES_WITHOUT)


@dataclass(frozen=True)
class LivePage:
    """A page of a real object, requested at its URL (only the query string varies)."""

    url: str
    language: str = "en"

    def path(self, values: dict) -> str:
        return self.url


@pytest.mark.parametrize(
    "address",
    ["/certificates/%00.pdf", "/search/?q=a%00b", "/workshops/calendar/%00.ics", "/?%00=1"],
)
def test_a_nul_character_in_the_address_is_a_bad_request_with_a_page_saying_so(
    client, trainee, address
):
    """PostgreSQL refuses NUL in text: without this answer these were server errors there."""
    client.force_login(trainee)
    response = client.get(address)
    assert response.status_code == 400
    assert "This address is not valid" in response.content.decode()


def test_the_bad_request_page_of_a_bangla_address_is_in_bangla(client):
    response = client.get("/bn/search/?q=a%00b")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'lang="bn"' in page and "এই ঠিকানাটি বৈধ নয়" in page and 'href="/bn/"' in page
