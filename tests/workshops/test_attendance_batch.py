"""An attendance mark belongs to its session's batch: reports count marks per batch from
the mark itself, so the two never disagree."""

import pytest
from django.db import IntegrityError, connection, transaction

from tests import factories
from tests.workshops.sessions_world import build_world
from workshops.models import Attendance, Session
from workshops.services import WorkshopError, attendance_mark, session_move

pytestmark = pytest.mark.django_db


def test_every_way_of_recording_a_mark_files_it_under_the_sessions_batch(organiser):
    world = build_world()
    first, second, third, fourth = world.sessions
    a, b, c = world.trainees
    marked = attendance_mark(session=first, participant=a, status="present", by=organiser)
    # Written directly on purpose: the model itself (`save`, `bulk_create`), which the service
    # and bulk loads rely on, must file the mark under its session's batch.
    created = Attendance.objects.create(session=second, participant=a, status="late")
    # Bulk loads (demo data, imports) may give the session or only its id.
    Attendance.objects.bulk_create(
        [
            Attendance(session=third, participant=b, status="present"),
            Attendance(session_id=fourth.pk, participant=c, status="absent"),
        ]
    )
    assert marked.batch == created.batch == world.batch
    assert set(Attendance.objects.values_list("batch", flat=True)) == {world.batch.pk}


def _edit(client, session, batch):
    return client.post(
        f"/admin/sessions/edit/{session.pk}/",
        {
            "batch": batch.pk,
            "starts_at": "2015-01-12 09:30",
            "ends_at": "2015-01-12 13:00",
            "topic": session.topic,
            "room": session.room,
        },
    )


def test_a_session_with_attendance_stays_with_its_batch(client, organiser):
    world = build_world()
    other = factories.BatchFactory(event=world.batch.event)
    taken, empty = world.sessions[0], world.sessions[1]
    attendance_mark(session=taken, participant=world.trainees[0], status="present", by=organiser)
    client.force_login(organiser)

    response = _edit(client, taken, other)

    assert response.status_code == 200
    assert "Attendance has been taken at this session" in response.content.decode()
    assert Session.objects.get(pk=taken.pk).batch == world.batch
    # A session nobody has been marked at yet may still move.
    assert _edit(client, empty, other).status_code == 302
    assert Session.objects.get(pk=empty.pk).batch == other


def test_the_session_service_refuses_to_move_a_session_away_from_its_marks(organiser):
    world = build_world()
    other = factories.BatchFactory(event=world.batch.event)
    session, empty = world.sessions[0], world.sessions[1]
    attendance_mark(session=session, participant=world.trainees[0], status="late", by=organiser)
    with pytest.raises(WorkshopError, match="stays with its batch"):
        session_move(session=session, batch=other)
    assert Session.objects.get(pk=session.pk).batch == world.batch
    moved = session_move(session=empty, batch=other)
    assert moved.batch == other and moved.sequence == 1


@pytest.mark.postgres
def test_postgresql_refuses_a_mark_filed_under_another_batch(organiser):
    world = build_world()
    other = factories.BatchFactory(event=world.batch.event)
    mark = attendance_mark(
        session=world.sessions[0], participant=world.trainees[0], status="present", by=organiser
    )
    # Written directly on purpose: the database must refuse what no service would write.
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(pk=mark.pk).update(batch=other)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # Nor can a session slip away from its marks behind the form's back.
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=world.sessions[0].pk).update(batch=other)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
