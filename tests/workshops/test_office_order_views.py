"""The office order pages in the admin and who may download an order's PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.workshops import office_order_world
from workshops.models import OfficeOrder
from workshops.services import office_order_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return office_order_world.build()


@pytest.fixture
def order(world, organiser):
    return office_order_issue(batch=world.batches[0], by=organiser)


def _pdf(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_organiser_issues_the_batch_order_from_the_admin_and_sees_its_versions(
    client, world, organiser
):
    client.force_login(organiser)
    url = f"/admin/workshops/batches/{world.batches[0].pk}/office-order/"
    page = client.get(url).content.decode()
    assert "No office order has been issued yet." in page
    response = client.post(url, {"reason": "First call"}, follow=True)
    order = OfficeOrder.objects.get()
    html = response.content.decode()
    assert order.memo_number in html and "First call" in html
    assert f"/workshops/office-orders/{order.pk}/bn.pdf" in html
    again = client.post(url, {}, follow=True).content.decode()
    assert "has not changed" in again and OfficeOrder.objects.count() == 1


def test_the_batch_page_links_its_office_order(client, world, organiser, order):
    client.force_login(organiser)
    inspect = reverse("workshops_batch:inspect", args=[world.batches[0].pk])
    html = client.get(inspect).content.decode()
    assert order.memo_number in html
    assert f"/admin/workshops/batches/{world.batches[0].pk}/office-order/" in html


def test_the_event_order_is_issued_from_the_event_page(client, world, organiser):
    client.force_login(organiser)
    edit = client.get(f"/admin/pages/{world.event.pk}/edit/").content.decode()
    url = f"/admin/workshops/events/{world.event.pk}/office-order/"
    assert url in edit
    listing = client.get(f"/admin/pages/{world.event.get_parent().pk}/").content.decode()
    assert url in listing  # the "more" menu of the event's row in the page explorer
    client.post(url, {})
    assert OfficeOrder.objects.get().event == world.event


def test_an_order_without_a_signatory_is_refused_with_a_message(client, world, organiser):
    office_order_world.SiteSettings.objects.update(office_order_signatory_name="")
    client.force_login(organiser)
    url = f"/admin/workshops/batches/{world.batches[0].pk}/office-order/"
    html = client.post(url, {}, follow=True).content.decode()
    assert "need a signatory" in html and not OfficeOrder.objects.exists()


def test_trainers_and_trainees_cannot_issue(client, world, trainer, trainee):
    url = f"/admin/workshops/batches/{world.batches[0].pk}/office-order/"
    for user in (trainer, trainee):
        client.force_login(user)
        assert client.post(url, {}).status_code in (302, 403)
    assert not OfficeOrder.objects.exists()


def test_an_organiser_downloads_both_languages(client, organiser, order):
    client.force_login(organiser)
    for lang in ("en", "bn"):
        response = client.get(f"/workshops/office-orders/{order.pk}/{lang}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private"
        assert _pdf(response).startswith(b"%PDF")
    assert client.get(f"/workshops/office-orders/{order.pk}/fr.pdf").status_code == 404


def test_a_trainer_of_the_batch_downloads_its_order_but_not_the_events(
    client, world, organiser, order
):
    trainer_user = factories.UserFactory(group="Trainers")
    teacher = factories.ParticipantFactory(user=trainer_user)
    session = factories.SessionFactory(batch=world.batches[0])
    factories.TrainerAssignmentFactory(session=session, trainer=teacher)
    event_order = office_order_issue(event=world.event, by=organiser)
    client.force_login(trainer_user)
    assert client.get(f"/workshops/office-orders/{order.pk}/en.pdf").status_code == 200
    assert client.get(f"/workshops/office-orders/{event_order.pk}/en.pdf").status_code == 404


def test_other_trainers_trainees_and_visitors_get_nothing(client, trainer, trainee, order):
    url = f"/workshops/office-orders/{order.pk}/en.pdf"
    for user in (trainer, trainee):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
