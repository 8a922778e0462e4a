"""The error of the courses services, with each rule's user-facing text next to its code."""

from django.utils.translation import gettext_lazy as _


class CourseError(Exception):
    """A rule of courses was not met; `str(error)` (and `message`) is the text for the user.

    `CourseError("no_attempts_left")` takes the message of that code; `code` keeps it, so that
    a view may answer a 403 or a 404 where a message would say too much. Selectors that tell
    in advance whether something is allowed answer with the same codes.
    """

    messages = {
        # participants and enrolment
        "email_taken": _("Your e-mail belongs to another account's participant."),
        "course_closed": _("This course is not open."),
        "course_translation": _(
            "“%(title)s” is a translation. Enrolments and certifications belong to the course "
            "in its original language: choose that one."
        ),
        "lesson_not_in_course": _("This lesson is not part of your course."),
        "lesson_needs_quiz": _("Pass the lesson's quiz to complete it."),
        # quizzes
        "quiz_passed": _("You have already passed this quiz."),
        "pre_test_taken": _("The pre-test is taken once, before the course."),
        "no_attempts_left": _("You have no attempts left for this quiz."),
        "attempt_submitted": _("This attempt has already been submitted."),
        # evaluation
        "feedback_not_participant": _("Only participants of this batch can evaluate it."),
        "feedback_not_open": _("The evaluation opens on the last day of the batch."),
        "feedback_given": _("You have already evaluated this batch."),
        "rating_range": _("Ratings go from 1 to 5."),
        "rating_subject": _("Rate only the sessions and trainers of this batch."),
        # quiz content (courses.scoring.question_refusal, quiz_create)
        "quiz_no_questions": _("A quiz needs at least one question."),
        "quiz_pass_percent": _("The pass mark is a percentage from 0 to 100."),
        "quiz_max_attempts": _("Allow at least one attempt, or leave it empty for unlimited."),
        "question_no_text": _("Every question needs its text."),
        "question_few_choices": _("A question needs at least two choices."),
        "question_blank_choice": _("Every choice needs its text."),
        "question_no_correct": _("Mark at least one choice as correct."),
        "question_single_correct": _("A single-choice question has exactly one correct choice."),
        "question_unknown": _("The quiz has no question “%(text)s”."),
        # trainer certification
        "not_tot": _("Only a training-of-trainers course certifies trainers."),
        "course_incomplete": _("The course is not complete."),
        "tot_attendance_short": _("The training-of-trainers batch was not attended enough."),
        "already_certified": _("This participant is already a certified trainer."),
        "certification_not_current": _("Only the current certification can be renewed."),
        "certification_reason": _(
            "Say where the certification was granted (the record it is copied from)."
        ),
    }

    def __init__(self, code: str, **params):
        if code not in self.messages:
            raise ValueError(f"unknown CourseError code {code!r}")
        self.code = code
        self.params = params
        template = self.messages[code]
        self.message = str(template % params if params else template)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
