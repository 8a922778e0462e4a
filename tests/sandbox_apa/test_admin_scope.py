"""Least privilege in the admin: trainers see there only what the front end shows them.

Practice APAs and peer review rounds of their own batches (never a draft in no batch, never
another trainer's batch), their own trainer certification; organisers see everything. The
listing, its export and one row's pages agree. The sweep over every address and role
(tests/lms/test_access_sweep.py) holds the same for every other page.
"""

import pytest
from django.test import Client
from wagtail.log_actions import log

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_batches(organiser):
    """Batch X: trainee A (an APA in X and a draft in no batch), trainer T. Batch Y:
    trainee B (an APA in Y), trainer U."""
    a = factories.UserFactory(group="Trainees", first_name="Anwara", last_name="Xbatch")
    b = factories.UserFactory(group="Trainees", first_name="Babul", last_name="Ybatch")
    t = factories.UserFactory(group="Trainers", is_staff=True)
    u = factories.UserFactory(group="Trainers", is_staff=True)
    x = factories.sandbox_batch(trainers=[t], trainees=[a])
    y = factories.sandbox_batch(trainers=[u], trainees=[b])
    apas = {
        "a_in_x": factories.sandbox_apa(trainee=a, batch=x),
        "a_draft": factories.sandbox_apa(trainee=a),
        "b_in_y": factories.sandbox_apa(trainee=b, batch=y),
    }
    return {"t": t, "u": u, "organiser": organiser, "x": x, "y": y, **apas}


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _listed(client, url, query=None) -> str:
    response = client.get(url, query or {})
    assert response.status_code == 200
    if response.streaming:  # an export
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_a_trainer_lists_and_exports_only_the_practice_apas_of_the_batches_they_train(
    two_batches,
):
    w = two_batches
    for query in ({}, {"export": "csv"}):
        seen_by_t = _listed(_as(w["t"]), "/admin/practice_apas/", query)
        assert "Anwara Xbatch" in seen_by_t
        assert "Babul" not in seen_by_t
        seen_by_u = _listed(_as(w["u"]), "/admin/practice_apas/", query)
        assert "Babul Ybatch" in seen_by_u
        assert "Anwara" not in seen_by_u
    everything = _listed(_as(w["organiser"]), "/admin/practice_apas/", {"export": "csv"})
    rows_of_a = [line for line in everything.splitlines() if "Anwara Xbatch" in line]
    assert len(rows_of_a) == 2  # the draft in no batch too
    assert "Babul Ybatch" in everything


def test_another_trainers_apa_and_a_draft_in_no_batch_answer_404_in_the_admin(two_batches):
    w = two_batches
    t = _as(w["t"])
    assert t.get(f"/admin/practice_apas/inspect/{w['a_in_x'].pk}/").status_code == 200
    assert t.get(f"/admin/practice_apas/inspect/{w['b_in_y'].pk}/").status_code == 404
    assert t.get(f"/admin/practice_apas/inspect/{w['a_draft'].pk}/").status_code == 404
    organiser = _as(w["organiser"])
    assert organiser.get(f"/admin/practice_apas/inspect/{w['a_draft'].pk}/").status_code == 200


def test_peer_review_rounds_in_the_admin_are_those_of_the_trainers_batches(two_batches):
    w = two_batches
    # Each batch's trainer opens a round once two more of its trainees submitted an APA.
    own = factories.PeerReviewRoundFactory(batch=w["x"], by=w["t"], submitted=2)
    other = factories.PeerReviewRoundFactory(batch=w["y"], by=w["u"], submitted=2)
    t = _as(w["t"])
    listing = _listed(t, "/admin/apa_peer_review_rounds/")
    assert str(w["x"]) in listing and str(w["y"]) not in listing
    # Rounds have no page to read; closing one is the front end's (trainers change nothing
    # here), and an organiser edits any.
    assert t.get(f"/admin/apa_peer_review_rounds/edit/{own.pk}/").status_code != 200
    assert t.get(f"/admin/apa_peer_review_rounds/edit/{other.pk}/").status_code != 200
    organiser = _as(w["organiser"])
    assert organiser.get(f"/admin/apa_peer_review_rounds/edit/{other.pk}/").status_code == 200


def test_a_trainer_sees_their_own_trainer_certification_only(two_batches):
    import datetime as dt

    w = two_batches
    tot = factories.event_page(
        w["x"].event.get_parent(),
        title="Training of trainers",
        slug="tot",
        kind="tot",
        start_date=dt.date(2014, 12, 1),
        end_date=dt.date(2014, 12, 2),
    )
    course = factories.course(title="ToT course", kind="tot", event=tot)
    held = {
        key: factories.trainer_certify(
            course=course, participant=factories.sandbox_participant(w[key])
        )
        for key in ("t", "u")
    }
    t = _as(w["t"])
    listing = _listed(t, "/admin/trainer_certifications/", {"export": "csv"})
    assert str(held["t"].participant) in listing
    assert str(held["u"].participant) not in listing
    assert t.get(f"/admin/trainer_certifications/inspect/{held['u'].pk}/").status_code == 404


def test_site_history_names_no_practice_apa_to_a_trainer(two_batches):
    """Trainers read APAs without the model permission, so Wagtail's site history (which
    lists the log entries of every model the user has a permission on) shows them none."""
    w = two_batches
    log(instance=w["b_in_y"], action="wagtail.edit", user=w["organiser"])
    assert "Babul" not in _listed(_as(w["t"]), "/admin/reports/site-history/")
    assert "Babul" in _listed(_as(w["organiser"]), "/admin/reports/site-history/")


def test_the_trainers_listing_keeps_its_query_count_as_apas_grow(
    two_batches, django_assert_max_num_queries
):
    w = two_batches
    t = _as(w["t"])
    t.get("/admin/practice_apas/")  # warm: menus, permissions
    with django_assert_max_num_queries(60) as before:
        t.get("/admin/practice_apas/")
    for _ in range(8):
        user = factories.UserFactory(group="Trainees")
        factories.sandbox_apa(trainee=user, batch=w["x"])
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert t.get("/admin/practice_apas/").status_code == 200
