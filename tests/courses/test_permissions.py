"""Who may see what: trainees their own, trainers their batches, organisers everything."""

import datetime as dt

import pytest
from django.urls import reverse

from courses.services import participant_for_user
from tests.courses.conftest import assign, confirm, make_batch, make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(event):
    return make_batch(event)


def test_pages_of_the_trainee_area_need_a_login(client, batch):
    for url in (
        reverse("courses:my_learning"),
        reverse("courses:my_teaching"),
        reverse("courses:batch_roster", args=[batch.pk]),
        reverse("courses:trainer_cascade"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_the_roster_is_for_the_batch_trainer_and_organisers(client, batch, organiser, trainer):
    url = reverse("courses:batch_roster", args=[batch.pk])
    client.force_login(trainer)
    assert client.get(url).status_code == 403
    assign(batch, participant_for_user(user=trainer))
    assert client.get(url).status_code == 200
    other = make_batch(batch.event, number=2, start=dt.date(2015, 1, 14))
    assert client.get(reverse("courses:batch_roster", args=[other.pk])).status_code == 403
    client.force_login(organiser)
    assert client.get(reverse("courses:batch_roster", args=[other.pk])).status_code == 200


def test_a_trainee_is_refused_the_roster_of_their_own_batch(client, batch, trainee):
    confirm(batch, participant_for_user(user=trainee))
    client.force_login(trainee)
    assert client.get(reverse("courses:batch_roster", args=[batch.pk])).status_code == 403


def test_the_cascade_is_for_organisers(client, organiser, trainer):
    client.force_login(trainer)
    assert client.get(reverse("courses:trainer_cascade")).status_code == 403
    client.force_login(organiser)
    assert client.get(reverse("courses:trainer_cascade")).status_code == 200


def test_a_trainer_record_is_for_the_trainer_and_organisers(client, trainer, organiser):
    own = participant_for_user(user=trainer)
    someone = make_participant()
    client.force_login(trainer)
    assert client.get(reverse("courses:trainer_record", args=[own.pk])).status_code == 200
    assert client.get(reverse("courses:trainer_record", args=[someone.pk])).status_code == 403
    client.force_login(organiser)
    assert client.get(reverse("courses:trainer_record", args=[someone.pk])).status_code == 200


def test_my_teaching_shows_the_trainers_batches_and_sessions(client, trainer, batch):
    assign(batch, participant_for_user(user=trainer))
    client.force_login(trainer)
    html = client.get(reverse("courses:my_teaching")).content.decode()
    assert str(batch) in html and "S0" in html


def test_roster_and_cascade_keep_a_constant_number_of_queries(
    client, organiser, event, django_assert_max_num_queries
):
    trainer = make_participant()
    client.force_login(organiser)

    def grow(number):
        batch = make_batch(event, number=number, start=dt.date(2015, 2, 2 * number))
        assign(batch, trainer)
        for _ in range(5):
            confirm(batch, make_participant())
        return batch

    first = grow(1)
    client.get("/")  # fill the site chrome cache (menu, footer) so only the pages are counted
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("courses:batch_roster", args=[first.pk]))
        client.get(reverse("courses:trainer_cascade"))
    small_queries = len(small.captured_queries)
    for number in range(2, 6):
        grow(number)
    client.get("/")  # the new batches changed the site: its chrome is built again, once
    with django_assert_max_num_queries(small_queries):
        client.get(reverse("courses:batch_roster", args=[first.pk]))
        client.get(reverse("courses:trainer_cascade"))


def test_the_roster_lists_names_in_the_script_of_the_page(client, batch, organiser):
    from django.utils import translation

    from workshops.models import Rank

    person = make_participant()
    person.name, person.name_bn = "Rahima Khatun", "রহিমা খাতুন"
    person.rank = Rank.objects.get(name="Deputy Secretary")
    person.save()
    confirm(batch, person)
    client.force_login(organiser)
    english = client.get(reverse("courses:batch_roster", args=[batch.pk])).content.decode()
    with translation.override("bn"):
        url = reverse("courses:batch_roster", args=[batch.pk])
    bangla = client.get(url).content.decode()
    assert "Rahima Khatun" in english and "Deputy Secretary" in english
    assert "রহিমা খাতুন" in bangla and "উপসচিব" in bangla
    assert "Rahima Khatun" not in bangla
