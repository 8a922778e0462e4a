"""Quiz attempts and evaluations are records of what a trainee did: organisers read and
export them in the admin, and nobody adds, edits or deletes one there."""

import pytest
from django.contrib.auth.models import Permission

from courses.models import FeedbackResponse, QuizAttempt
from lms.services import ORGANISERS, groups_ensure
from tests import factories
from tests.courses.conftest import confirm, make_batch, make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(db):
    return factories.QuizAttemptFactory(participant=make_participant(name="Rahima Khatun"))


@pytest.fixture
def evaluation(event):
    batch = make_batch(event)
    participant = make_participant()
    confirm(batch, participant)
    return factories.FeedbackResponseFactory(
        batch=batch, participant=participant, what_worked="The case studies"
    )


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


def _record(request, prefix):
    key = {"quiz_attempts": "attempt", "evaluations": "evaluation"}[prefix]
    return request.getfixturevalue(key)


def _refused(response) -> bool:
    """Not found, forbidden, or Wagtail's "no permission" (back to the admin home)."""
    if response.status_code == 302:
        return response.url == "/admin/"
    return response.status_code in (403, 404)


RECORDS = ["quiz_attempts", "evaluations"]


@pytest.mark.parametrize("prefix", RECORDS)
def test_organisers_read_and_export_a_record(client, organiser, request, prefix):
    record = _record(request, prefix)
    client.force_login(organiser)
    assert client.get(f"/admin/{prefix}/").status_code == 200
    assert client.get(f"/admin/{prefix}/inspect/{record.pk}/").status_code == 200
    export = b"".join(client.get(f"/admin/{prefix}/?export=csv").streaming_content).decode()
    assert ("Rahima Khatun" if prefix == "quiz_attempts" else "The case studies") in export


@pytest.mark.parametrize("prefix", RECORDS)
@pytest.mark.parametrize("who", ["organiser", "superuser"])
def test_the_listing_offers_no_add_edit_or_delete(client, request, prefix, who):
    record = _record(request, prefix)
    client.force_login(request.getfixturevalue(who))
    listing = client.get(f"/admin/{prefix}/").content.decode()
    assert f"/admin/{prefix}/inspect/{record.pk}/" in listing
    for action in ("new/", f"edit/{record.pk}/", f"delete/{record.pk}/", f"copy/{record.pk}/"):
        assert f"/admin/{prefix}/{action}" not in listing
    inspect = client.get(f"/admin/{prefix}/inspect/{record.pk}/").content.decode()
    assert f"/admin/{prefix}/edit/{record.pk}/" not in inspect
    assert f"/admin/{prefix}/delete/{record.pk}/" not in inspect


@pytest.mark.parametrize("prefix", RECORDS)
@pytest.mark.parametrize("who", ["organiser", "superuser"])
def test_a_record_cannot_be_added_edited_or_deleted(client, request, prefix, who):
    record = _record(request, prefix)
    model = type(record)
    before = model.objects.count()
    client.force_login(request.getfixturevalue(who))
    for action in ("new/", f"edit/{record.pk}/", f"delete/{record.pk}/", f"copy/{record.pk}/"):
        url = f"/admin/{prefix}/{action}"
        assert _refused(client.get(url)), url
        assert _refused(client.post(url, {})), url
    assert model.objects.count() == before and model.objects.filter(pk=record.pk).exists()


def test_organisers_hold_only_the_permission_to_view_records():
    organisers = groups_ensure()[ORGANISERS]
    for model in (QuizAttempt, FeedbackResponse):
        held = set(
            organisers.permissions.filter(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
            ).values_list("codename", flat=True)
        )
        assert held == {f"view_{model._meta.model_name}"}
        assert not Permission.objects.filter(
            content_type__model=model._meta.model_name, codename__regex=r"^(add|change|delete)_"
        ).exists()
