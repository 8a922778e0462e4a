"""On the demo data, the participation report shows what CoP Phase I achieved."""

import datetime as dt
import io

import pytest

from lms import demo as lms_demo
from lms.reports import get_report
from workshops import demo as workshops_demo

pytestmark = pytest.mark.django_db


def test_participation_report_shows_the_cop_figures():
    lms_demo.load(stdout=io.StringIO())
    workshops_demo.load(stdout=io.StringIO())
    frame = get_report("participation").run(programme="cop-phase-1")
    rows = {row["start_date"]: row for row in frame.to_dict("records")}
    senior = rows[dt.date(2014, 11, 12)]
    assert senior["end_date"] == dt.date(2014, 11, 13)
    assert 140 <= senior["actual"] <= 160  # about 150 Joint and Additional Secretaries
    secretaries = rows[dt.date(2014, 11, 15)]
    assert 55 <= secretaries["actual"] <= 65  # about 60 Secretaries
    tot = rows[dt.date(2015, 1, 10)]
    assert (tot["end_date"], tot["actual"]) == (dt.date(2015, 1, 11), 20)
    officers = rows[dt.date(2015, 1, 12)]
    assert (officers["end_date"], officers["actual"], officers["batches"]) == (
        dt.date(2015, 1, 19),
        179,
        8,
    )
    # The eight batches hold the 179 officers between them.
    batches = get_report("participation-by-batch").run(event="apa-officers-training-2015")
    assert len(batches) == 8 and batches.confirmed.sum() == 179
