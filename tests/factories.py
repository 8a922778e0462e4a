"""factory_boy factories, one per model, grouped by app."""

import datetime as dt

import factory
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from lms.accounts.models import User
from lms.models import HomePage
from workshops.models import EventPage, Organisation, ProgrammePage, Rank

# --- lms ---------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            from lms.services import groups_ensure

            groups = groups_ensure()
            self.groups.add(groups[extracted])


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


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Batch"

    event = factory.LazyFunction(lambda: EventPage.objects.first() or event_page())
    number = factory.Sequence(lambda n: n + 1)
    start_date = factory.LazyAttribute(lambda o: o.event.start_date)
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=3))
    venue = "BPATC, Savar"
    capacity = 25
    status = "open"


class NominationFactory(factory.django.DjangoModelFactory):
    """A nomination written directly (no services): status confirmed unless told."""

    class Meta:
        model = "workshops.Nomination"

    batch = factory.SubFactory(BatchFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = "confirmed"


def dhaka(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Asia/Dhaka"))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Session"

    batch = factory.SubFactory(BatchFactory)
    starts_at = factory.LazyAttribute(lambda o: dhaka(o.batch.start_date, 9, 30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3, minutes=30))
    topic = factory.Sequence(lambda n: f"Topic {n}")
    room = "Room 1"


class TrainerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.TrainerAssignment"

    session = factory.SubFactory(SessionFactory)
    trainer = factory.SubFactory(ParticipantFactory)
    role = "lead"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Attendance"

    session = factory.SubFactory(SessionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = "present"


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
    """A quiz with questions given as `(text, [(choice, correct, feedback), ...])`; a question
    with more than one correct choice is a multiple-choice question."""
    import uuid

    from courses.models import Question, Quiz

    questions = questions or [
        ("Which level is Excellent?", [("100%", True, "Right."), ("90%", False, "Very Good.")]),
        (
            "Which units appear in APAs?",
            [("number", True, ""), ("%", True, ""), ("colour", False, "Not a unit.")],
        ),
    ]
    made = Quiz.objects.create(
        title=title or f"{kind} test",
        kind=kind,
        pass_percent=pass_percent,
        max_attempts=max_attempts,
        shuffle=shuffle,
    )
    for order, (text, choices) in enumerate(questions):
        correct = sum(1 for _c, ok, _f in choices if ok)
        Question.objects.create(
            quiz=made,
            sort_order=order,
            text=text,
            kind="multiple" if correct > 1 else "single",
            choices=[
                {
                    "type": "choice",
                    "id": str(uuid.uuid4()),
                    "value": {"text": c, "correct": ok, "feedback": f},
                }
                for c, ok, f in choices
            ],
        )
    return made


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


def sandbox_batch(*, trainers=(), trainees=(), number: int | None = None):
    """A batch with one session, the given users as its trainers and confirmed trainees.

    Each user gets a Participant (the trainer of a batch is the Participant behind
    `user.participant` with a TrainerAssignment on a session of the batch).
    """
    import datetime as dt

    from django.utils import timezone

    from workshops.models import Batch, Nomination, Session, TrainerAssignment

    event = sandbox_event()
    batch = Batch.objects.create(
        event=event,
        number=number or Batch.objects.filter(event=event).count() + 1,
        start_date=dt.date(2015, 1, 12),
        end_date=dt.date(2015, 1, 19),
        capacity=30,
    )
    starts = timezone.make_aware(dt.datetime(2015, 1, 12, 9, 0))
    session = Session.objects.create(
        batch=batch, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), topic="APA"
    )
    for user in trainers:
        TrainerAssignment.objects.create(session=session, trainer=sandbox_participant(user))
    for user in trainees:
        Nomination.objects.create(
            batch=batch, participant=sandbox_participant(user), status="confirmed"
        )
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


def sandbox_fill_valid(agreement):
    """Write the own part of a FID practice APA so that every check passes."""
    from sandbox_apa.models import Activity, Indicator, StrategicObjective

    agreement.objectives.filter(is_mandatory=False).delete()
    for order, (title, weight, activity_title, indicators) in enumerate(FID_OWN_OBJECTIVES, 1):
        objective = StrategicObjective.objects.create(
            agreement=agreement, order=order, title=title, weight=weight
        )
        activity = Activity.objects.create(objective=objective, order=1, title=activity_title)
        for position, (name, unit, direction, iweight, targets) in enumerate(indicators, 1):
            Indicator.objects.create(
                activity=activity,
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


# --- certificates ------------------------------------------------------------------------


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "certificates.CertificateTemplate"

    name = factory.Sequence(lambda n: f"Template {n}")
    kind = "attendance"
    is_default = True
    language = "en"
    title = "Certificate of Attendance"
    title_bn = "উপস্থিতি সনদ"
    body = (
        "This is to certify that {name}, {designation}, {organisation}, attended "
        "{event} held at {venue} on {dates}."
    )
    body_bn = "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে {name} {dates} তারিখে {event} এ অংশগ্রহণ করেছেন।"


class SignatoryFactory(factory.django.DjangoModelFactory):
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
