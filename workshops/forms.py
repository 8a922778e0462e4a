"""Forms of workshops: the timetable pattern and trainer assignment."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops import selectors
from workshops.models import Participant, Session, TrainerAssignment


class TimetableForm(forms.Form):
    """The day pattern of a batch: two slots a day, optionally no Fridays and Saturdays."""

    morning_start = forms.TimeField(initial=dt.time(9, 30), label=_("Morning from"))
    morning_end = forms.TimeField(initial=dt.time(13, 0), label=_("Morning until"))
    afternoon_start = forms.TimeField(
        initial=dt.time(14, 0), required=False, label=_("Afternoon from")
    )
    afternoon_end = forms.TimeField(
        initial=dt.time(17, 0), required=False, label=_("Afternoon until")
    )
    skip_weekend = forms.BooleanField(
        required=False, label=_("Skip Fridays and Saturdays"), initial=True
    )
    room = forms.CharField(max_length=100, required=False, label=_("Room"))

    def clean(self):
        data = super().clean()
        if bool(data.get("afternoon_start")) != bool(data.get("afternoon_end")):
            raise forms.ValidationError(_("Give both afternoon times or neither."))
        return data

    def slots(self) -> tuple[tuple[dt.time, dt.time], ...]:
        data = self.cleaned_data
        slots = [(data["morning_start"], data["morning_end"])]
        if data.get("afternoon_start"):
            slots.append((data["afternoon_start"], data["afternoon_end"]))
        return tuple(slots)


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, participant: Participant) -> str:
        label = participant.name
        if participant.organisation_id:
            label += f" – {participant.organisation}"
        if getattr(participant, "is_certified", False):
            label = "★ " + label + " " + str(_("(certified trainer)"))
        return label


class TrainerAssignmentForm(forms.Form):
    """Pick a trainer (certified trainers first), a role and whether they are external."""

    trainer = TrainerChoiceField(queryset=Participant.objects.none(), label=_("Trainer"))
    role = forms.ChoiceField(choices=TrainerAssignment.Role.choices, label=_("Role"))
    is_external = forms.BooleanField(
        required=False,
        label=_("External resource person"),
        help_text=_("From outside the government service or the programme's trainer pool."),
    )

    def __init__(self, *args, session: Session, search: str = "", certified_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        on = timezone.localdate(session.starts_at)
        candidates = selectors.trainer_candidates(
            on=on, search=search, certified_only=certified_only
        )
        field = self.fields["trainer"]
        # Anyone may be assigned (the search only narrows what the select lists).
        field.queryset = Participant.objects.all()
        self.candidates = len(candidates)
        for participant, certified in candidates:
            participant.is_certified = certified
        # Keep the certified-first order of the candidates in the select.
        field.choices = [("", "---------")] + [
            (p.pk, field.label_from_instance(p)) for p, _certified in candidates
        ]


class TrainerSearchForm(forms.Form):
    """Narrows the trainers offered: words of a name, e-mail or organisation; certified."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label=_("Find a trainer"),
        help_text=_("Name (English or Bangla), e-mail or organisation."),
    )
    certified = forms.BooleanField(required=False, label=_("Certified trainers only"))
