"""Upload checks for attachments: the type comes from the file's first bytes,
never from its name, and the name must agree with it."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# content type -> (magic bytes, extensions that may carry it)
SIGNATURES = {
    "application/pdf": (b"%PDF-", {".pdf"}),
    "image/png": (b"\x89PNG\r\n\x1a\n", {".png"}),
    "image/jpeg": (b"\xff\xd8\xff", {".jpg", ".jpeg"}),
}


def sniff(head: bytes) -> str | None:
    for content_type, (magic, _extensions) in SIGNATURES.items():
        if head.startswith(magic):
            return content_type
    return None


def check_upload(upload) -> str:
    """The content type of an acceptable upload, or a ValidationError that
    says what is wrong."""
    limit = settings.KNOWLEDGE_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; at most %(limit)s is allowed.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": f"{limit // (1024 * 1024)} MB",
                }
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(
            {"file": _("Only PDF, PNG and JPEG files can be attached.")}
        )
    extension = Path(upload.name or "").suffix.lower()
    if extension not in SIGNATURES[content_type][1]:
        raise ValidationError(
            {
                "file": _(
                    "The file name ends in “%(extension)s” but the file is a "
                    "%(kind)s. Give it the right extension."
                )
                % {
                    "extension": extension or "–",
                    "kind": content_type.split("/")[1].upper(),
                }
            }
        )
    return content_type
