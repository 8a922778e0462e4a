"""Shared fixtures: site tree, users in their groups, and the browser harness."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests import factories, outside


@pytest.fixture(autouse=True)
def _isolated(request, settings, tmp_path, django_db_blocker):
    """Each test gets its own media folders (public and private) and an empty cache (rate
    limits, page cache).

    The cache lives in the database, so it is only cleared for tests that use the database:
    pure functions are tested without one.
    """
    from lms.admin_home import summary_shown_forget

    summary_shown_forget()  # kept in this process per user fingerprint, as the sidebar
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if uses_db:
        # Autouse fixtures run before the test's own `db`: open the database for this alone.
        with django_db_blocker.unblock():
            cache.clear()
    yield
    if uses_db:
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """Each test starts in English: a request to a /bn/ page leaves Bangla active in the thread
    (LocaleMiddleware activates, nothing deactivates), which would leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home(db):
    return factories.home_page()


@pytest.fixture
def organiser(db):
    return factories.UserFactory(group="Organisers", is_staff=True)


@pytest.fixture
def trainer(db):
    return factories.UserFactory(group="Trainers", is_staff=True)


@pytest.fixture
def trainee(db):
    return factories.UserFactory(group="Trainees")


# --- the whole programme, loaded once per module -------------------------------------------


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or fixtures & {"transactional_db", "live_server"}
    )


class _DemoWorld:
    """The CoP demo (`load_demo_data`) loaded inside a transaction that stays open while
    consecutive tests of one module use it, and is rolled back after the last of them.

    This is Django's `TestCase.setUpTestData` for pytest: each test's own transaction (the
    `db` fixture) is a savepoint inside this one, so a test that writes leaves the demo as
    it found it, and no other test ever sees it (the next test that does not ask for it
    finds the transaction rolled back). Safe with pytest-xdist: each worker has its own
    database and loads its own copy for the modules it runs. Not for transactional tests
    (`live_server`, `transaction=True`): they commit and flush, which a surrounding
    transaction forbids, so they are refused.
    """

    def __init__(self, blocker, media):
        self.blocker = blocker
        self.paths = {"MEDIA_ROOT": media / "media", "PRIVATE_MEDIA_ROOT": media / "private-media"}
        self.atomic = None
        self.module = None

    def open(self, *, module) -> None:
        from django.core.management import call_command
        from django.db import transaction
        from django.test import override_settings

        with self.blocker.unblock(), override_settings(**self.paths):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.module = module
            try:
                with open(os.devnull, "w") as quiet:
                    call_command("load_demo_data", stdout=quiet)
                cache.clear()
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            cache.clear()
        self.atomic = self.module = None


_demo: _DemoWorld | None = None


@pytest.fixture(scope="session")
def _demo_world_state(django_db_setup, django_db_blocker, tmp_path_factory):
    """Made, and first opened, by the first test that asks for the demo: a session fixture
    is set up before any function fixture, so before that test's `db` savepoint."""
    global _demo
    _demo = _DemoWorld(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    _demo.open(module=None)
    yield _demo
    _demo.close()
    _demo = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Open the demo world before any of the test's fixtures (its `db` savepoint must be
    inside the world's transaction)."""
    if "demo_world" not in getattr(item, "fixturenames", ()):
        return
    if _is_transactional(item):
        raise pytest.UsageError(f"{item.nodeid}: the shared demo is not for transactional tests")
    if _demo is None:
        return  # the session fixture makes and opens it
    if _demo.atomic is not None and _demo.module not in (None, item.module):
        _demo.close()
    if _demo.atomic is None:
        _demo.open(module=item.module)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Once the test's own fixtures are torn down, roll the demo back unless the next test
    of the same module uses it too."""
    result = yield
    if _demo is not None and _demo.atomic is not None:
        if nextitem is None or (
            "demo_world" not in getattr(nextitem, "fixturenames", ())
            or nextitem.module is not item.module
        ):
            _demo.close()
    return result


@pytest.fixture
def demo_world(request, _demo_world_state, db, settings):
    """The whole CoP programme (the demo data), loaded once for the tests of a module that
    use it one after another: read it, change it if need be (each test's changes are rolled
    back), never reload it."""
    if _demo_world_state.module is None:
        _demo_world_state.module = request.module
    settings.MEDIA_ROOT = _demo_world_state.paths["MEDIA_ROOT"]
    settings.PRIVATE_MEDIA_ROOT = _demo_world_state.paths["PRIVATE_MEDIA_ROOT"]
    return _demo_world_state


def _restore_migrated_data(item) -> None:
    """Transactional tests get serialized rollback.

    A transactional test ends with a flush that also removes what migrations wrote (the
    Wagtail root page, locales, ranks, organisations, shipped APA frameworks); every later
    test on the same worker would then miss it.
    """
    marker = item.get_closest_marker("django_db")
    if _is_transactional(item) and not (marker and marker.kwargs.get("serialized_rollback")):
        kwargs = dict(marker.kwargs) if marker else {}
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on SQLite, and browser tests where Chromium is missing."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    has_browser = shutil.which(chromium) is not None or os.path.exists(chromium)
    for item in items:
        _restore_migrated_data(item)
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if "browser" in item.keywords and not has_browser:
            if outside.required():
                raise pytest.UsageError(f"Chromium not found at {chromium} (CI needs it)")
            item.add_marker(
                pytest.mark.skip(
                    reason=f"Chromium not found at {chromium}: apt-get install chromium"
                )
            )


# --- browser harness (Playwright on Debian's Chromium, never a downloaded browser) --------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole run; browser tests are skipped where it is missing."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(path):
        pytest.skip(f"Chromium not found at {path}: apt-get install chromium")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # (reading mail.outbox, checking rows) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Starting it also gives this thread a new context, where Django's context-local
    # connections would be fresh ones, without the migrated data (root page, locales) that
    # a transactional test restores after the flush of the one before (serialized
    # rollback): keep the connections the database was set up with.
    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh browser tab (own cookies) whose relative URLs go to the live test server."""
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
