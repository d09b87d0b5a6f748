from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cop_portal import textsearch
from cop_portal.access import refuse, sign_in_first
from cop_portal.actions import carry_out, submit_form
from cop_portal.exceptions import DomainError, NotAllowedError, refusal_text
from cop_portal.forms import add_refusal
from cop_portal.page_cache import shared_fragment_version
from cop_portal.pagination import CURSOR_PARAMETER, list_page
from cop_portal.roles import is_moderator
from cop_portal.slugs import follow_old_slugs
from cop_portal.writing import advise, is_check, level_text, unbound_copy

from . import following, selectors, services
from .calendar import sessions_to_ical
from .forms import (
    CommunityFilterForm,
    InvitationAcceptForm,
    MembershipAddForm,
    SessionFilterForm,
    SessionForm,
)
from .models import Invitation, Membership
from .permissions import can_manage_sessions, can_view_member_content


def _community_crumbs(community, *, current=False):
    return [
        (_("CoP's"), reverse("communities:community_list")),
        (community.name, "" if current else community.get_absolute_url()),
    ]


def _session_crumbs(session, *, current=True):
    return [
        *_community_crumbs(session.community),
        (session.title, "" if current else session.get_absolute_url()),
    ]


def community_list(request):
    form = CommunityFilterForm(
        request.GET or None,
        regions=selectors.region_choices(),
        themes=selectors.theme_choices(),
    )
    region = theme = None
    if form.is_bound and form.is_valid():
        region = form.cleaned_data["region"]
        theme = form.cleaned_data["theme"]
    communities = selectors.community_list(region=region, theme=theme)
    page = Paginator(communities, COMMUNITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communities/community_list.html",
        {
            "form": form,
            "communities": page.object_list,
            "page_obj": page,
            "region": region,
            "theme": theme,
            "breadcrumbs": [(_("CoP's"), "")],
        },
    )


def community_detail(request, slug):
    community = selectors.community_get(slug=slug)
    show_members = can_view_member_content(request.user)
    return render(
        request,
        "communities/community_detail.html",
        {
            "community": community,
            "organisations": selectors.community_organisations(community=community),
            "upcoming_sessions": selectors.community_sessions_upcoming(
                community=community
            ),
            "past_sessions": selectors.community_sessions_past(community=community),
            "members": selectors.community_members(community=community)
            if show_members
            else None,
            "can_manage_sessions": can_manage_sessions(request.user, community),
            "following": following.follows_community(request.user, community),
            "follow_url": reverse("communities:community_follow", args=[slug]),
            "breadcrumbs": _community_crumbs(community, current=True),
        },
    )


def community_calendar(request, slug):
    community = selectors.community_get(slug=slug)
    sessions = selectors.sessions_for_feed(community=community)
    body = sessions_to_ical(
        sessions, name=community.name, url=request.build_absolute_uri("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{community.slug}.ics"'
    return response


def theme_list(request):
    return render(
        request,
        "communities/theme_list.html",
        {"themes": selectors.theme_list(), "breadcrumbs": [(_("Themes"), "")]},
    )


def theme_detail(request, slug):
    theme = selectors.theme_get(slug=slug)
    return render(
        request,
        "communities/theme_detail.html",
        {
            "theme": theme,
            "communities": selectors.community_list(theme=theme),
            "sessions": selectors.sessions_upcoming(theme=theme)[:20],
            "following": following.follows_theme(request.user, theme),
            "follow_url": reverse("communities:theme_follow", args=[slug]),
            "breadcrumbs": [
                (_("Themes"), reverse("communities:theme_list")),
                (theme.name, ""),
            ],
        },
    )


SESSIONS_PER_PAGE = 25
WHEN_PARAMETER, PAST = "wanneer", "afgelopen"


def _session_tabs(request, *, past: bool) -> list[tuple[str, str, bool]]:
    """The upcoming and past tabs of the session list, each keeping the
    filters (and starting at its first page)."""
    params = request.GET.copy()
    params.pop(CURSOR_PARAMETER, None)
    params.pop(WHEN_PARAMETER, None)
    base = reverse("communities:session_list")
    upcoming = f"{base}?{params.urlencode()}" if params else base
    params[WHEN_PARAMETER] = PAST
    return [
        (_("Upcoming"), upcoming, not past),
        (_("Past"), f"{base}?{params.urlencode()}", past),
    ]


COMMUNITIES_PER_PAGE = 50


def session_list(request):
    form = SessionFilterForm(request.GET or None)
    community = theme = None
    q = ""
    if form.is_bound:
        form.is_valid()
        # A wrong value is reported on the form; the others still apply.
        community = form.cleaned_data.get("community")
        theme = form.cleaned_data.get("theme")
        q = (form.cleaned_data.get("q") or "").strip()
    parsed = textsearch.parse_with_synonyms(q) if q else textsearch.EMPTY
    cursor = request.GET.get(CURSOR_PARAMETER)
    # Two tabs: what is planned (soonest first) and what took place (most
    # recent first). A search looks in both.
    past = request.GET.get(WHEN_PARAMETER) == PAST
    if not q and past:
        listing = list_page(
            selectors.sessions_past(community=community, theme=theme),
            keys=selectors.NEWEST_FIRST,
            cursor=cursor,
            per_page=SESSIONS_PER_PAGE,
        )
    elif not q:
        listing = list_page(
            selectors.sessions_upcoming(community=community, theme=theme),
            keys=selectors.SOONEST_FIRST,
            cursor=cursor,
            per_page=SESSIONS_PER_PAGE,
        )
    else:
        # Nothing to look for (only punctuation or stop words): no matches.
        listing = selectors.session_search_listing(
            user=request.user,
            parsed=parsed,
            community=community,
            theme=theme,
            cursor=cursor,
            per_page=SESSIONS_PER_PAGE,
        )
    return render(
        request,
        "communities/session_list.html",
        {
            "form": form,
            "filter_version": shared_fragment_version(request, form),
            "page_obj": listing.page,
            "sessions": listing.page.items,
            "count": listing.count,
            "more": listing.more,
            "query": q,
            "searchable": bool(parsed),
            "filtered": bool(community or theme or q),
            "past": past,
            "tabs": _session_tabs(request, past=past),
            "breadcrumbs": [(_("Sessions"), "")],
        },
    )


@follow_old_slugs(selectors.session_current_slug)
def session_detail(request, community_slug, slug):
    session = selectors.session_get(community_slug=community_slug, slug=slug)
    may_see_report = can_view_member_content(request.user)
    return render(
        request,
        "communities/session_detail.html",
        {
            "session": session,
            "community": session.community,
            "may_see_report": may_see_report,
            "can_manage_sessions": can_manage_sessions(request.user, session.community),
            "breadcrumbs": _session_crumbs(session),
        },
    )


def _require_session_manager(request, community):
    return refuse(
        request,
        can_manage_sessions(request.user, community),
        _("Only a communitytrekker of this CoP can do this."),
    )


def _session_form(request, *, community, session, save, crumbs):
    """The create and edit pages share one form flow: validate, call the
    service through `save`, show its refusal on the form."""
    report = None
    if request.method == "POST":
        form = SessionForm(request.POST, community=community)
        report = advise(request.POST.get("report", ""))
    elif session is not None:
        form = SessionForm(
            initial=SessionForm.initial_for(session), community=community
        )
        report = advise(session.report)
    else:
        form = SessionForm(community=community)
    if is_check(request):
        form = unbound_copy(form, community=community)
    elif done := submit_form(
        request,
        form,
        lambda: save(**form.service_arguments()),
        success=f"{_('The session has been saved.')} {level_text(report)}"
        if report
        else _("The session has been saved."),
    ):
        return done
    return render(
        request,
        "communities/session_form.html",
        {
            "form": form,
            "community": community,
            "session": session,
            "plain_language": report,
            "breadcrumbs": crumbs,
        },
    )


@require_http_methods(["GET", "POST"])
def session_create(request, community_slug):
    community = selectors.community_get(slug=community_slug)
    if refusal := _require_session_manager(request, community):
        return refusal
    return _session_form(
        request,
        community=community,
        session=None,
        save=lambda **args: services.session_create(
            actor=request.user, community=community, **args
        ),
        crumbs=[*_community_crumbs(community), (_("New session"), "")],
    )


@require_http_methods(["GET", "POST"])
@follow_old_slugs(selectors.session_current_slug)
def session_update(request, community_slug, slug):
    session = selectors.session_get(community_slug=community_slug, slug=slug)
    if refusal := _require_session_manager(request, session.community):
        return refusal
    return _session_form(
        request,
        community=session.community,
        session=session,
        save=lambda **args: services.session_update(
            actor=request.user, session=session, **args
        ),
        crumbs=[*_session_crumbs(session, current=False), (_("Edit"), "")],
    )


@require_http_methods(["GET", "POST"])
@follow_old_slugs(selectors.session_current_slug)
def session_delete(request, community_slug, slug):
    session = selectors.session_get(community_slug=community_slug, slug=slug)
    community = session.community
    if refusal := _require_session_manager(request, community):
        return refusal
    if request.method == "POST":
        return carry_out(
            request,
            lambda: services.session_delete(actor=request.user, session=session),
            success=_("The session has been deleted."),
            redirect_to=community,
            on_refusal=session,
        )
    return render(
        request,
        "communities/session_confirm_delete.html",
        {
            "session": session,
            "community": community,
            "breadcrumbs": [
                *_session_crumbs(session, current=False),
                (_("Delete"), ""),
            ],
        },
    )


def _participant_added(result) -> str:
    if isinstance(result, Invitation):
        return _(
            "There is no account with %(email)s yet: we sent an invitation to "
            "this address. The link works for %(days)d days."
        ) % {"email": result.email, "days": settings.INVITATION_VALID_DAYS}
    return _("%(person)s is now a member of this CoP.") % {"person": result.user}


@require_http_methods(["GET", "POST"])
def membership_list(request, slug):
    community = selectors.community_get(slug=slug)
    if refusal := _require_session_manager(request, community):
        return refusal
    may_appoint_trekker = is_moderator(request.user)
    form = MembershipAddForm(
        request.POST or None, may_appoint_trekker=may_appoint_trekker
    )
    members_url = reverse("communities:membership_list", args=[community.slug])
    limited = False

    def add():
        nonlocal limited
        try:
            return services.participant_add(
                actor=request.user,
                request=request,
                community=community,
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data.get("role") or Membership.Role.DEELNEMER,
            )
        except services.InvitationLimitError:
            limited = True
            raise

    if done := submit_form(
        request,
        form,
        add,
        success=_participant_added,
        redirect_to=members_url,
    ):
        return done
    return render(
        request,
        "communities/membership_list.html",
        {
            "community": community,
            "members": selectors.community_members(community=community),
            "invitations": selectors.community_open_invitations(community=community),
            "invitation_days": settings.INVITATION_VALID_DAYS,
            "form": form,
            "may_appoint_trekker": may_appoint_trekker,
            "breadcrumbs": [*_community_crumbs(community), (_("Participants"), "")],
        },
        status=429 if limited else 200,
    )


@require_http_methods(["POST"])
def membership_remove(request, slug, pk):
    community = selectors.community_get(slug=slug)
    if refusal := _require_session_manager(request, community):
        return refusal
    membership = get_object_or_404(Membership, pk=pk, community=community)
    members_url = reverse("communities:membership_list", args=[community.slug])
    return carry_out(
        request,
        lambda: services.membership_remove(actor=request.user, membership=membership),
        success=_("%(person)s is no longer a member of this CoP.")
        % {"person": membership.user},
        redirect_to=members_url,
        on_refusal=members_url,
    )


@require_http_methods(["POST"])
def invitation_revoke(request, slug, pk):
    community = selectors.community_get(slug=slug)
    if refusal := _require_session_manager(request, community):
        return refusal
    invitation = get_object_or_404(Invitation, pk=pk, community=community)
    members_url = reverse("communities:membership_list", args=[community.slug])
    return carry_out(
        request,
        lambda: services.invitation_revoke(
            actor=request.user, request=request, invitation=invitation
        ),
        success=_("The invitation to %(email)s has been withdrawn.")
        % {"email": invitation.email},
        redirect_to=members_url,
        on_refusal=members_url,
    )


def _invitation_unusable(request, *, message: str, gone: bool):
    return render(
        request,
        "communities/invitation_unusable.html",
        {"message": message, "breadcrumbs": [(_("Invitation"), "")]},
        status=410 if gone else 404,
    )


def _invitation_state(invitation) -> tuple[str, bool] | None:
    """Why a link cannot be used (message, gone), or None when it can."""
    if invitation is None:
        return _("This invitation link is not valid."), False
    if invitation.accepted_at:
        return _("This invitation has already been used."), True
    if invitation.revoked_at:
        return _("This invitation has been withdrawn."), True
    if not invitation.is_open:
        return _("This invitation has expired."), True
    return None


def _accept_invitation(request, *, token: str, mode: str, form):
    """The POST of the accept page: invitation_accept, then (for a new
    account) allauth's sign-in. None while the form is to be shown again."""
    fields = {}
    if form is not None:
        if not form.is_valid():
            return None
        fields = {
            "first_name": form.cleaned_data["first_name"],
            "last_name": form.cleaned_data["last_name"],
            "password": form.cleaned_data["password1"],
        }
    try:
        invitation, member = services.invitation_accept(
            actor=request.user, request=request, token=token, **fields
        )
    except services.InvitationUnusableError as error:
        return _invitation_unusable(request, message=error.message, gone=error.gone)
    except NotAllowedError as error:
        raise PermissionDenied(error.message) from error
    except (DomainError, ValidationError) as error:
        if form is None:
            messages.error(request, refusal_text(error))
            return redirect(request.path)
        add_refusal(form, error)
        return None
    target = (
        invitation.community.get_absolute_url()
        if invitation.community
        else reverse("home")
    )
    messages.success(request, _("Welcome! You accepted the invitation."))
    if mode == "new":
        # allauth's own sign-in: a new session key, its stages (two-factor,
        # when required) and its signals.
        return perform_login(
            request,
            member,
            email_verification=settings.ACCOUNT_EMAIL_VERIFICATION,
            redirect_url=target,
        )
    return redirect(target)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The page an invitation's link opens. Without an account: choose a name
    and password, then be signed in. Signed in with the invited address:
    confirm. Signed in as someone else: told so (403)."""
    invitation = selectors.invitation_for_token(token=token)
    if unusable := _invitation_state(invitation):
        message, gone = unusable
        return _invitation_unusable(request, message=message, gone=gone)
    user = request.user
    if user.is_authenticated:
        mode = "join" if selectors.owns_address(user, invitation.email) else "other"
    elif selectors.account_for_address(invitation.email) is not None:
        mode = "sign_in"
    else:
        mode = "new"
    form = InvitationAcceptForm(request.POST or None) if mode == "new" else None
    status = 403 if mode == "other" else 200
    accepting = request.method == "POST" and mode in ("join", "new")
    if accepting and (
        done := _accept_invitation(request, token=token, mode=mode, form=form)
    ):
        return done
    return render(
        request,
        "communities/invitation_accept.html",
        {
            "invitation": invitation,
            "mode": mode,
            "form": form,
            "login_url": reverse("account_login")
            + "?"
            + urlencode({REDIRECT_FIELD_NAME: request.path}),
            "breadcrumbs": [(_("Invitation"), "")],
        },
        status=status,
    )


def _follow(request, *, back_to: str, **target):
    """Follow or stop following (POST follow=1 or 0), then back to the page."""
    if redirect_to := sign_in_first(request, back_to):
        return redirect_to
    if request.POST.get("follow") == "1":
        following.follow(user=request.user, **target)
        messages.success(
            request,
            _("You follow %(name)s. Choose under Notifications what you hear of it.")
            % {"name": next(iter(target.values()))},
        )
    else:
        following.unfollow(user=request.user, **target)
        messages.success(
            request,
            _("You no longer follow %(name)s.") % {"name": next(iter(target.values()))},
        )
    return redirect(back_to)


@require_http_methods(["POST"])
def community_follow(request, slug):
    community = selectors.community_get(slug=slug)
    return _follow(request, back_to=community.get_absolute_url(), community=community)


@require_http_methods(["POST"])
def theme_follow(request, slug):
    theme = selectors.theme_get(slug=slug)
    return _follow(request, back_to=theme.get_absolute_url(), theme=theme)
