"""Forms of courses: a quiz attempt and the end-of-batch evaluation, built per object."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Question, Quiz, QuizAttempt
from courses.scoring import quiz_order
from courses.selectors import question_keys
from lms.formatting import format_number

RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class QuizAttemptForm(forms.Form):
    """One field per question, in the attempt's stable shuffled order.

    Choices carry only their opaque id and text: nothing here says which is correct. Texts
    are in the active language (Bangla where filled in); the ids, and so the score, are the
    same in both.
    """

    def __init__(self, *args, attempt: QuizAttempt, **kwargs):
        super().__init__(*args, **kwargs)
        quiz: Quiz = attempt.quiz
        questions = {q.pk: q for q in quiz.questions.all()}
        order = quiz_order(question_keys(quiz), seed=attempt.seed, shuffle=quiz.shuffle)
        for number, (question_id, choice_ids) in enumerate(order, start=1):
            question = questions[question_id]
            texts = {choice.id: choice.value.local_text for choice in question.choices}
            choices = [(cid, texts[cid]) for cid in choice_ids]
            label = f"{format_number(number)}. {question.local_text}"
            if question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                    help_text=_("Select every correct answer."),
                )
            else:
                field = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, required=False
                )
            self.fields[f"q{question_id}"] = field

    def answers(self) -> dict[int, list[str]]:
        result = {}
        for name, value in self.cleaned_data.items():
            chosen = value if isinstance(value, list) else ([value] if value else [])
            result[int(name[1:])] = chosen
        return result


class FeedbackForm(forms.Form):
    """Rate each session and each trainer 1-5; what worked; what to improve."""

    what_worked = forms.CharField(
        label=_("What worked well?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    to_improve = forms.CharField(
        label=_("What should be improved?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, sessions, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        for session in sessions:
            self.fields[f"session_{session.pk}"] = forms.TypedChoiceField(
                label=session.local_topic or session.starts_at.strftime("%d %b %Y %H:%M"),
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "rating"}),
            )
        for trainer in trainers:
            self.fields[f"trainer_{trainer.pk}"] = forms.TypedChoiceField(
                label=trainer.name,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "rating"}),
            )
        # Free-text questions come last.
        self.order_fields([n for n in self.fields if n not in ("what_worked", "to_improve")])

    def ratings(self, prefix: str) -> dict[int, int]:
        return {
            int(name.removeprefix(prefix)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix)
        }

    def session_fields(self):
        return [self[name] for name in self.fields if name.startswith("session_")]

    def trainer_fields(self):
        return [self[name] for name in self.fields if name.startswith("trainer_")]
