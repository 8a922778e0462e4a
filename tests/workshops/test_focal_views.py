"""The focal point's pages: only their organisations' officers and nominations; nominate,
add, upload a list, withdraw, substitute; the officer sees their own nominations."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories
from tests.workshops import calls_world as world
from workshops.models import Nomination, Participant
from workshops.services import nomination_decline, nomination_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world.build()


def submit(w, participant, focal="finance_focal"):
    user = w[focal]
    return nomination_submit(
        call=w["call"], participant=participant, by=user, for_organisations=world.acts_for(user)
    )


def call_url(w, name="focal_call"):
    return reverse(f"workshops:{name}", args=[w["call"].pk])


def test_someone_who_is_no_focal_point_is_refused(client, w, trainee):
    client.force_login(trainee)
    assert client.get(reverse("workshops:focal_home")).status_code == 403
    assert client.get(call_url(w)).status_code == 403


def test_a_focal_point_sees_only_their_own_organisations_nominees(client, w):
    submit(w, world.officer(w["finance"], name="Finance Officer"))
    submit(w, world.officer(w["planning"], name="Planning Officer"), focal="planning_focal")
    client.force_login(w["planning_focal"])
    page = client.get(call_url(w)).content.decode()
    assert "Planning Officer" in page
    assert "Finance Officer" not in page
    assert "Ministry of Finance" not in page  # not even the other quota


def test_a_call_without_a_quota_for_them_is_not_found(client, w):
    stranger = factories.UserFactory()
    from workshops.services import focal_point_assign

    focal_point_assign(user=stranger, organisation=world.organisation("Cabinet Division"))
    client.force_login(stranger)
    assert client.get(call_url(w)).status_code == 404
    assert w["call"].event.title not in client.get(reverse("workshops:focal_home")).content.decode()


def test_nominating_an_officer_found_by_mobile_in_any_usual_form(client, w):
    officer = world.officer(w["finance"], mobile="+8801711000001", email="")
    client.force_login(w["finance_focal"])
    response = client.post(call_url(w, "focal_nominate"), {"lookup": "01711-000001", "find": "1"})
    assert response.status_code == 302
    nomination = Nomination.objects.get(participant=officer)
    assert (nomination.status, nomination.call) == ("nominated", w["call"])


def test_an_officer_of_another_organisation_is_not_found_and_not_named(client, w):
    world.officer(w["planning"], email="planner@example.gov.bd", name="Secret Planner")
    client.force_login(w["finance_focal"])
    response = client.post(
        call_url(w, "focal_nominate"), {"lookup": "planner@example.gov.bd", "find": "1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "No officer of your organisations has this e-mail" in page
    assert "Secret Planner" not in page
    assert not Nomination.objects.exists()


def test_adding_a_new_officer_nominates_them_and_a_rule_broken_writes_nothing(client, w):
    client.force_login(w["finance_focal"])
    data = {
        "new": "1",
        "name": "Nasrin Akter",
        "organisation": world.organisation("Finance Division").pk,
        "email": "Nasrin@Example.gov.bd",
        "mobile": "",
        "rank": w["call"].ranks.get().pk,
        "preferred_language": "bn",
    }
    assert client.post(call_url(w, "focal_nominate"), data).status_code == 302
    officer = Participant.objects.get(email="nasrin@example.gov.bd")
    assert officer.nominations.get().nominated_by == w["finance"]
    # The quota is 3: fill it, then a new officer is refused and not even added.
    submit(w, world.officer(w["finance"]))
    submit(w, world.officer(w["finance"]))
    data.update(name="One Too Many", email="too.many@example.gov.bd")
    response = client.post(call_url(w, "focal_nominate"), data)
    assert response.status_code == 400
    assert "Over the quota" in response.content.decode()
    assert not Participant.objects.filter(email="too.many@example.gov.bd").exists()


def test_withdrawing_or_substituting_another_organisations_nominee_is_not_found(client, w):
    theirs = submit(w, world.officer(w["planning"]), focal="planning_focal")
    client.force_login(w["finance_focal"])
    url = reverse("workshops:focal_withdraw", args=[theirs.pk])
    assert client.post(url).status_code == 404
    assert client.get(reverse("workshops:focal_substitute", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "nominated"


def test_substituting_a_nominee_on_the_page(client, w):
    nominee = submit(w, world.officer(w["finance"]))
    substitute = world.officer(w["finance"], employee_id="FIN-42")
    client.force_login(w["finance_focal"])
    url = reverse("workshops:focal_substitute", args=[nominee.pk])
    assert client.post(url, {"lookup": "fin-42"}).status_code == 302
    nominee.refresh_from_db()
    assert nominee.status == "withdrawn"
    assert Nomination.objects.get(participant=substitute).queue_position == nominee.queue_position


CSV = (
    "Name,Ministry/Division,E-mail,Designation,Rank\n"
    "Rafiq Islam,Finance Division,rafiq@example.gov.bd,Deputy Secretary,Deputy Secretary\n"
    "{second}\n"
)


def upload(client, w, text):
    data = SimpleUploadedFile("list.csv", text.encode(), content_type="text/csv")
    return client.post(call_url(w, "focal_upload"), {"file": data})


def test_an_uploaded_list_with_another_organisations_officer_writes_nothing(client, w):
    client.force_login(w["finance_focal"])
    text = CSV.format(
        second="Other Man,Ministry of Planning,other@example.gov.bd,Deputy Secretary,"
        "Deputy Secretary"
    )
    assert upload(client, w, text).status_code == 302
    preview = client.get(call_url(w, "focal_preview")).content.decode()
    assert "Row 3" in preview and "is not an officer of your organisations" in preview
    client.post(call_url(w, "focal_preview"))
    assert not Participant.objects.filter(email="rafiq@example.gov.bd").exists()
    assert not Nomination.objects.exists()


def test_an_uploaded_list_nominates_its_officers_through_the_calls_rules(client, w):
    client.force_login(w["finance_focal"])
    text = CSV.format(
        second="Salma Begum,Ministry of Finance,salma@example.gov.bd,Deputy Secretary,"
        "Deputy Secretary"
    )
    upload(client, w, text)
    assert client.post(call_url(w, "focal_preview")).status_code == 302
    nominations = Nomination.objects.filter(call=w["call"])
    assert nominations.count() == 2
    assert set(nominations.values_list("nominated_by", flat=True)) == {w["finance"].pk}


def test_an_uploaded_list_over_the_quota_is_refused_whole(client, w):
    client.force_login(w["finance_focal"])
    submit(w, world.officer(w["finance"]))
    submit(w, world.officer(w["finance"]))
    text = CSV.format(
        second="Salma Begum,Ministry of Finance,salma@example.gov.bd,Deputy Secretary,"
        "Deputy Secretary"
    )
    upload(client, w, text)
    response = client.post(call_url(w, "focal_preview"), follow=True)
    assert "Over the quota" in response.content.decode()
    assert Nomination.objects.filter(call=w["call"]).count() == 2
    assert not Participant.objects.filter(email="rafiq@example.gov.bd").exists()


def test_the_officer_sees_their_nomination_and_why_it_was_declined(client, w, organiser):
    user = factories.UserFactory()
    officer = world.officer(w["finance"], user=user)
    nomination_decline(
        nomination=submit(w, officer), by=organiser, reason="Already trained in 2014"
    )
    client.force_login(user)
    page = client.get(reverse("workshops:my_nominations")).content.decode()
    assert "Declined" in page and "Already trained in 2014" in page


def test_the_call_page_keeps_its_query_count_as_nominees_grow(
    client, w, django_assert_max_num_queries
):
    w["call"].quotas.filter(organisation=w["finance"]).update(seats=30)
    client.force_login(w["finance_focal"])
    submit(w, world.officer(w["finance"]))
    with django_assert_max_num_queries(40) as few:
        client.get(call_url(w))
    for _ in range(15):
        submit(w, world.officer(w["finance"]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(call_url(w)).status_code == 200


def test_an_officer_asks_to_be_nominated_and_their_focal_point_sees_it(client, w):
    user = factories.UserFactory()
    officer = world.officer(w["finance"], user=user, name="Keen Officer")
    client.force_login(user)
    url = reverse("workshops:request_nomination", args=[w["event"].pk])
    response = client.post(url, {"note": "I draft our APA"}, follow=True)
    assert "sent to your organisation&#x27;s focal point" in response.content.decode()
    assert officer.nomination_requests.get().status == "pending"
    client.force_login(w["finance_focal"])
    assert "Keen Officer" in client.get(call_url(w)).content.decode()
    client.force_login(w["planning_focal"])
    assert "Keen Officer" not in client.get(call_url(w)).content.decode()
