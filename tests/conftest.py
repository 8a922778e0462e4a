"""Shared fixtures: site tree, users in their groups, and the browser harness."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def _isolated(request, settings, tmp_path):
    """Each test gets its own media folder and an empty cache (rate limits, page cache).

    The cache lives in the database, so it is only cleared for tests that use the database:
    pure functions are tested without one.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if uses_db:
        cache.clear()
    yield
    if uses_db:
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


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on SQLite, and browser tests where Chromium is missing."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    has_browser = shutil.which(chromium) is not None or os.path.exists(chromium)
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if "browser" in item.keywords and not has_browser:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"Chromium not found at {chromium}: apt-get install chromium"
                )
            )
