"""The vocabulary of a signal's state: levels, statuses and how a closed
signal was closed. The workflow table (workflow.py) and the models both read
it, so it lives apart from either."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The three levels of the lerend stelsel, lowest first."""

    UITVOERING = "uitvoering", _("uitvoeringsniveau")
    SCHAKEL = "schakel", _("schakelniveau")
    STELSEL = "stelsel", _("stelselniveau")


class Status(models.TextChoices):
    NEW = "nieuw", _("nieuw")
    IN_PROGRESS = "in_behandeling", _("in behandeling")
    ANSWERED = "beantwoord", _("beantwoord")
    CLOSED = "gesloten", _("gesloten")


class Closure(models.TextChoices):
    """How a closed signal was closed."""

    FEEDBACK = "teruggekoppeld", _("teruggekoppeld")
    REJECTED = "afgewezen", _("afgewezen")
    MERGED = "samengevoegd", _("samengevoegd")


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.ANSWERED)
# A response is due while the signal waits for one.
WAITING_STATUSES = (Status.NEW, Status.IN_PROGRESS)
