"""StreamField blocks of lessons and quizzes."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from lms.blocks import BodyBlock


class QuizChoiceBlock(blocks.StructBlock):
    """One answer choice. `correct` and `feedback` are never rendered before submission."""

    text = blocks.CharBlock(label=_("Choice"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))
    feedback = blocks.TextBlock(
        required=False,
        label=_("Feedback"),
        help_text=_("Shown after submission to a trainee who picked this choice."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Choice")


class QuizBlock(blocks.StructBlock):
    """A quiz placed in a lesson: passing it marks the lesson done."""

    quiz = SnippetChooserBlock("courses.Quiz", label=_("Quiz"))
    intro = blocks.CharBlock(required=False, label=_("Introduction"))

    class Meta:
        icon = "list-ul"
        label = _("Quiz")
        template = "courses/blocks/quiz_block.html"


class LessonBodyBlock(BodyBlock):
    """The portal's body blocks (text, image, video, document, call-out) plus a quiz."""

    quiz = QuizBlock()

    class Meta:
        template = "blocks/body_block.html"
