"""Demo data of workshops: the CoP programme, its two phases and every event they ran.

Numbers and dates are those of ../shared/docs/product.md. Later steps add batches,
participants and attendance.
"""

import datetime as dt

from lms.models import HomePage
from workshops import demo_people, demo_sessions
from workshops.models import EventPage, ProgrammePage, Rank

D = dt.date

PROGRAMMES = [
    {
        "slug": "cop-phase-1",
        "title": "CoP Phase I",
        "start_date": D(2014, 2, 1),
        "end_date": D(2015, 6, 30),
        "funder": "BIGD with the World Bank and the Cabinet Division",
        "summary": (
            "Workshops for Secretaries and for Joint and Additional Secretaries on the "
            "Government Performance Management System, a training of trainers and the "
            "training of 179 mid-level APA officers in eight batches."
        ),
        "events": [
            {
                "slug": "gpms-apa-workshop-senior-officers",
                "title": "Workshop on GPMS and APA for Joint and Additional Secretaries",
                "kind": EventPage.Kind.WORKSHOP,
                "start_date": D(2014, 11, 12),
                "end_date": D(2014, 11, 13),
                "ranks": ["Joint Secretary", "Additional Secretary"],
                "audience_description": "Joint and Additional Secretaries",
                "planned_participants": 150,
                "venue": "Dhaka",
            },
            {
                "slug": "workshop-for-secretaries",
                "title": "Workshop for Secretaries",
                "kind": EventPage.Kind.WORKSHOP,
                "start_date": D(2014, 11, 15),
                "end_date": D(2014, 11, 15),
                "ranks": ["Senior Secretary", "Secretary"],
                "audience_description": "Secretaries",
                "planned_participants": 60,
                "venue": "Dhaka",
            },
            {
                "slug": "training-of-trainers-2015",
                "title": "Training of trainers: APA and GPMS basics, APA software operation",
                "kind": EventPage.Kind.TOT,
                "start_date": D(2015, 1, 10),
                "end_date": D(2015, 1, 11),
                "ranks": ["Deputy Secretary", "Senior Assistant Secretary", "Assistant Secretary"],
                "audience_description": "Officials, mainly of the Cabinet Division",
                "planned_participants": 20,
                "venue": "Dhaka",
                "certificate_kind": EventPage.CertificateKind.TRAINER,
            },
            {
                "slug": "apa-officers-training-2015",
                "title": "Training of mid-level APA officers",
                "kind": EventPage.Kind.TRAINING,
                "start_date": D(2015, 1, 12),
                "end_date": D(2015, 1, 19),
                "ranks": ["Deputy Secretary", "Senior Assistant Secretary", "Assistant Secretary"],
                "audience_description": "Officers in charge of APA preparation, in 8 batches",
                "planned_participants": 179,
                "venue": "Dhaka",
                "certificate_kind": EventPage.CertificateKind.COMPLETION,
            },
        ],
    },
    {
        "slug": "cop-phase-2",
        "title": "CoP Phase II",
        "start_date": D(2015, 7, 1),
        "end_date": D(2016, 12, 31),
        "funder": "BIGD with the World Bank and the Cabinet Division",
        "summary": (
            "Seminars with the constitutional commissions, on audit objections, a training on "
            "GPMS and a baseline study of performance management in government."
        ),
        "events": [
            {
                "slug": "seminar-psc-information-commission",
                "title": (
                    "Seminar on performance management of the Public Service Commission and "
                    "the Information Commission"
                ),
                "kind": EventPage.Kind.SEMINAR,
                "start_date": D(2015, 8, 30),
                "end_date": D(2015, 8, 30),
                "ranks": [],
                "venue": "Dhaka",
            },
            {
                "slug": "seminar-audit-objections",
                "title": "Seminar on facilitating disposal of audit objections",
                "kind": EventPage.Kind.SEMINAR,
                "start_date": D(2016, 3, 12),
                "end_date": D(2016, 3, 12),
                "ranks": [],
                "venue": "Dhaka",
            },
            {
                "slug": "training-on-gpms-2016",
                "title": "Training on Government Performance Management System",
                "kind": EventPage.Kind.TRAINING,
                "start_date": D(2016, 4, 11),
                "end_date": D(2016, 4, 25),
                "ranks": [],
                "venue": "Dhaka",
                "certificate_kind": EventPage.CertificateKind.COMPLETION,
            },
            {
                "slug": "gpms-baseline-study",
                "title": "Baseline study on GPMS",
                "kind": EventPage.Kind.STUDY,
                "start_date": D(2016, 1, 1),
                "end_date": D(2016, 12, 31),
                "ranks": [],
                "summary": "Ongoing.",
                "certificate_kind": EventPage.CertificateKind.NONE,
            },
        ],
    },
]


def load(*, stdout) -> None:
    home = HomePage.objects.get()
    for spec in PROGRAMMES:
        programme = _programme(home, spec)
        for event_spec in spec["events"]:
            _event(programme, event_spec)
    stdout.write(
        f"  {ProgrammePage.objects.count()} programmes, {EventPage.objects.count()} events"
    )
    demo_people.load(stdout=stdout)
    demo_sessions.load(stdout=stdout)


def _programme(home: HomePage, spec: dict) -> ProgrammePage:
    existing = ProgrammePage.objects.filter(slug=spec["slug"]).first()
    if existing:
        return existing
    fields = {k: v for k, v in spec.items() if k != "events"}
    return home.add_child(instance=ProgrammePage(**fields))


def _event(programme: ProgrammePage, spec: dict) -> EventPage:
    existing = EventPage.objects.filter(slug=spec["slug"]).first()
    if existing:
        return existing
    fields = {k: v for k, v in spec.items() if k != "ranks"}
    event = programme.add_child(instance=EventPage(**fields))
    event.audience.set(Rank.objects.filter(name__in=spec["ranks"]))
    event.save_revision().publish()
    return event
