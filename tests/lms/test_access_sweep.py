"""Least privilege, held for every address: the sweep over every URL pattern and role.

Every URL pattern of the project (the libraries' own included, tests/urlwalk.py) is requested
with GET by eight people of a small world (tests/access_world.py): anonymous, trainee A who owns
the objects, another trainee B, A's trainer T, another trainer U, an organiser, and the focal
points F of A's ministry and G of another. Each answer
must be the one the access table (tests/access_table.py) declares for that pattern and role;
a page declared BLIND must not show A's name. Where the table declares POST outcomes (or a page
holds a form that posts to itself, which then must be declared), the same eight POST to it too,
the fields of that form as a browser would send them, each inside a savepoint that is rolled
back, so that no request changes what the next sees. (In the admin, whom GET sends to sign
in is not asked again by POST: Wagtail's admin guard is the same for both.)

A pattern that no row of the table matches fails the sweep: a new page cannot skip the
decision. Patterns inside i18n_patterns are requested in English and Bangla (/bn/...) and
held to the same row (POST in English only: the same view decides). With -s the sweep prints
its request count, its time and its slowest requests.
"""

import logging
import os
import time
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import translation

from tests.access_table import (
    LOGIN_PREFIXES,
    ROLES,
    ROWS,
    Outcome,
    row_for,
    template_key,
)
from tests.access_world import CANARY, build_access_world
from tests.urlwalk import routes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]


class SelfPostingForm(HTMLParser):
    """The fields of the first form on a page that posts back to the page itself (no action,
    action="", or the page's own address), as a browser would send them unchanged."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.found = False
        self.fields: dict[str, list[str]] = {}
        self._inside = False
        self._done = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self._done:
            action = (attrs.get("action") or "").split("?")[0]
            post = (attrs.get("method") or "").lower() == "post"
            self._inside = post and action in ("", ".", self.path)
            self.found = self.found or self._inside
        if not self._inside or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self.fields.setdefault(name, []).append("")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.setdefault(self._select, []).append(attrs.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside, self._done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def self_posting_form(response, path: str) -> dict[str, list[str]] | None:
    """The form data a browser would send from the page, or None without such a form."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return None
    parser = SelfPostingForm(path)
    parser.feed(response.content.decode(errors="replace"))
    if not parser.found:
        return None
    parser.fields.pop("csrfmiddlewaretoken", None)
    return parser.fields


def observed(response) -> str:
    """What a response means for access: one of the Outcome values it satisfies, by status."""
    status = response.status_code
    location = response.get("Location", "")
    if status in (301, 302, 303, 307, 308):
        path = location.split("://", 1)[-1]
        path = path[path.find("/") :] if "://" in location else location
        if path.startswith(LOGIN_PREFIXES):
            return "login"
        if path.split("?")[0] == "/admin/":
            return "admin-home"  # Wagtail's answer to a lacking permission, or a done action
        return "redirect"
    return str(status)


def satisfies(outcome: Outcome, seen: str, body: bytes | None) -> bool:
    if seen not in outcome.statuses:
        return False
    if outcome.blind and body is not None and CANARY.lower().encode() in body.lower():
        return False
    return True


def _clients(world) -> dict[str, Client]:
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(world.users[role])
        clients[role] = client
    return clients


def _values(route, row, world) -> dict[str, str]:
    values = {}
    for param, key in row.params.items():
        if param in route.params:
            value = world.ids[key]
            values[param] = value() if callable(value) else value  # a code valid now
    return values


SHOW_SLOWEST = 15  # with -s: the slowest requests, to keep the sweep's time in check


@pytest.fixture
def quiet_request_log():
    """Thousands of expected 403s and 404s (and Wagtail's own test 500) need no log lines."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def test_every_address_answers_each_role_as_the_access_table_declares(settings, quiet_request_log):
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches its view, as its own person
    started, cpu_started = time.monotonic(), time.process_time()
    world = build_access_world()
    print(f"world built in {time.monotonic() - started:.1f} s")
    clients = _clients(world)
    all_routes = routes()

    missing = sorted({template_key(r.template) for r in all_routes if row_for(r.template) is None})
    assert not missing, "URL patterns without a row in tests/access_table.py:\n" + "\n".join(
        missing
    )
    used = {id(row_for(r.template)) for r in all_routes}
    stale = [row.pattern for row in ROWS if id(row) not in used and not row.optional]
    assert not stale, f"rows of tests/access_table.py that match no URL pattern: {stale}"

    wrong: list[str] = []
    undeclared_forms: set[str] = set()
    counts = defaultdict(int)
    slowest: list[tuple[float, str, str]] = []
    seen_by = defaultdict(list)  # what each role got, in ROLES order (ACCESS_SWEEP_DUMP)
    for route in all_routes:
        row = row_for(route.template)
        path = route.path(_values(route, row, world))
        if row.skip:
            continue
        cache.clear()  # rate limits count per address, not per route: each starts afresh
        form_data = None  # the page's own form, as the first role shown it would send it
        for role, client in clients.items():
            began = time.monotonic()
            with translation.override(route.language):
                response = client.get(path)
            slowest.append((time.monotonic() - began, role, path))
            counts["GET"] += 1
            seen = observed(response)
            seen_by[("GET", row.pattern, path)].append(seen)
            streaming = getattr(response, "streaming", False)
            body = b"" if streaming or response.status_code != 200 else response.content
            expected = row.get[ROLES.index(role)]
            if not satisfies(expected, seen, body):
                leak = " (shows A's data)" if seen in expected.statuses else ""
                wrong.append(f"GET  {path} as {role}: {seen}{leak}, table says {expected}")
            form = self_posting_form(response, path)
            if form is not None:
                form_data = form_data or form
                if row.post is None:
                    undeclared_forms.add(f"{row.pattern} ({role} at {path})")
        if row.post is None or route.language != "en":
            continue  # a Bangla twin is the same view: its POST decides as the English one
        for role, client in clients.items():
            if (
                path.startswith("/admin/")
                and seen_by[("GET", row.pattern, path)][ROLES.index(role)] == "login"
            ):
                # Wagtail's require_admin_access wraps every admin URL, whatever the method:
                # whom GET sends to sign in, POST does too (tests/lms/test_login_doors.py).
                continue
            with transaction.atomic():
                with translation.override(route.language):
                    began = time.monotonic()
                    response = client.post(path, form_data or {})
                    slowest.append((time.monotonic() - began, role, f"POST {path}"))
                transaction.set_rollback(True)
            if role != "anonymous":  # a POST may have signed them out (logout, password)
                client.force_login(world.users[role])
            counts["POST"] += 1
            seen = observed(response)
            seen_by[("POST", row.pattern, path)].append(seen)
            expected = row.post[ROLES.index(role)]
            if seen not in expected.statuses:
                wrong.append(f"POST {path} as {role}: {seen}, table says {expected}")

    elapsed = time.monotonic() - started
    cpu = time.process_time() - cpu_started
    print(
        f"access sweep: {counts['GET']} GET, {counts['POST']} POST in {elapsed:.1f} s"
        f" ({cpu:.1f} s of CPU in this process)"
    )
    by_kind = defaultdict(float)
    for seconds, role, path in slowest:
        post = path.startswith("POST ")
        where = "admin" if "/admin/" in path else ("bn" if "/bn/" in path else "site")
        by_kind[("POST" if post else "GET", where, role)] += seconds
    for key, seconds in sorted(by_kind.items(), key=lambda item: -item[1]):
        print(f"  {seconds:6.1f} s  {' '.join(key)}")
    for seconds, role, path in sorted(slowest, reverse=True)[:SHOW_SLOWEST]:
        print(f"  {seconds * 1000:6.0f} ms  {role:14} {path}")
    if dump := os.environ.get("ACCESS_SWEEP_DUMP"):
        with open(dump, "w") as out:
            for (method, pattern, path), seen in seen_by.items():
                out.write(f"{method:4} {path:60} {' '.join(seen):60} [{pattern}]\n")
    problems = [
        f"pages with a form posting to itself but no POST row: {form}"
        for form in sorted(undeclared_forms)
    ] + wrong
    assert not problems, (
        f"{len(problems)} answers differ from tests/access_table.py:\n" + "\n".join(problems)
    )
