"""The report registry, the `report` command and the admin report pages."""

import csv
import datetime as dt
import io

import factory
import openpyxl
import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.reports import ReportError, all_reports, get_report, parse_filters, register
from tests import factories, outside
from tests.workshops import report_data

pytestmark = pytest.mark.django_db

BRIEF_NAMES = {
    "participation",
    "attendance",
    "completion",
    "certificates",
    "learning-gain",
    "cascade",
    "apa-scores",
}


@pytest.fixture
def world(home):
    return report_data.build()


# --- registry ---------------------------------------------------------------------------------


def test_apps_register_their_reports():
    names = {report.name for report in all_reports()}
    assert BRIEF_NAMES <= names
    assert {"participation-by-rank", "participation-by-organisation"} <= names


def test_unknown_report_lists_the_known_names():
    with pytest.raises(ReportError) as error:
        get_report("particpation")
    assert "no report “particpation”" in str(error.value)
    assert "participation, participation-by-batch" in str(error.value)


def test_register_refuses_unknown_filters():
    with pytest.raises(ValueError, match="Unknown report filter"):
        register("x", title="X", func=pd.DataFrame, filters=["colour"])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"date_from": "12/11/2014"}, "From: “12/11/2014” is not a date"),
        ({"organisation": "Cabinet"}, "“Cabinet” is not an organisation id"),
        ({"date_from": "2015-02-01", "date_to": "2015-01-01"}, "start of the date range"),
    ],
)
def test_bad_filters_are_explained(raw, message):
    with pytest.raises(ReportError, match=message):
        parse_filters(get_report("participation"), raw)


def test_filters_are_parsed():
    parsed = parse_filters(
        get_report("participation"),
        {
            "programme": " cop-phase-1 ",
            "date_from": "2015-01-01",
            "organisation": "7",
            "event": "",
            "date_to": None,
        },
    )
    assert parsed == {
        "programme": "cop-phase-1",
        "date_from": dt.date(2015, 1, 1),
        "organisation": 7,
    }


# --- the command ------------------------------------------------------------------------------


def test_command_writes_the_participation_report_as_xlsx(world, tmp_path):
    out = tmp_path / "participation.xlsx"
    call_command(
        "report",
        "participation",
        "--programme",
        "cop-phase-1",
        "--out",
        str(out),
        stderr=io.StringIO(),
    )
    frame = pd.read_excel(out)
    assert list(frame.columns[:6]) == [
        "Programme",
        "Event",
        "Start date",
        "End date",
        "Planned participants",
        "Actual participants",
    ]
    assert frame[["Event", "Planned participants", "Actual participants", "Batches"]].to_dict(
        "records"
    ) == [
        {
            "Event": "Secretaries' workshop",
            "Planned participants": 5,
            "Actual participants": 2,
            "Batches": 1,
        },
        {
            "Event": "APA training",
            "Planned participants": 10,
            "Actual participants": 4,
            "Batches": 2,
        },
    ]
    sheet = openpyxl.load_workbook(out).active
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["A1"].font.bold


def test_report_spreadsheets_show_whole_people_and_real_percentages(world, tmp_path):
    """Planned participants are whole numbers and shares are percentages, in openpyxl's
    reading and as LibreOffice Calc shows them (its CSV keeps the cells as displayed)."""
    out = tmp_path / "participation.xlsx"
    call_command("report", "participation", "--out", str(out), stderr=io.StringIO())
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    planned = sheet.cell(2, header.index("Planned participants") + 1)
    share = sheet.cell(2, header.index("Actual of planned (%)") + 1)
    assert planned.value == 5 and isinstance(planned.value, int)
    assert planned.number_format == "#,##0"
    assert share.value == pytest.approx(0.4) and share.number_format == "0.0%"

    shown = list(csv.DictReader(io.StringIO(outside.libreoffice_csv(out))))
    assert [(row["Planned participants"], row["Actual of planned (%)"]) for row in shown] == [
        ("5", "40.0%"),
        ("10", "40.0%"),
        ("", ""),  # an event that planned no number: no share either
    ]


def test_command_writes_csv_with_neutralised_cells(world, tmp_path):
    out = tmp_path / "by-org.csv"
    call_command(
        "report",
        "participation-by-organisation",
        "--format",
        "csv",
        "--out",
        str(out),
        stderr=io.StringIO(),
    )
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert "'=Other Office" in frame.Organisation.tolist()


def test_command_lists_reports_without_a_name():
    stdout = io.StringIO()
    call_command("report", stdout=stdout)
    assert "participation" in stdout.getvalue() and "attendance-by-session" in stdout.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nonsense", "--out", "x.csv"], "no report “nonsense”. Reports: apa-scores, attendance"),
        (["participation", "--from", "yesterday", "--out", "x.csv"], "is not a date"),
        (["participation", "--programme", "phase-9", "--out", "x.csv"], "no programme “phase-9”"),
        (["participation", "--organisation", "x", "--out", "x.csv"], "not an organisation id"),
        (["participation"], "--out FILE"),
    ],
)
def test_command_explains_what_is_wrong(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args)


# --- admin pages ------------------------------------------------------------------------------


def url(name="participation", **query):
    base = reverse("lms_reports:report", args=[name])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_organisers_see_the_report_with_table_chart_and_exports(client, organiser, world):
    client.force_login(organiser)
    response = client.get(url("participation-by-rank"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Participation by rank" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img"' in html
    assert "Deputy Secretary" in html
    assert "format=xlsx" in html and "format=csv" in html


def test_index_lists_reports_and_menu_shows_them(client, organiser):
    client.force_login(organiser)
    response = client.get(reverse("lms_reports:index"))
    assert response.status_code == 200
    assert reverse("lms_reports:report", args=["attendance"]) in response.content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Training reports" in home


@pytest.mark.parametrize("who", ["trainer", "trainee"])
def test_others_never_see_reports(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for target in [reverse("lms_reports:index"), url(), url(format="xlsx")]:
        response = client.get(target)
        # Trainers reach the admin and get 403; trainees are turned away by the admin itself.
        assert response.status_code == (403 if who == "trainer" else 302)
        assert b"Planned participants" not in response.content
    if who == "trainer":
        assert "Training reports" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_filters_apply_on_the_page(client, organiser, world):
    client.force_login(organiser)
    html = client.get(url(programme="cop-phase-2")).content.decode()
    assert "<td>GPMS training</td>" in html and "<td>APA training</td>" not in html
    bad = client.get(url(date_from="2016-01-01", date_to="2015-01-01"))
    assert bad.status_code == 200
    assert "start of the date range is after its end" in bad.content.decode()


def test_page_exports_read_back(client, organiser, world):
    client.force_login(organiser)
    response = client.get(url("attendance", event="apa-training", format="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="attendance-' in response["Content-Disposition"]
    frame = pd.read_excel(io.BytesIO(response.content))
    assert frame["Attendance rate (%)"].tolist() == [0.5, 0.0]  # real percentages
    csv_response = client.get(url("attendance-by-session", format="csv"))
    text = csv_response.content.decode("utf-8-sig")
    assert "'=Targets" in text and "\n=Targets" not in text


def _more_data(world, n: int) -> None:
    """Another batch with n participants, two sessions and attendance for all."""
    batch = factories.BatchFactory(
        event=world.training,
        number=10 + n,
        start_date=dt.date(2015, 1, 14),
        end_date=dt.date(2015, 1, 14),
        capacity=n,
    )
    people = factories.ParticipantFactory.create_batch(
        n,
        name=factory.Iterator(f"Officer {n}-{i}" for i in range(n)),
        email=factory.Iterator(f"o{n}-{i}@example.org" for i in range(n)),
        organisation=world.other,
        rank=world.people["Babul"].rank,
    )
    factories.nominations_confirm_all(batch=batch, participants=people)
    sessions = [
        factories.SessionFactory(
            batch=batch,
            starts_at=report_data._at(batch.start_date, hour),
            ends_at=report_data._at(batch.start_date, hour + 2),
        )
        for hour in (9, 14)
    ]
    factories.attendance_record_all([(s, p, "present") for s in sessions for p in people])


@pytest.mark.parametrize(
    "name",
    [
        "participation",
        "participation-by-rank",
        "participation-by-organisation",
        "participation-by-batch",
        "attendance",
        "attendance-by-session",
        "completion",
        "learning-gain",
        "learning-gain-by-trainer",
        "cascade",
    ],
)
def test_report_pages_issue_a_constant_number_of_queries(client, organiser, world, name):
    client.force_login(organiser)

    def count() -> int:
        # Warm the caches first (content types, site, and the figures the services' writes
        # let go): what is counted is the page read from them.
        client.get(url(name))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name)).status_code == 200
        return len(queries)

    before = count()
    _more_data(world, 5)
    _more_data(world, 40)
    assert count() == before


def test_every_report_answers_a_period_without_training_with_no_rows(world):
    for report in all_reports():
        filters = {"date_from": dt.date(1990, 1, 1), "date_to": dt.date(1990, 12, 31)}
        frame = report.run(**{k: v for k, v in filters.items() if k in report.filters})
        assert frame.empty, report.name


def test_many_organisations_chart_the_largest_and_the_others_together():
    from lms.report_views import chart_svg

    frame = pd.DataFrame(
        {
            "organisation": [f"Ministry {n}" for n in range(1, 24)],
            "participants": list(range(46, 23, -1)),  # 46 .. 24, largest first
        }
    )
    svg = str(chart_svg(get_report("participation-by-organisation"), frame))
    assert "Ministry 20:" in svg and "Ministry 21" not in svg
    # Ministries 21-23 (26 + 25 + 24 participants) together, in a line under the bars.
    assert svg.count("<rect") == 20
    assert "The other 3 together: 75</text>" in svg
    # A short list is drawn row by row.
    assert "The other" not in str(chart_svg(get_report("participation-by-organisation"), frame[:5]))


def test_the_date_filters_read_as_a_date_range_in_bangla():
    from django.utils import translation

    from lms.reports import FILTERS

    with translation.override("bn"):
        # Not "previous state" / "new state", the attendance history's From and To.
        assert (str(FILTERS["date_from"]), str(FILTERS["date_to"])) == (
            "তারিখ থেকে",
            "তারিখ পর্যন্ত",
        )
