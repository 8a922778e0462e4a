"""Self check-in: the code of this minute or the one before is accepted; older, foreign
or made-up codes are refused with a clear message; only confirmed trainees are marked."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.workshops.sessions_world import build_world
from workshops import checkin
from workshops.errors import WorkshopError
from workshops.models import Attendance
from workshops.services import attendance_check_in, session_checkin_code

pytestmark = pytest.mark.django_db


def at(session, minutes: float) -> dt.datetime:
    return session.starts_at + dt.timedelta(minutes=minutes)


def test_codes_change_every_minute_and_the_previous_one_is_still_accepted():
    secret, sid = "s" * 64, 7
    t0 = dt.datetime(2015, 1, 12, 4, 0, 30, tzinfo=dt.UTC)
    code = checkin.checkin_code(secret=secret, session_id=sid, window=checkin.checkin_window(t0))
    later = t0 + dt.timedelta(seconds=60)
    assert (
        checkin.checkin_code(secret=secret, session_id=sid, window=checkin.checkin_window(later))
        != code
    )
    assert checkin.checkin_code_check(secret=secret, session_id=sid, code=code, at=t0).valid
    assert checkin.checkin_code_check(secret=secret, session_id=sid, code=code, at=later).valid
    too_late = t0 + dt.timedelta(seconds=120)
    assert not checkin.checkin_code_check(
        secret=secret, session_id=sid, code=code, at=too_late
    ).valid


def test_a_code_belongs_to_one_session_and_one_secret():
    t0 = dt.datetime(2015, 1, 12, 4, 0, tzinfo=dt.UTC)
    window = checkin.checkin_window(t0)
    code = checkin.checkin_code(secret="a" * 64, session_id=1, window=window)
    assert not checkin.checkin_code_check(secret="a" * 64, session_id=2, code=code, at=t0).valid
    assert not checkin.checkin_code_check(secret="b" * 64, session_id=1, code=code, at=t0).valid


def test_a_confirmed_trainee_who_scans_the_current_code_is_marked_present():
    world = build_world()
    session, me = world.sessions[0], world.trainees[0]
    code = session_checkin_code(session=session, at=at(session, 2))
    attendance = attendance_check_in(session=session, user=me.user, code=code, at=at(session, 2.5))
    assert attendance.status == "present"
    assert attendance.changes.get().source == "checkin"


def test_checking_in_after_fifteen_minutes_is_late():
    world = build_world()
    session, me = world.sessions[0], world.trainees[0]
    code = session_checkin_code(session=session, at=at(session, 40))
    assert (
        attendance_check_in(session=session, user=me.user, code=code, at=at(session, 40)).status
        == "late"
    )


def test_the_same_code_serves_everyone_in_the_room_during_its_window():
    world = build_world()
    session = world.sessions[0]
    code = session_checkin_code(session=session, at=at(session, 5))
    for person in world.trainees:
        attendance_check_in(session=session, user=person.user, code=code, at=at(session, 5.5))
    assert Attendance.objects.filter(session=session, status="present").count() == 3


def test_an_old_code_replayed_later_is_refused():
    world = build_world()
    session, me = world.sessions[0], world.trainees[0]
    code = session_checkin_code(session=session, at=at(session, 5))
    with pytest.raises(WorkshopError, match="expired or is not valid"):
        attendance_check_in(session=session, user=me.user, code=code, at=at(session, 7.5))
    assert not Attendance.objects.exists()


def test_a_code_of_another_session_is_refused():
    from workshops.services import session_checkin_secret

    world = build_world()
    first, second = world.sessions[0], world.sessions[1]
    now = at(second, 5)
    # What the first session's QR would show at this minute, scanned for the second.
    code = checkin.checkin_code(
        secret=session_checkin_secret(first),
        session_id=first.pk,
        window=checkin.checkin_window(now),
    )
    with pytest.raises(WorkshopError, match="expired or is not valid"):
        attendance_check_in(session=second, user=world.trainees[0].user, code=code, at=now)


def test_check_in_is_closed_outside_the_session():
    world = build_world()
    session = world.sessions[0]
    with pytest.raises(WorkshopError, match="closed"):
        session_checkin_code(session=session, at=at(session, -30))
    code = session_checkin_code(session=session, at=at(session, -10))  # 15 minutes before: open
    after_end = session.ends_at + dt.timedelta(seconds=30)
    with pytest.raises(WorkshopError, match="closed"):
        attendance_check_in(session=session, user=world.trainees[0].user, code=code, at=after_end)


def test_people_not_confirmed_in_the_batch_cannot_check_in(trainee):
    world = build_world()
    session = world.sessions[0]
    code = session_checkin_code(session=session, at=at(session, 1))
    with pytest.raises(WorkshopError, match="not linked to a participant"):
        attendance_check_in(session=session, user=trainee, code=code, at=at(session, 1))
    from tests import factories

    world.waitlisted.user = factories.UserFactory()
    world.waitlisted.save()
    with pytest.raises(WorkshopError, match="not a confirmed participant"):
        attendance_check_in(
            session=session, user=world.waitlisted.user, code=code, at=at(session, 1)
        )


def test_a_trainer_mark_of_present_is_not_changed_by_a_scan(organiser):
    from workshops.services import attendance_mark

    world = build_world()
    session, me = world.sessions[0], world.trainees[0]
    attendance_mark(session=session, participant=me, status="present", by=organiser)
    code = session_checkin_code(session=session, at=at(session, 30))
    assert (
        attendance_check_in(session=session, user=me.user, code=code, at=at(session, 30)).status
        == "present"
    )
    assert Attendance.objects.get().changes.count() == 1


def test_the_scan_page_confirms_then_marks_and_explains_refusals(client, monkeypatch):
    world = build_world()
    session, me = world.sessions[0], world.trainees[0]
    now = at(session, 3)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    code = session_checkin_code(session=session, at=now)
    url = reverse("workshops:check_in", args=[session.pk, code])
    client.force_login(me.user)
    assert "Check me in" in client.get(url).content.decode()
    response = client.post(url)
    assert "You are checked in: marked present." in response.content.decode()
    bad_url = reverse("workshops:check_in", args=[session.pk, "0" * 16])
    bad = client.get(bad_url)  # told at once, without a button to tap
    assert bad.status_code == 400
    assert "has expired or is not valid" in bad.content.decode()
    assert "Check me in" not in bad.content.decode()
    assert client.post(bad_url).status_code == 400


def test_a_made_up_code_with_any_characters_is_refused_with_the_message(client, monkeypatch):
    world = build_world()
    session, me = world.sessions[0], world.trainees[0]
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(session, 3))
    client.force_login(me.user)
    for code in ("éééééééééééééééé", "ক" * 16, "\u200b"):
        url = reverse("workshops:check_in", args=[session.pk, code])
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400
            assert "has expired or is not valid" in response.content.decode()
    assert not checkin.checkin_code_check(
        secret="s" * 64, session_id=1, code="é" * 16, at=dt.datetime.now(dt.UTC)
    ).valid


def test_anonymous_scans_are_sent_to_log_in_first(client):
    world = build_world()
    response = client.get(reverse("workshops:check_in", args=[world.sessions[0].pk, "abc"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_trainer_page_serves_the_qr_as_inline_svg(client, monkeypatch):
    world = build_world()
    session = world.sessions[0]
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(session, 1))
    client.force_login(world.trainer_user)
    data = client.get(reverse("workshops:session_checkin_qr", args=[session.pk])).json()
    assert data["open"] is True
    assert data["svg"].startswith("<svg")
    assert f"/workshops/check-in/{session.pk}/" in data["url"]
    assert 0 < data["seconds_left"] <= 60
    client.force_login(world.trainees[0].user)
    assert client.get(reverse("workshops:session_checkin_qr", args=[session.pk])).status_code == 403
