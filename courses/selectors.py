"""Read-only queries of courses: progress, learning gain, certifications, cascade, feedback.

Each selector runs a fixed number of queries whatever the amount of data.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import (
    CoursePage,
    Enrolment,
    FeedbackResponse,
    FeedbackSubmission,
    LessonPage,
    LessonProgress,
    Question,
    Quiz,
    QuizAttempt,
    SessionRating,
    TrainerCertification,
    TrainerRating,
)
from courses.scoring import (
    CourseProgress,
    QuestionKey,
    attempt_refusal,
    average,
    course_progress,
    learning_gain,
    quiz_order,
    quiz_score,
)
from lms.translation import default_language, in_default_language
from workshops.completion import session_counts
from workshops.models import Attendance, Batch, Nomination, Participant, Session, TrainerAssignment
from workshops.permissions import is_organiser, participant_of

# --- Courses and progress ----------------------------------------------------------------


def enrolment_for(*, user, course: CoursePage) -> Enrolment | None:
    """The user's enrolment in the course or, for a translated course page, in its original
    (default-language) course, which is where enrolments and progress are kept; its
    `course` is that original. None for a user without a participant record or enrolment.
    Same queries either way."""
    participant = participant_of(user)
    if participant is None:
        return None
    original = Q(
        course__translation_key=course.translation_key,
        course__locale__language_code=default_language(),
    )
    return (
        Enrolment.objects.filter(Q(course=course) | original, participant=participant)
        .select_related("course", "participant", "last_lesson")
        .first()
    )


def course_quiz_ids(course: CoursePage, lessons: list[LessonPage] | None = None) -> set[int]:
    """The quizzes a course uses: its pre- and post-test and those placed in its lessons."""
    ids = {qid for qid in (course.pre_test_id, course.post_test_id) if qid}
    for lesson in lessons if lessons is not None else course.lessons():
        ids.update(lesson.quiz_ids())
    return ids


def passed_quiz_ids(*, participant: Participant, quiz_ids) -> set[int]:
    return set(
        QuizAttempt.objects.filter(
            participant=participant, quiz_id__in=quiz_ids, passed=True
        ).values_list("quiz_id", flat=True)
    )


def taken_quiz_ids(*, participant: Participant, quiz_ids) -> set[int]:
    return set(
        QuizAttempt.objects.filter(
            participant=participant, quiz_id__in=quiz_ids, submitted_at__isnull=False
        ).values_list("quiz_id", flat=True)
    )


def enrolment_progress(
    enrolment: Enrolment, lessons: list[LessonPage] | None = None
) -> CourseProgress:
    """How far the participant is through the course, and whether it is complete."""
    course = enrolment.course
    lessons = list(course.lessons()) if lessons is None else lessons
    done = set(enrolment.lessons_done.values_list("lesson_id", flat=True))
    tests = [qid for qid in (course.pre_test_id, course.post_test_id) if qid]
    taken = taken_quiz_ids(participant=enrolment.participant, quiz_ids=tests)
    passed = passed_quiz_ids(participant=enrolment.participant, quiz_ids=tests)
    return course_progress(
        required_lessons=[lesson.pk for lesson in lessons if lesson.required],
        lessons_done=done,
        pre_test=bool(course.pre_test_id),
        pre_test_taken=course.pre_test_id in taken,
        post_test=bool(course.post_test_id),
        post_test_passed=course.post_test_id in passed,
    )


def enrolments_progress(enrolments: list[Enrolment]) -> dict[int, CourseProgress]:
    """`enrolment_progress` of many enrolments at once, by enrolment id: three queries
    whatever the number of enrolments (the courses must be loaded with them)."""
    if not enrolments:
        return {}
    courses = {e.course_id: e.course for e in enrolments}
    required: dict[int, list[int]] = defaultdict(list)
    prefixes = Q()
    for course in courses.values():
        prefixes |= Q(path__startswith=course.path, depth__gt=course.depth)
    by_path = sorted(courses.values(), key=lambda c: len(c.path), reverse=True)
    for pk, path in (
        LessonPage.objects.live().filter(prefixes, required=True).values_list("pk", "path")
    ):
        course = next(c for c in by_path if path.startswith(c.path))
        required[course.pk].append(pk)
    done: dict[int, set[int]] = defaultdict(set)
    for enrolment_id, lesson_id in (
        LessonProgress.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .order_by()
        .values_list("enrolment_id", "lesson_id")
    ):
        done[enrolment_id].add(lesson_id)
    tests = {qid for c in courses.values() for qid in (c.pre_test_id, c.post_test_id) if qid}
    taken, passed = set(), set()
    for participant_id, quiz_id, submitted_at, has_passed in (
        QuizAttempt.objects.filter(
            participant_id__in={e.participant_id for e in enrolments}, quiz_id__in=tests
        )
        .order_by()
        .values_list("participant_id", "quiz_id", "submitted_at", "passed")
    ):
        if submitted_at is not None:
            taken.add((participant_id, quiz_id))
        if has_passed:
            passed.add((participant_id, quiz_id))
    return {
        e.pk: course_progress(
            required_lessons=required[e.course_id],
            lessons_done=done[e.pk],
            pre_test=bool(e.course.pre_test_id),
            pre_test_taken=(e.participant_id, e.course.pre_test_id) in taken,
            post_test=bool(e.course.post_test_id),
            post_test_passed=(e.participant_id, e.course.post_test_id) in passed,
        )
        for e in enrolments
    }


def lessons_done_ids(enrolment: Enrolment | None) -> set[int]:
    if enrolment is None:
        return set()
    return set(enrolment.lessons_done.values_list("lesson_id", flat=True))


def next_lesson(enrolment: Enrolment, lessons: list[LessonPage]) -> LessonPage | None:
    """Where to continue: the first required-or-not lesson not yet done, in reading order."""
    done = lessons_done_ids(enrolment)
    for lesson in lessons:
        if lesson.pk not in done:
            return lesson
    return None


# --- Quizzes ------------------------------------------------------------------------------


def _keys(questions: list[Question]) -> list[QuestionKey]:
    return [
        QuestionKey(
            id=question.pk,
            choice_ids=tuple(choice.id for choice in question.choices),
            correct_ids=frozenset(c.id for c in question.choices if c.value.get("correct")),
        )
        for question in questions
    ]


def question_keys(quiz: Quiz) -> list[QuestionKey]:
    """The quiz's questions as scoring sees them (which choices are correct), in the
    author's order."""
    return _keys(list(quiz.questions.order_by("sort_order", "pk")))


def course_quiz(*, course: CoursePage, quiz_id: int) -> Quiz | None:
    """The quiz if the course uses it (as pre-test, post-test or in a lesson), else None:
    a quiz is taken from the course it belongs to."""
    if quiz_id not in course_quiz_ids(course):
        return None
    return Quiz.objects.filter(pk=quiz_id).first()


@dataclass(frozen=True)
class QuizStatus:
    """A participant's standing on a quiz: submitted attempts, best score, what is left.

    `refusal` is the CourseError code that starting another attempt would meet (None when
    it may start); an open attempt can always be resumed.
    """

    quiz: Quiz
    attempts: list[QuizAttempt]
    best: QuizAttempt | None
    passed: bool
    open_attempt: QuizAttempt | None
    attempts_left: int | None
    refusal: str | None

    @property
    def can_start(self) -> bool:
        return self.open_attempt is not None or self.refusal is None


def quiz_status(*, quiz: Quiz, participant: Participant) -> QuizStatus:
    """Where the participant stands on the quiz and whether they may start (or resume) an
    attempt, by the same rule that `quiz_attempt_start` enforces (one query)."""
    attempts = list(
        QuizAttempt.objects.filter(participant=participant, quiz=quiz).order_by("number")
    )
    submitted = [a for a in attempts if a.submitted_at]
    best = max(submitted, key=lambda a: a.score_percent, default=None)
    passed = any(a.passed for a in submitted)
    return QuizStatus(
        quiz=quiz,
        attempts=submitted,
        best=best,
        passed=passed,
        open_attempt=next((a for a in attempts if a.submitted_at is None), None),
        attempts_left=(
            None if quiz.max_attempts is None else max(0, quiz.max_attempts - len(submitted))
        ),
        refusal=attempt_refusal(
            pre_test=quiz.kind == Quiz.Kind.PRE_TEST,
            max_attempts=quiz.max_attempts,
            attempts=len(submitted),
            passed=passed,
        ),
    )


@dataclass(frozen=True)
class AnswerReview:
    """One question of a submitted attempt: the choices picked and whether that was right."""

    question: Question
    picked: list
    right: bool
    number: int = 0  # as the attempt numbered it (1 for the first question shown)


def attempt_review(*, attempt: QuizAttempt) -> list[AnswerReview]:
    """Per question of a submitted attempt: the picked choices (with their feedback) and
    whether the answer was right, judged by the same rule that scored it
    (`courses.scoring.quiz_score`). The correct choices themselves are not listed.

    In the attempt's order and numbering (`courses.scoring.quiz_order` with its seed), the
    picked choices in the order they were shown, as the attempt form showed them."""
    questions = list(attempt.quiz.questions.order_by("sort_order", "pk"))
    keys = _keys(questions)
    by_id = {question.pk: question for question in questions}
    chosen = {int(qid): ids for qid, ids in (attempt.answers or {}).items()}
    right = quiz_score(keys, chosen, pass_percent=attempt.quiz.pass_percent).right
    order = quiz_order(keys, seed=attempt.seed, shuffle=attempt.quiz.shuffle)
    reviews = []
    for number, (question_id, choice_ids) in enumerate(order, start=1):
        question = by_id[question_id]
        values = {choice.id: choice.value for choice in question.choices}
        picked = chosen.get(question_id, ())
        reviews.append(
            AnswerReview(
                question=question,
                picked=[values[cid] for cid in choice_ids if cid in picked],
                right=right[question_id],
                number=number,
            )
        )
    return reviews


def attempt_course(*, attempt: QuizAttempt) -> CoursePage | None:
    """The course (of the participant's enrolments) whose quiz this attempt is, if any."""
    enrolments = Enrolment.objects.filter(participant_id=attempt.participant_id)
    for enrolment in enrolments.select_related("course"):
        if attempt.quiz_id in course_quiz_ids(enrolment.course):
            return enrolment.course
    return None


# --- Learning gain -----------------------------------------------------------------------


@dataclass(frozen=True)
class GainRow:
    participant: Participant
    pre: Decimal | None
    post: Decimal | None
    gain: Decimal | None


@dataclass(frozen=True)
class GainAverages:
    """A batch's learning gain in figures: the averages and how many took both tests."""

    average_pre: Decimal | None
    average_post: Decimal | None
    average_gain: Decimal | None
    measured: int


@dataclass(frozen=True)
class GainSummary:
    course: CoursePage | None
    rows: list[GainRow]
    average_pre: Decimal | None
    average_post: Decimal | None
    average_gain: Decimal | None
    measured: int  # participants with both tests


def test_scores(*, course: CoursePage, participant_ids) -> dict[int, tuple]:
    """Per participant (pre-test %, post-test %): the first pre-test and the best post-test."""
    scores = _scores_by_course(participant_ids=participant_ids, courses=[course])
    return {pid: values for (pid, _course), values in scores.items()}


def _scores_by_course(*, participant_ids, courses) -> dict[tuple[int, int], tuple]:
    """Per (participant, course): the first pre-test % and the best post-test % on that
    course's tests (one query; `participant_ids` may be a subquery)."""
    tests: dict[int, list[tuple[int, bool]]] = defaultdict(list)  # quiz -> (course, is_pre)
    for course in courses:
        tests[course.pre_test_id].append((course.pk, True))
        tests[course.post_test_id].append((course.pk, False))
    tests.pop(None, None)
    if not tests:
        return {}
    scores: dict[tuple[int, int], list] = defaultdict(lambda: [None, None])
    attempts = (
        QuizAttempt.objects.filter(
            participant_id__in=participant_ids,
            quiz_id__in=list(tests),
            submitted_at__isnull=False,
        )
        .order_by("number")
        .values_list("participant_id", "quiz_id", "score_percent")
    )
    for participant_id, quiz_id, score in attempts:
        for course_id, is_pre in tests[quiz_id]:
            row = scores[(participant_id, course_id)]
            if is_pre and row[0] is None:
                row[0] = score
            if not is_pre and (row[1] is None or score > row[1]):
                row[1] = score
    return {key: tuple(values) for key, values in scores.items()}


def _courses_for_events(event_ids) -> dict[int, CoursePage]:
    """Per event, the live course with both tests that prepares for it (the first, if
    several): one query for any number of events."""
    found: dict[int, CoursePage] = {}
    for course in (
        in_default_language(CoursePage.objects.live())
        .filter(event_id__in=event_ids, pre_test__isnull=False, post_test__isnull=False)
        .order_by("path")
    ):
        found.setdefault(course.event_id, course)
    return found


def course_for_event(event_id: int) -> CoursePage | None:
    """The live course with both tests that prepares for an event (the first, if several)."""
    return _courses_for_events([event_id]).get(event_id)


def _gain_summary(
    course: CoursePage | None, participant_ids: list[int], scores: dict, participants=None
) -> GainSummary:
    """The summary of one batch from the scores of its course; with `participants` (id ->
    Participant) also one row per participant."""
    gains = []
    for pid in participant_ids:
        pre, post = scores.get((pid, course.pk), (None, None)) if course else (None, None)
        gains.append((pid, pre, post, learning_gain(pre, post)))
    rows = []
    if participants is not None:
        rows = [GainRow(participants[pid], pre, post, gain) for pid, pre, post, gain in gains]
    return GainSummary(
        course=course,
        rows=rows,
        average_pre=average(pre for _pid, pre, _post, _gain in gains),
        average_post=average(post for _pid, _pre, post, _gain in gains),
        average_gain=average(gain for *_rest, gain in gains if gain is not None),
        measured=sum(1 for *_rest, gain in gains if gain is not None),
    )


def confirmed_participants(batch: Batch) -> list[Participant]:
    return [
        nomination.participant
        for nomination in Nomination.objects.filter(
            batch=batch, status=Nomination.Status.CONFIRMED
        ).select_related("participant", "participant__rank", "participant__organisation")
    ]


def batch_learning_gain(batch: Batch) -> GainSummary:
    """Learning gain of the confirmed participants of a batch, on the event's course, with a
    row per participant (3 queries)."""
    course = course_for_event(batch.event_id)
    people = confirmed_participants(batch)
    scores = (
        _scores_by_course(participant_ids=[p.pk for p in people], courses=[course])
        if course
        else {}
    )
    return _gain_summary(course, [p.pk for p in people], scores, {p.pk: p for p in people})


def batches_learning_gain(batches: list[Batch]) -> dict[int, GainAverages]:
    """The learning gain of many batches at once, by batch id: the averages only, no rows
    (three queries whatever the number of batches and participants)."""
    return _batches_gain(batches) if batches else {}


def _batches_gain(batches: list[Batch]) -> dict[int, GainAverages]:
    courses = _courses_for_events({batch.event_id for batch in batches})
    members: dict[int, list[int]] = defaultdict(list)
    confirmed = Nomination.objects.filter(
        batch__in=[batch.pk for batch in batches], status=Nomination.Status.CONFIRMED
    ).order_by()
    for batch_id, participant_id in confirmed.values_list("batch_id", "participant_id"):
        members[batch_id].append(participant_id)
    scores = _scores_by_course(
        participant_ids=confirmed.values("participant_id"), courses=list(courses.values())
    )
    averages = {}
    for batch in batches:
        summary = _gain_summary(courses.get(batch.event_id), members[batch.pk], scores)
        averages[batch.pk] = GainAverages(
            summary.average_pre, summary.average_post, summary.average_gain, summary.measured
        )
    return averages


def trainer_batches(trainer: Participant) -> QuerySet[Batch]:
    """The batches in which the participant trained at least one session."""
    return (
        Batch.objects.filter(sessions__trainers__trainer=trainer)
        .select_related("event")
        .distinct()
        .order_by("start_date", "number")
    )


def trainer_learning_gain(trainer: Participant) -> list[tuple[Batch, GainAverages]]:
    """Learning gain in each batch the trainer taught (trainer = assigned to a session):
    four queries however many batches."""
    batches = list(trainer_batches(trainer))
    gains = batches_learning_gain(batches)
    return [(batch, gains[batch.pk]) for batch in batches]


# --- Attendance (until workshops offers batch_completion) --------------------------------


def batch_attendance(batch: Batch) -> dict[int, tuple[int, int]]:
    """Per confirmed participant (sessions attended, sessions counted).

    Present and late count as attended. Sessions that started before the participant joined
    the batch are not counted unless they attended them (workshops.completion.session_counts).
    This is the attendance part of the completion rule; it stays here until
    `workshops.selectors.batch_completion` is available.
    """
    sessions = list(Session.objects.filter(batch=batch).values_list("pk", "starts_at"))
    joined = dict(
        Nomination.objects.filter(batch=batch, status=Nomination.Status.CONFIRMED).values_list(
            "participant_id", "joined_at"
        )
    )
    attended = set(
        Attendance.objects.filter(
            batch=batch,
            status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE],
        ).values_list("participant_id", "session_id")
    )
    result = {}
    for participant_id, joined_at in joined.items():
        counted = [
            pk
            for pk, starts in sessions
            if session_counts(
                starts_at=starts,
                joined_at=joined_at,
                status="present" if (participant_id, pk) in attended else None,
            )
        ]
        present = sum(1 for pk in counted if (participant_id, pk) in attended)
        result[participant_id] = (present, len(counted))
    return result


# --- Completion requirement for workshops --------------------------------------------------


def post_test_requirement(
    *, participants_by_batch: dict[Batch, list[int]]
) -> dict[tuple[int, int], tuple[bool, str]]:
    """For events that require a passed post-test: who passed the post-test of a course
    linked to the batch's event, or completed that course (registered with workshops.hooks).
    Three queries for any number of batches."""
    event_ids = {batch.event_id for batch in participants_by_batch}
    courses: dict[int, list[CoursePage]] = defaultdict(list)
    for course in (
        in_default_language(CoursePage.objects.live())
        .filter(event_id__in=event_ids)
        .order_by("path")
    ):
        courses[course.event_id].append(course)
    # Everyone who passed these tests or completed these courses: a few hundred per course,
    # cheaper to read than to filter by the thousands of ids a report asks about.
    found = [course for event_courses in courses.values() for course in event_courses]
    passed = set(
        QuizAttempt.objects.filter(
            quiz_id__in=[c.post_test_id for c in found if c.post_test_id], passed=True
        ).values_list("participant_id", "quiz_id")
    )
    completed = set(
        Enrolment.objects.filter(course__in=found, completed_at__isnull=False).values_list(
            "participant_id", "course_id"
        )
    )
    results = {}
    for batch, ids in participants_by_batch.items():
        linked = courses.get(batch.event_id, [])
        if not linked:
            reason = _("no course with a post-test is linked to this event")
        else:
            reason = _("has not passed the post-test of %(course)s") % {"course": linked[0].title}
        keys = [(c.post_test_id, c.pk) for c in linked]
        batch_id = batch.pk
        for pid in ids:
            ok = any((pid, test) in passed or (pid, course) in completed for test, course in keys)
            results[(batch_id, pid)] = (True, "") if ok else (False, reason)
    return results


# --- Trainer certifications ----------------------------------------------------------------


def trainer_certifications(
    *,
    on: dt.date | None = None,
    participant_ids=None,
    course: CoursePage | None = None,
) -> QuerySet[TrainerCertification]:
    """The trainer certifications valid on a date (today by default), with participant and
    course loaded; optionally only for some participants or one course."""
    on = on or timezone.localdate()
    rows = TrainerCertification.objects.filter(valid_from__lte=on, valid_until__gte=on)
    if participant_ids is not None:
        rows = rows.filter(participant_id__in=participant_ids)
    if course is not None:
        rows = rows.filter(course=course)
    return rows.select_related("participant", "course")


def certified_trainer_ids(*, participant_ids, on: dt.date) -> set[int]:
    """Those of the participants holding a valid trainer certification on the date
    (registered with workshops.hooks so that trainer pickers list them first)."""
    return set(
        trainer_certifications(on=on, participant_ids=participant_ids).values_list(
            "participant_id", flat=True
        )
    )


@dataclass(frozen=True)
class CascadeRow:
    trainer: Participant
    batches: int
    officers_reached: int
    certified_from: dt.date | None


def trainer_cascade() -> list[CascadeRow]:
    """For each trainer: how many batches they taught and how many officers they reached
    (distinct confirmed participants of those batches), most officers first."""
    taught = defaultdict(set)
    for trainer_id, batch_id in TrainerAssignment.objects.values_list(
        "trainer_id", "session__batch_id"
    ).distinct():
        taught[trainer_id].add(batch_id)
    members = defaultdict(set)
    for batch_id, participant_id in Nomination.objects.filter(
        status=Nomination.Status.CONFIRMED,
        batch_id__in={b for batches in taught.values() for b in batches},
    ).values_list("batch_id", "participant_id"):
        members[batch_id].add(participant_id)
    certified = dict(
        TrainerCertification.objects.values("participant_id")
        .annotate(first=Min("valid_from"))
        .values_list("participant_id", "first")
    )
    trainers = Participant.objects.in_bulk(list(taught))
    rows = [
        CascadeRow(
            trainer=trainers[trainer_id],
            batches=len(batch_ids),
            officers_reached=len(set().union(*(members[b] for b in batch_ids)) - {trainer_id}),
            certified_from=certified.get(trainer_id),
        )
        for trainer_id, batch_ids in taught.items()
    ]
    return sorted(rows, key=lambda row: (-row.officers_reached, row.trainer.name))


# --- Evaluation results --------------------------------------------------------------------


@dataclass(frozen=True)
class RatingRow:
    subject: object
    average: Decimal | None
    count: int


@dataclass(frozen=True)
class BatchFeedback:
    batch: Batch
    responses: int
    sessions: list[RatingRow]
    trainers: list[RatingRow]
    what_worked: list[tuple[str, int]]
    to_improve: list[tuple[str, int]]


def _avg(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"))


def _tally(texts) -> list[tuple[str, int]]:
    """Distinct comments with how often they were given, most frequent first, then
    alphabetical: never in the order of submission."""
    counts = Counter(text.strip() for text in texts if text.strip())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def batch_feedback(batch: Batch) -> BatchFeedback:
    """Anonymous results of a batch's evaluation: averages per session and trainer and the
    comments, tallied."""
    session_avgs = {
        row["session"]: row
        for row in SessionRating.objects.filter(response__batch=batch)
        .values("session")
        .annotate(avg=Avg("rating"), n=Count("pk"))
    }
    sessions = [
        RatingRow(
            s, _avg(session_avgs.get(s.pk, {}).get("avg")), session_avgs.get(s.pk, {}).get("n", 0)
        )
        for s in Session.objects.filter(batch=batch).order_by("starts_at")
    ]
    trainer_avgs = (
        TrainerRating.objects.filter(response__batch=batch)
        .values("trainer")
        .annotate(avg=Avg("rating"), n=Count("pk"))
    )
    names = Participant.objects.in_bulk([row["trainer"] for row in trainer_avgs])
    trainers = [
        RatingRow(names[row["trainer"]], _avg(row["avg"]), row["n"]) for row in trainer_avgs
    ]
    responses = FeedbackResponse.objects.filter(batch=batch)
    texts = list(responses.values_list("what_worked", "to_improve"))
    return BatchFeedback(
        batch=batch,
        responses=len(texts),
        sessions=sessions,
        trainers=sorted(trainers, key=lambda r: r.subject.name),
        what_worked=_tally(t[0] for t in texts),
        to_improve=_tally(t[1] for t in texts),
    )


def trainer_feedback(trainer: Participant) -> list[RatingRow]:
    """The trainer's average rating in each batch where they were rated."""
    rows = (
        TrainerRating.objects.filter(trainer=trainer)
        .values("response__batch")
        .annotate(avg=Avg("rating"), n=Count("pk"))
    )
    batches = Batch.objects.select_related("event").in_bulk([r["response__batch"] for r in rows])
    return [RatingRow(batches[r["response__batch"]], _avg(r["avg"]), r["n"]) for r in rows]


def feedback_subjects(*, batch: Batch) -> tuple[list[Session], list[Participant]]:
    """What an evaluation of the batch rates: its sessions in order, its trainers by name."""
    sessions = list(Session.objects.filter(batch=batch).order_by("starts_at"))
    trainer_ids = TrainerAssignment.objects.filter(session__batch=batch).values("trainer_id")
    trainers = list(Participant.objects.filter(pk__in=trainer_ids).order_by("name"))
    return sessions, trainers


def feedback_refusal(
    *, batch: Batch, participant: Participant | None, today: dt.date | None = None
) -> str | None:
    """Why the participant may not evaluate the batch, as a CourseError code, or None.

    Only confirmed participants evaluate, once each, from the batch's last day on.
    """
    today = today or timezone.localdate()
    if (
        participant is None
        or not Nomination.objects.filter(
            batch=batch, participant=participant, status=Nomination.Status.CONFIRMED
        ).exists()
    ):
        return "feedback_not_participant"
    if FeedbackSubmission.objects.filter(batch=batch, participant=participant).exists():
        return "feedback_given"
    if batch.end_date > today:
        return "feedback_not_open"
    return None


def feedback_due(participant: Participant, *, today: dt.date | None = None) -> QuerySet[Batch]:
    """Batches the participant was confirmed in, that have ended and that they have not yet
    evaluated."""
    today = today or timezone.localdate()
    return (
        Batch.objects.filter(
            nominations__participant=participant,
            nominations__status=Nomination.Status.CONFIRMED,
            end_date__lte=today,
        )
        .exclude(feedback_submissions__participant=participant)
        .select_related("event")
        .order_by("-end_date")
    )


def lesson_progress_count(enrolment_ids) -> dict[int, int]:
    return dict(
        LessonProgress.objects.filter(enrolment_id__in=enrolment_ids)
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )


def trainer_certifications_visible_to(user) -> QuerySet[TrainerCertification]:
    """Organisers see every trainer certification; a trainer their own (as on the trainer's
    record page, `courses:trainer_record`); anyone else none."""
    if is_organiser(user):
        return TrainerCertification.objects.all()
    participant = participant_of(user)
    if participant is None:
        return TrainerCertification.objects.none()
    return TrainerCertification.objects.filter(participant=participant)
