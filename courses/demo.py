"""Demo data of courses: the CoP training-of-trainers course and a short e-learning course
for the mid-level batches, their tests, and the participants' progress and scores.

Scores are not typed in: each simulated participant answers the real questions with a
knowledge level (higher after the course), and the answers are scored by the same function
as the quiz pages. Participants come from the workshops demo data where it exists; without
it, the courses and tests are still created. Idempotent: what exists is left alone.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from courses import demo_content as content
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    ModulePage,
    Quiz,
    TrainerCertification,
)
from courses.selectors import question_keys
from courses.services import (
    CourseError,
    course_enrol,
    feedback_submit,
    lesson_complete,
    lesson_open,
    participant_for_user,
    quiz_attempt_start,
    quiz_attempt_submit,
    quiz_create,
    quiz_translate,
    trainer_certification_grant,
    trainer_certification_record,
)
from lms.models import HomePage
from lms.translation import in_default_language, pages_translate
from workshops.models import (
    Attendance,
    Batch,
    EventPage,
    Nomination,
    Rank,
    TrainerAssignment,
)

DHAKA = ZoneInfo("Asia/Dhaka")
TOT_EVENT = "training-of-trainers-2015"
MID_EVENT = "apa-officers-training-2015"
TOT_TITLE = "APA and GPMS basics, and APA software operation"
MID_TITLE = "Preparing your office's APA: essentials"


def load(*, stdout) -> None:
    index = _index()
    tot = _tot_course(index)
    mid = _mid_course(index)
    rng = random.Random(2015)
    _simulate_event(tot, TOT_EVENT, rng, pre=(0.35, 0.65), post=(0.75, 0.95))
    certified = _certify(tot)
    _simulate_event(mid, MID_EVENT, rng, pre=(0.3, 0.6), post=(0.5, 0.85))
    _evaluations(MID_EVENT, rng)
    _demo_trainee(mid)
    stdout.write(
        f"  2 courses, {tot.enrolments.count()} ToT participants ({certified} certified "
        f"trainers), {mid.enrolments.count()} enrolled in the mid-level course"
    )


# --- Pages and quizzes ---------------------------------------------------------------------


def _index() -> CourseIndexPage:
    existing = in_default_language(CourseIndexPage.objects.all()).first()
    if existing:
        return existing
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    index = home.add_child(
        instance=CourseIndexPage(
            title="E-learning",
            slug="e-learning",
            intro="<p>Self-paced courses on the APA and GPMS, with a pre-test and a post-test.</p>",
        )
    )
    index.save_revision().publish()
    return index


def _quiz(title: str, kind: str, questions, *, pass_percent=70, max_attempts=None) -> Quiz:
    existing = Quiz.objects.filter(title=title).first()
    if existing:
        return existing
    return quiz_create(
        title=title,
        kind=kind,
        questions=questions,
        pass_percent=pass_percent,
        max_attempts=max_attempts,
    )


def _course(index, *, title, modules, quiz_ids, **fields) -> CoursePage:
    existing = in_default_language(CoursePage.objects.filter(slug=slugify(title)[:50])).first()
    if existing:
        return existing
    ranks = fields.pop("ranks", [])
    course = index.add_child(instance=CoursePage(title=title, slug=slugify(title)[:50], **fields))
    course.audience.set(Rank.objects.filter(name__in=ranks))
    course.save_revision().publish()
    for module_title, intro, lessons in modules:
        module = course.add_child(instance=ModulePage(title=module_title, intro=f"<p>{intro}</p>"))
        module.save_revision().publish()
        for lesson_title, minutes, body in lessons:
            body = [_resolve_quiz(block, quiz_ids) for block in body]
            lesson = module.add_child(
                instance=LessonPage(title=lesson_title, estimated_minutes=minutes, body=body)
            )
            lesson.save_revision().publish()
    return course


def _resolve_quiz(block: dict, quiz_ids: dict) -> dict:
    if block["type"] != "quiz":
        return block
    return {**block, "value": {**block["value"], "quiz": quiz_ids[block["value"]["quiz"]]}}


def _tot_course(index) -> CoursePage:
    pre = _quiz("ToT pre-test: APA and GPMS basics", Quiz.Kind.PRE_TEST, content.TOT_QUESTIONS)
    post = _quiz(
        "ToT post-test: APA and GPMS basics",
        Quiz.Kind.POST_TEST,
        content.TOT_QUESTIONS,
        pass_percent=70,
        max_attempts=3,
    )
    module_quiz = _quiz(
        "Targets and weights", Quiz.Kind.MODULE, content.MODULE_QUIZ, pass_percent=67
    )
    return _course(
        index,
        title=TOT_TITLE,
        modules=content.TOT_MODULES,
        quiz_ids={"MODULE_QUIZ": module_quiz.pk},
        kind=CoursePage.Kind.TOT,
        summary=(
            "The training of trainers of January 2015: the APA and GPMS basics, section 3 of "
            "the APA, scoring with the worked examples, and operating the APA software."
        ),
        estimated_hours=6,
        event=EventPage.objects.filter(slug=TOT_EVENT).first(),
        pre_test=pre,
        post_test=post,
        ranks=["Deputy Secretary", "Senior Assistant Secretary", "Assistant Secretary"],
    )


def _mid_course(index) -> CoursePage:
    pre = _quiz("APA essentials: pre-test", Quiz.Kind.PRE_TEST, content.MID_QUESTIONS)
    post = _quiz(
        "APA essentials: post-test", Quiz.Kind.POST_TEST, content.MID_QUESTIONS, max_attempts=3
    )
    return _course(
        index,
        title=MID_TITLE,
        modules=content.MID_MODULES,
        quiz_ids={},
        summary="Pre-work for the training of mid-level APA officers: the APA in brief.",
        estimated_hours=1,
        event=EventPage.objects.filter(slug=MID_EVENT).first(),
        pre_test=pre,
        post_test=post,
        ranks=["Deputy Secretary", "Senior Assistant Secretary", "Assistant Secretary"],
    )


# --- Bangla ------------------------------------------------------------------------------


def translate(*, stdout) -> None:
    """Bangla versions of the e-learning index and both courses with their modules and
    lessons. The quizzes are shared: a Bangla lesson holds the same quiz as its original,
    whose texts get their Bangla version."""
    filled = _quizzes_bangla()
    stdout.write(f"  {filled} quiz texts given their Bangla version")
    index = in_default_language(CourseIndexPage.objects.all()).first()
    if index is None:
        return
    work = [(index, content.INDEX_BN)]
    work += _course_translation(TOT_TITLE, content.TOT_COURSE_BN, content.TOT_MODULES_BN)
    work += _course_translation(MID_TITLE, content.MID_COURSE_BN, content.MID_MODULES_BN)
    created = pages_translate(work, language="bn")
    stdout.write(f"  {created} e-learning pages translated into Bangla")


def _quizzes_bangla() -> int:
    """Fill the blank Bangla title, questions and choices of the demo quizzes (what an
    editor wrote is kept)."""
    english = {text: choices for text, choices in [*content.TOT_QUESTIONS, *content.MODULE_QUIZ]}
    filled = 0
    for quiz in Quiz.objects.filter(title__in=content.QUIZ_TITLES_BN).prefetch_related("questions"):
        questions = {}
        for question in quiz.questions.all():
            if question.text in content.QUESTIONS_BN:
                text_bn, choices_bn = content.QUESTIONS_BN[question.text]
                choices = english[question.text]
                by_text = {en[0]: bn for en, bn in zip(choices, choices_bn, strict=True)}
                questions[question.text] = (text_bn, by_text)
        filled += quiz_translate(
            quiz=quiz, title_bn=content.QUIZ_TITLES_BN[quiz.title], questions=questions
        )
    return filled


def _course_translation(title: str, fields: dict, modules_bn: list) -> list[tuple]:
    """(page, Bangla fields) for a course and its modules and lessons, matched by position
    with the content they were made from."""
    course = in_default_language(CoursePage.objects.filter(slug=slugify(title)[:50])).first()
    if course is None:
        return []
    quiz_ids = dict(Quiz.objects.filter(kind=Quiz.Kind.MODULE).values_list("title", "pk"))
    quiz_ids = {"MODULE_QUIZ": quiz_ids.get("Targets and weights")}
    work = [(course, fields)]
    modules = ModulePage.objects.child_of(course).order_by("path")
    for module, (module_title, intro, lessons_bn) in zip(modules, modules_bn, strict=False):
        work.append((module, {"title": module_title, "intro": f"<p>{intro}</p>"}))
        lessons = LessonPage.objects.child_of(module).order_by("path")
        for lesson, (lesson_title, body) in zip(lessons, lessons_bn, strict=False):
            body = [_resolve_quiz(block, quiz_ids) for block in body]
            work.append((lesson, {"title": lesson_title, "body": body}))
    return work


# --- Simulated participants ----------------------------------------------------------------


def _answers(rng: random.Random, keys, knowledge: float) -> dict[int, list[str]]:
    """A participant who knows each answer with probability `knowledge`, else picks a wrong
    choice."""
    answers = {}
    for key in keys:
        if rng.random() < knowledge:
            answers[key.id] = sorted(key.correct_ids)
        else:
            wrong = [c for c in key.choice_ids if c not in key.correct_ids]
            answers[key.id] = [rng.choice(wrong)] if wrong else []
    return answers


def _attempt(quiz, participant, answers, when) -> bool:
    """An attempt taken and scored through the quiz services, 25 minutes long, submitted at
    `when`; returns whether it passed."""
    attempt = quiz_attempt_start(
        quiz=quiz, participant=participant, now=when - dt.timedelta(minutes=25)
    )
    return quiz_attempt_submit(attempt=attempt, answers=answers, now=when).passed


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=DHAKA)


def _simulate_event(course: CoursePage, event_slug: str, rng, *, pre, post) -> None:
    """Enrol the confirmed participants of the event's batches, with their pre-test, lessons
    and post-test (up to the allowed attempts)."""
    batches = Batch.objects.filter(event__slug=event_slug).order_by("number")
    pre_keys, post_keys = question_keys(course.pre_test), question_keys(course.post_test)
    lessons = list(course.lessons())
    for batch in batches:
        nominations = Nomination.objects.filter(
            batch=batch, status=Nomination.Status.CONFIRMED
        ).select_related("participant")
        enrolled = set(
            Enrolment.objects.filter(course=course).values_list("participant_id", flat=True)
        )
        with transaction.atomic():
            for nomination in nominations:
                if nomination.participant_id in enrolled:
                    continue
                _simulate_one(
                    course,
                    batch,
                    nomination.participant,
                    lessons,
                    rng,
                    keys=(pre_keys, post_keys),
                    levels=(pre, post),
                )


def _simulate_one(course, batch, participant, lessons, rng, *, keys, levels) -> None:
    """One participant's course, in the order it happened, through the services: the
    pre-test two days before the batch, the lessons (a lesson with a quiz by passing it) on
    that day, then the post-test on the last day until passed or out of attempts. The
    services record the completion (and, for the ToT, the certification) at the pass."""
    pre_keys, post_keys = keys
    enrolment = course_enrol(course=course, participant=participant, batch=batch)
    start, end = batch.start_date - dt.timedelta(days=2), batch.end_date
    knowledge = rng.uniform(*levels[0])
    _attempt(course.pre_test, participant, _answers(rng, pre_keys, knowledge), _at(start, 10))
    for lesson in lessons:
        quiz_ids = lesson.quiz_ids()
        for quiz in Quiz.objects.filter(pk__in=quiz_ids):
            answers = {k.id: sorted(k.correct_ids) for k in question_keys(quiz)}
            _attempt(quiz, participant, answers, _at(start, 11))
        if not quiz_ids:
            lesson_complete(enrolment=enrolment, lesson=lesson)
    if lessons:
        lesson_open(enrolment=enrolment, lesson=lessons[-1])
    knowledge_after = rng.uniform(*levels[1])
    for number in range(1, (course.post_test.max_attempts or 1) + 1):
        answers = _answers(rng, post_keys, knowledge_after)
        if _attempt(course.post_test, participant, answers, _at(end, 15 + number)):
            break
        knowledge_after = min(1.0, knowledge_after + 0.1)


WHAT_WORKED = [
    "The worked examples from a real APA.",
    "Drafting our own indicators in the sandbox.",
    "Group work on the target scale.",
    "Clear explanation of the weights.",
    "",
]
TO_IMPROVE = [
    "More time for the software.",
    "Send the slides before the batch.",
    "More examples of date indicators.",
    "",
    "",
]


def _evaluations(event_slug: str, rng: random.Random) -> None:
    """About three in four participants of each batch with trainers evaluate it."""
    batches = Batch.objects.filter(
        event__slug=event_slug, sessions__trainers__isnull=False
    ).distinct()
    for batch in batches:
        if batch.feedback_responses.exists():
            continue
        sessions = list(batch.sessions.values_list("pk", flat=True))
        trainers = set(
            TrainerAssignment.objects.filter(session__batch=batch).values_list(
                "trainer_id", flat=True
            )
        )
        confirmed = Nomination.objects.filter(batch=batch, status=Nomination.Status.CONFIRMED)
        for nomination in confirmed.select_related("participant"):
            if rng.random() > 0.75:
                continue
            feedback_submit(
                batch=batch,
                participant=nomination.participant,
                session_ratings={pk: rng.choice([3, 4, 4, 5, 5]) for pk in sessions},
                trainer_ratings={pk: rng.choice([3, 4, 5, 5]) for pk in trainers},
                what_worked=rng.choice(WHAT_WORKED),
                to_improve=rng.choice(TO_IMPROVE),
                today=batch.end_date,
            )


def _certify(course: CoursePage) -> int:
    """Certify the ToT graduates from the last day of their ToT batch. A batch held before
    the platform, with no attendance recorded at all, counts as attended (historic record)."""
    graduates = Enrolment.objects.filter(
        course=course, completed_at__isnull=False, batch__isnull=False
    ).select_related("participant", "batch")
    for enrolment in graduates:
        if TrainerCertification.objects.filter(
            participant=enrolment.participant, course=course
        ).exists():
            continue
        try:
            trainer_certification_grant(
                participant=enrolment.participant, course=course, on=enrolment.batch.end_date
            )
        except CourseError:
            if Attendance.objects.filter(batch=enrolment.batch).exists():
                continue
            trainer_certification_record(
                participant=enrolment.participant,
                course=course,
                on=enrolment.batch.end_date,
                reason=(
                    f"{enrolment.batch}: the training of trainers held before the platform "
                    "(certificate list of the Cabinet Division)."
                ),
            )
    return TrainerCertification.objects.filter(course=course, is_current=True).count()


def _demo_trainee(course: CoursePage) -> None:
    """The demo trainee has started the mid-level course: pre-test taken, first lesson read."""
    user = get_user_model().objects.filter(email="trainee@example.org").first()
    if user is None:
        return
    participant = participant_for_user(user=user)
    if Enrolment.objects.filter(course=course, participant=participant).exists():
        return
    enrolment = course_enrol(course=course, participant=participant)
    keys = question_keys(course.pre_test)
    rng = random.Random(7)
    when = dt.datetime.now(tz=DHAKA)
    _attempt(course.pre_test, participant, _answers(rng, keys, 0.5), when)
    lesson = course.lessons().first()
    if lesson is not None:
        lesson_complete(enrolment=enrolment, lesson=lesson)
