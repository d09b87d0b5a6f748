"""The role matrix of the knowledge pages and actions: anonymous, signed in
without membership, deelnemer, trekker of the source CoP, trekker of another
CoP, expertgroep and moderator."""

import re

import pytest
from django.urls import reverse

from knowledge.models import KnowledgeProduct, Review, Status
from tests.knowledge.conftest import CONCEPT_READERS, ROLES

pytestmark = pytest.mark.django_db


def _expect_refusal(response, role):
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_are_open_to_every_role(role, client_as, published, theme):
    client = client_as(role)
    for url in [
        reverse("knowledge:product_list"),
        reverse("knowledge:product_list") + "?q=handreiking",
        published.get_absolute_url(),
        reverse("knowledge:feed"),
        reverse("knowledge:theme_feed", args=[theme.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Openbare handreiking" in response.text, url


def test_nav_has_a_link_to_the_knowledge_pages(client):
    response = client.get(reverse("home"))
    assert 'href="/kennis/"' in response.text
    assert "Kennis" in response.text


def test_product_page_shows_facts_and_related_products(client, make_product, theme):
    product = make_product(
        title="Infographic ontheffing",
        slug="infographic",
        body="## Stappen\n\n1. Vraag advies aan Argonaut",
        tags=["ontheffing"],
    )
    make_product(title="Ander product met hetzelfde thema", slug="ander")
    make_product(title="Zonder verband", slug="los", themes=[])
    response = client.get(product.get_absolute_url())
    assert "<h2>Stappen</h2>" in response.text
    assert "Leerbaarheidstoets" in response.text  # theme
    assert "ontheffing" in response.text  # tag
    assert "CoP Inburgering – Rijnmond" in response.text
    assert "Ander product met hetzelfde thema" in response.text
    assert "Zonder verband" not in response.text


@pytest.mark.parametrize("role", ROLES)
def test_concept_page_is_for_trekkers_of_the_cop_and_moderators(
    role, client_as, concept
):
    response = client_as(role).get(reverse("knowledge:draft_detail", args=[concept.pk]))
    if role in CONCEPT_READERS:
        assert response.status_code == 200
        assert "Concept handreiking" in response.text
    elif role == "anonymous":
        _expect_refusal(response, role)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_concepts_never_appear_in_the_public_list(role, client_as, concept):
    response = client_as(role).get(reverse("knowledge:product_list"))
    assert "Concept handreiking" not in response.text
    response = client_as(role).get(reverse("knowledge:product_list"), {"q": "concept"})
    assert "Concept handreiking" not in response.text


NEW_PRODUCT_FORM = {"trekker", "other_trekker", "moderator"}


@pytest.mark.parametrize("role", ROLES)
def test_new_product_form_is_for_trekkers_and_moderators(role, client_as):
    response = client_as(role).get(reverse("knowledge:product_create"))
    if role in NEW_PRODUCT_FORM:
        assert response.status_code == 200
        assert "<form" in response.text
    else:
        _expect_refusal(response, role)


def _product_post(community, theme, **changes):
    return {
        "community": community.pk,
        "kind": KnowledgeProduct.Kind.GUIDE,
        "title": "Nieuwe handreiking",
        "summary": "Samenvatting",
        "body": "Tekst",
        "themes": [theme.pk],
        "tags": "ontheffing, Argonaut",
        "scope": "landelijk",
        "visibility": "openbaar",
        **changes,
    }


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_create_products_for_it(
    role, client_as, community, theme
):
    response = client_as(role).post(
        reverse("knowledge:product_create"), _product_post(community, theme)
    )
    created = KnowledgeProduct.objects.filter(title="Nieuwe handreiking").first()
    if role in {"trekker", "moderator"}:
        assert response.status_code == 302
        assert created.status == Status.CONCEPT
        assert created.community == community
        assert sorted(t.name for t in created.tags.all()) == ["Argonaut", "ontheffing"]
    elif role == "other_trekker":
        # The CoP is not among the choices: the form says so, nothing is saved.
        assert response.status_code == 200
        assert created is None
    else:
        _expect_refusal(response, role)
        assert created is None


EDITORS = {"trekker", "moderator"}


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_edit_a_concept(
    role, client_as, concept, community, theme
):
    url = reverse("knowledge:product_update", args=[concept.pk])
    client = client_as(role)
    get_response = client.get(url)
    response = client.post(url, _product_post(community, theme, title="Gewijzigd"))
    concept.refresh_from_db()
    if role in EDITORS:
        assert get_response.status_code == 200
        assert response.status_code == 302
        assert concept.title == "Gewijzigd"
    else:
        _expect_refusal(get_response, role)
        _expect_refusal(response, role)
        assert concept.title == "Concept handreiking"


# transition -> (status before, roles that may take it)
TRANSITION_MATRIX = {
    "submit": (Status.CONCEPT, {"trekker", "moderator"}),
    "approve": (Status.REVIEW, {"expert"}),
    "request_changes": (Status.REVIEW, {"expert"}),
    "publish": (Status.APPROVED, {"moderator"}),
    "archive": (Status.PUBLISHED, {"moderator"}),
}


@pytest.mark.parametrize("name", TRANSITION_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_transition_buttons_work_for_the_right_role_only(
    role, name, client_as, make_product
):
    status, allowed = TRANSITION_MATRIX[name]
    product = make_product(status=status)
    response = client_as(role).post(
        reverse("knowledge:product_transition", args=[product.pk, name]),
        {"comment": "Maak de tekst korter."},
    )
    product.refresh_from_db()
    if role in allowed:
        assert response.status_code == 302
        assert product.status != status
    else:
        _expect_refusal(response, role)
        assert product.status == status


def test_illegal_transition_posted_by_hand_shows_a_message_and_changes_nothing(
    client_as, make_product
):
    approved = make_product(status=Status.APPROVED, slug="goedgekeurd")
    client = client_as("expert")
    response = client.post(
        reverse("knowledge:product_transition", args=[approved.pk, "approve"]),
        follow=True,
    )
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert not Review.objects.exists()
    assert "kan niet: dit kennisproduct is goedgekeurd" in response.text


def test_unknown_transition_gives_404(client_as, concept):
    response = client_as("moderator").post(
        reverse("knowledge:product_transition", args=[concept.pk, "delete"])
    )
    assert response.status_code == 404


def test_transitions_need_post(client_as, concept):
    response = client_as("trekker").get(
        reverse("knowledge:product_transition", args=[concept.pk, "submit"])
    )
    assert response.status_code == 405


def test_request_changes_without_comment_is_refused_with_a_message(
    client_as, make_product
):
    product = make_product(status=Status.REVIEW)
    response = client_as("expert").post(
        reverse("knowledge:product_transition", args=[product.pk, "request_changes"]),
        {"comment": ""},
        follow=True,
    )
    product.refresh_from_db()
    assert product.status == Status.REVIEW
    assert "de toelichting is verplicht" in response.text


def test_trekker_sees_the_comments_of_the_expertgroep_on_the_draft(
    client_as, make_product
):
    product = make_product(status=Status.REVIEW)
    client_as("expert").post(
        reverse("knowledge:product_transition", args=[product.pk, "request_changes"]),
        {"comment": "Schrijf in B1-taal, graag."},
    )
    response = client_as("trekker").get(
        reverse("knowledge:draft_detail", args=[product.pk])
    )
    assert "Schrijf in B1-taal, graag." in response.text
    assert "Concept bewerken" in response.text


@pytest.mark.parametrize("role", ROLES)
def test_review_queue_is_for_the_expertgroep_and_moderators(
    role, client_as, make_product
):
    make_product(title="Wacht op toetsing", status=Status.REVIEW)
    response = client_as(role).get(reverse("knowledge:review_queue"))
    if role in {"expert", "moderator"}:
        assert response.status_code == 200
        assert "Wacht op toetsing" in response.text
    else:
        _expect_refusal(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_workbench_is_for_trekkers_expertgroep_and_moderators(role, client_as, concept):
    response = client_as(role).get(reverse("knowledge:workbench"))
    if role in {"trekker", "other_trekker", "expert", "moderator"}:
        assert response.status_code == 200
        assert ("Concept handreiking" in response.text) == (role in CONCEPT_READERS)
    else:
        _expect_refusal(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_earlier_versions_are_for_moderators(role, client_as, make_product):
    from knowledge import services

    product = make_product(status=Status.APPROVED, slug="met-versies")
    services.product_publish(
        actor=__import__("tests.factories").factories.UserFactory(is_moderator=True),
        product=product,
    )
    client = client_as(role)
    urls = [
        reverse("knowledge:version_list", args=[product.slug]),
        reverse("knowledge:version_detail", args=[product.slug, 1]),
    ]
    for url in urls:
        response = client.get(url)
        if role == "moderator":
            assert response.status_code == 200
            assert product.title in response.text
        else:
            _expect_refusal(response, role)


def test_trekker_edits_a_published_product_as_a_new_version(
    client_as, published, community, theme
):
    client = client_as("trekker")
    response = client.post(reverse("knowledge:product_revise", args=[published.pk]))
    revision = KnowledgeProduct.objects.get(revision_of=published)
    assert response.url == reverse("knowledge:product_update", args=[revision.pk])
    client.post(
        response.url, _product_post(community, theme, title="Nieuwe versie in concept")
    )
    # Readers still see the published title.
    page = client_as("anonymous").get(published.get_absolute_url())
    assert "Openbare handreiking" in page.text
    assert "Nieuwe versie in concept" not in page.text


@pytest.mark.parametrize("role", ["anonymous", "deelnemer", "other_trekker", "expert"])
def test_others_cannot_start_a_new_version(role, client_as, published):
    response = client_as(role).post(
        reverse("knowledge:product_revise", args=[published.pk])
    )
    _expect_refusal(response, role)
    assert not KnowledgeProduct.objects.filter(revision_of=published).exists()


def test_a_wrong_filter_is_reported_and_the_search_still_runs(client, published):
    response = client.get(
        reverse("knowledge:product_list"), {"q": "handreiking", "theme": "bestaat-niet"}
    )
    assert response.status_code == 200
    assert "Dit thema bestaat niet." in response.text
    assert "Openbare handreiking" in response.text


def test_year_filter(client, make_product):
    import datetime

    from django.utils import timezone

    make_product(
        title="Oud product",
        slug="oud",
        published_at=timezone.now() - datetime.timedelta(days=800),
    )
    make_product(title="Nieuw product", slug="nieuw-product")
    year = timezone.now().year
    response = client.get(reverse("knowledge:product_list"), {"year": year})
    assert "Nieuw product" in response.text
    assert "Oud product" not in response.text


def test_knowledge_pages_have_one_h1_and_no_script(client_as, published, concept):
    client = client_as("moderator")
    for url in [
        reverse("knowledge:product_list"),
        reverse("knowledge:product_list") + "?q=handreiking",
        published.get_absolute_url(),
        reverse("knowledge:draft_detail", args=[concept.pk]),
        reverse("knowledge:product_create"),
        reverse("knowledge:review_queue"),
        reverse("knowledge:workbench"),
    ]:
        html = client.get(url).text
        assert html.count("<h1") == 1, url
        # Only the product form loads a script: the optional live B1 check
        # (decision 0018); the form works without it.
        scripts = re.findall(r"<script[^>]*>", html)
        if url == reverse("knowledge:product_create"):
            assert scripts == ['<script src="/static/js/plain-language.js" defer>']
        else:
            assert scripts == [], url


def test_qa_page_groups_questions_by_theme_with_anchors(client, make_product):
    from communities.models import Theme
    from tests.knowledge.factories import QuestionFactory

    qa = make_product(
        title="Wet inburgering in vraag en antwoord",
        slug="wet-inburgering-vraag-antwoord",
        kind="qa",
    )
    geld = Theme.objects.create(name="Financieel ontzorgen", slug="financieel")
    toets = Theme.objects.create(name="Leerbaarheidstoets 2", slug="toets")
    QuestionFactory(product=qa, theme=geld, question="Wie betaalt de huur?")
    QuestionFactory(product=qa, theme=toets, question="Wat meet de toets?")
    html = client.get(qa.get_absolute_url()).text
    assert 'id="thema-financieel"' in html and 'id="thema-toets"' in html
    assert 'id="wie-betaalt-de-huur"' in html
    assert html.index("Financieel ontzorgen</h2>") < html.index("Wie betaalt de huur?")


@pytest.mark.parametrize("role", ROLES)
def test_only_trekker_of_the_cop_and_moderator_upload_attachments(
    role, client_as, concept
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.knowledge.test_attachments import PDF

    response = client_as(role).post(
        reverse("knowledge:attachment_add", args=[concept.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF), "title": "Infographic"},
    )
    if role in EDITORS:
        assert response.status_code == 302
        assert concept.attachments.count() == 1
    else:
        _expect_refusal(response, role)
        assert not concept.attachments.exists()


def test_forged_upload_on_the_site_is_refused_with_a_clear_message(client_as, concept):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as("trekker").post(
        reverse("knowledge:attachment_add", args=[concept.pk]),
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00rest"), "title": "x"},
        follow=True,
    )
    assert "Alleen PDF-, PNG- en JPEG-bestanden" in response.text
    assert not concept.attachments.exists()


def test_upload_named_after_a_bsn_is_refused_on_the_site(client_as, concept):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as("trekker").post(
        reverse("knowledge:attachment_add", args=[concept.pk]),
        {
            "file": SimpleUploadedFile("bsn_111222333.pdf", b"%PDF-1.7\n%%EOF\n"),
            "title": "Verslag",
        },
        follow=True,
    )
    assert "een BSN" in response.text
    assert "111222333" not in response.text
    assert not concept.attachments.exists()


def test_trekker_adds_a_question_to_a_qa_concept(client_as, make_product, theme):
    qa = make_product(status=Status.CONCEPT, kind="qa", slug="qa-concept")
    client_as("trekker").post(
        reverse("knowledge:question_add", args=[qa.pk]),
        {"theme": theme.pk, "question": "Wat is de PIP?", "answer": "Het plan."},
    )
    assert [e.question for e in qa.entries.all()] == ["Wat is de PIP?"]
    response = client_as("other_trekker").post(
        reverse("knowledge:question_add", args=[qa.pk]),
        {"theme": theme.pk, "question": "Nog een?", "answer": "Nee."},
    )
    assert response.status_code == 403
    assert qa.entries.count() == 1


def test_feed_is_atom_with_links_to_the_products(client, published, theme):
    response = client.get(reverse("knowledge:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert published.get_absolute_url() in response.text
    page = client.get(reverse("knowledge:product_list"), {"theme": theme.slug})
    assert reverse("knowledge:theme_feed", args=[theme.slug]) in page.text


def _link(response, rel_or_text):
    """The href of a pagination link (rel="next"/"prev", or its text)."""
    import html
    import re

    for match in re.finditer(
        r'<a [^>]*href="(\?[^"]*)"[^>]*>([^<]*)</a>', response.text
    ):
        tag, text = match.group(0), match.group(2)
        if f'rel="{rel_or_text}"' in tag or text.strip() == rel_or_text:
            return html.unescape(match.group(1))
    return None


def test_pagination_keeps_the_search_and_filters(client, make_product, theme):
    for i in range(25):
        make_product(title=f"Handreiking ontheffing {i}", slug=f"h-{i}")
    url = reverse("knowledge:product_list")
    first = client.get(url, {"q": "ontheffing", "theme": theme.slug})
    assert first.context["count"] == 25
    next_link = _link(first, "next")
    assert "q=ontheffing" in next_link and f"theme={theme.slug}" in next_link
    second = client.get(url + next_link)
    assert len(second.context["products"]) == 5
    assert _link(second, "next") is None
    seen = [p.pk for p in first.context["products"]] + [
        p.pk for p in second.context["products"]
    ]
    assert len(set(seen)) == 25
    # "Last" shows the final 20, ending where the second page ends, and
    # offers no next page.
    last = client.get(url + _link(first, "Laatste"))
    last_pks = [p.pk for p in last.context["products"]]
    assert len(last_pks) == 20
    assert last_pks[-5:] == [p.pk for p in second.context["products"]]
    assert _link(last, "next") is None
    # Back from the second page leads to the first.
    back = client.get(url + _link(second, "prev"))
    assert [p.pk for p in back.context["products"]] == [
        p.pk for p in first.context["products"]
    ]


def test_a_broken_cursor_gives_the_first_page(client, published):
    response = client.get(reverse("knowledge:product_list"), {"cursor": "after:%%%"})
    assert response.status_code == 200
    assert [p.pk for p in response.context["products"]] == [published.pk]


def test_moderator_reads_the_earlier_version_after_a_new_one_is_published(
    client_as, trekker, expert, moderator, make_product
):
    from knowledge import services

    product = make_product(status=Status.APPROVED, title="Eerste titel", slug="v")
    services.product_publish(actor=moderator, product=product)
    revision = services.product_revise(actor=trekker, product=product)
    services.product_update(
        actor=trekker,
        product=revision,
        themes=[],
        tags=[],
        sessions=[],
        title="Tweede titel",
    )
    services.product_submit(actor=trekker, product=revision)
    services.product_approve(actor=expert, product=revision)
    services.product_publish(actor=moderator, product=revision)
    product.refresh_from_db()
    # The new title gave the product a new address; the old one redirects.
    assert product.slug == "tweede-titel"
    client = client_as("moderator")
    assert "Tweede titel" in client.get(product.get_absolute_url()).text
    versions = client.get(reverse("knowledge:version_list", args=["v"]), follow=True)
    assert "Eerste titel" in versions.text and "Tweede titel" in versions.text
    first = client.get(reverse("knowledge:version_detail", args=[product.slug, 1]))
    assert "Eerste titel" in first.text
    public = client_as("anonymous").get("/kennis/v/", follow=True)
    assert public.status_code == 200
    assert "Eerste titel" not in public.text


def test_related_products_are_the_most_shared_first_and_only_readable(
    client, make_product
):
    from knowledge.models import KnowledgeProduct
    from tests.factories import ThemeFactory

    first, second = ThemeFactory(), ThemeFactory()
    product = make_product(title="Uitgangspunt", slug="uitgangspunt", themes=[first])
    product.themes.add(second)
    product.tags.add("argonaut")
    make_product(title="Eén gedeeld", slug="een", themes=[first])
    all_shared = make_product(title="Alles gedeeld", slug="alles", themes=[first])
    all_shared.themes.add(second)
    all_shared.tags.add("argonaut")
    tag_only = make_product(title="Alleen de tag", slug="tag", themes=[])
    tag_only.tags.add("argonaut")
    make_product(title="Niets gedeeld", slug="niets", themes=[ThemeFactory()])
    hidden = make_product(
        title="Besloten gedeeld",
        slug="besloten",
        themes=[first],
        visibility=KnowledgeProduct.Visibility.MEMBERS,
    )
    hidden.themes.add(second)
    response = client.get(product.get_absolute_url())
    titles = [other.title for other in response.context["related"]]
    assert titles[0] == "Alles gedeeld"
    assert set(titles[1:]) == {"Eén gedeeld", "Alleen de tag"}
    assert "Niets gedeeld" not in titles and "Besloten gedeeld" not in titles


def test_anonymous_post_to_an_action_signs_in_and_comes_back_to_a_page(client, concept):
    """An action URL only takes POST; after signing in the visitor lands on the
    page the form was on, not on the action (which would answer 405)."""
    from urllib.parse import parse_qs, urlparse

    for url, page in [
        (
            reverse("knowledge:product_transition", args=[concept.pk, "submit"]),
            reverse("knowledge:draft_detail", args=[concept.pk]),
        ),
        (
            reverse("knowledge:question_add", args=[concept.pk]),
            reverse("knowledge:draft_detail", args=[concept.pk]),
        ),
        (
            reverse("knowledge:product_revise", args=[concept.pk]),
            reverse("knowledge:product_list"),
        ),
    ]:
        response = client.post(url)
        assert response.status_code == 302
        target = urlparse(response.url)
        assert target.path == reverse("account_login")
        assert parse_qs(target.query)["next"] == [page]
