"""Demo data of workshops: the CoP programme, its two phases and every event they ran.

Numbers and dates are those of ../shared/docs/product.md. Later steps add batches,
participants and attendance.
"""

import datetime as dt

from wagtail.models import Locale

from lms.models import HomePage
from workshops import demo_calls, demo_people, demo_sessions
from workshops.models import EventPage, Organisation, ProgrammePage, Rank

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
            },
            {
                "slug": "gpms-baseline-study",
                "title": "Baseline study on GPMS",
                "kind": EventPage.Kind.STUDY,
                "start_date": D(2016, 1, 1),
                "end_date": D(2016, 12, 31),
                "ranks": [],
                "summary": "Ongoing.",
            },
        ],
    },
]


def load(*, stdout) -> None:
    stdout.write(f"  Organisations: {Organisation.objects.count()}, ranks: {Rank.objects.count()}")
    home = HomePage.objects.get(locale=Locale.get_default())
    for spec in PROGRAMMES:
        programme = _programme(home, spec)
        for event_spec in spec["events"]:
            _event(programme, event_spec)
    stdout.write(
        f"  Programmes: {ProgrammePage.objects.count()}, events: {EventPage.objects.count()}"
    )
    demo_people.load(stdout=stdout)
    demo_sessions.load(stdout=stdout)
    demo_calls.load(stdout=stdout)


def _programme(home: HomePage, spec: dict) -> ProgrammePage:
    existing = ProgrammePage.objects.filter(slug=spec["slug"]).first()
    if existing:
        return existing
    fields = {k: v for k, v in spec.items() if k != "events"}
    return home.add_child(instance=ProgrammePage(**fields))


# The public description of the events people take part in (the event page's body).
DESCRIPTIONS = {
    "apa-officers-training-2015": (
        "Five days on the Annual Performance Agreement for the officers who draft it in "
        "their ministries and divisions: the GPMS cycle, strategic objectives and their "
        "weights, indicators and targets, the APA software, and a practice APA written and "
        "scored in groups. Participants are nominated by their ministries; a certificate of "
        "completion goes to those who attend every session."
    ),
    "training-of-trainers-2015": (
        "Two days that prepare the trainers of the APA officers' batches: the basics of APA "
        "and GPMS, running the APA software, and how to lead the practice sessions."
    ),
    "gpms-apa-workshop-senior-officers": (
        "Two days for Joint and Additional Secretaries on the Government Performance "
        "Management System and on reviewing the Annual Performance Agreements of their "
        "ministries."
    ),
    "workshop-for-secretaries": (
        "A one-day workshop for Secretaries on the Government Performance Management System "
        "and their part in signing and reviewing Annual Performance Agreements."
    ),
}


def _event(programme: ProgrammePage, spec: dict) -> EventPage:
    existing = EventPage.objects.filter(slug=spec["slug"]).first()
    if existing:
        return existing
    fields = {k: v for k, v in spec.items() if k != "ranks"}
    if spec["slug"] in DESCRIPTIONS:
        fields["body"] = [("paragraph", f"<p>{DESCRIPTIONS[spec['slug']]}</p>")]
    event = programme.add_child(instance=EventPage(**fields))
    event.audience.set(Rank.objects.filter(name__in=spec["ranks"]))
    event.save_revision().publish()
    return event


DESCRIPTIONS_BN = {
    "apa-officers-training-2015": (
        "যে কর্মকর্তারা নিজ নিজ মন্ত্রণালয় ও বিভাগে বার্ষিক কর্মসম্পাদন চুক্তি প্রণয়ন করেন, "
        "তাঁদের জন্য পাঁচ দিনের প্রশিক্ষণ: জিপিএমএস চক্র, কৌশলগত উদ্দেশ্য ও তার মান, সূচক ও "
        "লক্ষ্যমাত্রা, এপিএ সফটওয়্যার, এবং দলগতভাবে একটি অনুশীলনী এপিএ প্রণয়ন ও মূল্যায়ন। "
        "অংশগ্রহণকারীরা নিজ মন্ত্রণালয় কর্তৃক মনোনীত হন; সব সেশনে উপস্থিত অংশগ্রহণকারীরা "
        "সমাপনী সনদপত্র পান।"
    ),
    "training-of-trainers-2015": (
        "এপিএ কর্মকর্তাদের ব্যাচগুলোর প্রশিক্ষকদের প্রস্তুত করতে দুই দিনের প্রশিক্ষণ: এপিএ ও "
        "জিপিএমএস-এর মৌলিক বিষয়, এপিএ সফটওয়্যার পরিচালনা, এবং অনুশীলনী সেশন পরিচালনার পদ্ধতি।"
    ),
    "gpms-apa-workshop-senior-officers": (
        "যুগ্মসচিব ও অতিরিক্ত সচিবদের জন্য সরকারি কর্মসম্পাদন ব্যবস্থাপনা পদ্ধতি এবং নিজ "
        "মন্ত্রণালয়ের বার্ষিক কর্মসম্পাদন চুক্তি পর্যালোচনা বিষয়ে দুই দিনের কর্মশালা।"
    ),
    "workshop-for-secretaries": (
        "সরকারি কর্মসম্পাদন ব্যবস্থাপনা পদ্ধতি এবং বার্ষিক কর্মসম্পাদন চুক্তি স্বাক্ষর ও "
        "পর্যালোচনায় সচিবদের ভূমিকা বিষয়ে সচিবদের জন্য এক দিনের কর্মশালা।"
    ),
}

BANGLA = {
    "cop-phase-1": {
        "title": "কমিউনিটি অব প্র্যাকটিস (সিওপি) প্রথম পর্যায়",
        "summary": (
            "সচিব এবং যুগ্মসচিব ও অতিরিক্ত সচিবদের জন্য সরকারি কর্মসম্পাদন ব্যবস্থাপনা পদ্ধতি "
            "বিষয়ক কর্মশালা, প্রশিক্ষক প্রশিক্ষণ এবং আটটি ব্যাচে ১৭৯ জন মধ্যম পর্যায়ের এপিএ "
            "কর্মকর্তার প্রশিক্ষণ।"
        ),
        "funder": "বিআইজিডি, বিশ্বব্যাংক ও মন্ত্রিপরিষদ বিভাগ",
    },
    "cop-phase-2": {
        "title": "কমিউনিটি অব প্র্যাকটিস (সিওপি) দ্বিতীয় পর্যায়",
        "summary": (
            "সাংবিধানিক কমিশনসমূহের সঙ্গে সেমিনার, অডিট আপত্তি বিষয়ক সেমিনার, জিপিএমএস "
            "বিষয়ক প্রশিক্ষণ এবং সরকারের কর্মসম্পাদন ব্যবস্থাপনা বিষয়ক বেসলাইন সমীক্ষা।"
        ),
        "funder": "বিআইজিডি, বিশ্বব্যাংক ও মন্ত্রিপরিষদ বিভাগ",
    },
    "gpms-apa-workshop-senior-officers": {
        "title": "যুগ্মসচিব ও অতিরিক্ত সচিবদের জন্য জিপিএমএস ও এপিএ বিষয়ক কর্মশালা",
        "audience_description": "যুগ্মসচিব ও অতিরিক্ত সচিব",
        "venue": "ঢাকা",
    },
    "workshop-for-secretaries": {
        "title": "সচিবদের জন্য কর্মশালা",
        "audience_description": "সচিব",
        "venue": "ঢাকা",
    },
    "training-of-trainers-2015": {
        "title": "প্রশিক্ষক প্রশিক্ষণ: এপিএ ও জিপিএমএস-এর মৌলিক বিষয় এবং এপিএ সফটওয়্যার পরিচালনা",
        "audience_description": "কর্মকর্তাবৃন্দ, প্রধানত মন্ত্রিপরিষদ বিভাগের",
        "venue": "ঢাকা",
    },
    "apa-officers-training-2015": {
        "title": "মধ্যম পর্যায়ের এপিএ কর্মকর্তাদের প্রশিক্ষণ",
        "audience_description": "এপিএ প্রণয়নের দায়িত্বপ্রাপ্ত কর্মকর্তা, ৮টি ব্যাচে",
        "venue": "ঢাকা",
    },
    "seminar-psc-information-commission": {
        "title": "সরকারি কর্ম কমিশন ও তথ্য কমিশনের কর্মসম্পাদন ব্যবস্থাপনা বিষয়ক সেমিনার",
        "venue": "ঢাকা",
    },
    "seminar-audit-objections": {
        "title": "অডিট আপত্তি নিষ্পত্তি ত্বরান্বিতকরণ বিষয়ক সেমিনার",
        "venue": "ঢাকা",
    },
    "training-on-gpms-2016": {
        "title": "সরকারি কর্মসম্পাদন ব্যবস্থাপনা পদ্ধতি বিষয়ক প্রশিক্ষণ",
        "venue": "ঢাকা",
    },
    "gpms-baseline-study": {
        "title": "জিপিএমএস বিষয়ক বেসলাইন সমীক্ষা",
        "summary": "চলমান।",
    },
}


def translate(*, stdout) -> None:
    """Bangla versions of the CoP programme and event pages."""
    from lms.translation import pages_translate

    default = Locale.get_default()
    pages = [
        *ProgrammePage.objects.filter(locale=default, slug__in=BANGLA),
        *EventPage.objects.filter(locale=default, slug__in=BANGLA),
    ]
    created = pages_translate([(page, _bangla_fields(page.slug)) for page in pages], language="bn")
    stdout.write(f"  {created} programme and event pages translated into Bangla")


#: The event whose batches get their office orders in the demo, and how many days before a
#: batch begins its order is dated (the day of the ministries' nomination letters).
OFFICE_ORDER_EVENT = "apa-officers-training-2015"
OFFICE_ORDER_DAYS_BEFORE = 7


def finish(*, stdout) -> None:
    """The office order of each January 2015 batch of mid-level officers, dated a week before
    the batch (once the event has its Bangla page, which the Bangla order prints). Batches
    that have one already are left alone."""
    from workshops.services import office_order_issue

    event = EventPage.objects.filter(slug=OFFICE_ORDER_EVENT, locale=Locale.get_default()).first()
    if event is None:
        return
    issued = 0
    for batch in event.batches.order_by("number"):
        if batch.office_orders.exists() or not batch.nominations.filter(status="confirmed"):
            continue
        office_order_issue(
            batch=batch,
            date=batch.start_date - dt.timedelta(days=OFFICE_ORDER_DAYS_BEFORE),
            reason="Demo data",
        )
        issued += 1
    stdout.write(f"  {issued} office orders issued for {event.title}")


def _bangla_fields(slug: str) -> dict:
    fields = dict(BANGLA[slug])
    if slug in DESCRIPTIONS_BN:
        fields["body"] = [("paragraph", f"<p>{DESCRIPTIONS_BN[slug]}</p>")]
    return fields
