"""Two tabs starting the last attempt at once get one attempt (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from courses.models import QuizAttempt
from courses.services import CourseError, quiz_attempt_start, quiz_attempt_submit
from tests import factories
from tests.courses.conftest import make_participant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_starts_never_exceed_the_allowed_attempts():
    quiz = factories.quiz("post", max_attempts=2)
    participant = make_participant()
    first = quiz_attempt_start(quiz=quiz, participant=participant)
    quiz_attempt_submit(attempt=first, answers={})
    barrier = threading.Barrier(4)
    outcomes = []

    def start():
        try:
            barrier.wait()
            attempt = quiz_attempt_start(quiz=quiz, participant=participant)
            outcomes.append(attempt.pk)
        except CourseError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert QuizAttempt.objects.filter(quiz=quiz, participant=participant).count() == 2
    assert len(outcomes) == 4  # no tab crashed on a unique constraint
    # Every tab got the same open second attempt: none of them started a third.
    assert len({o for o in outcomes if isinstance(o, int)}) == 1
