"""Benchmark: import a 10,000-row nomination list next to the bare read-and-insert baseline.

Generates a ministry-style .xlsx (title line, serial numbers, mixed mobile forms, upper-case
e-mails), then in one empty temporary SQLite database and in the same process times
  baseline: pandas+calamine read of the file and an unvalidated bulk_create of its rows;
  import:   the real service, workshops.importing.participants_import (header detection,
            normalisation, identity matching, organisation lookup, one transaction).
Prints both and the ratio; the last line is `import: <ratio>x baseline (goal: <=2x)` and the
script exits 1 when the goal is missed. Run: .venv/bin/python bench/import.py
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROWS = 10_000
GOAL = 2.0
ROOT = Path(__file__).resolve().parent.parent


def setup_django(directory: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_xlsx(organisations: list[str]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Nominations")
    sheet.append(["List of officers nominated for the APA training"])
    sheet.append([])
    sheet.append(["Sl. No.", "Name of Officer", "Designation", "Ministry/Division", "E-mail",
                  "Mobile No.", "Sex"])  # fmt: skip
    forms = ["0171{:07d}", "171{:07d}", "+88 0181-{:07d}", "88019{:08d}"]
    for i in range(ROWS):
        mobile = forms[i % 4].format(i)
        sheet.append([
            i + 1, f"Officer Number {i}", "Senior Assistant Secretary",
            organisations[i % len(organisations)], f"Officer.{i}@EXAMPLE.GOV.BD", mobile,
            "Female" if i % 5 == 0 else "Male",
        ])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def baseline(data: bytes) -> float:
    import pandas as pd

    from workshops.models import Participant

    started = time.perf_counter()
    frame = pd.read_excel(io.BytesIO(data), engine="calamine", dtype=str, header=2)
    Participant.objects.bulk_create(
        [
            Participant(name=row[1], designation=row[2], email=row[4], mobile=row[5])
            for row in frame.itertuples(index=False, name=None)
        ],
        batch_size=1000,
    )
    elapsed = time.perf_counter() - started
    assert Participant.objects.count() == ROWS
    Participant.objects.all().delete()
    return elapsed


def real_import(data: bytes) -> float:
    from workshops.importing import participants_import
    from workshops.models import Participant

    started = time.perf_counter()
    result = participants_import(data=data, filename="nominations.xlsx")
    elapsed = time.perf_counter() - started
    assert result.ok and result.written, result.errors[:3]
    assert Participant.objects.count() == ROWS
    Participant.objects.all().delete()
    return elapsed


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        from workshops.models import Organisation

        data = make_xlsx(list(Organisation.objects.values_list("name", flat=True)))
        # Best of three each, interleaved, so a busy machine affects both alike.
        base, ours = [], []
        for _ in range(3):
            base.append(baseline(data))
            ours.append(real_import(data))
        base_time, import_time = min(base), min(ours)
    ratio = import_time / base_time
    print(f"rows: {ROWS}")
    print(f"baseline (pandas+calamine read, unvalidated bulk_create): {base_time:.3f} s")
    print(f"import (participants_import, validated, one transaction):  {import_time:.3f} s")
    print(f"import: {ratio:.2f}x baseline (goal: <={GOAL:g}x)")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
