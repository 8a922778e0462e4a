"""Deleting in the admin what others still refer to says so, and deletes nothing."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from tests import factories
from workshops.models import Session

pytestmark = pytest.mark.django_db


def test_a_session_with_attendance_is_not_deleted_and_the_organiser_is_told_why(organiser):
    session = factories.SessionFactory()
    factories.AttendanceFactory(session=session, status="present")
    client = Client()
    client.force_login(organiser)
    url = f"/admin/sessions/delete/{session.pk}/"

    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == url
    assert Session.objects.filter(pk=session.pk).exists()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "cannot be deleted: 1 other record still refers to it" in message
