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


# --- a call's quotas in the admin form --------------------------------------------------


def call_form(w, quotas, *, initial=0):
    """The admin form of a call: its fields and the inline formset of its quotas (each a
    dict of organisation, seats and, for a saved quota, id and DELETE)."""
    from django.utils import timezone
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    return nested_form_data(
        {
            "event": w["event"].pk,
            "batch": w["batch"].pk,
            "deadline": timezone.localtime(w["call"].deadline).strftime("%Y-%m-%d %H:%M"),
            "note": "Officers who draft the APA.",
            "remind_days_before": 3,
            "offer_released_to_waitlist": "on",
            "quotas": inline_formset(quotas, initial=initial),
        }
    )


def saved_quotas(w, **changes):
    """The call's quotas as form rows, Finance then Planning, with `changes` by name."""
    rows = []
    for quota in w["call"].quotas.order_by("organisation__name"):
        row = {"id": quota.pk, "organisation": quota.organisation_id, "seats": quota.seats}
        row.update(changes.get(quota.organisation.name.split()[-1].lower(), {}))
        rows.append(row)
    return rows


def edit(client, w, rows):
    return client.post(
        reverse("workshops_call:edit", args=[w["call"].pk]),
        call_form(w, rows, initial=len(rows)),
    )


def test_creating_a_call_with_quotas_in_the_admin(client, organiser):
    from workshops.models import NominationCall

    w = world.build()
    client.force_login(organiser)
    rows = [
        {"organisation": w["finance"].pk, "seats": 4},
        {"organisation": w["planning"].pk, "seats": 2},
    ]
    response = client.post(reverse("workshops_call:add"), call_form(w, rows))
    assert response.status_code == 302
    call = NominationCall.objects.exclude(pk=w["call"].pk).get()
    assert dict(call.quotas.values_list("organisation__name", "seats")) == {
        "Ministry of Finance": 4,
        "Ministry of Planning": 2,
    }
    assert call.created_by == organiser
    assert CallChange.objects.filter(call=call, action="created").exists()


def test_a_quota_cannot_be_lowered_below_its_nominations_in_the_admin(client, organiser):
    w = world.build()
    submit(w, world.officer(w["finance"]))
    submit(w, world.officer(w["finance"]))
    client.force_login(organiser)
    changes = CallChange.objects.count()
    response = edit(client, w, saved_quotas(w, finance={"seats": 1}, planning={"seats": 5}))
    assert response.status_code == 200
    assert "Ministry of Finance already has 2 nominations" in response.content.decode()
    quotas = dict(w["call"].quotas.values_list("organisation__name", "seats"))
    assert quotas == {"Ministry of Finance": 3, "Ministry of Planning": 2}  # nothing written
    assert CallChange.objects.count() == changes


def test_a_quota_with_nominations_cannot_be_removed_in_the_admin(client, organiser):
    w = world.build()
    submit(w, world.officer(w["finance"]))
    client.force_login(organiser)
    response = edit(client, w, saved_quotas(w, finance={"DELETE": "1"}))
    assert response.status_code == 200
    assert "Ministry of Finance has nominations in this call" in response.content.decode()
    assert w["call"].quotas.filter(organisation=w["finance"], seats=3).exists()


def test_a_call_with_nominations_cannot_be_deleted_and_says_why(client, organiser):
    w = world.build()
    nomination = submit(w, world.officer(w["finance"]))
    client.force_login(organiser)
    url = reverse("workshops_call:delete", args=[w["call"].pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted: 1 other record still refers to it" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.call_id == w["call"].pk


def test_a_quota_without_nominations_can_be_removed_in_the_admin(client, organiser):
    w = world.build()
    submit(w, world.officer(w["finance"]))
    client.force_login(organiser)
    response = edit(client, w, saved_quotas(w, planning={"DELETE": "1"}))
    assert response.status_code == 302
    assert list(w["call"].quotas.values_list("organisation", flat=True)) == [w["finance"].pk]


# --- the queue a page at a time ---------------------------------------------------------


def test_the_queue_shows_every_waiting_nomination_a_page_at_a_time(client, organiser, monkeypatch):
    from workshops.admin import calls as admin_calls

    monkeypatch.setattr(admin_calls, "QUEUE_PAGE_SIZE", 3)
    w = world.build(finance_seats=7)
    names = [f"Officer {n:02d}" for n in range(7)]
    for name in names:
        submit(w, world.officer(w["finance"], name=name))
    client.force_login(organiser)
    url = reverse("workshops_approvals:queue")
    seen = []
    for page in (1, 2, 3):
        html = client.get(url, {"p": page}).content.decode()
        seen += [name for name in names if name in html]
    assert seen == names
    first = client.get(url).content.decode()
    assert "Page 1 of 3; 7 nominations wait." in first
    assert "p=2" in first
