"""E-learning courses, quizzes, progress and trainer certification."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    # Trainers may look up in the admin who holds a trainer certification.
    # Trainers read their own certification in the admin through courses.wagtail_hooks'
    # policy, not a model permission (which would show every trainer's in site history).
    trainer_permissions: list[str] = []

    def ready(self) -> None:
        from courses import selectors
        from workshops import hooks

        hooks.register_completion_requirement(selectors.post_test_requirement)
        hooks.register_trainer_certification(selectors.certified_trainer_ids)
