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
