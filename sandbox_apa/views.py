"""Pages of the APA sandbox: the trainee's editor, the trainer's review, scores and exports.

Views stay thin: they look up the APA among those the user may see, parse input with a form,
call one service and turn SandboxError into a message or a 4xx.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.formatting import is_bangla
from sandbox_apa import exports, forms, selectors, services, validation
from sandbox_apa.models import (
    TARGET_FIELDS,
    VALUE_FIELDS,
    Activity,
    CalculationMethod,
    Direction,
    Indicator,
    PeerReview,
    PeerReviewRound,
    PracticeAPA,
    StrategicObjective,
)
from sandbox_apa.services import SandboxError
from workshops.permissions import is_organiser, trainer_batch_ids

_RELATED = ("scenario__framework", "trainee", "participant", "batch__event")


def _agreement(request, pk, *, related: tuple[str, ...] = _RELATED) -> PracticeAPA:
    """The APA if the user may see it, else 404 (not 403: its existence is not disclosed).
    A trainee's own APA is found first, without working out which batches they train."""
    if request.user.is_authenticated:
        own = PracticeAPA.objects.select_related(*related).filter(pk=pk, trainee=request.user)
        agreement = next(iter(own[:1]), None)  # by primary key: no ordering to compile
        if agreement is not None:
            agreement.trainee = request.user
            return agreement
    queryset = selectors.agreements_visible_to(request.user).select_related(*related)
    return get_object_or_404(queryset, pk=pk)


def _own(request, pk) -> PracticeAPA:
    agreement = _agreement(request, pk)
    if agreement.trainee_id != request.user.pk:
        raise PermissionDenied
    return agreement


@login_required
def agreement_list(request):
    """The user's practice APAs, and for trainers the batches they train."""
    own = (
        PracticeAPA.objects.filter(trainee=request.user)
        .select_related("scenario")
        .order_by("-updated_at")
    )
    from workshops.models import Batch

    batches = Batch.objects.filter(pk__in=trainer_batch_ids(request.user))
    if is_organiser(request.user):
        batches = Batch.objects.filter(practice_apas__isnull=False).distinct()
    assigned = PeerReview.objects.filter(reviewer=request.user, round__is_open=True)
    return render(
        request,
        "sandbox_apa/agreement_list.html",
        {
            "agreements": own,
            "batches": batches.select_related("event"),
            "peer_reviews_waiting": assigned.filter(submitted_at__isnull=True).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_new(request):
    form = forms.CreateAgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = _current_batch(request.user)
        try:
            agreement = services.agreement_create(
                scenario=form.cleaned_data["scenario"], trainee=request.user, batch=batch
            )
        except SandboxError as error:
            messages.error(request, error.message)
        else:
            return redirect("sandbox_apa:detail", pk=agreement.pk)
    return render(request, "sandbox_apa/agreement_new.html", {"form": form})


def _current_batch(user):
    """The trainee's latest confirmed batch, so that their trainers see the APA."""
    participant = getattr(user, "participant", None)
    if participant is None:
        return None
    nomination = (
        participant.nominations.filter(status="confirmed")
        .select_related("batch")
        .order_by("-batch__start_date")
        .first()
    )
    return nomination.batch if nomination else None


@login_required
def agreement_detail(request, pk):
    """The editor for the trainee while the APA is a draft or returned; else a read-only view."""
    # The editor shows the scenario only: its own APA is read without the batch, its event
    # (a Wagtail page) and the participant, whose joins were a fifth of the page (issue 20).
    agreement = _agreement(request, pk, related=("scenario__framework",))
    editable = agreement.is_editable and agreement.trainee_id == request.user.pk
    if not editable:
        agreement = _agreement(request, pk)  # the read-only page names them
    # A draft or returned APA has no achievements yet: the editor does not load them.
    tree = selectors.agreement_tree(agreement, achievements=not editable)
    checks = selectors.agreement_messages(agreement, tree)
    checks_by_row = validation.messages_by_row(checks)
    context = {
        "agreement": agreement,
        "framework": agreement.scenario.framework,
        "rows": _rows_with_checks(tree, checks_by_row),
        "objectives": tree,
        "checks": checks,
        "checks_by_row": checks_by_row,
        "checks_json": [m.as_dict() for m in checks],
        "comments": _comments(agreement, tree),
        "editable": editable,
        "can_review": selectors.can_review(request.user, agreement),
        "text_form": forms.AgreementTextForm(instance=agreement),
        "target_fields": TARGET_FIELDS,
        "value_fields": _value_fields(agreement.scenario.framework),
        "direction_choices": [(value, str(label)) for value, label in Direction.choices],
        "calculation_choices": [(v, str(label)) for v, label in CalculationMethod.choices],
        "labels": _editor_labels() if editable else {},
    }
    if editable:
        _editor_links(agreement.pk, tree)
        context["csrf_field"] = csrf_input(request)
    template = "sandbox_apa/editor.html" if editable else "sandbox_apa/agreement_detail.html"
    return render(request, template, context)


def _comments(agreement, tree) -> list:
    """The trainer's comments, with their objective and indicator taken from the tree already
    read (joining both into the comments' query was a tenth of the editor, issue 20)."""
    objectives = {objective.pk: objective for objective in tree}
    indicators = {
        indicator.pk: indicator
        for objective in tree
        for activity in objective.activities.all()
        for indicator in activity.indicators.all()
    }
    comments = list(agreement.comments.all())
    for comment in comments:
        if comment.objective_id in objectives:
            comment.objective = objectives[comment.objective_id]
        if comment.indicator_id in indicators:
            comment.indicator = indicators[comment.indicator_id]
    return comments


_MARK = 987654321


def _link_maker(name: str, *args):
    """`reverse(name, args=[*args, pk])` for any pk, reversed once: the editor's rows asked
    for five URLs each, a tenth of the page (issue 20)."""
    prefix, suffix = reverse(name, args=[*args, _MARK]).rsplit(str(_MARK), 1)
    return lambda pk: f"{prefix}{pk}{suffix}"


def _editor_links(agreement_pk: int, tree) -> None:
    """Give each objective, activity and indicator of the editor its row URLs and its id as
    text (`key`: printed as is, not through number formatting)."""
    save = {kind: _link_maker("sandbox_apa:row_save", agreement_pk, kind) for kind in _KINDS}
    delete = {kind: _link_maker("sandbox_apa:row_delete", agreement_pk, kind) for kind in _KINDS}
    add_activity = _link_maker("sandbox_apa:row_add_to", agreement_pk, "activity")
    add_indicator = _link_maker("sandbox_apa:row_add_to", agreement_pk, "indicator")
    for objective in tree:
        _links(objective, "objective", save, delete, add_activity)
        for activity in objective.activities.all():
            _links(activity, "activity", save, delete, add_indicator)
            for indicator in activity.indicators.all():
                _links(indicator, "indicator", save, delete, None)


_KINDS = ("objective", "activity", "indicator")


def _links(row, kind: str, save: dict, delete: dict, add) -> None:
    row.key = str(row.pk)
    row.save_url = save[kind](row.pk)
    row.delete_url = delete[kind](row.pk)
    if add is not None:
        row.add_url = add(row.pk)


def _editor_labels() -> dict[str, str]:
    """The words every row of the editor repeats, translated once per page rather than in
    every row (a translation lookup in a template costs as much as a whole cell)."""
    return {
        "objective": _("Strategic objective"),
        "objective_weight": _("Objective weight"),
        "activity": _("Activity"),
        "activity_lower": _("activity"),
        "indicator": _("Performance indicator"),
        "indicator_short": _("Indicator"),
        "indicator_lower": _("indicator"),
        "indicator_weight": _("Indicator weight"),
        "calculation_method": _("Calculation method"),
        "unit": _("Unit"),
        "direction": _("Direction"),
        "mandatory": _("mandatory"),
        "delete": _("delete"),
        "delete_objective": _("delete objective"),
        "delete_objective_q": _("Delete this objective with its activities and indicators?"),
        "delete_activity_q": _("Delete this activity with its indicators?"),
        "delete_indicator": _("Delete this indicator?"),
        "no_indicator": _("No indicator yet."),
    }


def _rows_with_checks(tree, checks_by_row) -> list[dict]:
    """Section 3 rows with the checks of their objective and indicator attached."""
    rows = selectors.section3_rows(tree)
    for row in rows:
        row["objective_checks"] = checks_by_row.get(f"objective-{row['objective'].pk}", [])
        indicator = row["indicator"]
        key = f"indicator-{indicator.pk}" if indicator else ""
        row["indicator_checks"] = checks_by_row.get(key, [])
    return rows


def _value_fields(framework) -> list[tuple[str, str]]:
    """(field, label) of the value columns: previous actuals, targets, projections."""
    labels = [_("Actual, year before last"), _("Actual, last year")]
    labels += [_("Target %(level)s%%") % {"level": level} for level in framework.levels]
    labels += [_("Projection, next year"), _("Projection, year after")]
    return list(zip(VALUE_FIELDS, labels, strict=True))


# --- the editor's JSON endpoints -------------------------------------------------------------


def _json_body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _saved(agreement, fields: dict) -> JsonResponse:
    checks = selectors.agreement_messages(agreement)
    return JsonResponse(
        {
            "ok": True,
            "values": {name: (str(v) if v is not None else "") for name, v in fields.items()},
            "checks": [m.as_dict() for m in checks],
        }
    )


def _invalid(form) -> JsonResponse:
    errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    return JsonResponse({"ok": False, "errors": errors}, status=400)


def _refused(error: SandboxError) -> JsonResponse:
    return JsonResponse({"ok": False, "errors": {"__all__": [error.message]}}, status=409)


@login_required
@require_POST
def row_save(request, pk, kind, row):
    """Save one row of the editor (objective, activity or indicator) posted as JSON.

    Answers the normalised values and every check of the APA, or per-field errors (400).
    """
    agreement = _own(request, pk)
    data = _json_body(request)
    try:
        if kind == "objective":
            objective = get_object_or_404(StrategicObjective, pk=row, agreement=agreement)
            form = forms.ObjectiveForm(data)
            if not form.is_valid():
                return _invalid(form)
            fields = _present(form, data)
            services.objective_save(objective=objective, by=request.user, **fields)
        elif kind == "activity":
            activity = get_object_or_404(Activity, pk=row, objective__agreement=agreement)
            form = forms.ActivityForm(data)
            if not form.is_valid():
                return _invalid(form)
            fields = form.cleaned_data
            services.activity_save(activity=activity, by=request.user, title=fields["title"])
        elif kind == "indicator":
            indicator = get_object_or_404(
                Indicator, pk=row, activity__objective__agreement=agreement
            )
            form = forms.IndicatorForm(_indicator_data(indicator, data), instance=indicator)
            if not form.is_valid():
                return _invalid(form)
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            indicator = Indicator.objects.get(pk=indicator.pk)  # the form changed the instance
            services.indicator_save(indicator=indicator, by=request.user, **fields)
        elif kind == "agreement":
            form = forms.AgreementTextForm(data, instance=PracticeAPA(pk=agreement.pk))
            if not form.is_valid():
                return _invalid(form)
            fields = {k: v for k, v in form.cleaned_data.items() if k in data}
            services.agreement_update(agreement=agreement, by=request.user, **fields)
        else:
            raise Http404
    except SandboxError as error:
        return _refused(error)
    return _saved(agreement, fields)


def _present(form, data) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name in data}


def _indicator_data(indicator: Indicator, data: dict) -> dict:
    """The row as posted over the indicator's current values (a partial post keeps the rest)."""
    merged = {name: getattr(indicator, name) for name in forms.IndicatorForm.Meta.fields}
    merged["weight"] = "" if indicator.weight is None else str(indicator.weight)
    merged.update({k: v for k, v in data.items() if k in merged})
    return merged


@login_required
@require_POST
def row_add(request, pk, kind, parent=None):
    """Add an own objective, an activity to an objective or an indicator to an activity."""
    agreement = _own(request, pk)
    try:
        if kind == "objective":
            services.objective_add(agreement=agreement, by=request.user)
        elif kind == "activity":
            objective = get_object_or_404(StrategicObjective, pk=parent, agreement=agreement)
            services.activity_add(objective=objective, by=request.user)
        elif kind == "indicator":
            activity = get_object_or_404(Activity, pk=parent, objective__agreement=agreement)
            services.indicator_add(activity=activity, by=request.user)
        else:
            raise Http404
    except SandboxError as error:
        messages.error(request, error.message)
    return redirect(reverse("sandbox_apa:detail", args=[pk]) + "#section3")


@login_required
@require_POST
def row_delete(request, pk, kind, row):
    agreement = _own(request, pk)
    lookups = {
        "objective": (StrategicObjective, {"agreement": agreement}),
        "activity": (Activity, {"objective__agreement": agreement}),
        "indicator": (Indicator, {"activity__objective__agreement": agreement}),
    }
    if kind not in lookups:
        raise Http404
    model, scope = lookups[kind]
    try:
        services.row_delete(row=get_object_or_404(model, pk=row, **scope), by=request.user)
    except SandboxError as error:
        messages.error(request, error.message)
    return redirect(reverse("sandbox_apa:detail", args=[pk]) + "#section3")


@login_required
def agreement_checks(request, pk):
    agreement = _agreement(request, pk)
    checks = selectors.agreement_messages(agreement)
    return JsonResponse({"checks": [m.as_dict() for m in checks]})


@login_required
@require_POST
def agreement_submit(request, pk):
    agreement = _own(request, pk)
    try:
        services.agreement_submit(agreement=agreement, by=request.user)
    except SandboxError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your APA was sent to the trainer for review."))
    return redirect("sandbox_apa:detail", pk=pk)


# --- review, achievements, score -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agreement_review(request, pk):
    """The trainer's review: a comment per objective and indicator, then return or accept."""
    agreement = _agreement(request, pk)
    if not selectors.can_review(request.user, agreement):
        raise PermissionDenied
    tree = selectors.agreement_tree(agreement)
    if request.method == "POST":
        comments = [(agreement, request.POST.get("comment-apa", ""))]
        for objective in tree:
            comments.append((objective, request.POST.get(f"comment-objective-{objective.pk}", "")))
            for activity in objective.activities.all():
                for indicator in activity.indicators.all():
                    key = f"comment-indicator-{indicator.pk}"
                    comments.append((indicator, request.POST.get(key, "")))
        accept = request.POST.get("decision") == "accept"
        try:
            services.agreement_review(
                agreement=agreement, by=request.user, accept=accept, comments=comments
            )
        except SandboxError as error:
            messages.error(request, error.message)
        else:
            text = _("APA accepted.") if accept else _("APA returned to the trainee.")
            messages.success(request, text)
            return redirect("sandbox_apa:detail", pk=pk)
    checks = selectors.agreement_messages(agreement, tree)
    checks_by_row = validation.messages_by_row(checks)
    return render(
        request,
        "sandbox_apa/review.html",
        {
            "agreement": agreement,
            "framework": agreement.scenario.framework,
            "rows": _rows_with_checks(tree, checks_by_row),
            "checks": checks,
            "checks_by_row": checks_by_row,
            "comments": agreement.comments.select_related("author"),
            "target_fields": TARGET_FIELDS,
        },
    )


def _indicators(tree) -> list[Indicator]:
    return [i for o in tree for a in o.activities.all() for i in a.indicators.all()]


def _posted_achievements(request, indicators) -> tuple[dict, dict]:
    """The achievement cells in the POST, normalised: ({(indicator id, quarter): value},
    {(indicator id, quarter): error}). A cell that was not posted is left out (kept as is)."""
    values, errors = {}, {}
    for indicator in indicators:
        for quarter in (1, 2, 3, 4):
            name = f"q{quarter}-{indicator.pk}"
            if name not in request.POST:
                continue
            form = forms.AchievementForm({"value": request.POST[name]}, indicator=indicator)
            if form.is_valid():
                values[(indicator.pk, quarter)] = form.cleaned_data["value"]
            else:
                errors[(indicator.pk, quarter)] = " ".join(form.errors["value"])
    return values, errors


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _achievements_json(values: dict, errors: dict, error: SandboxError | None = None):
    """The answer to the page's save-as-you-type: the stored values, or why not."""
    if error is not None:
        return JsonResponse({"ok": False, "errors": {"__all__": [error.message]}}, status=409)
    if errors:
        cells = {f"q{q}-{pk}": [text] for (pk, q), text in errors.items()}
        return JsonResponse({"ok": False, "errors": cells}, status=400)
    return JsonResponse(
        {"ok": True, "values": {f"q{q}-{pk}": str(v) for (pk, q), v in values.items()}}
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_achievements(request, pk):
    """Quarter-by-quarter achievements of every indicator, entered by the trainee.

    The page saves as one types (a POST with `Accept: application/json`, answered in JSON)
    and with its button; either way all posted cells are saved at once or, if one is not
    valid, none.
    """
    agreement = _agreement(request, pk)
    indicators = _indicators(selectors.agreement_tree(agreement))
    errors = {}
    if request.method == "POST":
        if agreement.trainee_id != request.user.pk:
            raise PermissionDenied
        values, errors = _posted_achievements(request, indicators)
        refused = None
        if not errors:
            try:
                services.agreement_achievements_save(
                    agreement=agreement, by=request.user, values=values
                )
            except SandboxError as error:
                refused = error
        if _wants_json(request):
            return _achievements_json(values, errors, refused)
        if refused is not None:
            messages.error(request, refused.message)
        elif errors:
            messages.error(request, _("Nothing was saved: correct the highlighted cells."))
        else:
            messages.success(request, _("Achievements saved."))
            return redirect("sandbox_apa:achievements", pk=pk)
    return _achievements_page(request, agreement, indicators, errors)


def _achievements_page(request, agreement, indicators, errors: dict):
    """The achievements table; after a refused POST its cells show what was typed."""
    labels = [_("Q1 (Jul–Sep)"), _("Q2 (Oct–Dec)"), _("Q3 (Jan–Mar)"), _("Q4 (Apr–Jun)")]
    rows = []
    for indicator in indicators:
        by_quarter = {a.quarter: a.value for a in indicator.achievements.all()}
        quarters = [
            {
                "quarter": q,
                "label": labels[q - 1],
                "name": f"q{q}-{indicator.pk}",
                "value": request.POST.get(f"q{q}-{indicator.pk}", by_quarter.get(q, "")),
                "error": errors.get((indicator.pk, q), ""),
            }
            for q in (1, 2, 3, 4)
        ]
        rows.append({"indicator": indicator, "quarters": quarters})
    return render(
        request,
        "sandbox_apa/achievements.html",
        {
            "agreement": agreement,
            "rows": rows,
            "quarter_labels": labels,
            "can_edit": agreement.trainee_id == request.user.pk and agreement.takes_achievements,
        },
    )


@login_required
@require_POST
def agreement_close_year(request, pk):
    """Close the year with the achievements the page posts with it (saved first, so that
    nothing typed is lost, also when the year cannot close yet)."""
    agreement = _own(request, pk)
    indicators = _indicators(selectors.agreement_tree(agreement))
    values, errors = _posted_achievements(request, indicators)
    if errors:
        messages.error(request, _("Nothing was saved: correct the highlighted cells."))
        return _achievements_page(request, agreement, indicators, errors)
    try:
        services.agreement_close_year(agreement=agreement, by=request.user, values=values)
    except SandboxError as error:
        # The page again with the cells as typed (and, unless the cells were refused, saved).
        messages.error(request, error.message)
        return _achievements_page(request, agreement, indicators, {})
    messages.success(request, _("The year is closed: here is your APA's evaluation."))
    return redirect("sandbox_apa:score", pk=pk)


@login_required
def agreement_score(request, pk):
    """The scored APA: marks per indicator and objective, total, what would have raised it."""
    agreement = _agreement(request, pk)
    tree = selectors.agreement_tree(agreement)
    result = selectors.agreement_result(agreement, tree)
    indicators = {i.pk: i for o in tree for a in o.activities.all() for i in a.indicators.all()}
    return render(
        request,
        "sandbox_apa/score.html",
        {
            "agreement": agreement,
            "framework": agreement.scenario.framework,
            "rows": selectors.section3_rows(tree),
            "result": result,
            "annual": {pk: selectors.indicator_annual(i) for pk, i in indicators.items()},
            "improvements": [(r, indicators[r.key]) for r in result.improvements[:3]],
        },
    )


# --- exports -----------------------------------------------------------------------------


@login_required
def agreement_pdf(request, pk):
    """The APA as a PDF in the page's language (/bn/... is Bangla); ?lang=en|bn chooses."""
    agreement = _agreement(request, pk)
    lang = request.GET.get("lang") or get_language()
    content = exports.agreement_pdf(agreement, lang="bn" if is_bangla(lang) else "en")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="practice-apa-{agreement.pk}.pdf"'
    return response


@login_required
def agreement_xlsx(request, pk):
    agreement = _agreement(request, pk)
    response = HttpResponse(
        exports.agreement_xlsx(agreement),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="practice-apa-{agreement.pk}.xlsx"'
    return response


# --- batches and peer review -------------------------------------------------------------


def _trained_batch(request, batch_id):
    from workshops.models import Batch

    batch = get_object_or_404(Batch.objects.select_related("event"), pk=batch_id)
    if not (is_organiser(request.user) or batch.pk in trainer_batch_ids(request.user)):
        raise PermissionDenied
    return batch


@login_required
def batch_scoreboard(request, batch_id):
    """Each trainee's APA in the batch: status, validity, score; and the peer review round."""
    batch = _trained_batch(request, batch_id)
    rounds = list(
        PeerReviewRound.objects.filter(batch=batch).prefetch_related(
            Prefetch(
                "reviews",
                queryset=PeerReview.objects.select_related(
                    "reviewer",
                    "agreement__trainee",
                    "agreement__participant",
                    "agreement__scenario",
                ),
            )
        )
    )
    return render(
        request,
        "sandbox_apa/scoreboard.html",
        {
            "batch": batch,
            "rows": selectors.batch_scoreboard(batch),
            "rounds": rounds,
            "round_open": any(round_.is_open for round_ in rounds),
        },
    )


@login_required
@require_POST
def peer_round_open(request, batch_id):
    batch = _trained_batch(request, batch_id)
    try:
        services.peer_round_open(batch=batch, by=request.user)
    except SandboxError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Peer review round opened: each trainee reviews two APAs."))
    return redirect("sandbox_apa:scoreboard", batch_id=batch.pk)


@login_required
@require_POST
def peer_round_close(request, batch_id, round_id):
    batch = _trained_batch(request, batch_id)
    round_ = get_object_or_404(PeerReviewRound, pk=round_id, batch=batch)
    try:
        services.peer_round_close(round=round_, by=request.user)
    except SandboxError as error:
        messages.error(request, error.message)
    return redirect("sandbox_apa:scoreboard", batch_id=batch.pk)


@login_required
def peer_review_list(request):
    """Reviews the user is to write, and the (anonymous) reviews of their own APAs."""
    to_write = (
        PeerReview.objects.filter(reviewer=request.user)
        .select_related("round__batch__event", "agreement__scenario")
        .order_by("submitted_at", "pk")
    )
    received = (
        PeerReview.objects.filter(agreement__trainee=request.user, submitted_at__isnull=False)
        .select_related("agreement__scenario")
        .order_by("-submitted_at")
    )
    return render(
        request,
        "sandbox_apa/peer_review_list.html",
        {"to_write": to_write, "received": received},
    )


@login_required
@require_http_methods(["GET", "POST"])
def peer_review_write(request, review_id):
    review = get_object_or_404(
        PeerReview.objects.select_related("round", "agreement__scenario__framework"),
        pk=review_id,
        reviewer=request.user,
    )
    form = forms.PeerReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_review_submit(review=review, by=request.user, **form.cleaned_data)
        except SandboxError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you: your review was sent anonymously."))
            return redirect("sandbox_apa:peer_reviews")
    agreement = review.agreement
    tree = selectors.agreement_tree(agreement)
    return render(
        request,
        "sandbox_apa/peer_review_write.html",
        {
            "review": review,
            "form": form,
            "agreement": agreement,
            "framework": agreement.scenario.framework,
            "rows": selectors.section3_rows(tree),
            "target_fields": TARGET_FIELDS,
        },
    )
