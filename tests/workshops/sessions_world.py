"""A small batch for the sessions tests: four sessions, three confirmed trainees with
accounts, one wait-listed person and a trainer who teaches the first two sessions."""

import datetime as dt
from types import SimpleNamespace

from tests import factories
from workshops.models import Nomination


def build_world(*, start: dt.date = dt.date(2015, 1, 12)) -> SimpleNamespace:
    batch = factories.BatchFactory(
        start_date=start, end_date=start + dt.timedelta(days=1), venue="BPATC, Savar"
    )
    sessions = [
        factories.SessionFactory(
            batch=batch,
            starts_at=factories.dhaka(start + dt.timedelta(days=day), hour, minute),
            ends_at=factories.dhaka(start + dt.timedelta(days=day), end_hour),
            topic=f"Topic {day * 2 + slot + 1}",
        )
        for day in (0, 1)
        for slot, (hour, minute, end_hour) in enumerate([(9, 30, 13), (14, 0, 17)])
    ]
    trainees = []
    for _ in range(3):
        user = factories.UserFactory(group="Trainees")
        participant = factories.ParticipantFactory(user=user, email=user.email)
        factories.NominationFactory(batch=batch, participant=participant, status="confirmed")
        trainees.append(participant)
    waitlisted = factories.NominationFactory(
        batch=batch, status=Nomination.Status.WAITLISTED, waitlist_position=1
    ).participant
    trainer_user = factories.UserFactory(group="Trainers", is_staff=True)
    trainer = factories.ParticipantFactory(user=trainer_user, email=trainer_user.email)
    for session in sessions[:2]:
        factories.TrainerAssignmentFactory(session=session, trainer=trainer)
    return SimpleNamespace(
        batch=batch,
        sessions=sessions,
        trainees=trainees,
        waitlisted=waitlisted,
        trainer=trainer,
        trainer_user=trainer_user,
    )
