"""The permission matrix: every URL of the portal against every role.

DOMAIN.md says rights follow from memberships and organisation and that every
view checks them. This module holds that promise to account in two ways:

- it walks the URL configuration and fails when a URL of the portal's own apps
  has no row in MATRIX (a new page cannot slip in without someone deciding
  who may use it);
- it requests every (URL, method, role) of MATRIX and compares the outcome
  with the one written down.

The expectations come from the role table in DOMAIN.md, not from running the
code. Where today's code disagrees with DOMAIN.md the row keeps the
DOMAIN.md-correct outcome and KNOWN_DEVIATIONS marks the case as a strict
xfail, so fixing the code turns it into a failure that asks for the mark to go.

"This CoP" is the CoP the object in the URL belongs to (CoP Rijnmond); "other"
roles are members of CoP Zeeland. The ketenpartner works for the organisation
the signal is addressed to (SZW); the other ketenpartner works for DUO.

One world of objects is built once for the module inside a transaction that is
rolled back at the end; every test runs in its own savepoint inside it, so a
POST that deletes or changes something is undone before the next test.
"""

import dataclasses
import datetime
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from communities.models import Invitation, Membership, invitation_token_hash
from cop_portal.digest import unsubscribe_token
from knowledge import services as knowledge_services
from knowledge.models import Attachment, KnowledgeProduct, RemovedAttachment, Status
from signals.forms import similar_checked_token
from signals.models import Level
from signals.models import Status as SignalStatus
from tests.conftest import sign_in
from tests.factories import (
    CommunityFactory,
    MembershipFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
)
from tests.knowledge.factories import ProductFactory, QuestionFactory
from tests.signals.factories import ChainPartnerOrganisationFactory, SignalFactory

pytestmark = pytest.mark.django_db

# --- Outcomes ---------------------------------------------------------------
# 200, 301, 403, 404, 405 and 410 are status codes; the two kinds of 302 differ in
# where they lead.
LOGIN = "302 to sign-in"
AWAY = "302 elsewhere"  # done, or sent back with a message

# --- Roles: the columns of MATRIX, in this order ----------------------------
ROLES = (
    "anonymous",  # anon: a bezoeker, not signed in
    "deelnemer",  # dln: deelnemer of this CoP
    "trekker",  # trk: communitytrekker of this CoP
    "other_deelnemer",  # o-dln: deelnemer of another CoP
    "other_trekker",  # o-trk: communitytrekker of another CoP
    "expert",  # expert: expertgroep (User.is_expert), member of no CoP
    "moderator",  # mod: moderator (User.is_moderator), member of no CoP
    "partner",  # prt: ketenpartner of the organisation the signal is addressed to
    "other_partner",  # o-prt: ketenpartner of another organisation
)

# --- What is not in the matrix, and why ---------------------------------------
# Everything else the URL configuration serves must have a row below.
EXCLUDED_NAMESPACES = {
    "admin": "Django's admin: its staff check lets in moderators; tests/test_admin.py.",
}
EXCLUDED_ALLAUTH_PREFIXES = {
    "account_": "allauth's sign-in, sign-up and password pages: open by design.",
    "socialaccount_": "allauth's social sign-in (not installed today).",
    "mfa_": (
        "allauth's two-factor pages: for the signed-in user, changes ask for the "
        "password again; tests/test_mfa.py, tests/test_sessions.py."
    ),
}
EXCLUDED_NAMES = {
    "set_language": "Django's i18n language switch: open to all; tests/test_i18n.py.",
}

# fmt: off
MATRIX = {
    # URL -> case -> method -> one outcome per role (ROLES, the columns below).
    # A case names the object the URL points at, or the step it takes.
    # Pages that only read answer a POST like a GET: no view there restricts
    # the method, and DOMAIN.md says nothing about methods. The test client
    # skips the CSRF check, so a POST's outcome is the view's own.
    #
    # --- the root URLconf ---------------------------------------------------------
    #                anon   dln    trk    o-dln  o-trk  expert mod    prt    o-prt
    "/favicon.ico": {
        # Unnamed, so keyed by its path: a permanent redirect to the SVG icon.
        "static": {
            "GET":  (301,   301,   301,   301,   301,   301,   301,   301,   301),
            "POST": (301,   301,   301,   301,   301,   301,   301,   301,   301),
        },
    },
    "home": {
        # The public home page for visitors, Mijn werk for everyone signed in
        # (tests/test_work_list.py).
        "page": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "switch_language": {
        # The language link in the header: a GET for everyone that sets the
        # language cookie and goes back; no form posts to it.
        "link": {
            "GET":  (AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY),
            "POST": (405,   405,   405,   405,   405,   405,   405,   405,   405),
        },
    },
    "plain_language_check": {
        # The B1 check the form pages' script posts to: any signed-in author;
        # it stores nothing and reads no data of anyone.
        "text": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (403,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "health": {
        # The load balancer's health check: open, and it only reads.
        "page": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (405,   405,   405,   405,   405,   405,   405,   405,   405),
        },
    },
    "dashboard": {
        # The moderators' dashboard: moderators only; it only reads.
        "page": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
    },
    "dashboard_csv": {
        # Each figure as CSV: moderators only, like the page.
        "figure": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
        "unknown-figure": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   404,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   404,   403,   403),
        },
    },
    "search": {
        # The portal-wide search: open to all; each group of results applies
        # its own visibility (tests/test_portal_search.py). It only reads.
        "query": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "profile": {
        # Everyone's own profile; it only reads.
        "own": {
            "GET":  (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (405,   405,   405,   405,   405,   405,   405,   405,   405),
        },
    },
    "profile_download": {
        # Everyone's own data as JSON (AVG inzage).
        "own": {
            "GET":  (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (405,   405,   405,   405,   405,   405,   405,   405,   405),
        },
    },
    "profile_delete": {
        # Everyone deletes their own account; the POST here has a wrong
        # password, so the form comes back with the refusal.
        "own": {
            "GET":  (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "profile_notifications": {
        # Everyone's own notification choices; the POST saves them and goes
        # back to the page.
        "own": {
            "GET":  (LOGIN, 200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (LOGIN, AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY),
        },
    },
    "digest_unsubscribe": {
        # The digest's unsubscribe link works without signing in: the signed
        # token says whose; anyone holding it may use it, as with any
        # unsubscribe link (tests/test_digest.py).
        "valid-token": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
        "forged-token": {
            "GET":  (400,   400,   400,   400,   400,   400,   400,   400,   400),
            "POST": (400,   400,   400,   400,   400,   400,   400,   400,   400),
        },
    },
    # --- communities --------------------------------------------------------------
    #                anon   dln    trk    o-dln  o-trk  expert mod    prt    o-prt
    "communities:community_follow": {
        # Anyone signed in follows any CoP (news of it is public or for
        # members only, as each e-mail's link shows); POST only.
        "this-cop": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY),
        },
    },
    "communities:theme_follow": {
        "theme": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY,  AWAY),
        },
    },
    "communities:community_list": {
        "page": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "communities:community_detail": {
        "this-cop": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "communities:community_calendar": {
        "this-cop": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "communities:session_create": {
        # Logs sessions of own CoP: its trekker (and moderators, who manage everything).
        "this-cop": {
            "GET":  (LOGIN, 403,   200,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "communities:session_detail": {
        # Public page; the report on it is for members (content, not status).
        "session": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "communities:session_update": {
        "session": {
            "GET":  (LOGIN, 403,   200,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "communities:session_delete": {
        # GET is the confirmation page.
        "session": {
            "GET":  (LOGIN, 403,   200,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "communities:membership_list": {
        # Manages its participants; POST adds the expert as deelnemer.
        "this-cop": {
            "GET":  (LOGIN, 403,   200,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "communities:membership_remove": {
        # A trekker removes deelnemers of own CoP.
        "deelnemer": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
        # Only a moderator removes a communitytrekker (the trekker included).
        "trekker": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   AWAY,  403,   403),
        },
    },
    "communities:invitation_revoke": {
        # Withdrawing follows inviting: the CoP's trekker (deelnemer invitations)
        # and moderators.
        "deelnemer-invitation": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "communities:invitation_accept": {
        # The link of an open invitation to an address without an account: a
        # visitor creates the account and is signed in (POST); everyone signed
        # in here holds another address, so is told so (403).
        "open": {
            "GET":  (200,   403,   403,   403,   403,   403,   403,   403,   403),
            "POST": (AWAY,  403,   403,   403,   403,   403,   403,   403,   403),
        },
        # A token nobody issued.
        "forged": {
            "GET":  (404,   404,   404,   404,   404,   404,   404,   404,   404),
            "POST": (404,   404,   404,   404,   404,   404,   404,   404,   404),
        },
    },
    "communities:theme_list": {
        "page": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "communities:theme_detail": {
        "theme": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "communities:session_list": {
        "page": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
        # Its search box: reports are searched only for those who may read
        # them (tests/communities/test_session_search.py).
        "search": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    # --- knowledge ----------------------------------------------------------------
    #                anon   dln    trk    o-dln  o-trk  expert mod    prt    o-prt
    "knowledge:product_list": {
        "page": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "knowledge:product_create": {
        # Any trekker opens the form; the POST drafts for this CoP, so the other CoP's
        # trekker gets the form back with an error (200) and nothing is made.
        "for-this-cop": {
            "GET":  (LOGIN, 403,   200,   403,   200,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   AWAY,  403,   200,   403,   AWAY,  403,   403),
        },
    },
    "knowledge:workbench": {
        # Trekkers (of any CoP), the expertgroep and moderators.
        "page": {
            "GET":  (LOGIN, 403,   200,   403,   200,   200,   200,   403,   403),
            "POST": (LOGIN, 403,   200,   403,   200,   200,   200,   403,   403),
        },
    },
    "knowledge:review_queue": {
        "page": {
            "GET":  (LOGIN, 403,   403,   403,   403,   200,   200,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   200,   200,   403,   403),
        },
    },
    "knowledge:feed": {
        # Feed readers never sign in: public products only.
        "all": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "knowledge:theme_feed": {
        "theme": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
    },
    "knowledge:attachment_download": {
        # Of the published public product.
        "public": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
        # Of the members-only product: members of any CoP, expertgroep, moderators; a
        # hidden file is 404.
        "members-only": {
            "GET":  (404,   200,   200,   200,   200,   200,   200,   404,   404),
            "POST": (404,   200,   200,   200,   200,   200,   200,   404,   404),
        },
        # Of the concept: its CoP's trekker and moderators. The expertgroep reads a
        # product only from the moment it is submitted for review.
        "concept": {
            "GET":  (404,   404,   200,   404,   404,   404,   200,   404,   404),
            "POST": (404,   404,   200,   404,   404,   404,   200,   404,   404),
        },
        # Of the product ter toetsing: its CoP's trekker, the expertgroep, moderators.
        "ter-toetsing": {
            "GET":  (404,   404,   200,   404,   404,   200,   200,   404,   404),
            "POST": (404,   404,   200,   404,   404,   200,   200,   404,   404),
        },
        # Left out of a newer version of the public product: gone (410) for those
        # who read the product.
        "removed-public": {
            "GET":  (410,   410,   410,   410,   410,   410,   410,   410,   410),
            "POST": (410,   410,   410,   410,   410,   410,   410,   410,   410),
        },
        # Left out of the members-only product: 410 for members, 404 for others.
        "removed-members-only": {
            "GET":  (404,   410,   410,   410,   410,   410,   410,   404,   404),
            "POST": (404,   410,   410,   410,   410,   410,   410,   404,   404),
        },
    },
    "knowledge:attachment_by_id": {
        # A link from before attachments had a lasting key: a permanent redirect to
        # the key's address for those who may read it, the same 404 or 410 else.
        "public": {
            "GET":  (301,   301,   301,   301,   301,   301,   301,   301,   301),
            "POST": (301,   301,   301,   301,   301,   301,   301,   301,   301),
        },
        "concept": {
            "GET":  (404,   404,   301,   404,   404,   404,   301,   404,   404),
            "POST": (404,   404,   301,   404,   404,   404,   301,   404,   404),
        },
        "removed-members-only": {
            "GET":  (404,   410,   410,   410,   410,   410,   410,   404,   404),
            "POST": (404,   410,   410,   410,   410,   410,   410,   404,   404),
        },
    },
    "knowledge:draft_detail": {
        # A concept: its CoP's trekker and moderators; others cannot tell it exists.
        # The expertgroep reads a product from the moment it is submitted for review.
        "concept": {
            "GET":  (LOGIN, 404,   200,   404,   404,   404,   200,   404,   404),
            "POST": (LOGIN, 404,   200,   404,   404,   404,   200,   404,   404),
        },
        "ter-toetsing": {
            "GET":  (LOGIN, 404,   200,   404,   404,   200,   200,   404,   404),
            "POST": (LOGIN, 404,   200,   404,   404,   200,   200,   404,   404),
        },
        "goedgekeurd": {
            "GET":  (LOGIN, 404,   200,   404,   404,   200,   200,   404,   404),
            "POST": (LOGIN, 404,   200,   404,   404,   200,   200,   404,   404),
        },
    },
    "knowledge:product_update": {
        # Drafts and edits products of own CoP.
        "concept": {
            "GET":  (LOGIN, 403,   200,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
        # Not a concept any more: editors are sent back with a message.
        "ter-toetsing": {
            "GET":  (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "knowledge:product_revise": {
        # A new version of the published public product.
        "published": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "knowledge:product_transition": {
        # Submits for review: its CoP's trekker (and moderators).
        "submit-concept": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
        # Reviews: the expertgroep only, not moderators.
        "approve-ter-toetsing": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   403,   403,   403,   AWAY,  403,   403,   403),
        },
        "request_changes-ter-toetsing": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   403,   403,   403,   AWAY,  403,   403,   403),
        },
        # Publishes reviewed products: moderators.
        "publish-goedgekeurd": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   AWAY,  403,   403),
        },
        "archive-published": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   AWAY,  403,   403),
        },
        # Not a transition: 404 once signed in.
        "unknown-step": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 404,   404,   404,   404,   404,   404,   404,   404),
        },
    },
    "knowledge:attachment_add": {
        "concept": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "knowledge:attachment_remove": {
        "concept": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "knowledge:question_add": {
        # The concept is a Q&A.
        "concept": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "knowledge:question_remove": {
        "concept": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   AWAY,  403,   403,   403,   AWAY,  403,   403),
        },
    },
    "knowledge:product_detail": {
        "public": {
            "GET":  (200,   200,   200,   200,   200,   200,   200,   200,   200),
            "POST": (200,   200,   200,   200,   200,   200,   200,   200,   200),
        },
        # Deelnemers browse all products; visitors and ketenpartners (no CoP) only
        # public ones.
        "members-only": {
            "GET":  (404,   200,   200,   200,   200,   200,   200,   404,   404),
            "POST": (404,   200,   200,   200,   200,   200,   200,   404,   404),
        },
        # A draft is never at the readers' address, whoever asks.
        "concept": {
            "GET":  (404,   404,   404,   404,   404,   404,   404,   404,   404),
            "POST": (404,   404,   404,   404,   404,   404,   404,   404,   404),
        },
    },
    "knowledge:version_list": {
        # Earlier versions: moderators.
        "published": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
    },
    "knowledge:version_detail": {
        "published-v1": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
    },
    # --- signals ------------------------------------------------------------------
    # "escalated": the signal of this CoP, in behandeling at schakelniveau and
    # addressed to the partner's organisation.
    #                anon   dln    trk    o-dln  o-trk  expert mod    prt    o-prt
    "signals:signal_list": {
        # Members of any CoP, moderators and ketenpartners (their own list).
        "page": {
            "GET":  (LOGIN, 200,   200,   200,   200,   403,   200,   200,   200),
            "POST": (LOGIN, 200,   200,   200,   200,   403,   200,   200,   200),
        },
        # Its search box: the same people, the same signals.
        "search": {
            "GET":  (LOGIN, 200,   200,   200,   200,   403,   200,   200,   200),
            "POST": (LOGIN, 200,   200,   200,   200,   403,   200,   200,   200),
        },
    },
    "signals:signal_create": {
        # Raised by members in their own CoP: the other CoP's members get the form back
        # with an error (200).
        "for-this-cop": {
            "GET":  (LOGIN, 200,   200,   200,   200,   403,   403,   403,   403),
            "POST": (LOGIN, AWAY,  AWAY,  200,   200,   403,   403,   403,   403),
        },
    },
    "signals:signal_similar": {
        # The similar signals of a text being written (the signal form's script):
        # for whoever may raise a signal, any CoP.
        "text": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 200,   200,   200,   200,   403,   403,   403,   403),
        },
    },
    "signals:signal_export": {
        "form": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
    },
    "signals:signal_detail": {
        # Members of every CoP see it (to recognise it); of the ketenpartners only the
        # addressed one.
        "escalated": {
            "GET":  (LOGIN, 200,   200,   200,   200,   403,   200,   200,   403),
            "POST": (LOGIN, 200,   200,   200,   200,   403,   200,   200,   403),
        },
    },
    "signals:signal_recognise": {
        # "Speelt bij ons ook": any deelnemer.
        "escalated": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, AWAY,  AWAY,  AWAY,  AWAY,  403,   403,   403,   403),
        },
    },
    "signals:signal_knowledge_product": {
        # Moderators; not closed yet, so the moderator is sent back with a message.
        "escalated": {
            "GET":  (405,   405,   405,   405,   405,   405,   405,   405,   405),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   AWAY,  403,   403),
        },
    },
    "signals:signal_transition": {
        # A POST sends the form's version only (respond also an answer), so a
        # moderator whose step is refused gets the form back with an error (200).
        # In behandeling already: the moderator gets a message (GET).
        "accept": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   AWAY,  403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
        "escalate": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
        # Moderator or ketenpartner of the addressed organisation; POST with an answer.
        "respond": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   200,   200,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   AWAY,  AWAY,  403),
        },
        # Not answered yet.
        "close": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   AWAY,  403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
        "reject": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
        "merge": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
        # Not closed.
        "reopen": {
            "GET":  (LOGIN, 403,   403,   403,   403,   403,   AWAY,  403,   403),
            "POST": (LOGIN, 403,   403,   403,   403,   403,   200,   403,   403),
        },
        # Not a transition, for anyone.
        "unknown": {
            "GET":  (404,   404,   404,   404,   404,   404,   404,   404,   404),
            "POST": (404,   404,   404,   404,   404,   404,   404,   404,   404),
        },
    },
}
# fmt: on

# Cases where today's code disagrees with DOMAIN.md: (URL, case, method, role)
# -> why. The row above keeps the DOMAIN.md outcome; the test is a strict xfail.
# None today.
KNOWN_DEVIATIONS: dict[tuple[str, str, str, str], str] = {}


# --- The world the URLs point into ------------------------------------------------
# The link of the world's open invitation (only its hash is stored).
INVITATION_TOKEN = "matrix-uitnodiging"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _attachment(product, title):
    return Attachment.objects.create(
        product=product,
        file=ContentFile(PDF, name="bijlage.pdf"),
        original_name="bijlage.pdf",
        title=title,
        content_type=Attachment.FileType.PDF,
        size=len(PDF),
    )


def _build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.theme = ThemeFactory(name="Leerbaarheidstoets", slug="leerbaarheidstoets")
    w.community = CommunityFactory(
        name="CoP Inburgering – Rijnmond", slug="cop-rijnmond", themes=[w.theme]
    )
    w.other_community = CommunityFactory(
        name="CoP Inburgering – Zeeland", slug="cop-zeeland"
    )
    w.session = SessionFactory(
        community=w.community, themes=[w.theme], slug="bijeenkomst"
    )
    w.deelnemer_membership = MembershipFactory(community=w.community)
    w.trekker_membership = MembershipFactory(
        community=w.community, role=Membership.Role.TREKKER
    )
    addressed = ChainPartnerOrganisationFactory(name="Ministerie van SZW", slug="szw")
    not_addressed = ChainPartnerOrganisationFactory(name="DUO", slug="duo")
    w.users = {
        "deelnemer": w.deelnemer_membership.user,
        "trekker": w.trekker_membership.user,
        "other_deelnemer": MembershipFactory(community=w.other_community).user,
        "other_trekker": MembershipFactory(
            community=w.other_community, role=Membership.Role.TREKKER
        ).user,
        "expert": UserFactory(is_expert=True),
        "moderator": UserFactory(is_moderator=True),
        "partner": UserFactory(is_chain_partner=True, organisation=addressed),
        "other_partner": UserFactory(is_chain_partner=True, organisation=not_addressed),
    }

    def product(**kwargs):
        return ProductFactory(community=w.community, themes=[w.theme], **kwargs)

    # Published through the service, so that it has a recorded version 1.
    reviewed = product(
        title="Openbare handreiking",
        slug="openbare-handreiking",
        status=Status.APPROVED,
    )
    w.public = knowledge_services.product_publish(
        actor=w.users["moderator"], product=reviewed
    )
    w.members_only = product(
        title="Besloten handreiking",
        slug="besloten-handreiking",
        visibility=KnowledgeProduct.Visibility.MEMBERS,
    )
    w.concept = product(
        title="Concept vraag en antwoord",
        slug="concept-vraag-en-antwoord",
        kind=KnowledgeProduct.Kind.QA,
        status=Status.CONCEPT,
    )
    w.question = QuestionFactory(product=w.concept, theme=w.theme)
    w.in_review = product(
        title="Handreiking ter toetsing", slug="ter-toetsing", status=Status.REVIEW
    )
    w.approved = product(
        title="Goedgekeurde handreiking", slug="goedgekeurd", status=Status.APPROVED
    )
    w.public_attachment = _attachment(w.public, "Openbare bijlage")
    w.members_attachment = _attachment(w.members_only, "Besloten bijlage")
    w.concept_attachment = _attachment(w.concept, "Concept bijlage")
    w.review_attachment = _attachment(w.in_review, "Bijlage ter toetsing")
    # Records of attachments a newer version left out (ids no row has).
    w.removed_public = RemovedAttachment.objects.create(
        product=w.public,
        key=uuid.uuid4(),
        attachment_id=10**9,
        title="Oude bijlage",
        removed_in_version=2,
    )
    w.removed_members = RemovedAttachment.objects.create(
        product=w.members_only,
        key=uuid.uuid4(),
        attachment_id=10**9 + 1,
        title="Oude besloten bijlage",
        removed_in_version=2,
    )
    w.signal = SignalFactory(
        community=w.community,
        themes=[w.theme],
        level=Level.SCHAKEL,
        status=SignalStatus.IN_PROGRESS,
        addressed_to=addressed,
    )
    w.invitation = Invitation.objects.create(
        email="uitgenodigd@example.nl",
        community=w.community,
        role=Invitation.Role.DEELNEMER,
        organisation=w.deelnemer_membership.organisation,
        invited_by=w.users["trekker"],
        expires_at=timezone.now() + datetime.timedelta(days=7),
        token_hash=invitation_token_hash(INVITATION_TOKEN),
    )
    # Signed in once per role: each test only sends the session cookie.
    w.sessions = {}
    for role, user in w.users.items():
        client = Client()
        sign_in(client, user)
        w.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once; each test's savepoint is rolled back, the whole at the end."""
    protected = override_settings(
        PROTECTED_MEDIA_ROOT=tmp_path_factory.mktemp("protected")
    )
    protected.enable()
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield _build_world()
            transaction.set_rollback(True)
    finally:
        protected.disable()


# --- Where each case points, and what its POST sends ----------------------------
@dataclasses.dataclass(frozen=True)
class Target:
    kwargs: Callable[[SimpleNamespace], dict] = lambda w: {}
    data: Callable[[SimpleNamespace], dict] = lambda w: {}
    # The query string of a GET (a list's search box).
    query: Callable[[SimpleNamespace], dict] = lambda w: {}


def _session_data(w):
    return {
        "title": "Nieuwe bijeenkomst",
        "date": "2030-05-01",
        "start_time": "13:00",
        "end_time": "15:00",
        "location": "Stadhuis",
        "themes": [w.theme.pk],
    }


def _product_data(w):
    return {
        "kind": KnowledgeProduct.Kind.QA,
        "title": "Vragen over de leerbaarheidstoets",
        "summary": "Wat gemeenten vragen en wat het antwoord is.",
        "themes": [w.theme.pk],
        "scope": KnowledgeProduct.Scope.NATIONAL,
        "visibility": KnowledgeProduct.Visibility.PUBLIC,
    }


def _step(product_attr, name):
    return Target(
        kwargs=lambda w: {"pk": getattr(w, product_attr).pk, "name": name},
        data=lambda w: {"comment": "Graag de bronnen erbij vermelden."},
    )


def _signal_step(name, **fields):
    return Target(
        kwargs=lambda w: {"pk": w.signal.pk, "name": name},
        data=lambda w: {"version": w.signal.version, **fields},
    )


def _new_account_data(w):
    return {
        "first_name": "Nieuwe",
        "last_name": "Deelnemer",
        "password1": "een-sterk-wachtwoord-2026",
        "password2": "een-sterk-wachtwoord-2026",
    }


_cop = Target(kwargs=lambda w: {"slug": w.community.slug})
_session = Target(
    kwargs=lambda w: {"community_slug": w.community.slug, "slug": w.session.slug}
)
_concept = Target(kwargs=lambda w: {"pk": w.concept.pk})
_signal = Target(kwargs=lambda w: {"pk": w.signal.pk})

TARGETS: dict[tuple[str, str], Target] = {
    ("/favicon.ico", "static"): Target(),
    ("home", "page"): Target(),
    ("switch_language", "link"): Target(),
    ("health", "page"): Target(),
    ("plain_language_check", "text"): Target(data=lambda w: {"text": "Hoi."}),
    ("search", "query"): Target(data=lambda w: {"q": "inburgering"}),
    ("dashboard", "page"): Target(),
    ("dashboard_csv", "figure"): Target(kwargs=lambda w: {"figure": "signalenstroom"}),
    ("dashboard_csv", "unknown-figure"): Target(
        kwargs=lambda w: {"figure": "bestaat-niet"}
    ),
    ("profile", "own"): Target(),
    ("profile_download", "own"): Target(),
    ("profile_delete", "own"): Target(
        data=lambda w: {"password": "niet-het-wachtwoord"}
    ),
    ("profile_notifications", "own"): Target(
        data=lambda w: {
            "products": "weekly",
            "sessions": "immediately",
            "signals": "never",
        }
    ),
    ("digest_unsubscribe", "valid-token"): Target(
        kwargs=lambda w: {"token": unsubscribe_token(w.users["deelnemer"].pk)}
    ),
    ("digest_unsubscribe", "forged-token"): Target(
        kwargs=lambda w: {"token": "MTI:verzonnen:handtekening"}
    ),
    # communities
    ("communities:community_follow", "this-cop"): dataclasses.replace(
        _cop, data=lambda w: {"follow": "1"}
    ),
    ("communities:theme_follow", "theme"): Target(
        kwargs=lambda w: {"slug": w.theme.slug}, data=lambda w: {"follow": "1"}
    ),
    ("communities:community_list", "page"): Target(),
    ("communities:community_detail", "this-cop"): _cop,
    ("communities:community_calendar", "this-cop"): _cop,
    ("communities:session_create", "this-cop"): Target(
        kwargs=lambda w: {"community_slug": w.community.slug}, data=_session_data
    ),
    ("communities:session_detail", "session"): _session,
    ("communities:session_update", "session"): dataclasses.replace(
        _session, data=_session_data
    ),
    ("communities:session_delete", "session"): _session,
    ("communities:membership_list", "this-cop"): dataclasses.replace(
        _cop,
        data=lambda w: {
            "email": w.users["expert"].email,
            "organisation": w.users["expert"].organisation_id,
        },
    ),
    ("communities:membership_remove", "deelnemer"): Target(
        kwargs=lambda w: {"slug": w.community.slug, "pk": w.deelnemer_membership.pk}
    ),
    ("communities:membership_remove", "trekker"): Target(
        kwargs=lambda w: {"slug": w.community.slug, "pk": w.trekker_membership.pk}
    ),
    ("communities:invitation_revoke", "deelnemer-invitation"): Target(
        kwargs=lambda w: {"slug": w.community.slug, "pk": w.invitation.pk}
    ),
    ("communities:invitation_accept", "open"): Target(
        kwargs=lambda w: {"token": INVITATION_TOKEN}, data=_new_account_data
    ),
    ("communities:invitation_accept", "forged"): Target(
        kwargs=lambda w: {"token": "verzonnen-code"}, data=_new_account_data
    ),
    ("communities:theme_list", "page"): Target(),
    ("communities:theme_detail", "theme"): Target(
        kwargs=lambda w: {"slug": w.theme.slug}
    ),
    ("communities:session_list", "page"): Target(),
    ("communities:session_list", "search"): Target(
        query=lambda w: {"q": "verslag"}, data=lambda w: {"q": "verslag"}
    ),
    # knowledge
    ("knowledge:product_list", "page"): Target(),
    ("knowledge:product_create", "for-this-cop"): Target(
        data=lambda w: {**_product_data(w), "community": w.community.pk}
    ),
    ("knowledge:workbench", "page"): Target(),
    ("knowledge:review_queue", "page"): Target(),
    ("knowledge:feed", "all"): Target(),
    ("knowledge:theme_feed", "theme"): Target(kwargs=lambda w: {"slug": w.theme.slug}),
    ("knowledge:attachment_download", "public"): Target(
        kwargs=lambda w: {"key": w.public_attachment.key}
    ),
    ("knowledge:attachment_download", "members-only"): Target(
        kwargs=lambda w: {"key": w.members_attachment.key}
    ),
    ("knowledge:attachment_download", "concept"): Target(
        kwargs=lambda w: {"key": w.concept_attachment.key}
    ),
    ("knowledge:attachment_download", "ter-toetsing"): Target(
        kwargs=lambda w: {"key": w.review_attachment.key}
    ),
    ("knowledge:attachment_download", "removed-public"): Target(
        kwargs=lambda w: {"key": w.removed_public.key}
    ),
    ("knowledge:attachment_download", "removed-members-only"): Target(
        kwargs=lambda w: {"key": w.removed_members.key}
    ),
    ("knowledge:attachment_by_id", "public"): Target(
        kwargs=lambda w: {"pk": w.public_attachment.pk}
    ),
    ("knowledge:attachment_by_id", "concept"): Target(
        kwargs=lambda w: {"pk": w.concept_attachment.pk}
    ),
    ("knowledge:attachment_by_id", "removed-members-only"): Target(
        kwargs=lambda w: {"pk": w.removed_members.attachment_id}
    ),
    ("knowledge:draft_detail", "concept"): _concept,
    ("knowledge:draft_detail", "goedgekeurd"): Target(
        kwargs=lambda w: {"pk": w.approved.pk}
    ),
    ("knowledge:draft_detail", "ter-toetsing"): Target(
        kwargs=lambda w: {"pk": w.in_review.pk}
    ),
    ("knowledge:product_update", "concept"): dataclasses.replace(
        _concept, data=_product_data
    ),
    ("knowledge:product_update", "ter-toetsing"): Target(
        kwargs=lambda w: {"pk": w.in_review.pk}, data=_product_data
    ),
    ("knowledge:product_revise", "published"): Target(
        kwargs=lambda w: {"pk": w.public.pk}
    ),
    ("knowledge:product_transition", "submit-concept"): _step("concept", "submit"),
    ("knowledge:product_transition", "approve-ter-toetsing"): _step(
        "in_review", "approve"
    ),
    ("knowledge:product_transition", "request_changes-ter-toetsing"): _step(
        "in_review", "request_changes"
    ),
    ("knowledge:product_transition", "publish-goedgekeurd"): _step(
        "approved", "publish"
    ),
    ("knowledge:product_transition", "archive-published"): _step("public", "archive"),
    ("knowledge:product_transition", "unknown-step"): _step("concept", "bestaat-niet"),
    ("knowledge:attachment_add", "concept"): dataclasses.replace(
        _concept,
        data=lambda w: {
            "file": SimpleUploadedFile("nieuw.pdf", PDF, "application/pdf"),
            "title": "Nieuwe bijlage",
        },
    ),
    ("knowledge:attachment_remove", "concept"): Target(
        kwargs=lambda w: {"pk": w.concept.pk, "attachment_pk": w.concept_attachment.pk}
    ),
    ("knowledge:question_add", "concept"): dataclasses.replace(
        _concept,
        data=lambda w: {
            "theme": w.theme.pk,
            "question": "Wie neemt de leerbaarheidstoets af?",
            "answer": "De gemeente.",
        },
    ),
    ("knowledge:question_remove", "concept"): Target(
        kwargs=lambda w: {"pk": w.concept.pk, "entry_pk": w.question.pk}
    ),
    ("knowledge:product_detail", "public"): Target(
        kwargs=lambda w: {"slug": w.public.slug}
    ),
    ("knowledge:product_detail", "members-only"): Target(
        kwargs=lambda w: {"slug": w.members_only.slug}
    ),
    ("knowledge:product_detail", "concept"): Target(
        kwargs=lambda w: {"slug": w.concept.slug}
    ),
    ("knowledge:version_list", "published"): Target(
        kwargs=lambda w: {"slug": w.public.slug}
    ),
    ("knowledge:version_detail", "published-v1"): Target(
        kwargs=lambda w: {"slug": w.public.slug, "number": 1}
    ),
    # signals
    ("signals:signal_list", "page"): Target(),
    ("signals:signal_list", "search"): Target(
        query=lambda w: {"q": "energie"}, data=lambda w: {"q": "energie"}
    ),
    ("signals:signal_create", "for-this-cop"): Target(
        data=lambda w: {
            "community": w.community.pk,
            "title": "Energiebedrijven weigeren betalingen",
            "description": "Betalingen namens inburgeraars worden geweigerd.",
            "themes": [w.theme.pk],
            # Seen the similar signals already ("Toch indienen").
            "similar_checked": similar_checked_token(
                "Energiebedrijven weigeren betalingen",
                "Betalingen namens inburgeraars worden geweigerd.",
            ),
        }
    ),
    ("signals:signal_similar", "text"): Target(
        data=lambda w: {"title": "Energiebedrijven weigeren betalingen"}
    ),
    ("signals:signal_export", "form"): Target(),
    ("signals:signal_detail", "escalated"): _signal,
    ("signals:signal_recognise", "escalated"): _signal,
    ("signals:signal_knowledge_product", "escalated"): _signal,
    ("signals:signal_transition", "accept"): _signal_step("accept"),
    ("signals:signal_transition", "escalate"): _signal_step("escalate"),
    ("signals:signal_transition", "respond"): _signal_step(
        "respond", answer="Gemeenten mogen namens inburgeraars betalen."
    ),
    ("signals:signal_transition", "close"): _signal_step("close"),
    ("signals:signal_transition", "reject"): _signal_step("reject"),
    ("signals:signal_transition", "merge"): _signal_step("merge"),
    ("signals:signal_transition", "reopen"): _signal_step("reopen"),
    ("signals:signal_transition", "unknown"): _signal_step("bestaat-niet"),
}


# --- Walking the URL configuration ---------------------------------------------
def _patterns(patterns, namespace="", prefix=""):
    """(key, module of the view) of every URL: "namespace:name" when named,
    "/route" when not."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from _patterns(
                pattern.url_patterns, inner, prefix + str(pattern.pattern)
            )
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            key = f"{namespace}{pattern.name or '/' + route}"
            yield key, getattr(pattern.callback, "__module__", "")


def _excluded(key: str, module: str) -> bool:
    if key.split(":")[0] in EXCLUDED_NAMESPACES and ":" in key:
        return True
    if key in EXCLUDED_NAMES:
        return True
    return module.startswith("allauth.") and key.startswith(
        tuple(EXCLUDED_ALLAUTH_PREFIXES)
    )


def portal_urls() -> set[str]:
    return {
        key
        for key, module in _patterns(get_resolver().url_patterns)
        if not _excluded(key, module)
    }


def test_every_url_of_the_portal_has_a_row_in_the_matrix():
    missing = sorted(portal_urls() - set(MATRIX))
    assert not missing, f"Not in the permission matrix: {', '.join(missing)}"


def test_the_matrix_has_no_rows_for_urls_that_are_gone():
    gone = sorted(set(MATRIX) - portal_urls())
    assert not gone, f"In the permission matrix but not served: {', '.join(gone)}"


def test_every_case_of_the_matrix_has_a_target_and_every_target_a_case():
    cases = {(key, case) for key, rows in MATRIX.items() for case in rows}
    assert cases == set(TARGETS), cases ^ set(TARGETS)


def test_the_walk_finds_the_excluded_urls_and_leaves_them_out():
    """The exclusions are real: a typo in them would exclude nothing."""
    walked = {key for key, _module in _patterns(get_resolver().url_patterns)}
    for key in ("admin:index", "account_login", "set_language"):
        assert key in walked
        assert key not in portal_urls()


# --- The matrix, request by request -----------------------------------------------
def _cases():
    for key, rows in MATRIX.items():
        for case, methods in rows.items():
            for method in ("GET", "POST"):
                outcomes = methods[method]
                for role, expected in zip(ROLES, outcomes, strict=True):
                    marks = []
                    reason = KNOWN_DEVIATIONS.get((key, case, method, role))
                    if reason:
                        marks.append(pytest.mark.xfail(strict=True, reason=reason))
                    yield pytest.param(
                        key,
                        case,
                        method,
                        role,
                        expected,
                        marks=marks,
                        id=f"{key}/{case}/{method}/{role}",
                    )


def _url(key: str, kwargs: dict) -> str:
    return key if key.startswith("/") else reverse(key, kwargs=kwargs)


def _outcome(response):
    if response.status_code == 302:
        login = reverse("account_login")
        return LOGIN if urlsplit(response.url).path == login else AWAY
    return response.status_code


@pytest.mark.parametrize(("key", "case", "method", "role", "expected"), list(_cases()))
def test_each_role_gets_the_outcome_the_matrix_promises(
    world, key, case, method, role, expected
):
    target = TARGETS[(key, case)]
    url = _url(key, target.kwargs(world))
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    if method == "GET":
        response = client.get(url, target.query(world))
    else:
        response = client.post(url, target.data(world))
    got = _outcome(response)
    where = f" to {response.url}" if got in (LOGIN, AWAY, 301) else ""
    assert got == expected, f"{method} {url} as {role}: {got}{where}, not {expected}"
