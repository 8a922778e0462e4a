"""factory_boy factories, one per model, grouped by app."""

import datetime as dt
import functools
from contextlib import contextmanager
from uuid import uuid4

import factory
from django.contrib.auth.models import Group
from django.core import mail
from django.test import TestCase
from wagtail.models import Page, Site

from lms.accounts.models import User
from lms.models import HomePage
from workshops.models import EventPage, Organisation, ProgrammePage, Rank

# --- lms ---------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """An account through ``lms.accounts.services.account_create``: its e-mail is also its
    username, with a primary allauth address, verified unless ``verified=False``; ``group``
    names one of the portal's groups. Other model fields (``preferred_language``) are set
    afterwards."""

    class Meta:
        model = User

    class Params:
        group = None

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = "secret-pass-123"
    verified = True
    groups = factory.LazyAttribute(lambda o: [o.group] if o.group else [])

    @classmethod
    def _create(cls, model_class, *args, username, email, groups, verified, **fields):
        from lms.accounts.services import account_create, user_language_set

        language = fields.pop("preferred_language", None)
        user = account_create(
            email=email,
            password=fields.pop("password"),
            first_name=fields.pop("first_name"),
            last_name=fields.pop("last_name"),
            groups=groups,
            verified=verified,
            is_staff=fields.pop("is_staff", False),
            is_superuser=fields.pop("is_superuser", False),
        )
        if fields:
            raise TypeError(f"UserFactory does not set {sorted(fields)}")
        if language:
            user_language_set(user=user, language=language)
        return user


def home_page() -> HomePage:
    """The site's home page, made the default site's root (as the demo data does)."""
    existing = HomePage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="GPMS Training Portal", slug="portal"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "GPMS Training"},
    )
    return home


def add_page(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


# --- workshops ---------------------------------------------------------------------------


class RankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rank
        django_get_or_create = ("name",)

    name = "Deputy Secretary"
    order = 5
    audience_band = Rank.Band.MID


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Division {n}")
    kind = Organisation.Kind.DIVISION


def programme_page(**kwargs) -> ProgrammePage:
    fields = {"title": "CoP Phase I", "slug": "cop-phase-1", "start_date": dt.date(2014, 2, 1)}
    fields.update(kwargs)
    return add_page(home_page(), ProgrammePage(**fields))


def event_page(programme: ProgrammePage | None = None, **kwargs) -> EventPage:
    fields = {
        "title": "Training of mid-level APA officers",
        "kind": EventPage.Kind.TRAINING,
        "start_date": dt.date(2015, 1, 12),
        "end_date": dt.date(2015, 1, 19),
        "planned_participants": 179,
    }
    fields.update(kwargs)
    return add_page(programme or programme_page(), EventPage(**fields))


def make_group(name: str) -> Group:
    return Group.objects.get_or_create(name=name)[0]


# --- workshops: participants, batches, nominations (workshops1), sessions, attendance (II) --


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Participant"

    name = factory.Sequence(lambda n: f"Officer {n}")
    name_bn = "অংশগ্রহণকারী"
    designation = "Deputy Secretary"
    email = factory.Sequence(lambda n: f"officer{n}@example.gov.bd")
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(name="Cabinet Division"))
    rank = factory.LazyFunction(lambda: Rank.objects.get(name="Deputy Secretary"))


_committing = 0


@contextmanager
def as_committed():
    """Run what a commit of the factory's writes runs (the cache scopes the services touch,
    page-cache refreshes), as if the world had been built and committed before the test.

    A test's transaction never commits; left pending, those reactions would also hide the
    test's own (a service touches a scope only once per transaction). Only the outermost
    factory call runs them, so nothing runs twice.
    """
    global _committing
    if _committing:
        yield
        return
    _committing += 1
    sent = len(getattr(mail, "outbox", []))
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield
    finally:
        _committing -= 1
        # The world's e-mails went out while it was built: the test's outbox starts empty.
        if hasattr(mail, "outbox"):
            del mail.outbox[sent:]


def _committed(create):
    """A factory's `_create` whose after-commit reactions run at once (`as_committed`)."""

    @functools.wraps(create)
    def wrapper(*args, **kwargs):
        with as_committed():
            return create(*args, **kwargs)

    return wrapper


class FactoryError(Exception):
    """A factory was asked for a state the services refuse (a full batch, a clash, a mark of
    someone not confirmed): the test is building a world the rules forbid."""


def _reopened(batch):
    """A completed or cancelled batch takes no nominations: reopen it through the service
    (as an organiser would for a late entry) and return its status to restore afterwards."""
    from workshops.models import Batch
    from workshops.services import batch_update

    status = batch.status
    if status in (Batch.Status.COMPLETED, Batch.Status.CANCELLED):
        batch_update(batch=batch, status=Batch.Status.OPEN)
        return status
    return None


class BatchFactory(factory.django.DjangoModelFactory):
    """A batch made by ``workshops.services.batch_create`` (dates, capacity and number are
    checked there)."""

    class Meta:
        model = "workshops.Batch"

    event = factory.LazyFunction(lambda: EventPage.objects.first() or event_page())
    number = factory.Sequence(lambda n: n + 1)
    start_date = factory.LazyAttribute(lambda o: o.event.start_date)
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=3))
    venue = "BPATC, Savar"
    capacity = 25
    status = "open"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        from workshops.services import batch_create

        return batch_create(**fields)


@_committed
def nomination_make(*, batch, participant, status="confirmed", **fields):
    """A nomination in `status`, reached through the services in the order an organiser
    would: nominated (``nominations_add``), then confirmed, wait-listed, cancelled or
    withdrawn. ``joined_at`` is when the confirmation happened (the service decides whether
    that counts as joining late) and is checked against what the service gave; a given
    ``waitlist_position`` is ignored (the service puts people at the end of the line). Raises
    FactoryError when the rules give another status (the batch is full, the person is
    confirmed in an overlapping batch)."""
    from workshops.models import Nomination
    from workshops.services import (
        batch_update,
        nomination_cancel,
        nomination_waitlist,
        nomination_withdraw,
        nominations_add,
    )

    Status = Nomination.Status
    joined_at = fields.pop("joined_at", None)
    position = fields.pop("waitlist_position", None)
    restore = _reopened(batch)
    # Confirmed before the batch starts unless told when: sessions then all count.
    at = joined_at or dhaka(batch.start_date - dt.timedelta(days=1), 9)
    added = nominations_add(
        batch=batch,
        participants=[participant],
        confirm=status == Status.CONFIRMED,
        at=at,
        notify=False,
        **fields,
    )
    nomination = added.nominations[0]
    action = {
        Status.WAITLISTED: nomination_waitlist,
        Status.CANCELLED: nomination_cancel,
        Status.WITHDRAWN: nomination_withdraw,
    }.get(status)
    if action is not None:
        nomination = action(nomination=nomination)
    if restore:
        batch_update(batch=batch, status=restore)
    nomination.refresh_from_db()
    if nomination.status != status:
        raise FactoryError(
            f"{participant} in {batch}: the services made the nomination "
            f"{nomination.status}, not {status} (full batch or overlapping batch?)"
        )
    del position  # the service gives wait-list positions in order (the end of the line)
    if joined_at is not None and nomination.joined_at != joined_at:
        raise FactoryError(f"joined at {nomination.joined_at}, not {joined_at} (before the start?)")
    return nomination


@_committed
def nominations_confirm_all(*, batch, participants, **fields) -> list:
    """Confirm many people in a batch in one ``nominations_add`` call (as an imported list
    is), before the batch starts unless ``at`` is given. Raises FactoryError unless every one
    of them got a seat (a full batch wait-lists the rest, an overlapping batch leaves a
    person nominated)."""
    from workshops.models import Nomination
    from workshops.services import nominations_add

    at = fields.pop("at", None) or dhaka(batch.start_date - dt.timedelta(days=1), 9)
    added = nominations_add(
        batch=batch, participants=participants, confirm=True, at=at, notify=False, **fields
    )
    refused = [n for n in added.nominations if n.status != Nomination.Status.CONFIRMED]
    if refused:
        raise FactoryError(f"{batch}: {len(refused)} not confirmed (full or overlapping batch?)")
    return added.nominations


class NominationFactory(factory.django.DjangoModelFactory):
    """A nomination made through the nominations services: confirmed unless told (see
    ``nomination_make``)."""

    class Meta:
        model = "workshops.Nomination"

    batch = factory.SubFactory(BatchFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = "confirmed"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        return nomination_make(**fields)


def dhaka(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Asia/Dhaka"))


class SessionFactory(factory.django.DjangoModelFactory):
    """A session made by ``workshops.services.session_create``."""

    class Meta:
        model = "workshops.Session"

    batch = factory.SubFactory(BatchFactory)
    starts_at = factory.LazyAttribute(lambda o: dhaka(o.batch.start_date, 9, 30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3, minutes=30))
    topic = factory.Sequence(lambda n: f"Topic {n}")
    room = "Room 1"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        from workshops.services import session_create

        return session_create(**fields)


class TrainerAssignmentFactory(factory.django.DjangoModelFactory):
    """A trainer put on a session by ``workshops.services.trainer_assign`` (no clashes)."""

    class Meta:
        model = "workshops.TrainerAssignment"

    session = factory.SubFactory(SessionFactory)
    trainer = factory.SubFactory(ParticipantFactory)
    role = "lead"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        from workshops.services import trainer_assign

        return trainer_assign(**fields)


@_committed
def attendance_make(*, session, participant, status="present", by=None):
    """A mark recorded by ``workshops.services.attendance_record``: only a confirmed
    participant of the session's batch can be marked (WorkshopError otherwise)."""
    from workshops.models import AttendanceChange
    from workshops.services import attendance_mark

    return attendance_mark(
        session=session,
        participant=participant,
        status=status,
        by=by,
        source=AttendanceChange.Source.IMPORT,
    )


@_committed
def attendance_record_all(marks, *, by=None) -> list:
    """Record `(session, participant, status)` marks in one ``attendance_record`` call (a
    blank status is no mark)."""
    from workshops.models import AttendanceChange
    from workshops.services import Mark, attendance_record

    wanted = [Mark(session, person.pk, status) for session, person, status in marks if status]
    recorded = attendance_record(marks=wanted, by=by, source=AttendanceChange.Source.IMPORT)
    return recorded.marks


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A mark recorded through the attendance service; without a participant, someone newly
    confirmed in the session's batch."""

    class Meta:
        model = "workshops.Attendance"

    session = factory.SubFactory(SessionFactory)
    participant = factory.LazyAttribute(
        lambda o: NominationFactory(batch=o.session.batch).participant
    )
    status = "present"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        return attendance_make(**fields)


# --- workshops: calendars, reminders, messages, calls, requests, office orders, history ------
# Each is written by the service the portal uses; its refusals (WorkshopError) come through.
# ``MemoCounter`` has no factory: it is the office orders' internal serial counter, written
# only inside ``office_order_issue`` under its row lock; a test reads it, never builds one.


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    """A user's calendar feed address, given by ``calendar_feed_regenerate`` (one per user:
    a second one replaces the first address)."""

    class Meta:
        model = "workshops.CalendarFeed"

    user = factory.SubFactory(UserFactory)

    @classmethod
    @_committed
    def _create(cls, model_class, *args, user):
        from workshops.services import calendar_feed_regenerate

        return calendar_feed_regenerate(user=user)


def _first_day(batch) -> dt.date:
    """The day of the batch's first session (a session on its start date is added when it
    has none), in the portal's time zone."""
    from django.utils import timezone

    session = batch.sessions.order_by("starts_at").first() or SessionFactory(batch=batch)
    return timezone.localdate(session.starts_at)


class ReminderFactory(factory.django.DjangoModelFactory):
    """A reminder recorded by ``reminders_send`` (what ``send_reminders`` runs) for `day`,
    by default the day of the batch's first session, to someone the service reminds: a
    confirmed participant of the batch, or a trainer of a session that day. Everyone else
    due that day is reminded in the same run, as the command does. Raises FactoryError when
    the service reminds nobody of that name: not due that day, or reminded already."""

    class Meta:
        model = "workshops.Reminder"

    batch = factory.SubFactory(BatchFactory)
    participant = factory.LazyAttribute(lambda o: NominationFactory(batch=o.batch).participant)
    day = factory.LazyAttribute(lambda o: _first_day(o.batch))

    @classmethod
    @_committed
    def _create(cls, model_class, *args, batch, participant, day):
        from workshops.services import reminders_send

        for reminder in reminders_send(day=day):
            if reminder.batch_id == batch.pk and reminder.participant_id == participant.pk:
                return reminder
        raise FactoryError(
            f"{participant} in {batch}: no reminder for {day} (not due that day, or "
            "reminded already)"
        )


class BatchMessageFactory(factory.django.DjangoModelFactory):
    """A message to a batch's confirmed participants sent by ``batch_message_send``, by an
    organiser unless told; by default to a batch with one confirmed participant (the service
    refuses a batch nobody confirmed can read)."""

    class Meta:
        model = "workshops.BatchMessage"

    batch = factory.LazyFunction(lambda: NominationFactory().batch)
    sent_by = factory.SubFactory(UserFactory, group="Organisers", is_staff=True)
    subject = factory.Sequence(lambda n: f"Before the training {n}")
    body = "Please bring your ministry's APA of this year."

    @classmethod
    @_committed
    def _create(cls, model_class, *args, batch, sent_by, subject, body):
        from workshops.services import batch_message_send

        return batch_message_send(batch=batch, by=sent_by, subject=subject, body=body)


class FocalPointFactory(factory.django.DjangoModelFactory):
    """A focal point made by ``focal_point_assign`` (once per user and organisation: a second
    assignment changes the first)."""

    class Meta:
        model = "workshops.FocalPoint"

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    acts_for_sub_organisations = False

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        from workshops.services import focal_point_assign

        return focal_point_assign(**fields)


def _in_ten_days() -> dt.datetime:
    from django.utils import timezone

    return timezone.now() + dt.timedelta(days=10)


class NominationCallFactory(factory.django.DjangoModelFactory):
    """A call made by ``call_create`` with `quotas` ({organisation: seats}; by default three
    seats for a new organisation) and `ranks`, and sent by ``call_send`` with ``send=True``
    (focal points are not e-mailed then; the service refuses to send past the deadline)."""

    class Meta:
        model = "workshops.NominationCall"

    event = factory.LazyFunction(lambda: EventPage.objects.first() or event_page())
    batch = None
    deadline = factory.LazyFunction(_in_ten_days)
    quotas = factory.LazyFunction(lambda: {OrganisationFactory(): 3})
    ranks = ()
    send = False

    @classmethod
    @_committed
    def _create(cls, model_class, *args, send, **fields):
        from django.db import transaction

        from workshops.services import call_create, call_send

        with transaction.atomic():  # a call that cannot be sent is not kept either
            call = call_create(**fields)
            if send:
                call_send(call=call, by=fields.get("by"), notify=False)
                call.refresh_from_db()
        return call


class CallQuotaFactory(factory.django.DjangoModelFactory):
    """An organisation's quota in a call, set by ``call_quota_set`` (never below the
    nominations the organisation already has in the call)."""

    class Meta:
        model = "workshops.CallQuota"

    call = factory.SubFactory(NominationCallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    seats = 2

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        from workshops.services import call_quota_set

        return call_quota_set(**fields)


class NominationRequestFactory(factory.django.DjangoModelFactory):
    """An officer's request to be nominated, made by ``nomination_request_create`` (one
    waiting request per officer and event; none once nominated), then, for its status:
    "refused" (``nomination_request_refuse``) or "endorsed" (``nomination_request_approve``,
    into the event's only open batch or `batch`). Decided by an organiser unless `by`."""

    class Meta:
        model = "workshops.NominationRequest"

    participant = factory.SubFactory(ParticipantFactory)
    event = factory.LazyFunction(lambda: EventPage.objects.first() or event_page())
    note = ""
    status = "pending"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, status, batch=None, by=None, **fields):
        from workshops.services import (
            nomination_request_approve,
            nomination_request_create,
            nomination_request_refuse,
        )

        request = nomination_request_create(**fields)
        if status != "pending":
            by = by or UserFactory(group="Organisers", is_staff=True)
        if status == "refused":
            request = nomination_request_refuse(request=request, by=by)
        elif status == "endorsed":
            nomination_request_approve(request=request, batch=batch, by=by)
            request.refresh_from_db()
        if request.status != status:
            raise FactoryError(f"the request is {request.status}, not {status}")
        return request


# An office order renders and signs two PDFs (a second or more each): nothing builds one
# unless a test asks for it by name; no other factory makes one as a side effect.

OFFICE_ORDER_SIGNATORY = {
    "office_order_signatory_name": "Md. Abdul Karim",
    "office_order_signatory_name_bn": "মোঃ আব্দুল করিম",
    "office_order_signatory_designation": "Joint Secretary",
    "office_order_signatory_designation_bn": "যুগ্মসচিব",
}


def _signatory_set() -> None:
    """The site settings name a signatory (the service refuses to issue without one)."""
    settings = site_settings()
    if not (settings.office_order_signatory_name and settings.office_order_signatory_designation):
        site_settings(**OFFICE_ORDER_SIGNATORY)


class OfficeOrderFactory(factory.django.DjangoModelFactory):
    """An office order issued by ``office_order_issue`` (slow: opt in by name), for a batch
    with one confirmed participant unless told; the site's signatory is set if missing. The
    service refuses an empty list, a cancelled batch and a list the latest version already
    prints."""

    class Meta:
        model = "workshops.OfficeOrder"

    batch = factory.LazyFunction(lambda: NominationFactory().batch)
    event = None
    by = None
    date = None

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        from workshops.services import office_order_issue

        _signatory_set()
        return office_order_issue(**fields)


# History rows: each factory performs the change that writes the row, and returns the row.


def _latest_change(model, **subject):
    return model.objects.filter(**subject).order_by("-pk").first()


class NominationChangeFactory(factory.django.DjangoModelFactory):
    """The history row of one action on a nomination (``nomination_act``): by default a
    wait-listed nomination confirmed. Raises FactoryError when the service gives another
    status (a full batch puts a nominated person on the wait-list instead)."""

    class Meta:
        model = "workshops.NominationChange"

    nomination = factory.SubFactory(NominationFactory, status="waitlisted")
    action = "confirm"
    changed_by = None
    reason = ""

    @classmethod
    @_committed
    def _create(cls, model_class, *args, nomination, action, changed_by, reason):
        from workshops.models import Nomination, NominationChange
        from workshops.services import nomination_act

        Status = Nomination.Status
        wanted = {
            "confirm": Status.CONFIRMED,
            "waitlist": Status.WAITLISTED,
            "cancel": Status.CANCELLED,
            "withdraw": Status.WITHDRAWN,
            "decline": Status.DECLINED,
        }[action]
        done = nomination_act(nomination=nomination, action=action, by=changed_by, reason=reason)
        if done.status != wanted:
            raise FactoryError(f"{action}: the nomination is {done.status}, not {wanted}")
        return _latest_change(NominationChange, nomination=done)


class AttendanceChangeFactory(factory.django.DjangoModelFactory):
    """The history row of a changed mark (``attendance_record``): by default someone marked
    present, then late. Raises FactoryError when the mark does not change (no row then)."""

    class Meta:
        model = "workshops.AttendanceChange"

    attendance = factory.SubFactory(AttendanceFactory)
    to_status = "late"
    changed_by = None
    source = "register"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, attendance, to_status, changed_by, source):
        from workshops.models import AttendanceChange
        from workshops.services import attendance_mark

        before = _latest_change(AttendanceChange, attendance=attendance)
        attendance_mark(
            session=attendance.session,
            participant=attendance.participant,
            status=to_status,
            by=changed_by,
            source=source,
        )
        change = _latest_change(AttendanceChange, attendance=attendance)
        if change is None or change == before:
            raise FactoryError(f"{attendance}: already {to_status}, nothing changed")
        return change


class CallChangeFactory(factory.django.DjangoModelFactory):
    """The history row of one step of a call: "created" (``call_create``), "changed"
    (``call_quota_set``), "sent" (``call_send``, the default), "reminded" (``calls_remind``
    on the call's deadline eve) or "released" (``call_release`` after the deadline). The
    call is sent first where the step needs it."""

    class Meta:
        model = "workshops.CallChange"

    call = factory.SubFactory(NominationCallFactory)
    action = "sent"
    changed_by = None

    @classmethod
    @_committed
    def _create(cls, model_class, *args, call, action, changed_by):
        from workshops.models import CallChange
        from workshops.services import call_quota_set, call_release, call_send, calls_remind

        if action in ("sent", "reminded", "released") and call.sent_at is None:
            call_send(call=call, by=changed_by, notify=False)
            call.refresh_from_db()
        if action == "changed":
            quota = call.quotas.select_related("organisation").first()
            call_quota_set(
                call=call, organisation=quota.organisation, seats=quota.seats + 1, by=changed_by
            )
        elif action == "reminded":
            calls_remind(now=call.deadline - dt.timedelta(hours=1))
        elif action == "released":
            call_release(call=call, by=changed_by, now=call.deadline + dt.timedelta(hours=1))
        change = _latest_change(CallChange, call=call)
        if change is None or change.action != action:
            raise FactoryError(f"{call}: the services recorded no {action!r} step")
        return change


class OfficeOrderEventFactory(factory.django.DjangoModelFactory):
    """The history row of an office order (slow: opt in by name): "issued" (a first
    ``office_order_issue``) or "reissued" (someone more confirmed in its batch, then
    ``office_order_refresh``)."""

    class Meta:
        model = "workshops.OfficeOrderEvent"

    office_order = factory.SubFactory(OfficeOrderFactory)
    action = "issued"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, office_order, action):
        from workshops.services import office_order_refresh

        if action == "reissued":
            NominationFactory(batch=office_order.batch)
            office_order = office_order_refresh(batch=office_order.batch)
        if office_order is None:
            raise FactoryError("the list did not change: no new version")
        event = office_order.history.order_by("-pk").first()
        if event.action != action:
            raise FactoryError(f"{office_order}: {event.action}, not {action}")
        return event


# --- lms: site pages, the menu, site settings -------------------------------------------------
# Pages, menu links and settings are written by editors in the Wagtail admin (no service):
# these write them as the admin does, checking what its forms check.


def standard_page(parent: Page | None = None, **kwargs):
    from lms.models import StandardPage

    fields = {"title": "About the programme"}
    fields.update(kwargs)
    return add_page(parent or home_page(), StandardPage(**fields))


def news_index(**kwargs):
    """The site's news index (one per home page)."""
    from lms.models import NewsIndexPage

    existing = NewsIndexPage.objects.child_of(home_page()).first()
    if existing:
        return existing
    fields = {"title": "News", "slug": "news"}
    fields.update(kwargs)
    return add_page(home_page(), NewsIndexPage(**fields))


def news_page(index=None, **kwargs):
    from lms.models import NewsPage

    fields = {"title": "Training calendar published", "date": dt.date(2015, 1, 5)}
    fields.update(kwargs)
    return add_page(index or news_index(), NewsPage(**fields))


def resource_index(**kwargs):
    """The site's resource library (one per home page)."""
    from lms.models import ResourceIndexPage

    existing = ResourceIndexPage.objects.child_of(home_page()).first()
    if existing:
        return existing
    fields = {"title": "Resources", "slug": "resources"}
    fields.update(kwargs)
    return add_page(home_page(), ResourceIndexPage(**fields))


def resource_page(index=None, **kwargs):
    from lms.models import ResourcePage

    fields = {"title": "APA guideline 2015-16", "kind": ResourcePage.Kind.GUIDELINE}
    fields.update(kwargs)
    return add_page(index or resource_index(), ResourcePage(**fields))


def event_document(event: EventPage, *, title: str = "Concept note", **kwargs):
    """A document attached to an event page and published, as an editor attaches one."""
    from wagtail.documents.models import Document

    from workshops.models import EventDocument

    name = title.lower().replace(" ", "-")
    document = Document.objects.create(title=title, file=f"documents/{name}.pdf")
    attached = EventDocument(document=document, **kwargs)
    event.documents.add(attached)
    event.save_revision().publish()
    return attached


class NavigationLinkFactory(factory.django.DjangoModelFactory):
    """A link of the default site's menu, after the links it has; checked as the admin's form
    checks it (a page, or an address with a label: ValidationError otherwise)."""

    class Meta:
        model = "lms.NavigationLink"

    settings = factory.LazyFunction(lambda: _navigation())
    page = None
    url = ""
    label = ""
    label_bn = ""
    sort_order = factory.LazyAttribute(lambda o: o.settings.links.count())

    @classmethod
    def _create(cls, model_class, *args, **fields):
        link = model_class(**fields)
        link.full_clean()
        link.save()
        return link


def _navigation():
    from lms.models import NavigationSettings

    return NavigationSettings.for_site(home_page().get_site())


def site_settings(**fields):
    """The default site's settings with `fields` changed, checked and saved as the admin's
    Settings form does."""
    from lms.models import SiteSettings

    settings = SiteSettings.for_site(home_page().get_site())
    for name, value in fields.items():
        setattr(settings, name, value)
    if fields:
        settings.full_clean()
        settings.save()
    return settings


# --- courses -----------------------------------------------------------------------------


def quiz(
    kind: str = "post",
    questions: list | None = None,
    *,
    title: str | None = None,
    pass_percent: int = 60,
    max_attempts: int | None = None,
    shuffle: bool = True,
):
    """A quiz through ``courses.services.quiz_create``, with questions given as
    `(text, [(choice, correct, feedback), ...])`; a question with more than one correct
    choice is a multiple-choice question."""
    from courses.services import quiz_create

    questions = questions or [
        ("Which level is Excellent?", [("100%", True, "Right."), ("90%", False, "Very Good.")]),
        (
            "Which units appear in APAs?",
            [("number", True, ""), ("%", True, ""), ("colour", False, "Not a unit.")],
        ),
    ]
    return quiz_create(
        title=title or f"{kind} test",
        kind=kind,
        questions=questions,
        pass_percent=pass_percent,
        max_attempts=max_attempts,
        shuffle=shuffle,
    )


def course_index():
    from courses.models import CourseIndexPage

    existing = CourseIndexPage.objects.first()
    return existing or add_page(home_page(), CourseIndexPage(title="Courses", slug="courses-index"))


def course(
    *,
    title: str = "APA basics",
    kind: str = "regular",
    modules: dict | None = None,
    pre_test=None,
    post_test=None,
    event=None,
    lesson_quiz=None,
):
    """A published course with modules of lessons (`{"Module": ["Lesson", ...]}`); with
    `lesson_quiz`, the last lesson holds that quiz."""
    from django.utils.text import slugify

    from courses.models import CoursePage, LessonPage, ModulePage

    page = add_page(
        course_index(),
        CoursePage(
            title=title,
            slug=slugify(title),
            kind=kind,
            summary="A course.",
            pre_test=pre_test,
            post_test=post_test,
            event=event,
        ),
    )
    modules = modules or {"Targets": ["The target scale", "Weights"]}
    last = None
    for module_title, lessons in modules.items():
        module = add_page(page, ModulePage(title=module_title, slug=slugify(module_title)))
        for lesson_title in lessons:
            body = [("paragraph", f"<p>{lesson_title}: text of the lesson.</p>")]
            last = add_page(
                module, LessonPage(title=lesson_title, slug=slugify(lesson_title), body=body)
            )
    if lesson_quiz is not None and last is not None:
        last.body = list(last.body.raw_data) + [
            {"type": "quiz", "value": {"quiz": lesson_quiz.pk, "intro": ""}}
        ]
        last.save_revision().publish()
    return page


class QuizFactory(factory.django.DjangoModelFactory):
    """A quiz with its questions, through ``quiz_create`` (see ``quiz``)."""

    class Meta:
        model = "courses.Quiz"

    kind = "post"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, kind="post", questions=None, **fields):
        return quiz(kind, questions, **fields)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question of a quiz (two choices, the first correct)."""

    class Meta:
        model = "courses.Question"

    quiz = factory.SubFactory(QuizFactory)
    sort_order = factory.Sequence(lambda n: n + 100)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = "single"
    choices = factory.LazyFunction(
        lambda: [
            {"type": "choice", "value": {"text": text, "correct": ok, "feedback": ""}}
            for text, ok in (("Right", True), ("Wrong", False))
        ]
    )


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An enrolment made by ``courses.services.course_enrol`` (the course must be live)."""

    class Meta:
        model = "courses.Enrolment"

    course = factory.LazyFunction(lambda: course(title=f"Course {uuid4().hex[:8]}"))
    participant = factory.SubFactory(ParticipantFactory)
    batch = None

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        from courses.services import course_enrol

        return course_enrol(**fields)


def single_choice_questions(count: int) -> list:
    """`count` questions for ``quiz`` with a right and a wrong choice each: with ten, an
    attempt scores any multiple of ten per cent (``quiz_attempt_make(percent=...)``)."""
    return [(f"Question {n}?", [("Right", True, ""), ("Wrong", False, "")]) for n in range(count)]


@_committed
def quiz_attempt_make(
    *, quiz, participant, correct: bool = True, at=None, percent=None, submitted: bool = True
):
    """An attempt started and submitted through the quiz services, every answer right (or
    every answer wrong), or, with `percent`, the first questions right and the rest wrong so
    that it scores `percent` (FactoryError when the quiz's number of questions cannot make
    it); not `submitted`, an attempt only started. The services refuse an attempt the quiz
    does not allow (a second pre-test, one after a pass, one past the limit)."""
    from courses.selectors import question_keys
    from courses.services import quiz_attempt_start, quiz_attempt_submit

    keys = question_keys(quiz)
    right = len(keys) if correct else 0
    if percent is not None:
        right = round(len(keys) * percent / 100)
        if not keys or right * 100 != len(keys) * percent:
            raise FactoryError(f"{len(keys)} questions cannot score {percent}%")
    answers = {}
    for position, key in enumerate(keys):
        wrong = [c for c in key.choice_ids if c not in key.correct_ids]
        answers[key.id] = sorted(key.correct_ids) if position < right else wrong[:1]
    started = at - dt.timedelta(minutes=20) if at else None
    attempt = quiz_attempt_start(quiz=quiz, participant=participant, now=started)
    if submitted:
        quiz_attempt_submit(attempt=attempt, answers=answers, now=at)
        attempt.refresh_from_db()
    return attempt


class QuizAttemptFactory(factory.django.DjangoModelFactory):
    """A submitted attempt, scored by the service (see ``quiz_attempt_make``)."""

    class Meta:
        model = "courses.QuizAttempt"

    quiz = factory.SubFactory(QuizFactory)
    participant = factory.SubFactory(ParticipantFactory)
    correct = True

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        return quiz_attempt_make(**fields)


class LessonProgressFactory(factory.django.DjangoModelFactory):
    """A lesson read, through ``courses.services.lesson_complete`` (a lesson with a quiz is
    refused: pass the quiz with ``QuizAttemptFactory``)."""

    class Meta:
        model = "courses.LessonProgress"

    enrolment = factory.SubFactory(EnrolmentFactory)
    lesson = factory.LazyAttribute(lambda o: o.enrolment.course.lessons().first().specific)

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        from courses.services import lesson_complete

        return lesson_complete(**fields)


class TrainerCertificationFactory(factory.django.DjangoModelFactory):
    """A trainer certification granted by ``courses.services.trainer_certification_grant``:
    the participant must have completed the ToT course and attended its batch."""

    class Meta:
        model = "courses.TrainerCertification"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, participant, course, on=None):
        from courses.services import trainer_certification_grant

        return trainer_certification_grant(participant=participant, course=course, on=on)


class FeedbackResponseFactory(factory.django.DjangoModelFactory):
    """An end-of-batch evaluation given through ``courses.services.feedback_submit``: every
    session and trainer of the batch rated `rating`."""

    class Meta:
        model = "courses.FeedbackResponse"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, batch, participant, rating=4, today=None, **text):
        from courses.selectors import feedback_subjects
        from courses.services import feedback_submit

        sessions, trainers = feedback_subjects(batch=batch)
        return feedback_submit(
            batch=batch,
            participant=participant,
            session_ratings={s.pk: rating for s in sessions},
            trainer_ratings={t.pk: rating for t in trainers},
            today=today or batch.end_date,
            **text,
        )


class FeedbackSubmissionFactory(factory.django.DjangoModelFactory):
    """That a participant answered a batch's evaluation: written by
    ``courses.services.feedback_submit`` with the response (``FeedbackResponseFactory``; a
    second evaluation of the same batch is refused with CourseError)."""

    class Meta:
        model = "courses.FeedbackSubmission"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, batch, participant, **given):
        from courses.models import FeedbackSubmission

        FeedbackResponseFactory(batch=batch, participant=participant, **given)
        return FeedbackSubmission.objects.get(batch=batch, participant=participant)


class SessionRatingFactory(factory.django.DjangoModelFactory):
    """A session's rating in an evaluation given through ``feedback_submit`` (every session
    and trainer of the batch rated `rating`); `session` chooses which one is returned."""

    class Meta:
        model = "courses.SessionRating"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, batch, participant, session=None, **given):
        response = FeedbackResponseFactory(batch=batch, participant=participant, **given)
        ratings = response.session_ratings.order_by("session__starts_at")
        return ratings.get(session=session) if session else ratings.first()


class TrainerRatingFactory(factory.django.DjangoModelFactory):
    """A trainer's rating in an evaluation given through ``feedback_submit`` (every session
    and trainer of the batch rated `rating`); `trainer` chooses which one is returned."""

    class Meta:
        model = "courses.TrainerRating"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, batch, participant, trainer=None, **given):
        response = FeedbackResponseFactory(batch=batch, participant=participant, **given)
        ratings = response.trainer_ratings.order_by("trainer__name")
        return ratings.get(trainer=trainer) if trainer else ratings.first()


@_committed
def trainer_certify(*, course, participant=None, on=None):
    """A trainer certification reached the way a trainee reaches it: the ToT course's lessons
    read (``course_enrol``, ``lesson_complete``), then confirmed in a batch of the course's
    ToT event (its first batch, or a new one on the event's dates) and present at each of its
    sessions, then ``trainer_certification_grant`` from `on` (the batch's last day).

    Raises FactoryError for a course without a ToT event; the services raise CourseError
    for a course that is not a ToT course or a participant certified already.
    """
    from courses.services import course_enrol, lesson_complete

    event = course.event
    if event is None:
        raise FactoryError(f"{course}: a trainer is certified by a course with a ToT event")
    participant = participant or ParticipantFactory()
    # Lessons first: completing the course before the batch grants nothing yet, so that the
    # grant below is the one dated `on`.
    enrolment = course_enrol(course=course, participant=participant)
    for lesson in course.lessons():
        lesson_complete(enrolment=enrolment, lesson=lesson)
    batch = event.batches.order_by("number").first() or _tot_batch(event)
    if not batch.nominations.filter(participant=participant, status="confirmed").exists():
        NominationFactory(batch=batch, participant=participant)
    attendance_record_all([(session, participant, "present") for session in batch.sessions.all()])
    return TrainerCertificationFactory(
        participant=participant, course=course, on=on or batch.end_date
    )


def _tot_batch(event):
    """A batch of a ToT event on the event's dates, with one session a day."""
    batch = BatchFactory(
        event=event,
        start_date=event.start_date,
        end_date=event.end_date or event.start_date,
        capacity=40,
        venue="",
    )
    day = batch.start_date
    while day <= batch.end_date:
        SessionFactory(batch=batch, starts_at=dhaka(day, 9, 30), ends_at=dhaka(day, 13))
        day += dt.timedelta(days=1)
    return batch


class TrainerCertificationRenewalFactory(factory.django.DjangoModelFactory):
    """The next period of a current trainer certification, by
    ``courses.services.trainer_certification_renew`` (`renewal_of` stays as history; a
    certification that is not current is refused with CourseError)."""

    class Meta:
        model = "courses.TrainerCertification"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, renewal_of, on=None):
        from courses.services import trainer_certification_renew

        return trainer_certification_renew(certification=renewal_of, on=on)


# --- sandbox_apa -------------------------------------------------------------------------


def sandbox_scenario(slug: str = "fid-2019-20"):
    """One of the two scenarios shipped by the sandbox's data migration."""
    from importlib import import_module

    from django.apps import apps

    from sandbox_apa.models import Scenario

    if not Scenario.objects.filter(slug=slug).exists():
        # A transactional test (live_server) flushed the migration's rows: put them back.
        import_module("sandbox_apa.migrations.0002_frameworks_and_scenarios").forwards(apps, None)
    return Scenario.objects.select_related("framework").get(slug=slug)


@_committed
def sandbox_batch(*, trainers=(), trainees=(), number: int | None = None):
    """A batch with one session, the given users as its trainers and confirmed trainees.

    Each user gets a Participant (the trainer of a batch is the Participant behind
    `user.participant` with a TrainerAssignment on a session of the batch).
    """
    import datetime as dt

    from django.utils import timezone

    from workshops.models import Batch

    event = sandbox_event()
    number = number or Batch.objects.filter(event=event).count() + 1
    # Each batch a fortnight after the one before: a trainer or trainee of two test batches
    # is never in two places at once (the services refuse that).
    first_day = dt.date(2015, 1, 12) + dt.timedelta(days=14 * (number - 1))
    batch = BatchFactory(
        event=event,
        number=number,
        start_date=first_day,
        end_date=first_day + dt.timedelta(days=7),
        capacity=30,
        venue="",
        status=Batch.Status.PLANNED,
    )
    starts = timezone.make_aware(dt.datetime.combine(first_day, dt.time(9, 0)))
    session = SessionFactory(
        batch=batch, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), topic="APA", room=""
    )
    for user in trainers:
        TrainerAssignmentFactory(session=session, trainer=sandbox_participant(user))
    for user in trainees:
        NominationFactory(batch=batch, participant=sandbox_participant(user), status="confirmed")
    return batch


def sandbox_event():
    """The event page the sandbox's test batches hang under (one is enough)."""
    from workshops.models import EventPage

    return EventPage.objects.first() or event_page()


def sandbox_participant(user):
    from workshops.models import Participant

    participant, _ = Participant.objects.get_or_create(
        user=user, defaults={"name": user.get_full_name() or user.email, "email": user.email}
    )
    return participant


def sandbox_apa(*, trainee, batch=None, slug: str = "fid-2019-20", valid: bool = False):
    """A practice APA of the trainee, created through the service; `valid` fills it so that
    it passes every check (the FID scenario's own objectives, 45 + 30)."""
    from sandbox_apa.services import agreement_create

    agreement = agreement_create(scenario=sandbox_scenario(slug), trainee=trainee, batch=batch)
    if valid:
        sandbox_fill_valid(agreement)
    return agreement


FID_OWN_OBJECTIVES = [
    (
        "Expand agricultural and SME credit",
        45,
        "Disburse agricultural credit",
        [
            (
                "Agricultural credit disbursed",
                "thousand crore Tk",
                "higher",
                25,
                ["30", "28", "26", "24", "22"],
            ),
            (
                "SME credit disbursed",
                "lakh crore Tk",
                "higher",
                20,
                ["1.6", "1.5", "1.4", "1.3", ""],
            ),
        ],
    ),
    (
        "Strengthen state-owned banks",
        30,
        "Reduce classified loans and go digital",
        [
            (
                "Classified loans of state-owned banks",
                "crore Tk",
                "lower",
                20,
                ["50000", "50250", "50500", "50750", "50850"],
            ),
            (
                "Platform launched",
                "date",
                "date",
                10,
                ["2020-05-31", "2020-06-07", "2020-06-15", "2020-06-21", "2020-06-25"],
            ),
        ],
    ),
]


@_committed
def sandbox_fill_valid(agreement):
    """Write the own part of a FID practice APA so that every check passes, through the
    drafting services (as its trainee)."""
    from sandbox_apa import services

    by = agreement.trainee
    first = agreement.objectives.get(is_mandatory=False)
    for order, (title, weight, activity_title, indicators) in enumerate(FID_OWN_OBJECTIVES, 1):
        objective = first if order == 1 else services.objective_add(agreement=agreement, by=by)
        services.objective_save(objective=objective, by=by, order=order, title=title, weight=weight)
        activity = objective.activities.get()
        services.activity_save(activity=activity, by=by, title=activity_title)
        for position, (name, unit, direction, iweight, targets) in enumerate(indicators, 1):
            indicator = (
                activity.indicators.get()
                if position == 1
                else services.indicator_add(activity=activity, by=by)
            )
            services.indicator_save(
                indicator=indicator,
                by=by,
                order=position,
                name=name,
                unit=unit,
                direction=direction,
                weight=iweight,
                target_excellent=targets[0],
                target_very_good=targets[1],
                target_good=targets[2],
                target_fair=targets[3],
                target_poor=targets[4],
            )
    return agreement


class PracticeAPAFactory(factory.django.DjangoModelFactory):
    """A practice APA started by ``sandbox_apa.services.agreement_create`` (see
    ``sandbox_apa``); `valid` fills it so that it passes every check."""

    class Meta:
        model = "sandbox_apa.PracticeAPA"

    trainee = factory.SubFactory(UserFactory, group="Trainees")

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        return sandbox_apa(**fields)


# --- certificates ------------------------------------------------------------------------


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    """A template as an organiser writes it in the admin (no service), titled as its kind;
    the default of its kind unless told (one default per kind: the database refuses a
    second)."""

    class Meta:
        model = "certificates.CertificateTemplate"

    name = factory.Sequence(lambda n: f"Template {n}")
    kind = "attendance"
    is_default = True
    language = "en"
    title = factory.LazyAttribute(lambda o: _kind_title(o.kind))
    title_bn = "উপস্থিতি সনদ"
    body = (
        "This is to certify that {name}, {designation}, {organisation}, attended "
        "{event} held at {venue} on {dates}."
    )
    body_bn = "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে {name} {dates} তারিখে {event} এ অংশগ্রহণ করেছেন।"


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate issued by ``certificates.services.certificate_issue`` (the kind needs a
    default template: ``CertificateTemplateFactory``). Eligibility is not checked there."""

    class Meta:
        model = "certificates.Certificate"

    kind = "attendance"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, **fields):
        from certificates.services import certificate_issue

        return certificate_issue(**fields)


def _kind_title(kind: str) -> str:
    from certificates.kinds import kind_get

    return kind_get(kind).title_en


class SignatoryFactory(factory.django.DjangoModelFactory):
    """One of a template's (up to three) signatories, written with it in the admin."""

    class Meta:
        model = "certificates.Signatory"

    template = factory.SubFactory(CertificateTemplateFactory)
    name = "Md. Abdul Karim"
    designation = "Secretary, Cabinet Division"


# --- Bangla translations -------------------------------------------------------------------


def bangla(page: Page) -> Page:
    """The Bangla translation of `page`, made with its ancestors and descendants (titles
    marked "(বাংলা)") as an editor would with the simple translation workflow."""
    from wagtail.models import Locale

    from lms.translation import pages_translate

    tree = [
        *page.get_ancestors().filter(depth__gt=1).specific(),
        *page.get_descendants(inclusive=True).specific(),
    ]
    pages_translate([(p, {"title": f"{p.title} (বাংলা)"}) for p in tree], language="bn")
    return page.get_translation(Locale.objects.get(language_code="bn")).specific


# --- certificates: what the services write ---------------------------------------------------
# SerialCounter has no factory: it is the issuing service's own counter, taken under lock by
# ``serial_allocate``; a test reaches a number by issuing certificates (CertificateFactory).


class EventCertificateFactory(factory.django.DjangoModelFactory):
    """Which certificate an event gives, set by ``certificates.services.event_certificate_set``
    as an organiser does in the event's editor (an unknown kind or a translated event is
    refused with CertificateError)."""

    class Meta:
        model = "certificates.EventCertificate"

    page = factory.LazyFunction(lambda: EventPage.objects.first() or event_page())
    kind = "attendance"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, page, kind, by=None):
        from certificates.services import event_certificate_set

        return event_certificate_set(event=page, kind=kind, by=by).certificate_given.get()


class BulkIssueJobFactory(factory.django.DjangoModelFactory):
    """A bulk issue started by ``certificates.services.bulk_issue_start`` (the kind's rule
    must fit the subject: give one of `event`, `batch`, `course`), still queued: no worker
    has taken its task yet, and the test runs it (``bulk_issue_run``) as that worker would.

    Not to be called while another factory builds (its after-commit reactions would then
    deliver the task after all).
    """

    class Meta:
        model = "certificates.BulkIssueJob"

    kind = "attendance"

    @classmethod
    def _create(cls, model_class, *args, kind, by=None, **subject):
        from unittest import mock

        from certificates import services

        if _committing:
            raise FactoryError("a queued bulk issue is started on its own, not inside a build")
        # The queue delivers nothing: the task and the watch it would start stay undelivered.
        with (
            mock.patch.object(services, "_enqueue_job", lambda job_id: None),
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            return services.bulk_issue_start(kind=kind, by=by, **subject)


class CertificateEventFactory(factory.django.DjangoModelFactory):
    """A revocation (``certificate_revoke``) or a reissue (``certificate_reissue``, the new
    certificate's "reissued" entry) in a certificate's history. The certificate must be valid
    and a reason given (CertificateError otherwise); an "issued" entry comes with the
    certificate (CertificateFactory)."""

    class Meta:
        model = "certificates.CertificateEvent"

    action = "revoked"
    reason = "Issued in error"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, certificate, action, reason, by=None, **correction):
        from certificates.services import certificate_reissue, certificate_revoke

        if action == "revoked":
            revoked = certificate_revoke(certificate=certificate, by=by, reason=reason)
            return revoked.history.filter(action=action).latest("pk")
        if action == "reissued":
            new = certificate_reissue(certificate=certificate, by=by, reason=reason, **correction)
            return new.history.get(action=action)
        raise FactoryError(f"{action}: a history entry is written by revoking or reissuing")


class CredentialStatusListFactory(factory.django.DjangoModelFactory):
    """A published revocation list, signed by ``certificates.services.status_list_refresh``
    from the certificates' statuses now."""

    class Meta:
        model = "certificates.CredentialStatusList"

    number = 1

    @classmethod
    @_committed
    def _create(cls, model_class, *args, number):
        from certificates.services import status_list_refresh

        return status_list_refresh(number=number)


# --- sandbox_apa: reference data, drafting, review, achievements, peer review ---------------


class FrameworkFactory(factory.django.DjangoModelFactory):
    """One of the APA frameworks the sandbox's data migration ships (by `code`): the checks
    and the scoring read their levels, bands and mandatory weights, which a hand-made copy
    would let drift from what trainers use. Written in the admin, so no service."""

    class Meta:
        model = "sandbox_apa.Framework"

    code = factory.LazyFunction(lambda: sandbox_scenario().framework.code)

    @classmethod
    def _create(cls, model_class, *args, code):
        from sandbox_apa.models import Framework

        sandbox_scenario()  # the migration's rows, put back after a transactional test
        return Framework.objects.get(code=code)


class ScenarioFactory(factory.django.DjangoModelFactory):
    """A scenario shipped by the sandbox's data migration (by `slug`), or, given `copy_as`,
    a copy of it under that slug with other `fields` (e.g. ``is_active=False``): its
    mandatory objectives and previous actuals stay those of a real case. Scenarios are
    written by trainers in the admin, so the copy is written directly."""

    class Meta:
        model = "sandbox_apa.Scenario"

    slug = "fid-2019-20"

    @classmethod
    def _create(cls, model_class, *args, slug, copy_as=None, **fields):
        shipped = sandbox_scenario(slug)
        if copy_as is None:
            if fields:
                raise FactoryError("a shipped scenario is used as it is: give copy_as to vary it")
            return shipped
        shipped.pk = None
        shipped.slug = copy_as
        for name, value in fields.items():
            setattr(shipped, name, value)
        shipped.save()
        return shipped


def _draft_of(agreement):
    """The agreement, refused by FactoryError unless its trainee can still change it."""
    if not agreement.is_editable:
        raise FactoryError(f"a {agreement.status} practice APA is not drafted any more")
    return agreement


class StrategicObjectiveFactory(factory.django.DjangoModelFactory):
    """An own objective added to a draft practice APA by ``objective_add`` and written by
    ``objective_save`` as its trainee (with its one activity and one indicator)."""

    class Meta:
        model = "sandbox_apa.StrategicObjective"

    agreement = factory.SubFactory(PracticeAPAFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
    weight = 10

    @classmethod
    @_committed
    def _create(cls, model_class, *args, agreement, **fields):
        from sandbox_apa.services import objective_add, objective_save

        by = _draft_of(agreement).trainee
        objective = objective_add(agreement=agreement, by=by)
        return objective_save(objective=objective, by=by, **fields)


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity added to an own objective by ``activity_add`` and named by
    ``activity_save`` (a mandatory objective's activities are the scenario's: SandboxError)."""

    class Meta:
        model = "sandbox_apa.Activity"

    objective = factory.SubFactory(StrategicObjectiveFactory)
    title = factory.Sequence(lambda n: f"Activity {n}")

    @classmethod
    @_committed
    def _create(cls, model_class, *args, objective, title):
        from sandbox_apa.services import activity_add, activity_save

        by = _draft_of(objective.agreement).trainee
        activity = activity_add(objective=objective, by=by)
        return activity_save(activity=activity, by=by, title=title)


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator added to an activity of an own objective by ``indicator_add`` and written
    by ``indicator_save`` (values in the form's normal form)."""

    class Meta:
        model = "sandbox_apa.Indicator"

    activity = factory.SubFactory(ActivityFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "number"
    direction = "higher"
    weight = 5
    target_excellent = "100"
    target_very_good = "90"
    target_good = "80"
    target_fair = "70"
    target_poor = "60"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, activity, **fields):
        from sandbox_apa.services import indicator_add, indicator_save

        by = _draft_of(activity.objective.agreement).trainee
        indicator = indicator_add(activity=activity, by=by)
        return indicator_save(indicator=indicator, by=by, **fields)


@_committed
def sandbox_apa_in(
    status: str,
    *,
    trainee=None,
    batch=None,
    reviewer=None,
    comments=(),
    slug: str = "fid-2019-20",
):
    """A valid practice APA brought to `status` through the exercise's services: submitted
    by its trainee (``agreement_submit``), then returned with `comments` (a list of
    ``(target, text)``; one on the APA unless given) or accepted by `reviewer`
    (``agreement_review``; an organiser unless given), then evaluated after an achievement
    of each indicator's target for "good" in the first quarter (``agreement_close_year``).
    Raises FactoryError for a status the exercise has not."""
    from sandbox_apa.models import Indicator, PracticeAPA
    from sandbox_apa.services import agreement_close_year, agreement_review, agreement_submit

    Status = PracticeAPA.Status
    if status not in Status.values:
        raise FactoryError(f"a practice APA is never {status}")
    trainee = trainee or UserFactory(group="Trainees")
    agreement = sandbox_apa(trainee=trainee, batch=batch, slug=slug, valid=True)
    if status == Status.DRAFT:
        return agreement
    agreement = agreement_submit(agreement=agreement, by=trainee)
    if status == Status.SUBMITTED:
        return agreement
    reviewer = reviewer or UserFactory(group="Organisers", is_staff=True)
    if status == Status.RETURNED:
        comments = comments or [(agreement, "Sharpen the targets.")]
        return agreement_review(agreement=agreement, by=reviewer, accept=False, comments=comments)
    agreement = agreement_review(agreement=agreement, by=reviewer, accept=True, comments=comments)
    if status == Status.EVALUATED:
        indicators = Indicator.objects.filter(activity__objective__agreement=agreement)
        values = {(i.pk, 1): i.target_good or i.target_excellent or "1" for i in indicators}
        agreement = agreement_close_year(agreement=agreement, by=trainee, values=values)
    return agreement


class QuarterlyAchievementFactory(factory.django.DjangoModelFactory):
    """An indicator's achievement for a quarter, recorded by its trainee through
    ``agreement_record_achievement``: only once the trainer has accepted the APA
    (SandboxError before); without an indicator, the first of a new accepted APA."""

    class Meta:
        model = "sandbox_apa.QuarterlyAchievement"

    indicator = factory.LazyFunction(
        lambda: (
            sandbox_apa_in("accepted")
            .objectives.get(order=1, is_mandatory=False)
            .activities.get()
            .indicators.first()
        )
    )
    quarter = 1
    value = "26"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, indicator, quarter, value):
        from sandbox_apa.services import agreement_record_achievement

        trainee = indicator.activity.objective.agreement.trainee
        agreement_record_achievement(indicator=indicator, quarter=quarter, value=value, by=trainee)
        return indicator.achievements.get(quarter=quarter)


class ReviewCommentFactory(factory.django.DjangoModelFactory):
    """A reviewer's comment on a submitted practice APA (on the APA, an objective or an
    indicator: `on`), written by ``agreement_review`` returning the APA for changes (it is
    returned afterwards); a draft is refused with SandboxError."""

    class Meta:
        model = "sandbox_apa.ReviewComment"

    agreement = factory.LazyFunction(lambda: sandbox_apa_in("submitted"))
    text = "Which unit?"

    @classmethod
    @_committed
    def _create(cls, model_class, *args, agreement, text, on=None, author=None):
        from sandbox_apa.services import agreement_review

        author = author or UserFactory(group="Organisers", is_staff=True)
        returned = agreement_review(
            agreement=agreement, by=author, accept=False, comments=[(on or agreement, text)]
        )
        return returned.comments.latest("pk")


class PeerReviewRoundFactory(factory.django.DjangoModelFactory):
    """A peer review round opened for a batch by ``peer_round_open`` (by an organiser unless
    `by` is given): the batch needs two submitted APAs, and one open round at a time
    (SandboxError otherwise). With `submitted`, that many trainees are first confirmed in
    the batch and submit a valid APA."""

    class Meta:
        model = "sandbox_apa.PeerReviewRound"

    batch = factory.LazyFunction(lambda: sandbox_batch())
    submitted = 0

    @classmethod
    @_committed
    def _create(cls, model_class, *args, batch, submitted, by=None):
        from sandbox_apa.services import peer_round_open

        for _ in range(submitted):
            trainee = UserFactory(group="Trainees")
            NominationFactory(batch=batch, participant=sandbox_participant(trainee))
            sandbox_apa_in("submitted", trainee=trainee, batch=batch)
        by = by or UserFactory(group="Organisers", is_staff=True)
        return peer_round_open(batch=batch, by=by)


class PeerReviewFactory(factory.django.DjangoModelFactory):
    """A peer review submitted through ``peer_review_submit`` by the trainee it is assigned
    to (`review`, one of a round's; by default the first of a new round with two submitted
    APAs); a closed round or a rating outside 1-5 is refused with SandboxError."""

    class Meta:
        model = "sandbox_apa.PeerReview"

    review = factory.LazyFunction(
        lambda: PeerReviewRoundFactory(submitted=2).reviews.order_by("pk").first()
    )
    clarity = 4
    measurability = 4
    realism = 3
    weights = 4
    comments = "Clear objectives."

    @classmethod
    @_committed
    def _create(cls, model_class, *args, review, **rubric):
        from sandbox_apa.services import peer_review_submit

        return peer_review_submit(review=review, by=review.reviewer, **rubric)
