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


# --- Bangla versions ------------------------------------------------------------------------
# The same structure as the English modules and lessons, in reading order, so that each
# translated page is matched with its original by position. A lesson's quiz stays the same
# quiz (quizzes are shared by both languages); only its introduction is translated.

INDEX_BN = {
    "title": "ই-লার্নিং",
    "intro": (
        "<p>বার্ষিক কর্মসম্পাদন চুক্তি (এপিএ) ও জিপিএমএস বিষয়ে নিজের গতিতে শেখার কোর্স, "
        "প্রাক-পরীক্ষা ও চূড়ান্ত পরীক্ষাসহ।</p>"
    ),
}

TOT_COURSE_BN = {
    "title": ("প্রশিক্ষক প্রশিক্ষণ (টিওটি): এপিএ ও জিপিএমএস-এর মৌলিক বিষয় এবং এপিএ সফটওয়্যার পরিচালনা"),
    "summary": (
        "জানুয়ারি ২০১৫-এর প্রশিক্ষক প্রশিক্ষণ (টিওটি): এপিএ ও জিপিএমএস-এর মৌলিক বিষয়, "
        "এপিএ-র সেকশন ৩, উদাহরণসহ নম্বর নির্ধারণ এবং এপিএ সফটওয়্যার পরিচালনা।"
    ),
}

TOT_MODULES_BN = [
    (
        "জিপিএমএস ও বার্ষিক কর্মসম্পাদন চুক্তি",
        "এপিএ কী, এর তিনটি কাঠামো এবং এপিএ-র বার্ষিক সময়সূচি।",
        [
            (
                "কেন জিপিএমএস, আর এপিএ কী",
                [
                    *p(
                        "২০১৪ সালে মন্ত্রিপরিষদ বিভাগ সরকারি কর্মসম্পাদন ব্যবস্থাপনা পদ্ধতি "
                        "(জিপিএমএস) চালু করে। এর মূল হাতিয়ার <b>বার্ষিক কর্মসম্পাদন চুক্তি "
                        "(এপিএ)</b>: প্রতিটি মন্ত্রণালয় বা বিভাগ প্রতি অর্থবছরের জন্য "
                        "মন্ত্রিপরিষদ বিভাগের সঙ্গে একটি চুক্তি স্বাক্ষর করে।",
                        "এপিএ-তে থাকে দপ্তরের কৌশলগত উদ্দেশ্যসমূহ (প্রতিটির মানসহ), সেগুলো "
                        "অর্জনের কার্যক্রম, মানযুক্ত কর্মসম্পাদন সূচক এবং পাঁচ স্তরের "
                        "লক্ষ্যমাত্রা। বছর শেষে লক্ষ্যমাত্রার বিপরীতে প্রকৃত অর্জনের ভিত্তিতে "
                        "দপ্তরের নম্বর নির্ধারণ করা হয়।",
                    ),
                    h("কে কী করে"),
                    ul(
                        "দপ্তরের <b>এপিএ টিম</b> ও <b>ফোকাল পয়েন্ট</b> এপিএ-র খসড়া প্রণয়ন "
                        "করে এবং প্রতি ত্রৈমাসিকে অগ্রগতির প্রতিবেদন দেয়।",
                        "<b>ঊর্ধ্বতন দপ্তর</b> এপিএ পর্যালোচনা ও মূল্যায়ন করে; মন্ত্রণালয় ও "
                        "বিভাগের ক্ষেত্রে তা মন্ত্রিপরিষদ বিভাগ।",
                    ),
                    callout(
                        "মনে রাখুন",
                        "এপিএ সংখ্যায় প্রকাশিত একটি অঙ্গীকার: প্রতিটি কর্মসম্পাদন সূচকের একটি "
                        "একক, একটি মান এবং বছর শেষে যাচাইযোগ্য লক্ষ্যমাত্রা থাকতে হবে।",
                    ),
                ],
            ),
            (
                "বিভিন্ন বছরের তিনটি কাঠামো",
                [
                    *p("একটি অনুশীলনী এপিএ একটি কাঠামো অনুসরণ করে। কাঠামো দুবার বদলেছে:"),
                    ul(
                        "<b>২০১৪-১৫</b> (ভারতের আরএফডি ধাঁচে): প্রস্তাবনা; সেকশন ১ রূপকল্প, "
                        "অভিলক্ষ্য, কৌশলগত উদ্দেশ্য ও কার্যাবলি; সেকশন ২ কৌশলগত উদ্দেশ্য, "
                        "কার্যক্রম, কর্মসম্পাদন সূচক ও লক্ষ্যমাত্রা; সেকশন ৩ প্রবণতা মান; "
                        "সেকশন ৪ সূচকের বিবরণ ও পরিমাপ পদ্ধতি; সেকশন ৫ অন্য মন্ত্রণালয়ের কাছে "
                        "প্রত্যাশা; সেকশন ৬ ফলাফল। আবশ্যিক কৌশলগত উদ্দেশ্যের নির্দিষ্ট কোনো "
                        "অংশ ছিল না।",
                        "<b>২০১৫-১৬ থেকে ২০২০-২১</b>: কর্মসম্পাদনের সার্বিক চিত্র, প্রস্তাবনা, "
                        "সেকশন ১ রূপকল্প, অভিলক্ষ্য, কৌশলগত উদ্দেশ্য ও কার্যাবলি; সেকশন ২ "
                        "ফলাফল/প্রভাব; সেকশন ৩ কৌশলগত উদ্দেশ্য, কার্যক্রম, কর্মসম্পাদন সূচক ও "
                        "লক্ষ্যমাত্রা; সংযোজনীতে শব্দসংক্ষেপ, সূচকের পরিমাপ পদ্ধতি এবং অন্য "
                        "দপ্তরের ওপর নির্ভরতা। মান: দপ্তরের নিজস্ব উদ্দেশ্যে <b>৭৫</b>, আবশ্যিক "
                        "উদ্দেশ্যে <b>২৫</b>।",
                        "<b>২০২১-২২ থেকে</b>: ওপরের মতোই, সঙ্গে প্রতিটি সূচকের গণনা পদ্ধতি এবং "
                        "সুশাসন কর্মপরিকল্পনার সংযোজনী। মান: <b>৭০ + ৩০</b>; ৩০ পাঁচটি সুশাসন "
                        "ক্ষেত্রে ১০ + ৪ + ৩ + ১০ + ৩ হিসেবে ভাগ করা।",
                    ),
                    callout(
                        "আবশ্যিক কৌশলগত উদ্দেশ্য",
                        "মন্ত্রিপরিষদ বিভাগ আবশ্যিক কৌশলগত উদ্দেশ্যসমূহ নির্ধারণ করে; এগুলো আগে "
                        "থেকেই পূরণ করা থাকে। দপ্তর তার নিজস্ব কৌশলগত উদ্দেশ্যসমূহ লেখে।",
                        "tip",
                    ),
                ],
            ),
            (
                "এপিএ-র বছর",
                [
                    *p("এপিএ একটি নির্দিষ্ট বর্ষপঞ্জি অনুসরণ করে:"),
                    ul(
                        "এপ্রিল: খসড়া প্রণয়ন। মে মাসের শুরু: চূড়ান্ত করে ঊর্ধ্বতন দপ্তরে প্রেরণ। "
                        "২০ মে-র মধ্যে: মতামত।",
                        "জুনের শেষ: চুক্তি স্বাক্ষর।",
                        "৩০ সেপ্টেম্বরের মধ্যে: সংশোধন।",
                        "অক্টোবর, জানুয়ারি, এপ্রিল ও জুলাইয়ে ত্রৈমাসিক প্রতিবেদন; জানুয়ারিতে অর্ধবার্ষিক পর্যালোচনা।",
                        "জুলাই-আগস্ট: অর্জনের প্রমাণকসহ বার্ষিক মূল্যায়ন।",
                    ),
                ],
            ),
        ],
    ),
    (
        "সেকশন ৩: কৌশলগত উদ্দেশ্য, সূচক, লক্ষ্যমাত্রা ও মান",
        "এপিএ-র মূল সারণি, প্রতিটি সারি ধরে।",
        [
            (
                "মূল সারণি",
                [
                    *p(
                        "সেকশন ৩-এর প্রতিটি সারিতে থাকে: কৌশলগত উদ্দেশ্য (মানসহ), কার্যক্রম, "
                        "কর্মসম্পাদন সূচক, গণনা পদ্ধতি (২০২১-২২ থেকে: সমষ্টি, গড়, তারিখ বা "
                        "ক্রমপুঞ্জিভূত), একক, সূচকের মান, আগের দুই বছরের প্রকৃত অর্জন, পাঁচ "
                        "স্তরের লক্ষ্যমাত্রা এবং পরের দুই বছরের প্রক্ষেপণ।"
                    ),
                    *p("প্রকৃত এপিএ-তে দেখা একক: সংখ্যা, %, তারিখ, কোটি টাকা, লক্ষ জন, জনঘণ্টা।"),
                ],
            ),
            (
                "লক্ষ্যমাত্রার মানদণ্ড",
                [
                    *p("লক্ষ্যমাত্রা পাঁচটি স্তরে নির্ধারণ করা হয়:"),
                    ul(
                        "অসাধারণ: ১০০%",
                        "অতি উত্তম: ৯০%",
                        "উত্তম: ৮০%",
                        "চলতি মান: ৭০%",
                        "চলতি মানের নিম্নে: ৬০%",
                    ),
                    h("লক্ষ্যমাত্রার নিয়ম"),
                    ul(
                        "লক্ষ্যমাত্রা গাণিতিক অনুপাতে বাঁধা নয়: কেবল ক্রমটিই গুরুত্বপূর্ণ।",
                        "সব স্তর পূরণ করা বাধ্যতামূলক নয়; প্রকৃত এপিএ-তে প্রায়ই কেবল ১০০/৯০/৮০ দেওয়া থাকে।",
                        "২০২১-২২ থেকে ৭০% লক্ষ্যমাত্রা হলো আগের বছরের প্রকৃত অর্জন।",
                        "যে সূচকে বেশি হওয়া ভালো, সেখানে লক্ষ্যমাত্রা ১০০% থেকে ৬০%-এর দিকে "
                        "ক্রমশ কমে। যে সূচকে কম হওয়া ভালো (শ্রেণীকৃত ঋণ, সেবা প্রদানের "
                        "দিনসংখ্যা), সেখানে ক্রমশ বাড়ে।",
                        "তারিখভিত্তিক সূচক: সবচেয়ে আগের তারিখ ১০০%; পরের তারিখে নম্বর কম।",
                    ),
                ],
            ),
            (
                "মান",
                [
                    ul(
                        "একটি এপিএ-র সব মানের যোগফল ১০০।",
                        "একটি কৌশলগত উদ্দেশ্যের অধীন সূচকগুলোর মানের যোগফল ওই উদ্দেশ্যের মানের সমান।",
                        "মান ভগ্নাংশেও হতে পারে: ০.৫ প্রায়ই দেখা যায়।",
                        "নিজস্ব কৌশলগত উদ্দেশ্যসমূহ গুরুত্বের ক্রমানুসারে সাজানো হয়; বেশি "
                        "গুরুত্বপূর্ণ উদ্দেশ্যের মান বেশি।",
                    ),
                    callout(
                        "জমা দেওয়ার আগে যাচাই করুন",
                        "যে খসড়ার মানের যোগফল ১০০ হয় না, তা ফেরত পাঠানো হয়।",
                        "warning",
                    ),
                    {
                        "type": "quiz",
                        "value": {
                            "quiz": "MODULE_QUIZ",
                            "intro": "লক্ষ্যমাত্রা ও মান বিষয়ে তিনটি প্রশ্ন।",
                        },
                    },
                ],
            ),
        ],
    ),
    (
        "এপিএ-র নম্বর নির্ধারণ",
        "একটি সূচকের অর্জন থেকে ১০০-এর মধ্যে এপিএ-র মোট নম্বর।",
        [
            (
                "অর্জন থেকে নম্বর",
                [
                    ul(
                        "প্রতিটি সূচক: অর্জন → কাঁচা নম্বর (%); প্রাপ্ত নম্বর = মান × কাঁচা নম্বর / ১০০।",
                        "অসাধারণ লক্ষ্যমাত্রার সমান বা তার চেয়ে ভালো: ১০০%। পূরণ করা সর্বনিম্ন "
                        "লক্ষ্যমাত্রার চেয়ে খারাপ: ০।",
                        "পূরণ করা দুটি লক্ষ্যমাত্রার মাঝে: তাদের শতাংশের মধ্যে রৈখিক "
                        "অন্তর্বর্তী মান। এটি ভারতের আরএফডি পদ্ধতি, বাংলাদেশের জন্য নিশ্চিত "
                        "নয়; তাই কাঠামোতে একটি সেটিং আছে: অন্তর্বর্তী মান, অথবা নিচের স্তর "
                        "(ধাপ)।",
                        "তারিখগুলো দিনের সংখ্যা হিসেবে তুলনা করা হয়; আগের তারিখ ভালো।",
                        "গণনা পদ্ধতি অনুযায়ী ত্রৈমাসিক অর্জন থেকে বার্ষিক অর্জন: সমষ্টি, গড়, "
                        "তারিখ (যে তারিখে অর্জিত) বা ক্রমপুঞ্জিভূত (শেষ ত্রৈমাসিকের চলমান মোট)।",
                        "এপিএ-র মোট নম্বর হলো প্রাপ্ত নম্বরগুলোর যোগফল, ১০০-এর মধ্যে। "
                        "বাংলাদেশে মোট নম্বর ও অবস্থান প্রকাশ করা হয়; সরকারিভাবে কোনো "
                        "গ্রেড-সীমা নেই।",
                    ),
                ],
            ),
            (
                "উদাহরণসহ হিসাব",
                [
                    *p("আর্থিক প্রতিষ্ঠান বিভাগের ২০১৯-২০ অর্থবছরের প্রকৃত এপিএ থেকে:"),
                    h("কৃষি ঋণ"),
                    *p(
                        "হাজার কোটি টাকা, মান ২, লক্ষ্যমাত্রা ৩০ / ২৮ / ২৬ / ২৪ / ২২। অর্জন "
                        "<b>২৭</b>: ২৮ (৯০%) ও ২৬ (৮০%)-এর ঠিক মাঝামাঝি, তাই কাঁচা নম্বর "
                        "<b>৮৫%</b> এবং প্রাপ্ত নম্বর ২ × ৮৫ / ১০০ = <b>১.৭০</b>। অর্জন ২১ হলে "
                        "সর্বনিম্ন লক্ষ্যমাত্রার নিচে: <b>০</b>।"
                    ),
                    h("শ্রেণীকৃত ঋণ (কম হওয়া ভালো)"),
                    *p(
                        "কোটি টাকা, মান ১, লক্ষ্যমাত্রা ৫০,০০০ / ৫০,২৫০ / ৫০,৫০০ / ৫০,৭৫০ / "
                        "৫০,৮৫০। অর্জন <b>৫০,৪০০</b>: ৫০,২৫০ (৯০%) ও ৫০,৫০০ (৮০%)-এর মধ্যকার "
                        "২৫০-এর ১৫০, তাই ৯০ − ৬ = <b>৮৪%</b> এবং প্রাপ্ত নম্বর <b>০.৮৪</b>।"
                    ),
                    h("প্ল্যাটফর্ম চালু (একটি তারিখ)"),
                    *p(
                        "মান ২, লক্ষ্যমাত্রা ৩১ মে / ৭ জুন / ১৫ জুন / ২১ জুন / ২৫ জুন ২০২০। "
                        "৩১ মে-র মধ্যে চালু করলে ১০০%; তারিখগুলো দিনের সংখ্যা হিসেবে তুলনা করা "
                        "হয়।"
                    ),
                ],
            ),
        ],
    ),
    (
        "এপিএ সফটওয়্যার পরিচালনা",
        "স্যান্ডবক্সে অনুশীলনী এপিএ-র খসড়া প্রণয়ন, নম্বর নির্ধারণ ও পর্যালোচনা।",
        [
            (
                "অনুশীলনী এপিএ-র খসড়া প্রণয়ন",
                [
                    ul(
                        "একটি দৃশ্যকল্প বেছে নিন: এটি কাঠামো নির্ধারণ করে এবং আবশ্যিক কৌশলগত "
                        "উদ্দেশ্যসমূহ আগে থেকে পূরণ করে দেয়।",
                        "দপ্তরের রূপকল্প, অভিলক্ষ্য ও কার্যাবলি লিখুন।",
                        "গুরুত্বের ক্রমানুসারে মানসহ নিজস্ব কৌশলগত উদ্দেশ্য যোগ করুন; প্রতিটির "
                        "অধীনে কার্যক্রম ও কর্মসম্পাদন সূচক।",
                        "প্রতিটি সূচকের জন্য: একক, দিক (বেশি না কম হওয়া ভালো), গণনা পদ্ধতি, "
                        "মান, আগের দুই বছরের প্রকৃত অর্জন, পাঁচটি লক্ষ্যমাত্রা এবং দুটি "
                        "প্রক্ষেপণ।",
                        "যাচাইয়ে যা ধরা পড়ে (মান, লক্ষ্যমাত্রার ক্রম) তা ঠিক করুন, তারপর পর্যালোচনার জন্য জমা দিন।",
                    ),
                ],
            ),
            (
                "অর্জন, নম্বর ও পর্যালোচনা",
                [
                    ul(
                        "ত্রৈমাসিক অর্জন লিখুন; গণনা পদ্ধতি অনুযায়ী বার্ষিক অর্জন নির্ধারিত হয়।",
                        "প্রতিটি সূচকের নম্বর ও এপিএ-র মোট নম্বর নম্বর-নির্ধারণ মডিউলের "
                        "নিয়মেই হিসাব করা হয়।",
                        "প্রশিক্ষক চুক্তিটি পর্যালোচনা করে মন্তব্য দেন; পিডিএফ বা এক্সেল হিসেবে রপ্তানি করুন।",
                    ),
                ],
            ),
            (
                "প্রশিক্ষক হিসেবে একটি ব্যাচ পরিচালনা",
                [
                    ul(
                        "প্রথম দিন: প্রথম সেশনের আগে অংশগ্রহণকারীরা প্রাক-পরীক্ষা দেন।",
                        "দলের সঙ্গে উদাহরণগুলো নিয়ে কাজ করুন; প্রত্যেক অংশগ্রহণকারীকে "
                        "স্যান্ডবক্সে একটি সূচকের সারি খসড়া করতে দিন।",
                        "শেষ দিন: চূড়ান্ত পরীক্ষা ও মূল্যায়ন ফরম। আপনার ব্যাচের শিখন অগ্রগতি "
                        "হলো চূড়ান্ত পরীক্ষার % বিয়োগ প্রাক-পরীক্ষার %।",
                    ),
                    callout(
                        "আপনার সনদায়ন",
                        "এই কোর্স সম্পন্ন করে প্রশিক্ষক প্রশিক্ষণ (টিওটি) ব্যাচে উপস্থিত "
                        "থাকলে আপনি তিন বছরের জন্য সনদপ্রাপ্ত প্রশিক্ষক হবেন; সনদায়ন নবায়ন "
                        "করা যায়।",
                        "tip",
                    ),
                ],
            ),
        ],
    ),
]

MID_COURSE_BN = {
    "title": "আপনার দপ্তরের এপিএ প্রণয়ন: মৌলিক বিষয়",
    "summary": "মধ্যম পর্যায়ের এপিএ কর্মকর্তাদের প্রশিক্ষণের পূর্বপাঠ: সংক্ষেপে এপিএ।",
}

MID_MODULES_BN = [
    (
        "প্রশিক্ষণের আগে",
        "আপনার ব্যাচ শুরুর আগে পড়ার জন্য দুটি ছোট পাঠ।",
        [
            (
                "এক পাতায় এপিএ",
                [
                    *p(
                        "আপনার মন্ত্রণালয় বা বিভাগ প্রতিবছর মন্ত্রিপরিষদ বিভাগের সঙ্গে একটি "
                        "বার্ষিক কর্মসম্পাদন চুক্তি স্বাক্ষর করে: মানসহ কৌশলগত উদ্দেশ্য, "
                        "কার্যক্রম, মানযুক্ত কর্মসম্পাদন সূচক এবং পাঁচ স্তরের লক্ষ্যমাত্রা "
                        "(১০০ / ৯০ / ৮০ / ৭০ / ৬০%)।",
                        "২০২১-২২ থেকে ১০০ মানের ৭০ আপনার দপ্তরের নিজস্ব কৌশলগত উদ্দেশ্যের "
                        "জন্য এবং ৩০ মন্ত্রিপরিষদ বিভাগ নির্ধারিত আবশ্যিক কৌশলগত উদ্দেশ্যের "
                        "জন্য।",
                    ),
                ],
            ),
            (
                "সংক্ষেপে লক্ষ্যমাত্রা ও নম্বর",
                [
                    ul(
                        "প্রাপ্ত নম্বর = মান × কাঁচা নম্বর / ১০০; মোট নম্বর ১০০-এর মধ্যে।",
                        "অসাধারণ লক্ষ্যমাত্রার সমান বা তার চেয়ে ভালো: ১০০%; পূরণ করা সর্বনিম্ন "
                        "লক্ষ্যমাত্রার চেয়ে খারাপ: ০।",
                        "উদাহরণ: মান ২, লক্ষ্যমাত্রা ৩০ / ২৮ / ২৬ / ২৪ / ২২, অর্জন ২৭ → ৮৫%, "
                        "প্রাপ্ত নম্বর ১.৭০।",
                    ),
                ],
            ),
        ],
    ),
]

# --- Bangla texts of the quizzes -----------------------------------------------------------
# Quizzes are shared by a course and its Bangla translation; their texts carry a Bangla
# version (`title_bn`, `text_bn`, and `text_bn` / `feedback_bn` on each choice). Keyed by the
# English text; the choices in the same order as the English ones, as (text, feedback).

QUIZ_TITLES_BN = {
    "ToT pre-test: APA and GPMS basics": "টিওটি প্রাক-পরীক্ষা: এপিএ ও জিপিএমএস-এর মৌলিক বিষয়",
    "ToT post-test: APA and GPMS basics": "টিওটি চূড়ান্ত পরীক্ষা: এপিএ ও জিপিএমএস-এর মৌলিক বিষয়",
    "Targets and weights": "লক্ষ্যমাত্রা ও মান",
    "APA essentials: pre-test": "এপিএ-র মূল বিষয়: প্রাক-পরীক্ষা",
    "APA essentials: post-test": "এপিএ-র মূল বিষয়: চূড়ান্ত পরীক্ষা",
}

QUESTIONS_BN = {
    TOT_QUESTIONS[0][0]: (
        "২০২১-২২ অর্থবছর থেকে বার্ষিক কর্মসম্পাদন চুক্তির মোট মান কীভাবে ভাগ করা হয়?",
        [
            (
                "দপ্তরের নিজস্ব কৌশলগত উদ্দেশ্যের জন্য ৭০, আবশ্যিক কৌশলগত উদ্দেশ্যের জন্য ৩০",
                "সঠিক: ৩০ মান পাঁচটি সুশাসন ক্ষেত্রে ১০ + ৪ + ৩ + ১০ + ৩ হিসেবে ভাগ হয়।",
            ),
            ("নিজস্ব ৭৫, আবশ্যিক ২৫", "এই ভাগ ছিল ২০১৫-১৬ থেকে ২০২০-২১ পর্যন্ত।"),
            ("নিজস্ব ৮০, আবশ্যিক ২০", "কোনো ফরম্যাটেই এই ভাগ ছিল না।"),
            (
                "নিজস্ব ১০০: কোনো আবশ্যিক কৌশলগত উদ্দেশ্য নেই",
                "কেবল ২০১৪-১৫ সালের ফরম্যাটে নির্দিষ্ট আবশ্যিক অংশ ছিল না।",
            ),
        ],
    ),
    TOT_QUESTIONS[1][0]: (
        "লক্ষ্যমাত্রার ‘চলতি মান’ কত শতাংশ নির্দেশ করে?",
        [
            ("৭০%", "সঠিক।"),
            ("৬০%", "৬০% হলো ‘চলতি মানের নিম্নে’।"),
            ("৮০%", "৮০% হলো ‘উত্তম’।"),
            ("৯০%", "৯০% হলো ‘অতি উত্তম’।"),
        ],
    ),
    TOT_QUESTIONS[2][0]: (
        "২০২১-২২ সালের নিয়ম অনুযায়ী ৭০% (চলতি মান) লক্ষ্যমাত্রা কী হওয়া উচিত?",
        [
            ("আগের বছরের প্রকৃত অর্জন", "সঠিক: অন্যথায় সিস্টেম সতর্ক করে।"),
            ("অসাধারণ লক্ষ্যমাত্রার চেয়ে ৩০% কম", "লক্ষ্যমাত্রা গাণিতিক অনুপাতে বাঁধা নয়।"),
            ("আগের পাঁচ বছরের গড়", "এটি নিয়ম নয়।"),
        ],
    ),
    TOT_QUESTIONS[3][0]: (
        "যে কর্মসম্পাদন সূচকে কম হওয়া ভালো (যেমন শ্রেণীকৃত ঋণ), তার ১০০% থেকে ৬০% পর্যন্ত লক্ষ্যমাত্রাগুলো…",
        [
            ("ক্রমশ বাড়ে", "সঠিক: মান যত বেশি, কর্মসম্পাদন তত খারাপ।"),
            ("ক্রমশ কমে", "এটি সেই সূচকের জন্য, যেখানে বেশি হওয়া ভালো।"),
            ("যেকোনো ক্রমে থাকতে পারে", "কেবল ক্রমটিই গুরুত্বপূর্ণ, তাই ক্রম যাচাই করা হয়।"),
        ],
    ),
    TOT_QUESTIONS[4][0]: (
        "মান ২ বিশিষ্ট একটি কর্মসম্পাদন সূচকের কাঁচা নম্বর ৮৫%। এর প্রাপ্ত নম্বর কত?",
        [
            ("১.৭০", "সঠিক: ২ × ৮৫ / ১০০।"),
            ("০.৮৫", "মান ১ হলে এই নম্বর হতো।"),
            ("৮৫", "৮৫ হলো শতাংশে কাঁচা নম্বর, প্রাপ্ত নম্বর নয়।"),
        ],
    ),
    TOT_QUESTIONS[5][0]: (
        "কৃষি ঋণ: লক্ষ্যমাত্রা ৩০ / ২৮ / ২৬ / ২৪ / ২২, অর্জন ২১। কাঁচা নম্বর…",
        [
            ("০", "সঠিক: পূরণ করা সর্বনিম্ন লক্ষ্যমাত্রার চেয়ে খারাপ অর্জনে কোনো নম্বর নেই।"),
            ("৬০%", "কেবল ৬০% লক্ষ্যমাত্রা (২২) অর্জন করলে ৬০% পাওয়া যায়।"),
            ("৫৫%", "সর্বনিম্ন লক্ষ্যমাত্রার নিচে আনুপাতিক হিসাব টানা হয় না।"),
        ],
    ),
    TOT_QUESTIONS[6][0]: (
        "মান সম্পর্কে কোন বক্তব্যগুলো সঠিক?",
        [
            ("একটি এপিএ-র সব মানের যোগফল ১০০", "সঠিক।"),
            (
                "একটি কৌশলগত উদ্দেশ্যের অধীন কর্মসম্পাদন সূচকগুলোর মানের যোগফল ওই উদ্দেশ্যের মানের সমান",
                "সঠিক।",
            ),
            ("মান ভগ্নাংশেও হতে পারে, যেমন ০.৫", "সঠিক: ০.৫ প্রায়ই দেখা যায়।"),
            (
                "প্রতিটি কর্মসম্পাদন সূচকের মান সমান হতে হবে",
                "না: বেশি গুরুত্বপূর্ণ উদ্দেশ্য ও সূচকের মান বেশি।",
            ),
        ],
    ),
    TOT_QUESTIONS[7][0]: (
        "ত্রৈমাসিক অর্জন থেকে বার্ষিক অর্জন নির্ণয়ের গণনা পদ্ধতি কোনগুলো?",
        [
            ("সমষ্টি", ""),
            ("গড়", ""),
            ("ক্রমপুঞ্জিভূত (শেষ ত্রৈমাসিকের চলমান মোট)", ""),
            ("মধ্যমা", "এটি এপিএ-র কোনো গণনা পদ্ধতি নয়।"),
        ],
    ),
    TOT_QUESTIONS[8][0]: (
        "একটি মন্ত্রণালয়ের বার্ষিক কর্মসম্পাদন চুক্তি কে পর্যালোচনা ও মূল্যায়ন করে?",
        [
            ("মন্ত্রিপরিষদ বিভাগ", "সঠিক: মন্ত্রণালয়সমূহের ঊর্ধ্বতন দপ্তর।"),
            ("অর্থ মন্ত্রণালয়", "না।"),
            ("মন্ত্রণালয়ের নিজস্ব এপিএ টিম", "এপিএ টিম খসড়া প্রণয়ন ও প্রতিবেদন দাখিল করে।"),
        ],
    ),
    TOT_QUESTIONS[9][0]: (
        "তারিখভিত্তিক কর্মসম্পাদন সূচকে কোন লক্ষ্যমাত্রা ১০০% নম্বর পায়?",
        [
            ("সবচেয়ে আগের তারিখ", "সঠিক: পরের তারিখে নম্বর কমে।"),
            ("সবচেয়ে পরের তারিখ", "আগের তারিখই ভালো।"),
            ("অর্থবছরের মধ্যে যেকোনো তারিখ", "তারিখগুলো দিনের সংখ্যা হিসেবে তুলনা করা হয়।"),
        ],
    ),
    MODULE_QUIZ[2][0]: (
        "লক্ষ্যমাত্রার মানদণ্ডের প্রতিটি স্তর কি পূরণ করা বাধ্যতামূলক?",
        [
            ("না: প্রকৃত এপিএ-তে প্রায়ই কেবল ১০০/৯০/৮০ দেওয়া থাকে", "সঠিক।"),
            ("হ্যাঁ: পাঁচটি স্তরই বাধ্যতামূলক", "সব স্তর পূরণ করা বাধ্যতামূলক নয়।"),
        ],
    ),
}
