"""Officers' requests to be nominated, decided in one step: the focal point's endorsement
nominates the officer to the call under its rules; where the organisation has no focal
point, the organisers' approval nominates them. And the focal point hears of a decline."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.workshops import calls_world as world
from workshops.errors import WorkshopError
from workshops.models import Nomination, NominationRequest
from workshops.services import (
    nomination_decline,
    nomination_request_approve,
    nomination_request_create,
    nomination_request_endorse,
    nomination_submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world.build(finance_seats=1)


def ask(w, organisation, **kwargs):
    officer = world.officer(organisation, **kwargs)
    return nomination_request_create(participant=officer, event=w["event"], note="I draft our APA")


def endorse(w, request, focal="finance_focal"):
    user = w[focal]
    return nomination_request_endorse(
        request=request, call=w["call"], by=user, for_organisations=world.acts_for(user)
    )


def test_endorsing_a_request_nominates_the_officer_to_the_call(w):
    request = ask(w, w["finance"])
    nomination = endorse(w, request)
    assert nomination.status == Nomination.Status.NOMINATED
    assert nomination.call == w["call"]
    assert nomination.nominated_by == w["finance"]
    request.refresh_from_db()
    assert request.status == NominationRequest.Status.ENDORSED
    assert request.get_status_display() == "Nominated"
    assert request.decided_by == w["finance_focal"]


def test_an_endorsement_over_the_quota_is_refused_and_the_request_keeps_waiting(w):
    endorse(w, ask(w, w["finance"]))  # the one seat of the quota
    second = ask(w, w["finance"])
    with pytest.raises(WorkshopError, match="Over the quota"):
        endorse(w, second)
    second.refresh_from_db()
    assert second.status == NominationRequest.Status.PENDING
    assert not Nomination.objects.filter(participant=second.participant).exists()


def test_an_endorsement_of_a_rank_outside_the_call_is_refused(w):
    from workshops.models import Rank

    request = ask(w, w["finance"], rank=Rank.objects.get(name="Joint Secretary"))
    with pytest.raises(WorkshopError, match="not among the ranks"):
        endorse(w, request)
    request.refresh_from_db()
    assert request.status == NominationRequest.Status.PENDING


def test_the_focal_point_endorses_from_the_call_page_and_sees_the_rule_when_refused(client, w):
    request = ask(w, w["finance"], name="Keen Officer")
    client.force_login(w["finance_focal"])
    url = reverse("workshops:focal_request_decide", args=[request.pk])
    response = client.post(url, {"call": w["call"].pk, "endorse": "1"}, follow=True)
    page = response.content.decode()
    assert "Keen Officer is nominated and waits for approval" in page
    assert Nomination.objects.get(participant=request.participant).call == w["call"]
    late = ask(w, w["finance"], name="Late Officer")
    url = reverse("workshops:focal_request_decide", args=[late.pk])
    response = client.post(url, {"call": w["call"].pk, "endorse": "1"}, follow=True)
    assert "Over the quota" in response.content.decode()
    late.refresh_from_db()
    assert late.status == NominationRequest.Status.PENDING


def test_another_organisations_focal_point_cannot_endorse(client, w):
    request = ask(w, w["finance"])
    client.force_login(w["planning_focal"])
    url = reverse("workshops:focal_request_decide", args=[request.pk])
    assert client.post(url, {"call": w["call"].pk, "endorse": "1"}).status_code == 404
    request.refresh_from_db()
    assert request.status == NominationRequest.Status.PENDING


def test_the_officer_sees_their_request_as_nominated(client, w):
    from tests import factories

    user = factories.UserFactory()
    request = ask(w, w["finance"], user=user)
    endorse(w, request)
    client.force_login(user)
    page = client.get(reverse("workshops:my_nominations")).content.decode()
    assert "Nominated" in page


def test_organisers_approve_a_request_where_there_is_no_focal_point(client, organiser, w):
    cabinet = world.organisation("Cabinet Division")
    request = ask(w, cabinet, name="Lone Officer")
    client.force_login(organiser)
    queue = reverse("workshops_approvals:queue")
    assert "Lone Officer" in client.get(queue).content.decode()
    url = reverse("workshops_approvals:request_decide", args=[request.pk])
    page = client.post(url, {"approve": "1"}, follow=True).content.decode()
    assert "Lone Officer is nominated" in page
    nomination = Nomination.objects.get(participant=request.participant)
    assert nomination.batch == w["batch"]
    assert nomination.status == Nomination.Status.NOMINATED
    request.refresh_from_db()
    assert request.status == NominationRequest.Status.ENDORSED
    # Approving it twice is refused with a message, nothing more written.
    page = client.post(url, {"approve": "1"}, follow=True).content.decode()
    assert "decided already" in page
    assert Nomination.objects.filter(participant=request.participant).count() == 1


def test_approving_a_request_of_someone_already_nominated_is_refused(w):
    cabinet = world.organisation("Cabinet Division")
    request = ask(w, cabinet)
    from workshops.services import nomination_create

    nomination_create(batch=w["batch"], participant=request.participant)
    with pytest.raises(WorkshopError, match="already nominated"):
        nomination_request_approve(request=request, by=None)
    request.refresh_from_db()
    assert request.status == NominationRequest.Status.PENDING


def test_a_decline_emails_the_focal_point_who_nominated_in_their_language(
    w, django_capture_on_commit_callbacks
):
    w["call"].quotas.filter(organisation=w["finance"]).update(seats=3)
    focal = w["finance_focal"]
    officer = world.officer(w["finance"], name="Rahim Uddin", name_bn="রহিম উদ্দিন")
    nomination = nomination_submit(
        call=w["call"], participant=officer, by=focal, for_organisations=world.acts_for(focal)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_decline(nomination=nomination, reason="Not on the APA team", by=None)
    to_focal = [m for m in mail.outbox if m.to == [focal.email]]
    assert len(to_focal) == 1
    assert to_focal[0].subject.startswith("Nomination declined: Rahim Uddin")
    assert "Not on the APA team" in to_focal[0].body
    assert f"/workshops/focal/calls/{w['call'].pk}/" in to_focal[0].body

    focal.preferred_language = "bn"
    focal.save()
    second = nomination_submit(
        call=w["call"],
        participant=world.officer(w["finance"], name="Karim", name_bn="করিম"),
        by=focal,
        for_organisations=world.acts_for(focal),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination_decline(nomination=second, reason="কারণ", by=None)
    bangla = [m for m in mail.outbox if m.to == [focal.email]][0]
    assert "করিম" in bangla.subject
    assert f"/bn/workshops/focal/calls/{w['call'].pk}/" in bangla.body


def test_approving_a_request_for_an_event_without_an_open_batch_says_so(w):
    from workshops.services import batch_cancel

    request = ask(w, world.organisation("Cabinet Division"))
    batch_cancel(batch=w["batch"])
    with pytest.raises(WorkshopError, match="no open batch"):
        nomination_request_approve(request=request, by=None)
    request.refresh_from_db()
    assert request.status == NominationRequest.Status.PENDING
