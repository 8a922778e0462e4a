"""The demo's call of January 2015 answered: the ministries' historical nominations count
as answers to it under the call's rules, so the focal point's page and the calls report
show real figures; and the service that counts them refuses what the call does not allow."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lms import demo as lms_demo
from tests.workshops import calls_world as world
from workshops import demo, reports
from workshops.models import Nomination, NominationCall, Rank
from workshops.services import call_adopt_nominations, nomination_create

pytestmark = pytest.mark.django_db


def test_the_demo_call_shows_what_each_ministry_nominated(client):
    lms_demo.load(stdout=io.StringIO())
    said = io.StringIO()
    demo.load(stdout=said)
    call = NominationCall.objects.get(event__slug="apa-officers-training-2015")
    answered = Nomination.objects.filter(call=call)
    assert answered.filter(status="confirmed").count() == 179
    assert "nominations counted as answers to the call: " in said.getvalue()

    report = reports.nomination_calls(event=call.event.slug)
    assert report["quota"].sum() == 179
    assert report["approved"].sum() == 179
    assert (report["answer"] == "full").all()
    assert report["attended"].sum() > 0

    focal = get_user_model().objects.get(email="focal@example.org")
    client.force_login(focal)
    page = client.get(reverse("workshops:focal_call", args=[call.pk])).content.decode()
    finance = report[report["organisation"] == "Ministry of Finance"].iloc[0]
    assert finance["approved"] > 0
    assert "Ministry of Planning" not in page  # another ministry's quota stays hidden

    again = io.StringIO()
    demo.load(stdout=again)
    assert Nomination.objects.filter(call=call).count() == answered.count()
    assert "counted as answers" not in again.getvalue()


def test_only_what_the_call_allows_is_counted_as_its_answer():
    w = world.build(finance_seats=1, send=True)
    batch = w["batch"]
    first = nomination_create(batch=batch, participant=world.officer(w["finance"], name="One"))
    over = nomination_create(batch=batch, participant=world.officer(w["finance"], name="Two"))
    senior = nomination_create(
        batch=batch,
        participant=world.officer(
            w["planning"], name="Three", rank=Rank.objects.get(name="Joint Secretary")
        ),
    )
    outside = nomination_create(
        batch=batch,
        participant=world.officer(world.organisation("Cabinet Division"), name="Four"),
    )
    adopted, refused = call_adopt_nominations(
        call=w["call"], nominations=[first, over, senior, outside]
    )
    assert adopted == 1
    assert len(refused) == 3
    assert "Over the quota" in refused[0]
    assert "not among the ranks" in refused[1]
    assert "has no quota in this call" in refused[2]
    first.refresh_from_db()
    assert (first.call, first.nominated_by) == (w["call"], w["finance"])
    assert not Nomination.objects.filter(
        pk__in=[over.pk, senior.pk, outside.pk], call__isnull=False
    )
