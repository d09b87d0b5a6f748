"""How attachments show on a product page (issue 12): an image inline, with
its text alternative and a download link, served by the view that checks
rights; a PDF with a preview line of its pages and size. The page count is
read once, at upload, by a small parse that never fails an upload."""

import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from knowledge import services
from knowledge.demo_assets import BREDE_INTAKE, FOLDER, ONTHEFFING
from knowledge.files import pdf_page_count
from knowledge.models import KnowledgeProduct, Status
from tests.timing import assert_linear

pytestmark = pytest.mark.django_db

HANDREIKING = (FOLDER / BREDE_INTAKE["file"]).read_bytes()
INFOGRAPHIC = (FOLDER / ONTHEFFING["file"]).read_bytes()


def _size(data: bytes) -> str:
    with translation.override("nl"):
        return str(filesizeformat(len(data)))


def _pdf(*objects: bytes) -> bytes:
    """A small PDF of the given object bodies, numbered from 1."""
    parts = [b"%PDF-1.7\n"]
    for number, body in enumerate(objects, start=1):
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    return b"".join(parts) + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


THREE_PAGES = _pdf(
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
    b"<< /Type /Page /Parent 2 0 R >>",
    b"<< /Type /Page /Parent 2 0 R >>",
    b"<< /Type /Page /Parent 2 0 R >>",
)


def _object_stream_pdf(count: int) -> bytes:
    """A PDF 1.5 whose page tree sits in a compressed object stream, as
    most office programs write them."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Pages /Parent 2 0 R /Kids [] /Count 1 >>",
    ]
    offsets, position = [], 0
    for body in objects:
        offsets.append(position)
        position += len(body) + 1
    header = b" ".join(b"%d %d" % (n + 1, o) for n, o in enumerate(offsets)) + b" "
    stream = zlib.compress(header + b" ".join(objects))
    return (
        b"%PDF-1.5\n4 0 obj\n<< /Type /ObjStm /N 3 /First "
        + str(len(header)).encode()
        + b" /Filter /FlateDecode /Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\n%%EOF\n"
    )


@pytest.mark.parametrize(
    "data, pages",
    [
        (HANDREIKING, 2),
        (THREE_PAGES, 3),
        (_object_stream_pdf(12), 12),
        # An incremental update appends a new root: the last one counts.
        (
            THREE_PAGES
            + b"2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>\nendobj\n",
            2,
        ),
        # Files that do not say plainly how many pages they have.
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", None),
        (b"%PDF-1.7\n" + b"\x00\xff" * 500, None),
        (_pdf(b"<< /Type /Pages /Kids [] /Count 7 0 R >>"), None),
        (_pdf(b"<< /Type /Pages /Kids [] /Count 0 >>"), None),
        (_pdf(b"<< /Type /Pages /Count 99999999 >>"), None),
        (
            b"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter "
            b"/FlateDecode >>\nstream\nnot zlib at all\nendstream\nendobj\n",
            None,
        ),
    ],
    ids=[
        "handreiking",
        "plain",
        "object stream",
        "incremental update",
        "no page tree",
        "garbage",
        "count by reference",
        "zero",
        "absurd",
        "broken stream",
    ],
)
def test_the_page_count_is_what_the_pdf_states_or_nothing(data, pages):
    assert pdf_page_count(data) == pages


def test_a_stream_that_inflates_without_end_is_cut_off():
    bomb = zlib.compress(b"\x00" * 64 * 1024 * 1024)
    data = (
        b"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter "
        b"/FlateDecode >>\nstream\n" + bomb + b"\nendstream\nendobj\n"
    )
    assert pdf_page_count(data) is None


@pytest.mark.parametrize(
    "unit",
    [
        "1",
        " ",
        "1 0 obj ",
        "/Type /Pages ",
        "obj /Type /Pages /Count 3 ",
        "obj /Type /ObjStm /First 3 /FlateDecode stream\n",
        "/Count ",
        "stream\nendstream ",
    ],
)
def test_counting_pages_takes_time_linear_in_the_file(unit):
    """An upload of 20 MB made to hurt the parse costs no more than its
    size: every search is bounded."""
    assert_linear(
        lambda text: pdf_page_count(text.encode()),
        unit,
        small=100_000,
        large=800_000,
        rounds=3,
    )


@pytest.fixture
def draft(make_product):
    return make_product(status=Status.CONCEPT, slug="met-bijlagen")


def _add(trekker, product, name, content, alt_text=""):
    return services.attachment_add(
        actor=trekker,
        product=product,
        upload=SimpleUploadedFile(name, content),
        title=f"Bijlage {name}",
        alt_text=alt_text,
    )


def test_the_page_count_is_stored_at_upload(trekker, draft):
    assert _add(trekker, draft, "handreiking.pdf", HANDREIKING).page_count == 2
    assert (
        _add(trekker, draft, "plaatje.png", INFOGRAPHIC, "Vijf stappen").page_count
        is None
    )


def test_a_pdf_that_does_not_state_its_pages_uploads_and_shows_its_size_only(
    client_as, trekker, draft
):
    response = client_as("trekker").post(
        reverse("knowledge:attachment_add", args=[draft.pk]),
        {
            "file": SimpleUploadedFile("kapot.pdf", b"%PDF-1.7\n\x00\xff kapot"),
            "title": "Kapot",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "De bijlage is toegevoegd." in response.text
    attachment = draft.attachments.get()
    assert attachment.page_count is None
    assert f"(PDF, {_size(attachment.file.read())})" in response.text


def test_the_draft_page_shows_the_preview_line_of_a_pdf(client_as, trekker, draft):
    _add(trekker, draft, "drie.pdf", THREE_PAGES)
    page = client_as("trekker").get(reverse("knowledge:draft_detail", args=[draft.pk]))
    assert f"(PDF, 3 pagina's, {_size(THREE_PAGES)})" in page.text


def _published_with(make_product, trekker, moderator, expert, files):
    product = make_product(status=Status.CONCEPT, slug="gepubliceerd-met-bijlagen")
    for name, content, alt_text in files:
        _add(trekker, product, name, content, alt_text)
    product = services.product_submit(actor=trekker, product=product)
    product = services.product_approve(actor=expert, product=product, comment="")
    return services.product_publish(actor=moderator, product=product)


def test_an_image_is_shown_inline_with_its_text_alternative_and_a_download_link(
    client, make_product, trekker, moderator, expert
):
    product = _published_with(
        make_product,
        trekker,
        moderator,
        expert,
        [("stappen.png", INFOGRAPHIC, "Vijf stappen: signaleren, voorbereiden")],
    )
    attachment = product.attachments.get()
    html = client.get(product.get_absolute_url()).text
    url = attachment.get_absolute_url()
    assert (
        f'<img class="portal-attachment-figure__image" src="{url}" '
        'alt="Vijf stappen: signaleren, voorbereiden">'
    ) in html
    assert f'href="{url}" download="stappen.png"' in html
    assert f"Download de afbeelding (PNG, {_size(INFOGRAPHIC)})" in html
    image = client.get(url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == INFOGRAPHIC


def test_the_image_of_a_members_only_product_is_not_served_to_a_visitor(
    client_as, make_product, trekker, moderator, expert
):
    product = _published_with(
        make_product,
        trekker,
        moderator,
        expert,
        [("stappen.png", INFOGRAPHIC, "Vijf stappen")],
    )
    KnowledgeProduct.objects.filter(pk=product.pk).update(
        visibility=KnowledgeProduct.Visibility.MEMBERS
    )
    url = product.attachments.get().get_absolute_url()
    assert client_as("anonymous").get(url).status_code == 404
    member = client_as("deelnemer")
    assert 'alt="Vijf stappen"' in member.get(product.get_absolute_url()).text
    assert member.get(url).status_code == 200


def test_pdfs_are_listed_with_pages_and_size_and_versions_keep_the_count(
    client_as, make_product, trekker, moderator, expert
):
    product = _published_with(
        make_product,
        trekker,
        moderator,
        expert,
        [("handreiking.pdf", HANDREIKING, ""), ("drie.pdf", THREE_PAGES, "")],
    )
    html = client_as("anonymous").get(product.get_absolute_url()).text
    assert f"(PDF, 2 pagina's, {_size(HANDREIKING)})" in html
    assert f"(PDF, 3 pagina's, {_size(THREE_PAGES)})" in html
    assert (
        "<img" not in html.split('id="attachments-heading"')[1].split("</section>")[0]
    )
    # A new version copies the attachments with their count.
    revision = services.product_revise(actor=trekker, product=product)
    assert sorted(revision.attachments.values_list("page_count", flat=True)) == [2, 3]
    # The published version's record keeps it too.
    version = product.published_versions.get()
    page = client_as("moderator").get(version.get_absolute_url()).text
    assert f"handreiking.pdf; PDF, 2 pagina's, {_size(HANDREIKING)}" in page
