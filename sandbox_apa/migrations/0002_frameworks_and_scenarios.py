"""The three APA frameworks and the two shipped scenarios, as data.

Figures of the Financial Institutions Division scenario come from its real FY2019-20 APA
(shared/docs/apa-rules.md); its previous actuals and the mandatory block's split are set for
the exercise and say so. The district office is fictitious.
"""

import json
import uuid

from django.db import migrations

RFD_BANDS = [[96, "Excellent"], [86, "Very Good"], [76, "Good"], [66, "Fair"], [0, "Poor"]]
LEVELS = [100, 90, 80, 70, 60]

FRAMEWORKS = [
    {
        "code": "2014-15",
        "name": "2014-15 (RFD style)",
        "description": (
            "Preamble; S1 vision, mission, objectives, functions; S2 objectives, activities, "
            "indicators, targets; S3 trend values; S4 indicator descriptions and measurement; "
            "S5 needs from other ministries; S6 outcomes. No fixed mandatory block."
        ),
        "grade_bands": RFD_BANDS,
        "mandatory_weight": 0,
        "mandatory_area_weights": [],
        "uses_calculation_methods": False,
        "fair_is_last_year": False,
    },
    {
        "code": "2015-16",
        "name": "2015-16 to 2020-21 (75 + 25)",
        "description": (
            "Overview of performance; preamble; S1 vision, mission, objectives, functions; "
            "S2 outcome/impact; S3 objectives, activities, indicators, targets; annexes: "
            "acronyms, indicator measurement, dependence on other offices. Own objectives 75, "
            "mandatory objectives 25."
        ),
        "grade_bands": [],
        "mandatory_weight": 25,
        "mandatory_area_weights": [],
        "uses_calculation_methods": False,
        "fair_is_last_year": False,
    },
    {
        "code": "2021-22",
        "name": "2021-22 onwards (70 + 30)",
        "description": (
            "As 2015-16, plus a calculation method per indicator and governance action-plan "
            "annexes. Own objectives 70, mandatory 30 = 10 + 4 + 3 + 10 + 3 across five "
            "governance areas. The 70% target is last year's actual achievement."
        ),
        "grade_bands": [],
        "mandatory_weight": 30,
        "mandatory_area_weights": [10, 4, 3, 10, 3],
        "uses_calculation_methods": True,
        "fair_is_last_year": True,
    },
]


def _block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _indicator(activity, name, unit, weight, targets, direction="higher", method="sum"):
    return {
        "activity": activity,
        "name": name,
        "unit": unit,
        "direction": direction,
        "calculation_method": method,
        "weight": str(weight),
        "targets": targets,
    }


def _objective(title, weight, indicators, area=""):
    return _block(
        "objective",
        {"title": title, "governance_area": area, "weight": str(weight), "indicators": indicators},
    )


def _actual(name, unit, before_last, last):
    return _block(
        "actual",
        {"name": name, "unit": unit, "year_before_last": before_last, "last_year": last},
    )


FID_MANDATORY = [
    _objective(
        "Ensure efficiency, transparency and accountability in work",
        10,
        [
            _indicator("Implement the National Integrity Strategy", "National Integrity "
                       "Strategy action plan implemented", "%", 5, "100/90/80/70/60", method="cumulative"),
            _indicator("Run the grievance redress system", "Grievances settled", "%", 5,
                       "90/80/70/60/50", method="average"),
        ],
    ),
    _objective(
        "Bring dynamism to work and improve service quality",
        9,
        [
            _indicator("Put e-filing to use", "Files settled through e-nothi", "%", 5,
                       "80/70/60/55/50", method="average"),
            _indicator("Update the Citizen's Charter", "Citizen's Charter updated", "date", 4,
                       "2019-09-30/2019-10-15/2019-10-31/2019-11-15/2019-11-30", "date", "date"),
        ],
    ),
    _objective(
        "Improve financial and resource management",
        6,
        [
            _indicator("Settle audit objections", "Audit objections settled", "%", 6,
                       "60/55/50/45/40", method="cumulative"),
        ],
    ),
]

DISTRICT_MANDATORY = [
    _objective("Implement the National Integrity Strategy action plan", 10, [
        _indicator("Integrity action plan", "Integrity action plan implemented", "%", 10,
                   "100/90/80/70/60", method="cumulative"),
    ], "National Integrity Strategy"),
    _objective("Run the grievance redress system", 4, [
        _indicator("Grievance redress", "Grievances settled within the time limit", "%", 4,
                   "90/80/70/60/50", method="average"),
    ], "Grievance redress"),
    _objective("Keep the Citizen's Charter up to date", 3, [
        _indicator("Citizen's Charter", "Citizen's Charter reviewed quarterly", "number", 3,
                   "4/3/2/1", method="sum"),
    ], "Citizen's Charter"),
    _objective("Implement the e-governance and innovation action plan", 10, [
        _indicator("E-governance and innovation", "E-governance and innovation plan implemented", "%", 10,
                   "100/90/80/70/60", method="cumulative"),
    ], "E-governance and innovation"),
    _objective("Implement the Right to Information action plan", 3, [
        _indicator("Right to Information", "Information requests answered in time", "%", 3,
                   "100/95/90/85/80", method="average"),
    ], "Right to Information"),
]

SCENARIOS = [
    {
        "slug": "fid-2019-20",
        "title": "Financial Institutions Division, FY2019-20",
        "framework": "2015-16",
        "office": "Financial Institutions Division, Ministry of Finance",
        "is_fictitious": False,
        "fiscal_year": "2019-20",
        "facts": (
            "The Financial Institutions Division oversees state-owned banks, specialised "
            "banks, non-bank financial institutions, insurance and capital markets. In its "
            "real FY2019-20 APA it set, among others: agricultural credit disbursed "
            "(thousand crore Tk, weight 2) with targets 30/28/26/24/22; classified loans of "
            "state-owned banks (crore Tk, weight 1, lower is better) with targets "
            "50,000/50,250/50,500/50,750/50,850; and the launch of a digital platform (date, "
            "weight 2) with targets 31 May/7 Jun/15 Jun/21 Jun/25 Jun 2020.\n\n"
            "Previous years' actuals below are set for this exercise, not official figures."
        ),
        "instructions": (
            "Write the Division's vision, mission and functions, then its own strategic "
            "objectives worth 75 in all, in order of importance. Use the three indicators "
            "above and add at least two of your own. The mandatory objectives (25) are "
            "pre-filled and keep their weights."
        ),
        "previous_actuals": [
            _actual("Agricultural credit disbursed", "thousand crore Tk", "21.39", "23.62"),
            _actual("Classified loans of state-owned banks", "crore Tk", "48,700", "53,900"),
            _actual("Recovery of written-off loans", "crore Tk", "1,150", "1,290"),
        ],
        "mandatory_objectives": FID_MANDATORY,
    },
    {
        "slug": "sonapur-dc-2021-22",
        "title": "Deputy Commissioner's Office, Sonapur (fictitious), FY2021-22",
        "framework": "2021-22",
        "office": "Deputy Commissioner's Office, Sonapur District",
        "is_fictitious": True,
        "fiscal_year": "2021-22",
        "facts": (
            "Sonapur is a fictitious district of 2.1 million people with 8 upazilas. The "
            "Deputy Commissioner's office runs land administration (mutation, land development "
            "tax), the district's e-service centre, social safety-net distribution and mobile "
            "courts. In FY2020-21 it settled 9,800 mutation cases in an average of 38 days, "
            "collected 14.2 crore Tk of land development tax and ran 610 mobile courts."
        ),
        "instructions": (
            "Draft the office's own objectives worth 70 in all, with a calculation method per "
            "indicator. Set each 70% target at last year's actual achievement. The five "
            "governance areas (30 = 10 + 4 + 3 + 10 + 3) are pre-filled."
        ),
        "previous_actuals": [
            _actual("Mutation cases settled", "number", "8,950", "9,800"),
            _actual("Average days to settle a mutation case", "days", "45", "38"),
            _actual("Land development tax collected", "crore Tk", "12.8", "14.2"),
            _actual("Mobile courts held", "number", "540", "610"),
        ],
        "mandatory_objectives": DISTRICT_MANDATORY,
    },
]


def forwards(apps, schema_editor):
    Framework = apps.get_model("sandbox_apa", "Framework")
    Scenario = apps.get_model("sandbox_apa", "Scenario")
    frameworks = {}
    for data in FRAMEWORKS:
        defaults = dict(data, level_percentages=LEVELS)
        code = defaults.pop("code")
        frameworks[code], _ = Framework.objects.update_or_create(code=code, defaults=defaults)
    for data in SCENARIOS:
        defaults = dict(data)
        slug = defaults.pop("slug")
        defaults["framework"] = frameworks[defaults["framework"]]
        defaults["previous_actuals"] = json.dumps(defaults["previous_actuals"])
        defaults["mandatory_objectives"] = json.dumps(defaults["mandatory_objectives"])
        Scenario.objects.update_or_create(slug=slug, defaults=defaults)


def backwards(apps, schema_editor):
    apps.get_model("sandbox_apa", "Scenario").objects.filter(
        slug__in=[s["slug"] for s in SCENARIOS], agreements__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sandbox_apa", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
