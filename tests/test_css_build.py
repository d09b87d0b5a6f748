"""The NL Design System CSS that scripts/build-css.mjs builds into build/vendor
(scripts/vendor.sh, run by `make deps`): the Utrecht rules and design tokens
the templates use, nothing they use left out, and the Latin font faces only.

A failure after a template change usually means the build is stale: run
`sh scripts/vendor.sh`."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BUILT = ROOT / "build" / "vendor"
PACKAGES = ROOT / "node_modules"
LIBRARY = PACKAGES / "@utrecht" / "component-library-css" / "dist" / "index.css"
TOKENS = PACKAGES / "@utrecht" / "design-tokens" / "dist" / "theme.css"
STALE = "build/vendor is stale or wrong: run `sh scripts/vendor.sh`"
# Built from a variable in the templates: utrecht-heading-{{ level }},
# utrecht-alert--{% if ... %}ok{% endif %}.
DYNAMIC = {f"utrecht-heading-{level}" for level in range(1, 7)} | {
    f"utrecht-alert--{kind}" for kind in ("info", "ok", "warning", "error")
}

CLASS_IN_CSS = re.compile(r"\.(utrecht-[A-Za-z0-9_-]+)")
VAR_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
TOKEN = re.compile(r"(--[A-Za-z0-9_-]+)\s*:([^;]*);")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _used_classes() -> set[str]:
    sources = [*ROOT.glob("templates/**/*.html")]
    for app in ("cop_portal", "communities", "knowledge", "signals"):
        sources += (ROOT / app).glob("**/*.py")
    words = re.compile(r"utrecht-[A-Za-z0-9_-]*[A-Za-z0-9]")
    return {word for path in sources for word in words.findall(_read(path))}


def _selectors(css: str) -> set[str]:
    """Every selector of every rule, split at top-level commas."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found = set()
    for prelude in re.findall(r"([^{};]+)\{", css):
        prelude = " ".join(prelude.split())
        if prelude.startswith("@"):
            continue
        depth, start = 0, 0
        for index, character in enumerate(prelude + ","):
            depth += {"(": 1, ")": -1}.get(character, 0)
            if character == "," and depth == 0:
                found.add(prelude[start:index].strip())
                start = index + 1
    return found


def _needed_classes(selector: str) -> set[str]:
    # A class inside :not() need not be on the page for the rule to apply.
    return set(CLASS_IN_CSS.findall(re.sub(r":not\([^()]*\)", "", selector)))


def test_every_rule_for_classes_the_templates_use_is_served():
    used = _used_classes() | DYNAMIC
    served = _selectors(_read(BUILT / "utrecht" / "components.css"))
    missing = {
        selector
        for selector in _selectors(_read(LIBRARY))
        if (classes := _needed_classes(selector)) and classes <= used
    } - served
    assert not missing, f"{STALE}: {sorted(missing)[:20]}"


def test_no_rule_is_served_for_a_class_no_template_uses():
    used = _used_classes() | DYNAMIC
    served = _selectors(_read(BUILT / "utrecht" / "components.css"))
    unused = {selector for selector in served if not _needed_classes(selector) <= used}
    assert not unused, f"{STALE}: {sorted(unused)[:20]}"


def test_the_served_components_are_a_fraction_of_the_library():
    served = (BUILT / "utrecht" / "components.css").stat().st_size
    assert served < LIBRARY.stat().st_size / 4


def test_rules_for_states_django_renders_are_kept():
    # aria-invalid and the input types come from Django's widgets at run
    # time, not from a template, and must not be taken for unused.
    served = _read(BUILT / "utrecht" / "components.css")
    assert ".utrecht-textbox--html-input[aria-invalid=true]" in served
    assert ".utrecht-textbox--html-input:disabled" in served


def _definitions(css: str) -> dict[str, str]:
    return dict(TOKEN.findall(css))


def test_every_design_token_the_stylesheets_use_is_served():
    upstream = _definitions(_read(TOKENS))
    served = _definitions(_read(BUILT / "utrecht" / "theme.css"))
    users = [_read(BUILT / "utrecht" / "components.css")]
    users += [_read(path) for path in (ROOT / "static" / "css").glob("*.css")]
    needed = {name for css in users for name in VAR_USE.findall(css)}
    # Tokens refer to tokens: follow them.
    queue = list(needed)
    while queue:
        for name in VAR_USE.findall(upstream.get(queue.pop(), "")):
            if name not in needed:
                needed.add(name)
                queue.append(name)
    missing = (needed & upstream.keys()) - served.keys()
    assert not missing, f"{STALE}: {sorted(missing)}"
    assert all(served[name] == upstream[name] for name in served)
    assert len(served) < len(upstream) / 2


def test_only_the_latin_font_faces_are_served():
    css = _read(BUILT / "noto-sans" / "noto-sans.css")
    sources = re.findall(r"url\(\./files/([^)]+)\)", css)
    assert sorted(sources) == [
        "noto-sans-latin-ext-wght-normal.woff2",
        "noto-sans-latin-wght-normal.woff2",
    ]
    assert css.count("@font-face") == 2
    shipped = sorted(path.name for path in (BUILT / "noto-sans" / "files").iterdir())
    assert shipped == sorted(sources)
