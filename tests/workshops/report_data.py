"""Small hand-built workshops data whose report figures are known (shared by report tests).

Programme "CoP Phase I":
- Event "APA training" (planned 10): batch 1 (capacity 4) confirms Amina, Babul and Chandra,
  wait-lists Dipu; two sessions: Amina present twice, Babul late then absent, Chandra absent
  twice. Batch 2 (capacity 2) confirms Esha, cancels Farid; one session, Esha excused.
- Event "Secretaries' workshop" (planned 5, no attendance taken): confirms Amina and Gazi.
Programme "CoP Phase II": event "GPMS training" with one batch confirming Hasan.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tests import factories
from workshops.models import (
    Attendance,
    Batch,
    EventPage,
    Nomination,
    Organisation,
    Participant,
    Rank,
)


@dataclass(repr=False)
class World:
    programme1: object
    programme2: object
    training: EventPage
    workshop: EventPage
    gpms: EventPage
    batch1: Batch
    batch2: Batch
    ministry: Organisation
    division: Organisation
    other: Organisation
    people: dict
    sessions: list


def _at(day: dt.date, hour: int):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _batch(**fields) -> Batch:
    return factories.BatchFactory(venue="", status=Batch.Status.PLANNED, **fields)


def _session(**fields):
    return factories.SessionFactory(room="", **fields)


def build() -> World:
    p1 = factories.programme_page(title="CoP Phase I", slug="cop-phase-1")
    p2 = factories.programme_page(
        title="CoP Phase II", slug="cop-phase-2", start_date=dt.date(2015, 7, 1)
    )
    training = factories.event_page(
        p1,
        title="APA training",
        slug="apa-training",
        planned_participants=10,
        start_date=dt.date(2015, 1, 12),
        end_date=dt.date(2015, 1, 19),
    )
    workshop = factories.event_page(
        p1,
        title="Secretaries' workshop",
        slug="secretaries",
        planned_participants=5,
        kind=EventPage.Kind.WORKSHOP,
        start_date=dt.date(2014, 11, 15),
        end_date=dt.date(2014, 11, 15),
    )
    gpms = factories.event_page(
        p2,
        title="GPMS training",
        slug="gpms-training",
        planned_participants=None,
        start_date=dt.date(2016, 4, 11),
        end_date=dt.date(2016, 4, 25),
    )
    secretary = Rank.objects.get(name="Secretary")
    deputy = Rank.objects.get(name="Deputy Secretary")
    ministry = factories.OrganisationFactory(name="Ministry of Tests", kind="ministry")
    division = factories.OrganisationFactory(name="Test Division", kind="division", parent=ministry)
    other = factories.OrganisationFactory(name="=Other Office", kind="office")
    spec = {
        "Amina": ("female", secretary, ministry),
        "Babul": ("male", deputy, division),
        "Chandra": ("female", deputy, other),
        "Dipu": ("male", deputy, other),
        "Esha": ("female", None, None),
        "Farid": ("male", deputy, other),
        "Gazi": ("", secretary, ministry),
        "Hasan": ("male", deputy, other),
    }
    people = {
        name: factories.ParticipantFactory(
            name=name,
            name_bn="",
            designation="",
            gender=gender,
            rank=rank,
            organisation=org,
            email=f"{name.lower()}@example.org",
        )
        for name, (gender, rank, org) in spec.items()
    }
    batch1 = _batch(
        event=training,
        number=1,
        start_date=dt.date(2015, 1, 12),
        end_date=dt.date(2015, 1, 13),
        capacity=4,
    )
    batch2 = _batch(
        event=training,
        number=2,
        start_date=dt.date(2015, 1, 18),
        end_date=dt.date(2015, 1, 19),
        capacity=2,
    )
    batch_w = _batch(
        event=workshop,
        number=1,
        start_date=dt.date(2014, 11, 15),
        end_date=dt.date(2014, 11, 15),
        capacity=60,
    )
    batch_g = _batch(
        event=gpms,
        number=1,
        start_date=dt.date(2016, 4, 11),
        end_date=dt.date(2016, 4, 25),
        capacity=30,
    )
    C, W, X = Nomination.Status.CONFIRMED, Nomination.Status.WAITLISTED, Nomination.Status.CANCELLED
    for batch, name, status in [
        (batch1, "Amina", C),
        (batch1, "Babul", C),
        (batch1, "Chandra", C),
        (batch1, "Dipu", W),
        (batch2, "Esha", C),
        (batch2, "Farid", X),
        (batch_w, "Amina", C),
        (batch_w, "Gazi", C),
        (batch_g, "Hasan", C),
    ]:
        factories.NominationFactory(
            batch=batch,
            participant=people[name],
            status=status,
            waitlist_position=1 if status == W else None,
        )
    s1 = _session(
        batch=batch1,
        starts_at=_at(batch1.start_date, 9),
        ends_at=_at(batch1.start_date, 12),
        topic="GPMS basics",
    )
    s2 = _session(
        batch=batch1,
        starts_at=_at(batch1.end_date, 9),
        ends_at=_at(batch1.end_date, 12),
        topic="=Targets",
    )
    s3 = _session(
        batch=batch2,
        starts_at=_at(batch2.start_date, 9),
        ends_at=_at(batch2.start_date, 12),
        topic="APA software",
    )
    P, L, E, A = (
        Attendance.Status.PRESENT,
        Attendance.Status.LATE,
        Attendance.Status.EXCUSED,
        Attendance.Status.ABSENT,
    )
    marks = []
    for session, name, status in [
        (s1, "Amina", P),
        (s1, "Babul", L),
        (s1, "Chandra", A),
        (s2, "Amina", P),
        (s2, "Babul", A),
        (s2, "Chandra", A),
        (s3, "Esha", E),
    ]:
        marks.append((session, people[name], status))
    factories.attendance_record_all(marks)
    return World(
        p1,
        p2,
        training,
        workshop,
        gpms,
        batch1,
        batch2,
        ministry,
        division,
        other,
        people,
        [s1, s2, s3],
    )


def add_trainer(world: World, name: str = "Trainer Tania") -> Participant:
    trainer = factories.ParticipantFactory(
        name=name,
        name_bn="",
        designation="",
        email=f"{name.split()[-1].lower()}@ex.org",
        organisation=None,
        rank=None,
    )
    for session in world.sessions[:2]:
        factories.TrainerAssignmentFactory(session=session, trainer=trainer)
    return trainer
