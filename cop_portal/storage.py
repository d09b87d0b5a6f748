"""Where attachments are kept when they stay on local disk."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class ProtectedStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT without a URL: a view checks the reader's
    rights and streams the file. The folder is PROTECTED_MEDIA_ROOT, read at
    each use, so a test can move it."""

    @property
    def base_location(self):
        return str(settings.PROTECTED_MEDIA_ROOT)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None
