"""Writing participants: one person is one participant, whoever lists them (the demo data,
a nomination list, an account linked to its officer)."""

import pytest

from tests import factories
from workshops.errors import WorkshopError
from workshops.models import Organisation, Participant
from workshops.services import participant_link_account, participants_upsert

pytestmark = pytest.mark.django_db


def _cabinet() -> Organisation:
    return Organisation.objects.get(name="Cabinet Division")


def test_new_people_are_created_with_their_identifiers_normalised():
    [karim] = participants_upsert(
        people=[
            {
                "name": "Md. Abdul Karim",
                "email": " Karim@Cabinet.GOV.bd",
                "mobile": "01711-000001",
                "employee_id": " ab 12 ",
                "organisation": _cabinet(),
            }
        ]
    )
    karim.refresh_from_db()
    assert (karim.email, karim.mobile, karim.employee_id) == (
        "karim@cabinet.gov.bd",
        "+8801711000001",
        "AB12",
    )
    assert karim.organisation == _cabinet() and karim.preferred_language == "en"


def test_a_known_person_is_found_by_email_then_employee_id_then_mobile_and_updated():
    by_email = factories.ParticipantFactory(email="a@x.gov.bd", name="A. Old")
    by_id = factories.ParticipantFactory(email="", employee_id="E7", name="B. Old")
    by_mobile = factories.ParticipantFactory(email="", mobile="+8801711000002", name="C. Old")
    found = participants_upsert(
        people=[
            {"name": "A. New", "email": "A@X.gov.bd", "designation": "Joint Secretary"},
            {"name": "B. New", "employee_id": "e7", "email": "b@x.gov.bd"},
            {"name": "C. New", "mobile": "8801711000002"},
        ]
    )
    assert [p.pk for p in found] == [by_email.pk, by_id.pk, by_mobile.pk]
    assert Participant.objects.count() == 3
    by_id.refresh_from_db()
    assert (by_id.name, by_id.email) == ("B. New", "b@x.gov.bd")


def test_a_blank_value_leaves_what_is_known():
    known = factories.ParticipantFactory(
        email="k@x.gov.bd", name_bn="করিম", designation="Deputy Secretary"
    )
    participants_upsert(
        people=[{"name": "Karim", "email": "k@x.gov.bd", "name_bn": "", "designation": None}]
    )
    known.refresh_from_db()
    assert (known.name, known.name_bn, known.designation) == ("Karim", "করিম", "Deputy Secretary")


def test_an_identifier_of_another_participant_is_refused_and_nothing_is_written():
    factories.ParticipantFactory(email="a@x.gov.bd", name="Amina")
    factories.ParticipantFactory(email="", mobile="+8801711000009", name="Other")
    with pytest.raises(WorkshopError, match="belongs to another participant"):
        participants_upsert(
            people=[
                {"name": "Somebody new", "email": "new@x.gov.bd"},
                {"name": "Amina", "email": "a@x.gov.bd", "mobile": "01711000009"},
            ]
        )
    assert not Participant.objects.filter(email="new@x.gov.bd").exists()


@pytest.mark.parametrize(
    ("person", "message"),
    [
        ({"name": "Rafiq", "mobile": "0123"}, "not a Bangladeshi mobile"),
        ({"email": "nobody@x.gov.bd"}, "has no name"),
        ({"name": "Rafiq", "nickname": "R"}, "no field nickname"),
    ],
)
def test_a_person_that_cannot_be_a_participant_is_refused(person, message):
    with pytest.raises(WorkshopError, match=message):
        participants_upsert(people=[{"name": "First", "email": "first@x.gov.bd"}, person])
    assert not Participant.objects.exists()


def test_a_new_person_listed_twice_is_refused():
    with pytest.raises(WorkshopError, match="listed twice"):
        participants_upsert(
            people=[
                {"name": "Rafiq", "email": "r@x.gov.bd"},
                {"name": "Rafiq Islam", "email": "R@x.gov.bd"},
            ]
        )
    assert not Participant.objects.exists()


def test_an_account_is_linked_to_its_officer_once():
    officer = factories.ParticipantFactory(email="officer@x.gov.bd")
    user = factories.UserFactory(email="login@example.org")
    assert participant_link_account(participant=officer, user=user) == officer
    officer.refresh_from_db()
    assert officer.user == user
    # The account's participant is found by the account, whatever the identifiers say.
    [again] = participants_upsert(people=[{"user": user, "name": "Renamed"}])
    assert again.pk == officer.pk
    with pytest.raises(WorkshopError, match="already has another user account"):
        participant_link_account(participant=officer, user=factories.UserFactory())
    other = factories.ParticipantFactory(email="other@x.gov.bd", name="Other")
    with pytest.raises(WorkshopError, match="already Renamed's"):
        participant_link_account(participant=other, user=user)
    other.refresh_from_db()
    assert other.user is None


def test_an_officer_known_by_name_only_is_linked_to_their_account():
    officer = factories.ParticipantFactory(email="", name="Nameless Officer")
    user = factories.UserFactory()
    assert participant_link_account(participant=officer, user=user).pk == officer.pk
    assert Participant.objects.get(user=user) == officer
