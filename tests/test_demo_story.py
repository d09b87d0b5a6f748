"""The demo tells the story of the seed texts (issue 12): the CoP's with
their real make-up, the expertgroep and the regiocoördinatoren, over thirty
kennisproducten of every kind with Q&A of real depth, the flagship
infographic as a real picture with its text alternative, a PDF with its
preview line, sessions on weekdays with reports, and signals at every level
with histories spread over the year."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import Community, Membership, Organisation, Session
from cop_portal.models import User
from knowledge.demo_assets import BREDE_INTAKE, FOLDER, ONTHEFFING
from knowledge.models import Attachment, KnowledgeProduct, QuestionAnswer, Status
from signals.models import Level, Recognition, Signal, SignalEvent
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

ZEELAND = "cop-inburgering-zeeland"
RIJNMOND = "cop-inburgering-rijnmond"
ACHTERHOEK = "cop-inburgering-achterhoek"
ZEEUWSE_GEMEENTEN = {
    f"Gemeente {name}"
    for name in (
        "Middelburg",
        "Vlissingen",
        "Goes",
        "Terneuzen",
        "Schouwen-Duiveland",
        "Tholen",
        "Veere",
        "Borsele",
        "Hulst",
        "Sluis",
        "Kapelle",
        "Reimerswaal",
        "Noord-Beveland",
    )
}
ACHTERHOEKSE_GEMEENTEN = {
    f"Gemeente {name}"
    for name in (
        "Aalten",
        "Berkelland",
        "Bronckhorst",
        "Doetinchem",
        "Montferland",
        "Oost Gelre",
        "Oude IJsselstreek",
        "Winterswijk",
    )
}
INFOGRAPHIC = "Ontheffing inburgeringsverplichtingen bij ziekte of beperking"


def _organisations(slug: str) -> set[str]:
    return set(
        Membership.objects.filter(community__slug=slug).values_list(
            "organisation__name", flat=True
        )
    )


# --- The network ------------------------------------------------------------
def test_cop_zeeland_is_made_of_zeeuwse_gemeenten_and_its_partners(demo):
    organisations = _organisations(ZEELAND)
    assert len(organisations & ZEEUWSE_GEMEENTEN) >= 5
    assert {"COA", "Scalda", "Divosa", "VluchtelingenWerk Zuidwest-Nederland"} <= (
        organisations
    )


def test_cop_achterhoek_has_a_member_from_each_of_its_eight_gemeenten(demo):
    assert _organisations(ACHTERHOEK) >= ACHTERHOEKSE_GEMEENTEN


def test_cop_rijnmond_has_ten_gemeenten_and_a_taalaanbieder_per_leerroute(demo):
    organisations = Organisation.objects.filter(
        memberships__community__slug=RIJNMOND
    ).distinct()
    assert organisations.filter(kind=Organisation.Kind.GEMEENTE).count() == 10
    assert "Gemeente Rotterdam" in _organisations(RIJNMOND)
    assert set(
        organisations.filter(kind=Organisation.Kind.TAALAANBIEDER).values_list(
            "name", flat=True
        )
    ) == {
        "Erasmus Universiteit Rotterdam",
        "Albeda",
        "NL-Training",
        "Top-Taal",
        "Stichting Nieuw Thuis Rotterdam",
    }
    assert organisations.filter(kind=Organisation.Kind.VLUCHTELINGENWERK).exists()


def test_every_cop_has_several_members_from_several_gemeenten(demo):
    communities = Community.objects.annotate(members=Count("memberships"))
    assert communities.count() >= 6
    for community in communities:
        gemeenten = (
            Membership.objects.filter(
                community=community,
                organisation__kind=Organisation.Kind.GEMEENTE,
            )
            .values("organisation")
            .distinct()
            .count()
        )
        assert community.members >= 5, community.name
        assert gemeenten >= 4, community.name


def test_the_cop_page_lists_its_gemeenten_for_every_visitor(demo, client):
    page = client.get(reverse("communities:community_detail", args=[ACHTERHOEK]))
    for gemeente in ACHTERHOEKSE_GEMEENTEN:
        assert gemeente in page.text


def test_the_expertgroep_is_a_group_and_several_of_its_members_review(demo):
    experts = User.objects.filter(is_expert=True)
    assert experts.count() >= 5
    assert not Membership.objects.filter(user__in=experts).exists()
    reviewers = KnowledgeProduct.objects.filter(reviews__isnull=False).values(
        "reviews__reviewer"
    )
    assert reviewers.distinct().count() >= 4


def test_divosas_regiocoordinatoren_take_part_in_the_cop_of_their_region(demo):
    regio = Membership.objects.filter(
        user__email__startswith="regio.", organisation__name="Divosa"
    )
    assert regio.values("community").distinct().count() >= 4
    contacts = set(Community.objects.values_list("contact_name", flat=True))
    assert {f"{m.user.first_name} {m.user.last_name}" for m in regio} & contacts


def test_the_readme_accounts_keep_their_roles_and_sign_in(demo):
    from communities.demo import DEMO_PASSWORD

    roles = {
        "moderator@example.org": "is_moderator",
        "expert@example.org": "is_expert",
        "ketenpartner@example.org": "is_chain_partner",
    }
    for email, flag in roles.items():
        assert getattr(User.objects.get(email=email), flag), email
    assert Membership.objects.filter(
        user__email="trekker@example.org",
        community__slug=RIJNMOND,
        role=Membership.Role.TREKKER,
    ).exists()
    assert Membership.objects.filter(
        user__email="trekker.zeeland@example.org",
        community__slug=ZEELAND,
        role=Membership.Role.TREKKER,
    ).exists()
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": "consulent.winterswijk@example.org", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302


# --- Kennisproducten --------------------------------------------------------
def test_over_thirty_products_of_every_kind(demo):
    products = KnowledgeProduct.objects.filter(revision_of=None)
    assert products.count() >= 30
    assert set(products.values_list("kind", flat=True)) == set(
        KnowledgeProduct.Kind.values
    )
    published = products.filter(status=Status.PUBLISHED)
    assert set(published.values_list("kind", flat=True)) == set(
        KnowledgeProduct.Kind.values
    )


def test_every_qa_has_several_questions_with_answers_of_substance(demo):
    qas = KnowledgeProduct.objects.filter(kind=KnowledgeProduct.Kind.QA)
    assert qas.count() >= 3
    for qa in qas:
        entries = list(qa.entries.all())
        assert len(entries) >= 5, qa.title
        assert all(len(entry.answer) >= 150 for entry in entries), qa.title
    wet = qas.get(title="Wet inburgering in vraag en antwoord")
    assert wet.entries.values("theme").distinct().count() >= 6


def test_the_flagship_infographic_is_a_png_with_a_text_alternative(demo):
    product = KnowledgeProduct.objects.get(title=INFOGRAPHIC, revision_of=None)
    image = product.attachments.get()
    assert image.content_type == Attachment.FileType.PNG
    assert image.alt_text == ONTHEFFING["alt_text"]
    with image.file.open("rb") as handle:
        assert handle.read() == (FOLDER / ONTHEFFING["file"]).read_bytes()


def test_the_infographic_page_shows_the_image_with_its_alt_and_the_steps(demo, client):
    product = KnowledgeProduct.objects.get(title=INFOGRAPHIC, revision_of=None)
    assert product.visibility == KnowledgeProduct.Visibility.PUBLIC
    image = product.attachments.get()
    html = client.get(product.get_absolute_url()).text
    assert (
        f'<img class="portal-attachment-figure__image" '
        f'src="{image.get_absolute_url()}" alt="{ONTHEFFING["alt_text"]}">'
    ) in html
    # The steps as text, for everyone: in the body under the picture's title.
    for heading, _text in ONTHEFFING["steps"]:
        assert f"<strong>{heading}</strong>" in html
    assert f'download="{ONTHEFFING["file"]}"' in html


def test_a_visitor_downloads_the_infographic_as_png(demo, client):
    product = KnowledgeProduct.objects.get(title=INFOGRAPHIC, revision_of=None)
    response = client.get(product.attachments.get().get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG\r\n\x1a\n")


def test_the_handreiking_pdf_has_its_preview_line(demo, client):
    product = KnowledgeProduct.objects.get(
        title=BREDE_INTAKE["title"], revision_of=None
    )
    pdf = product.attachments.get()
    assert pdf.page_count == 2
    with translation.override("nl"):
        size = filesizeformat(pdf.size)
    html = client.get(product.get_absolute_url()).text
    assert f"(PDF, 2 pagina's, {size})" in html


def test_products_are_dated_over_the_year_not_today(demo):
    today = timezone.localdate()
    products = KnowledgeProduct.objects.filter(revision_of=None)
    assert not products.filter(created_at__date=today).exists()
    days = {timezone.localdate(p.updated_at) for p in products}
    assert len(days) >= 20


# --- Sessions ---------------------------------------------------------------
def test_sessions_are_on_weekdays_and_the_past_ones_mostly_have_reports(demo):
    sessions = Session.objects.all()
    assert sessions.count() >= 60
    assert all(timezone.localtime(s.starts_at).weekday() < 5 for s in sessions)
    past = sessions.filter(starts_at__lt=timezone.now())
    reported = past.exclude(report="")
    assert reported.count() >= 0.8 * past.count()
    # The reports vary (19 texts over the past year's sessions), not one
    # text for all.
    assert reported.values("report").distinct().count() >= 15
    assert not reported.filter(report_published_at__date=timezone.localdate()).exists()


# --- Signals ----------------------------------------------------------------
def test_signals_stand_at_every_level_with_histories_on_many_days(demo):
    assert set(Signal.objects.values_list("level", flat=True)) == set(Level.values)
    today = timezone.localdate()
    days = {
        timezone.localdate(m)
        for m in SignalEvent.objects.values_list("created_at", flat=True)
    }
    assert len(days) >= 60
    for signal in Signal.objects.prefetch_related("events"):
        events = list(signal.events.all())
        assert {timezone.localdate(e.created_at) for e in events} != {today}, signal
    recognised = Recognition.objects.values_list("created_at", flat=True)
    assert not [m for m in recognised if timezone.localdate(m) == today]


def test_signals_come_from_every_cop_and_are_recognised_across_cops(demo):
    assert Signal.objects.values("community").distinct().count() == (
        Community.objects.count()
    )
    across = Recognition.objects.exclude(community=F("signal__community"))
    assert across.values("signal").distinct().count() >= 15


def test_the_duo_ketenpartner_answered_what_was_addressed_to_duo(demo):
    duo = User.objects.get(email="ketenpartner.duo@example.org")
    answered = SignalEvent.objects.filter(kind="respond", actor=duo)
    assert answered.exists()
    assert all(e.signal.addressed_to.name == "DUO" for e in answered)


def test_answers_of_closed_signals_became_kennisproducten(demo):
    answers = KnowledgeProduct.objects.filter(kind=KnowledgeProduct.Kind.SIGNAL_ANSWER)
    assert answers.filter(status=Status.PUBLISHED).exists()
    for product in answers:
        assert product.source_signal.status == "gesloten"
        closed = product.source_signal.events.get(kind="close").created_at
        assert product.created_at >= closed


# --- Safe to run again ------------------------------------------------------
def test_running_the_demo_again_adds_no_attachments_or_questions(demo):
    counts = (Attachment.objects.count(), QuestionAnswer.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Attachment.objects.count(), QuestionAnswer.objects.count()) == counts


def test_an_older_demo_infographic_without_its_picture_gets_it_in_a_new_version(
    demo, client
):
    """A database loaded by an earlier demo has the infographic without an
    image: loading the demo again adds it, through review, as version 2."""
    product = KnowledgeProduct.objects.get(title=INFOGRAPHIC, revision_of=None)
    Attachment.objects.filter(product=product).delete()
    call_command("load_demo", verbosity=0)
    product.refresh_from_db()
    assert product.version == 2
    assert product.attachments.get().alt_text == ONTHEFFING["alt_text"]
    assert product.status_changes.filter(transition="publish").count() == 2
    html = client.get(product.get_absolute_url()).text
    assert f'alt="{ONTHEFFING["alt_text"]}"' in html


def test_a_trekker_of_a_new_cop_sees_the_demo_pages_of_own_cop(demo):
    client = Client()
    sign_in(client, User.objects.get(email="trekker.twente@example.org"))
    community = Community.objects.get(slug="cop-inburgering-twente")
    assert client.get(community.get_absolute_url()).status_code == 200
    assert (
        client.get(
            reverse("communities:membership_list", args=[community.slug])
        ).status_code
        == 200
    )
    yesterday = timezone.now() - datetime.timedelta(days=1)
    assert Session.objects.filter(community=community, starts_at__lt=yesterday).exists()


def test_the_duo_ketenpartner_signs_in_with_the_published_secret(demo):
    from cop_portal.management.commands.load_demo import DEMO_TOTP_SECRETS
    from cop_portal.totp import totp_code

    if 30 - time.time() % 30 < 3:
        time.sleep(3)  # a code at the very end of its step may expire
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": "ketenpartner.duo@example.org", "password": "demo-wachtwoord-2026"},
    )
    assert response.url == reverse("mfa_authenticate")
    code = totp_code(DEMO_TOTP_SECRETS["ketenpartner.duo@example.org"])
    client.post(reverse("mfa_authenticate"), {"code": code})
    page = client.get(reverse("signals:signal_list")).text
    assert "PIP gaat niet mee bij verhuizing" in page
    assert "Energiebedrijven weigeren betalingen" not in page
