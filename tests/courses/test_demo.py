"""The courses demo data: real content, tests, certified ToT graduates, idempotent."""

import datetime as dt
import io

import pytest

from courses import demo
from courses.models import CoursePage, Enrolment, QuizAttempt, TrainerCertification
from courses.selectors import batch_feedback, batch_learning_gain
from tests import factories
from tests.courses.conftest import assign, attend, confirm, make_batch, make_participant
from workshops.models import ProgrammePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def cop_events(db):
    programme = ProgrammePage.objects.first() or factories.programme_page()
    tot = factories.event_page(
        programme,
        title="Training of trainers",
        slug=demo.TOT_EVENT,
        kind="tot",
        start_date=dt.date(2015, 1, 10),
        end_date=dt.date(2015, 1, 11),
    )
    mid = factories.event_page(programme, slug=demo.MID_EVENT)
    tot_batch = make_batch(tot, start=dt.date(2015, 1, 10))
    for _ in range(20):
        participant = make_participant()
        confirm(tot_batch, participant)
        attend(tot_batch, participant, 4)
    mid_batch = make_batch(mid, start=dt.date(2015, 1, 12))
    assign(mid_batch, participant)  # the last ToT graduate teaches it
    for _ in range(12):
        confirm(mid_batch, make_participant())
    return tot_batch, mid_batch


def test_demo_certifies_the_tot_graduates_with_a_learning_gain(cop_events):
    _tot_batch, mid_batch = cop_events
    demo.load(stdout=io.StringIO())
    tot = CoursePage.objects.get(title=demo.TOT_TITLE)
    assert tot.is_tot and tot.pre_test.questions.count() == 10
    assert tot.lessons().count() >= 8
    certifications = TrainerCertification.objects.filter(course=tot)
    assert certifications.count() == 20
    assert {c.valid_from for c in certifications} == {dt.date(2015, 1, 11)}
    gain = batch_learning_gain(mid_batch)
    assert gain.measured == 12
    assert 15 <= gain.average_gain <= 70
    feedback = batch_feedback(mid_batch)
    assert 0 < feedback.responses <= 12
    assert all(3 <= row.average <= 5 for row in feedback.trainers)


def test_demo_is_idempotent(cop_events):
    demo.load(stdout=io.StringIO())
    counts = (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        QuizAttempt.objects.count(),
        TrainerCertification.objects.count(),
    )
    demo.load(stdout=io.StringIO())
    assert counts == (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        QuizAttempt.objects.count(),
        TrainerCertification.objects.count(),
    )


def test_demo_runs_without_workshop_participants(db):
    factories.home_page()
    demo.load(stdout=io.StringIO())
    assert CoursePage.objects.count() == 2
    assert not Enrolment.objects.exists()


def test_demo_translates_the_courses_into_bangla_once(cop_events):
    from wagtail.models import Locale

    from lms.translation import page_translate

    page_translate(page=factories.home_page(), language="bn", fields={"title": "পোর্টাল"})
    demo.load(stdout=io.StringIO())
    demo.translate(stdout=io.StringIO())
    tot = CoursePage.objects.get(title=demo.TOT_TITLE)
    tot_bn = tot.get_translation(Locale.objects.get(language_code="bn")).specific
    assert tot_bn.title.startswith("প্রশিক্ষক প্রশিক্ষণ (টিওটি)")
    lessons, lessons_bn = list(tot.lessons()), list(tot_bn.lessons())
    assert len(lessons_bn) == len(lessons) >= 8
    assert all("\u0980" <= lesson.title[0] <= "\u09ff" for lesson in lessons_bn)
    bodies = " ".join(str(lesson.body) for lesson in lessons_bn)
    for term in ("বার্ষিক কর্মসম্পাদন চুক্তি", "কর্মসম্পাদন সূচক", "লক্ষ্যমাত্রা"):
        assert term in bodies
    assert "Annual Performance Agreement" not in bodies
    # The same quizzes in the same lessons: passing one counts in either language.
    assert [lesson.quiz_ids() for lesson in lessons_bn] == [lesson.quiz_ids() for lesson in lessons]
    assert not Enrolment.objects.filter(course=tot_bn).exists()

    again = io.StringIO()
    demo.translate(stdout=again)
    assert "0 e-learning pages" in again.getvalue()
