"""End-of-batch evaluation: once per participant, anonymous towards trainers, results."""

import pytest
from django.urls import reverse

from courses.models import FeedbackResponse, FeedbackSubmission
from courses.selectors import batch_feedback, feedback_due, trainer_feedback
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
