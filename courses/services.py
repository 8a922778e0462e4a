"""Business rules of courses: enrolment, progress, quiz attempts, evaluation, certification.

Every function takes keyword-only arguments and raises `CourseError` (courses.errors) with a
message that can be shown to the user. Whether something is allowed is decided by one rule
that the pages ask in advance (courses.selectors) and these functions enforce.
"""

import datetime as dt
import random
import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses import hooks
from courses.errors import CourseError
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
    QuizResult,
    attempt_refusal,
    attendance_percent,
    question_refusal,
    quiz_score,
)
from courses.selectors import (
    batch_attendance,
    enrolment_progress,
    feedback_refusal,
    feedback_subjects,
    question_keys,
)
from lms.translation import page_is_original, page_original
from workshops.caching import batches_touch, participants_touch
from workshops.models import Batch, EventPage, Nomination, Participant

# --- Participants and enrolment ------------------------------------------------------------


def participant_for_user(*, user) -> Participant:
    """The user's participant record, created from their account if they have none.

    An existing participant with the same e-mail but no account is linked to the user rather
    than duplicated (one person is one participant). Raises CourseError if that participant
    already belongs to another account.
    """
    try:
        return user.participant
    except Participant.DoesNotExist:
        pass
    with transaction.atomic():
        existing = (
            Participant.objects.select_for_update().filter(email__iexact=user.email).first()
            if user.email
            else None
        )
        if existing is not None:
            if existing.user_id not in (None, user.pk):
                raise CourseError("email_taken")
            existing.user = user
            existing.save(update_fields=["user", "updated_at"])
            return existing
        name = user.get_full_name() or user.email
        return Participant.objects.create(
            name=name, email=user.email, user=user, preferred_language=user.preferred_language
        )


def course_check_original(course: CoursePage) -> None:
    """Raise CourseError("course_translation") unless `course` is the original (its
    enrolments, attempts and certifications are kept there)."""
    if not page_is_original(course):
        raise CourseError("course_translation", title=course.title)


def course_enrol(
    *, course: CoursePage, participant: Participant, batch: Batch | None = None
) -> Enrolment:
    """Enrol a participant in a live course; enrolling again returns the same enrolment.

    Enrolling from a translation of the course enrols in its original (default-language)
    course, where progress and attempts are kept whatever the language the trainee reads.
    """
    course = page_original(course)
    if not course.live:
        raise CourseError("course_closed")
    enrolment, created = Enrolment.objects.get_or_create(
        course=course, participant=participant, defaults={"batch": batch}
    )
    participants_touch(participant.pk)  # My learning lists the course
    if not created and batch is not None and enrolment.batch_id is None:
        enrolment.batch = batch
        enrolment.save(update_fields=["batch"])
    return enrolment


def course_enrol_batch(*, course: CoursePage, batch: Batch) -> list[Enrolment]:
    """Enrol the confirmed participants of a batch; returns the new enrolments only.

    Raises CourseError("course_translation") for a translated course: an organiser's
    choice, unlike a trainee's click on the Bangla page (``course_enrol`` resolves that).
    """
    course_check_original(course)
    participant_ids = list(
        Nomination.objects.filter(batch=batch, status=Nomination.Status.CONFIRMED).values_list(
            "participant_id", flat=True
        )
    )
    existing = set(
        Enrolment.objects.filter(course=course, participant_id__in=participant_ids).values_list(
            "participant_id", flat=True
        )
    )
    new = [
        Enrolment(course=course, participant_id=pid, batch=batch)
        for pid in participant_ids
        if pid not in existing
    ]
    participants_touch(*(enrolment.participant_id for enrolment in new))
    return Enrolment.objects.bulk_create(new)


def _course_of(lesson: LessonPage) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(lesson).first()


def lesson_open(*, enrolment: Enrolment, lesson: LessonPage) -> None:
    """Remember the lesson as the place to continue from."""
    if enrolment.last_lesson_id != lesson.pk:
        enrolment.last_lesson = lesson
        enrolment.save(update_fields=["last_lesson"])


def lesson_complete(
    *, enrolment: Enrolment, lesson: LessonPage, via: str = LessonProgress.Via.READ
) -> LessonProgress:
    """Mark a lesson of the enrolled course as done; doing it twice changes nothing.

    A lesson with a quiz is done only by passing that quiz. A translated lesson counts as its
    original, the lesson of the enrolled course. Raises CourseError if the lesson is not part
    of the course or has a quiz that is not yet passed.
    """
    if not lesson.is_descendant_of(enrolment.course):
        lesson = page_original(lesson)
    if not lesson.live or not lesson.is_descendant_of(enrolment.course):
        raise CourseError("lesson_not_in_course")
    if via == LessonProgress.Via.READ and lesson.quiz_ids():
        raise CourseError("lesson_needs_quiz")
    progress, _created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson, defaults={"via": via}
    )
    participants_touch(enrolment.participant_id)  # the course's progress changed
    lesson_open(enrolment=enrolment, lesson=lesson)
    enrolment_refresh(enrolment=enrolment)
    return progress


def enrolment_refresh(*, enrolment: Enrolment, now: dt.datetime | None = None) -> bool:
    """Record the course as completed once its required lessons and tests are done.

    Completing a training-of-trainers course certifies the participant when they also
    attended its ToT batch. Returns whether the course is complete.
    """
    if enrolment.completed_at is not None:
        return True
    if not enrolment_progress(enrolment).complete:
        return False
    enrolment.completed_at = now or timezone.now()
    enrolment.save(update_fields=["completed_at"])
    participants_touch(enrolment.participant_id)
    if enrolment.course.is_tot:
        try:
            trainer_certification_grant(
                participant=enrolment.participant,
                course=enrolment.course,
                on=timezone.localdate(enrolment.completed_at),
            )
        except CourseError:
            pass  # not yet eligible (e.g. the ToT batch is still to come)
    return True


# --- Quiz content ---------------------------------------------------------------------------

# A question as the demo and the tests write it: (text, [(choice, correct, feedback), ...]).
QuestionSpec = tuple[str, Sequence[tuple[str, bool, str]]]


def quiz_create(
    *,
    title: str,
    kind: str,
    questions: Sequence[QuestionSpec],
    pass_percent: int = 70,
    max_attempts: int | None = None,
    shuffle: bool = True,
    instructions: str = "",
) -> Quiz:
    """Make a quiz that can be taken and scored, with its questions in the order given.

    A question with more than one correct choice is a multiple-choice question, else a
    single-choice one; each choice gets its id (attempts store choice ids). Checks what
    scoring assumes (``courses.scoring.question_refusal``, the rule the admin's question
    form applies too): at least one question, each with a text and at least two choices
    with texts, at least one of them correct; the pass mark within 0..100 and at least one
    attempt when limited. Raises CourseError; writes nothing then.
    """
    if kind not in Quiz.Kind.values:
        raise ValueError(f"unknown quiz kind {kind!r}")
    if not questions:
        raise CourseError("quiz_no_questions")
    if not 0 <= pass_percent <= 100:
        raise CourseError("quiz_pass_percent")
    if max_attempts is not None and max_attempts < 1:
        raise CourseError("quiz_max_attempts")
    rows = [_question_row(order, text, choices) for order, (text, choices) in enumerate(questions)]
    with transaction.atomic():
        quiz = Quiz.objects.create(
            title=title,
            kind=kind,
            pass_percent=pass_percent,
            max_attempts=max_attempts,
            shuffle=shuffle,
            instructions=instructions,
        )
        for row in rows:
            row.quiz = quiz
        Question.objects.bulk_create(rows)
    return quiz


def _question_row(order: int, text: str, choices) -> Question:
    if not text.strip():
        raise CourseError("question_no_text")
    correct = sum(1 for _choice, ok, _feedback in choices if ok)
    kind = Question.Kind.MULTIPLE if correct > 1 else Question.Kind.SINGLE
    refusal = question_refusal(kind=kind, choices=[(c, ok) for c, ok, _f in choices])
    if refusal is not None:
        raise CourseError(refusal)
    return Question(
        sort_order=order,
        text=text,
        kind=kind,
        choices=[
            {
                "type": "choice",
                "id": str(uuid.uuid4()),
                "value": {"text": choice, "correct": bool(ok), "feedback": feedback},
            }
            for choice, ok, feedback in choices
        ],
    )


def quiz_translate(
    *,
    quiz: Quiz,
    title_bn: str = "",
    instructions_bn: str = "",
    questions: Mapping[str, tuple[str, Mapping[str, tuple[str, str]]]] | None = None,
) -> int:
    """Give a quiz's blank Bangla texts their Bangla; what an editor wrote is kept.

    `questions` maps a question's English text to its Bangla text and its choices' Bangla,
    ``{choice's English text: (choice in Bangla, feedback in Bangla)}``. Choices keep their
    ids, so attempts already made still score. Returns how many texts were filled. Raises
    CourseError when the quiz has no question of a given English text.
    """
    filled = 0
    with transaction.atomic():
        quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
        for name, bangla in (("title_bn", title_bn), ("instructions_bn", instructions_bn)):
            if bangla and not getattr(quiz, name):
                setattr(quiz, name, bangla)
                quiz.save(update_fields=[name])
                filled += 1
        by_text = {question.text: question for question in quiz.questions.all()}
        for text, (text_bn, choices_bn) in (questions or {}).items():
            if text not in by_text:
                raise CourseError("question_unknown", text=text)
            filled += _question_translate(by_text[text], text_bn, choices_bn)
    return filled


def _question_translate(question: Question, text_bn: str, choices_bn) -> int:
    blocks, changed = [], 0
    for block in question.choices.raw_data:
        value = dict(block["value"])
        choice_bn, feedback_bn = choices_bn.get(value["text"], ("", ""))
        for name, bangla in (("text_bn", choice_bn), ("feedback_bn", feedback_bn)):
            if bangla and not value.get(name):
                value[name] = bangla
                changed += 1
        blocks.append({**block, "value": value})
    if text_bn and not question.text_bn:
        question.text_bn = text_bn
        changed += 1
    if changed:
        question.choices = blocks
        question.save(update_fields=["text_bn", "choices"])
    return changed


# --- Quizzes --------------------------------------------------------------------------------


def quiz_attempt_start(
    *, quiz: Quiz, participant: Participant, now: dt.datetime | None = None
) -> QuizAttempt:
    """Start an attempt, or return the open one (a reload keeps its order).

    Raises CourseError when the quiz was already passed, a pre-test was already taken, or no
    attempts are left (`courses.scoring.attempt_refusal`, which the quiz page asks too).
    """
    with transaction.atomic():
        # Lock the participant's row so that two tabs cannot both take the last attempt.
        Participant.objects.select_for_update().get(pk=participant.pk)
        attempts = list(QuizAttempt.objects.filter(quiz=quiz, participant=participant))
        open_attempt = next((a for a in attempts if a.submitted_at is None), None)
        if open_attempt is not None:
            return open_attempt
        refusal = attempt_refusal(
            pre_test=quiz.kind == Quiz.Kind.PRE_TEST,
            max_attempts=quiz.max_attempts,
            attempts=len(attempts),
            passed=any(a.passed for a in attempts),
        )
        if refusal is not None:
            raise CourseError(refusal)
        return QuizAttempt.objects.create(
            quiz=quiz,
            participant=participant,
            number=len(attempts) + 1,
            seed=random.SystemRandom().randrange(1, 2**31),
            started_at=now or timezone.now(),
        )


def quiz_attempt_submit(
    *, attempt: QuizAttempt, answers: Mapping[int, Iterable[str]], now: dt.datetime | None = None
) -> QuizResult:
    """Score an open attempt on the server and record it.

    `answers` maps question ids to chosen choice ids. A single-choice question answered with
    several choices counts as wrong. Passing a quiz completes the lessons that hold it in
    the participant's courses. Raises CourseError if the attempt was already submitted.
    """
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.submitted_at is not None:
            raise CourseError("attempt_submitted")
        quiz = attempt.quiz
        keys = question_keys(quiz)
        clean = {q.id: sorted(set(answers.get(q.id, ())) & set(q.choice_ids)) for q in keys}
        result = quiz_score(keys, clean, pass_percent=quiz.pass_percent)
        attempt.answers = {str(qid): ids for qid, ids in clean.items()}
        attempt.correct, attempt.total = result.correct, result.total
        attempt.score_percent, attempt.passed = result.percent, result.passed
        attempt.submitted_at = now or timezone.now()
        attempt.save()
        _after_quiz(attempt=attempt, passed=result.passed, now=attempt.submitted_at)
        # The learning gain of the participant's batches counts this score; their tests to
        # take and progress changed.
        batches_touch(*_confirmed_batch_ids(attempt.participant_id))
        participants_touch(attempt.participant_id)
    return result


def _confirmed_batch_ids(participant_id: int) -> list[int]:
    return list(
        Nomination.objects.filter(
            participant_id=participant_id, status=Nomination.Status.CONFIRMED
        ).values_list("batch_id", flat=True)
    )


def _after_quiz(*, attempt: QuizAttempt, passed: bool, now: dt.datetime) -> None:
    """Complete the lessons holding a passed quiz and refresh the participant's courses (a
    course completed by this attempt is completed when the attempt was submitted)."""
    enrolments = Enrolment.objects.filter(participant=attempt.participant).select_related(
        "course", "participant"
    )
    for enrolment in enrolments:
        course = enrolment.course
        lessons = list(course.lessons()) if passed else []
        for lesson in lessons:
            if attempt.quiz_id in lesson.quiz_ids():
                LessonProgress.objects.get_or_create(
                    enrolment=enrolment, lesson=lesson, defaults={"via": LessonProgress.Via.QUIZ}
                )
        if passed or attempt.quiz_id == course.pre_test_id:
            enrolment_refresh(enrolment=enrolment, now=now)


# --- Evaluation ------------------------------------------------------------------------------


def feedback_submit(
    *,
    batch: Batch,
    participant: Participant,
    session_ratings: Mapping[int, int],
    trainer_ratings: Mapping[int, int],
    what_worked: str = "",
    to_improve: str = "",
    today: dt.date | None = None,
) -> FeedbackResponse:
    """Record a participant's end-of-batch evaluation, once.

    The response keeps no link to the participant; a separate submission record (unique per
    batch and participant in the database) stops a second response, also from two tabs at
    once. Checks, by the rule the evaluation page asks (`selectors.feedback_refusal`), that
    the participant was confirmed in the batch, has not evaluated it yet and that the batch
    has reached its last day; then that every rating is 1-5 and concerns a session or trainer
    of the batch.
    """
    today = today or timezone.localdate()
    refusal = feedback_refusal(batch=batch, participant=participant, today=today)
    if refusal is not None:
        raise CourseError(refusal)
    _check_ratings(batch=batch, session_ratings=session_ratings, trainer_ratings=trainer_ratings)
    try:
        with transaction.atomic():
            FeedbackSubmission.objects.create(
                batch=batch, participant=participant, submitted_on=today
            )
            response = FeedbackResponse.objects.create(
                batch=batch,
                submitted_on=today,
                what_worked=what_worked.strip(),
                to_improve=to_improve.strip(),
            )
            SessionRating.objects.bulk_create(
                SessionRating(response=response, session_id=sid, rating=value)
                for sid, value in session_ratings.items()
            )
            TrainerRating.objects.bulk_create(
                TrainerRating(response=response, trainer_id=tid, rating=value)
                for tid, value in trainer_ratings.items()
            )
            batches_touch(batch.pk)  # its trainers' ratings and its responses changed
            participants_touch(participant.pk)  # no longer an evaluation to give
    except IntegrityError as error:
        raise CourseError("feedback_given") from error
    return response


def _check_ratings(*, batch: Batch, session_ratings, trainer_ratings) -> None:
    if any(
        not 1 <= int(value) <= 5 for value in [*session_ratings.values(), *trainer_ratings.values()]
    ):
        raise CourseError("rating_range")
    sessions, trainers = feedback_subjects(batch=batch)
    if not set(session_ratings) <= {s.pk for s in sessions} or not set(trainer_ratings) <= {
        t.pk for t in trainers
    }:
        raise CourseError("rating_subject")


# --- Trainer certification -------------------------------------------------------------------


def tot_attendance_ok(*, participant: Participant, event: EventPage | None) -> bool:
    """Whether the participant was confirmed in a batch of the ToT event and attended at
    least the event's minimum share of its sessions."""
    if event is None:
        return False
    batches = Batch.objects.filter(
        event=event,
        nominations__participant=participant,
        nominations__status=Nomination.Status.CONFIRMED,
    )
    for batch in batches:
        attended, counted = batch_attendance(batch).get(participant.pk, (0, 0))
        if counted and attendance_percent(attended=attended, counted=counted) >= (
            event.min_attendance_percent
        ):
            return True
    return False


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def trainer_certification_grant(
    *, participant: Participant, course: CoursePage, on: dt.date | None = None
) -> TrainerCertification:
    """Certify a participant as trainer: they completed the ToT course and attended its ToT
    batch. Valid from `on` (today) for the course's number of years, less a day.

    Raises CourseError if the course is not a ToT course, the course is not complete, the
    attendance is short, or the participant already holds this certification.
    """
    course_check_original(course)
    on = on or timezone.localdate()
    if not course.is_tot:
        raise CourseError("not_tot")
    if not Enrolment.objects.filter(
        course=course, participant=participant, completed_at__isnull=False
    ).exists():
        raise CourseError("course_incomplete")
    if not tot_attendance_ok(participant=participant, event=course.event):
        raise CourseError("tot_attendance_short")
    return _certify(participant=participant, course=course, on=on)


def trainer_certification_record(
    *,
    participant: Participant,
    course: CoursePage,
    on: dt.date,
    reason: str,
    by=None,
) -> TrainerCertification:
    """Record a trainer certification granted outside the platform (a training of trainers
    held before it, whose attendance was never recorded here).

    Valid from `on` for the course's number of years, less a day, as a grant; `reason` says
    which record it is copied from and is kept with `by`, who recorded it. Raises
    CourseError if the course is not a ToT course (or is a translation), the reason is
    blank, or the participant already holds this certification.
    """
    course_check_original(course)
    if not course.is_tot:
        raise CourseError("not_tot")
    reason = reason.strip()
    if not reason:
        raise CourseError("certification_reason")
    return _certify(
        participant=participant, course=course, on=on, recorded_reason=reason, recorded_by=by
    )


def _certify(*, participant, course, on: dt.date, **recorded) -> TrainerCertification:
    """The certification a grant and a record both write: valid from `on` for the course's
    number of years, less a day; one current per participant and course (the database
    refuses a second: CourseError "already_certified"); announced after commit."""
    until = _add_years(on, course.certification_years) - dt.timedelta(days=1)
    try:
        with transaction.atomic():
            certification = TrainerCertification.objects.create(
                participant=participant, course=course, valid_from=on, valid_until=until, **recorded
            )
            participants_touch(participant.pk)
    except IntegrityError as error:
        raise CourseError("already_certified") from error
    _announce(certification)
    return certification


def trainer_certification_renew(
    *, certification: TrainerCertification, on: dt.date | None = None
) -> TrainerCertification:
    """Renew a current certification for another period.

    The new period starts the day after the old one ends, or on `on` (today) if it has
    already lapsed. The old row stays as history, no longer current. Raises CourseError if the
    certification is not the current one.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        old = TrainerCertification.objects.select_for_update().get(pk=certification.pk)
        if not old.is_current:
            raise CourseError("certification_not_current")
        start = max(on, old.valid_until + dt.timedelta(days=1))
        old.is_current = False
        old.save(update_fields=["is_current"])
        new = TrainerCertification.objects.create(
            participant=old.participant,
            course=old.course,
            valid_from=start,
            valid_until=_add_years(start, old.course.certification_years) - dt.timedelta(days=1),
            renewal_of=old,
        )
        participants_touch(old.participant_id)
    _announce(new)
    return new


def _announce(certification: TrainerCertification) -> None:
    transaction.on_commit(
        lambda: hooks.trainer_certified.send(
            sender=TrainerCertification, certification=certification
        )
    )
