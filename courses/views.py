"""Pages of courses: course and lesson pages, quizzes, My learning, My teaching, evaluation.

Views stay thin: they check who may see what, ask a selector what is allowed, parse a form,
call one service and turn a `CourseError` into a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.forms import FeedbackForm, QuizAttemptForm
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    ModulePage,
    Quiz,
    QuizAttempt,
    TrainerCertification,
)
from lms.scoped_cache import PAGES, scoped_get
from lms.translation import (
    bilingual,
    in_default_language,
    page_in_language_of,
    page_original,
    pages_in_language,
)
from workshops.caching import BATCHES, batch_scope, participant_scope
from workshops.models import Batch, Nomination, Participant, Session
from workshops.permissions import can_see_batch, is_organiser, participant_of
from workshops.selectors import waitlist_places


def _localized(page):
    """The page in the language of the request where it is translated (one query)."""
    return pages_in_language([page], get_language())[0]


def elearning(request: HttpRequest) -> HttpResponse:
    """The menu's "E-learning": the course index in the reader's language (the original
    where it is not translated). A redirect, so that the header of every page costs no
    query to find it."""
    index = in_default_language(CourseIndexPage.objects.live()).first()
    if index is None:
        raise Http404(_("There are no courses yet."))
    return redirect(_localized(index).get_url(request))


# --- Wagtail page serving --------------------------------------------------------------------


def _modules(course: CoursePage, lessons: list[LessonPage]):
    by_parent: dict[str, list[LessonPage]] = {}
    for lesson in lessons:
        by_parent.setdefault(lesson.path[: -LessonPage.steplen], []).append(lesson)
    modules = ModulePage.objects.live().child_of(course).order_by("path")
    return [(module, by_parent.get(module.path, [])) for module in modules]


def _test_status(participant, quiz: Quiz | None) -> selectors.QuizStatus | None:
    if quiz is None or participant is None:
        return None
    return selectors.quiz_status(quiz=quiz, participant=participant)


def course_page_serve(page: CoursePage, request: HttpRequest) -> HttpResponse:
    """The course: modules and lessons with ticks, progress, tests and the next step.

    A translated course page shows the progress made on its original (progress is kept
    against the original's lessons), with its own lessons ticked where their original is
    done.
    """
    lessons = list(page.lessons())
    enrolment = selectors.enrolment_for(user=request.user, course=page)
    participant = enrolment.participant if enrolment else None
    course = enrolment.course if enrolment else page
    course_lessons = lessons if course.pk == page.pk else list(course.lessons())
    done = selectors.lessons_done_ids(enrolment)
    done_keys = {lesson.translation_key for lesson in course_lessons if lesson.pk in done}
    context = page.get_context(request)
    context.update(
        course=page,
        modules=_modules(page, lessons),
        enrolment=enrolment,
        done_ids={lesson.pk for lesson in lessons if lesson.translation_key in done_keys},
        progress=selectors.enrolment_progress(enrolment, course_lessons) if enrolment else None,
        next_lesson=selectors.next_lesson(enrolment, course_lessons) if enrolment else None,
        pre_test=_test_status(participant, course.pre_test),
        post_test=_test_status(participant, course.post_test),
        lesson_count=len(lessons),
    )
    return TemplateResponse(request, page.get_template(request), context)


def lesson_page_serve(page: LessonPage, request: HttpRequest) -> HttpResponse:
    """A lesson, with "mark as done and continue" for an enrolled participant."""
    course = CoursePage.objects.ancestor_of(page).first()
    if course is None:
        raise Http404
    lessons = list(course.lessons())
    enrolment = selectors.enrolment_for(user=request.user, course=course)
    # Progress is kept against the original lesson of the enrolled (original) course.
    tracked = page
    if enrolment is not None and enrolment.course_id != course.pk:
        tracked = page_original(page)
    if enrolment is not None and not getattr(request, "is_preview", False):
        services.lesson_open(enrolment=enrolment, lesson=tracked)
    position = next((i for i, lesson in enumerate(lessons) if lesson.pk == page.pk), None)
    context = page.get_context(request)
    context.update(
        course=course,
        module=page.get_parent(),
        enrolment=enrolment,
        done=tracked.pk in selectors.lessons_done_ids(enrolment),
        has_quiz=bool(page.quiz_ids()),
        previous_lesson=lessons[position - 1] if position else None,
        following_lesson=(
            lessons[position + 1] if position is not None and position + 1 < len(lessons) else None
        ),
    )
    return TemplateResponse(request, page.get_template(request), context)


# --- Enrolment and progress --------------------------------------------------------------------


@login_required
@require_POST
def course_enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        participant = services.participant_for_user(user=request.user)
        enrolment = services.course_enrol(course=course, participant=participant)
    except services.CourseError as error:
        messages.error(request, str(error))
        return redirect(course.url)
    messages.success(request, _("You are enrolled in %(course)s.") % {"course": course.title})
    if enrolment.course.pre_test_id:
        return redirect("courses:quiz", course_id=course.pk, quiz_id=enrolment.course.pre_test_id)
    return redirect("courses:continue", course_id=course.pk)


@login_required
def course_continue(request: HttpRequest, course_id: int) -> HttpResponse:
    """Continue where I left off: the first lesson not yet done, else the course page."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrolment = selectors.enrolment_for(user=request.user, course=course)
    if enrolment is None:
        return redirect(course.url)
    lesson = selectors.next_lesson(enrolment, list(enrolment.course.lessons()))
    return redirect(page_in_language_of(lesson, course).url if lesson else course.url)


@login_required
@require_POST
def lesson_done(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    course = CoursePage.objects.ancestor_of(lesson).first()
    enrolment = selectors.enrolment_for(user=request.user, course=course) if course else None
    if enrolment is None:
        raise PermissionDenied
    try:
        services.lesson_complete(enrolment=enrolment, lesson=lesson, via=LessonProgress.Via.READ)
    except services.CourseError as error:
        messages.error(request, str(error))
        return redirect(lesson.url)
    enrolment.refresh_from_db()
    if enrolment.completed_at:
        messages.success(request, _("You have completed the course."))
        return redirect(course.url)
    original = enrolment.course
    following = selectors.next_lesson(enrolment, list(original.lessons()))
    if following is None and original.post_test_id:
        return redirect("courses:quiz", course_id=course.pk, quiz_id=original.post_test_id)
    return redirect(page_in_language_of(following, lesson).url if following else course.url)


# --- Quizzes -----------------------------------------------------------------------------------


def _course_quiz(request, course_id: int, quiz_id: int) -> tuple[CoursePage, Quiz, Enrolment]:
    """The quiz of the course (404 if the course does not use it) and the user's enrolment
    in the course (403 without one)."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrolment = selectors.enrolment_for(user=request.user, course=course)
    quiz = selectors.course_quiz(course=enrolment.course if enrolment else course, quiz_id=quiz_id)
    if quiz is None:
        raise Http404
    if enrolment is None:
        raise PermissionDenied
    return course, quiz, enrolment


@login_required
def quiz_detail(request: HttpRequest, course_id: int, quiz_id: int) -> HttpResponse:
    """About a quiz and the participant's attempts; POST starts (or resumes) an attempt."""
    course, quiz, enrolment = _course_quiz(request, course_id, quiz_id)
    if request.method == "POST":
        try:
            attempt = services.quiz_attempt_start(quiz=quiz, participant=enrolment.participant)
        except services.CourseError as error:
            messages.error(request, str(error))
            return redirect("courses:quiz", course_id=course.pk, quiz_id=quiz.pk)
        return redirect("courses:attempt", attempt_id=attempt.pk)
    status = selectors.quiz_status(quiz=quiz, participant=enrolment.participant)
    context = {
        "course": course,
        "quiz": quiz,
        "status": status,
        "question_count": quiz.questions.count(),
        "attempts_left": status.attempts_left,
        "can_start": status.can_start,
    }
    return TemplateResponse(request, "courses/quiz.html", context)


def _own_attempt(request, attempt_id: int) -> QuizAttempt:
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("quiz", "participant"), pk=attempt_id
    )
    if attempt.participant.user_id != request.user.pk:
        raise Http404  # someone else's attempt: do not even confirm it exists
    return attempt


def _attempt_course(request, attempt: QuizAttempt) -> CoursePage | None:
    course = selectors.attempt_course(attempt=attempt)
    return _localized(course) if course else None


@login_required
def attempt_take(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Answer an open attempt; once submitted, show the score and the feedback."""
    attempt = _own_attempt(request, attempt_id)
    course = _attempt_course(request, attempt)
    if attempt.submitted_at is not None:
        return _attempt_result(request, attempt, course)
    form = QuizAttemptForm(request.POST or None, attempt=attempt)
    if request.method == "POST" and form.is_valid():
        try:
            services.quiz_attempt_submit(attempt=attempt, answers=form.answers())
        except services.CourseError as error:
            messages.error(request, str(error))
        return redirect("courses:attempt", attempt_id=attempt.pk)
    context = {"attempt": attempt, "quiz": attempt.quiz, "form": form, "course": course}
    return TemplateResponse(request, "courses/attempt.html", context)


def _attempt_result(request, attempt: QuizAttempt, course) -> HttpResponse:
    """Per question: right or wrong, and the feedback of the choices the participant picked.
    The correct answers themselves are not listed while attempts remain."""
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "questions": selectors.attempt_review(attempt=attempt),
        "course": course,
        "enrolment": selectors.enrolment_for(user=request.user, course=course) if course else None,
    }
    return TemplateResponse(request, "courses/attempt_result.html", context)


# --- My learning -------------------------------------------------------------------------------


def _optional_url(*names: str) -> str | None:
    """The first of the URL names that exists (another app may not be installed yet)."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    """A trainee's area: upcoming batches, courses, tests to take, evaluations, certificates.

    What it shows of the participant is kept as HTML per participant, language and day until
    a service changes their nominations, enrolments, progress, tests, evaluations or
    certifications, or a page is published; the pre-work list, which holds forms, is drawn
    on every request from the course ids kept with it."""
    participant = participant_of(request.user)
    today = timezone.localdate()
    if participant is None:
        learning = _learning_parts(request, None, today)
    else:
        # A wait-listed person's place in line moves when others in their batch do.
        waiting_in = Nomination.objects.filter(
            participant=participant, status=Nomination.Status.WAITLISTED
        ).values_list("batch_id", flat=True)
        learning = scoped_get(
            f"my-learning:{participant.pk}:{get_language()}:{today.isoformat()}",
            scopes=[participant_scope(participant.pk), PAGES]
            + [batch_scope(batch_id) for batch_id in waiting_in],
            build=lambda: _learning_parts(request, participant, today),
        )
    prework = []
    if learning["prework"]:
        courses = CoursePage.objects.live().filter(pk__in=learning["prework"]).order_by("path")
        prework = pages_in_language(list(courses), get_language())
    context = {
        "participant": participant,
        "learning": {name: mark_safe(html) for name, html in learning["html"].items()},  # noqa: S308
        "prework": prework,
        "certificates_url": _optional_url("certificates:mine"),
        "practice_url": _optional_url("sandbox_apa:list"),
    }
    return TemplateResponse(request, "courses/my_learning.html", context)


def _learning_parts(request: HttpRequest, participant: Participant | None, today) -> dict:
    """The participant's parts of My learning as HTML, and the ids of the pre-work courses."""
    open_courses = in_default_language(CoursePage.objects.live()).order_by("path")
    context: dict = {"prework": []}
    if participant is not None:
        context.update(_learning_context(participant, today))
        open_courses = open_courses.exclude(enrolments__participant=participant)
    context["open_courses"] = pages_in_language(list(open_courses), get_language())
    html = {
        name: render_to_string(f"courses/includes/learning_{name}.html", context, request)
        for name in ("upcoming", "record", "open")
    }
    return {"html": html, "prework": [course.pk for course in context["prework"]]}


def _learning_context(participant: Participant, today) -> dict:
    upcoming = list(
        Nomination.objects.filter(participant=participant, batch__end_date__gte=today)
        .exclude(status__in=[Nomination.Status.CANCELLED, Nomination.Status.WITHDRAWN])
        .select_related("batch", "batch__event")
        .order_by("batch__start_date")
    )
    enrolments = list(
        Enrolment.objects.filter(participant=participant)
        .select_related("course", "course__pre_test", "course__post_test", "participant")
        .order_by("completed_at", "-enrolled_at")
    )
    courses, tests = [], []
    progress_of = selectors.enrolments_progress(enrolments)
    for enrolment in enrolments:
        progress = progress_of[enrolment.pk]
        courses.append((enrolment, progress))
        for key, quiz in (
            ("pre-test", enrolment.course.pre_test),
            ("post-test", enrolment.course.post_test),
        ):
            if quiz is not None and key in progress.missing:
                tests.append((enrolment.course, quiz))
    enrolled = [e.course_id for e in enrolments]
    prework = list(
        in_default_language(CoursePage.objects.live())
        .filter(event_id__in=[n.batch.event_id for n in upcoming])
        .exclude(pk__in=enrolled)
        .order_by("path")
    )
    places = waitlist_places(upcoming)
    for nomination in upcoming:
        nomination.waitlist_place = places.get(nomination.pk)
    return {
        "upcoming": upcoming,
        "prework": prework,
        "in_progress": [(e, p) for e, p in courses if not e.completed_at],
        "completed": [(e, p) for e, p in courses if e.completed_at],
        "tests": tests,
        "feedback_due": selectors.feedback_due(participant, today=today),
        "certifications": selectors.trainer_certifications(participant_ids=[participant.pk]),
    }


# --- My teaching -------------------------------------------------------------------------------


SESSIONS_SHOWN = 10


@login_required
def my_teaching(request: HttpRequest) -> HttpResponse:
    """A trainer's area: their next and latest sessions, batches with learning gain and
    evaluation. A fixed number of queries however many batches they taught."""
    participant = participant_of(request.user)
    context = {"participant": participant, "upcoming": [], "earlier": [], "batches": []}
    if participant is not None:
        sessions = Session.objects.filter(trainers__trainer=participant)
        now = timezone.now()
        upcoming = sessions.filter(starts_at__gte=now).order_by("starts_at")
        earlier = sessions.filter(starts_at__lt=now).order_by("-starts_at")
        context["upcoming"] = _session_rows(upcoming[:SESSIONS_SHOWN])
        context["earlier"] = _session_rows(earlier[:SESSIONS_SHOWN])
        context["teaching_record"] = _teaching_record(request, participant)
        context["certifications"] = selectors.trainer_certifications(
            participant_ids=[participant.pk]
        )
    return TemplateResponse(request, "courses/my_teaching.html", context)


def _session_rows(sessions) -> list[dict]:
    """Sessions as the rows My teaching prints, read as values: each names its batch, and
    building the batch's event (a Wagtail page) for its title was a third of the page
    (issue 20)."""
    rows = list(
        sessions.values(
            "starts_at",
            "ends_at",
            "topic",
            "topic_bn",
            "room",
            "batch__number",
            "batch__event__title",
        )
    )
    for row in rows:
        row["local_topic"] = bilingual(row["topic"], row["topic_bn"])
        row["batch"] = Batch.name_of(
            event_title=row["batch__event__title"], number=row["batch__number"]
        )
    return rows


def _teaching_record(request: HttpRequest, trainer: Participant) -> str:
    """The trainer's batches with their learning gain, and their ratings, as HTML: kept per
    trainer and language until the workshops or courses services change a batch (members,
    trainers, scores, evaluations) or a page is published."""

    def build() -> str:
        context = {
            "batches": selectors.trainer_learning_gain(trainer),
            "ratings": selectors.trainer_feedback(trainer),
        }
        return render_to_string("courses/includes/teaching_record.html", context, request)

    name = f"teaching-record:{trainer.pk}:{get_language()}"
    return mark_safe(scoped_get(name, scopes=[BATCHES, PAGES], build=build))  # noqa: S308


@login_required
def batch_roster(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Roster of a batch with attendance and test scores: its trainers and organisers only."""
    batch = get_object_or_404(Batch.objects.select_related("event"), pk=batch_id)
    if not can_see_batch(request.user, batch):
        raise PermissionDenied
    context = {"batch": batch, "roster": _roster_table(request, batch)}
    return TemplateResponse(request, "courses/batch_roster.html", context)


def _roster_table(request: HttpRequest, batch: Batch) -> str:
    """The roster's figures as HTML, kept per batch and language until a service changes the
    batch's members, marks, scores or evaluations, or a page is published."""

    def build() -> str:
        context = {
            "batch": batch,
            "gain": selectors.batch_learning_gain(batch),
            "attendance": selectors.batch_attendance(batch),
            "responses": batch.feedback_responses.count(),
        }
        return render_to_string("courses/includes/roster_table.html", context, request)

    name = f"roster:{batch.pk}:{get_language()}"
    scopes = [batch_scope(batch.pk), PAGES]
    return mark_safe(scoped_get(name, scopes=scopes, build=build))  # noqa: S308


# --- Evaluation --------------------------------------------------------------------------------


@login_required
def feedback(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The end-of-batch evaluation form, for confirmed participants of the batch."""
    batch = get_object_or_404(Batch.objects.select_related("event"), pk=batch_id)
    participant = participant_of(request.user)
    refusal = selectors.feedback_refusal(batch=batch, participant=participant)
    if refusal == "feedback_not_participant":
        raise PermissionDenied
    sessions, trainers = selectors.feedback_subjects(batch=batch)
    form = FeedbackForm(request.POST or None, sessions=sessions, trainers=trainers)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                batch=batch,
                participant=participant,
                session_ratings=form.ratings("session_"),
                trainer_ratings=form.ratings("trainer_"),
                what_worked=form.cleaned_data["what_worked"],
                to_improve=form.cleaned_data["to_improve"],
            )
        except services.CourseError as error:
            messages.error(request, str(error))
            refusal = error.code
        else:
            messages.success(request, _("Thank you: your evaluation was recorded anonymously."))
            return redirect("courses:my_learning")
    context = {"batch": batch, "form": form, "already": refusal == "feedback_given"}
    return TemplateResponse(request, "courses/feedback_form.html", context)


@login_required
def feedback_results(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(Batch.objects.select_related("event"), pk=batch_id)
    if not can_see_batch(request.user, batch):
        raise PermissionDenied
    context = {"batch": batch, "feedback": selectors.batch_feedback(batch)}
    return TemplateResponse(request, "courses/feedback_results.html", context)


# --- Trainers ----------------------------------------------------------------------------------


@login_required
def trainer_cascade(request: HttpRequest) -> HttpResponse:
    """The ToT cascade: for each trainer the batches taught and the officers reached."""
    if not is_organiser(request.user):
        raise PermissionDenied
    rows = selectors.trainer_cascade()
    context = {
        "rows": rows,
        "total_officers": len(
            set(
                Nomination.objects.filter(
                    status=Nomination.Status.CONFIRMED,
                    batch__sessions__trainers__isnull=False,
                ).values_list("participant_id", flat=True)
            )
        ),
        "certifications": selectors.trainer_certifications().count(),
    }
    return TemplateResponse(request, "courses/trainer_cascade.html", context)


@login_required
@require_POST
def certification_renew(request: HttpRequest, certification_id: int) -> HttpResponse:
    """Renew a trainer certification for another period (organisers)."""
    if not is_organiser(request.user):
        raise PermissionDenied
    certification = get_object_or_404(TrainerCertification, pk=certification_id)
    try:
        renewed = services.trainer_certification_renew(certification=certification)
    except services.CourseError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Renewed until %(date)s.") % {"date": renewed.valid_until.isoformat()}
        )
    return redirect("courses:trainer_record", participant_id=certification.participant_id)


@login_required
def trainer_record(request: HttpRequest, participant_id: int) -> HttpResponse:
    """A trainer's record: certifications, batches and learning gain, ratings."""
    trainer = get_object_or_404(Participant, pk=participant_id)
    if not (is_organiser(request.user) or trainer.user_id == request.user.pk):
        raise PermissionDenied
    context = {
        "trainer": trainer,
        "certifications": trainer.trainer_certifications.select_related("course").order_by(
            "-valid_from"
        ),
        "batches": selectors.trainer_learning_gain(trainer),
        "ratings": selectors.trainer_feedback(trainer),
        "can_renew": is_organiser(request.user),
    }
    return TemplateResponse(request, "courses/trainer_record.html", context)
