"""The admin dashboard shows Wagtail's panels as before, for fewer queries (lms.admin_home):
moderation panels asked only while something is in a workflow, the site summary kept until
pages change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from lms.models import StandardPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(home):
    cache.clear()
    return factories.UserFactory(is_superuser=True, is_staff=True)


def _dashboard(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _in_review(home, by):
    """A page submitted to a one-step workflow that the Moderators group approves."""
    workflow = Workflow.objects.create(name="Review")
    task = GroupApprovalTask.objects.create(name="Approve")
    task.groups.add(factories.make_group("Moderators"))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    page = home.add_child(instance=StandardPage(title="Training calendar 2026", live=False))
    page.save_revision(user=by)
    workflow.start(page, by)
    return page


def test_moderation_panels_show_what_waits_for_review(client, admin_user, home):
    client.force_login(admin_user)
    body, _queries = _dashboard(client)
    assert "Awaiting your review" not in body
    _in_review(home, by=admin_user)
    body, _queries = _dashboard(client)
    assert "Awaiting your review" in body and "Training calendar 2026" in body
    assert "Your pages and snippets in a workflow" in body


def test_with_nothing_in_a_workflow_the_moderation_queries_are_not_asked(client, admin_user, home):
    client.force_login(admin_user)
    _dashboard(client)
    _body, quiet = _dashboard(client)
    assert not any("wagtailcore_taskstate" in sql for sql in quiet)
    _in_review(home, by=admin_user)
    _body, busy = _dashboard(client)
    assert any("wagtailcore_taskstate" in sql for sql in busy)


def test_the_site_summary_is_kept_until_a_page_is_published(client, admin_user, home):
    client.force_login(admin_user)
    first, built = _dashboard(client)
    again, kept = _dashboard(client)
    assert again.count("w-summary__list") == 1
    assert sum("COUNT(" in sql for sql in kept) < sum("COUNT(" in sql for sql in built)
    pages_before = _pages_shown(first)
    factories.add_page(home, StandardPage(title="Venues"))  # publishing starts anew
    after, _queries = _dashboard(client)
    assert _pages_shown(after) == pages_before + 1


def test_each_user_sees_their_own_summary(client, admin_user, home, trainer):
    """The kept summary is per user and permissions: a trainer, who may edit no page, is
    not shown the organiser's count of pages."""
    client.force_login(admin_user)
    body, _queries = _dashboard(client)
    assert _pages_shown(body) >= 1
    client.force_login(trainer)
    response = client.get(reverse("wagtailadmin_home"))
    if response.status_code == 200:
        assert _pages_shown(response.content.decode()) is None


def _pages_shown(body: str) -> int | None:
    import re

    match = re.search(r"([\d,]+) Pages? <span class=\"w-sr-only\">created in", body)
    return int(match.group(1).replace(",", "")) if match else None


def _permission_queries(queries: list[str]) -> list[str]:
    return [q for q in queries if "grouppagepermission" in q or "groupcollectionpermission" in q]


def test_whether_the_summary_shows_pages_and_documents_is_asked_once(client, organiser, home):
    """An organiser's later dashboards do not ask their groups' page and collection
    permissions again to decide which summary items to show; the items stay the same."""
    client.force_login(organiser)
    first, built = _dashboard(client)
    again, kept = _dashboard(client)
    assert len(_permission_queries(kept)) < len(_permission_queries(built))
    assert again.count("w-summary__list") == first.count("w-summary__list")
    assert _pages_shown(again) == _pages_shown(first)
