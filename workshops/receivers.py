"""Reactions of workshops to other apps' signals. The app's own rules (e-mails after a
nomination or batch change, calendar SEQUENCE, page-cache refresh) live in its services."""

from django.dispatch import receiver
from django.utils import timezone

from lms.accounts.signals import preferred_language_changed
from workshops.models import Participant


@receiver(preferred_language_changed, dispatch_uid="workshops_participant_language")
def participant_language(sender, user, language, **kwargs):
    """A user chose a language: their participant record's e-mails follow it."""
    Participant.objects.filter(user=user).exclude(preferred_language=language).update(
        preferred_language=language, updated_at=timezone.now()
    )
