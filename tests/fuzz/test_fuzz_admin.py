"""The admin, fuzzed as the moderator who works in it every day (issue 8).

The targets come from the admin site's registry, so a model registered later
is fuzzed without anyone writing a test: its changelist gets arbitrary search,
filter, ordering and paging parameters (and its action form arbitrary
input), its add form and the change form of the world's first object of the
model get arbitrary field values. Pages of the admin outside these kinds are
listed in NOT_FUZZED with a reason, or test_every_admin_page_is_fuzzed
fails naming them.
"""

import pytest
from django.contrib import admin
from django.urls import get_resolver, reverse

from tests.test_permission_matrix import _patterns

from .harness import fuzz_form, fuzz_query, page
from .known_failures import KNOWN_FAILURES
from .strategies import FAMILIES

pytestmark = pytest.mark.django_db

ROLE = "moderator"
# What the changelist reads besides the filters its links show.
CHANGELIST_KEYS = ("q", "o", "p", "e", "all", "_facets", "_to_field", "_popup")
PAGES = ("changelist", "add", "change")
# Admin pages that are not a list or a form of a model, and why.
NOT_FUZZED = {
    "index": "lists the models; reads no parameters",
    "app_list": "lists an app's models; reads no parameters",
    "login": "sends everyone to allauth's sign-in (test_fuzz_accounts.py)",
    "logout": "signs out; takes no input",
    "password_change": "sends to allauth's form (test_fuzz_accounts.py)",
    "password_change_done": "a confirmation page",
    "jsi18n": "the JavaScript catalogue",
    "view_on_site": "a redirect to the object's page by content type and id",
    "history": "the object's admin log; reads no parameters",
    "delete": "deletion goes through the changelist's action, fuzzed there",
    "auth_user_password_change": "a moderator may not set passwords "
    "(cop_portal.admin.UserAdmin)",
    "merge_tags": "taggit's merge page needs the selection its changelist action "
    "makes first (that action is fuzzed); without one it sends back to the list",
    "unnamed: object": "the old address of a change page: a redirect to it",
    "unnamed: catch-all": "Django's catch-all: a redirect or a 404",
}


MODELS = {
    (model._meta.app_label, model._meta.model_name): model
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label)
}


def _params(method, kinds):
    for app_label, model_name in MODELS:
        for kind in kinds:
            for family in FAMILIES:
                test_id = f"{method} admin {app_label}.{model_name} {kind}/{family}"
                marks = []
                if reason := KNOWN_FAILURES.get(test_id):
                    marks.append(pytest.mark.xfail(strict=False, reason=reason))
                yield pytest.param(
                    app_label, model_name, kind, family, marks=marks, id=test_id
                )


def _path(world, app_label, model_name, kind) -> str | None:
    name = f"admin:{app_label}_{model_name}_{kind}"
    if kind != "change":
        return reverse(name)
    model = MODELS[(app_label, model_name)]
    first = model._default_manager.order_by("pk").first()
    return None if first is None else reverse(name, args=[first.pk])


def _known(method, app_label, model_name, kind, family) -> bool:
    test_id = f"{method} admin {app_label}.{model_name} {kind}/{family}"
    return test_id in KNOWN_FAILURES


@pytest.mark.parametrize(
    ("app_label", "model_name", "kind", "family"), list(_params("GET", ["changelist"]))
)
def test_admin_list_survives_any_search_filter_and_ordering(
    world, app_label, model_name, kind, family
):
    fuzz_query(
        world,
        ROLE,
        _path(world, app_label, model_name, kind),
        family,
        keys=CHANGELIST_KEYS,
        known_failure=_known("GET", app_label, model_name, kind, family),
    )


@pytest.mark.parametrize(
    ("app_label", "model_name", "kind", "family"), list(_params("POST", PAGES))
)
def test_admin_form_survives_any_input_and_saves_nothing_when_refused(
    world, app_label, model_name, kind, family
):
    """The add and change forms, and the changelist's action form."""
    path = _path(world, app_label, model_name, kind)
    if path is None:
        return  # the world has no such object to change
    shown = page(world, ROLE, path)
    form = next(
        (f for f in shown.forms if f.method == "post" and f.action == path), None
    )
    if form is None:
        # Read-only for moderators (a record admin, a model without adding):
        # the page answers without a form, which is the refusal.
        assert shown.status in (200, 302, 403), (path, shown.status)
        return
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    fuzz_form(
        world,
        ROLE,
        path,
        form,
        family,
        shown_on=[changelist],
        known_failure=_known("POST", app_label, model_name, kind, family),
    )


# --- A signal's transition page (from the buttons on its change page) ----------
def _transition_params():
    from signals.workflow import SIGNAL_TRANSITIONS

    for name in SIGNAL_TRANSITIONS:
        for family in FAMILIES:
            yield pytest.param(
                name, family, id=f"POST admin signal step {name}/{family}"
            )


@pytest.mark.parametrize(("name", "family"), list(_transition_params()))
def test_admin_transition_page_survives_any_input(world, name, family):
    from signals.models import Signal

    signal = Signal.objects.order_by("pk").first()
    if signal is None:
        return
    path = reverse("admin:signals_signal_transition", args=[signal.pk, name])
    shown = page(world, ROLE, path)
    form = next(
        (f for f in shown.forms if f.method == "post" and f.action == path), None
    )
    assert form is not None, path
    fuzz_form(
        world,
        ROLE,
        path,
        form,
        family,
        shown_on=[reverse("admin:signals_signal_change", args=[signal.pk])],
    )


# --- The autocomplete behind the search boxes ----------------------------------
def _autocomplete_fields():
    for (app_label, model_name), model in MODELS.items():
        for field in getattr(admin.site._registry[model], "autocomplete_fields", ()):
            yield app_label, model_name, field


@pytest.mark.parametrize("family", FAMILIES)
def test_admin_autocomplete_survives_any_query(world, family):
    """/beheer/autocomplete/ answers the search boxes of autocomplete fields:
    a valid field of each admin first, then arbitrary parameters."""
    for app_label, model_name, field in _autocomplete_fields():
        fuzz_query(
            world,
            ROLE,
            reverse("admin:autocomplete"),
            family,
            keys=("term", "app_label", "model_name", "field_name", "page"),
            base=[
                ("app_label", app_label),
                ("model_name", model_name),
                ("field_name", field),
            ],
            known_failure=f"admin autocomplete/{family}" in KNOWN_FAILURES,
        )


# --- Coverage ------------------------------------------------------------------
def test_every_admin_page_is_fuzzed():
    """Each URL of the admin is a model page fuzzed above, the autocomplete,
    or in NOT_FUZZED; a new kind of admin page fails here by name."""
    walked = {key for key, _module in _patterns(get_resolver().url_patterns)}
    unfuzzed = []
    for key in sorted(walked):
        if not key.startswith("admin:"):
            continue
        name = key.removeprefix("admin:")
        if name.startswith("/"):
            name = "unnamed: " + ("catch-all" if "(?P<url>" in name else "object")
        kind = next(
            (
                name.removeprefix(f"{app}_{model}_")
                for app, model in MODELS
                if name.startswith(f"{app}_{model}_")
            ),
            name,
        )
        if kind not in (*PAGES, "autocomplete", "transition", *NOT_FUZZED):
            unfuzzed.append(key)
    assert not unfuzzed, (
        "Admin pages the fuzzer does not reach; fuzz them in test_fuzz_admin.py "
        "or list them in NOT_FUZZED with a reason: " + ", ".join(unfuzzed)
    )
