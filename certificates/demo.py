"""Demo data of certificates: which certificate each CoP event gives, default templates, and
certificates for the CoP events.

Rendering every certificate of the CoP programme (~430 PDFs, ~0.1 s each) would make the demo
load slow, so the demo issues a few per batch (DEMO_PER_BATCH, the trainee demo account's
first) and every ToT graduate's trainer certificate; organisers issue the rest with
"Bulk issue" in the admin or `manage.py issue_certificates --event <slug>`, which skips
those already issued. One certificate is shown revoked and one reissued, for the
verification page. Running it again adds nothing.

Certificates are issued in the `finish` step, once every app has loaded and translated its
pages: a certificate snapshots the Bangla title of its event or course when it is issued, and
its stored PDF prints that snapshot, so the PDF says what the verification data says and what a
fresh render of it would say. (Issued before the translations, the PDFs printed the English
title inside the Bangla paragraph while the verify JSON gave the Bangla one.)
"""

from django.utils.translation import gettext as _

from certificates.kinds import Kind
from certificates.models import Certificate, CertificateTemplate, EventCertificate, Signatory
from certificates.selectors import event_certificate_kind
from certificates.services import (
    AlreadyIssued,
    CertificateError,
    bulk_issue_plan,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    event_certificate_set,
)
from courses.models import TrainerCertification
from lms.translation import in_default_language
from workshops.models import EventPage

DEMO_PER_BATCH = 3

# The CoP events that give another certificate than an attendance one (the default). The
# ToT's trainer certificates come from its course, once the course and batch are done.
EVENT_CERTIFICATES = {
    "training-of-trainers-2015": Kind.TRAINER,
    "apa-officers-training-2015": Kind.COMPLETION,
    "training-on-gpms-2016": Kind.COMPLETION,
    "gpms-baseline-study": EventCertificate.NONE,
}

BODY = {
    Kind.ATTENDANCE: (
        "This is to certify that {name}, {designation}, {organisation}, attended the "
        "{event} held at {venue} on {dates}."
    ),
    Kind.COMPLETION: (
        "This is to certify that {name}, {designation}, {organisation}, has successfully "
        "completed the {event}, held at {venue} on {dates} ({hours} hours of training)."
    ),
    Kind.TRAINER: (
        "This is to certify that {name}, {designation}, {organisation}, has completed the "
        "{event} and is a certified trainer of the Government Performance Management System."
    ),
}
BODY_BN = {
    Kind.ATTENDANCE: "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে {name}, {organisation}, {dates} তারিখে "
    "{venue}-এ অনুষ্ঠিত {event}-এ অংশগ্রহণ করেছেন।",
    Kind.COMPLETION: "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে {name}, {organisation}, {dates} তারিখে "
    "অনুষ্ঠিত {event} সফলভাবে সম্পন্ন করেছেন ({hours} ঘণ্টা)।",
    Kind.TRAINER: "এই মর্মে প্রত্যয়ন করা যাচ্ছে যে {name}, {organisation}, {event} সম্পন্ন করে "
    "সরকারি কর্মসম্পাদন ব্যবস্থাপনা পদ্ধতির প্রত্যয়িত প্রশিক্ষক হয়েছেন।",
}
TITLES = {
    Kind.ATTENDANCE: ("Certificate of Attendance", "অংশগ্রহণ সনদ"),
    Kind.COMPLETION: ("Certificate of Completion", "সমাপনী সনদ"),
    Kind.TRAINER: ("Trainer Certificate", "প্রশিক্ষক সনদ"),
}
SIGNATORIES = [
    ("Md. Shafiul Alam", "Cabinet Secretary", "মোহাম্মদ শফিউল আলম", "মন্ত্রিপরিষদ সচিব"),
    ("Dr. Imran Matin", "Executive Director, BIGD", "ড. ইমরান মতিন", "নির্বাহী পরিচালক, বিআইজিডি"),
]


def _templates() -> int:
    created = 0
    for kind in Kind:
        title, title_bn = TITLES[kind]
        template, made = CertificateTemplate.objects.get_or_create(
            name=f"{kind.label} (English and Bangla)",
            defaults={
                "kind": kind,
                "is_default": not CertificateTemplate.objects.filter(
                    kind=kind, is_default=True
                ).exists(),
                "language": CertificateTemplate.Language.BOTH,
                "title": title,
                "title_bn": title_bn,
                "body": BODY[kind],
                "body_bn": BODY_BN[kind],
            },
        )
        if made:
            created += 1
            for order, (name, designation, name_bn, designation_bn) in enumerate(SIGNATORIES):
                Signatory.objects.create(
                    template=template,
                    sort_order=order,
                    name=name,
                    designation=designation,
                    name_bn=name_bn,
                    designation_bn=designation_bn,
                )
    return created


def _issue(kind, item, subject, issued_on) -> int:
    try:
        certificate_issue(
            kind=kind, participant=item.participant, subject=subject, issued_on=issued_on
        )
    except AlreadyIssued:
        return 0
    return 1


def _demo_subset(plan, held: set[int]) -> list:
    """Up to DEMO_PER_BATCH eligible participants per batch, demo accounts first; those who
    hold any certificate already (even a revoked one) are counted, not issued again."""
    eligible = sorted(
        (item for item in plan if item.eligible),
        key=lambda item: (item.participant.user_id is None, item.participant.name),
    )
    chosen, per_batch = [], {}
    for item in eligible:
        count = per_batch.get(item.batch, 0)
        if count < DEMO_PER_BATCH:
            if item.participant.pk not in held:
                chosen.append(item)
            per_batch[item.batch] = count + 1
    return chosen


def _event_certificates() -> None:
    """Set the certificate of the events that give another than the default (once: an
    organiser's later choice in the editor stays)."""
    events = EventPage.objects.filter(slug__in=EVENT_CERTIFICATES, certificate_given=None)
    for event in in_default_language(events):
        event_certificate_set(event=event, kind=EVENT_CERTIFICATES[event.slug])


def _events(stdout) -> int:
    issued = 0
    events = in_default_language(EventPage.objects.prefetch_related("certificate_given"))
    for event in events.order_by("start_date"):
        kind = event_certificate_kind(event)
        if kind not in (Kind.ATTENDANCE, Kind.COMPLETION):
            continue  # none, or trainer certificates (issued for the course, below)
        try:
            plan = bulk_issue_plan(kind=kind, event=event)
        except CertificateError as error:
            stdout.write(f"  {event.title}: {error.message}")
            continue
        held = set(
            Certificate.objects.filter(event=event, kind=kind).values_list(
                "participant_id", flat=True
            )
        )
        for item in _demo_subset(plan, held):
            issued_on = item.batch.end_date if item.batch else event.end_date
            issued += _issue(kind, item, item.batch or event, issued_on)
    return issued


def _trainers() -> int:
    """Every ToT graduate's trainer certificate, also those whose certification has since
    expired (the 2015 graduates): the certificate states what they achieved then."""
    issued = 0
    for certification in TrainerCertification.objects.select_related("participant", "course"):
        try:
            certificate_issue(
                kind=Kind.TRAINER,
                participant=certification.participant,
                subject=certification.course,
                issued_on=certification.valid_from,
            )
        except AlreadyIssued:
            continue
        issued += 1
    return issued


def _history() -> None:
    """One revoked and one reissued certificate, so the verification page shows both."""
    if Certificate.objects.exclude(status__in=["valid", "pending"]).exists():
        return
    valid = list(Certificate.objects.filter(status="valid").order_by("serial")[:2])
    if len(valid) < 2:
        return
    certificate_revoke(
        certificate=valid[0], by=None, reason=_("Issued in error: the participant did not attend.")
    )
    certificate_reissue(certificate=valid[1], by=None, reason=_("Name spelling corrected."))


def load(*, stdout) -> None:
    """Which certificate the CoP events give (before the pages are translated, so that their
    Bangla pages carry it too) and the default templates; the certificates come in `finish`."""
    _event_certificates()
    templates = _templates()
    stdout.write(f"  {templates} templates added")


def finish(*, stdout) -> None:
    """Issue the demo certificates, now that the events and courses have their Bangla pages."""
    issued = _events(stdout) + _trainers()
    _history()
    total = Certificate.objects.issued().count()
    stdout.write(
        f"  {issued} certificates issued ({total} in all); "
        "issue the rest with `manage.py issue_certificates --event <slug>`"
    )
