"""Upload checks for attachments: the type comes from the file's first bytes,
never from its name, and the name must agree with it."""

import re
import zlib
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


# --- Page count of a PDF ----------------------------------------------------
# Shown in the attachment's preview line ("PDF, 12 pagina's, 1,2 MB") and
# read once, at upload. No PDF library: the root of the page tree states the
# count (/Type /Pages without /Parent, /Count N), either as a plain object or
# inside a compressed object stream (/Type /ObjStm). Whatever cannot be read
# that simply (encrypted, damaged, a count by reference) gives None: the line
# then shows the size only. The number is the file's own claim, only shown.
#
# Every pattern starts with a literal and repeats a bounded number of times,
# every look-around is a window of a few KB, and the counts of matches and
# inflated bytes are capped: the work stays linear in the file's size, so a
# hostile upload of 20 MB costs a fraction of a second.
_PAGES = re.compile(rb"/Type\s{0,20}/Pages\b")
_OBJECT_STREAM = re.compile(rb"/Type\s{0,20}/ObjStm\b")
_PARENT = re.compile(rb"/Parent\b")
_COUNT = re.compile(rb"/Count\s{1,20}(\d{1,6})\b(?!\s{1,20}\d{1,5}\s{1,20}R\b)")
_NUMBER = re.compile(rb"/(N|First)\s{1,20}(\d{1,9})\b")
_STREAM = re.compile(rb"stream\r?\n")
WINDOW = 4096
MAX_MATCHES = 1000
MAX_INFLATED = 16 * 1024 * 1024
MAX_PAGES = 100_000


def _root_count(dictionary: bytes) -> int | None:
    """The /Count of a dictionary that is the root of the page tree."""
    if not _PAGES.search(dictionary) or _PARENT.search(dictionary):
        return None
    found = _COUNT.search(dictionary)
    return int(found.group(1)) if found else None


def _plain_roots(data: bytes):
    for number, found in enumerate(_PAGES.finditer(data)):
        if number == MAX_MATCHES:
            return
        # The object around the match: from its "obj" to its end (or the
        # start of its stream). A root with thousands of /Kids is long.
        start = data.rfind(b"obj", max(0, found.start() - WINDOW), found.start())
        limit = found.end() + 16 * WINDOW
        ends = [
            at
            for at in (
                data.find(b"endobj", found.end(), limit),
                data.find(b"stream", found.end(), limit),
            )
            if at >= 0
        ]
        if start < 0 or not ends:
            continue
        yield _root_count(data[start : min(ends)])


def _stream_roots(data: bytes):
    budget, position = MAX_INFLATED, 0
    for number, found in enumerate(_OBJECT_STREAM.finditer(data)):
        if number == MAX_MATCHES or budget <= 0:
            return
        if found.start() < position:
            continue  # inside the stream read last: each byte is read once
        head_start = data.rfind(b"obj", max(0, found.start() - WINDOW), found.start())
        stream = _STREAM.search(data, found.end(), found.end() + WINDOW)
        if head_start < 0 or not stream:
            continue
        head = data[head_start : stream.start()]
        numbers = dict(_NUMBER.findall(head))
        end = data.find(b"endstream", stream.end())
        if end < 0:
            return  # no stream ends after this one either
        position = end
        if b"/FlateDecode" not in head or b"First" not in numbers:
            continue
        compressed = memoryview(data)[stream.end() : end]
        try:
            inflated = zlib.decompressobj().decompress(compressed, budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        # The stream starts with pairs "object-number offset", then the
        # objects one after the other from /First on.
        first = int(numbers[b"First"])
        offsets = [int(offset) for offset in inflated[:first].split()[1::2]]
        bounds = [first + offset for offset in offsets] + [len(inflated)]
        for at in range(min(len(offsets), MAX_MATCHES)):
            item = inflated[bounds[at] : bounds[at + 1]]
            if _PAGES.search(item):
                yield _root_count(item)


def pdf_page_count(data: bytes) -> int | None:
    """How many pages the PDF says it has, or None if it does not say so
    plainly. The last root of the page tree wins: an incremental update
    appends a new one."""
    try:
        counts = [count for count in _plain_roots(data) if count]
        if not counts:
            counts = [count for count in _stream_roots(data) if count]
    except ValueError:  # a number that is no number
        return None
    return counts[-1] if counts and counts[-1] <= MAX_PAGES else None
