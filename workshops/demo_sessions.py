"""Demo sessions, trainers and attendance for the CoP batches (after workshops' people).

For every batch that has confirmed participants and no sessions yet: a day-by-day timetable
(09:30-13:00 and 14:00-17:00), trainers from the graduates of the training of trainers (the
demo trainer among them) with an external resource person for the senior workshops, and a
realistic attendance register: most attend everything, some miss a session or two, a few
are excused or late, one or two drop out. Deterministic and idempotent: batches that already
have sessions are left alone; batches without nominations get nothing.
"""

import random

from django.db import transaction
from django.utils import timezone

from workshops.errors import WorkshopError
from workshops.models import (
    Attendance,
    AttendanceChange,
    Batch,
    EventPage,
    Nomination,
    Participant,
    Session,
    TrainerAssignment,
)
from workshops.services import (
    Mark,
    attendance_record,
    participants_upsert,
    session_timetable_create,
    trainer_assign,
)

TOT_SLUG = "training-of-trainers-2015"
TOPICS = [  # (English, Bangla)
    ("GPMS: why performance management", "জিপিএমএস: কেন কর্মসম্পাদন ব্যবস্থাপনা"),
    (
        "The Annual Performance Agreement: structure and sections",
        "বার্ষিক কর্মসম্পাদন চুক্তি: কাঠামো ও অংশসমূহ",
    ),
    (
        "Strategic objectives, activities and performance indicators",
        "কৌশলগত উদ্দেশ্য, কার্যক্রম ও কর্মসম্পাদন সূচক",
    ),
    ("Setting targets and weights", "লক্ষ্যমাত্রা ও মান নির্ধারণ"),
    ("APA software: entering the agreement", "এপিএ সফটওয়্যার: চুক্তি লিপিবদ্ধ করা"),
    ("Monitoring, quarterly reports and evaluation", "পরিবীক্ষণ, ত্রৈমাসিক প্রতিবেদন ও মূল্যায়ন"),
    ("Group work: drafting a division's APA", "দলগত কাজ: একটি বিভাগের এপিএ প্রণয়ন"),
    ("Presentations and wrap-up", "উপস্থাপনা ও সমাপনী"),
]
RESOURCE_PERSONS = [
    ("Dr. Mirza Hassan", "ড. মির্জা হাসান", "Lead Researcher", "mirza.hassan@bigd.example.org"),
    ("Dr. Kazi Maruful Islam", "ড. কাজী মারুফুল ইসলাম", "Professor", "maruful@du.example.org"),
]


def load(*, stdout) -> None:
    graduates = _tot_graduates()
    guests = _resource_persons()
    done = []
    batches = (
        Batch.objects.filter(nominations__status=Nomination.Status.CONFIRMED)
        .exclude(status=Batch.Status.CANCELLED)
        .select_related("event")
        .distinct()
        .order_by("start_date", "event_id", "number")
    )
    for batch in batches:
        if Session.objects.filter(batch=batch).exists():
            continue
        with transaction.atomic():
            sessions = _timetable(batch)
            _trainers(batch, sessions, graduates, guests)
            _attendance(batch, sessions)
        done.append(batch)
    stdout.write(
        f"  sessions: {len(done)} batches timetabled; {Session.objects.count()} sessions, "
        f"{Attendance.objects.count()} attendance marks"
    )


def _tot_graduates() -> list[Participant]:
    """Confirmed participants of the training of trainers, the demo trainer first."""
    graduates = list(
        Participant.objects.filter(
            nominations__batch__event__slug=TOT_SLUG,
            nominations__status=Nomination.Status.CONFIRMED,
        )
        .select_related("user")
        .order_by("name")
    )
    graduates.sort(key=lambda p: p.user is None or p.user.email != "trainer@example.org")
    return graduates


def _resource_persons() -> list[Participant]:
    return participants_upsert(
        people=[
            {"name": name, "name_bn": name_bn, "designation": designation, "email": email}
            for name, name_bn, designation, email in RESOURCE_PERSONS
        ]
    )


def _timetable(batch: Batch) -> list[Session]:
    sessions = session_timetable_create(batch=batch, skip_weekend=True, topics=TOPICS)
    if not sessions:  # a one-day batch on a Friday or Saturday
        sessions = session_timetable_create(batch=batch, topics=TOPICS)
    return sessions


def _trainers(batch, sessions, graduates, guests) -> None:
    """A lead and a co-trainer per session from the ToT graduates; the senior workshops and
    the ToT itself are taught by the external resource persons."""
    senior = batch.event.kind != EventPage.Kind.TRAINING
    for index, session in enumerate(sessions):
        if senior or not graduates:
            pool = [(guests[index % len(guests)], TrainerAssignment.Role.RESOURCE_PERSON, True)]
        else:
            # The demo trainer leads in every batch; colleagues rotate as co-trainers.
            offset = batch.number + index
            pool = [(graduates[0], TrainerAssignment.Role.LEAD, False)] + [
                (graduates[(offset + k) % len(graduates)], TrainerAssignment.Role.CO_TRAINER, False)
                for k in range(1, len(graduates))
            ]
        _assign_first_free(session, pool, wanted=1 if senior else 2)


def _assign_first_free(session, pool, *, wanted: int) -> None:
    assigned = 0
    for person, role, external in pool:
        if assigned == wanted:
            return
        try:
            trainer_assign(session=session, trainer=person, role=role, is_external=external)
        except WorkshopError:
            continue  # teaching elsewhere at that time: the next one
        assigned += 1


def _attendance(batch: Batch, sessions: list[Session]) -> None:
    rng = random.Random(f"attendance-{batch.event.slug}-{batch.number}")
    nominations = Nomination.objects.filter(
        batch=batch, status=Nomination.Status.CONFIRMED
    ).order_by("participant_id")
    held = [s for s in sessions if s.starts_at <= timezone.now()]  # no marks for the future
    marks = []
    for nomination in nominations:
        marks += _marks_for(rng, nomination.participant_id, held) if held else []
    attendance_record(marks=marks, by=None, source=AttendanceChange.Source.IMPORT)


def _marks_for(rng: random.Random, participant_id: int, sessions: list[Session]):
    roll = rng.random()
    n = len(sessions)
    if roll < 0.8:
        missed = set()
    elif roll < 0.92:
        missed = {rng.randrange(n)}
    elif roll < 0.97:
        missed = set(rng.sample(range(n), min(n, 2)))
    else:  # dropped out after the first day
        missed = set(range(min(n, 2), n)) or {0}
    marks = []
    for index, session in enumerate(sessions):
        if index in missed:
            status = Attendance.Status.EXCUSED if rng.random() < 0.3 else Attendance.Status.ABSENT
        else:
            status = Attendance.Status.LATE if rng.random() < 0.06 else Attendance.Status.PRESENT
        marks.append(Mark(session, participant_id, status))
    return marks
