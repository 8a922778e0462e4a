"""Calendar feeds: personal feed addresses, and the SEQUENCE that makes clients update."""

import secrets

from django.db.models import F
from django.utils import timezone

from workshops.caching import batches_touch
from workshops.models import Batch, CalendarFeed, Session


def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give `user` a new secret feed address; the old address stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_feed_revoke(*, user) -> None:
    """Switch the user's feed off: its address answers 404 from now on."""
    CalendarFeed.objects.filter(user=user).delete()


def batch_calendar_touch(*, batch: Batch) -> None:
    """Raise the calendar SEQUENCE of every session of a batch whose details changed (and
    let the figures computed from its dates and status go). `updated_at` moves too: it is
    the events' DTSTAMP and LAST-MODIFIED, and the feeds' Last-Modified."""
    Session.objects.filter(batch=batch).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    batches_touch(batch.pk)
