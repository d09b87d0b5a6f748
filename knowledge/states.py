"""The statuses of a kennisproduct in its review workflow. The workflow
table (workflow.py) and the models both read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    CONCEPT = "concept", _("concept")
    REVIEW = "ter_toetsing", _("ter toetsing")
    APPROVED = "goedgekeurd", _("goedgekeurd")
    PUBLISHED = "gepubliceerd", _("gepubliceerd")
    ARCHIVED = "gearchiveerd", _("gearchiveerd")


DRAFT_STATUSES = (Status.CONCEPT, Status.REVIEW, Status.APPROVED)

# The statuses a product (or a new version of one) reaches only by being
# submitted for review. The expertgroep reads a product from that moment on
# (knowledge.permissions.EXPERT_STATUSES); a concept is its authors' work.
SUBMITTED_STATUSES = (Status.REVIEW, Status.APPROVED, Status.PUBLISHED, Status.ARCHIVED)
