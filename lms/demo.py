"""Demo data of the portal: groups, demo accounts and the site tree (home, news, resources)."""

import datetime

from wagtail.models import Page, Site

from lms.accounts.services import account_create
from lms.models import (
    HomePage,
    NavigationLink,
    NavigationSettings,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    ResourcePage,
    SiteSettings,
    StandardPage,
)
from lms.services import ORGANISERS, TRAINEES, TRAINERS, groups_ensure

DEMO_ACCOUNTS = [
    # (e-mail, password, first name, last name, group, is_staff)
    ("organiser@example.org", "demo-organiser", "Nasrin", "Akter", ORGANISERS, True),
    ("trainer@example.org", "demo-trainer", "Kamal", "Hossain", TRAINERS, True),
    ("trainee@example.org", "demo-trainee", "Rafiqul", "Islam", TRAINEES, False),
]

NEWS = [
    (
        datetime.date(2014, 11, 16),
        "Secretaries meet on the Annual Performance Agreement",
        "About sixty Secretaries discussed how ministries will sign and report on APAs.",
    ),
    (
        datetime.date(2015, 1, 20),
        "179 officers trained to prepare APAs",
        "Eight batches of mid-level officers completed the APA preparation training.",
    ),
    (
        datetime.date(2016, 4, 26),
        "Training on GPMS concludes",
        "The two-week training on the Government Performance Management System ended.",
    ),
]

RESOURCES = [
    ("APA preparation guideline", "guideline", datetime.date(2014, 10, 1)),
    ("Seminar report: disposal of audit objections", "report", datetime.date(2016, 3, 20)),
    ("Baseline study on GPMS (work in progress)", "study", None),
]


def load(*, stdout) -> None:
    groups = groups_ensure()
    _accounts(groups)
    home = _home()
    _children(home)
    _site_settings(home)
    stdout.write(f"  home page '{home.title}', {len(DEMO_ACCOUNTS)} demo accounts")


def _accounts(groups) -> None:
    for email, password, first, last, group, staff in DEMO_ACCOUNTS:
        account_create(
            email=email,
            password=password,
            first_name=first,
            last_name=last,
            groups=[groups[group]],
            is_staff=staff,
            exist_ok=True,
        )


def _home() -> HomePage:
    home = _default(HomePage).first()
    if home:
        return home
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="GPMS Training Portal",
            slug="portal",
            intro=(
                "<p>Training for the officials who write Bangladesh's Annual Performance "
                "Agreements: workshops, training of trainers, e-learning, an APA sandbox and "
                "verifiable certificates.</p>"
            ),
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site:
        site.root_page = home
        site.site_name = "GPMS Training"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name="GPMS Training"
        )
    # Wagtail's "Welcome" placeholder page is replaced by ours.
    if old_root and old_root.specific_class is Page and old_root.depth == 2:
        old_root.delete()
    return home


def _children(home: HomePage) -> None:
    if not StandardPage.objects.child_of(home).filter(slug="about").exists():
        home.add_child(
            instance=StandardPage(
                title="About the programme",
                slug="about",
                intro=(
                    "The Community of Practice (CoP) project supported the Cabinet Division's "
                    "Government Performance Management System from 2014 to 2016."
                ),
            )
        )
    news_index = _default(NewsIndexPage).first() or home.add_child(
        instance=NewsIndexPage(title="News", slug="news")
    )
    for date, title, summary in NEWS:
        if not NewsPage.objects.filter(title=title).exists():
            news_index.add_child(instance=NewsPage(title=title, date=date, summary=summary))
    resources = _default(ResourceIndexPage).first() or home.add_child(
        instance=ResourceIndexPage(
            title="Resources", slug="resources", intro="Training materials, reports and studies."
        )
    )
    for title, kind, date in RESOURCES:
        if not ResourcePage.objects.filter(title=title).exists():
            resources.add_child(instance=ResourcePage(title=title, kind=kind, date=date))


def _site_settings(home: HomePage) -> None:
    """The menu (programmes, news, resources, about) and the footer, unless an editor set them."""
    site = Site.objects.get(root_page=home)
    navigation = NavigationSettings.for_site(site)
    if not navigation.links.exists():
        targets = [
            (None, "/#programmes", "Programmes"),
            (NewsIndexPage.objects.first(), "", ""),
            (ResourceIndexPage.objects.first(), "", ""),
            (StandardPage.objects.child_of(home).filter(slug="about").first(), "", "About"),
        ]
        for order, (page, url, label) in enumerate(targets):
            NavigationLink.objects.create(
                settings=navigation, page=page, url=url, label=label, sort_order=order
            )
    # Bangla labels for the demo's own labelled links; links without a label show the Bangla
    # title of the page's translation.
    for label, label_bn in MENU_LABELS_BN.items():
        navigation.links.filter(label=label, label_bn="").update(label_bn=label_bn)
    site_settings = SiteSettings.for_site(site)
    if not site_settings.support_email:
        site_settings.support_email = "gpms-training@example.org"
        site_settings.footer_text = FOOTER_TEXT
    if site_settings.footer_text == FOOTER_TEXT and not site_settings.footer_text_bn:
        site_settings.footer_text_bn = FOOTER_TEXT_BN
    if not site_settings.office_order_signatory_name:
        for name, value in OFFICE_ORDER_SIGNATORY.items():
            setattr(site_settings, f"office_order_{name}", value)
    site_settings.save()


# Who signs the demo's office orders (workshops.demo.finish), and who gets a copy.
OFFICE_ORDER_SIGNATORY = {
    "signatory_name": "Md. Abdul Karim",
    "signatory_name_bn": "মোঃ আব্দুল করিম",
    "signatory_designation": "Joint Secretary (GPMS)",
    "signatory_designation_bn": "যুগ্মসচিব (জিপিএমএস)",
    "copy_to": "Senior Secretary, Cabinet Division\nExecutive Director, BIGD, BRAC University",
    "copy_to_bn": "সিনিয়র সচিব, মন্ত্রিপরিষদ বিভাগ\nনির্বাহী পরিচালক, বিআইজিডি, ব্র্যাক বিশ্ববিদ্যালয়",
}


MENU_LABELS_BN = {"Programmes": "কর্মসূচি", "About": "পরিচিতি"}
FOOTER_TEXT = (
    "Government Performance Management System training, Cabinet Division, "
    "Government of the People's Republic of Bangladesh."
)
FOOTER_TEXT_BN = (
    "সরকারি কর্মসম্পাদন ব্যবস্থাপনা পদ্ধতি (জিপিএমএস) প্রশিক্ষণ, মন্ত্রিপরিষদ বিভাগ, গণপ্রজাতন্ত্রী বাংলাদেশ সরকার।"
)


BANGLA = {
    HomePage: {
        "title": "জিপিএমএস প্রশিক্ষণ পোর্টাল",
        "intro": (
            "<p>বাংলাদেশের বার্ষিক কর্মসম্পাদন চুক্তি (এপিএ) প্রণয়নকারী কর্মকর্তাদের প্রশিক্ষণ: "
            "কর্মশালা, প্রশিক্ষক প্রশিক্ষণ, ই-লার্নিং, এপিএ অনুশীলন এবং যাচাইযোগ্য সনদপত্র।</p>"
        ),
    },
    NewsIndexPage: {"title": "সংবাদ"},
    ResourceIndexPage: {
        "title": "রিসোর্স",
        "intro": "প্রশিক্ষণ উপকরণ, প্রতিবেদন ও সমীক্ষা।",
    },
}
ABOUT_BN = {
    "title": "কর্মসূচি সম্পর্কে",
    "intro": (
        "কমিউনিটি অব প্র্যাকটিস (সিওপি) প্রকল্প ২০১৪ থেকে ২০১৬ সাল পর্যন্ত মন্ত্রিপরিষদ বিভাগের "
        "সরকারি কর্মসম্পাদন ব্যবস্থাপনা পদ্ধতি বাস্তবায়নে সহায়তা করেছে।"
    ),
}


def translate(*, stdout) -> None:
    """Bangla versions of the home, about, news and resources pages."""
    from lms.translation import pages_translate

    work = [(page, fields) for model, fields in BANGLA.items() for page in _default(model)]
    work += [(page, ABOUT_BN) for page in _default(StandardPage).filter(slug="about")]
    created = pages_translate(work, language="bn")
    stdout.write(f"  {created} portal pages translated into Bangla")


def _default(model):
    from wagtail.models import Locale

    return model.objects.filter(locale=Locale.get_default())
