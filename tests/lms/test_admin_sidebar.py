"""The admin sidebar kept per user (lms.admin_sidebar) is Wagtail's own, and follows the
user's permissions, name and language at once."""

import re

import pytest
from django.contrib.auth.models import Permission

from lms import admin_sidebar

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget():
    admin_sidebar.sidebar_forget()
    yield
    admin_sidebar.sidebar_forget()


def sidebar(client, url="/admin/") -> str:
    html = client.get(url).content.decode()
    return re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)[1]


def wagtails_own(client, monkeypatch, url="/admin/") -> str:
    monkeypatch.setattr(admin_sidebar, "_entries", _Never())
    try:
        return sidebar(client, url)
    finally:
        monkeypatch.undo()


class _Never(dict):
    """A store that keeps nothing: every page builds Wagtail's sidebar afresh."""

    def __setitem__(self, key, value):
        pass


def test_the_kept_sidebar_is_the_one_wagtail_builds_on_every_page(client, organiser, monkeypatch):
    client.force_login(organiser)
    kept = sidebar(client)  # kept on the dashboard...
    for url in ("/admin/", "/admin/training-reports/", "/admin/workshops_sessions/"):
        assert sidebar(client, url) == kept == wagtails_own(client, monkeypatch, url)
    assert "Training reports" in kept


def test_a_new_permission_shows_its_menu_at_once(client, trainer):
    client.force_login(trainer)
    before = sidebar(client)
    assert "Issued certificates" not in before
    trainer.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    assert "Issued certificates" in sidebar(client)


def test_each_user_and_language_has_their_own(client, organiser, trainer):
    client.force_login(organiser)
    mine = sidebar(client)
    client.force_login(trainer)
    assert sidebar(client) != mine
    client.force_login(organiser)
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "bn"
    profile.save()
    bangla = sidebar(client)
    assert bangla != mine and "প্রশিক্ষণ" in bangla.encode().decode("unicode_escape")
