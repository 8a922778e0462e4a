"""StreamField blocks of lessons and quizzes."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from lms.blocks import BodyBlock
from lms.translation import bilingual


class QuizChoiceValue(blocks.StructValue):
    """A choice as the reader sees it: Bangla on a Bangla page where it is filled in."""

    @property
    def local_text(self) -> str:
        return bilingual(self.get("text") or "", self.get("text_bn") or "")

    @property
    def local_feedback(self) -> str:
        return bilingual(self.get("feedback") or "", self.get("feedback_bn") or "")


class QuizChoiceBlock(blocks.StructBlock):
    """One answer choice. `correct` and `feedback` are never rendered before submission.

    The Bangla text and feedback are optional: a Bangla page shows the English ones where
    they are blank.
    """

    text = blocks.CharBlock(label=_("Choice"))
    text_bn = blocks.CharBlock(required=False, label=_("Choice in Bangla"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))
    feedback = blocks.TextBlock(
        required=False,
        label=_("Feedback"),
        help_text=_("Shown after submission to a trainee who picked this choice."),
    )
    feedback_bn = blocks.TextBlock(required=False, label=_("Feedback in Bangla"))

    class Meta:
        icon = "radio-full"
        label = _("Choice")
        value_class = QuizChoiceValue


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
