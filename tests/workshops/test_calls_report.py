"""The nomination-calls report: quota, nominated, approved, attended per organisation, and
which organisations were silent or answered only after the reminder."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tests.workshops import calls_world as world
from workshops.models import CallQuota
from workshops.reports import nomination_calls
from workshops.services import (
    calls_remind,
    nomination_confirm,
    nomination_decline,
    nomination_submit,
)

pytestmark = pytest.mark.django_db


def submit(w, participant, at=None):
    user = w["finance_focal"]
    return nomination_submit(
        call=w["call"],
        participant=participant,
        by=user,
        for_organisations=world.acts_for(user),
        at=at,
    )


def test_the_report_counts_each_organisations_answer(organiser, django_assert_max_num_queries):
    w = world.build(finance_seats=3, planning_seats=2)
    first, second = submit(w, world.officer(w["finance"])), submit(w, world.officer(w["finance"]))
    nomination_confirm(nomination=first, by=organiser)
    nomination_decline(nomination=second, by=organiser, reason="Wrong wing")
    session = factories.SessionFactory(batch=w["batch"])
    factories.AttendanceFactory(session=session, participant=first.participant, status="present")
    with django_assert_max_num_queries(4):
        frame = nomination_calls()
    rows = {row.organisation: row for row in frame.itertuples()}
    finance, planning = rows["Ministry of Finance"], rows["Ministry of Planning"]
    assert (finance.quota, finance.nominated, finance.approved, finance.declined) == (3, 1, 1, 1)
    assert finance.attended == 1
    assert finance.answer == "short"
    assert (planning.nominated, planning.answer) == (0, "silent")


def test_an_organisation_that_answered_after_the_reminder_is_marked(organiser):
    w = world.build(finance_seats=1, planning_seats=1)
    calls_remind(now=w["call"].deadline - dt.timedelta(days=2))
    # The reminder went an hour ago (the clock of the test cannot move forward).
    CallQuota.objects.update(reminded_at=timezone.now() - dt.timedelta(hours=1))
    submit(w, world.officer(w["finance"]))
    frame = nomination_calls()
    assert dict(zip(frame.organisation, frame.answer, strict=True)) == {
        "Ministry of Finance": "after reminder",
        "Ministry of Planning": "silent",
    }
