"""One write path each: nominations in bulk (lists, planner, demo), attendance marks (one or a
whole register), and batches and sessions through their services."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.workshops.sessions_world import build_world
from workshops.models import Attendance, AttendanceChange, Batch, Nomination, NominationChange
from workshops.services import (
    Mark,
    WorkshopError,
    attendance_record,
    batch_cancel,
    batch_confirm_nominated,
    batch_create,
    batch_update,
    nomination_withdraw,
    nominations_add,
    session_update,
)

Status = Nomination.Status
pytestmark = pytest.mark.django_db


def people(*names):
    return [factories.ParticipantFactory(name=name) for name in names]


# --- nominations -------------------------------------------------------------------------


def test_a_list_queues_in_its_own_order_and_confirm_all_follows_it_not_the_alphabet(organiser):
    batch = factories.BatchFactory(capacity=2)
    zaman, ahmed, karim = people("Zaman", "Ahmed", "Karim")
    nominations_add(batch=batch, participants=[zaman, ahmed, karim], by=organiser)

    counts = batch_confirm_nominated(batch=batch, by=organiser)

    assert counts == {"confirmed": 2, "waitlisted": 1, "clashes": 0}
    status = {n.participant.name: n.status for n in batch.nominations.select_related("participant")}
    assert status == {"Zaman": "confirmed", "Ahmed": "confirmed", "Karim": "waitlisted"}


def test_a_later_nomination_queues_after_the_list(organiser):
    batch = factories.BatchFactory(capacity=2)
    nominations_add(batch=batch, participants=people("Rumana", "Bashir"), by=organiser)
    (late,) = people("Abdul")
    nominations_add(batch=batch, participants=[late], by=organiser)
    queue = batch.nominations.order_by("queue_position").values_list(
        "participant__name", "queue_position"
    )
    assert list(queue) == [("Rumana", 1), ("Bashir", 2), ("Abdul", 3)]


def test_adding_with_seats_confirms_in_order_and_wait_lists_the_overflow_with_history():
    batch = factories.BatchFactory(capacity=2)
    first, second, third = people("First", "Second", "Third")

    added = nominations_add(batch=batch, participants=[first, second, third], confirm=True)

    assert (added.created, added.confirmed, added.waitlisted) == (3, 2, 1)
    third_nomination = Nomination.objects.get(participant=third)
    assert (third_nomination.status, third_nomination.waitlist_position) == ("waitlisted", 1)
    history = NominationChange.objects.filter(nomination__batch=batch)
    assert sorted(history.values_list("from_status", "to_status")) == [
        ("", "confirmed"),
        ("", "confirmed"),
        ("", "waitlisted"),
    ]


def test_someone_confirmed_elsewhere_at_the_same_time_stays_nominated():
    event = factories.event_page()
    one = factories.BatchFactory(event=event, start_date=dt.date(2015, 1, 12))
    other = factories.BatchFactory(event=event, start_date=dt.date(2015, 1, 13))
    (busy,) = people("Busy Officer")
    nominations_add(batch=one, participants=[busy], confirm=True)

    added = nominations_add(batch=other, participants=[busy], confirm=True)

    assert added.clashes == 1 and added.confirmed == 0
    assert Nomination.objects.get(batch=other).status == "nominated"


def test_people_already_nominated_are_left_alone_and_withdrawn_ones_come_back():
    batch = factories.BatchFactory(capacity=5)
    stays, leaves = people("Stays", "Leaves")
    nominations_add(batch=batch, participants=[stays, leaves], confirm=True)
    nomination_withdraw(nomination=Nomination.objects.get(participant=leaves))

    added = nominations_add(batch=batch, participants=[stays, leaves])

    assert (added.already_active, added.reopened, added.created) == (1, 1, 0)
    assert Nomination.objects.get(participant=stays).status == "confirmed"
    assert Nomination.objects.get(participant=leaves).status == "nominated"


def test_a_completed_batch_takes_no_list_and_nothing_is_written():
    batch = factories.BatchFactory(status=Batch.Status.COMPLETED)
    with pytest.raises(WorkshopError, match="takes no nominations"):
        nominations_add(batch=batch, participants=people("Late Comer"))
    assert not Nomination.objects.filter(batch=batch).exists()


def test_historical_confirmations_are_not_e_mailed_and_count_from_the_first_day(
    django_capture_on_commit_callbacks,
):
    batch = factories.BatchFactory(start_date=dt.date(2015, 1, 12))
    letter = dt.datetime(2015, 1, 5, 10, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        nominations_add(
            batch=batch, participants=people("Historic"), confirm=True, at=letter, notify=False
        )
    assert mail.outbox == []
    assert Nomination.objects.get(batch=batch).joined_at is None


# --- batches -----------------------------------------------------------------------------


def test_capacity_cannot_drop_below_the_confirmed_seats_and_raising_it_fills_from_the_wait_list():
    batch = factories.BatchFactory(capacity=1)
    nominations_add(batch=batch, participants=people("Seated", "Waiting"), confirm=True)
    with pytest.raises(WorkshopError, match="1 participants are confirmed"):
        batch_update(batch=batch, capacity=0)

    result = batch_update(batch=batch, capacity=2)

    assert [n.participant.name for n in result.promoted] == ["Waiting"]
    assert Nomination.objects.filter(batch=batch, status="confirmed").count() == 2


def test_a_batch_cannot_hang_on_a_translation_of_its_event():
    event = factories.event_page()
    translation = factories.bangla(event)
    with pytest.raises(WorkshopError, match="is a translation"):
        batch_create(
            event=translation,
            start_date=dt.date(2015, 1, 12),
            end_date=dt.date(2015, 1, 13),
            capacity=25,
        )
    assert not Batch.objects.exists()
    batch = batch_create(
        event=event, start_date=dt.date(2015, 1, 12), end_date=dt.date(2015, 1, 13), capacity=25
    )
    assert batch.number == 1


def test_a_batch_that_ends_before_it_starts_is_refused_with_a_message():
    event = factories.event_page()
    with pytest.raises(WorkshopError):
        batch_create(
            event=event, start_date=dt.date(2015, 1, 13), end_date=dt.date(2015, 1, 12), capacity=5
        )
    assert not Batch.objects.exists()


def test_cancelling_tells_everyone_and_replaces_their_calendar_events(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        result = batch_cancel(batch=world.batch)
    assert result.notice == "cancelled"
    assert {s.sequence for s in world.batch.sessions.all()} == {1}
    assert len(mail.outbox) == 4  # three trainees and the trainer


def test_a_completed_batch_cannot_be_cancelled():
    batch = factories.BatchFactory(status=Batch.Status.COMPLETED)
    with pytest.raises(WorkshopError, match="completed"):
        batch_cancel(batch=batch)


def test_the_admin_shows_the_capacity_rule_on_the_form(client, organiser):
    batch = factories.BatchFactory(capacity=2)
    nominations_add(batch=batch, participants=people("One", "Two"), confirm=True)
    client.force_login(organiser)
    data = {
        "event": batch.event_id,
        "number": batch.number,
        "start_date": batch.start_date.isoformat(),
        "end_date": batch.end_date.isoformat(),
        "venue": batch.venue,
        "capacity": 1,
        "status": batch.status,
    }
    response = client.post(reverse("workshops_batch:edit", args=[batch.pk]), data)
    assert response.status_code == 200
    assert "2 participants are confirmed" in response.content.decode()
    assert Batch.objects.get(pk=batch.pk).capacity == 2


# --- sessions ----------------------------------------------------------------------------


def test_a_session_change_a_calendar_shows_raises_its_sequence_and_a_note_does_not():
    world = build_world()
    session = world.sessions[0]
    session = session_update(session=session, room="Room 2")
    assert session.sequence == 1
    session = session_update(session=session, sign_in_sheet="")
    assert session.sequence == 1


# --- attendance --------------------------------------------------------------------------


def test_a_register_is_saved_whole_or_not_at_all(organiser):
    world = build_world()
    outsider = factories.ParticipantFactory(name="Not In This Batch")
    first, second = world.sessions[:2]
    marks = [
        Mark(first, world.trainees[0].pk, "present"),
        Mark(second, world.trainees[1].pk, "late"),
        Mark(first, outsider.pk, "present"),
    ]
    with pytest.raises(WorkshopError, match="Not In This Batch is not a confirmed participant"):
        attendance_record(marks=marks, by=organiser)
    assert not Attendance.objects.exists()
    assert not AttendanceChange.objects.exists()


def test_marks_are_created_changed_or_left_with_one_history_row_per_change(organiser):
    world = build_world()
    first = world.sessions[0]
    a, b = world.trainees[:2]
    attendance_record(marks=[Mark(first, a.pk, "present"), Mark(first, b.pk, "late")], by=None)

    recorded = attendance_record(
        marks=[Mark(first, a.pk, "present"), Mark(first, b.pk, "excused")],
        by=organiser,
        source=AttendanceChange.Source.REGISTER,
    )

    assert (recorded.created, recorded.changed, recorded.unchanged) == (0, 1, 1)
    history = AttendanceChange.objects.filter(attendance__participant=b).order_by("pk")
    assert [(h.from_status, h.to_status, h.changed_by) for h in history] == [
        ("", "late", None),
        ("late", "excused", organiser),
    ]
    assert {m.batch_id for m in Attendance.objects.all()} == {world.batch.pk}


def test_an_unknown_status_is_refused_with_a_message():
    world = build_world()
    with pytest.raises(WorkshopError, match="is not an attendance status"):
        attendance_record(marks=[Mark(world.sessions[0], world.trainees[0].pk, "asleep")], by=None)


def test_the_admin_register_saves_nothing_when_one_cell_is_refused(client, organiser):
    world = build_world()
    client.force_login(organiser)
    a, b = world.trainees[:2]
    first = world.sessions[0]
    url = reverse("workshops_sessions:register", args=[world.batch.pk])
    response = client.post(
        url, {f"a-{a.pk}-{first.pk}": "present", f"a-{b.pk}-{first.pk}": "asleep"}, follow=True
    )
    assert "Nothing was saved" in response.content.decode()
    assert not Attendance.objects.exists()
