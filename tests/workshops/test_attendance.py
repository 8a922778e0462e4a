"""Attendance: marks with their history, the trainer's page, the admin register, the
trainee's own record, and who may do what."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories
from tests.workshops.sessions_world import build_world
from workshops.errors import WorkshopError
from workshops.models import Attendance, AttendanceChange
from workshops.services import attendance_mark, attendance_mark_all_present

pytestmark = pytest.mark.django_db


def test_every_change_of_a_mark_is_kept_with_who_and_how(organiser):
    world = build_world()
    session, person = world.sessions[0], world.trainees[0]
    attendance_mark(session=session, participant=person, status="absent", by=organiser)
    attendance_mark(
        session=session, participant=person, status="late", by=world.trainer_user, source="trainer"
    )
    attendance_mark(session=session, participant=person, status="late", by=organiser)  # no-op
    attendance = Attendance.objects.get(session=session, participant=person)
    assert attendance.status == "late"
    assert attendance.marked_by == world.trainer_user
    history = list(attendance.changes.values_list("from_status", "to_status", "source"))
    assert history == [("", "absent", "register"), ("absent", "late", "trainer")]
    assert attendance.changes.last().changed_by == world.trainer_user


def test_only_confirmed_participants_of_the_batch_can_be_marked(organiser):
    world = build_world()
    with pytest.raises(WorkshopError, match="not a confirmed participant"):
        attendance_mark(
            session=world.sessions[0], participant=world.waitlisted, status="present", by=organiser
        )


def test_mark_all_present_keeps_the_marks_already_given(organiser):
    world = build_world()
    session = world.sessions[0]
    attendance_mark(session=session, participant=world.trainees[0], status="excused", by=organiser)
    assert attendance_mark_all_present(session=session, by=organiser) == 2
    statuses = dict(
        Attendance.objects.filter(session=session).values_list("participant_id", "status")
    )
    assert statuses == {
        world.trainees[0].pk: "excused",
        world.trainees[1].pk: "present",
        world.trainees[2].pk: "present",
    }
    assert attendance_mark_all_present(session=session, by=organiser) == 0


def page(session):
    return reverse("workshops:session_attendance", args=[session.pk])


def test_the_trainer_marks_their_own_session_on_the_phone_page(client):
    world = build_world()
    session = world.sessions[0]
    client.force_login(world.trainer_user)
    response = client.get(page(session))
    assert response.status_code == 200
    assert world.trainees[0].name in response.content.decode()
    assert world.waitlisted.name not in response.content.decode()
    data = {f"status-{p.pk}": "present" for p in world.trainees} | {
        f"status-{world.trainees[2].pk}": "absent",
        "save": "1",
    }
    assert client.post(page(session), data).status_code == 302
    marks = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    assert marks[world.trainees[2].pk] == "absent"
    assert set(AttendanceChange.objects.values_list("source", flat=True)) == {"trainer"}


def test_mark_all_present_button(client):
    world = build_world()
    client.force_login(world.trainer_user)
    client.post(page(world.sessions[1]), {"all_present": "1"})
    assert Attendance.objects.filter(session=world.sessions[1], status="present").count() == 3


def test_a_trainer_cannot_open_or_mark_a_session_they_do_not_teach(client):
    world = build_world()
    other = world.sessions[2]  # the trainer teaches only the first two
    client.force_login(world.trainer_user)
    assert client.get(page(other)).status_code == 403
    response = client.post(page(other), {f"status-{world.trainees[0].pk}": "present"})
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_a_trainee_cannot_open_the_trainers_page(client):
    world = build_world()
    client.force_login(world.trainees[0].user)
    assert client.get(page(world.sessions[0])).status_code == 403


def test_organisers_mark_any_session(client, organiser):
    world = build_world()
    client.force_login(organiser)
    response = client.post(page(world.sessions[3]), {f"status-{world.trainees[0].pk}": "late"})
    assert response.status_code == 302
    assert Attendance.objects.get(session=world.sessions[3]).status == "late"


def test_a_trainee_sees_only_their_own_record(client):
    world = build_world()
    me, other = world.trainees[0], world.trainees[1]
    factories.AttendanceFactory(session=world.sessions[0], participant=me, status="present")
    factories.AttendanceFactory(session=world.sessions[1], participant=other, status="excused")
    client.force_login(me.user)
    body = client.get(reverse("workshops:my_attendance")).content.decode()
    assert body.count("attended 1 of 4") == 1  # the reason, said once
    assert "attended 1 of 4 sessions, needs 4" in body
    assert "Present" in body
    assert "Excused" not in body  # the other trainee's mark
    assert other.name not in body


def test_a_trainee_confirmed_on_the_day_who_checks_in_late_has_attended_that_session(client):
    import datetime as dt

    world = build_world()
    user = factories.UserFactory(group="Trainees")
    me = factories.ParticipantFactory(user=user, email=user.email)
    factories.NominationFactory(
        batch=world.batch,
        participant=me,
        joined_at=world.sessions[0].starts_at + dt.timedelta(minutes=40),
    )
    factories.AttendanceFactory(session=world.sessions[0], participant=me, status="late")
    client.force_login(me.user)
    body = client.get(reverse("workshops:my_attendance")).content.decode()
    assert "Not complete" in body
    assert body.count("attended 1 of 4 sessions, needs 4") == 1
    assert "attended 0 of" not in body
    assert "Before you joined" not in body


def test_a_trainee_who_completed_reads_the_count_once(client):
    world = build_world()
    me = world.trainees[0]
    for session in world.sessions:
        factories.AttendanceFactory(session=session, participant=me, status="present")
    client.force_login(me.user)
    body = client.get(reverse("workshops:my_attendance")).content.decode()
    assert "Completed" in body
    assert body.count("attended 4 of 4") == 1


def test_the_admin_register_saves_changed_cells_with_history(client, organiser):
    world = build_world()
    client.force_login(organiser)
    url = f"/admin/workshops_sessions/batch/{world.batch.pk}/register/"
    assert client.get(url).status_code == 200
    person = world.trainees[1]
    data = {f"a-{person.pk}-{s.pk}": "present" for s in world.sessions}
    data[f"a-{person.pk}-{world.sessions[3].pk}"] = "excused"
    assert client.post(url, data).status_code == 302
    assert AttendanceChange.objects.filter(source="register").count() == 4
    history = client.get(f"/admin/workshops_sessions/batch/{world.batch.pk}/history/")
    assert "Excused" in history.content.decode()


def test_trainers_cannot_open_the_admin_register(client):
    world = build_world()
    client.force_login(world.trainer_user)
    response = client.get(f"/admin/workshops_sessions/batch/{world.batch.pk}/register/")
    assert response.status_code in (302, 403)


def test_the_register_keeps_its_query_count_as_the_batch_grows(
    client, organiser, django_assert_max_num_queries
):
    world = build_world()
    client.force_login(organiser)
    url = f"/admin/workshops_sessions/batch/{world.batch.pk}/register/"
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for _ in range(15):
        factories.NominationFactory(batch=world.batch, status="confirmed")
    for day in range(2, 6):
        factories.SessionFactory(
            batch=world.batch,
            starts_at=factories.dhaka(world.batch.start_date.replace(day=12 + day), 9),
            ends_at=factories.dhaka(world.batch.start_date.replace(day=12 + day), 12),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_marks_of_one_person_leave_one_record_and_a_consistent_history():
    import threading

    from django.db import connection

    world = build_world()
    session, person = world.sessions[0], world.trainees[0]
    barrier = threading.Barrier(4)
    errors = []

    def mark(status):
        try:
            barrier.wait()
            attendance_mark(session=session, participant=person, status=status, by=None)
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=mark, args=(s,)) for s in ["present", "late", "absent", "excused"]
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    attendance = Attendance.objects.get(session=session, participant=person)
    history = list(attendance.changes.order_by("pk").values_list("from_status", "to_status"))
    assert len(history) == 4
    assert history[0][0] == ""
    assert all(history[i][1] == history[i + 1][0] for i in range(3))
    assert history[-1][1] == attendance.status


# --- the register, a day at a time -----------------------------------------------------------


def test_the_register_shows_one_day_and_links_every_day(client, organiser):
    world = build_world()  # two days, two sessions each
    client.force_login(organiser)
    url = f"/admin/workshops_sessions/batch/{world.batch.pk}/register/"
    first = client.get(url).content.decode()  # not running today: the first day
    second = client.get(f"{url}?day=2015-01-13").content.decode()
    person = world.trainees[0]
    for day_sessions, page in ((world.sessions[:2], first), (world.sessions[2:], second)):
        for session in world.sessions:
            shown = f'name="a-{person.pk}-{session.pk}"' in page
            assert shown == (session in day_sessions)
        assert '?day=2015-01-12"' in page and '?day=2015-01-13"' in page
    assert 'aria-current="page">Tue 13 Jan' in second


def test_a_register_day_that_is_not_a_date_of_the_batch_opens_the_first(client, organiser):
    world = build_world()
    client.force_login(organiser)
    url = f"/admin/workshops_sessions/batch/{world.batch.pk}/register/"
    for day in ("2015-02-30", "yesterday", "2016-01-12"):
        page = client.get(f"{url}?day={day}")
        assert page.status_code == 200
        assert f'name="a-{world.trainees[0].pk}-{world.sessions[0].pk}"' in page.content.decode()


def test_saving_a_register_day_returns_to_that_day(client, organiser):
    world = build_world()
    client.force_login(organiser)
    url = f"/admin/workshops_sessions/batch/{world.batch.pk}/register/?day=2015-01-13"
    person = world.trainees[2]
    response = client.post(url, {f"a-{person.pk}-{world.sessions[3].pk}": "late"})
    assert response.status_code == 302 and response.url.endswith("?day=2015-01-13")
    assert Attendance.objects.get(participant=person, session=world.sessions[3]).status == "late"


def test_a_large_batch_register_holds_one_day_of_cells(client, organiser):
    """230 people x 20 sessions over ten days: a day is 460 cells, each a labelled choice of
    the four marks, with how many sessions each person attended over the whole batch."""
    import datetime as dt

    batch = factories.BatchFactory(start_date=dt.date(2015, 3, 1), capacity=230)
    people = [factories.ParticipantFactory() for _ in range(230)]
    factories.nominations_confirm_all(batch=batch, participants=people)
    sessions = [
        factories.SessionFactory(
            batch=batch, starts_at=factories.dhaka(dt.date(2015, 3, 1 + day), hour)
        )
        for day in range(10)
        for hour in (9, 14)
    ]
    factories.attendance_record_all([(s, p, "present") for s in sessions for p in people])
    client.force_login(organiser)
    page = client.get(f"/admin/workshops_sessions/batch/{batch.pk}/register/").content.decode()
    assert page.count("<select ") == 460
    assert page.count('<option value="present" selected>') == 460
    assert f'aria-label="{people[0].name}, 1 Mar 09:00"' in page
    assert page.count('<td class="total">20/20</td>') == 230
    assert len(page.encode()) < 300_000


def test_each_register_cell_shows_its_own_mark_and_names_its_person_and_session(client, organiser):
    """The choice of marks is drawn once per mark for the whole page (issue 20): each cell
    still selects its own person's mark, and a screen reader hears whose cell it is."""
    import re

    world = build_world()
    first, second = world.trainees[0], world.trainees[1]
    session = world.sessions[1]
    attendance_mark(session=session, participant=first, status="late", by=organiser)
    attendance_mark(session=session, participant=second, status="excused", by=organiser)
    client.force_login(organiser)
    page = client.get(f"/admin/workshops_sessions/batch/{world.batch.pk}/register/")
    body = page.content.decode()

    def cell(person, session):
        match = re.search(rf'<select name="a-{person.pk}-{session.pk}"[^>]*>(.*?)</select>', body)
        return match.group(0)

    assert '<option value="late" selected>Late</option>' in cell(first, session)
    assert " selected" not in cell(first, session).replace('value="late" selected', "")
    assert '<option value="excused" selected>Excused</option>' in cell(second, session)
    assert " selected" not in cell(first, world.sessions[0])  # no mark yet: nothing chosen
    when = session.starts_at.astimezone(dt.timezone(dt.timedelta(hours=6))).strftime("%-d %b %H:%M")
    assert f'aria-label="{first.name}, {when}"' in cell(first, session)
