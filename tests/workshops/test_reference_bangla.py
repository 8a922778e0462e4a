"""Ranks and organisations carry Bangla names from the reference data; pages show them."""

import pytest
from django.core.management import call_command
from django.utils import translation

from workshops.models import Organisation, Rank
from workshops.reference import fill_bangla_names, read_ranks

pytestmark = pytest.mark.django_db


def test_every_shipped_rank_has_its_bangla_name_on_a_new_database():
    ranks = dict(Rank.objects.values_list("name", "name_bn"))
    assert ranks["Joint Secretary"] == "যুগ্মসচিব"
    assert ranks["Deputy Secretary"] == "উপসচিব"
    assert all(ranks[row["name"]] for row in read_ranks())


def test_local_name_follows_the_language_and_falls_back_to_english():
    rank = Rank.objects.get(name="Secretary")
    organisation = Organisation.objects.create(name="Nowhere Office")
    with translation.override("bn"):
        assert (rank.local_name, organisation.local_name) == ("সচিব", "Nowhere Office")
    with translation.override("en"):
        assert rank.local_name == "Secretary"


def test_filling_never_overwrites_an_organisers_bangla_name():
    Rank.objects.filter(name="Secretary").update(name_bn="সচিব (সংশোধিত)")
    Rank.objects.filter(name="Director").update(name_bn="")
    assert fill_bangla_names(Rank, Organisation) >= 1
    assert Rank.objects.get(name="Secretary").name_bn == "সচিব (সংশোধিত)"
    assert Rank.objects.get(name="Director").name_bn == "পরিচালক"


def test_the_command_fills_blank_bangla_names(capsys):
    Rank.objects.update(name_bn="")
    call_command("load_reference_data")
    assert (
        "filled 13 Bangla names" in capsys.readouterr().out
        or Rank.objects.filter(name_bn="").count() == 0
    )
    assert not Rank.objects.filter(name_bn="").exists()


def test_a_bangla_event_page_lists_its_audience_ranks_in_bangla(client, home):
    from tests import factories

    event = factories.event_page(title="APA training", slug="apa-training")
    event.audience.set(Rank.objects.filter(name__in=["Deputy Secretary", "Assistant Secretary"]))
    event.save_revision().publish()
    factories.bangla(event)
    html = client.get(f"/bn/{event.get_parent().slug}/apa-training/").content.decode()
    assert "উপসচিব" in html and "সহকারী সচিব" in html
    assert "Deputy Secretary" not in html


def test_shipped_organisations_have_their_bangla_names():
    names = dict(Organisation.objects.values_list("name", "name_bn"))
    assert names["Cabinet Division"] == "মন্ত্রিপরিষদ বিভাগ"
    assert not Organisation.objects.filter(name_bn="").exists()
