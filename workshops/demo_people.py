"""Demo participants, batches and confirmed nominations of CoP Phase I (synthetic people).

The 8 batches of 12-19 January 2015 with 179 officers (split by the batch planner), the
training of trainers (10-11 January 2015) with 20, the workshop of 12-13 November 2014 with
150 Joint and Additional Secretaries and that of 15 November 2014 with 60 Secretaries.
Names are made deterministically from common Bangladeshi given and family names with their
Bangla spellings; organisations are the real ones. Idempotent: only what is missing is added.
"""

import datetime as dt
import random
import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from workshops.models import (
    Batch,
    EventPage,
    Nomination,
    Organisation,
    Participant,
    Rank,
)
from workshops.planning import Nominee, plan_batches
from workshops.services import batch_create, batch_update, nominations_add, participants_upsert

MALE = [
    ("Md. Rafiqul", "মোঃ রফিকুল"),
    ("Md. Kamal", "মোঃ কামাল"),
    ("Md. Shahidul", "মোঃ শহিদুল"),
    ("Mahbubur", "মাহবুবুর"),
    ("Anisur", "আনিসুর"),
    ("Mizanur", "মিজানুর"),
    ("Habibur", "হাবিবুর"),
    ("Nurul", "নুরুল"),
    ("Aminul", "আমিনুল"),
    ("Saiful", "সাইফুল"),
    ("Farhad", "ফরহাদ"),
    ("Zahid", "জাহিদ"),
    ("Monirul", "মনিরুল"),
    ("Golam Mostafa", "গোলাম মোস্তফা"),
    ("Rezaul", "রেজাউল"),
    ("Abu Sayeed", "আবু সাঈদ"),
    ("Jahangir", "জাহাঙ্গীর"),
    ("Mosharraf", "মোশাররফ"),
]
FEMALE = [
    ("Fatema", "ফাতেমা"),
    ("Nasrin", "নাসরিন"),
    ("Rokeya", "রোকেয়া"),
    ("Shirin", "শিরিন"),
    ("Salma", "সালমা"),
    ("Taslima", "তাসলিমা"),
    ("Rehana", "রেহানা"),
    ("Farzana", "ফারজানা"),
    ("Nazma", "নাজমা"),
    ("Ayesha", "আয়েশা"),
    ("Sharmin", "শারমিন"),
    ("Dilruba", "দিলরুবা"),
]
FAMILY = [
    ("Islam", "ইসলাম"),
    ("Hossain", "হোসেন"),
    ("Rahman", "রহমান"),
    ("Ahmed", "আহমেদ"),
    ("Khan", "খান"),
    ("Chowdhury", "চৌধুরী"),
    ("Uddin", "উদ্দিন"),
    ("Alam", "আলম"),
    ("Haque", "হক"),
    ("Sarkar", "সরকার"),
    ("Talukder", "তালুকদার"),
    ("Bhuiyan", "ভূঁইয়া"),
    ("Karim", "করিম"),
    ("Siddique", "সিদ্দিকী"),
    ("Mollah", "মোল্লা"),
]
FEMALE_FAMILY = [("Akter", "আক্তার"), ("Begum", "বেগম"), ("Sultana", "সুলতানা"), ("Khatun", "খাতুন")]
HINDU_GIVEN = [("Tapan Kumar", "তপন কুমার"), ("Sujit", "সুজিত"), ("Ratna", "রত্না")]
HINDU_FAMILY = [("Das", "দাস"), ("Saha", "সাহা"), ("Roy", "রায়"), ("Biswas", "বিশ্বাস")]

# (event slug, how many, ranks with weights, batches, capacity, share of Cabinet Division
#  (-1: one per organisation), mobile block, linked demo account)
COHORTS = [
    ("apa-officers-training-2015", 179,
     {"Deputy Secretary": 3, "Senior Assistant Secretary": 4, "Assistant Secretary": 2},
     8, 25, 0.0, 1000, ("trainee@example.org", "Md. Rafiqul", "Islam")),
    ("training-of-trainers-2015", 20,
     {"Deputy Secretary": 2, "Senior Assistant Secretary": 2, "Assistant Secretary": 1},
     1, 20, 0.6, 3000, ("trainer@example.org", "Md. Kamal", "Hossain")),
    ("gpms-apa-workshop-senior-officers", 150,
     {"Joint Secretary": 3, "Additional Secretary": 2}, 1, 150, 0.0, 4000, None),
    ("workshop-for-secretaries", 60, {"Secretary": 5, "Senior Secretary": 1},
     1, 60, -1, 6000, None),
]  # fmt: skip

DESIGNATIONS = {
    "Senior Secretary": "Senior Secretary",
    "Secretary": "Secretary",
    "Additional Secretary": "Additional Secretary",
    "Joint Secretary": "Joint Secretary",
    "Deputy Secretary": "Deputy Secretary (APA focal point)",
    "Senior Assistant Secretary": "Senior Assistant Secretary",
    "Assistant Secretary": "Assistant Secretary",
}


def load(*, stdout) -> None:
    ranks = {r.name: r for r in Rank.objects.all()}
    organisations = list(Organisation.objects.filter(country="Bangladesh").order_by("name"))
    cabinet = Organisation.objects.get(name="Cabinet Division")
    for slug, count, weights, batches, capacity, cabinet_share, block, account in COHORTS:
        event = EventPage.objects.filter(slug=slug).first()
        if event is None:
            continue
        rng = random.Random(slug)
        people = [
            _person(rng, i, block, ranks, weights, organisations, cabinet, cabinet_share)
            for i in range(count)
        ]
        if account:
            _link_account(people[0], *account)
        with transaction.atomic():
            participants = _participants(people)
            _batches_and_nominations(event, participants, batches, capacity)
        batches_made = Batch.objects.filter(event=event).count()
        stdout.write(f"  {event.title}: participants: {count}, batches: {batches_made}")

    stdout.write(
        f"  Participants: {Participant.objects.count()}, batches: {Batch.objects.count()}, "
        f"nominations: {Nomination.objects.count()}"
    )


def _person(rng, index, block, ranks, weights, organisations, cabinet, cabinet_share) -> dict:
    gender = "female" if rng.random() < 0.22 else "male"
    if rng.random() < 0.08:
        given, family = rng.choice(HINDU_GIVEN), rng.choice(HINDU_FAMILY)
        gender = "female" if given[0] == "Ratna" else "male"
    elif gender == "female":
        given, family = rng.choice(FEMALE), rng.choice(FAMILY + FEMALE_FAMILY)
    else:
        given, family = rng.choice(MALE), rng.choice(FAMILY)
    rank = rng.choices(list(weights), weights=list(weights.values()))[0]
    if cabinet_share < 0:  # one Secretary per ministry or division
        organisation = organisations[index % len(organisations)]
    elif rng.random() < cabinet_share:
        organisation = cabinet
    else:
        organisation = rng.choice(organisations)
    slug = re.sub(r"[^a-z]", "", given[0].split()[-1].lower())
    return {
        "name": f"{given[0]} {family[0]}",
        "name_bn": f"{given[1]} {family[1]}",
        "gender": gender,
        "rank": ranks.get(rank),
        "designation": DESIGNATIONS[rank],
        "organisation": organisation,
        "email": f"{slug}.{family[0].lower()}.{block + index}@{_domain(organisation)}",
        "mobile": f"+8801{'7849356'[index % 7]}{block + index:08d}",
    }


def _domain(organisation: Organisation) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", organisation.name) if w[0].isupper()]
    return "".join(w[0] for w in words).lower() + ".gov.bd"


def _link_account(person: dict, email: str, given: str, family: str) -> None:
    """The demo trainee/trainer account is this person (same name, the account's e-mail)."""
    person.update(name=f"{given} {family}", email=email, gender="male")
    given_bn = dict(MALE)[given]
    family_bn = dict(FAMILY)[family]
    person["name_bn"] = f"{given_bn} {family_bn}"
    person["user"] = get_user_model().objects.filter(email=email).first()


def _participants(people: list[dict]) -> list[Participant]:
    """Create the missing people; one already known (by identity) is brought up to date."""
    return participants_upsert(people=people)


def _batches_and_nominations(event, participants, batches: int, capacity: int) -> None:
    by_id = {p.pk: p for p in participants}
    plan = plan_batches(
        nominees=[
            Nominee(
                id=p.pk,
                organisation=p.organisation.name,
                rank=p.rank.name if p.rank else "",
                name=p.name,
            )
            for p in participants
        ],
        batches=batches,
        capacity=capacity,
        start_date=event.start_date,
        end_date=event.end_date,
    )
    for planned in plan:
        batch = Batch.objects.filter(event=event, number=planned.number).first()
        if batch is None:
            batch = batch_create(
                event=event,
                number=planned.number,
                start_date=planned.start_date,
                end_date=planned.end_date,
                capacity=capacity,
                venue=event.venue,
            )
        _confirm(batch, [by_id[n.id] for n in planned.nominees])
        if batch.status != Batch.Status.COMPLETED:
            batch_update(batch=batch, status=Batch.Status.COMPLETED)


def _confirm(batch: Batch, participants: list[Participant]) -> None:
    """Confirm the people not nominated anywhere yet, as the ministry's letter did a week
    before the batch began (so they count as there from the start); nobody is e-mailed."""
    known = set(
        Nomination.objects.filter(participant__in=participants).values_list(
            "participant_id", flat=True
        )
    )
    new = [p for p in participants if p.pk not in known]
    if not new:
        return
    letter = dt.datetime.combine(
        batch.start_date - dt.timedelta(days=7), dt.time(10), timezone.get_current_timezone()
    )
    nominations_add(
        batch=batch,
        participants=new,
        confirm=True,
        at=letter,
        notify=False,
        reason="Confirmed from the ministry's nomination letter.",
    )
