"""Demo data of the APA sandbox: practice APAs of a few trainees in every state.

Trainees are the demo account trainee@example.org and up to three existing participants
(given a login of their own when they have none); the trainer trainer@example.org trains
their batch, so the scoreboard and the review screen have something to show. Idempotent:
a trainee who already has a practice APA of the scenario is left as they are.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lms.accounts.services import account_create
from lms.services import TRAINEES, groups_ensure
from sandbox_apa import selectors, services
from sandbox_apa.models import Indicator, PracticeAPA, Scenario

DEMO_TRAINEE = "trainee@example.org"
DEMO_TRAINER = "trainer@example.org"

# Own objectives of the FID scenario: (title, weight, activity, indicators).
# Indicator: (name, unit, direction, weight, last year's actual, targets, four quarters).
OWN = [
    (
        "Expand agricultural and SME credit",
        Decimal(45),
        "Disburse agricultural and SME credit through state-owned banks",
        [
            (
                "Agricultural credit disbursed",
                "thousand crore Tk",
                "higher",
                25,
                "23.62",
                ["30", "28", "26", "24", "22"],
                ["6", "7", "6.5", "7.5"],
            ),
            (
                "SME credit disbursed",
                "thousand crore Tk",
                "higher",
                20,
                "1.29",
                ["1.6", "1.5", "1.4", "1.3", ""],
                ["0.3", "0.4", "0.3", "0.4"],
            ),
        ],
    ),
    (
        "Strengthen the state-owned banks",
        Decimal(30),
        "Reduce classified loans and launch the digital platform",
        [
            (
                "Classified loans of state-owned banks",
                "crore Tk",
                "lower",
                20,
                "53900",
                ["50000", "50250", "50500", "50750", "50850"],
                ["52000", "51400", "50900", "50400"],
            ),
            (
                "Digital platform launched",
                "",
                "date",
                10,
                "",
                ["2020-05-31", "2020-06-07", "2020-06-15", "2020-06-21", "2020-06-25"],
                ["", "", "", "2020-06-11"],
            ),
        ],
    ),
]
STATES = ["evaluated", "submitted", "returned", "draft"]


def load(*, stdout) -> None:
    scenario = Scenario.objects.filter(slug="fid-2019-20").first()
    if scenario is None:
        stdout.write("  no scenario: run the migrations first")
        return
    trainer = get_user_model().objects.filter(email=DEMO_TRAINER).first()
    batch = _batch(trainer)
    made = 0
    for trainee, state in zip(_trainees(batch), STATES, strict=False):
        if PracticeAPA.objects.filter(trainee=trainee, scenario=scenario).exists():
            continue
        with transaction.atomic():
            _practice_apa(scenario, trainee, batch, trainer, state)
        made += 1
    made += _district_draft()
    stdout.write(f"  {made} practice APAs made, {PracticeAPA.objects.count()} in all")


def _district_draft() -> int:
    """The demo trainee also starts the fictitious district office's APA (a fresh draft)."""
    scenario = Scenario.objects.filter(slug="sonapur-dc-2021-22").first()
    trainee = get_user_model().objects.filter(email=DEMO_TRAINEE).first()
    if scenario is None or trainee is None:
        return 0
    if PracticeAPA.objects.filter(trainee=trainee, scenario=scenario).exists():
        return 0
    agreement = services.agreement_create(scenario=scenario, trainee=trainee)
    own = agreement.objectives.get(is_mandatory=False)
    services.objective_save(
        objective=own, by=trainee, title="Settle land mutation cases faster", weight=Decimal(40)
    )
    services.indicator_save(
        indicator=Indicator.objects.get(activity__objective=own),
        by=trainee,
        name="Average days to settle a mutation case",
        unit="days",
        direction="lower",
        calculation_method="average",
        weight=Decimal(40),
        actual_last_year="38",
        target_excellent="28",
        target_very_good="30",
        target_good="35",
        target_fair="36",
    )
    return 1


def _trainees(batch) -> list:
    """The demo trainee and up to three participants (of the batch, when there is one)."""
    from workshops.models import Participant
    from workshops.services import participant_link_account

    User = get_user_model()
    trainees = list(User.objects.filter(email=DEMO_TRAINEE))
    group = groups_ensure()[TRAINEES]
    participants = Participant.objects.exclude(user__email__in=[DEMO_TRAINEE, DEMO_TRAINER])
    if batch is not None and participants.filter(nominations__batch=batch).exists():
        participants = participants.filter(nominations__batch=batch)
    for participant in participants.order_by("pk")[:3]:
        user = participant.user
        if user is None:
            user = account_create(
                email=f"apa-demo-{participant.pk}@example.org",
                first_name=participant.name[:150],
                exist_ok=True,
            )
            participant_link_account(participant=participant, user=user)
        user.groups.add(group)
        trainees.append(user)
    return trainees


def _batch(trainer):
    """The batch the demo APAs belong to: the first with a session (the demo trainer is made
    its trainer), else the demo trainee's batch, else the first batch; None without batches.
    """
    from workshops.models import Batch, Participant, TrainerAssignment
    from workshops.services import participants_upsert, trainer_assign

    batch = Batch.objects.filter(sessions__isnull=False).order_by("pk").first()
    if batch is None:
        batches = Batch.objects.order_by("pk")
        return (
            batches.filter(nominations__participant__user__email=DEMO_TRAINEE).first()
            or batches.first()
        )
    if trainer is not None:
        participant = Participant.objects.filter(user=trainer).first()
        if participant is None:
            [participant] = participants_upsert(
                people=[
                    {
                        "name": trainer.get_full_name() or trainer.email,
                        "email": trainer.email,
                        "user": trainer,
                    }
                ]
            )
        session = batch.sessions.order_by("starts_at").first()
        if not TrainerAssignment.objects.filter(session=session, trainer=participant).exists():
            trainer_assign(session=session, trainer=participant)
    return batch


def _practice_apa(scenario, trainee, batch, trainer, state) -> PracticeAPA:
    agreement = services.agreement_create(scenario=scenario, trainee=trainee, batch=batch)
    services.agreement_update(
        agreement=agreement,
        by=trainee,
        vision="A sound, inclusive and stable financial sector.",
        mission=(
            "Strengthen financial institutions through policy, oversight and digital services "
            "so that credit reaches farmers and small enterprises."
        ),
        functions="Policy for banks and financial institutions; oversight of state-owned banks.",
    )
    _write_own(agreement, trainee, complete=state != "draft")
    if state == "draft":
        return agreement
    if state == "evaluated":
        _reporting_methods(agreement, trainee)
    services.agreement_submit(agreement=agreement, by=trainee)
    reviewer = trainer if trainer and selectors.can_review(trainer, agreement) else _organiser()
    if state == "submitted" or reviewer is None:
        return agreement
    sme = Indicator.objects.get(activity__objective__agreement=agreement, name__startswith="SME")
    if state == "returned":
        services.agreement_review(
            agreement=agreement,
            by=reviewer,
            accept=False,
            comments=[(sme, "Fill the Poor (60%) target: last year's actual was 1.29.")],
        )
        return agreement
    services.agreement_review(agreement=agreement, by=reviewer, accept=True, comments=[])
    _report_year(agreement, trainee)
    services.agreement_close_year(agreement=agreement, by=trainee)
    return agreement


def _organiser():
    return get_user_model().objects.filter(is_superuser=True).first() or (
        get_user_model().objects.filter(groups__name="Organisers").first()
    )


def _write_own(agreement: PracticeAPA, trainee, *, complete: bool) -> None:
    """The trainee writes the own objectives of OWN through the drafting services, in the
    rows the new APA starts with (one own objective, activity and indicator) and new ones."""
    first = agreement.objectives.get(is_mandatory=False)
    for order, (title, weight, activity_title, indicators) in enumerate(OWN, start=1):
        objective = first if order == 1 else services.objective_add(agreement=agreement, by=trainee)
        services.objective_save(
            objective=objective,
            by=trainee,
            order=order,
            title=title,
            weight=weight if complete else weight - 5,
        )
        activity = objective.activities.get()
        services.activity_save(activity=activity, by=trainee, title=activity_title)
        for position, (name, unit, direction, weight_, last, targets, _q) in enumerate(
            indicators, 1
        ):
            indicator = (
                activity.indicators.get()
                if position == 1
                else services.indicator_add(activity=activity, by=trainee)
            )
            services.indicator_save(
                indicator=indicator,
                by=trainee,
                order=position,
                name=name,
                unit=unit,
                direction=direction,
                calculation_method="date" if direction == "date" else "sum",
                weight=weight_,
                actual_last_year=last,
                target_excellent=targets[0],
                target_very_good=targets[1],
                target_good=targets[2],
                target_fair=targets[3],
                target_poor=targets[4],
            )


# How the year's figures of these indicators add up (set while drafting the APA whose year
# is reported).
REPORTING_METHODS = {"Classified loans of state-owned banks": "cumulative"}


def _reporting_methods(agreement: PracticeAPA, trainee) -> None:
    """Before submitting the APA whose year is reported: the cumulative indicator, and the
    mandatory date indicators without quarterly figures of their own counted by date."""
    own = {name for _t, _w, _a, indicators in OWN for name, *_rest in indicators}
    for indicator in Indicator.objects.filter(activity__objective__agreement=agreement):
        method = REPORTING_METHODS.get(indicator.name)
        if method is None and indicator.direction == "date" and indicator.name not in own:
            method = "date"
        if method and indicator.calculation_method != method:
            services.indicator_save(indicator=indicator, by=trainee, calculation_method=method)


def _report_year(agreement: PracticeAPA, trainee) -> None:
    quarters = {name: q for _t, _w, _a, indicators in OWN for name, *_rest, q in indicators}
    for indicator in Indicator.objects.filter(activity__objective__agreement=agreement):
        values = quarters.get(indicator.name) or _mandatory_quarters(indicator)
        for quarter, value in enumerate(values, start=1):
            if value:
                services.agreement_record_achievement(
                    indicator=indicator, quarter=quarter, value=value, by=trainee
                )
    PracticeAPA.objects.filter(pk=agreement.pk).update(updated_at=timezone.now())


def _mandatory_quarters(indicator: Indicator) -> list[str]:
    """Plausible quarterly figures for the pre-filled mandatory indicators."""
    if indicator.direction == "date":
        return ["2019-10-10", "", "", ""]
    excellent = Decimal(indicator.target_excellent or "0")
    share = {"sum": Decimal("0.22"), "average": Decimal("0.93"), "cumulative": Decimal("0.9")}
    value = (excellent * share.get(indicator.calculation_method, Decimal("0.9"))).quantize(
        Decimal("0.1")
    )
    return [str(value)] * 4 if indicator.calculation_method == "sum" else ["", "", "", str(value)]
