"""Demo data of participants and batches; the plan_batches command."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lms import demo as lms_demo
from tests import factories
from workshops import demo
from workshops.models import Batch, Nomination, Participant
from workshops.services import nomination_confirm, nomination_create

pytestmark = pytest.mark.django_db


def test_demo_data_has_the_cohorts_of_phase_one_and_loads_twice_alike():
    lms_demo.load(stdout=io.StringIO())
    said = io.StringIO()
    demo.load(stdout=said)
    # It says its steps with counts as it goes (make run prints them).
    assert "Programmes: 2, events: 8" in said.getvalue()
    assert "Training of mid-level APA officers: participants: 179, batches: 8" in said.getvalue()
    assert "Participants: 409, batches: 11, nominations: 409" in said.getvalue()
    counts = (Participant.objects.count(), Nomination.objects.count(), Batch.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Participant.objects.count(), Nomination.objects.count(), Batch.objects.count()) == (
        counts
    )
    apa = Batch.objects.filter(event__slug="apa-officers-training-2015")
    assert apa.count() == 8
    confirmed = Nomination.objects.filter(batch__in=apa, status="confirmed")
    assert confirmed.count() == 179
    assert all(b.nominations.count() <= b.capacity for b in apa)
    for slug, expected in [
        ("training-of-trainers-2015", 20),
        ("gpms-apa-workshop-senior-officers", 150),
        ("workshop-for-secretaries", 60),
    ]:
        assert Nomination.objects.filter(batch__event__slug=slug).count() == expected
    trainee = Participant.objects.get(user__email="trainee@example.org")
    assert trainee.nominations.get().batch.event.slug == "apa-officers-training-2015"
    trainer = Participant.objects.get(user__email="trainer@example.org")
    assert trainer.nominations.get().batch.event.slug == "training-of-trainers-2015"
    assert Participant.objects.exclude(name_bn="").count() == Participant.objects.count()


def test_plan_batches_command_previews_then_applies():
    event = factories.event_page(slug="apa-2015")
    intake = factories.BatchFactory(event=event, number=1, capacity=300)
    nominations = [
        nomination_create(batch=intake, participant=factories.ParticipantFactory())
        for _ in range(30)
    ]
    nomination_confirm(nomination=nominations[0])
    out = io.StringIO()
    call_command(
        "plan_batches", "--event", "apa-2015", "--batches", "3", "--capacity", "12", stdout=out
    )
    assert "Preview only" in out.getvalue() and " 10/12 " in out.getvalue()
    assert Batch.objects.filter(event=event).count() == 1

    call_command(
        "plan_batches",
        "--event",
        "apa-2015",
        "--batches",
        "3",
        "--capacity",
        "12",
        "--apply",
        stdout=out,
    )
    batches = Batch.objects.filter(event=event).order_by("number")
    assert [b.nominations.count() for b in batches] == [10, 10, 10]
    assert [b.capacity for b in batches] == [12, 12, 12]
    assert Nomination.objects.get(pk=nominations[0].pk).status == "confirmed"
    moved = Nomination.objects.exclude(batch=intake).first()
    assert "by the batch planner" in moved.changes.last().reason


def test_plan_batches_command_refuses_an_impossible_plan():
    event = factories.event_page(slug="apa-2015")
    intake = factories.BatchFactory(event=event, number=1, capacity=300)
    for _ in range(5):
        nomination_create(batch=intake, participant=factories.ParticipantFactory())
    with pytest.raises(CommandError, match="5 nominees do not fit into 2 batches of 2 seats"):
        call_command("plan_batches", "--event", "apa-2015", "--batches", "2", "--capacity", "2")
