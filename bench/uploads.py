"""Benchmark: refusing a zip bomb costs a sliver of reading an honest nomination list.

In one process: the baseline reads a 10,000-row ministry list (bench/import.py's generator)
with pandas+calamine, as the import does; then workshops.importing.participants_check is
given a 3 MB .xlsx that unpacks to 1 GiB (tests/workshops/test_import_limits.zip_bomb) and
must refuse it from the zip directory, before anything is unpacked. Best of five each,
interleaved. The last line is `uploads: <ratio> of a 10,000-row read (goal: <=0.1)`; exits 1
when the refusal costs more (the check would then have moved behind the parser).
Run: .venv/bin/python bench/uploads.py
"""

import importlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

GOAL = 0.1
ROOT = Path(__file__).resolve().parent.parent


def setup_django(directory: str) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = f"{directory}/private-media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    import django

    django.setup()


def best(function, times: int = 5) -> float:
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        import pandas as pd

        from tests.workshops.test_import_limits import zip_bomb
        from workshops.importing import ImportFileError, participants_check

        make_xlsx = importlib.import_module("import").make_xlsx  # bench/import.py's list
        honest = make_xlsx(["Cabinet Division", "Ministry of Land", "Finance Division"])
        bomb = zip_bomb(1)

        def read_honest():
            pd.read_excel(io.BytesIO(honest), engine="calamine", dtype=str, header=None)

        def refuse_bomb():
            try:
                participants_check(data=bomb, filename="nominations.xlsx")
            except ImportFileError:
                return
            raise AssertionError("the zip bomb was not refused")

        base = best(read_honest)
        refusal = best(refuse_bomb)
    ratio = refusal / base
    print(f"bomb: {len(bomb) / 2**20:.1f} MB that unpacks to 1,024 MB")
    size = len(honest) / 2**20
    print(f"baseline (pandas+calamine read of 10,000 rows, {size:.1f} MB): {base:.3f} s")
    print(f"refusal (participants_check, zip directory read): {refusal * 1000:.1f} ms")
    print(f"uploads: {ratio:.4f} of a 10,000-row read (goal: <={GOAL:g})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
