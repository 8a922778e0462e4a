"""End-of-batch evaluation: once per participant, anonymous towards trainers, results."""

import datetime as dt

import pytest
from django.urls import reverse

from courses.models import FeedbackResponse, FeedbackSubmission
from courses.selectors import batch_feedback, feedback_due, feedback_refusal, trainer_feedback
from courses.services import CourseError, feedback_submit, participant_for_user
from tests import factories
from tests.courses.conftest import assign, confirm, make_batch, make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(event):
    batch = make_batch(event, sessions=2)
    assign(batch, make_participant(name="Trainer One"))
    return batch


def _ratings(batch, value):
    sessions = {s.pk: value for s in batch.sessions.all()}
    trainers = {t.trainer_id: value for t in batch.sessions.first().trainers.all()}
    return sessions, trainers


def test_a_participant_evaluates_once_and_the_response_is_unlinked(batch):
    participant = make_participant()
    confirm(batch, participant)
    sessions, trainers = _ratings(batch, 4)
    feedback_submit(
        batch=batch,
        participant=participant,
        session_ratings=sessions,
        trainer_ratings=trainers,
        what_worked="Worked examples",
    )
    field_names = {f.name for f in FeedbackResponse._meta.get_fields()}
    assert "participant" not in field_names and "user" not in field_names
    assert FeedbackSubmission.objects.filter(batch=batch, participant=participant).exists()
    with pytest.raises(CourseError, match="already evaluated"):
        feedback_submit(
            batch=batch, participant=participant, session_ratings=sessions, trainer_ratings={}
        )
    assert FeedbackResponse.objects.count() == 1


def test_only_confirmed_participants_rate_and_only_1_to_5(batch):
    outsider = make_participant()
    sessions, trainers = _ratings(batch, 3)
    with pytest.raises(CourseError, match="Only participants"):
        feedback_submit(
            batch=batch, participant=outsider, session_ratings=sessions, trainer_ratings=trainers
        )
    confirm(batch, outsider)
    with pytest.raises(CourseError, match="1 to 5"):
        feedback_submit(
            batch=batch,
            participant=outsider,
            session_ratings={**sessions},
            trainer_ratings={k: 6 for k in trainers},
        )


def test_results_average_per_session_and_trainer(batch):
    for value in (3, 5):
        participant = make_participant()
        confirm(batch, participant)
        sessions, trainers = _ratings(batch, value)
        feedback_submit(
            batch=batch,
            participant=participant,
            session_ratings=sessions,
            trainer_ratings=trainers,
            to_improve=f"Improve {value}",
        )
    result = batch_feedback(batch)
    assert result.responses == 2
    assert [row.average for row in result.sessions] == [4, 4]
    assert result.trainers[0].average == 4 and result.trainers[0].count == 2
    assert result.to_improve == [("Improve 3", 1), ("Improve 5", 1)]
    trainer = result.trainers[0].subject
    assert [(r.subject, r.average) for r in trainer_feedback(trainer)] == [(batch, 4)]


def test_the_form_records_and_then_leaves_the_due_list(client, trainee, batch):
    participant = participant_for_user(user=trainee)
    confirm(batch, participant)
    assert list(feedback_due(participant)) == [batch]
    client.force_login(trainee)
    data = {f"session_{s.pk}": "5" for s in batch.sessions.all()}
    data.update({f"trainer_{t.trainer_id}": "4" for t in batch.sessions.first().trainers.all()})
    data["what_worked"] = "Group work"
    response = client.post(reverse("courses:feedback", args=[batch.pk]), data)
    assert response.status_code == 302
    assert list(feedback_due(participant)) == []


def test_results_are_for_the_batch_trainers_and_organisers_only(client, batch, organiser):
    url = reverse("courses:feedback_results", args=[batch.pk])
    trainer_user = factories.UserFactory(group="Trainers")
    client.force_login(trainer_user)
    assert client.get(url).status_code == 403
    trainer = make_participant(user=trainer_user)
    assign(batch, trainer)
    assert client.get(url).status_code == 200
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    client.force_login(factories.UserFactory())
    assert client.get(reverse("courses:feedback", args=[batch.pk])).status_code == 403


def test_who_may_evaluate_is_asked_before_and_enforced_on_submit(batch):
    """The page and feedback_submit ask one rule: confirmed, from the last day, once."""
    outsider, member = make_participant(), make_participant()
    confirm(batch, member)
    before_end = batch.end_date - dt.timedelta(days=1)
    assert feedback_refusal(batch=batch, participant=None) == "feedback_not_participant"
    assert feedback_refusal(batch=batch, participant=outsider) == "feedback_not_participant"
    assert feedback_refusal(batch=batch, participant=member, today=before_end) == (
        "feedback_not_open"
    )
    sessions, trainers = _ratings(batch, 4)
    with pytest.raises(CourseError, match="opens on the last day"):
        feedback_submit(
            batch=batch,
            participant=member,
            session_ratings=sessions,
            trainer_ratings=trainers,
            today=before_end,
        )
    assert feedback_refusal(batch=batch, participant=member, today=batch.end_date) is None
    feedback_submit(
        batch=batch,
        participant=member,
        session_ratings=sessions,
        trainer_ratings=trainers,
        today=batch.end_date,
    )
    assert feedback_refusal(batch=batch, participant=member) == "feedback_given"


def test_the_form_says_thank_you_once_given(client, trainee, batch):
    participant = participant_for_user(user=trainee)
    confirm(batch, participant)
    client.force_login(trainee)
    url = reverse("courses:feedback", args=[batch.pk])
    assert "Send evaluation" in client.get(url).content.decode()
    sessions, trainers = _ratings(batch, 5)
    feedback_submit(
        batch=batch, participant=participant, session_ratings=sessions, trainer_ratings=trainers
    )
    html = client.get(url).content.decode()
    assert "already evaluated this batch" in html and "Send evaluation" not in html
