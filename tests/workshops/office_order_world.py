"""A small world for the office order tests: an event with a Bangla page, two batches, the
signatory in the site settings, and confirmed officers of ministries with long names."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Site

from lms.models import SiteSettings
from tests import factories
from workshops.models import Batch, EventPage, Organisation, Participant, Rank
from workshops.services import nominations_add

EVENT_BN = "মধ্যম পর্যায়ের এপিএ কর্মকর্তাদের প্রশিক্ষণ"
MINISTRIES = [
    ("Ministry of Environment, Forest and Climate Change", "পরিবেশ, বন ও জলবায়ু পরিবর্তন মন্ত্রণালয়"),
    ("Ministry of Primary and Mass Education", "প্রাথমিক ও গণশিক্ষা মন্ত্রণালয়"),
    ("Ministry of Labour and Employment", "শ্রম ও কর্মসংস্থান মন্ত্রণালয়"),
]
NAMES = [
    ("Md. Rafiqul Islam", "মোহাম্মদ রফিকুল ইসলাম"),
    ("Krishna Chandra Biswas", "কৃষ্ণ চন্দ্র বিশ্বাস"),
    ("Nasrin Akter", "নাসরিন আক্তার"),
]


@dataclass
class World:
    event: EventPage
    batches: list[Batch]
    people: list[Participant]


def signatory() -> SiteSettings:
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.office_order_signatory_name = "Md. Abdul Karim"
    settings.office_order_signatory_name_bn = "মোঃ আব্দুল করিম"
    settings.office_order_signatory_designation = "Joint Secretary"
    settings.office_order_signatory_designation_bn = "যুগ্মসচিব"
    settings.office_order_copy_to = "Senior Secretary, Cabinet Division"
    settings.office_order_copy_to_bn = "সিনিয়র সচিব, মন্ত্রিপরিষদ বিভাগ"
    settings.save()
    return settings


def build(*, people: int = 3) -> World:
    factories.home_page()
    signatory()
    event = factories.event_page(slug="apa-officers-training", venue="BIAM Foundation, Dhaka")
    page = factories.bangla(event)
    page.title = EVENT_BN
    page.venue = "বিয়াম ফাউন্ডেশন, ঢাকা"
    page.save_revision().publish()
    batches = [factories.BatchFactory(event=event, number=n, venue=event.venue) for n in (1, 2)]
    rank = Rank.objects.get(name="Senior Assistant Secretary")
    made = []
    for n in range(people):
        name, name_bn = NAMES[n % len(NAMES)]
        ministry, ministry_bn = MINISTRIES[n % len(MINISTRIES)]
        organisation, _ = Organisation.objects.get_or_create(
            name=ministry, defaults={"name_bn": ministry_bn, "kind": "ministry"}
        )
        suffix = "" if n < len(NAMES) else f" {n}"
        made.append(
            factories.ParticipantFactory(
                name=name + suffix,
                name_bn=name_bn,
                organisation=organisation,
                designation="Senior Assistant Secretary",
                rank=rank,
            )
        )
    nominations_add(batch=batches[0], participants=made, confirm=True, notify=False)
    return World(event=event, batches=batches, people=made)
