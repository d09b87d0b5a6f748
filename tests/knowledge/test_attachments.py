"""Attachments: PDF, PNG and JPEG only, checked by content, at most 20 MB,
an image with a text alternative."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import services
from knowledge.models import Attachment, Status

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 32


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def draft(make_product):
    return make_product(status=Status.CONCEPT)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("infographic.pdf", PDF, "application/pdf"),
        ("afbeelding.png", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("FOTO.JPEG", JPEG, "image/jpeg"),
    ],
)
def test_pdf_png_and_jpeg_are_accepted(trekker, draft, name, content, expected):
    attachment = services.attachment_add(
        actor=trekker,
        product=draft,
        upload=upload(name, content),
        title="Bijlage",
        alt_text="Schema van de route",
    )
    assert attachment.content_type == expected
    assert attachment.size == len(content)
    assert attachment.original_name == name
    # Stored under a random name, outside MEDIA_ROOT.
    assert name not in attachment.file.name
    with attachment.file.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.pdf", EXE, "Alleen PDF-, PNG- en JPEG-bestanden"),
        ("tekst.pdf", b"gewoon tekst", "Alleen PDF-, PNG- en JPEG-bestanden"),
        ("script.html", b"<script>alert(1)</script>", "Alleen PDF-"),
        ("plaatje.pdf", PNG, "eindigt op"),
        ("document.png", PDF, "eindigt op"),
        ("document", PDF, "eindigt op"),
    ],
)
def test_other_types_and_forged_extensions_are_refused(
    trekker, draft, name, content, message
):
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(
            actor=trekker,
            product=draft,
            upload=upload(name, content),
            title="Bijlage",
            alt_text="x",
        )
    assert message in str(refused.value)
    assert not Attachment.objects.exists()


def test_file_larger_than_20_mb_is_refused(trekker, draft):
    big = PDF + b"0" * (20 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(
            actor=trekker, product=draft, upload=upload("groot.pdf", big), title="x"
        )
    assert "er mag hooguit 20 MB" in str(refused.value)
    assert not Attachment.objects.exists()


def test_file_of_exactly_20_mb_is_accepted(trekker, draft):
    exact = PDF + b"0" * (20 * 1024 * 1024 - len(PDF))
    services.attachment_add(
        actor=trekker, product=draft, upload=upload("precies.pdf", exact), title="x"
    )
    assert Attachment.objects.count() == 1


def test_image_without_text_alternative_is_refused(trekker, draft):
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(
            actor=trekker,
            product=draft,
            upload=upload("schema.png", PNG),
            title="Schema",
            alt_text="  ",
        )
    assert "tekstalternatief" in str(refused.value)


def test_attachments_only_on_a_concept_of_own_cop(other_trekker, trekker, make_product):
    from cop_portal.exceptions import DomainError, NotAllowedError

    with pytest.raises(NotAllowedError):
        services.attachment_add(
            actor=other_trekker,
            product=make_product(status=Status.CONCEPT),
            upload=upload("a.pdf", PDF),
            title="x",
        )
    with pytest.raises(DomainError):
        services.attachment_add(
            actor=trekker,
            product=make_product(status=Status.REVIEW),
            upload=upload("a.pdf", PDF),
            title="x",
        )


@pytest.mark.parametrize(
    "name", ["bsn_111222333.pdf", "verslag 111222333.pdf", "jan@rotterdam.nl.pdf"]
)
def test_a_file_name_with_personal_data_is_refused(trekker, draft, name):
    with pytest.raises(ValidationError) as refusal:
        services.attachment_add(
            actor=trekker, product=draft, upload=upload(name, PDF), title="Verslag"
        )
    assert "file" in refusal.value.message_dict
    assert not Attachment.objects.exists()
