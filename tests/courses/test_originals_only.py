"""Enrolments and trainer certifications belong to the original course. A trainee who
enrols from the Bangla page is enrolled in the original (resolved: that is the page they
read); an organiser's action on a translation is refused with a message."""

import pytest
from django.urls import reverse

from courses.errors import CourseError
from courses.models import Enrolment, TrainerCertification
from courses.services import course_enrol, course_enrol_batch, trainer_certification_grant
from tests import factories
from tests.courses.conftest import confirm, make_batch, make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return factories.course(title="APA basics")


@pytest.fixture
def course_bn(course):
    return factories.bangla(course)


def test_a_trainee_enrolling_from_the_bangla_page_is_enrolled_in_the_original(course, course_bn):
    enrolment = course_enrol(course=course_bn, participant=make_participant())
    assert enrolment.course_id == course.pk


def test_enrolling_a_batch_in_a_translated_course_is_refused(event, course, course_bn):
    batch = make_batch(event)
    confirm(batch, make_participant())
    with pytest.raises(CourseError, match="is a translation"):
        course_enrol_batch(course=course_bn, batch=batch)
    assert not Enrolment.objects.exists()
    assert len(course_enrol_batch(course=course, batch=batch)) == 1


def test_certifying_a_trainer_for_a_translated_course_is_refused():
    tot = factories.course(title="Training of trainers", kind="tot")
    with pytest.raises(CourseError, match="is a translation"):
        trainer_certification_grant(participant=make_participant(), course=factories.bangla(tot))
    assert not TrainerCertification.objects.exists()


@pytest.mark.parametrize("viewset", ["enrolments", "trainer_certifications"])
def test_the_learning_admin_offers_each_course_once(client, organiser, course, course_bn, viewset):
    client.force_login(organiser)
    for url in (reverse(f"{viewset}:index"), reverse(f"{viewset}:add")):
        html = client.get(url).content.decode()
        assert f'value="{course.pk}"' in html, url
        assert f'value="{course_bn.pk}"' not in html, url
