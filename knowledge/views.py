from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities.models import Community
from communities.permissions import trekker_community_ids
from cop_portal.access import refuse, sign_in_first
from cop_portal.actions import carry_out, submit_form
from cop_portal.exceptions import refusal_text
from cop_portal.pagination import CURSOR_PARAMETER, list_page
from cop_portal.roles import is_moderator
from cop_portal.slugs import follow_old_slugs
from cop_portal.writing import advise, is_check, level_text, unbound_copy

from . import selectors, services
from .facets import product_facets
from .forms import (
    AttachmentForm,
    ProductFilterForm,
    ProductForm,
    QuestionForm,
    ReviewForm,
)
from .models import Attachment, KnowledgeProduct, QuestionAnswer, Status
from .permissions import (
    can_draft_any,
    can_edit_drafts_of,
    can_publish,
    can_review,
    can_see_review_queue,
    can_see_versions,
)
from .workflow import (
    REVIEW_TRANSITIONS,
    TRANSITIONS,
    WORKFLOW,
    available_transitions,
)

PRODUCTS_PER_PAGE = 20


def _crumbs(*extra):
    return [(_("Kennisproducten"), reverse("knowledge:product_list")), *extra]


def product_list(request):
    form = ProductFilterForm(request.GET or None, years=selectors.year_choices())
    filters = selectors.ProductFilters()
    if form.is_bound:
        form.is_valid()
        # A wrong filter value is reported on the form; the others still apply.
        data = form.cleaned_data
        filters = selectors.ProductFilters(
            q=data.get("q") or "",
            theme=data.get("theme"),
            kind=data.get("kind") or "",
            community=data.get("cop"),
            tag=data.get("tag") or "",
            scope=data.get("scope") or "",
            year=data.get("year"),
            sort=data.get("sort") or "",
        )
    listing = selectors.product_list_page(
        user=request.user,
        filters=filters,
        cursor=request.GET.get(CURSOR_PARAMETER),
        per_page=PRODUCTS_PER_PAGE,
    )
    facets = product_facets(
        user=request.user,
        # The query whose results the page shows (a correction run at once).
        filters=replace(filters, q=listing.correction)
        if listing.corrected_from
        else filters,
        parsed=listing.parsed,
        window=listing.window,
    )
    form.show_facets(facets)
    for tag in facets.tags:
        tag.url = _with_parameter(request, "tag", "" if tag.selected else tag.value)
    suggestions = []
    if filters.q.strip() and not listing.page and not listing.correction:
        suggestions = list(
            selectors.title_suggestions(user=request.user, text=filters.q)
        )
    correction_url = ""
    if listing.correction:
        params = request.GET.copy()
        params["q"] = listing.correction
        params.pop(CURSOR_PARAMETER, None)
        correction_url = "?" + params.urlencode()
    return render(
        request,
        "knowledge/product_list.html",
        {
            "form": form,
            "page_obj": listing.page,
            "products": listing.page.items,
            "count": listing.count,
            "more": listing.more,
            "query": listing.correction
            if listing.corrected_from
            else filters.q.strip(),
            "corrected_from": listing.corrected_from,
            "correction": listing.correction,
            "correction_url": correction_url,
            "theme": filters.theme,
            "searchable": bool(listing.parsed),
            "suggestions": suggestions,
            "filtered": filters.narrowed,
            "tag_facet": facets.tags,
            "facets_complete": facets.complete,
            "can_draft": can_draft_any(request.user),
            "can_review": can_see_review_queue(request.user),
            "breadcrumbs": [(_("Kennisproducten"), "")],
        },
    )


def _with_parameter(request, name: str, value: str) -> str:
    """This list's address with one filter set (or left out when empty),
    from its first page."""
    params = request.GET.copy()
    params.pop(CURSOR_PARAMETER, None)
    params.pop(name, None)
    if value:
        params[name] = value
    return "?" + params.urlencode() if params else reverse("knowledge:product_list")


@follow_old_slugs(selectors.product_current_slug)
def product_detail(request, slug):
    product = selectors.product_get_published(user=request.user, slug=slug)
    revision = getattr(product, "revision", None)
    if (
        revision is not None
        and not KnowledgeProduct.objects.visible_to(request.user)
        .filter(pk=revision.pk)
        .exists()
    ):
        revision = None
    return render(
        request,
        "knowledge/product_detail.html",
        {
            "product": product,
            "entry_groups": selectors.entries_by_theme(product),
            "related": selectors.related_products(user=request.user, product=product),
            "revision": revision,
            "can_revise": can_edit_drafts_of(request.user, product.community),
            "can_archive": can_publish(request.user),
            # Only the archive form carries it: counted for moderators only.
            "steps": services.steps_taken(product) if can_publish(request.user) else 0,
            "can_see_versions": can_see_versions(request.user),
            "breadcrumbs": _crumbs((product.title, "")),
        },
    )


def draft_detail(request, pk):
    if refusal := sign_in_first(request):
        return refusal
    product = selectors.product_get_any(user=request.user, pk=pk)
    if product.status == Status.PUBLISHED and not product.revision_of_id:
        return redirect(product)
    editable = services.is_editable(product) and can_edit_drafts_of(
        request.user, product.community
    )
    transitions = available_transitions(request.user, product)
    steps = len(product.status_changes.all())  # prefetched for the history
    return render(
        request,
        "knowledge/draft_detail.html",
        {
            "product": product,
            "entry_groups": selectors.entries_by_theme(product),
            "editable": editable,
            # The Q&A's questions and answers are checked with the text,
            # for the author and for the expertgroep that reviews it.
            "plain_language": advise(
                product.summary,
                product.body,
                *(
                    text
                    for entry in product.entries.all()
                    for text in (entry.question, entry.answer)
                ),
            ),
            "transitions": [t for t in transitions if t.name not in REVIEW_TRANSITIONS],
            "steps": steps,
            "review_form": ReviewForm(initial={"steps": steps})
            if any(t.name in REVIEW_TRANSITIONS for t in transitions)
            else None,
            "attachment_form": AttachmentForm() if editable else None,
            "question_form": QuestionForm()
            if editable and product.kind == KnowledgeProduct.Kind.QA
            else None,
            "breadcrumbs": _crumbs(
                (_("Workbench"), reverse("knowledge:workbench")), (product.title, "")
            ),
        },
    )


def _drafting_communities(user):
    if is_moderator(user):
        return Community.objects.order_by("name")
    return Community.objects.filter(pk__in=trekker_community_ids(user)).order_by("name")


def _plain_language(request):
    """The B1 check of what the author posted: advice, never a refusal."""
    if request.method != "POST":
        return None
    return advise(request.POST.get("summary", ""), request.POST.get("body", ""))


def _saved(report) -> str:
    # Outside the f-string, where makemessages finds it.
    saved = _("The concept has been saved.")
    return f"{saved} {level_text(report)}"


@require_http_methods(["GET", "POST"])
def product_create(request):
    if refusal := refuse(
        request,
        can_draft_any(request.user),
        _("Only a communitytrekker can draft kennisproducten."),
    ):
        return refusal
    communities = _drafting_communities(request.user)
    form = ProductForm(
        request.POST or None,
        communities=communities,
        initial={"scope": "landelijk", "visibility": "openbaar"},
    )
    report = _plain_language(request)
    if is_check(request):
        form = unbound_copy(form, communities=communities)
    elif done := submit_form(
        request,
        form,
        lambda: services.product_create(actor=request.user, **form.service_arguments()),
        success=_saved(report),
    ):
        return done
    return render(
        request,
        "knowledge/product_form.html",
        {
            "form": form,
            "product": None,
            "plain_language": report,
            "breadcrumbs": _crumbs((_("New kennisproduct"), "")),
        },
    )


@require_http_methods(["GET", "POST"])
def product_update(request, pk):
    if refusal := sign_in_first(request):
        return refusal
    product = get_object_or_404(
        KnowledgeProduct.objects.select_related("community"), pk=pk
    )
    if refusal := refuse(
        request,
        can_edit_drafts_of(request.user, product.community),
        _("Only a communitytrekker of this CoP can edit its kennisproducten."),
    ):
        return refusal
    if not services.is_editable(product):
        messages.error(request, services.not_editable(product).message)
        return redirect(product)
    communities = Community.objects.filter(pk=product.community_id)
    if request.method == "POST":
        form = ProductForm(request.POST, communities=communities, product=product)
        report = _plain_language(request)
    else:
        form = ProductForm(
            initial=ProductForm.initial_for(product),
            communities=communities,
            product=product,
        )
        report = advise(product.summary, product.body)
    if is_check(request):
        form = unbound_copy(form, communities=communities, product=product)
    elif done := submit_form(
        request,
        form,
        lambda: services.product_update(
            actor=request.user, product=product, **form.service_arguments()
        ),
        success=_saved(report),
    ):
        return done
    return render(
        request,
        "knowledge/product_form.html",
        {
            "form": form,
            "product": product,
            "plain_language": report,
            "breadcrumbs": _crumbs(
                (product.title, product.get_absolute_url()), (_("Edit"), "")
            ),
        },
    )


@require_POST
def product_transition(request, pk, name):
    if refusal := sign_in_first(
        request, back_to=reverse("knowledge:draft_detail", args=[pk])
    ):
        return refusal
    if name not in TRANSITIONS:
        raise Http404
    review_form = ReviewForm(request.POST)
    product = KnowledgeProduct.objects.select_related("community").filter(pk=pk).first()
    if product is None:
        if review_form.is_valid() and review_form.cleaned_data["steps"] is not None:
            # Posted from a page of a new version that someone else published
            # a moment ago: it was merged into its product and is gone.
            messages.error(request, services.ProductChangedError().message)
            return redirect("knowledge:workbench")
        raise Http404
    if not review_form.is_valid():
        if not WORKFLOW.may(request.user, name, product):
            raise PermissionDenied(TRANSITIONS[name].refusal)
        messages.error(request, " ".join(review_form.errors.get("comment", [])))
        return redirect(product)
    # The service checks the right (a refusal is a 403), the page's steps and
    # the state under a row lock: a stale view here could not.
    return carry_out(
        request,
        lambda: services.product_transition(
            actor=request.user,
            product=product,
            name=name,
            comment=review_form.cleaned_data["comment"],
            expected_steps=review_form.cleaned_data["steps"],
        ),
        success=TRANSITIONS[name].done,
        # The expert goes back to what still waits for review.
        redirect_to=reverse("knowledge:review_queue")
        if name in REVIEW_TRANSITIONS
        else None,
        # Read after the refusal: a new version published meanwhile is gone.
        on_refusal=lazy(lambda: _address_now(request.user, product), str)(),
    )


def _address_now(user, product: KnowledgeProduct) -> str:
    """Where a refused step leads: the product as it is now, or, when it was
    a new version published meanwhile, the product it became part of; the
    workbench when this person may no longer read either."""
    readable = KnowledgeProduct.objects.visible_to(user)
    for pk in (product.pk, product.revision_of_id):
        current = readable.filter(pk=pk).first() if pk else None
        if current is not None:
            return current.get_absolute_url()
    return reverse("knowledge:workbench")


@require_POST
def product_revise(request, pk):
    if refusal := sign_in_first(request, back_to=reverse("knowledge:product_list")):
        return refusal
    product = get_object_or_404(
        KnowledgeProduct.objects.select_related("community"), pk=pk
    )
    if refusal := refuse(
        request,
        can_edit_drafts_of(request.user, product.community),
        _("Only a communitytrekker of this CoP can edit its kennisproducten."),
    ):
        return refusal
    return carry_out(
        request,
        lambda: services.product_revise(actor=request.user, product=product),
        success=_(
            "This is a new version. Readers keep seeing the published version "
            "until this one has been reviewed and published."
        ),
        redirect_to=lambda revision: reverse(
            "knowledge:product_update", args=[revision.pk]
        ),
        on_refusal=product,
    )


def _listing_context(listing) -> dict:
    return {
        "page_obj": listing.page,
        "products": listing.page.items,
        "count": listing.count,
        "more": listing.more,
    }


def review_queue(request):
    if refusal := refuse(
        request,
        can_see_review_queue(request.user),
        _("The review queue is for the expertgroep."),
    ):
        return refusal
    return render(
        request,
        "knowledge/review_queue.html",
        {
            **_listing_context(
                list_page(
                    selectors.review_queue(user=request.user),
                    keys=selectors.WAITING_LONGEST_FIRST,
                    cursor=request.GET.get(CURSOR_PARAMETER),
                    per_page=PRODUCTS_PER_PAGE,
                )
            ),
            "breadcrumbs": _crumbs((_("Review queue"), "")),
        },
    )


def workbench(request):
    user = request.user
    if refusal := refuse(
        request,
        can_draft_any(user) or can_review(user) or is_moderator(user),
        _("The workbench is for communitytrekkers, the expertgroep and moderators."),
    ):
        return refusal
    listing = list_page(
        selectors.workbench(user=user),
        keys=selectors.LAST_CHANGED_FIRST,
        cursor=request.GET.get(CURSOR_PARAMETER),
        per_page=PRODUCTS_PER_PAGE,
    )
    return render(
        request,
        "knowledge/workbench.html",
        {
            **_listing_context(listing),
            "can_draft": can_draft_any(user),
            "breadcrumbs": _crumbs((_("Workbench"), "")),
        },
    )


def _attachment_gone(request, removed):
    """410: the attachment was left out of a newer version of a product this
    person may read; say so and lead to the product."""
    response = render(
        request,
        "knowledge/attachment_gone.html",
        {
            "removed": removed,
            "product": removed.product,
            "breadcrumbs": _crumbs(
                (removed.product.title, removed.product.get_absolute_url()),
                (_("Attachment removed"), ""),
            ),
        },
        status=410,
    )
    # The product may be for members only: never in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_by_id(request, pk):
    """Links from before attachments had a lasting key: on to the key's
    address (which checks the rights again), or 410/404 as it would."""
    key = selectors.attachment_key_of(user=request.user, pk=pk)
    if key is not None:
        return redirect("knowledge:attachment_download", key=key, permanent=True)
    removed = selectors.attachment_removed(user=request.user, pk=pk)
    if removed is not None:
        return _attachment_gone(request, removed)
    raise Http404


def attachment_download(request, key):
    # The rights check comes first, before any byte or signed URL leaves.
    attachment = selectors.attachment_readable(user=request.user, key=key)
    if attachment is None:
        removed = selectors.attachment_removed(user=request.user, key=key)
        if removed is not None:
            return _attachment_gone(request, removed)
        raise Http404
    if settings.ATTACHMENT_SIGNED_URL_SECONDS:
        # Object storage serves the bytes: a URL valid for a few minutes, made
        # only now that the rights check above has passed, and never cached.
        response = HttpResponseRedirect(_signed_url(attachment))
        response["Cache-Control"] = "private, no-store"
        return response
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if attachment.product.is_members_only or not attachment.product.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def _signed_url(attachment: Attachment) -> str:
    """The bucket's signed URL for one attachment, sending the file name and
    type the download view itself would send."""
    return attachment.file.storage.url(
        attachment.file.name,
        parameters={
            "ResponseContentType": attachment.content_type,
            "ResponseContentDisposition": content_disposition_header(
                not attachment.is_image, attachment.original_name
            ),
        },
        expire=settings.ATTACHMENT_SIGNED_URL_SECONDS,
    )


def _edit_action(request, pk):
    """The concept a form on the draft page posts to, after the rights check."""
    if refusal := sign_in_first(
        request, back_to=reverse("knowledge:draft_detail", args=[pk])
    ):
        return None, refusal
    product = get_object_or_404(
        KnowledgeProduct.objects.select_related("community"), pk=pk
    )
    if not can_edit_drafts_of(request.user, product.community):
        raise PermissionDenied(
            _("Only a communitytrekker of this CoP can edit its kennisproducten.")
        )
    return product, None


def _report(request, error: Exception):
    messages.error(request, refusal_text(error))


def _edit_outcome(request, product, call, success: str):
    """Run one edit of a concept (attachment or question): back to the draft
    with a message either way."""
    return carry_out(
        request, call, success=success, redirect_to=product, on_refusal=product
    )


def _form_errors(request, form) -> None:
    messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))


@require_POST
def attachment_add(request, pk):
    product, refusal = _edit_action(request, pk)
    if refusal:
        return refusal
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(product)
    return _edit_outcome(
        request,
        product,
        lambda: services.attachment_add(
            actor=request.user,
            product=product,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            alt_text=form.cleaned_data["alt_text"],
        ),
        _("The attachment has been added."),
    )


@require_POST
def attachment_remove(request, pk, attachment_pk):
    product, refusal = _edit_action(request, pk)
    if refusal:
        return refusal
    attachment = get_object_or_404(Attachment, pk=attachment_pk, product=product)
    return _edit_outcome(
        request,
        product,
        lambda: services.attachment_remove(actor=request.user, attachment=attachment),
        _("The attachment has been removed."),
    )


@require_POST
def question_add(request, pk):
    product, refusal = _edit_action(request, pk)
    if refusal:
        return refusal
    form = QuestionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(product)
    report = advise(form.cleaned_data["question"], form.cleaned_data["answer"])
    added = _("The question has been added.")
    return _edit_outcome(
        request,
        product,
        lambda: services.question_add(
            actor=request.user, product=product, **form.cleaned_data
        ),
        f"{added} {level_text(report)}",
    )


@require_POST
def question_remove(request, pk, entry_pk):
    product, refusal = _edit_action(request, pk)
    if refusal:
        return refusal
    entry = get_object_or_404(QuestionAnswer, pk=entry_pk, product=product)
    return _edit_outcome(
        request,
        product,
        lambda: services.question_remove(actor=request.user, entry=entry),
        _("The question has been removed."),
    )


@follow_old_slugs(selectors.product_current_slug)
def version_list(request, slug):
    if refusal := refuse(
        request,
        can_see_versions(request.user),
        _("Earlier versions are for moderators."),
    ):
        return refusal
    product = get_object_or_404(
        KnowledgeProduct.objects.filter(revision_of__isnull=True), slug=slug
    )
    return render(
        request,
        "knowledge/version_list.html",
        {
            "product": product,
            "versions": selectors.versions_of(product=product),
            "breadcrumbs": _crumbs(
                (product.title, product.get_absolute_url()), (_("Versions"), "")
            ),
        },
    )


@follow_old_slugs(selectors.product_current_slug)
def version_detail(request, slug, number):
    if refusal := refuse(
        request,
        can_see_versions(request.user),
        _("Earlier versions are for moderators."),
    ):
        return refusal
    product = get_object_or_404(
        KnowledgeProduct.objects.filter(revision_of__isnull=True), slug=slug
    )
    version = get_object_or_404(selectors.versions_of(product=product), number=number)
    return render(
        request,
        "knowledge/version_detail.html",
        {
            "product": product,
            "version": version,
            "breadcrumbs": _crumbs(
                (product.title, product.get_absolute_url()),
                (_("Versions"), reverse("knowledge:version_list", args=[slug])),
                (_("Version %(number)s") % {"number": number}, ""),
            ),
        },
    )
