"""Who is eligible for which certificate, and the reasons given to those who are not."""

import pytest

from certificates.eligibility import attendance_rule
from certificates.kinds import kind_eligibility
from certificates.services import CertificateError, bulk_issue_plan
from tests.certificates.conftest import add_batch, nominate, participant

# The rule itself needs no database, but the suite's autouse fixture clears the database cache.
pytestmark = pytest.mark.django_db

# --- the attendance rule, without a database -----------------------------------------------


def test_confirmed_with_one_session_attended_is_eligible():
    assert attendance_rule(nomination_status="confirmed", attended=1, held=8) == []


@pytest.mark.parametrize("status", ["nominated", "waitlisted"])
def test_unconfirmed_nomination_is_not_eligible_and_says_its_status(status):
    (reason,) = attendance_rule(nomination_status=status, attended=3, held=3)
    assert "not confirmed" in reason


def test_no_session_attended_is_not_eligible():
    assert attendance_rule(nomination_status="confirmed", attended=0, held=2) == [
        "attended none of the 2 sessions"
    ]


def test_batch_without_attendance_taken_is_not_eligible_yet():
    (reason,) = attendance_rule(nomination_status="confirmed", attended=0, held=0)
    assert "no attendance" in reason


# --- attendance from the data ------------------------------------------------------------


def test_attendance_eligibility_of_a_batch(batch):
    present = participant(name="Present")
    late = participant(name="Late once")
    excused = participant(name="Excused")
    waiting = participant(name="Waiting")
    cancelled = participant(name="Cancelled")
    nominate(batch, present)
    nominate(batch, late, attendance=("absent", "late"))
    nominate(batch, excused, attendance=("excused", "absent"))
    nominate(batch, waiting, status="waitlisted", attendance=())
    nominate(batch, cancelled, status="cancelled", attendance=())

    result = {e.participant.name: e for e in kind_eligibility(kind="attendance", batch=batch)}

    assert set(result) == {"Present", "Late once", "Excused", "Waiting"}  # cancelled left out
    assert result["Present"].eligible and result["Late once"].eligible
    assert not result["Excused"].eligible
    assert result["Excused"].reasons == ["attended none of the 2 sessions"]
    assert not result["Waiting"].eligible
    assert all(e.batch == batch for e in result.values())


def test_attendance_for_an_event_covers_every_batch(event):
    first, second = add_batch(event, 1), add_batch(event, 2)
    nominate(first, participant(name="A"))
    nominate(second, participant(name="B"), attendance=("absent", "absent"))
    result = {e.participant.name: e for e in kind_eligibility(kind="attendance", event=event)}
    assert result["A"].eligible and result["A"].batch == first
    assert not result["B"].eligible and result["B"].batch == second


# --- completion through the workshops selector -------------------------------------------


def test_completion_uses_the_workshops_rule_and_its_reasons(event):
    """The event's completion rule (80 % of sessions here) as workshops evaluates it."""
    batch = add_batch(event, sessions=5)
    done, short = participant(name="Done"), participant(name="Short")
    nominate(batch, done, attendance=("present",) * 5)
    nominate(batch, short, attendance=("present", "present", "absent", "absent", "absent"))
    result = {e.participant.name: e for e in kind_eligibility(kind="completion", batch=batch)}
    assert result["Done"].eligible and result["Done"].reasons == []
    assert result["Short"].reasons == ["attended 2 of 5 sessions, needs 4"]


def test_event_completion_records_the_batch_each_participant_attended(event):
    first, second = add_batch(event, 1), add_batch(event, 2)
    a, b = participant(), participant()
    nominate(first, a)
    nominate(second, b)
    batches = {e.participant: e.batch for e in kind_eligibility(kind="completion", event=event)}
    assert batches == {a: first, b: second}


def test_trainer_certificates_are_for_courses_only(batch):
    with pytest.raises(CertificateError, match="event, a batch or a course"):
        bulk_issue_plan(kind="trainer", batch=batch)


def test_completion_with_the_real_workshops_rule_issues_only_to_who_completed(event, templates):
    """No stand-in: the event's 80% rule as workshops evaluates it, then a bulk issue."""
    from certificates.models import Certificate
    from certificates.services import certificate_issue

    batch = add_batch(event, sessions=5)
    done, short = participant(name="Done"), participant(name="Short")
    nominate(batch, done, attendance=("present", "present", "late", "present", "present"))
    nominate(batch, short, attendance=("present", "absent", "absent", "present", "excused"))
    result = {e.participant.name: e for e in kind_eligibility(kind="completion", batch=batch)}
    assert result["Done"].eligible
    assert not result["Short"].eligible
    assert result["Short"].reasons[0] == "attended 2 of 5 sessions, needs 4"
    for entry in result.values():
        if entry.eligible:
            certificate_issue(kind="completion", participant=entry.participant, subject=batch)
    holders = set(Certificate.objects.values_list("participant__name", flat=True))
    assert holders == {"Done"}
