"""Nomination calls: a focal point nominates within the call's rules (each refused with a
message naming it, nothing written), organisers approve or decline, substitutes take the
nominee's place, reminders go once, unused quota returns after the deadline."""

import datetime as dt

import pytest
from django.core import mail

from tests import factories
from tests.workshops import calls_world as world
from workshops.models import CallChange, CallQuota, Nomination, NominationChange
from workshops.services import (
    WorkshopError,
    call_release,
    call_send,
    calls_release_due,
    calls_remind,
    nomination_confirm,
    nomination_create,
    nomination_decline,
    nomination_submit,
    nomination_substitute,
    nomination_withdraw,
    nominations_approve,
)

Status = Nomination.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world.build()


def submit(w, participant, focal="finance_focal", **kwargs):
    user = w[focal]
    return nomination_submit(
        call=w["call"],
        participant=participant,
        by=user,
        for_organisations=world.acts_for(user),
        **kwargs,
    )


def other_event_batch(w):
    """A batch of another event on the same days."""
    other = factories.event_page(w["event"].get_parent().specific, title="Other", slug="other")
    return factories.BatchFactory(event=other, number=1, start_date=w["batch"].start_date)


def test_sending_a_call_emails_each_focal_point_a_link_in_their_language(
    django_capture_on_commit_callbacks,
):
    w = world.build(send=False)
    w["planning_focal"].preferred_language = "bn"
    w["planning_focal"].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert call_send(call=w["call"], by=None) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    english = by_to["focal.finance@example.gov.bd"]
    assert english.subject == "Call for nominations: Training of mid-level APA officers"
    assert f"/workshops/focal/calls/{w['call'].pk}/" in english.body
    assert "Ministry of Finance: 3 seats" in english.body
    bangla = by_to["focal.planning@example.gov.bd"]
    assert f"/bn/workshops/focal/calls/{w['call'].pk}/" in bangla.body
    assert "পরিকল্পনা মন্ত্রণালয়: ২" in bangla.body
    assert CallChange.objects.filter(call=w["call"], action="sent").exists()
    with pytest.raises(WorkshopError, match="sent already"):
        call_send(call=w["call"])


def test_a_focal_point_nominates_an_officer_who_then_waits_for_approval(w):
    officer = world.officer(w["finance"])
    nomination = submit(w, officer)
    assert nomination.status == Status.NOMINATED
    assert nomination.call == w["call"]
    assert nomination.nominated_by == w["finance"]
    change = nomination.changes.get()
    assert change.changed_by == w["finance_focal"]


def test_an_officer_of_a_division_counts_against_the_ministrys_quota(w):
    division = world.organisation("Finance Division")
    nomination = submit(w, world.officer(division))
    assert nomination.nominated_by == w["finance"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("deadline", "The deadline of this call has passed"),
        ("quota", "Over the quota: Ministry of Finance has 0 of its 3 seats left"),
        ("rank", r"rank \(Senior Assistant Secretary\) is not among the ranks this call asks"),
        ("clash", "is already confirmed in"),
        ("other_organisation", "is an officer of Ministry of Planning; you nominate only"),
        ("duplicate", "is already nominated to"),
        ("no_quota", "belongs to Cabinet Division, which has no quota in this call"),
    ],
)
def test_each_rule_of_the_call_is_refused_by_name_and_nothing_is_written(w, case, message):
    finance = w["finance"]
    officer = world.officer(finance)
    at = None
    if case == "deadline":
        at = w["call"].deadline + dt.timedelta(minutes=1)
    elif case == "quota":
        for _ in range(3):
            submit(w, world.officer(finance))
    elif case == "rank":
        officer = world.officer(
            finance, rank=factories.RankFactory(name="Senior Assistant Secretary")
        )
    elif case == "clash":
        factories.NominationFactory(
            batch=other_event_batch(w), participant=officer, status="confirmed"
        )
    elif case == "other_organisation":
        officer = world.officer(w["planning"])
    elif case == "duplicate":
        submit(w, officer)
    elif case == "no_quota":
        officer = world.officer(world.organisation("Cabinet Division"))
    nominations, history = Nomination.objects.count(), NominationChange.objects.count()
    with pytest.raises(WorkshopError, match=message):
        submit(w, officer, at=at)
    assert (Nomination.objects.count(), NominationChange.objects.count()) == (nominations, history)


def test_a_declined_or_withdrawn_nomination_gives_its_seat_back_to_the_quota(w, organiser):
    first, second, third = (submit(w, world.officer(w["finance"])) for _ in range(3))
    nomination_decline(nomination=first, by=organiser, reason="Not an APA officer")
    nomination_withdraw(nomination=second, by=w["finance_focal"])
    submit(w, world.officer(w["finance"]))
    submit(w, world.officer(w["finance"]))
    with pytest.raises(WorkshopError, match="Over the quota"):
        submit(w, world.officer(w["finance"]))
    first.refresh_from_db()
    assert (first.status, first.decline_reason) == (Status.DECLINED, "Not an APA officer")


def test_declining_needs_a_reason_the_focal_point_sees(w, organiser):
    nomination = submit(w, world.officer(w["finance"]))
    with pytest.raises(WorkshopError, match="Say why"):
        nomination_decline(nomination=nomination, by=organiser, reason="  ")
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED


def test_approval_confirms_into_seats_in_queue_order_and_wait_lists_the_overflow(organiser):
    w = world.build(capacity=2, finance_seats=3)
    first, second, third = (submit(w, world.officer(w["finance"])) for _ in range(3))
    done = nominations_approve(nominations=[third, second, first], by=organiser)
    assert [n.pk for n in done.confirmed] == [first.pk, second.pk]
    assert [n.pk for n in done.waitlisted] == [third.pk]
    assert (
        NominationChange.objects.filter(nomination=first, to_status="confirmed").get().changed_by
        == organiser
    )


def test_approval_refuses_a_clash_by_name_and_approves_the_others(w, organiser):
    clashing = world.officer(w["finance"], name="Karim Uddin")
    nomination = submit(w, clashing)
    factories.NominationFactory(
        batch=other_event_batch(w), participant=clashing, status="confirmed"
    )
    fine = submit(w, world.officer(w["finance"]))
    done = nominations_approve(nominations=[nomination, fine], by=organiser)
    assert [n.pk for n in done.confirmed] == [fine.pk]
    assert "Karim Uddin is already confirmed in" in done.refused[0][1]


def test_a_substitute_takes_the_nominees_place_in_the_queue_and_their_seat(w, organiser):
    first = submit(w, world.officer(w["finance"]))
    second = submit(w, world.officer(w["finance"]))
    nomination_confirm(nomination=first, by=organiser)
    first.refresh_from_db()
    replacement = world.officer(world.organisation("Finance Division"))
    substitute = nomination_substitute(
        nomination=first,
        participant=replacement,
        by=w["finance_focal"],
        for_organisations=world.acts_for(w["finance_focal"]),
    )
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN
    assert substitute.status == Status.CONFIRMED
    assert substitute.queue_position == first.queue_position < second.queue_position
    assert substitute.substitute_for == first
    assert "Substituted by" in first.changes.last().reason


def test_a_substitute_must_come_from_the_same_organisation(w):
    nomination = submit(w, world.officer(w["finance"]))
    with pytest.raises(WorkshopError, match="A substitute must come from the same organisation"):
        nomination_substitute(
            nomination=nomination, participant=world.officer(w["planning"]), by=None
        )
    nomination.refresh_from_db()
    assert nomination.status == Status.NOMINATED


def test_reminders_go_once_to_organisations_that_have_not_answered(
    w, django_capture_on_commit_callbacks
):
    submit(w, world.officer(w["finance"]))
    before = w["call"].deadline - dt.timedelta(days=5)
    assert calls_remind(now=before) == 0  # too early: reminders start 3 days before
    soon = w["call"].deadline - dt.timedelta(days=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert calls_remind(now=soon) == 1
        assert calls_remind(now=soon) == 0
    assert [m.to for m in mail.outbox] == [["focal.planning@example.gov.bd"]]
    assert mail.outbox[0].subject.startswith("Reminder: nominate your officers")


def test_after_the_deadline_unused_quota_returns_and_goes_to_the_wait_list_in_order(organiser):
    w = world.build(capacity=1, finance_seats=3, planning_seats=2)
    first = submit(w, world.officer(w["finance"]))
    nomination_confirm(nomination=first, by=organiser)
    waiting = nomination_create(batch=w["batch"], participant=factories.ParticipantFactory())
    nomination_confirm(nomination=waiting, by=organiser)  # batch full: wait-listed
    with pytest.raises(WorkshopError, match="only after the deadline"):
        call_release(call=w["call"])
    w["batch"].capacity = 2
    w["batch"].save()
    after = w["call"].deadline + dt.timedelta(hours=1)
    assert calls_release_due(now=after) == 4  # finance 2 unused, planning 2
    assert calls_release_due(now=after) == 0
    quotas = dict(
        CallQuota.objects.filter(call=w["call"]).values_list("organisation__name", "released_seats")
    )
    assert quotas == {"Ministry of Finance": 2, "Ministry of Planning": 2}
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert CallChange.objects.filter(call=w["call"], action="released").count() == 2
