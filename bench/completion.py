"""Benchmark: the completion rule over a large roster, against reading the marks.

Builds 2,000 participants x 16 sessions of marks (as the selector receives them from one
query: (participant, session, status) rows), then times, in the same process, the baseline
of reading those marks (one SELECT from an in-memory SQLite table, grouped per participant,
as batch_completion does) and the rule itself (completion_evaluate for every participant:
sessions before joining left out, excused counted, translated reasons for those who miss).
The rule should cost no more than twice reading its data. Prints
``completion: <ratio>x reading the marks (goal: <=2.0x)`` last; exits 1 when missed.

    .venv/bin/python bench/completion.py [PARTICIPANTS]
"""

import datetime as dt
import os
import random
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

import django  # noqa: E402

django.setup()

from workshops.completion import SessionFact, completion_evaluate  # noqa: E402

GOAL = 2.0
SESSIONS = 16
STATUSES = ["present"] * 14 + ["late", "excused", "absent", "absent"]


def data(participants: int):
    start = dt.datetime(2015, 1, 12, 9, 30, tzinfo=ZoneInfo("Asia/Dhaka"))
    sessions = [
        SessionFact(id=i, starts_at=start + dt.timedelta(hours=5 * i)) for i in range(SESSIONS)
    ]
    rng = random.Random(1)
    rows = [
        (p, s.id, rng.choice(STATUSES))
        for p in range(participants)
        for s in sessions
        if rng.random() < 0.97
    ]
    joined = {p: sessions[2].starts_at for p in range(0, participants, 10)}
    return sessions, rows, joined


def group(rows):
    marks = defaultdict(dict)
    for pid, sid, status in rows:
        marks[pid][sid] = status
    return marks


def best_of(func, repeat=5) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> int:
    participants = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    sessions, rows, joined = data(participants)
    marks = group(rows)

    def evaluate():
        for pid in range(participants):
            completion_evaluate(
                sessions=sessions,
                attendance=marks[pid],
                joined_at=joined.get(pid),
                min_percent=80,
                requirement_results=[],
            )

    db = sqlite3.connect(":memory:")
    db.execute("create table marks (participant int, session int, status text)")
    db.executemany("insert into marks values (?, ?, ?)", rows)

    def read_marks():
        group(db.execute("select participant, session, status from marks").fetchall())

    baseline = best_of(read_marks)
    rule = best_of(evaluate)
    print(f"reading {len(rows)} marks: {baseline * 1000:.1f} ms")
    print(f"rule for {participants} participants: {rule * 1000:.1f} ms")
    ratio = rule / baseline
    print(f"completion: {ratio:.2f}x reading the marks (goal: <={GOAL}x)")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
