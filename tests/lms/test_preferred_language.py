"""A signed-in reader's choice of language is kept on their account and on their participant
record, so that the platform's e-mails to them are written in it."""

import pytest

from lms.accounts.services import user_language_set
from tests import factories
from workshops.models import Participant

pytestmark = pytest.mark.django_db


def test_switching_language_while_signed_in_is_remembered_for_the_emails(client):
    user = factories.UserFactory(group="Trainees")
    participant = factories.ParticipantFactory(user=user, email=user.email)
    other = factories.ParticipantFactory()
    client.force_login(user)

    response = client.get("/i18n/setlang/", {"language": "bn", "next": "/"})

    assert response.status_code == 302
    user.refresh_from_db()
    participant.refresh_from_db()
    assert user.preferred_language == "bn"
    assert participant.preferred_language == "bn"
    assert Participant.objects.get(pk=other.pk).preferred_language == "en"

    client.get("/i18n/setlang/", {"language": "en", "next": "/"})
    participant.refresh_from_db()
    assert participant.preferred_language == "en"


def test_an_anonymous_reader_only_gets_the_cookie(client):
    response = client.get("/i18n/setlang/", {"language": "bn", "next": "/"})
    assert response.cookies["django_language"].value == "bn"


def test_a_user_without_a_participant_record_keeps_the_choice_on_the_account():
    user = factories.UserFactory()
    user_language_set(user=user, language="bn")
    user.refresh_from_db()
    assert user.preferred_language == "bn"


def test_an_unknown_language_is_refused():
    user = factories.UserFactory()
    with pytest.raises(ValueError, match="unknown language"):
        user_language_set(user=user, language="fr")


def test_a_participant_record_made_for_a_user_takes_their_language():
    from courses.services import participant_for_user

    user = factories.UserFactory(preferred_language="bn")
    assert participant_for_user(user=user).preferred_language == "bn"
