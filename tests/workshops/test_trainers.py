"""Trainer assignment: overlapping sessions are refused with the other session's name;
certified trainers come first in the picker; external resource persons are marked."""

import datetime as dt

import pytest

from tests import factories
from tests.workshops.sessions_world import build_world
from workshops import hooks
from workshops.errors import WorkshopError
from workshops.forms import TrainerAssignmentForm
from workshops.models import TrainerAssignment
from workshops.services import trainer_assign

pytestmark = pytest.mark.django_db


def test_a_trainer_cannot_teach_two_overlapping_sessions_and_the_message_names_the_other():
    world = build_world()
    other_batch = factories.BatchFactory(start_date=world.batch.start_date)
    clashing = factories.SessionFactory(
        batch=other_batch,
        starts_at=factories.dhaka(world.batch.start_date, 11),
        ends_at=factories.dhaka(world.batch.start_date, 12),
        topic="Results framework",
    )
    with pytest.raises(WorkshopError) as error:
        trainer_assign(session=clashing, trainer=world.trainer)
    message = str(error.value)
    assert world.trainer.name in message
    assert "Topic 1" in message  # the session already taught
    assert "12 Jan 2015 09:30–13:00" in message
    assert not TrainerAssignment.objects.filter(session=clashing).exists()


def test_back_to_back_sessions_do_not_clash():
    world = build_world()
    after = factories.SessionFactory(
        batch=factories.BatchFactory(start_date=world.batch.start_date),
        starts_at=factories.dhaka(world.batch.start_date, 13),
        ends_at=factories.dhaka(world.batch.start_date, 14),
    )
    assignment = trainer_assign(session=after, trainer=world.trainer, role="co")
    assert assignment.get_role_display() == "Co-trainer"


def test_the_same_trainer_twice_on_one_session_is_refused():
    world = build_world()
    with pytest.raises(WorkshopError, match="already a trainer of this session"):
        trainer_assign(session=world.sessions[0], trainer=world.trainer)


def test_an_external_resource_person_is_marked():
    world = build_world()
    guest = factories.ParticipantFactory(name="Dr. Guest Speaker", organisation=None)
    assignment = trainer_assign(
        session=world.sessions[2], trainer=guest, role="resource", is_external=True
    )
    assert assignment.is_external
    assert assignment.get_role_display() == "Resource person"


@pytest.fixture
def certification_source():
    certified_ids: set[int] = set()

    def source(*, participant_ids, on):
        assert isinstance(on, dt.date)
        return certified_ids & set(participant_ids)

    hooks.register_trainer_certification(source)
    yield certified_ids
    hooks._trainer_certifications.remove(source)


def test_the_picker_lists_certified_trainers_first(certification_source):
    world = build_world()
    factories.ParticipantFactory(name="Aaron Uncertified")
    zed = factories.ParticipantFactory(name="Zed Certified")
    certification_source.add(zed.pk)
    form = TrainerAssignmentForm(session=world.sessions[2])
    labels = [label for value, label in form.fields["trainer"].choices if value]
    assert labels[0].startswith("★ Zed Certified")
    assert "(certified trainer)" in labels[0]
    assert any(label.startswith("Aaron Uncertified") for label in labels[1:])


def test_organiser_sees_the_clash_in_the_admin_form(client, organiser):
    world = build_world()
    clashing = factories.SessionFactory(
        batch=factories.BatchFactory(start_date=world.batch.start_date),
        starts_at=factories.dhaka(world.batch.start_date, 10),
        ends_at=factories.dhaka(world.batch.start_date, 11),
    )
    client.force_login(organiser)
    url = f"/admin/workshops_sessions/session/{clashing.pk}/trainers/"
    response = client.post(url, {"trainer": world.trainer.pk, "role": "lead"})
    assert response.status_code == 200
    assert "overlaps this session" in response.content.decode()
    response = client.post(url, {"trainer": world.trainees[0].pk, "role": "co"})
    assert response.status_code == 302
    assert clashing.trainers.get().trainer == world.trainees[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_assignments_of_one_trainer_cannot_both_pass():
    import threading

    from django.db import connection

    world = build_world()
    day = world.batch.start_date + dt.timedelta(days=5)
    a, b = (
        factories.SessionFactory(
            batch=world.batch, starts_at=factories.dhaka(day, 9), ends_at=factories.dhaka(day, 12)
        )
        for _ in range(2)
    )
    person = factories.ParticipantFactory()
    outcomes = []

    def assign(session):
        try:
            trainer_assign(session=session, trainer=person)
            outcomes.append("ok")
        except WorkshopError:
            outcomes.append("clash")
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(s,)) for s in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["clash", "ok"]


def test_after_certified_trainers_come_those_who_have_taught_before(certification_source):
    world = build_world()  # world.trainer teaches two sessions
    newcomer = factories.ParticipantFactory(name="Aaaa Newcomer")
    form = TrainerAssignmentForm(session=world.sessions[2])
    order = [value for value, _label in form.fields["trainer"].choices if value]
    assert order.index(world.trainer.pk) < order.index(newcomer.pk)


def test_organisers_find_a_trainer_by_name_email_or_organisation_among_hundreds(
    client, organiser, certification_source, django_assert_max_num_queries
):
    world = build_world()
    land = factories.OrganisationFactory(name="Ministry of Land", name_bn="ভূমি মন্ত্রণালয়")
    factories.ParticipantFactory.create_batch(60)
    rokeya = factories.ParticipantFactory(
        name="Rokeya Sultana", email="rokeya@minland.gov.bd", organisation=land
    )
    karim = factories.ParticipantFactory(name="Abdul Karim", name_bn="আব্দুল করিম")
    certification_source.add(karim.pk)
    client.force_login(organiser)
    url = f"/admin/workshops_sessions/session/{world.sessions[2].pk}/trainers/"

    def listed(**query) -> list[str]:
        response = client.get(url, query)
        form = response.context["form"]
        return [label for value, label in form.fields["trainer"].choices if value]

    assert any("Rokeya Sultana" in label for label in listed())
    assert len(listed()) > 60
    for words in ("rokeya", "minland.gov", "Ministry of Land", "ভূমি", "sultana land"):
        assert [label.split(" – ")[0] for label in listed(q=words)] == ["Rokeya Sultana"], words
    assert listed(q="আব্দুল")[0].startswith("★ Abdul Karim")
    certified = listed(certified="on")
    assert len(certified) == 1 and certified[0].startswith("★ Abdul Karim")
    assert listed(q="rokeya", certified="on") == []
    with django_assert_max_num_queries(30):
        client.get(url, {"q": "a"})
    # A trainer found by a search is assigned from the same page.
    response = client.post(url, {"trainer": rokeya.pk, "role": "co"})
    assert response.status_code == 302
    assert world.sessions[2].trainers.get().trainer == rokeya
