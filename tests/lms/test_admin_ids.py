"""An id that is no id, in an admin address, is "not found", never a server error; a real id
still reaches its page (choosers, bulk actions, the editing-session ping, office orders)."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from tests import factories

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999"  # digits no integer column holds


@pytest.fixture
def world(db):
    png = BytesIO()
    PillowImage.new("RGB", (8, 8), "white").save(png, "PNG")
    return {
        "image": Image.objects.create(title="Logo", file=ImageFile(png, name="logo.png")).pk,
        "document": Document.objects.create(
            title="Concept note", file=ContentFile(b"%PDF-1.4", name="concept.pdf")
        ).pk,
        "quiz": factories.QuizFactory().pk,
        "event": factories.event_page().pk,
    }


@pytest.fixture
def admin_client(organiser):
    client = Client(raise_request_exception=False)
    client.force_login(organiser)
    return client


# (method, address with {id}, the world's object whose id is the real one)
ADDRESSES = [
    ("get", "/admin/images/chooser/chosen/{id}/", "image"),
    ("get", "/admin/documents/chooser/chosen/{id}/", "document"),
    ("get", "/admin/snippets/choose/courses/quiz/chosen/{id}/", "quiz"),
    ("get", "/admin/images/chooser/chosen-multiple/?id={id}", "image"),
    ("get", "/admin/documents/chooser/chosen-multiple/?id={id}", "document"),
    ("get", "/admin/snippets/choose/courses/quiz/chosen-multiple/?id={id}", "quiz"),
    ("get", "/admin/bulk/wagtailimages/image/delete/?id={id}", "image"),
    ("get", "/admin/bulk/wagtaildocs/document/delete/?id={id}", "document"),
    ("get", "/admin/bulk/courses/quiz/delete/?id={id}", "quiz"),
    ("get", "/admin/bulk/wagtailcore/page/delete/?id={id}", "event"),
    ("post", "/admin/bulk/wagtailcore/page/move/?id={id}", "event"),
    ("post", "/admin/editing-sessions/ping/wagtailcore/page/{id}/0/", "event"),
    ("post", "/admin/editing-sessions/ping/courses/quiz/{id}/0/", "quiz"),
    ("get", "/admin/workshops/events/{id}/office-order/", "event"),
]


@pytest.mark.parametrize(("method", "address", "key"), ADDRESSES)
@pytest.mark.parametrize("bad", ["x", "1x", "1.5"])
def test_an_id_that_is_no_id_is_not_found(admin_client, world, method, address, key, bad):
    response = getattr(admin_client, method)(address.format(id=bad))
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "address", "key"), ADDRESSES)
def test_an_id_too_big_for_any_row_is_not_found(admin_client, world, method, address, key):
    response = getattr(admin_client, method)(address.format(id=TOO_BIG))
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "address", "key"), ADDRESSES)
def test_the_real_id_still_reaches_its_page(admin_client, world, method, address, key):
    response = getattr(admin_client, method)(address.format(id=world[key]))
    assert response.status_code == 200


def test_a_bulk_action_over_all_rows_still_reaches_its_page(admin_client, world):
    response = admin_client.get("/admin/bulk/wagtailimages/image/delete/?id=all")
    assert response.status_code == 200
