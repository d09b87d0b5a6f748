"""Attachments in an S3-compatible bucket (moto's server on 127.0.0.1): the
download view checks rights first, then streams the object or redirects to a
signed URL that expires within minutes."""

import re
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import services
from knowledge.models import Attachment
from tests.deploy_helpers import s3_endpoint, s3_env, settings_with, storage_from
from tests.knowledge.test_attachments import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def endpoint():
    with s3_endpoint() as url:
        yield url


@pytest.fixture
def bucket_storage(endpoint, monkeypatch, request):
    """The attachment field writes to a fresh bucket, configured by the
    settings from the environment as in production."""
    bucket = "bijlagen-" + re.sub(r"[^a-z0-9]+", "-", request.node.name.lower())[:40]
    probe = settings_with(monkeypatch, **s3_env(endpoint, bucket))
    storage = storage_from(probe)
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture
def attachment(concept, moderator, bucket_storage):
    return services.attachment_add(
        actor=moderator,
        product=concept,
        upload=SimpleUploadedFile("infographic.pdf", PDF),
        title="De infographic",
    )


def test_upload_lands_in_the_bucket_under_a_random_name(attachment, bucket_storage):
    assert attachment.file.name.startswith("knowledge/")
    assert "infographic" not in attachment.file.name
    assert bucket_storage.exists(attachment.file.name)
    with bucket_storage.open(attachment.file.name) as stored:
        assert stored.read() == PDF


def test_download_streams_the_object_to_a_reader_with_rights(client_as, attachment):
    response = client_as("trekker").get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["anonymous", "deelnemer", "other_trekker"])
def test_no_signed_url_without_rights(role, client_as, attachment, settings):
    settings.ATTACHMENT_SIGNED_URL_SECONDS = 120
    response = client_as(role).get(attachment.get_absolute_url())
    assert response.status_code == 404
    assert "Location" not in response


def test_signed_url_after_the_rights_check_expires_within_minutes(
    client_as, attachment, settings
):
    settings.ATTACHMENT_SIGNED_URL_SECONDS = 120
    response = client_as("trekker").get(attachment.get_absolute_url())
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["120"]
    assert "X-Amz-Signature" in query
    with urllib.request.urlopen(location, timeout=10) as served:  # noqa: S310
        assert served.read() == PDF
        assert served.headers["Content-Type"] == "application/pdf"
        assert 'filename="infographic.pdf"' in served.headers["Content-Disposition"]


def test_bucket_refuses_the_object_without_a_signature(attachment, endpoint):
    bucket = attachment.file.storage.bucket_name
    url = f"{endpoint}/{bucket}/{attachment.file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)  # noqa: S310
    assert refused.value.code == 403
