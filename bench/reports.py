"""Benchmark: every registered report against a plain COUNT(*) over 1,000,000 attendance rows.

Generates 100,000 participants, 1,000 batches (10 events x 100), 10 sessions per batch and
1,000,000 attendance rows (COPY on PostgreSQL), then times each report (best of 3) and prints
it next to `SELECT COUNT(*) FROM workshops_attendance` timed in the same run, as a ratio.

Database: DATABASE_URL when set (its data is replaced!), else a temporary PostgreSQL database
`gpms_bench_reports` on 127.0.0.1:5432 (user postgres) created and dropped by this script, else
(PostgreSQL unreachable) a temporary SQLite file.

    .venv/bin/python bench/reports.py [--scale 0.1] [--keep]

Last line: `reports: worst <ratio>x count(*) (goal: <=20x)`; exit 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL = 20.0
BENCH_DB = "gpms_bench_reports"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def choose_database(keep: bool) -> tuple[str, callable]:
    """DATABASE_URL, a fresh PostgreSQL database, or a temporary SQLite file; and a cleanup."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"], lambda: None
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    except Exception as error:  # unreachable server, no rights: fall back to SQLite
        print(f"PostgreSQL unavailable ({error.__class__.__name__}); using SQLite", flush=True)
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        return f"sqlite:///{path}", (lambda: None) if keep else (lambda: path.unlink())

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")

    return f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}", (lambda: None) if keep else drop


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    # Pages are indexed by tasks; run them inline rather than queue them.
    os.environ["DJANGO_TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    import logging

    logging.getLogger("django.tasks").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(label: str):
    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()
            return self

        def __exit__(self, *exc):
            print(f"  {label}: {time.perf_counter() - self.start:.1f} s", flush=True)

    return Timer()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1,000,000 attendance rows")
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    args = parser.parse_args()
    url, cleanup = choose_database(args.keep)
    try:
        setup_django(url)
        with timed("generate"):
            sizes = generate(scale=args.scale)
        print("  " + ", ".join(f"{n:,} {what}" for what, n in sizes.items()), flush=True)
        return measure()
    finally:
        cleanup()


def best_of(func, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def measure() -> int:
    from django.db import connection

    from lms.reports import all_reports

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM workshops_attendance")
            return cursor.fetchone()[0]

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # fresh statistics, as autovacuum would give
    baseline = best_of(count, 5)
    print(
        f"{connection.vendor}: COUNT(*) over {count():,} attendance rows: {baseline * 1000:.1f} ms"
    )
    worst = 0.0
    for report in all_reports():
        rows = len(report.run())
        elapsed = best_of(report.run)
        ratio = elapsed / baseline
        worst = max(worst, ratio)
        print(f"  {report.name:32} {elapsed * 1000:8.1f} ms {ratio:6.1f}x  ({rows:,} rows)")
    print(f"reports: worst {worst:.1f}x count(*) (goal: <={GOAL:g}x)")
    return 0 if worst <= GOAL else 1


# --- data ------------------------------------------------------------------------------------

STATUS_WEIGHTS = {"present": 80, "late": 8, "excused": 4, "absent": 8}
EVENTS = 10
SESSIONS_PER_BATCH = 10


def generate(*, scale: float) -> dict[str, int]:
    """Participants, batches, nominations, sessions, trainers and attendance at `scale`."""
    from workshops.models import Organisation, Participant, Rank

    rng = random.Random(2014)
    n_batches = max(EVENTS, int(1000 * scale))
    per_batch = 100
    events = _pages()
    ranks = list(Rank.objects.values_list("pk", flat=True))
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    genders = ["female", "male", "male", ""]
    _copy(
        Participant,
        [
            "name",
            "name_bn",
            "gender",
            "rank",
            "designation",
            "organisation",
            "email",
            "mobile",
            "employee_id",
            "created_at",
            "updated_at",
        ],
        (
            (
                f"Officer {i}",
                "",
                rng.choice(genders),
                rng.choice(ranks),
                "",
                rng.choice(organisations),
                f"officer{i}@bench.example",
                "",
                "",
                NOW,
                NOW,
            )
            for i in range(n_batches * per_batch)
        ),
    )
    people = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    batches = _batches(events, n_batches)
    sessions = _sessions(batches)
    _nominations(batches, people, per_batch)
    _trainers(sessions, people)
    _attendance(rng, sessions, people, per_batch)
    attempts = _courses(rng, events, people)
    return {
        "participants": len(people),
        "batches": len(batches),
        "sessions": sum(len(s) for s in sessions.values()),
        "attendance rows": len(sessions) * SESSIONS_PER_BATCH * per_batch,
        "quiz attempts": attempts,
    }


def _courses(rng, events, people) -> int:
    """A pre-work course with pre- and post-test per event, a ToT course certifying the 200
    trainers, and a pre-test and one or two post-tests for every participant."""
    import datetime as dt

    from courses.models import CourseIndexPage, CoursePage, Quiz, QuizAttempt, TrainerCertification

    index = (
        events[0]
        .get_parent()
        .get_parent()
        .add_child(instance=CourseIndexPage(title="Bench courses", slug="bench-courses"))
    )
    tests = []
    for event in events:
        pre = Quiz.objects.create(title=f"Pre {event.slug}", kind="pre")
        post = Quiz.objects.create(title=f"Post {event.slug}", kind="post")
        index.add_child(
            instance=CoursePage(
                title=f"Pre-work {event.title}",
                slug=f"pre-work-{event.slug}",
                event=event,
                pre_test=pre,
                post_test=post,
            )
        )
        tests.append((pre.pk, post.pk))
    tot = index.add_child(instance=CoursePage(title="Bench ToT", slug="bench-tot", kind="tot"))
    TrainerCertification.objects.bulk_create(
        TrainerCertification(
            participant_id=pk,
            course=tot,
            valid_from=dt.date(2019, 12, 1),
            valid_until=dt.date(2022, 11, 30),
        )
        for pk in people[:200]
    )
    per_event = len(people) // len(events)

    def rows():
        for index_, person in enumerate(people):
            pre, post = tests[min(index_ // per_event, len(tests) - 1)]
            pre_score = rng.randrange(20, 70)
            yield (pre, person, 1, 1, NOW, NOW, pre_score, pre_score >= 60)
            for number in range(1, rng.choice((2, 2, 3))):
                post_score = min(100, pre_score + rng.randrange(0, 50))
                yield (post, person, number, 1, NOW, NOW, post_score, post_score >= 60)

    before = QuizAttempt.objects.count()
    _copy(
        QuizAttempt,
        [
            "quiz",
            "participant",
            "number",
            "seed",
            "started_at",
            "submitted_at",
            "score_percent",
            "passed",
        ],
        rows(),
    )
    return QuizAttempt.objects.count() - before


def _pages():
    import datetime as dt

    from wagtail.models import Page

    from lms.models import HomePage
    from workshops.models import EventPage, ProgrammePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bench home", slug="bench-home"))
    programme = home.add_child(
        instance=ProgrammePage(
            title="Bench programme", slug="bench", start_date=dt.date(2020, 1, 1)
        )
    )
    return [
        programme.add_child(
            instance=EventPage(
                title=f"Bench event {n}",
                slug=f"bench-event-{n}",
                kind=EventPage.Kind.TRAINING,
                start_date=dt.date(2020, 1 + n, 1),
                end_date=dt.date(2020, 1 + n, 28),
                planned_participants=10_000,
                # One event in ten asks for a passed post-test: its 100 batches take the
                # completion report's one-by-one path and the requirement hook.
                requires_post_test=n == 0,
            )
        )
        for n in range(EVENTS)
    ]


def _batches(events, n_batches: int) -> list:
    import datetime as dt

    from workshops.models import Batch

    per_event = n_batches // len(events)
    Batch.objects.bulk_create(
        Batch(
            event=event,
            number=number + 1,
            capacity=110,
            status=Batch.Status.COMPLETED,
            start_date=event.start_date + dt.timedelta(days=number % 20),
            end_date=event.start_date + dt.timedelta(days=number % 20 + 2),
        )
        for event in events
        for number in range(per_event)
    )
    return list(Batch.objects.order_by("pk"))


def _sessions(batches) -> dict[int, list[int]]:
    import datetime as dt

    from django.utils import timezone

    from workshops.models import Session

    rows = []
    for batch in batches:
        for n in range(SESSIONS_PER_BATCH):
            day = batch.start_date + dt.timedelta(days=n // 4)
            start = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + 2 * (n % 4))))
            rows.append(
                (batch.pk, start, start + dt.timedelta(hours=2), f"Topic {n + 1}", "", NOW, NOW)
            )
    _copy(
        Session,
        ["batch", "starts_at", "ends_at", "topic", "room", "created_at", "updated_at"],
        rows,
    )
    sessions: dict[int, list[int]] = {}
    for pk, batch in Session.objects.order_by("pk").values_list("pk", "batch"):
        sessions.setdefault(batch, []).append(pk)
    return sessions


def _nominations(batches, people, per_batch: int) -> None:
    """95 confirmed and 5 wait-listed per batch; two of the confirmed joined late, after the
    first session (only later sessions count for them)."""
    import datetime as dt

    from django.utils import timezone

    from workshops.models import Nomination

    rows = []
    for index, batch in enumerate(batches):
        late = timezone.make_aware(dt.datetime.combine(batch.start_date, dt.time(10)))
        for seat, person in enumerate(people[index * per_batch : (index + 1) * per_batch]):
            waiting = seat >= per_batch - 5
            rows.append(
                (
                    batch.pk,
                    person,
                    "waitlisted" if waiting else "confirmed",
                    seat - per_batch + 6 if waiting else None,
                    late if seat in (7, 42) else None,
                    NOW,
                    NOW,
                )
            )
    _copy(
        Nomination,
        [
            "batch",
            "participant",
            "status",
            "waitlist_position",
            "joined_at",
            "created_at",
            "updated_at",
        ],
        rows,
    )


def _trainers(sessions, people) -> None:
    from workshops.models import TrainerAssignment

    trainers = people[:200]
    _copy(
        TrainerAssignment,
        ["session", "trainer", "role", "is_external"],
        (
            (session, trainers[index % len(trainers)], "lead", False)
            for index, batch in enumerate(sessions)
            for session in sessions[batch]
        ),
    )


def _attendance(rng, sessions, people, per_batch: int) -> None:
    from workshops.models import Attendance

    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())

    def rows():
        for index, batch in enumerate(sorted(sessions)):
            members = people[index * per_batch : (index + 1) * per_batch]
            for session in sessions[batch]:
                marks = rng.choices(statuses, weights, k=len(members))
                for person, status in zip(members, marks, strict=True):
                    yield (session, batch, person, status, NOW)

    _copy(Attendance, ["session", "batch", "participant", "status", "marked_at"], rows())


def _copy(model, fields: list[str], rows) -> None:
    """COPY on PostgreSQL (other columns get the model's defaults); bulk_create elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            (
                model(**{_attname(model, f): v for f, v in zip(fields, row, strict=True)})
                for row in rows
            ),
            batch_size=2000,
        )
        return
    extra = _defaults(model, fields)
    columns = [model._meta.get_field(f).column for f in fields] + [c for c, _ in extra]
    values = tuple(v for _, v in extra)
    with connection.cursor() as cursor:
        sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row((*row, *values))


def _defaults(model, fields: list[str]) -> list[tuple[str, object]]:
    """(column, value) for the concrete fields not given: their Python default."""
    from psycopg.types.json import Jsonb

    given = {model._meta.get_field(f).column for f in fields}
    extra = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in given or field.null:
            continue
        value = (
            NOW
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            else field.get_default()
        )
        extra.append((field.column, Jsonb(value) if isinstance(value, dict | list) else value))
    return extra


def _attname(model, name: str) -> str:
    return model._meta.get_field(name).attname


if __name__ == "__main__":
    import datetime as _dt

    NOW = _dt.datetime.now(_dt.UTC)
    sys.exit(main())
