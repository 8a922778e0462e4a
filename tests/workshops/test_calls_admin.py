"""The organisers' side: a call's page (send, approve and decline in bulk, history), the
approval queue, focal points assigned in the admin."""

import pytest
from django.urls import reverse

from tests import factories
from tests.workshops import calls_world as world
from workshops.models import CallChange, FocalPoint, Nomination
from workshops.services import nomination_submit

pytestmark = pytest.mark.django_db


def submit(w, participant):
    user = w["finance_focal"]
    return nomination_submit(
        call=w["call"], participant=participant, by=user, for_organisations=world.acts_for(user)
    )


def test_sending_a_call_from_its_page_records_it(client, organiser):
    w = world.build(send=False)
    client.force_login(organiser)
    url = reverse("workshops_call:inspect", args=[w["call"].pk])
    assert "Send to the focal points" in client.get(url).content.decode()
    client.post(url, {"send": "1"})
    w["call"].refresh_from_db()
    assert w["call"].sent_at is not None
    sent = CallChange.objects.get(call=w["call"], action="sent")
    assert sent.changed_by == organiser
    assert "History of the call" in client.get(url).content.decode()


def test_bulk_approval_and_decline_from_the_queue(client, organiser):
    w = world.build(capacity=1)
    first, second, third = (submit(w, world.officer(w["finance"])) for _ in range(3))
    client.force_login(organiser)
    url = reverse("workshops_approvals:queue")
    client.post(url, {"nominations": [first.pk, second.pk], "approve": "1"})
    client.post(url, {"nominations": [third.pk], "decline": "1", "reason": "Not APA staff"})
    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "confirmed", second.pk: "waitlisted", third.pk: "declined"}
    assert Nomination.objects.get(pk=third.pk).decline_reason == "Not APA staff"


def test_declining_without_a_reason_is_refused_with_a_message(client, organiser):
    w = world.build()
    nomination = submit(w, world.officer(w["finance"]))
    client.force_login(organiser)
    response = client.post(
        reverse("workshops_approvals:queue"),
        {"nominations": [nomination.pk], "decline": "1", "reason": ""},
        follow=True,
    )
    assert "Say why the nomination is declined" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == "nominated"


def test_the_queue_keeps_its_query_count(client, organiser, django_assert_max_num_queries):
    w = world.build(finance_seats=20)
    client.force_login(organiser)
    submit(w, world.officer(w["finance"]))
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("workshops_approvals:queue"))
    for _ in range(10):
        submit(w, world.officer(w["finance"]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("workshops_approvals:queue")).status_code == 200


def test_a_trainer_cannot_open_the_queue(client, trainer):
    client.force_login(trainer)
    assert client.get(reverse("workshops_approvals:queue")).status_code in (302, 403)


def test_assigning_a_focal_point_in_the_admin(client, organiser):
    user = factories.UserFactory()
    client.force_login(organiser)
    ministry = world.organisation("Ministry of Finance")
    response = client.post(
        reverse("workshops_focalpoint:add"),
        {"user": user.pk, "organisation": ministry.pk, "acts_for_sub_organisations": "on"},
    )
    assert response.status_code == 302
    assert FocalPoint.objects.get(user=user).acts_for_sub_organisations
