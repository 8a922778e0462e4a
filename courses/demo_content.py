"""Content of the demo courses, drawn from ../shared/docs/apa-rules.md.

Lessons are lists of StreamField blocks in Wagtail's raw form; questions are
`(text, [(choice, correct, feedback), ...])`.
"""


def p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


def ul(*items: str) -> dict:
    return {
        "type": "paragraph",
        "value": "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>",
    }


def h(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def callout(title: str, text: str, kind: str = "info") -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": f"<p>{text}</p>"}}


# --- The ToT course -----------------------------------------------------------------------

TOT_MODULES = [
    (
        "GPMS and the Annual Performance Agreement",
        "What the APA is, the three formats it has had, and the year it follows.",
        [
            (
                "Why GPMS, and what an APA is",
                20,
                [
                    *p(
                        "In 2014 the Cabinet Division began the Government Performance "
                        "Management System (GPMS). Its instrument is the <b>Annual Performance "
                        "Agreement (APA)</b>: each ministry or division signs one with the "
                        "Cabinet Division for the financial year.",
                        "An APA sets out the office's strategic objectives, each with a weight, "
                        "the activities that serve them, weighted performance indicators and "
                        "targets at five levels. At the end of the year the office is scored on "
                        "what it achieved against those targets.",
                    ),
                    h("Who does what"),
                    ul(
                        "The office's <b>APA team</b> and its <b>focal point</b> draft the APA "
                        "and report on it every quarter.",
                        "The <b>superior office</b> reviews and evaluates it; for ministries and "
                        "divisions that is the Cabinet Division.",
                    ),
                    callout(
                        "Keep in mind",
                        "An APA is a promise with numbers: every indicator needs a unit, a "
                        "weight and targets that can be checked at year end.",
                    ),
                ],
            ),
            (
                "Three formats over the years",
                20,
                [
                    *p("A practice APA follows one framework. The format changed twice:"),
                    ul(
                        "<b>2014-15</b> (India RFD style): preamble; section 1 vision, mission, "
                        "objectives, functions; section 2 objectives, activities, indicators, "
                        "targets; section 3 trend values; section 4 indicator descriptions and "
                        "measurement; section 5 needs from other ministries; section 6 outcomes. "
                        "No fixed block of mandatory objectives.",
                        "<b>2015-16 to 2020-21</b>: an overview of performance, preamble, "
                        "section 1 vision, mission, objectives, functions; section 2 "
                        "outcome/impact; section 3 objectives, activities, indicators, targets; "
                        "annexes on acronyms, indicator measurement and dependence on other "
                        "offices. Weights: <b>75</b> for the office's own objectives, <b>25</b> "
                        "for the mandatory ones.",
                        "<b>2021-22 onwards</b>: as above, plus a calculation method for each "
                        "indicator and governance action-plan annexes. Weights: <b>70 + 30</b>, "
                        "the 30 split 10 + 4 + 3 + 10 + 3 across five governance areas.",
                    ),
                    callout(
                        "Mandatory objectives",
                        "The Cabinet Division sets the mandatory objectives; they arrive "
                        "pre-filled. The office writes its own objectives.",
                        "tip",
                    ),
                ],
            ),
            (
                "The APA year",
                15,
                [
                    *p("The APA follows a fixed calendar:"),
                    ul(
                        "April: draft. Early May: finalised and sent up. By 20 May: feedback.",
                        "Late June: signed.",
                        "By 30 September: amendments.",
                        "Quarterly reports in October, January, April and July; a half-yearly "
                        "review in January.",
                        "July-August: annual evaluation, with evidence of achievement.",
                    ),
                ],
            ),
        ],
    ),
    (
        "Section 3: objectives, indicators, targets and weights",
        "The main table of the APA, row by row.",
        [
            (
                "The main table",
                20,
                [
                    *p(
                        "Each row of section 3 holds: the strategic objective (with its "
                        "weight), the activity, the performance indicator, the calculation "
                        "method (from 2021-22: sum, average, date or cumulative), the unit, the "
                        "indicator's weight, the actual achievement of the two previous years, "
                        "targets at five levels, and projections for the next two years."
                    ),
                    *p(
                        "Units seen in real APAs: number, %, date, crore Tk, lakh people, "
                        "person-hours."
                    ),
                ],
            ),
            (
                "The target scale",
                20,
                [
                    *p("Targets are set at five levels:"),
                    ul(
                        "Excellent (অসাধারণ): 100%",
                        "Very Good (অতি উত্তম): 90%",
                        "Good (উত্তম): 80%",
                        "Fair, the current standard (চলতি মান): 70%",
                        "Poor, below the current standard (চলতি মানের নিম্নে): 60%",
                    ),
                    h("Rules for targets"),
                    ul(
                        "Targets are not scaled arithmetically: only their order matters.",
                        "Not every level must be filled; real APAs often give only 100/90/80.",
                        "From 2021-22 the 70% target is last year's actual achievement.",
                        "Higher-is-better indicators: targets strictly decrease from 100% to "
                        "60%. Lower-is-better indicators (classified loans, days to deliver a "
                        "service) strictly increase.",
                        "Date indicators: the earliest date is 100%; later dates score less.",
                    ),
                ],
            ),
            (
                "Weights",
                15,
                [
                    ul(
                        "All weights in an APA sum to 100.",
                        "The indicator weights within an objective sum to the objective's weight.",
                        "Weights may be fractional: 0.5 is common.",
                        "Own objectives are listed in order of importance; more important "
                        "objectives weigh more.",
                    ),
                    callout(
                        "Check before you submit",
                        "A draft whose weights do not add up to 100 is sent back.",
                        "warning",
                    ),
                    {
                        "type": "quiz",
                        "value": {
                            "quiz": "MODULE_QUIZ",
                            "intro": "Three questions on targets and weights.",
                        },
                    },
                ],
            ),
        ],
    ),
    (
        "Scoring an APA",
        "From an indicator's achievement to the APA's total out of 100.",
        [
            (
                "From achievement to mark",
                20,
                [
                    ul(
                        "Each indicator: achievement → raw score (%); obtained mark = weight × "
                        "raw score / 100.",
                        "At or better than the Excellent target: 100%. Worse than the lowest "
                        "filled target: 0.",
                        "Between two filled targets: linear interpolation between their "
                        "percentages. This is India's RFD method and is not confirmed for "
                        "Bangladesh; the framework has a setting: interpolate, or take the "
                        "lower level (step).",
                        "Dates are compared as day numbers; earlier is better.",
                        "Quarterly achievements become the annual one by the calculation "
                        "method: sum, average, date (the date reached) or cumulative (the last "
                        "quarter's running total).",
                        "The APA's total is the sum of the obtained marks, out of 100. "
                        "Bangladesh publishes the total and a rank, with no official grade "
                        "bands.",
                    ),
                ],
            ),
            (
                "Worked examples",
                25,
                [
                    *p("From the real FY2019-20 APA of the Financial Institutions Division:"),
                    h("Agricultural credit"),
                    *p(
                        "Thousand crore Tk, weight 2, targets 30 / 28 / 26 / 24 / 22. Achieved "
                        "<b>27</b>: halfway between 28 (90%) and 26 (80%), so the raw score is "
                        "<b>85%</b> and the mark 2 × 85 / 100 = <b>1.70</b>. Achieved 21, below "
                        "the lowest target: <b>0</b>."
                    ),
                    h("Classified loans (lower is better)"),
                    *p(
                        "Crore Tk, weight 1, targets 50,000 / 50,250 / 50,500 / 50,750 / 50,850. "
                        "Achieved <b>50,400</b>: 150 of the 250 between 50,250 (90%) and 50,500 "
                        "(80%), so 90 − 6 = <b>84%</b> and the mark <b>0.84</b>."
                    ),
                    h("Platform launched (a date)"),
                    *p(
                        "Weight 2, targets 31 May / 7 June / 15 June / 21 June / 25 June 2020. "
                        "Launching by 31 May scores 100%; the dates are compared as day numbers."
                    ),
                ],
            ),
        ],
    ),
    (
        "Operating the APA software",
        "Drafting, scoring and reviewing a practice APA in the sandbox.",
        [
            (
                "Drafting a practice APA",
                20,
                [
                    ul(
                        "Pick a scenario: it sets the framework and pre-fills the mandatory "
                        "objectives.",
                        "Write the vision, mission and functions of the office.",
                        "Add your strategic objectives with their weights, in order of "
                        "importance; under each, the activities and their indicators.",
                        "For each indicator: unit, direction (higher or lower is better), "
                        "calculation method, weight, the two previous actuals, the five targets "
                        "and the two projections.",
                        "Fix what the validation points out (weights, target order), then "
                        "submit for review.",
                    ),
                ],
            ),
            (
                "Achievements, score and review",
                20,
                [
                    ul(
                        "Enter the quarterly achievements; the annual one follows from the "
                        "calculation method.",
                        "The score of each indicator and the APA's total are computed as in "
                        "the module on scoring.",
                        "The trainer reviews the agreement and comments; export it as PDF or "
                        "Excel.",
                    ),
                ],
            ),
            (
                "Running a batch as a trainer",
                15,
                [
                    ul(
                        "Day 1: participants take the pre-test before the first session.",
                        "Work through the worked examples with the group; let every "
                        "participant draft one indicator row in the sandbox.",
                        "Last day: the post-test and the evaluation form. The learning gain of "
                        "your batch is the post-test % minus the pre-test %.",
                    ),
                    callout(
                        "Your certification",
                        "Completing this course and attending the ToT batch makes you a "
                        "certified trainer for three years; it can be renewed.",
                        "tip",
                    ),
                ],
            ),
        ],
    ),
]

TOT_QUESTIONS = [
    (
        "From FY2021-22, how is the weight of an APA split?",
        [
            (
                "70 for the office's own objectives, 30 for the mandatory ones",
                True,
                "Right: the 30 are split 10 + 4 + 3 + 10 + 3 across five governance areas.",
            ),
            ("75 own, 25 mandatory", False, "That was the split from 2015-16 to 2020-21."),
            ("80 own, 20 mandatory", False, "No format used this split."),
            (
                "100 own: there are no mandatory objectives",
                False,
                "Only the 2014-15 format had no fixed mandatory block.",
            ),
        ],
    ),
    (
        "Which value does the Fair target (চলতি মান, the current standard) stand for?",
        [
            ("70%", True, "Right."),
            ("60%", False, "60% is Poor, below the current standard."),
            ("80%", False, "80% is Good (উত্তম)."),
            ("90%", False, "90% is Very Good (অতি উত্তম)."),
        ],
    ),
    (
        "Under the 2021-22 rule, what should the 70% target be?",
        [
            ("Last year's actual achievement", True, "Right: the system warns otherwise."),
            ("The Excellent target minus 30%", False, "Targets are not scaled arithmetically."),
            ("The average of the five previous years", False, "Not the rule."),
        ],
    ),
    (
        "For a lower-is-better indicator such as classified loans, the targets from 100% to 60%…",
        [
            ("strictly increase", True, "Right: a higher value is worse."),
            ("strictly decrease", False, "That is for higher-is-better indicators."),
            ("may be in any order", False, "Only their order matters, so order is checked."),
        ],
    ),
    (
        "An indicator of weight 2 reaches a raw score of 85%. What mark does it obtain?",
        [
            ("1.70", True, "Right: 2 × 85 / 100."),
            ("0.85", False, "That would be for weight 1."),
            ("85", False, "85 is the raw score in %, not the mark."),
        ],
    ),
    (
        "Agricultural credit: targets 30 / 28 / 26 / 24 / 22, achieved 21. The raw score is…",
        [
            ("0", True, "Right: worse than the lowest filled target scores nothing."),
            ("60%", False, "Only reaching the 60% target (22) scores 60%."),
            ("55%", False, "There is no extrapolation below the lowest target."),
        ],
    ),
    (
        "Which statements about weights are true?",
        [
            ("All weights in an APA sum to 100", True, "Right."),
            ("Indicator weights within an objective sum to the objective's weight", True, "Right."),
            ("Weights may be fractional, such as 0.5", True, "Right: 0.5 is common."),
            (
                "Every indicator must have the same weight",
                False,
                "No: more important objectives and indicators weigh more.",
            ),
        ],
    ),
    (
        "Which are calculation methods that turn quarterly achievements into the annual one?",
        [
            ("Sum", True, ""),
            ("Average", True, ""),
            ("Cumulative (the last quarter's running total)", True, ""),
            ("Median", False, "Not a calculation method of the APA."),
        ],
    ),
    (
        "Who reviews and evaluates a ministry's APA?",
        [
            ("The Cabinet Division", True, "Right: the superior office of ministries."),
            ("The Ministry of Finance", False, "No."),
            ("The ministry's own APA team", False, "The APA team drafts and reports."),
        ],
    ),
    (
        "For a date indicator, which target scores 100%?",
        [
            ("The earliest date", True, "Right: later dates score less."),
            ("The latest date", False, "Earlier is better."),
            ("Any date within the financial year", False, "Dates are compared as day numbers."),
        ],
    ),
]

MODULE_QUIZ = [
    TOT_QUESTIONS[1],
    TOT_QUESTIONS[6],
    (
        "Must every level of the target scale be filled?",
        [
            ("No: real APAs often give only 100/90/80", True, "Right."),
            ("Yes: all five levels are compulsory", False, "Not every level must be filled."),
        ],
    ),
]

# --- The mid-level e-learning course ------------------------------------------------------

MID_MODULES = [
    (
        "Before the training",
        "Two short lessons to read before your batch starts.",
        [
            (
                "The APA in one page",
                15,
                [
                    *p(
                        "Your ministry or division signs an Annual Performance Agreement with "
                        "the Cabinet Division every year: strategic objectives with weights, "
                        "activities, weighted indicators and targets at five levels "
                        "(100 / 90 / 80 / 70 / 60%).",
                        "From 2021-22, 70 of the 100 weights are for your office's own "
                        "objectives and 30 for the mandatory objectives set by the Cabinet "
                        "Division.",
                    ),
                ],
            ),
            (
                "Targets and scoring in brief",
                15,
                [
                    ul(
                        "Obtained mark = weight × raw score / 100; the total is out of 100.",
                        "At or better than the Excellent target: 100%; worse than the lowest "
                        "filled target: 0.",
                        "Example: weight 2, targets 30 / 28 / 26 / 24 / 22, achieved 27 → 85%, "
                        "mark 1.70.",
                    ),
                ],
            ),
        ],
    ),
]

MID_QUESTIONS = [TOT_QUESTIONS[i] for i in (0, 1, 4, 5, 6, 9)]
