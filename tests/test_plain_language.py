"""The B1 check (docs/decisions/0018-plain-language-check.md): advice on
long sentences, long or uncommon words, jargon and the passive, shown on the
three forms and on the review page, never a reason to refuse."""

import pytest
from django.test import Client
from django.urls import reverse

from communities.models import Session
from cop_portal import plain_language
from cop_portal.plain_language import HARD, NEARLY, OK, check
from knowledge.models import KnowledgeProduct, Status, Synonym
from signals.models import Signal
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.knowledge.factories import ProductFactory
from tests.timing import cpu_seconds

B1_TEXT = (
    "Je gaat naar de taalschool. Daar leer je Nederlands. "
    "De gemeente betaalt de lessen. Je krijgt hulp bij het zoeken naar werk.\n\n"
    "Heb je een vraag? Bel dan je eigen contactpersoon bij de gemeente."
)
LONG_SENTENCE = (
    "De gemeente zorgt er samen met de taalschool en de andere partners in de "
    "regio voor dat iedere nieuwe inwoner op tijd een passende plek krijgt bij "
    "een goede school in de buurt."
)
HARD_TEXT = f"{LONG_SENTENCE} {LONG_SENTENCE}"


def _kinds(report):
    return {
        (finding.kind, finding.text)
        for paragraph in report.paragraphs
        for finding in paragraph.findings
    }


def test_a_plain_text_is_at_b1_level():
    report = check(B1_TEXT)
    assert report.level == OK
    assert report.paragraphs == []


def test_a_long_sentence_is_found_with_its_length():
    report = check(LONG_SENTENCE)
    [finding] = [
        f for p in report.paragraphs for f in p.findings if f.kind == "long_sentence"
    ]
    assert finding.words > plain_language.LONG_SENTENCE_WORDS
    assert report.level == HARD


def test_long_and_uncommon_words_are_found():
    report = check("Je doet de leerbaarheidstoets. Dat is een gremium.")
    kinds = _kinds(report)
    assert ("long_word", "leerbaarheidstoets") in kinds
    assert ("rare_word", "gremium") in kinds


def test_a_long_but_familiar_word_is_not_advised_against():
    assert check("De organisatie neemt de verantwoordelijkheid.").paragraphs == []


def test_a_compound_of_common_words_is_not_uncommon():
    assert plain_language.is_common("taalschool")
    assert not plain_language.is_common("gremium")


def test_jargon_comes_with_the_plain_words_to_use():
    report = check("Wij doen dit teneinde de inburgeraar te helpen.")
    [finding] = [f for p in report.paragraphs for f in p.findings if f.kind == "jargon"]
    assert (finding.text, finding.plain) == ("teneinde", "om")
    assert report.level != OK


def test_an_abbreviation_is_jargon_only_in_capitals():
    jargon = {"MAP": "module arbeidsmarkt en participatie"}
    assert ("jargon", "MAP") in _kinds(check("Je volgt de MAP.", jargon=jargon))
    assert check("Leg het in de map.", jargon=jargon).paragraphs == []


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Het plan wordt door de consulent opgesteld.", "wordt … opgesteld"),
        ("De aanvraag werd afgewezen.", "werd afgewezen"),
        ("Het besluit is door de gemeente genomen.", "is … genomen"),
    ],
)
def test_a_passive_sentence_is_found(sentence, phrase):
    assert ("passive", phrase) in _kinds(check(sentence))


@pytest.mark.parametrize(
    "sentence", ["Hij is naar huis gegaan.", "Het wordt koud.", "Je belt de gemeente."]
)
def test_an_active_sentence_is_not_passive(sentence):
    assert not any(kind == "passive" for kind, _text in _kinds(check(sentence)))


def test_findings_are_given_per_paragraph():
    report = check(f"{B1_TEXT}\n\n{LONG_SENTENCE}")
    assert [p.number for p in report.paragraphs] == [3]
    assert report.paragraphs[0].start.startswith("De gemeente zorgt")


def test_a_text_without_words_has_no_report():
    assert check("  \n\n 123 ") is not None  # a number counts as a word
    assert check("   \n\n  ") is None


def test_the_level_is_nearly_for_some_jargon():
    assert check("Je krijgt reeds hulp. De gemeente helpt je.").level == NEARLY


def _seconds(text):
    return cpu_seconds(check, text)


@pytest.mark.parametrize(
    "unit",
    [
        f"{B1_TEXT} {LONG_SENTENCE} Het wordt door ons gedaan teneinde.\n\n",
        "[",  # an opened link that never closes
        "](x",
        "\n \n",
        "a.b.",
        "wordt ",
        "inburgeringsverplichtingen ",
    ],
)
def test_the_check_takes_time_linear_in_the_length(unit):
    """Eight times the text may take at most 24 times as long (best of seven
    runs taken in turns, as tests/test_privacy_screen.py does), for ordinary
    text and for the shapes a pattern could stumble over. 5 ms of slack: a
    quadratic pattern takes about 64 times as long, far beyond it."""
    check(B1_TEXT)  # reads the word list once
    small = unit * (12_000 // len(unit))
    large = unit * (96_000 // len(unit))
    small_runs, large_runs = [], []
    for _round in range(7):
        small_runs.append(_seconds(small))
        large_runs.append(_seconds(large))
    assert min(large_runs) < 24 * min(small_runs) + 0.005


# --- On the forms ------------------------------------------------------------


def _client(user):
    client = Client()
    sign_in(client, user)
    return client


def _product_post(community, theme, **changes):
    return {
        "community": community.pk,
        "kind": KnowledgeProduct.Kind.GUIDE,
        "title": "Nieuwe handreiking",
        "summary": "Samenvatting",
        "body": "Tekst",
        "themes": [theme.pk],
        "tags": "",
        "scope": "landelijk",
        "visibility": "openbaar",
        **changes,
    }


@pytest.mark.django_db
def test_checking_a_product_shows_the_advice_and_saves_nothing(
    trekker, community, theme
):
    Synonym.objects.update_or_create(
        term="PIP", defaults={"meaning": "persoonlijk plan inburgering"}
    )
    response = _client(trekker).post(
        reverse("knowledge:product_create"),
        _product_post(
            community,
            theme,
            title="",
            body="In het PIP staat het plan.",
            check_language="1",
        ),
    )
    assert response.status_code == 200
    assert "Taalcheck (B1)" in response.text
    assert "Bijna op B1-niveau" in response.text
    assert "Schrijf liever: „persoonlijk plan inburgering”" in response.text
    # A check is no attempt to save: no "required" error for the empty title.
    assert "niet opgeslagen" not in response.text
    assert "In het PIP staat het plan." in response.text
    assert not KnowledgeProduct.objects.exists()


@pytest.mark.django_db
def test_a_hard_product_is_saved_anyway_and_the_expert_sees_the_level(
    trekker, community, theme
):
    client = _client(trekker)
    response = client.post(
        reverse("knowledge:product_create"),
        _product_post(community, theme, body=HARD_TEXT),
    )
    product = KnowledgeProduct.objects.get()
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Taalcheck: te moeilijk" in page.text
    product.status = Status.REVIEW
    product.save()
    expert = UserFactory(is_expert=True)
    review = _client(expert).get(reverse("knowledge:draft_detail", args=[product.pk]))
    assert review.status_code == 200
    assert "Te moeilijk: niet op B1-niveau" in review.text
    assert "Lange zin (" in review.text


@pytest.mark.django_db
def test_checking_a_signal_shows_the_passive_and_saves_nothing(
    deelnemer, community, theme
):
    response = _client(deelnemer).post(
        reverse("signals:signal_create"),
        {
            "community": community.pk,
            "title": "Aanvragen",
            "description": "De aanvraag werd afgewezen.",
            "themes": [theme.pk],
            "check_language": "1",
        },
    )
    assert response.status_code == 200
    assert "Lijdende vorm: „werd afgewezen”" in response.text
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_a_signal_in_plain_language_is_raised_with_the_level_said(
    deelnemer, community, theme
):
    response = _client(deelnemer).post(
        reverse("signals:signal_create"),
        {
            "community": community.pk,
            "title": "Te weinig plekken",
            "description": "Er zijn te weinig plekken om te werken.",
            "themes": [theme.pk],
        },
        follow=True,
    )
    assert Signal.objects.count() == 1
    assert "Taalcheck: op B1-niveau." in response.text


def _session_post(theme, **changes):
    return {
        "title": "Bijeenkomst",
        "date": "2030-05-01",
        "start_time": "13:00",
        "end_time": "16:00",
        "location": "Stadhuis",
        "themes": [theme.pk],
        **changes,
    }


@pytest.mark.django_db
def test_checking_a_session_report_uses_the_portal_jargon_list(
    trekker, community, theme
):
    # The Synonym list lives in the knowledge app, above communities.
    Synonym.objects.update_or_create(
        term="PIP", defaults={"meaning": "persoonlijk plan inburgering"}
    )
    response = _client(trekker).post(
        reverse("communities:session_create", args=[community.slug]),
        _session_post(
            theme,
            report=f"{LONG_SENTENCE}\n\nIn het PIP staat het plan.",
            check_language="1",
        ),
    )
    assert response.status_code == 200
    assert "Bijna op B1-niveau" in response.text
    assert "Alinea 2: „In het PIP staat het plan”" in response.text
    assert "Schrijf liever: „persoonlijk plan inburgering”" in response.text
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_hard_session_report_is_saved_anyway(trekker, community, theme):
    response = _client(trekker).post(
        reverse("communities:session_create", args=[community.slug]),
        # A report is written after the session.
        _session_post(theme, report=LONG_SENTENCE, date="2025-05-01"),
        follow=True,
    )
    assert Session.objects.get().report == LONG_SENTENCE
    assert "De bijeenkomst is opgeslagen." in response.text
    assert "Taalcheck: te moeilijk, niet op B1-niveau." in response.text


@pytest.mark.django_db
def test_the_form_page_loads_the_script_and_the_home_page_does_not(trekker):
    client = _client(trekker)
    form = client.get(reverse("knowledge:product_create"))
    assert "js/plain-language" in form.text
    assert "<script>" not in form.text  # no inline script (CSP)
    assert "js/plain-language" not in client.get(reverse("home")).text


@pytest.mark.django_db
def test_the_check_endpoint_answers_with_the_advice_in_english(trekker):
    client = _client(trekker)
    client.get(reverse("switch_language") + "?language=en&next=/")
    response = client.post(
        reverse("plain_language_check"),
        {"text": ["Wij doen dit teneinde te helpen."]},
    )
    assert response.status_code == 200
    assert "Nearly at B1 level" in response.text
    assert "Write instead: “om”" in response.text


@pytest.mark.django_db
def test_the_check_endpoint_refuses_anonymous_and_too_long_texts(trekker):
    assert (
        Client().post(reverse("plain_language_check"), {"text": "Hoi."}).status_code
        == 403
    )
    too_long = "woord " * (plain_language.TEXT_LIMIT // 5)
    response = _client(trekker).post(
        reverse("plain_language_check"), {"text": too_long}
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_editing_a_concept_shows_the_check_of_the_saved_text(trekker, community):
    concept = ProductFactory(
        community=community, status=Status.CONCEPT, body="Wij doen dit reeds."
    )
    page = _client(trekker).get(reverse("knowledge:product_update", args=[concept.pk]))
    assert page.status_code == 200
    assert "Vakjargon: „reeds”. Schrijf liever: „al”." in page.text


@pytest.mark.django_db
def test_the_check_endpoint_answers_429_after_its_limit_per_person(
    trekker, deelnemer, settings
):
    settings.PLAIN_LANGUAGE_CHECKS_PER_MINUTE = 3
    client = _client(trekker)
    url = reverse("plain_language_check")
    for _ in range(3):
        assert client.post(url, {"text": "Hoi."}).status_code == 200
    refused = client.post(url, {"text": "Hoi."})
    assert refused.status_code == 429
    assert "Wacht een minuut" in refused.text
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Counted per person: someone else still gets their check.
    assert _client(deelnemer).post(url, {"text": "Hoi."}).status_code == 200


@pytest.mark.django_db
def test_the_check_limit_is_kept_in_the_shared_cache(trekker, settings):
    """Two workers share the count: a second client (another worker's
    connection would read the same cache table) is refused as well."""
    settings.PLAIN_LANGUAGE_CHECKS_PER_MINUTE = 1
    url = reverse("plain_language_check")
    assert _client(trekker).post(url, {"text": "Hoi."}).status_code == 200
    assert _client(trekker).post(url, {"text": "Hoi."}).status_code == 429


@pytest.mark.django_db
def test_the_check_limit_of_zero_means_no_limit(trekker, settings):
    settings.PLAIN_LANGUAGE_CHECKS_PER_MINUTE = 0
    client = _client(trekker)
    for _ in range(5):
        assert (
            client.post(reverse("plain_language_check"), {"text": "Hoi."}).status_code
            == 200
        )


# --- Q&A answers ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_qa_answer_is_checked_on_the_concept_page_for_author_and_expert(
    trekker, community, theme
):
    from tests.knowledge.factories import QuestionFactory

    product = ProductFactory(
        community=community,
        kind=KnowledgeProduct.Kind.QA,
        status=Status.CONCEPT,
        summary="Vragen en antwoorden.",
        body="",
    )
    QuestionFactory(product=product, theme=theme, question="Wie?", answer=HARD_TEXT)
    url = reverse("knowledge:draft_detail", args=[product.pk])
    page = _client(trekker).get(url)
    assert "Te moeilijk: niet op B1-niveau" in page.text
    assert "Lange zin (" in page.text
    product.status = Status.REVIEW
    product.save()
    review = _client(UserFactory(is_expert=True)).get(url)
    assert "Te moeilijk: niet op B1-niveau" in review.text


@pytest.mark.django_db
def test_adding_a_hard_answer_says_its_level_and_adds_it_anyway(
    trekker, community, theme
):
    product = ProductFactory(
        community=community, kind=KnowledgeProduct.Kind.QA, status=Status.CONCEPT
    )
    response = _client(trekker).post(
        reverse("knowledge:question_add", args=[product.pk]),
        {"theme": theme.pk, "question": "Wie betaalt?", "answer": HARD_TEXT},
        follow=True,
    )
    assert product.entries.count() == 1
    assert "Taalcheck: te moeilijk" in response.text


# --- The admin's change pages ------------------------------------------------


@pytest.fixture
def admin_client(moderator):
    return _client(moderator)


def _admin_page(client, name, pk):
    page = client.get(reverse(f"admin:{name}_change", args=[pk]))
    assert page.status_code == 200
    return page.text


@pytest.mark.django_db
def test_the_admin_shows_the_check_of_a_products_text_and_answers(
    admin_client, community, theme
):
    from tests.knowledge.factories import QuestionFactory

    product = ProductFactory(
        community=community, kind=KnowledgeProduct.Kind.QA, body=B1_TEXT
    )
    html = _admin_page(admin_client, "knowledge_knowledgeproduct", product.pk)
    assert "Taalcheck (B1)" in html
    assert "Op B1-niveau" in html
    QuestionFactory(product=product, theme=theme, answer=HARD_TEXT)
    html = _admin_page(admin_client, "knowledge_knowledgeproduct", product.pk)
    assert "<strong>Op B1-niveau" not in html
    assert "Lange zin (" in html


@pytest.mark.django_db
def test_the_admin_shows_the_check_of_a_signals_description(admin_client, community):
    from tests.signals.factories import SignalFactory

    signal = SignalFactory(community=community, description=HARD_TEXT)
    html = _admin_page(admin_client, "signals_signal", signal.pk)
    assert "Te moeilijk: niet op B1-niveau" in html
    assert "Lange zin (" in html


@pytest.mark.django_db
def test_the_admin_shows_the_check_of_a_session_report_and_saves_anyway(
    admin_client, community
):
    from tests.factories import SessionFactory

    session = SessionFactory(community=community, report=HARD_TEXT)
    html = _admin_page(admin_client, "communities_session", session.pk)
    assert "Te moeilijk: niet op B1-niveau" in html
    # Nothing is refused because of it.
    response = admin_client.post(
        reverse("admin:communities_session_change", args=[session.pk]),
        {
            "community": community.pk,
            "title": session.title,
            "starts_at_0": "2025-01-01",
            "starts_at_1": "10:00",
            "ends_at_0": "2025-01-01",
            "ends_at_1": "12:00",
            "location": "Stadhuis",
            "report": HARD_TEXT + " Nog meer.",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.report.endswith("Nog meer.")
