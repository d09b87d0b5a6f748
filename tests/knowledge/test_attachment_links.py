"""Attachment links stay valid when a new version is published: an
attachment's address carries its lasting key, which a new version keeps. Old
links by id lead on to it. A link to an attachment that a newer version left
out says it is gone (410) and leads to the product. Rights hold on every one
of these paths."""

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from knowledge import services
from knowledge.models import Attachment, KnowledgeProduct, RemovedAttachment, Status
from tests.knowledge.test_attachments import PDF

pytestmark = pytest.mark.django_db

OTHER_PDF = PDF.replace(b"<<>>", b"<< /Nieuw true >>")


def _add(actor, product, name="stroomschema.pdf", content=PDF, title="Stroomschema"):
    return services.attachment_add(
        actor=actor,
        product=product,
        upload=SimpleUploadedFile(name, content),
        title=title,
    )


def _published_with_attachment(trekker, expert, moderator, make_product, **kwargs):
    product = make_product(
        title="Handreiking ontheffing",
        slug="handreiking-ontheffing",
        status=Status.CONCEPT,
        **kwargs,
    )
    attachment = _add(trekker, product)
    services.product_submit(actor=trekker, product=product)
    services.product_approve(actor=expert, product=product)
    services.product_publish(actor=moderator, product=product)
    return KnowledgeProduct.objects.get(pk=product.pk), attachment


def _publish_new_version(trekker, expert, moderator, product, change=None):
    revision = services.product_revise(actor=trekker, product=product)
    if change is not None:
        change(revision)
    services.product_submit(actor=trekker, product=revision)
    services.product_approve(actor=expert, product=revision)
    services.product_publish(actor=moderator, product=revision)
    return revision


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def published(trekker, expert, moderator, make_product):
    return _published_with_attachment(trekker, expert, moderator, make_product)


def test_a_link_copied_before_a_new_version_still_downloads_the_file_after(
    client, trekker, expert, moderator, published
):
    product, attachment = published
    link = attachment.get_absolute_url()
    assert client.get(link).status_code == 200

    _publish_new_version(trekker, expert, moderator, product)

    response = client.get(link)
    assert response.status_code == 200
    assert _body(response) == PDF
    # The published row itself stayed: its id is the same as well.
    assert list(product.attachments.values_list("pk", flat=True)) == [attachment.pk]


def test_the_link_shown_on_the_product_page_is_the_lasting_one(
    client, trekker, expert, moderator, published
):
    product, attachment = published
    page = client.get(product.get_absolute_url()).text
    assert f"/kennis/bijlagen/{attachment.key}/" in page
    _publish_new_version(trekker, expert, moderator, product)
    assert f"/kennis/bijlagen/{attachment.key}/" in (
        client.get(product.get_absolute_url()).text
    )


def test_an_old_link_by_id_leads_to_the_current_file(
    client, trekker, expert, moderator, published
):
    product, attachment = published
    old_link = reverse("knowledge:attachment_by_id", args=[attachment.pk])
    _publish_new_version(trekker, expert, moderator, product)
    response = client.get(old_link)
    assert response.status_code == 301
    assert response.url == attachment.get_absolute_url()
    assert _body(client.get(response.url)) == PDF


def test_a_link_copied_from_the_new_version_works_once_it_is_published(
    client, client_as, trekker, expert, moderator, published
):
    product, _attachment = published
    added = {}

    def add_one(revision):
        added["attachment"] = _add(
            trekker, revision, "bijlage-2.pdf", OTHER_PDF, "Nieuwe bijlage"
        )

    _publish_new_version(trekker, expert, moderator, product, change=add_one)
    response = client.get(added["attachment"].get_absolute_url())
    assert response.status_code == 200
    assert _body(response) == OTHER_PDF


def test_an_attachment_left_out_of_the_new_version_is_gone_with_a_way_back(
    client, trekker, expert, moderator, published
):
    product, attachment = published
    old_link = reverse("knowledge:attachment_by_id", args=[attachment.pk])

    def remove(revision):
        copy = revision.attachments.get(key=attachment.key)
        services.attachment_remove(actor=trekker, attachment=copy)

    _publish_new_version(trekker, expert, moderator, product, change=remove)
    assert not product.attachments.exists()
    for link in (attachment.get_absolute_url(), old_link):
        response = client.get(link)
        assert response.status_code == 410
        assert "Bijlage verwijderd" in response.text
        assert "Stroomschema" in response.text
        assert product.get_absolute_url() in response.text
        assert "no-store" in response["Cache-Control"]
    removed = RemovedAttachment.objects.get(key=attachment.key)
    assert (removed.attachment_id, removed.removed_in_version) == (attachment.pk, 2)


def test_a_removed_attachment_of_a_members_only_product_is_404_for_outsiders(
    client_as, trekker, expert, moderator, make_product
):
    product, attachment = _published_with_attachment(
        trekker,
        expert,
        moderator,
        make_product,
        visibility=KnowledgeProduct.Visibility.MEMBERS,
    )

    def remove(revision):
        copy = revision.attachments.get(key=attachment.key)
        services.attachment_remove(actor=trekker, attachment=copy)

    _publish_new_version(trekker, expert, moderator, product, change=remove)
    link = attachment.get_absolute_url()
    for role in ("anonymous", "outsider"):
        response = client_as(role).get(link)
        assert response.status_code == 404
        assert "Handreiking ontheffing" not in response.text
    assert client_as("deelnemer").get(link).status_code == 410


def test_a_concept_attachment_is_not_readable_through_either_link(
    client_as, trekker, make_product
):
    concept = make_product(slug="concept", status=Status.CONCEPT)
    attachment = _add(trekker, concept)
    links = [
        attachment.get_absolute_url(),
        reverse("knowledge:attachment_by_id", args=[attachment.pk]),
    ]
    for role in ("anonymous", "outsider", "deelnemer", "other_trekker", "expert"):
        for link in links:
            assert client_as(role).get(link).status_code == 404, (role, link)
    assert client_as("trekker").get(links[0]).status_code == 200


def test_a_new_attachment_of_a_new_version_stays_hidden_until_published(
    client_as, trekker, published
):
    product, _attachment = published
    revision = services.product_revise(actor=trekker, product=product)
    added = _add(trekker, revision, "bijlage-2.pdf", OTHER_PDF, "Nieuwe bijlage")
    for role in ("anonymous", "deelnemer", "expert"):
        assert client_as(role).get(added.get_absolute_url()).status_code == 404
    assert client_as("trekker").get(added.get_absolute_url()).status_code == 200


def test_the_new_version_carries_the_keys_and_the_record_names_them(
    trekker, expert, moderator, published
):
    product, attachment = published
    revision = services.product_revise(actor=trekker, product=product)
    assert list(revision.attachments.values_list("key", flat=True)) == [attachment.key]
    first = product.published_versions.get(number=1)
    assert first.attachments[0]["key"] == str(attachment.key)


def test_a_signed_url_is_only_made_after_the_rights_check(
    settings, client_as, trekker, make_product
):
    settings.ATTACHMENT_SIGNED_URL_SECONDS = 60
    concept = make_product(slug="concept", status=Status.CONCEPT)
    attachment = _add(trekker, concept)
    response = client_as("deelnemer").get(attachment.get_absolute_url())
    assert response.status_code == 404
    assert "Location" not in response


def test_the_migration_gives_a_product_and_its_new_version_one_key_per_file(
    trekker, published
):
    product, attachment = published
    revision = services.product_revise(actor=trekker, product=product)
    other = _add(trekker, revision, "bijlage-2.pdf", OTHER_PDF, "Nieuwe bijlage")
    # Every row a key of its own, as if none were carried along yet.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE knowledge_attachment SET key = gen_random_uuid()")
        cursor.execute(
            importlib.import_module(
                "knowledge.migrations.0011_attachment_stable_key"
            ).BACKFILL
        )
    keys = dict(Attachment.objects.values_list("pk", "key"))
    copy = revision.attachments.get(file=attachment.file.name)
    assert keys[attachment.pk] == keys[copy.pk]
    assert keys[other.pk] not in (None, keys[attachment.pk])
