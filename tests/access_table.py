"""Who may open which address: the access table that tests/lms/test_access_sweep.py holds
the portal to.

Adding a page? Add its row here, in the block of its app, and run
``.venv/bin/python -m pytest -p no:xdist -q tests/lms/test_access_sweep.py``. A URL pattern
without a row fails the sweep, and so does a row that matches no pattern.

A row is ``Row(pattern, get, post=None, params={})``:

- ``pattern``: the pattern's address as tests/urlwalk.py writes it, parameters as ``<name>``
  (``/sandbox/<pk>/score/``); Bangla twins (``/bn/...``) are held to the English row. A
  pattern ending in ``*`` matches every address that starts with the text before it. The
  first row that matches wins: put a page's own row before its app's or library's prefix row.
- ``get`` and ``post``: what each role gets, in the order of ``ROLES``:

      (anonymous, trainee A, another trainee B, A's trainer T, another trainer U, organiser,
       focal point F of A's ministry, focal point G of another ministry)

  Six outcomes give the two focal points what B gets (people signed in with no part in
  A's batch); a page where a focal point gets something else names all eight.

  Trainee A owns the world's objects (tests/access_world.py): a nomination and attendance in
  batch X, practice APAs (one in X, a draft in no batch), a peer review, an enrolment, a quiz
  attempt, a certificate, a calendar feed, a request to be nominated to a seminar, waiting
  for F; T trains X, U trains batch Y (B's). F has nominated A's colleague C to the seminar
  through a call that has a quota for F's ministry and for G's. Give ``post``
  when the page takes a form; the sweep POSTs an empty form as each role (rolled back) and
  fails on a page that has a form posting to itself but no ``post``.
- ``params``: which of the world's objects goes into each parameter (``{"pk": "apa"}``, the
  keys of ``build_access_world().ids``); other parameters get sample text from urlwalk (an
  object that does not exist).

Outcomes:

- ``OK``: 200 (a page or a file); it may show A's data.
- ``BLIND``: 200, but nothing of A's: a listing whose rows are scoped to the viewer.
- ``GO``: a redirect somewhere other than sign-in (the page sends the person on).
- ``LOGIN``: a redirect to sign in.
- ``DENY``: 403 or 404 (nothing disclosed), or Wagtail's redirect to the admin home with
  "Sorry, you do not have permission".
- ``NO_GET``: 405, the address takes POST only (or GET only, in ``post``).
- ``IN``: in a library's admin page: let in (any answer but sign-in, denial or a server
  error; 404 when the walk has no real object for the page). ``STAFF``: the same, and nothing
  of A's on it (Wagtail's choosers and chrome, as another trainer).
- ``SENT``: a POST the page took: done (a redirect) or shown again with its errors (200, 400).
- ``REFUSED``: 400, the page's own refusal with its message (a check-in by someone not in
  the batch).
- ``SHUT``: a library's admin page closed to the role: DENY, or 405 when the library checks
  the method first.
- ``JS_FORM``: a POST to a form Wagtail's script completes (StreamField): taken, or a 500
  inside Wagtail because the sweep cannot send what the script adds; admission is held.
- ``BOOM``: 500, only for Wagtail's own failures named in their row's comment.

Who may see what is decided in the code (``lms.permissions``, ``workshops.permissions``, the
apps' ``visible_to`` selectors); this table only declares it, so that the sweep proves it. A
hole the sweep finds is fixed in the code, not here.
"""

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Outcome:
    name: str
    statuses: frozenset[str]
    blind: bool = False

    def __str__(self) -> str:
        return self.name


def _outcome(name: str, *statuses: str, blind: bool = False) -> Outcome:
    return Outcome(name, frozenset(statuses), blind)


OK = _outcome("OK", "200")
BLIND = _outcome("BLIND", "200", blind=True)
GO = _outcome("GO", "redirect", "admin-home")
LOGIN = _outcome("LOGIN", "login")
DENY = _outcome("DENY", "403", "404", "admin-home")
NO_GET = _outcome("NO_GET", "405")
IN = _outcome("IN", "200", "204", "redirect", "admin-home", "400", "404", "405")
STAFF = _outcome("STAFF", *IN.statuses, blind=True)  # IN, but nothing of A's on it
SENT = _outcome("SENT", "200", "redirect", "admin-home", "400")  # a POST taken (or re-shown)
REFUSED = _outcome("REFUSED", "400")
SHUT = _outcome("SHUT", *DENY.statuses, "405")  # a library's page: denied, or not this method
# A form Wagtail's script builds (StreamField, inline panels): the sweep sends the fields of
# the page's HTML, not what the script adds, and Wagtail fails on that (500) after letting
# the person in. Only the admission is held here.
JS_FORM = _outcome("JS_FORM", *IN.statuses, "500")  # the page answers, refusing with its message
BOOM = _outcome("BOOM", "500")  # Wagtail's page that tests the server-error page

ROLES = (
    "anonymous",
    "trainee",
    "other_trainee",
    "trainer",
    "other_trainer",
    "organiser",
    "focal",
    "other_focal",
)
FOCAL_LIKE = "other_trainee"  # whose outcome the focal points get when a row gives six
# Where a sign-in redirect goes: allauth's page, or the admin's door in front of it.
LOGIN_PREFIXES = ("/accounts/login/", "/bn/accounts/login/", "/admin/login/")


@dataclass(frozen=True)
class Row:
    pattern: str
    get: tuple[Outcome, ...]
    post: tuple[Outcome, ...] | None = None
    params: dict[str, str] = field(default_factory=dict)
    skip: bool = False  # never requested: see the row's comment
    optional: bool = False  # may match nothing (a view a viewset turns off, DEBUG's media)

    def __post_init__(self):
        for name in ("get", "post"):
            outcomes = getattr(self, name)
            if outcomes is not None and len(outcomes) == len(ROLES) - 2:
                like = outcomes[ROLES.index(FOCAL_LIKE)]
                object.__setattr__(self, name, (*outcomes, like, like))
            outcomes = getattr(self, name)
            assert outcomes is None or len(outcomes) == len(ROLES), self.pattern

    def matches(self, key: str) -> bool:
        if self.pattern.endswith("*"):
            return key.startswith(self.pattern[:-1])
        return key == self.pattern


def template_key(template: str) -> str:
    """The English form of a pattern's address: its Bangla twin is held to the same row."""
    return template[3:] if template.startswith("/bn/") else template


def row_for(template: str) -> Row | None:
    key = template_key(template)
    return next((row for row in ROWS if row.matches(key)), None)


# --- presets, in the order of ROLES: anonymous, A, B, T, U, organiser --------------------

PUBLIC = (BLIND,) * 6  # anyone; nothing of A's on it
SHOWN_TO_ALL = (OK,) * 6  # anyone, A's data included by design (certificate verification)
MISSING = (DENY,) * 6  # the world has no such object: nobody gets a page
SIGNED_IN = (LOGIN, OK, BLIND, BLIND, BLIND, BLIND)  # one's own page; A's data to A only
SIGNED_IN_SENT = (LOGIN, SENT, SENT, SENT, SENT, SENT)
SIGNED_IN_ON = (LOGIN, GO, GO, GO, GO, GO)  # signed in: sent on (allauth's steps)
ANYONE_SENT = (SENT,) * 6
A_ALONE = (LOGIN, OK, DENY, DENY, DENY, DENY)
A_AND_ORGANISERS = (LOGIN, OK, DENY, DENY, DENY, OK)
A_T_AND_ORGANISERS = (LOGIN, OK, DENY, OK, DENY, OK)
T_AND_ORGANISERS = (LOGIN, DENY, DENY, OK, DENY, OK)
T_AND_ORGANISERS_SENT = (LOGIN, DENY, DENY, SENT, DENY, SENT)
ORGANISERS = (LOGIN, DENY, DENY, DENY, DENY, OK)
ORGANISERS_SENT = (LOGIN, DENY, DENY, DENY, DENY, SENT)
POST_ONLY = (LOGIN, NO_GET, NO_GET, NO_GET, NO_GET, NO_GET)
GUESTS = (OK, GO, GO, GO, GO, GO)  # sign-in and sign-up: the signed-in are sent on
GUESTS_SENT = (SENT, GO, GO, GO, GO, GO)
DOOR = (LOGIN,) * 6  # a library's login route, leading to allauth's sign-in
# A focal point's pages: F's with A's request on them, G's without; nobody else's.
FOCAL_PAGE = (LOGIN, DENY, DENY, DENY, DENY, DENY, OK, BLIND)
FOCAL_POST_ONLY = (LOGIN, NO_GET, NO_GET, NO_GET, NO_GET, NO_GET, NO_GET, NO_GET)
FOCALS_SENT = (LOGIN, DENY, DENY, DENY, DENY, DENY, SENT, SENT)
FOCALS_ON = (LOGIN, DENY, DENY, DENY, DENY, DENY, GO, GO)
F_ALONE_SENT = (LOGIN, DENY, DENY, DENY, DENY, DENY, SENT, DENY)

# The admin: Wagtail sends everyone without admin access (trainees) to sign in.
ADMIN_ORGANISERS = (LOGIN, LOGIN, LOGIN, DENY, DENY, IN)
LIBRARY_ORGANISERS = (LOGIN, LOGIN, LOGIN, SHUT, SHUT, IN)
ADMIN_ORGANISERS_SENT = (LOGIN, LOGIN, LOGIN, DENY, DENY, SENT)
ADMIN_STAFF = (LOGIN, LOGIN, LOGIN, IN, STAFF, IN)  # admin chrome and choosers
ADMIN_STAFF_SENT = (LOGIN, LOGIN, LOGIN, SENT, SENT, SENT)
ADMIN_LISTING_SCOPED = (LOGIN, LOGIN, LOGIN, OK, BLIND, OK)  # a trainer sees their batches'
ADMIN_ROW_SCOPED = (LOGIN, LOGIN, LOGIN, OK, DENY, OK)  # one row of A's, in T's batch
ADMIN_ROW_ORGANISERS = (LOGIN, LOGIN, LOGIN, DENY, DENY, OK)
ADMIN_ROW_SCOPED_SENT = (LOGIN, LOGIN, LOGIN, DENY, DENY, SENT)  # T reads, never writes
ADMIN_NOBODY = (LOGIN, LOGIN, LOGIN, DENY, DENY, DENY)  # no form: made by the services


def viewset(
    prefix: str,
    key: str,
    *,
    index=ADMIN_ORGANISERS,
    row=ADMIN_ROW_ORGANISERS,
    write=ADMIN_ROW_ORGANISERS,
    write_post=ADMIN_ORGANISERS_SENT,
    log=None,
) -> list[Row]:
    """Rows of a Wagtail ModelViewSet at /admin/<prefix>/: the listing (its results and
    CSV/XLSX export), inspect and history/usage (`log`) of the world's object `key`, and the
    forms (edit, delete, copy, add). Rows of views the viewset turns off match nothing."""
    params = {"pk": key}
    log = log or row
    rows = [
        Row(f"/admin/{prefix}/inspect/<pk>/", row, params=params),
        Row(f"/admin/{prefix}/history/<pk>/", log, params=params),
        Row(f"/admin/{prefix}/history-results/<pk>/", log, params=params),
        Row(f"/admin/{prefix}/usage/<pk>/", log, params=params),
        Row(f"/admin/{prefix}/edit/<pk>/", write, post=write_post, params=params),
        Row(f"/admin/{prefix}/delete/<pk>/", write, post=write_post, params=params),
        Row(f"/admin/{prefix}/copy/<pk>/", write, post=write_post, params=params),
        Row(f"/admin/{prefix}/new/", write, post=write_post),
        Row(f"/admin/{prefix}/results/", index),
        Row(f"/admin/{prefix}/", index),
    ]
    return [replace(row, optional=True) for row in rows]


# A viewset of records (lms.admin_records): the listing and inspect page, no form for anyone.
RECORD = {"write": ADMIN_NOBODY, "write_post": ADMIN_NOBODY, "log": ADMIN_NOBODY}

ROWS: list[Row] = [
    # --- lms: health, language, accounts, search ------------------------------------------
    Row("/healthz", SHOWN_TO_ALL),
    Row("/favicon.ico", (IN,) * 6),
    Row("/i18n/setlang/", (GO,) * 6, post=(GO,) * 6),
    Row("/accounts/me/", SIGNED_IN, post=SIGNED_IN_SENT),
    Row("/search/", PUBLIC),
    # allauth: sign-in, sign-up, e-mail, password, two factors
    Row("/accounts/login/", GUESTS, post=GUESTS_SENT),
    Row("/accounts/signup/", GUESTS, post=GUESTS_SENT),
    Row("/accounts/logout/", (GO, OK, OK, OK, OK, OK), post=(GO,) * 6),
    Row("/accounts/inactive/", PUBLIC),
    Row("/accounts/reauthenticate/", SIGNED_IN, post=SIGNED_IN_SENT),
    Row("/accounts/reauthenticate/code/", SIGNED_IN, post=SIGNED_IN_SENT),
    Row("/accounts/reauthenticate/code/confirm/", SIGNED_IN_ON),
    Row("/accounts/email/", SIGNED_IN, post=SIGNED_IN_SENT),
    Row("/accounts/confirm-email/", PUBLIC),
    Row(r"/accounts/<re:confirm-email/(?P<key>[-:\w]+)/>", PUBLIC, post=MISSING),
    Row("/accounts/password/change/", SIGNED_IN, post=SIGNED_IN_SENT),
    Row("/accounts/password/set/", SIGNED_IN_ON),
    # shown to a signed-in person with their own e-mail address
    Row("/accounts/password/reset/", (BLIND, OK, BLIND, BLIND, BLIND, BLIND), post=ANYONE_SENT),
    Row("/accounts/password/reset/done/", (BLIND, OK, BLIND, BLIND, BLIND, BLIND)),
    Row("/accounts/password/reset/key/done/", PUBLIC),
    Row(
        "/accounts/<re:password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/>",
        PUBLIC,
        post=ANYONE_SENT,
    ),
    Row("/accounts/login/code/confirm/", SIGNED_IN_ON),
    Row("/accounts/2fa/", SIGNED_IN),
    Row("/accounts/2fa/authenticate/", SIGNED_IN_ON),
    Row("/accounts/2fa/reauthenticate/", SIGNED_IN_ON),
    Row("/accounts/2fa/totp/activate/", SIGNED_IN_ON),
    Row("/accounts/2fa/recovery-codes/generate/", SIGNED_IN_ON),
    # without a second factor there is nothing to turn off or read
    Row("/accounts/2fa/totp/deactivate/", (LOGIN, DENY, DENY, DENY, DENY, DENY)),
    Row("/accounts/2fa/recovery-codes/", (LOGIN, DENY, DENY, DENY, DENY, DENY)),
    Row("/accounts/2fa/recovery-codes/download/", (LOGIN, DENY, DENY, DENY, DENY, DENY)),
    # Wagtail's doors, sent to allauth (tests/lms/test_login_doors.py proves them)
    Row("/admin/login/", DOOR, post=DOOR),
    Row("/admin/password_reset/*", (GO,) * 6, post=(GO,) * 6),
    Row("/admin/logout/", (GO, OK, OK, OK, OK, OK), post=(GO,) * 6),
    Row("/_util/login/", DOOR, post=DOOR),
    Row("/_util/authenticate_with_password/<page_view_restriction_id>/<page_id>/", MISSING),
    Row("/documents/authenticate_with_password/<restriction_id>/", MISSING),
    Row(r"/documents/<re:(\d+)/(.*)>", MISSING),  # public documents; the world has none
    Row("/<re:media/(?P<path>.*)>", MISSING, optional=True),  # served with DEBUG only
    # --- workshops ------------------------------------------------------------------------
    Row("/workshops/my/sessions/", SIGNED_IN),
    Row("/workshops/my/attendance/", SIGNED_IN),
    Row(
        "/workshops/sessions/<pk>/attendance/",
        T_AND_ORGANISERS,
        post=T_AND_ORGANISERS_SENT,
        params={"pk": "session"},
    ),
    Row("/workshops/sessions/<pk>/*", T_AND_ORGANISERS, params={"pk": "session"}),
    Row(
        "/workshops/check-in/<pk>/<code>/",
        (LOGIN, OK, REFUSED, REFUSED, REFUSED, REFUSED),
        post=(LOGIN, SENT, REFUSED, REFUSED, REFUSED, REFUSED),
        params={"pk": "running_session", "code": "checkin_code"},
    ),
    # An officer's own nominations and requests; a request to be nominated to an event.
    Row("/workshops/my/nominations/", SIGNED_IN),
    Row(
        "/workshops/events/<page_id>/request-nomination/",
        (LOGIN, IN, STAFF, IN, STAFF, IN),
        post=(LOGIN, IN, IN, IN, IN, IN),
        params={"page_id": "event"},
    ),
    Row("/workshops/batches/<pk>/calendar.ics", PUBLIC, params={"pk": "batch"}),
    # A focal point's pages: F works on the call for A's ministry and decides A's request;
    # G sees the call only as far as G's own ministry goes; nobody else is a focal point.
    Row("/workshops/focal/", FOCAL_PAGE),
    Row("/workshops/focal/calls/<pk>/", FOCAL_PAGE, params={"pk": "call"}),
    *[
        Row(
            f"/workshops/focal/calls/<pk>/{tail}", FOCAL_POST_ONLY, post=post, params={"pk": "call"}
        )
        for tail, post in (
            ("nominate/", FOCALS_SENT),  # G may nominate for G's ministry
            ("upload/", FOCALS_SENT),
            ("discard/", FOCALS_SENT),
        )
    ],
    Row(  # the checked list of an upload: none is waiting, so each is sent back to the call
        "/workshops/focal/calls/<pk>/preview/",
        FOCALS_ON,
        post=FOCALS_SENT,
        params={"pk": "call"},
    ),
    Row(  # no checked list: nothing to download
        "/workshops/focal/calls/<pk>/errors.xlsx", (LOGIN,) + (DENY,) * 7, params={"pk": "call"}
    ),
    Row(
        "/workshops/focal/nominations/<pk>/withdraw/",
        FOCAL_POST_ONLY,
        post=F_ALONE_SENT,
        params={"pk": "call_nomination"},
    ),
    Row(  # who takes C's place: F's form
        "/workshops/focal/nominations/<pk>/substitute/",
        (LOGIN, DENY, DENY, DENY, DENY, DENY, OK, DENY),
        post=F_ALONE_SENT,
        params={"pk": "call_nomination"},
    ),
    Row(
        "/workshops/focal/requests/<pk>/",
        FOCAL_POST_ONLY,
        post=F_ALONE_SENT,
        params={"pk": "nomination_request"},
    ),
    Row("/workshops/calendar/", SIGNED_IN, post=SIGNED_IN_SENT),
    # the feed's secret address is its key: whoever has it reads A's timetable (no names)
    Row("/workshops/calendar/<token>.ics", SHOWN_TO_ALL, params={"token": "feed_token"}),
    Row(
        "/workshops/office-orders/<pk>/<lang>.pdf",
        T_AND_ORGANISERS,
        params={"pk": "office_order", "lang": "english"},
    ),
    # --- courses --------------------------------------------------------------------------
    Row("/courses/", (GO,) * 6),  # sends on to the e-learning index page
    Row("/courses/my/", SIGNED_IN),
    Row("/courses/teaching/", SIGNED_IN),
    Row("/courses/teaching/batch/<batch_id>/", T_AND_ORGANISERS, params={"batch_id": "batch"}),
    Row("/courses/trainers/", ORGANISERS),
    Row(
        "/courses/trainers/<participant_id>/",
        T_AND_ORGANISERS,  # T's own record
        params={"participant_id": "trainer_participant"},
    ),
    Row(
        "/courses/certifications/<certification_id>/renew/",
        POST_ONLY,
        post=ORGANISERS_SENT,
        params={"certification_id": "certification"},
    ),
    Row(
        "/courses/<course_id>/enrol/",
        POST_ONLY,
        post=SIGNED_IN_SENT,
        params={"course_id": "course"},
    ),
    Row("/courses/<course_id>/continue/", SIGNED_IN_ON, params={"course_id": "course"}),
    Row(
        "/courses/<course_id>/quiz/<quiz_id>/",
        A_ALONE,  # the enrolled trainee's test
        post=(LOGIN, SENT, DENY, DENY, DENY, DENY),
        params={"course_id": "course", "quiz_id": "quiz"},
    ),
    Row(
        "/courses/lesson/<lesson_id>/done/",
        POST_ONLY,
        post=(LOGIN, SENT, DENY, DENY, DENY, DENY),
        params={"lesson_id": "lesson"},
    ),
    Row(
        "/courses/attempt/<attempt_id>/",
        A_ALONE,
        post=(LOGIN, SENT, DENY, DENY, DENY, DENY),
        params={"attempt_id": "attempt"},
    ),
    Row(
        "/courses/feedback/<batch_id>/",
        A_ALONE,  # the batch's trainees evaluate it
        post=(LOGIN, SENT, DENY, DENY, DENY, DENY),
        params={"batch_id": "batch"},
    ),
    Row("/courses/feedback/<batch_id>/results/", T_AND_ORGANISERS, params={"batch_id": "batch"}),
    # --- sandbox_apa ----------------------------------------------------------------------
    Row("/sandbox/", SIGNED_IN),
    Row("/sandbox/new/", SIGNED_IN, post=SIGNED_IN_SENT),
    Row("/sandbox/batches/<batch_id>/", T_AND_ORGANISERS, params={"batch_id": "batch"}),
    Row(
        "/sandbox/batches/<batch_id>/*",
        POST_ONLY,
        post=T_AND_ORGANISERS_SENT,
        params={"batch_id": "batch", "round_id": "peer_round"},
    ),
    Row("/sandbox/peer-reviews/", SIGNED_IN),
    Row(
        "/sandbox/peer-reviews/<review_id>/",
        A_ALONE,
        post=(LOGIN, SENT, DENY, DENY, DENY, DENY),
        params={"review_id": "peer_review"},
    ),
    Row("/sandbox/<pk>/", A_T_AND_ORGANISERS, params={"pk": "apa"}),
    Row(
        "/sandbox/<pk>/review/",
        (LOGIN, DENY, DENY, OK, DENY, OK),  # nobody reviews their own APA
        post=(LOGIN, DENY, DENY, SENT, DENY, SENT),
        params={"pk": "apa"},
    ),
    Row(
        "/sandbox/<pk>/achievements/",
        A_T_AND_ORGANISERS,
        post=(LOGIN, SENT, DENY, DENY, DENY, DENY),  # A reports; the others read
        params={"pk": "apa"},
    ),
    Row("/sandbox/<pk>/checks/", A_T_AND_ORGANISERS, params={"pk": "apa"}),
    Row("/sandbox/<pk>/score/", A_T_AND_ORGANISERS, params={"pk": "apa"}),
    Row("/sandbox/<pk>/apa.pdf", A_T_AND_ORGANISERS, params={"pk": "apa"}),
    Row("/sandbox/<pk>/apa.xlsx", A_T_AND_ORGANISERS, params={"pk": "apa"}),
    # A's own edits (rows, submit, close the year); the draft in no batch is A's alone
    Row(
        "/sandbox/<pk>/*",
        POST_ONLY,
        post=(LOGIN, SENT, DENY, DENY, DENY, DENY),
        params={"pk": "draft_apa", "kind": "row_kind", "row": "draft_row", "parent": "draft_row"},
    ),
    # --- certificates ---------------------------------------------------------------------
    Row("/verify/", PUBLIC),
    Row("/verify/*", SHOWN_TO_ALL, params={"code": "code"}),  # name, what for, date: public
    Row("/credentials/status/<number>", PUBLIC, params={"number": "status_list"}),
    Row("/.well-known/did.json", MISSING),  # published only with a signing key
    Row("/certificates/mine/", SIGNED_IN),
    Row("/certificates/<serial>.pdf", A_AND_ORGANISERS, params={"serial": "serial"}),
    Row("/certificates/<serial>.json", A_AND_ORGANISERS, params={"serial": "serial"}),
    Row("/certificates/batch/*", ORGANISERS, params={"batch_id": "batch"}),
    # --- the admin: our apps --------------------------------------------------------------
    Row("/admin/practice_apas/new/", ADMIN_NOBODY, post=ADMIN_NOBODY),  # trainees start them
    Row("/admin/apa_peer_review_rounds/new/", ADMIN_NOBODY, post=ADMIN_NOBODY),  # trainers
    *viewset(
        "practice_apas",
        "apa",
        index=ADMIN_LISTING_SCOPED,
        row=ADMIN_ROW_SCOPED,
        log=ADMIN_ROW_ORGANISERS,  # history and usage: the organisers'
        write_post=ADMIN_ROW_SCOPED_SENT,
    ),
    *viewset(
        "apa_peer_review_rounds",
        "peer_round",
        index=ADMIN_LISTING_SCOPED,
        row=ADMIN_ROW_SCOPED,
        log=ADMIN_ROW_ORGANISERS,  # history and usage: the organisers'
        write_post=ADMIN_ROW_SCOPED_SENT,
    ),
    *viewset(
        "trainer_certifications",  # T's own
        "certification",
        index=ADMIN_LISTING_SCOPED,
        row=ADMIN_ROW_SCOPED,
        log=ADMIN_ROW_ORGANISERS,  # history and usage: the organisers'
        write_post=ADMIN_ROW_SCOPED_SENT,
    ),
    # Scenarios and frameworks are teaching material: every trainer writes scenarios.
    Row(
        "/admin/apa_scenarios/delete/<pk>/",
        ADMIN_ORGANISERS,
        post=ADMIN_ORGANISERS_SENT,
        params={"pk": "scenario"},
    ),
    *viewset(  # the scenario form has StreamFields (facts, mandatory objectives)
        "apa_scenarios",
        "scenario",
        index=ADMIN_STAFF,
        row=ADMIN_STAFF,
        write=ADMIN_STAFF,
        write_post=(LOGIN, LOGIN, LOGIN, JS_FORM, JS_FORM, JS_FORM),
    ),
    *viewset("apa_frameworks", "framework", index=ADMIN_STAFF, row=ADMIN_STAFF),
    *viewset("enrolments", "enrolment"),
    # Records of what a trainee did, written by the services only (lms.admin_records):
    # read and exported, never added, edited or deleted; no admin history to read.
    *viewset("quiz_attempts", "attempt", **RECORD),
    *viewset("evaluations", "feedback", **RECORD),
    *viewset("sessions", "session"),
    *viewset("workshops/participants", "participant"),
    # The approval queue and the organisers' decision on an officer's request.
    Row("/admin/workshops/approvals/", ADMIN_ORGANISERS, post=ADMIN_ORGANISERS_SENT),
    Row(
        "/admin/workshops/approvals/requests/<pk>/",
        (LOGIN, LOGIN, LOGIN, DENY, DENY, GO),  # GET sends on to the queue
        post=ADMIN_ORGANISERS_SENT,
        params={"pk": "nomination_request"},
    ),
    Row(  # its status actions
        "/admin/workshops/nominations/inspect/<pk>/",
        ADMIN_ORGANISERS,
        post=ADMIN_ORGANISERS_SENT,
        params={"pk": "nomination"},
    ),
    Row(  # edit sends everyone to the inspect page, which decides (above)
        "/admin/workshops/nominations/edit/<pk>/",
        (LOGIN, LOGIN, LOGIN, GO, GO, GO),
        post=(LOGIN, LOGIN, LOGIN, GO, GO, GO),
        params={"pk": "nomination"},
    ),
    *viewset("workshops/nominations", "nomination"),
    *viewset("workshops/batches", "batch"),
    *viewset("workshops/organisations", "organisation"),
    *viewset("workshops/ranks", "rank"),
    *viewset("certificates/templates", "template"),
    *viewset("certificates/issued", "certificate", **RECORD),  # issued by the services
    Row(
        "/admin/workshops/batches/<pk>/confirm-all/",
        ADMIN_ORGANISERS,
        post=ADMIN_ORGANISERS_SENT,
        params={"pk": "batch"},
    ),
    Row(  # the roster's actions (confirm, wait-list, move, ...)
        "/admin/workshops/batches/<pk>/act/",
        (LOGIN, LOGIN, LOGIN, DENY, DENY, IN),
        post=(LOGIN, LOGIN, LOGIN, DENY, DENY, IN),  # no nomination in the form: 404
        params={"pk": "batch"},
    ),
    Row(  # writing to the batch's participants: organisers and the batch's trainers
        "/admin/workshops/batches/<pk>/message/",
        (LOGIN, LOGIN, LOGIN, OK, DENY, OK),
        post=(LOGIN, LOGIN, LOGIN, SENT, DENY, SENT),
        params={"pk": "batch"},
    ),
    Row("/admin/workshops/import/*", ADMIN_ORGANISERS, post=ADMIN_ORGANISERS_SENT),
    Row("/admin/workshops/plan/", ADMIN_ORGANISERS, post=ADMIN_ORGANISERS_SENT),
    Row(
        "/admin/workshops_sessions/session/<pk>/trainers/",
        ADMIN_ORGANISERS,
        post=ADMIN_ORGANISERS_SENT,
        params={"pk": "session"},
    ),
    Row(
        "/admin/workshops_sessions/*",
        ADMIN_ORGANISERS,
        post=(LOGIN, LOGIN, LOGIN, DENY, DENY, IN),
        params={"pk": "batch"},
    ),
    Row(
        "/admin/certificates/bulk/<pk>/",
        ADMIN_ORGANISERS,
        post=ADMIN_ORGANISERS_SENT,
        params={"pk": "job"},
    ),
    Row("/admin/certificates/bulk/", ADMIN_ORGANISERS, post=ADMIN_ORGANISERS_SENT),
    Row(  # the confirmation page; only its POST revokes
        "/admin/certificates/certificate/<pk>/revoke/",
        ADMIN_ORGANISERS,
        post=ADMIN_ORGANISERS_SENT,
        params={"pk": "certificate"},
    ),
    Row(
        "/admin/certificates/certificate/<pk>/",
        ADMIN_ORGANISERS,
        post=ADMIN_ORGANISERS_SENT,
        params={"pk": "certificate"},
    ),
    Row(
        "/admin/certificates/templates/<pk>/preview/",
        ADMIN_ORGANISERS,
        params={"pk": "template"},
    ),
    Row("/admin/training-reports/*", ADMIN_ORGANISERS),
    # --- the admin: Wagtail's own ---------------------------------------------------------
    Row("/admin/", ADMIN_STAFF),
    Row("/admin/failwhale/", (LOGIN, LOGIN, LOGIN, BOOM, BOOM, BOOM)),
    Row("/admin/account/", ADMIN_STAFF, post=ADMIN_STAFF_SENT),
    # Choosers of editorial content (pages, quizzes, links, embeds, images and documents of
    # the collections the user may choose from), tags, the admin API of pages: no person.
    Row("/admin/choose-*", ADMIN_STAFF),
    Row("/admin/snippets/choose/courses/quiz/*", ADMIN_STAFF, params={"pk": "quiz"}),
    Row("/admin/images/chooser/*", ADMIN_STAFF, params={"pk": "missing"}),
    Row("/admin/documents/chooser/*", ADMIN_STAFF, params={"pk": "missing"}),
    Row("/admin/embeds/*", ADMIN_STAFF),
    Row("/admin/tag-autocomplete/*", ADMIN_STAFF),
    Row("/admin/api/*", ADMIN_STAFF),
    Row("/admin/workflows/task_chooser/*", ADMIN_STAFF),
    Row("/admin/searchpicks/queries/chooser/*", ADMIN_STAFF),
    Row("/admin/dismissibles/", ADMIN_STAFF),
    Row("/admin/editing-sessions/*", ADMIN_STAFF),
    Row("/admin/block-preview/", ADMIN_STAFF),
    Row("/admin/test404/", ADMIN_STAFF),
    Row("/admin/bulk/*", ADMIN_STAFF),
    Row("/admin/settings/*", ADMIN_STAFF),  # no site settings registered: 404
    Row("/admin/jsi18n/", PUBLIC),  # the admin's translations and icons
    Row("/admin/sprite/", PUBLIC),
    # Site history lists the admin's log entries of every model the user may view.
    Row("/admin/reports/site-history/*", ADMIN_STAFF),
    # The page explorer and editor: trainers hold no page permission (a move's confirmation
    # page only names pages; its POST is refused).
    Row(  # moving a real page (with the root page's id Wagtail answers a trainer 500)
        "/admin/pages/<page_to_move_id>/*",
        (LOGIN, LOGIN, LOGIN, STAFF, STAFF, IN),
        post=(LOGIN, LOGIN, LOGIN, SHUT, SHUT, JS_FORM),
        params={"page_to_move_id": "event", "destination_id": "home"},
    ),
    Row(  # the cancel-workflow dialog of a page (no workflow here): no person, no change
        "/admin/pages/workflow/confirm_cancellation/<page_id>/",
        (LOGIN, LOGIN, LOGIN, STAFF, STAFF, IN),
        post=(LOGIN, LOGIN, LOGIN, STAFF, STAFF, IN),
        params={"page_id": "event"},
    ),
    Row(  # sends to the page's history, which decides
        "/admin/pages/<page_id>/revisions/",
        (LOGIN, LOGIN, LOGIN, GO, GO, GO),
        post=(LOGIN, LOGIN, LOGIN, GO, GO, GO),
        params={"page_id": "event"},
    ),
    Row(
        "/admin/pages/*",
        (LOGIN, LOGIN, LOGIN, STAFF, STAFF, IN),
        post=(LOGIN, LOGIN, LOGIN, SHUT, SHUT, JS_FORM),
        params={"page_id": "event", "parent_page_id": "home"},
    ),
    Row("/admin/<re:.*/>", ADMIN_STAFF),  # Wagtail's 404 inside the admin
    # Everything else of Wagtail's admin is the organisers' (pages, images, documents,
    # snippets, users, groups, sites, locales, workflows, redirects, search promotions,
    # forms, collections, reports): trainers hold none of its permissions.
    Row(  # Wagtail answers 500 to a POST whose import file is not in the session
        "/admin/redirects/import/process/",
        LIBRARY_ORGANISERS,
        post=(LOGIN, LOGIN, LOGIN, SHUT, SHUT, BOOM),
    ),
    Row(
        "/admin/snippets/courses/quiz/*",  # its questions are an inline panel of StreamFields
        LIBRARY_ORGANISERS,
        post=(LOGIN, LOGIN, LOGIN, SHUT, SHUT, JS_FORM),
        params={"pk": "quiz"},
    ),
    Row("/admin/*", LIBRARY_ORGANISERS, post=LIBRARY_ORGANISERS),
    # --- Wagtail's page serving: every other address ---------------------------------------
    Row(r"/<re:((?:[\w\-]+/)*)>", PUBLIC),
]
