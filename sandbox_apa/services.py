"""Business rules of the APA sandbox: drafting, submitting, reviewing, scoring, peer review.

Every function checks who acts and in which state the APA is, and raises SandboxError with a
user-facing message when the rule does not allow it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.formatting import localise_numbers
from sandbox_apa import scoring, selectors, validation
from sandbox_apa.models import (
    Activity,
    Indicator,
    PeerReview,
    PeerReviewRound,
    PracticeAPA,
    QuarterlyAchievement,
    ReviewComment,
    Scenario,
    StrategicObjective,
)
from workshops.permissions import is_organiser, trainer_batch_ids


class SandboxError(Exception):
    """A rule of the sandbox refused the action; `messages` holds validation details."""

    def __init__(self, message: str, messages: list[validation.Message] | None = None):
        super().__init__(message)
        self.message = message
        self.messages = messages or []


# --- drafting ---------------------------------------------------------------------------


@transaction.atomic
def agreement_create(*, scenario: Scenario, trainee, batch=None) -> PracticeAPA:
    """Start a practice APA for a scenario: the mandatory objectives arrive pre-filled with
    their prescribed weights, followed by one empty own objective to write.

    Raises SandboxError if the scenario is not offered to trainees.
    """
    if not scenario.is_active:
        raise SandboxError(_("This scenario is not offered at the moment."))
    agreement = PracticeAPA.objects.create(
        scenario=scenario,
        trainee=trainee,
        participant=getattr(trainee, "participant", None),
        batch=batch,
    )
    own = StrategicObjective.objects.create(agreement=agreement, order=1)
    activity = Activity.objects.create(objective=own, order=1)
    Indicator.objects.create(activity=activity, order=1)
    for order, block in enumerate(scenario.mandatory_objectives, start=1):
        _copy_mandatory(agreement, order, block.value)
    return agreement


def _copy_mandatory(agreement: PracticeAPA, order: int, value) -> None:
    weight = Decimal(str(value["weight"]))
    objective = StrategicObjective.objects.create(
        agreement=agreement,
        order=order,
        title=value["title"],
        weight=weight,
        prescribed_weight=weight,
        is_mandatory=True,
        governance_area=value.get("governance_area", ""),
    )
    activities: dict[str, Activity] = {}
    for position, item in enumerate(value["indicators"], start=1):
        activity = activities.get(item["activity"])
        if activity is None:
            activity = Activity.objects.create(
                objective=objective, order=len(activities) + 1, title=item["activity"]
            )
            activities[item["activity"]] = activity
        targets = [t.strip() for t in (item.get("targets") or "").split("/")][:5]
        targets += [""] * (5 - len(targets))
        Indicator.objects.create(
            activity=activity,
            order=position,
            name=item["name"],
            unit=item.get("unit", ""),
            direction=item.get("direction", "higher"),
            calculation_method=item.get("calculation_method", "sum"),
            weight=Decimal(str(item["weight"])),
            target_excellent=targets[0],
            target_very_good=targets[1],
            target_good=targets[2],
            target_fair=targets[3],
            target_poor=targets[4],
        )


def _ensure_editable(agreement: PracticeAPA, by) -> None:
    if agreement.trainee_id != by.pk:
        raise SandboxError(_("Only the trainee who drafts this APA may change it."))
    if not agreement.is_editable:
        raise SandboxError(
            _("This APA is %(status)s and can no longer be changed.")
            % {"status": agreement.get_status_display().lower()}
        )


def agreement_update(*, agreement: PracticeAPA, by, **fields) -> PracticeAPA:
    """Change the vision, mission or functions of a draft or returned APA."""
    _ensure_editable(agreement, by)
    for name in ("vision", "mission", "functions"):
        if name in fields:
            setattr(agreement, name, fields[name])
    agreement.save()
    return agreement


def objective_save(*, objective: StrategicObjective, by, **fields) -> StrategicObjective:
    """Save an objective row. A mandatory objective's title stays as the scenario set it."""
    _ensure_editable(objective.agreement, by)
    allowed = ("weight", "order") if objective.is_mandatory else ("title", "weight", "order")
    for name in allowed:
        if name in fields:
            setattr(objective, name, fields[name])
    objective.save()
    PracticeAPA.objects.filter(pk=objective.agreement_id).update(updated_at=timezone.now())
    return objective


def activity_save(*, activity: Activity, by, title: str) -> Activity:
    """Rename an activity of an own objective."""
    _ensure_editable(activity.objective.agreement, by)
    if activity.objective.is_mandatory:
        raise SandboxError(_("The activities of a mandatory objective are set by the scenario."))
    activity.title = title
    activity.save(update_fields=["title"])
    return activity


def indicator_save(*, indicator: Indicator, by, **fields) -> Indicator:
    """Save an indicator row (values already normalised by the form).

    Of a mandatory indicator only the previous actuals, projections and targets may change.
    """
    objective = indicator.activity.objective
    _ensure_editable(objective.agreement, by)
    for name, value in fields.items():
        if objective.is_mandatory and name in ("name", "unit", "direction", "weight"):
            continue
        setattr(indicator, name, value)
    indicator.save()
    PracticeAPA.objects.filter(pk=objective.agreement_id).update(updated_at=timezone.now())
    return indicator


def objective_add(*, agreement: PracticeAPA, by) -> StrategicObjective:
    """Add an own objective (with one activity and one indicator) at the end of the list."""
    _ensure_editable(agreement, by)
    last = agreement.objectives.filter(is_mandatory=False).order_by("-order").first()
    objective = StrategicObjective.objects.create(
        agreement=agreement, order=(last.order + 1) if last else 1
    )
    activity = Activity.objects.create(objective=objective, order=1)
    Indicator.objects.create(activity=activity, order=1)
    return objective


def activity_add(*, objective: StrategicObjective, by) -> Activity:
    """Add an activity (with one indicator) to an own objective."""
    _ensure_editable(objective.agreement, by)
    if objective.is_mandatory:
        raise SandboxError(_("The activities of a mandatory objective are set by the scenario."))
    activity = Activity.objects.create(objective=objective, order=objective.activities.count() + 1)
    Indicator.objects.create(activity=activity, order=1)
    return activity


def indicator_add(*, activity: Activity, by) -> Indicator:
    """Add an indicator to an activity of an own objective."""
    _ensure_editable(activity.objective.agreement, by)
    if activity.objective.is_mandatory:
        raise SandboxError(_("The indicators of a mandatory objective are set by the scenario."))
    return Indicator.objects.create(activity=activity, order=activity.indicators.count() + 1)


def row_delete(*, row: StrategicObjective | Activity | Indicator, by) -> None:
    """Delete an own objective, activity or indicator (and what it holds)."""
    objective = row if isinstance(row, StrategicObjective) else None
    if isinstance(row, Activity):
        objective = row.objective
    elif isinstance(row, Indicator):
        objective = row.activity.objective
    _ensure_editable(objective.agreement, by)
    if objective.is_mandatory:
        raise SandboxError(_("Mandatory objectives and their rows cannot be deleted."))
    row.delete()


# --- the exercise -----------------------------------------------------------------------


@transaction.atomic
def agreement_submit(*, agreement: PracticeAPA, by) -> PracticeAPA:
    """Send a draft or returned APA to the trainer.

    Raises SandboxError (with the validation messages) while any check reports an error;
    warnings do not block.
    """
    agreement = PracticeAPA.objects.select_for_update().get(pk=agreement.pk)
    _ensure_editable(agreement, by)
    messages = selectors.agreement_messages(agreement)
    if validation.has_errors(messages):
        errors = [m for m in messages if m.severity == validation.ERROR]
        raise SandboxError(
            _("The APA still has %(count)s error(s); correct them before submitting.")
            % localise_numbers({"count": len(errors)}),
            errors,
        )
    agreement.status = PracticeAPA.Status.SUBMITTED
    agreement.submitted_at = timezone.now()
    agreement.save(update_fields=["status", "submitted_at", "updated_at"])
    return agreement


@transaction.atomic
def agreement_review(
    *, agreement: PracticeAPA, by, accept: bool, comments: list[tuple[object, str]] = ()
) -> PracticeAPA:
    """A trainer returns a submitted APA for changes or accepts it, with comments.

    `comments` holds (target, text) pairs where the target is the APA, one of its objectives
    or one of its indicators. Returning needs at least one comment. Raises SandboxError if the
    user may not review this APA or it is not submitted.
    """
    agreement = PracticeAPA.objects.select_for_update().get(pk=agreement.pk)
    if not selectors.can_review(by, agreement):
        raise SandboxError(_("Only a trainer of the APA's batch may review it."))
    if agreement.status != PracticeAPA.Status.SUBMITTED:
        raise SandboxError(_("Only a submitted APA can be reviewed."))
    written = [(target, text.strip()) for target, text in comments if text and text.strip()]
    if not accept and not written:
        raise SandboxError(_("Say what to change: write at least one comment to return it."))
    for target, text in written:
        ReviewComment.objects.create(agreement=agreement, author=by, text=text, **_on(target))
    agreement.status = PracticeAPA.Status.ACCEPTED if accept else PracticeAPA.Status.RETURNED
    agreement.reviewed_at = timezone.now()
    agreement.reviewed_by = by
    agreement.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    return agreement


def _on(target) -> dict:
    if isinstance(target, Indicator):
        return {"indicator": target, "objective": target.activity.objective}
    if isinstance(target, StrategicObjective):
        return {"objective": target}
    return {}


def _check_reporter(agreement: PracticeAPA, by) -> None:
    if agreement.trainee_id != by.pk:
        raise SandboxError(_("Only the trainee who drafted this APA reports its achievements."))
    if not agreement.takes_achievements:
        raise SandboxError(_("Achievements are reported once the trainer has accepted the APA."))


def _achievements_write(agreement: PracticeAPA, values: Mapping[tuple[int, int], str]) -> int:
    """Inside the transaction that locks the APA: write the cells that changed (created,
    updated or, for an empty value, cleared) with three statements at most."""
    if any(quarter not in (1, 2, 3, 4) for _indicator, quarter in values):
        raise SandboxError(_("A year has four quarters."))
    own = set(
        Indicator.objects.filter(activity__objective__agreement=agreement).values_list(
            "pk", flat=True
        )
    )
    if not {indicator_id for indicator_id, _quarter in values} <= own:
        raise SandboxError(_("An achievement was posted for an indicator of another APA."))
    existing = {
        (a.indicator_id, a.quarter): a
        for a in QuarterlyAchievement.objects.filter(indicator_id__in=own)
    }
    now = timezone.now()
    created, updated, cleared = [], [], []
    for (indicator_id, quarter), value in values.items():
        current = existing.get((indicator_id, quarter))
        if not value:
            if current is not None:
                cleared.append(current.pk)
        elif current is None:
            created.append(
                QuarterlyAchievement(indicator_id=indicator_id, quarter=quarter, value=value)
            )
        elif current.value != value:
            current.value, current.recorded_at = value, now
            updated.append(current)
    QuarterlyAchievement.objects.filter(pk__in=cleared).delete()
    QuarterlyAchievement.objects.bulk_create(created)
    QuarterlyAchievement.objects.bulk_update(updated, ["value", "recorded_at"])
    changed = len(created) + len(updated) + len(cleared)
    if changed:
        PracticeAPA.objects.filter(pk=agreement.pk).update(updated_at=now)
    return changed


def agreement_achievements_save(
    *, agreement: PracticeAPA, by, values: Mapping[tuple[int, int], str]
) -> int:
    """Record the quarterly achievements of an APA's indicators, all at once.

    `values` maps (indicator id, quarter) to a value already normalised by the form; an
    empty value clears that quarter, a cell not mentioned is left as it is. All or nothing:
    one transaction with the APA's row locked, so a failure halfway leaves the achievements
    as they were and two saves of the page (two tabs, an autosave and a click) apply one
    after the other. Only the trainee, once the APA is accepted (and after the year is
    closed, to correct it). Raises SandboxError otherwise, for a quarter outside 1-4 or an
    indicator of another APA. Returns how many quarters changed.
    """
    with transaction.atomic():
        agreement = PracticeAPA.objects.select_for_update().get(pk=agreement.pk)
        _check_reporter(agreement, by)
        return _achievements_write(agreement, values)


def agreement_record_achievement(*, indicator: Indicator, quarter: int, value: str, by) -> None:
    """Record (or clear, with an empty value) one indicator's achievement for one quarter;
    `agreement_achievements_save` with a single cell."""
    agreement = PracticeAPA(pk=indicator.activity.objective.agreement_id)
    agreement_achievements_save(agreement=agreement, by=by, values={(indicator.pk, quarter): value})


def agreement_close_year(
    *, agreement: PracticeAPA, by, values: Mapping[tuple[int, int], str] | None = None
) -> PracticeAPA:
    """Close the simulated year: the APA becomes evaluated. Needs an achievement per indicator.

    `values` are the achievements the page posts with the close (as for
    `agreement_achievements_save`): they are saved first, in the same transaction, and stay
    saved when the year cannot close yet, so that nothing typed is lost. Raises SandboxError
    for another user, an APA that is not accepted, bad cells (then nothing is saved) or
    indicators still without an achievement (saying how many).
    """
    with transaction.atomic():
        agreement = PracticeAPA.objects.select_for_update().get(pk=agreement.pk)
        if agreement.trainee_id != by.pk:
            raise SandboxError(_("Only the trainee who drafted this APA closes its year."))
        if agreement.status != PracticeAPA.Status.ACCEPTED:
            raise SandboxError(_("Only an accepted APA can be evaluated."))
        if values:
            _achievements_write(agreement, values)
        missing = Indicator.objects.filter(
            activity__objective__agreement=agreement, achievements__isnull=True
        ).count()
        if not missing:
            agreement.status = PracticeAPA.Status.EVALUATED
            agreement.evaluated_at = timezone.now()
            agreement.save(update_fields=["status", "evaluated_at", "updated_at"])
    # Raised after the commit: the achievements posted with the close are kept.
    if missing:
        raise SandboxError(
            _("%(count)s indicator(s) have no achievement yet.")
            % localise_numbers({"count": missing})
        )
    return agreement


def agreement_score(*, agreement: PracticeAPA) -> scoring.AgreementResult:
    """The scored APA (see sandbox_apa.scoring.AgreementResult)."""
    return selectors.agreement_result(agreement)


# --- peer review ------------------------------------------------------------------------

REVIEWS_PER_TRAINEE = 2


@transaction.atomic
def peer_round_open(*, batch, by) -> PeerReviewRound:
    """Open a peer review round for a batch: each trainee with a submitted APA reviews two
    colleagues' APAs (the next two in a ring, so nobody gets their own and each APA gets two
    reviews). Raises SandboxError for a non-trainer, an open round, or fewer than two APAs.
    """
    from workshops.models import Batch

    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if not (is_organiser(by) or batch.pk in trainer_batch_ids(by)):
        raise SandboxError(_("Only a trainer of the batch may open a peer review round."))
    if PeerReviewRound.objects.filter(batch=batch, is_open=True).exists():
        raise SandboxError(_("A peer review round is already open for this batch."))
    agreements = list(
        PracticeAPA.objects.filter(batch=batch)
        .exclude(status__in=PracticeAPA.EDITABLE)
        .order_by("submitted_at", "pk")
    )
    latest = {}
    for agreement in agreements:  # one APA per trainee: the latest submitted
        latest[agreement.trainee_id] = agreement
    agreements = list(latest.values())
    if len(agreements) < 2:
        raise SandboxError(_("Peer review needs at least two submitted APAs in the batch."))
    round_ = PeerReviewRound.objects.create(batch=batch, opened_by=by)
    count = len(agreements)
    reviews = [
        PeerReview(round=round_, reviewer_id=agreement.trainee_id, agreement=agreements[target])
        for index, agreement in enumerate(agreements)
        for target in {(index + step) % count for step in range(1, REVIEWS_PER_TRAINEE + 1)}
        if target != index
    ]
    PeerReview.objects.bulk_create(reviews)
    return round_


def peer_review_submit(
    *,
    review: PeerReview,
    by,
    clarity: int,
    measurability: int,
    realism: int,
    weights: int,
    comments: str = "",
) -> PeerReview:
    """Submit one's peer review: four ratings from 1 to 5 and comments.

    Raises SandboxError if it is not the user's review, the round is closed or a rating is
    outside 1..5.
    """
    if review.reviewer_id != by.pk:
        raise SandboxError(_("This review is assigned to someone else."))
    if not review.round.is_open:
        raise SandboxError(_("This peer review round is closed."))
    ratings = {
        "clarity": clarity,
        "measurability": measurability,
        "realism": realism,
        "weights": weights,
    }
    if any(not 1 <= int(v) <= 5 for v in ratings.values()):
        raise SandboxError(_("Rate each point from 1 to 5."))
    for name, value in ratings.items():
        setattr(review, name, int(value))
    review.comments = comments
    review.submitted_at = timezone.now()
    review.save()
    return review


def peer_round_close(*, round: PeerReviewRound, by) -> PeerReviewRound:
    """Close a round: no more reviews are taken."""
    if not (is_organiser(by) or round.batch_id in trainer_batch_ids(by)):
        raise SandboxError(_("Only a trainer of the batch may close the round."))
    round.is_open = False
    round.save(update_fields=["is_open"])
    return round
