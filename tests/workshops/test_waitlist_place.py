"""A trainee sees their place on the wait-list on their own pages (issue 17)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from workshops.models import Nomination
from workshops.selectors import waitlist_places
from workshops.services import nomination_cancel

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(db):
    """A batch next month with four people waiting at positions 2, 5, 6 and 9 (gaps left by
    earlier promotions); the third of them has an account."""
    day = timezone.localdate() + dt.timedelta(days=30)
    batch = factories.BatchFactory(start_date=day, end_date=day + dt.timedelta(days=2))
    user = factories.UserFactory(group="Trainees")
    me = factories.ParticipantFactory(user=user, email=user.email)
    waiting = []
    for position in (2, 5, 6, 9):
        participant = me if position == 6 else factories.ParticipantFactory()
        waiting.append(
            factories.NominationFactory(
                batch=batch,
                participant=participant,
                status=Nomination.Status.WAITLISTED,
                waitlist_position=position,
            )
        )
    factories.NominationFactory(batch=batch, status=Nomination.Status.CONFIRMED)
    return batch, user, waiting


def test_places_count_the_people_ahead_not_the_stored_positions(queue):
    _batch, _user, waiting = queue
    places = waitlist_places(waiting)
    assert [places[n.pk] for n in waiting] == [1, 2, 3, 4]


def test_places_cost_one_query_however_many_nominations(queue, django_assert_num_queries):
    _batch, _user, waiting = queue
    with django_assert_num_queries(1):
        waitlist_places(waiting)
    with django_assert_num_queries(0):
        assert waitlist_places([]) == {}


@pytest.mark.parametrize("page", ["courses:my_learning", "workshops:my_attendance"])
def test_a_trainee_reads_their_place_on_their_own_pages(
    client, queue, page, django_capture_on_commit_callbacks
):
    _batch, user, waiting = queue
    client.force_login(user)
    assert "number 3 on the wait-list" in client.get(reverse(page)).content.decode()
    # The first in line withdraws: everyone behind moves up, and the (kept) page says so.
    with django_capture_on_commit_callbacks(execute=True):
        nomination_cancel(nomination=waiting[0], reason="Transferred")
    assert "number 2 on the wait-list" in client.get(reverse(page)).content.decode()


def test_the_place_is_said_in_bangla_digits(client, queue):
    _batch, user, _waiting = queue
    client.force_login(user)
    html = client.get("/bn" + reverse("workshops:my_attendance")).content.decode()
    assert "অপেক্ষমাণ তালিকায় ৩ নম্বরে" in html
